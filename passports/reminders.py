"""What the passport services add to the passport expiry reminder e-mail.

The reminders themselves are the ID card services' daily job
(`idcards.tasks.send_expiry_reminders`: six months, one month and on the day, for
citizens who did not refuse them). Beyond the original, the six-month e-mail links
to the right request, ready to continue:

- a second passport can be requested online: a draft `passports.second_passport`
  request is prepared with the citizen's data filled in (the reason of their last
  second passport request, delivery by post to their address in the register), so
  that only the attachment is left to give;
- a private, service or seaman's passport is renewed only in person: the link is the
  appointment booking for a passport (there is no online request to prepare).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.actions import create_case
from cases.models import Case
from cases.workflow import Status
from documents.models import DocumentKind
from passports import second_passport
from passports.models import SecondPassport

SIX_MONTHS = "6_months"
PASSPORT_KINDS = (
    DocumentKind.PASSPORT,
    DocumentKind.SECOND_PASSPORT,
    DocumentKind.SERVICE_PASSPORT,
    DocumentKind.SEAMAN_PASSPORT,
)


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


@transaction.atomic
def second_passport_draft(user) -> Case:
    """The citizen's draft second passport request: an open one is reused, else one
    is prepared with their data filled in."""
    draft = (
        Case.objects.select_for_update()
        .filter(case_type=second_passport.SLUG, applicant=user, status=Status.DRAFT)
        .order_by("-pk")
        .first()
    )
    if draft is not None:
        return draft
    case = create_case(second_passport.SLUG, applicant=user, by=None)
    last = SecondPassport.objects.filter(case__applicant=user).order_by("-case__pk").first()
    first = {"reason": last.reason if last else SecondPassport.Reason.WORK, "replaces": "no"}
    delivery = {"speed": "standard", "delivery": "post"}
    person = getattr(user, "person", None)
    address = person and (
        person.current_address("notification") or person.current_address("residence")
    )
    if address is not None and address.country == "HU":
        delivery.update(
            postal_code=address.postal_code,
            settlement=address.settlement,
            street_address=address.street_address,
        )
    case.draft_data = {"steps": {"0": first, "1": delivery}, "files": {}}
    case.save(update_fields=["draft_data"])
    return case


def reminder_context(document, stage: str) -> dict:
    """The six-month e-mail's link to the right request (`idcards.tasks` hook)."""
    if stage != SIX_MONTHS:
        return {}
    user = getattr(document.holder, "user", None)
    if document.kind == DocumentKind.SECOND_PASSPORT and user is not None:
        draft = second_passport_draft(user)
        return {
            "extra_text": _(
                "We prepared a request for a new second passport with your data filled in; "
                "attach your employer's certificate or declaration, check it and submit it:"
            ),
            "extra_link": _absolute(reverse("flow:step", args=[draft.reference, 0])),
        }
    return {
        "extra_text": _(
            "A new passport can be requested only in person. Book an appointment for it here:"
        ),
        "extra_link": _absolute(reverse("appointments:book") + "?service=passport"),
    }
