"""The emulated transaction's state machine: the only place its status is written.

The table follows the bank's sequences (docs/sandbox-simplepay.md, Statuses): one-step
INIT → INPAYMENT → INFRAUD → FINISHED; two-step … → INFRAUD → AUTHORIZED →
FINISHED or REVERSED; INIT → CANCELLED or TIMEOUT; INPAYMENT → NOTAUTHORIZED;
INFRAUD → FRAUD. Refunds are separate rows born in REFUND.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sandbox.models import SimplePayEvent, SimplePayTransaction

S = SimplePayTransaction.Status

TRANSITIONS: dict[str, frozenset[str]] = {
    S.INIT: frozenset({S.INPAYMENT, S.CANCELLED, S.TIMEOUT}),
    S.INPAYMENT: frozenset({S.NOTAUTHORIZED, S.INFRAUD}),
    S.INFRAUD: frozenset({S.FINISHED, S.AUTHORIZED, S.FRAUD}),
    S.AUTHORIZED: frozenset({S.FINISHED, S.REVERSED}),
    S.TIMEOUT: frozenset(),
    S.CANCELLED: frozenset(),
    S.NOTAUTHORIZED: frozenset(),
    S.FRAUD: frozenset(),
    S.REVERSED: frozenset(),
    S.REFUND: frozenset(),
    S.FINISHED: frozenset(),
}

# Statuses the bank sends an IPN for; NOTAUTHORIZED and FRAUD have none.
IPN_STATUSES = frozenset({S.FINISHED, S.AUTHORIZED, S.REVERSED, S.REFUND})
# Sent only when the account opted in ("Rendszer értesítések").
FAILURE_IPN_STATUSES = frozenset({S.CANCELLED, S.TIMEOUT})
FINAL = frozenset(status for status, moves in TRANSITIONS.items() if not moves)


class TransitionNotAllowed(Exception):
    pass


class StatusChanged(Exception):
    """Another request moved the transaction first."""


def record(trx: SimplePayTransaction | None, kind: str, **detail) -> SimplePayEvent:
    return SimplePayEvent.objects.create(transaction=trx, kind=kind, detail=detail)


def move(trx: SimplePayTransaction, to: str, *, note: str = "", **fields) -> None:
    """Move `trx` to `to`, writing `fields` with it, or raise.

    The UPDATE is conditional on the status the caller saw, so of two
    requests racing (a card payment and the timeout sweep) only one wins and
    the other gets `StatusChanged`. IPNs due for the new status are queued in
    the same transaction and sent after the commit.
    """
    from sandbox.simplepay import ipn
    from sandbox.simplepay.accounts import find_account

    current = trx.status
    if to not in TRANSITIONS[current]:
        raise TransitionNotAllowed(f"{trx.transaction_id}: {current} -> {to}")
    now = timezone.now()
    if to == S.INFRAUD:
        fields.setdefault("authorized_at", now)
    if to in FINAL:
        fields.setdefault("finished_at", now)
    with transaction.atomic():
        changed = SimplePayTransaction.objects.filter(pk=trx.pk, status=current).update(
            status=to, **fields
        )
        if not changed:
            raise StatusChanged(f"{trx.transaction_id} is no longer {current}")
        trx.refresh_from_db()
        record(trx, "status", before=current, after=to, note=note)
        account = find_account(trx.merchant)
        if to in IPN_STATUSES or (
            to in FAILURE_IPN_STATUSES and account is not None and account.failure_ipns
        ):
            ipn.queue(trx, to)
