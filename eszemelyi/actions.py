"""Writes of the card services: opening requests and recording what the card proved.

Each service opens a draft case and a card operation; when the card's signed answer
checks out (`operations.verify_result`), the kind's completion here records the
effect and submits the case, which closes at once (the services are immediate).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actions import create_case, record_event, submit_case
from eszemelyi import operations
from eszemelyi.actions_esign import RULES as ESIGN_RULES
from eszemelyi.models import CardOperation, EmergencyNumbersRequest, NekRequest, OperationKind
from eszemelyi.operations import KindRules, Outcome
from eszemelyi.sealing import keyed_hash
from eszemelyi.tokens import VerifiedToken


def mask_number(number: str) -> str:
    """ "+36301234567" -> "+3630*****4567": enough for the holder to recognise it."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:5] + "*" * (len(number) - 9) + number[-4:]


# --- Emergency numbers -----------------------------------------------------------------
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


# --- NEK applet ----------------------------------------------------------------------------
@transaction.atomic
def request_nek(request, *, action: str) -> CardOperation:
    """Open the request and its relayed operation: the portal's issuer side writes the
    secured install script (`issuer.py`), the bridge only carries it to the card."""
    from eszemelyi.eligibility import chip_card

    user = request.user
    case = create_case("eszemelyi.nek_applet", applicant=user, by=user)
    NekRequest.objects.create(case=case, document_number=chip_card(user).number)
    summary = (
        _("Update the NEK applet to version %(version)s")
        if action == "update"
        else _("Install the NEK applet, version %(version)s")
    ) % {"version": settings.ESZEMELYI_NEK_VERSION}
    return operations.issue(
        request, OperationKind.NEK, {"action": action}, case=case, summary=summary
    )


def _nek_installed(operation, params: dict, verified: VerifiedToken) -> str | None:
    from eszemelyi.issuer import check_relayed

    if code := check_relayed(operation, verified):
        return code
    if (verified.state or {}).get("nekVersion") != settings.ESZEMELYI_NEK_VERSION:
        return "state_mismatch"
    return None


def _complete_nek(request, outcome: Outcome) -> str:
    case = outcome.operation.case
    detail = NekRequest.objects.get(case=case)
    detail.version_after = outcome.verified.state["nekVersion"]
    detail.installed_at = timezone.now()
    detail.save(update_fields=["version_after", "installed_at"])
    note = _("The NEK applet, version %(version)s, is on the chip (read back).") % {
        "version": detail.version_after
    }
    record_event(case, "eszemelyi.nek_installed", by=request.user, note=note)
    submit_case(case, by=request.user)
    return reverse("portal:case_detail", args=[case.reference])


# --- PIN management --------------------------------------------------------------------
PIN_KINDS = (
    OperationKind.ACTIVATE_PIN,
    OperationKind.CHANGE_PIN,
    OperationKind.UNBLOCK_PIN,
    OperationKind.ESIGN_ACTIVATE,
    OperationKind.ESIGN_CHANGE_PIN,
)


def request_pin_operation(request, kind: str) -> CardOperation:
    """PIN management happens between the citizen and the card; the portal only issues
    the nonce and records the card-signed outcome (ADR 0008)."""
    return operations.issue(request, kind, {}, summary=str(OperationKind(kind).label))


def _pin_state_active(operation, params: dict, verified: VerifiedToken) -> str | None:
    state = verified.state or {}
    if verified.op["kind"] in (OperationKind.ESIGN_ACTIVATE, OperationKind.ESIGN_CHANGE_PIN):
        return None if state.get("esignPinState") == "active" else "state_mismatch"
    return None if state.get("pinState") == "active" else "state_mismatch"


def _complete_pin(request, outcome: Outcome) -> str:
    return reverse("eszemelyi:card")


# --- Dispatch by kind --------------------------------------------------------------------
RULES: dict[str, KindRules] = {
    OperationKind.EMERGENCY_SET: KindRules(_emergency_state_shows_request, _complete_emergency),
    OperationKind.EMERGENCY_DELETE: KindRules(_emergency_state_shows_request, _complete_emergency),
    OperationKind.EMERGENCY_READ: KindRules(None, _complete_read),
    OperationKind.NEK: KindRules(_nek_installed, _complete_nek),
    **{kind: KindRules(_pin_state_active, _complete_pin) for kind in PIN_KINDS},
    **ESIGN_RULES,
}


@transaction.atomic
def record_result(request, op_id, token) -> tuple[Outcome, str | None]:
    """Verify the posted token and, if the card proved it, record the effect.

    Returns the outcome and where the citizen goes next (None: stay on the page).
    """
    operation = operations.for_user(request, op_id)
    rules = RULES.get(operation.kind) if operation else None
    outcome = operations.verify_result(
        request, op_id, token, check_state=rules.check_state if rules else None
    )
    if not outcome.ok or rules is None:
        return outcome, None
    return outcome, rules.complete(request, outcome)
