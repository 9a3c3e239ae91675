"""The job that follows up declared bank transfers whose money has not arrived.

Once a day: the citizen gets one reminder PAYMENTS_TRANSFER_REMINDER_DAYS after
the declaration, and clerks see an internal note on the case timeline after
PAYMENTS_TRANSFER_ALERT_DAYS. Each is claimed by a conditional UPDATE of its
timestamp and the e-mail carries an outbox dedupe key, so a rerun, or two
workers at once, send nothing twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from payments import bank_transfer
from payments.models import BankTransfer
from payments.workflow import PaymentState
from portal.money import format_money

log = logging.getLogger(__name__)

# The templates live with the payment templates, in templates/payments/emails/;
# `notifications.rendering` looks below templates/emails/, hence the "..".
REMINDER_TEMPLATE = "payment_transfer_reminder"


def _waiting(older_than_days: int, now):
    return BankTransfer.objects.filter(
        declared_at__lte=now - timedelta(days=older_than_days),
        payment__state__in=PaymentState.in_flight(),
    ).select_related("payment__case__applicant")


def _remind(transfer: BankTransfer, now) -> bool:
    from notifications.actions import queue_email

    payment, case = transfer.payment, transfer.payment.case
    with transaction.atomic():
        claimed = BankTransfer.objects.filter(pk=transfer.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        applicant = case.applicant
        if not claimed or applicant is None or not applicant.email:
            return False
        language = applicant.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "reference": case.reference,
                "case_type": str(case.type.label),
                "declared": formats.date_format(
                    timezone.localtime(transfer.declared_at), "SHORT_DATE_FORMAT"
                ),
                "days": settings.PAYMENTS_TRANSFER_REMINDER_DAYS,
                "amount": payment.amount,
                "beneficiary_name": transfer.beneficiary_name,
                "beneficiary_account": transfer.beneficiary_account,
                "reference_code": bank_transfer.display(transfer.reference_code),
                "url": settings.PORTAL_BASE_URL.rstrip("/") + case.get_absolute_url(),
            }
        queued = queue_email(
            applicant.email,
            REMINDER_TEMPLATE,
            context,
            language=language,
            case=case,
            dedupe_key=f"transfer-reminder-{payment.pk}",
        )
    return queued is not None


def _alert(transfer: BankTransfer, now) -> bool:
    from cases.actions import record_event

    with transaction.atomic():
        claimed = BankTransfer.objects.filter(pk=transfer.pk, alerted_at__isnull=True).update(
            alerted_at=now
        )
        if not claimed:
            return False
        record_event(
            transfer.payment.case,
            "payment.transfer_missing",
            note=_(
                "The transfer declared on %(declared)s (reference code %(code)s, %(amount)s) "
                "is not on any imported statement. Check the unmatched statement lines."
            )
            % {
                "declared": timezone.localtime(transfer.declared_at).date().isoformat(),
                "code": bank_transfer.display(transfer.reference_code),
                "amount": format_money(transfer.payment.amount),
            },
            public=False,
        )
        # The office that holds the case hears of it by e-mail too (else the queue note only).
        case = transfer.payment.case
        recipient = case.office.email if case.office_id and case.office.email else ""
        recipient = recipient or settings.PAYMENTS_CLERK_ALERT_EMAIL
        if recipient:
            from notifications.actions import queue_email

            queue_email(
                recipient,
                "payment_transfer_alert",
                {
                    "reference": case.reference,
                    "code": bank_transfer.display(transfer.reference_code),
                    "amount": transfer.payment.amount,
                    "declared": timezone.localtime(transfer.declared_at).date().isoformat(),
                },
                case=case,
                dedupe_key=f"transfer-alert-{transfer.pk}",
            )
    return True


@shared_task(acks_late=True)
def remind_missing_transfers() -> dict[str, int]:
    now = timezone.now()
    reminded = sum(
        _remind(transfer, now)
        for transfer in _waiting(settings.PAYMENTS_TRANSFER_REMINDER_DAYS, now).filter(
            reminded_at__isnull=True
        )
    )
    alerted = sum(
        _alert(transfer, now)
        for transfer in _waiting(settings.PAYMENTS_TRANSFER_ALERT_DAYS, now).filter(
            alerted_at__isnull=True
        )
    )
    if reminded or alerted:
        log.info("missing transfers: %d reminded, %d alerted", reminded, alerted)
    return {"reminded": reminded, "alerted": alerted}
