"""The residence-abroad services in the case-type registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.documents import Authority, DocumentSpec
from cases.events import describe
from cases.registry import CaseType, register
from cases.workflow import Status
from residence import foreign_address_change, settle_abroad

LEGAL_BASIS = _(
    "Act LXVI of 1992 on the register of the personal data and address of citizens; Act CL "
    "of 2016 on the general administrative procedure (Ákr.)"
)

register(
    CaseType(
        slug="residence.settle_abroad",
        label=_("Report settling abroad"),
        detail_model="residence.Settlement",
        forms=(settle_abroad.AddressStep, settle_abroad.DeclarationStep),
        eligibility=(settle_abroad.in_register,),
        # 8 days when the facts are clear; the clerk sets 21 otherwise
        # (`residence.actions.extend_deadline`).
        deadline_days=8,
        save_detail=settle_abroad.save_detail,
        documents={
            settle_abroad.DOCUMENT_KIND: DocumentSpec(
                title=_("Certificate of the registration of settling abroad"),
                template="residence/pdf/registration.html",
                legal_basis=LEGAL_BASIS,
                issue_on=Status.DECIDED_APPROVED,
            )
        },
        case_template="residence/settlement_case.html",
        intro_template="residence/settle_intro.html",
    )
)

register(
    CaseType(
        slug=foreign_address_change.SLUG,
        label=_("Report a new foreign address (Hungarian citizens living abroad)"),
        detail_model="residence.ForeignAddressChange",
        needs_login=False,
        start_view="residence:foreign_address_change",
        # 8 days when the facts are clear; the clerk sets 30 otherwise.
        deadline_days=8,
        documents={
            foreign_address_change.DOCUMENT_KIND: DocumentSpec(
                title=_("Certificate of the registration of a foreign address"),
                template="residence/pdf/registration.html",
                legal_basis=LEGAL_BASIS,
                issue_on=Status.DECIDED_APPROVED,
            )
        },
        authority=Authority(
            _("Budapest Capital Government Office"), "1056 Budapest, Váci utca 62–64."
        ),
    )
)

describe(
    "residence.deadline_extended",
    _("Longer deadline"),
    _("The facts need clarifying, so the longer deadline applies."),
    shows_note=True,
)
