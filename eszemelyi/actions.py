"""Writes the card services share: PIN management and recording what the card proved.

Each service (`emergency_numbers`, `nek_applet`, `esign`) opens its draft case and card
operation in its own module and declares, per operation kind, what the card's signed
answer must show and how the request is completed. When the answer checks out
(`operations.verify_result`), `record_result` runs that completion, which records the
effect and submits the case; the services are immediate, so it closes at once.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from eszemelyi import emergency_numbers, esign, nek_applet, operations
from eszemelyi.models import CardOperation, OperationKind
from eszemelyi.operations import KindRules, Outcome
from eszemelyi.tokens import VerifiedToken

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
    **emergency_numbers.RULES,
    **nek_applet.RULES,
    **{kind: KindRules(_pin_state_active, _complete_pin) for kind in PIN_KINDS},
    **esign.RULES,
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
