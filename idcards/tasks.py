"""Background jobs of the ID card services.

`issue_pin_letter`: after the clerk issues a replacement card, the letter with its
activation PIN and PUK is rendered once (through `cases.pdf.issue_document`), the
secrets are forgotten, and the letter is delivered to the citizen's document inbox
(`cases.inbox.deliver`): never on paper or by e-mail.

`send_expiry_reminders` (a daily beat job): the holders of ID cards and passports
who did not refuse it (`User.document_expiry_reminders`) are e-mailed before their
document expires. ID cards: two months before, one month before and on the day (the
eSzemélyi pages); passports: six months before, one month before and on the day
(the passport replacement description). Each reminder is sent once: the sent log
(`idcards.ExpiryReminder`, unique per document, stage and expiry) is written in the
same transaction as the e-mail is queued, and the e-mail carries an outbox dedupe
key, so a second run, or two workers at once, send nothing more. The documents are
read in batches by kind and expiry (an index), never loaded all at once.

For each stage only documents whose latest due stage it is are read: a document whose
one-month reminder is due never gets the two-month one afterwards, and a document that
came into the register a month before its expiry gets one e-mail, not two. A day the
job did not run is caught up the next day (the e-mail says the date, not "today").

The passport services add to the e-mail of their kinds through `register_context`:
a function `(document, stage) -> dict` whose result goes into the e-mail's context
(for example the address of a ready-made draft application in the six-month e-mail);
the e-mail templates show `extra_link` and `extra_text` when given.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from documents.models import Document, DocumentKind
from idcards.views import profile_section_url

log = logging.getLogger(__name__)

REMINDER_TEMPLATE = "document_expiry"
BATCH_SIZE = 2000
# How many days after the expiry a missed "on the day" reminder is still sent.
CATCH_UP_DAYS = 7


@dataclass(frozen=True)
class Stage:
    code: str  # stored in the sent log
    months_before: int


ID_CARD_STAGES = (Stage("2_months", 2), Stage("1_month", 1), Stage("on_the_day", 0))
PASSPORT_STAGES = (Stage("6_months", 6), Stage("1_month", 1), Stage("on_the_day", 0))
STAGES: dict[str, tuple[Stage, ...]] = {
    DocumentKind.ID_CARD: ID_CARD_STAGES,
    DocumentKind.PASSPORT: PASSPORT_STAGES,
    DocumentKind.SECOND_PASSPORT: PASSPORT_STAGES,
    DocumentKind.SERVICE_PASSPORT: PASSPORT_STAGES,
    DocumentKind.SEAMAN_PASSPORT: PASSPORT_STAGES,
}

ContextRule = Callable[[Document, str], dict]
_CONTEXT_RULES: dict[str, ContextRule] = {}


def register_context(kinds, rule: ContextRule) -> None:
    """Let a service add to the reminder e-mail of `kinds` (see the module docstring)."""
    for kind in kinds:
        _CONTEXT_RULES[str(kind)] = rule


def months_before(day: date, months: int) -> date:
    """`day` moved back by whole months; a day the month lacks becomes its last day."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reminder_day(expires_on: date, stage: Stage) -> date:
    return months_before(expires_on, stage.months_before)


def latest_expiry_due(today: date, stage: Stage) -> date:
    """The last expiry date whose `stage` reminder is due by `today`: reminder days
    grow with the expiry, so the expiries due form a range that ends here."""
    expiry = _add_months(today, stage.months_before)
    while reminder_day(expiry + timedelta(days=1), stage) <= today:
        expiry += timedelta(days=1)
    return expiry


def _add_months(day: date, months: int) -> date:
    return months_before(day, -months)


def due(kind: str, stage_index: int, today: date):
    """The documents of `kind` whose latest due reminder on `today` is the stage at
    `stage_index`, with no such reminder sent yet, of holders who want reminders."""
    from idcards.models import ExpiryReminder

    stages = STAGES[kind]
    stage = stages[stage_index]
    last = latest_expiry_due(today, stage)
    if stage_index + 1 < len(stages):
        first = latest_expiry_due(today, stages[stage_index + 1]) + timedelta(days=1)
    else:
        first = today - timedelta(days=CATCH_UP_DAYS)
    sent = ExpiryReminder.objects.filter(
        document=OuterRef("pk"), stage=stage.code, expires_on=OuterRef("expires_on")
    )
    return (
        Document.objects.filter(
            kind=kind,
            validity=Document.Validity.VALID,
            expires_on__gte=first,
            expires_on__lte=last,
            holder__user__document_expiry_reminders=True,
            holder__user__is_active=True,
        )
        .exclude(holder__user__email="")
        .exclude(Exists(sent))
        .order_by("expires_on", "pk")
    )


def _batches(queryset) -> Iterator[list[Document]]:
    """Keyset pages of `queryset` (ordered by expiry and pk), `BATCH_SIZE` at a time."""
    after: tuple[date, int] | None = None
    while True:
        page = queryset
        if after is not None:
            page = page.filter(expires_on__gte=after[0]).exclude(
                expires_on=after[0], pk__lte=after[1]
            )
        rows = list(page.select_related("holder__user")[:BATCH_SIZE])
        if not rows:
            return
        yield rows
        after = (rows[-1].expires_on, rows[-1].pk)


def _remind(document: Document, stage: Stage, today: date) -> bool:
    from idcards.models import ExpiryReminder
    from notifications.actions import queue_email

    user = document.holder.user
    try:
        with transaction.atomic():
            ExpiryReminder.objects.create(
                document=document, stage=stage.code, expires_on=document.expires_on
            )
            language = user.preferred_language or settings.LANGUAGE_CODE
            base = settings.PORTAL_BASE_URL.rstrip("/")
            with translation.override(language):
                context = {
                    "kind": document.get_kind_display(),
                    "is_id_card": document.kind == DocumentKind.ID_CARD,
                    "number": document.number,
                    "expires_on": document.expires_on.strftime("%Y. %m. %d."),
                    "stage": stage.code,
                    "expired": document.expires_on < today,
                    "today": document.expires_on == today,
                    "settings_url": base + profile_section_url(),
                }
                rule = _CONTEXT_RULES.get(document.kind)
                if rule is not None:
                    context.update(rule(document, stage.code))
            queued = queue_email(
                user.email,
                REMINDER_TEMPLATE,
                context,
                language=language,
                dedupe_key=(
                    f"document-expiry-{document.pk}-{stage.code}-{document.expires_on:%Y%m%d}"
                ),
            )
    except IntegrityError:
        return False  # another run sent it
    return queued is not None


@shared_task(acks_late=True)
def send_expiry_reminders() -> int:
    today = timezone.localdate()
    sent = 0
    for kind, stages in STAGES.items():
        for index, stage in enumerate(stages):
            for batch in _batches(due(kind, index, today)):
                # One commit per batch (each reminder is a savepoint in it): a commit per
                # e-mail waited for the disk 2,000 times a night. A failure rolls the
                # batch's markers back with its outbox rows, so the next run sends them.
                with transaction.atomic():
                    sent += sum(_remind(document, stage, today) for document in batch)
    if sent:
        log.info("document expiry reminders: %d sent", sent)
    return sent


@shared_task(acks_late=True)
def issue_pin_letter(case_id: int) -> int | None:
    """Render the PIN letter of an issued replacement card once, forget its secrets,
    and deliver it to the applicant's document inbox."""
    from cases.models import Case
    from cases.pdf import issue_document
    from idcards.models import Replacement
    from idcards.replacement import LETTER_PURPOSE
    from portal.tokens import unseal

    case = Case.objects.select_related("applicant__person").get(pk=case_id)
    detail = Replacement.objects.select_related("new_document").get(case=case)
    document = case.documents.filter(kind="pin_letter").first()
    if document is None:
        if not detail.letter_sealed:
            return None
        secrets = unseal(detail.letter_sealed, purpose=LETTER_PURPOSE, max_age=timedelta(days=90))
        document = issue_document(
            case,
            "pin_letter",
            case.type.documents["pin_letter"],
            context={"detail": detail, "card": detail.new_document, "letter": secrets},
        )
    Replacement.objects.filter(pk=detail.pk).update(letter_sealed="")
    _deliver(document)
    return document.pk


def _deliver(document) -> None:
    from cases import inbox

    inbox.deliver(document)
