"""`eszemelyi.emergency_numbers`: record, change or delete an emergency phone number on the chip.

The citizen's form, the request and its card operation, and what the card must
prove before the request is recorded (the numbers read back after writing).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.actions import create_case, record_event, submit_case
from eszemelyi import operations
from eszemelyi.forms import described
from eszemelyi.models import CardOperation, EmergencyNumbersRequest, OperationKind
from eszemelyi.operations import KindRules, Outcome
from eszemelyi.sealing import keyed_hash
from eszemelyi.tokens import VerifiedToken
from population.identifiers import normalise_phone_number, validate_phone_number

# The whole value, checked before the phone number library sees it: that library reads
# "+36 30 123 4567 x" or a number with fullwidth digits as a plain number, and a value
# with a newline or an extension must be refused, not quietly shortened onto the chip.
PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()/.-]+")


class EmergencyNumberForm(forms.Form):
    slot = forms.TypedChoiceField(
        label=gettext_lazy("Which of the two places on the chip"),
        choices=[(1, gettext_lazy("First number")), (2, gettext_lazy("Second number"))],
        coerce=int,
        widget=forms.RadioSelect,
        initial=1,
    )
    action = forms.ChoiceField(
        label=gettext_lazy("What to do"),
        choices=EmergencyNumbersRequest.Action.choices,
        widget=forms.RadioSelect,
        initial=EmergencyNumbersRequest.Action.SET,
    )
    number = forms.CharField(
        label=gettext_lazy("Phone number"),
        required=False,
        max_length=30,
        strip=False,  # only spaces are trimmed (in clean): a newline is refused
        help_text=gettext_lazy(
            "With the country code for a foreign number, for example +36 30 123 4567."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I declare that I give this phone number with the consent of the person it belongs to."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        described(self)

    def clean(self):
        data = super().clean()
        if data.get("action") != EmergencyNumbersRequest.Action.SET:
            data["number"] = ""
            return data
        number = (data.get("number") or "").strip(" ")
        if not number:
            self.add_error("number", gettext_lazy("Give the phone number to record."))
            return data
        if not PHONE_CHARACTERS.fullmatch(number):
            self.add_error(
                "number",
                gettext_lazy(
                    "Use only digits, spaces and the characters + ( ) - / . in the phone number."
                ),
            )
            return data
        try:
            validate_phone_number(number)
        except ValidationError as error:
            self.add_error("number", error)
            return data
        data["number"] = normalise_phone_number(number)
        if not data.get("consent"):
            self.add_error(
                "consent",
                gettext_lazy(
                    "Recording a number needs your declaration that its holder consented."
                ),
            )
        return data


# --- the request and its effect ------------------------------------------------------


def mask_number(number: str) -> str:
    """ "+36301234567" -> "+3630*****4567": enough for the holder to recognise it."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:5] + "*" * (len(number) - 9) + number[-4:]


@transaction.atomic
def request_emergency_number(request, *, slot: int, action: str, number: str) -> CardOperation:
    """Open the request and its card operation (`emergency_set` or `emergency_delete`)."""
    user = request.user
    case = create_case("eszemelyi.emergency_numbers", applicant=user, by=user)
    setting = action == EmergencyNumbersRequest.Action.SET
    EmergencyNumbersRequest.objects.create(
        case=case,
        slot=slot,
        action=action,
        number_masked=mask_number(number) if setting else "",
        number_hash=keyed_hash("emergency-number", number) if setting else "",
        consent_declared=setting,
    )
    if setting:
        kind, params = OperationKind.EMERGENCY_SET, {"slot": slot, "number": number}
        summary = _("Emergency number %(slot)s → %(number)s") % {
            "slot": slot,
            "number": mask_number(number),
        }
    else:
        kind, params = OperationKind.EMERGENCY_DELETE, {"slot": slot}
        summary = _("Delete emergency number %(slot)s") % {"slot": slot}
    return operations.issue(request, kind, params, case=case, summary=summary)


def request_emergency_read(request) -> CardOperation:
    return operations.issue(
        request,
        OperationKind.EMERGENCY_READ,
        {},
        summary=_("Read the emergency numbers from the card"),
    )


def _emergency_state_shows_request(operation, params: dict, verified: VerifiedToken) -> str | None:
    """The card read the numbers back after writing: they must show the request."""
    numbers = (verified.state or {}).get("emergencyNumbers")
    if not isinstance(numbers, list) or len(numbers) != 2:
        return "state_mismatch"
    slot = params["slot"]
    if verified.result.get("slot") != slot:
        return "state_mismatch"
    expected = params.get("number")  # None for a deletion
    if numbers[slot - 1] != expected or (expected and verified.result.get("number") != expected):
        return "state_mismatch"
    return None


def _complete_emergency(request, outcome: Outcome) -> str:
    case = outcome.operation.case
    detail = EmergencyNumbersRequest.objects.get(case=case)
    detail.written_at = timezone.now()
    detail.save(update_fields=["written_at"])
    if detail.action == EmergencyNumbersRequest.Action.SET:
        note = _("Emergency number %(slot)s recorded on the chip and read back: %(number)s") % {
            "slot": detail.slot,
            "number": detail.number_masked,
        }
    else:
        note = _("Emergency number %(slot)s deleted from the chip (read back).") % {
            "slot": detail.slot
        }
    record_event(case, "eszemelyi.emergency_numbers_written", by=request.user, note=note)
    submit_case(case, by=request.user)
    return reverse("portal:case_detail", args=[case.reference])


def _complete_read(request, outcome: Outcome) -> str | None:
    # The numbers were shown in the citizen's browser straight from the card; the
    # portal keeps only the fact that they were read.
    return None


RULES: dict[str, KindRules] = {
    OperationKind.EMERGENCY_SET: KindRules(_emergency_state_shows_request, _complete_emergency),
    OperationKind.EMERGENCY_DELETE: KindRules(_emergency_state_shows_request, _complete_emergency),
    OperationKind.EMERGENCY_READ: KindRules(None, _complete_read),
}
