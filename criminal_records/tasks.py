"""Background work of the criminal records services: the documents, the answer's
delivery, and the daily end of procedures whose deficiency deadline passed."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def issue_certificate_pdf(case_id: int) -> int:
    """Render and sign the certificate of an approved request, once."""
    from cases.models import Case
    from cases.pdf import issue_document
    from criminal_records.certificate import DOCUMENT_KIND

    case = Case.objects.select_related("applicant__person").get(pk=case_id)
    spec = case.type.documents[DOCUMENT_KIND]
    certificate = case.detail.certificate
    person = certificate.person
    residence = person.current_address("residence")
    signer = certificate.issued_by
    context = {
        "certificate": certificate,
        "residence": (
            f"{residence.postal_code} {residence.settlement}, {residence.street_address}"
            if residence
            else ""
        ),
        # The place of issue: the settlement of the authority's address ("1133 Budapest, …").
        "place": _settlement(str(case.type.issuing_authority().address)),
        "signer": (signer.get_full_name() or signer.get_username()) if signer else "",
    }
    document = issue_document(
        case, "certificate", spec, context=context, valid_until=certificate.valid_until
    )
    if certificate.revoked_at is not None:  # revoked before its PDF was made
        from cases.verification import revoke

        revoke(document, reason=certificate.revocation_reason, by=certificate.revoked_by)
    return document.pk


def _settlement(address: str) -> str:
    head = address.split(",", 1)[0].split()
    return " ".join(head[1:]) if len(head) > 1 and head[0].isdigit() else " ".join(head)


@shared_task(acks_late=True)
def send_data_info_answer(case_id: int) -> int:
    """Make the written answer from the register, place it in the document inbox and
    record it as posted to the address given. Idempotent: the document is issued
    once, delivered once, and the case closes once."""
    from cases.inbox import deliver
    from cases.models import Case
    from cases.pdf import issue_document
    from criminal_records import data_info
    from criminal_records.models import Certificate

    case = Case.objects.select_related("applicant__person").get(pk=case_id)
    person = case.applicant.person
    context = {
        "person": person,
        "convictions": list(person.convictions.all()) if person else [],
        "public_affairs_bans": list(person.public_affairs_bans.all()) if person else [],
        "occupation_bans": list(person.occupation_bans.all()) if person else [],
        "certificates": list(Certificate.objects.filter(person=person)) if person else [],
        "detail": case.detail,
        "today": timezone.localdate(),
    }
    document = issue_document(case, "data_info_answer", data_info.ANSWER, context=context)
    deliver(document)
    data_info.record_posted(case)
    return document.pk


@shared_task(acks_late=True)
def terminate_missed_deficiencies() -> int:
    """Daily: certificate procedures whose deficiency deadline passed without a reply
    are terminated (the applicant is e-mailed by the workflow)."""
    from cases.workflow import Status
    from criminal_records.certificate import terminate_for_missed_deadline
    from criminal_records.models import CertificateRequest

    due = CertificateRequest.objects.filter(
        case__status=Status.DEFICIENCY_REQUESTED,
        deficiency_deadline__lt=timezone.localdate(),
    ).select_related("case")
    ended = sum(1 for detail in due if terminate_for_missed_deadline(detail.case))
    if ended:
        log.info("terminated %d certificate procedure(s) after a missed deficiency deadline", ended)
    return ended
