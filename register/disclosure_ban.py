"""`register.disclosure_ban`: ban, or lift the ban on, releasing own data for a purpose.

The Webes Ügysegéd service description ("SZL adatletiltás"): anyone in the register may
forbid that their data be released for scientific research, for opinion polls and
market research, or for direct marketing, each on its own. The ban does not touch
releases that a law or an international treaty requires, or that the requester
proves another purpose for. Free. Entered in the register without delay, at most
within 8 days: a clerk step. Revocable at any time, also online, whichever way the
ban was made (on paper, in person or online).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.flow import StepForm
from cases.models import Case
from cases.workflow import Status, transition
from register.eligibility import person_of
from register.models import DisclosureBan, DisclosureBanRequest, Purpose

Choice = DisclosureBanRequest.Choice
SLUG = "register.disclosure_ban"


def current_bans(person) -> dict[str, DisclosureBan]:
    if person is None:
        return {}
    return {
        ban.purpose: ban
        for ban in DisclosureBan.objects.filter(person=person, lifted_on__isnull=True)
    }


def _choice_field(label):
    return forms.ChoiceField(
        label=label, choices=Choice.choices, initial=Choice.KEEP, widget=forms.RadioSelect
    )


class BanStep(StepForm):
    title = _("Bans on releasing your data")

    research = _choice_field(_("Scientific research"))
    polls = _choice_field(_("Opinion polls and market research"))
    marketing = _choice_field(_("Direct marketing"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bans = current_bans(person_of(self.applicant))
        for purpose in Purpose.values:
            ban = bans.get(purpose)
            self.fields[purpose].help_text = (
                gettext("Now: banned since %(date)s (%(channel)s).")
                % {"date": ban.since.strftime("%Y. %m. %d."), "channel": ban.get_channel_display()}
                if ban
                else gettext("Now: not banned.")
            )

    def clean(self):
        data = super().clean()
        bans = current_bans(person_of(self.applicant))
        chosen = {p: data.get(p) for p in Purpose.values if data.get(p)}
        for purpose, choice in chosen.items():
            if choice == Choice.BAN and purpose in bans:
                self.add_error(
                    purpose,
                    ValidationError(
                        _("Your data are already banned from release for this purpose."),
                        code="already_banned",
                    ),
                )
            if choice == Choice.LIFT and purpose not in bans:
                self.add_error(
                    purpose,
                    ValidationError(
                        _("There is no ban for this purpose to lift."), code="not_banned"
                    ),
                )
        if len(chosen) == len(Purpose.values) and all(c == Choice.KEEP for c in chosen.values()):
            raise ValidationError(
                _("Choose a ban or the lifting of a ban for at least one purpose."),
                code="nothing_asked",
            )
        return data


def no_request_waiting(applicant, answers):
    """One request at a time: a second one would cross the first in the clerk's hands."""
    person = person_of(applicant)
    if person is None:
        return None
    waiting = Case.objects.filter(
        case_type=SLUG,
        applicant__person=person,
        status__in=[Status.SUBMITTED, Status.IN_PROGRESS],
    ).first()
    if waiting is not None:
        return gettext(
            "Your request %(reference)s on these bans is still waiting to be entered in the "
            "register (at most 8 days). You can file a new one once it is entered."
        ) % {"reference": waiting.reference}
    return None


def save_detail(case, answers) -> DisclosureBanRequest:
    return DisclosureBanRequest.objects.create(
        case=case, **{purpose: answers[purpose] for purpose in Purpose.values}
    )


@transaction.atomic
def enter_in_register(case: Case, *, by) -> list[str]:
    """The clerk step: the bans and lifts asked are entered; the case is decided and closed.

    A purpose whose state changed meanwhile (a paper ban entered, a ban lifted on
    paper) is left as the register says: asking for what is already so is done."""
    detail = DisclosureBanRequest.objects.select_for_update().get(case=case)
    person = case.applicant.person
    today = timezone.localdate()
    bans = {
        ban.purpose: ban
        for ban in DisclosureBan.objects.select_for_update().filter(
            person=person, lifted_on__isnull=True
        )
    }
    changed = []
    for purpose, choice in detail.choices_by_purpose().items():
        if choice == Choice.BAN and purpose not in bans:
            DisclosureBan.objects.create(
                person=person, purpose=purpose, since=today, channel=DisclosureBan.Channel.ONLINE
            )
            changed.append(purpose)
        elif choice == Choice.LIFT and purpose in bans:
            ban = bans[purpose]
            ban.lifted_on = today
            ban.save(update_fields=["lifted_on"])
            changed.append(purpose)
    detail.entered_on = today
    detail.save(update_fields=["entered_on"])
    transition(case, Status.DECIDED_APPROVED, by=by)
    transition(case, Status.CLOSED, by=by)
    return changed
