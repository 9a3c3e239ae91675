"""The criminal records services in the case-type registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.documents import DocumentSpec
from cases.events import describe
from cases.registry import CaseType, register
from cases.workflow import Status
from criminal_records import certificate, data_info, eligibility, fees

# Act XLVII of 2009 on the criminal records system (Bnyt.) governs the certificate;
# Act CL of 2016 (Ákr.) the procedure (deficiency notice, refusal, termination).
LEGAL_BASIS = _(
    "Act XLVII of 2009 on the criminal records system, the register of judgments of courts "
    "of Member States of the European Union against Hungarian citizens and the register of "
    "criminal and police biometric data (Bnyt.); Act CL of 2016 on the general "
    "administrative procedure (Ákr.)"
)
CERTIFICATE_REMEDY = _(
    "Everyone must accept the content of this certificate until the contrary is proved. It "
    "is valid for ninety days from its issue unless the authority revokes it. If anything in "
    "it is wrong, write to the issuing authority, quoting its number and the verification "
    "code below."
)

register(
    CaseType(
        slug=certificate.SLUG,
        label=_("Official criminal record certificate"),
        detail_model="criminal_records.CertificateRequest",
        forms=(certificate.ContentStep, certificate.DeliveryStep),
        eligibility=(eligibility.has_person,),
        fee=fees.certificate_quote,
        fee_summary=fees.certificate_fee_summary,
        # 8 days from the day after receipt; the post's delivery time does not count.
        deadline_days=8,
        save_detail=certificate.save_detail,
        documents={
            certificate.DOCUMENT_KIND: DocumentSpec(
                title=_("Official criminal record certificate"),
                template="criminal_records/pdf/certificate.html",
                legal_basis=LEGAL_BASIS,
                remedy=CERTIFICATE_REMEDY,
                issue_on=None,  # issued by the clerk (criminal_records.certificate.issue)
                signed=True,
                language="hu",  # "kizárólag magyar nyelven kerül kiállításra"
            ),
            "deficiency_notice": DocumentSpec(
                title=_("Deficiency notice"),
                template="criminal_records/pdf/deficiency_notice.html",
                legal_basis=LEGAL_BASIS,
                issue_on=Status.DEFICIENCY_REQUESTED,
            ),
            "refusal": DocumentSpec(
                title=_("Decision refusing the certificate"),
                template="criminal_records/pdf/refusal.html",
                legal_basis=LEGAL_BASIS,
                issue_on=Status.DECIDED_REFUSED,
            ),
        },
        case_template="criminal_records/certificate_case.html",
        intro_template="criminal_records/certificate_intro.html",
    )
)

register(
    CaseType(
        slug=data_info.SLUG,
        label=_("Information on your own data in the criminal records"),
        detail_model="criminal_records.DataInfoRequest",
        forms=(data_info.AddressStep,),
        deadline_days=21,
        save_detail=data_info.save_detail,
        documents={data_info.DOCUMENT_KIND: data_info.ANSWER},
        case_template="criminal_records/data_info_case.html",
    )
)

describe(
    "criminal_record.issued",
    _("Certificate issued"),
    _("Your certificate was issued."),
    shows_note=True,
)
describe(
    "criminal_record.posted",
    _("Certificate handed to the post"),
    _("Your certificate was handed to the post for delivery to the addressee."),
)
describe(
    "criminal_record.revoked",
    _("Certificate revoked"),
    _("Your certificate was revoked."),
    shows_note=True,
)
describe(
    "criminal_record.deficiency_missed",
    _("Deficiency deadline missed"),
    _("The deadline of the deficiency notice passed, so the procedure was terminated."),
    shows_note=True,
)
describe(
    "criminal_record.answer_posted",
    _("Written answer posted"),
    _("The written answer was posted to you and placed in your document inbox."),
    shows_note=True,
)
