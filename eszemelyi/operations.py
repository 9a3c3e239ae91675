"""Card operations: issuing the nonce, and believing a result only once the card proved it.

The flow (`docs/card-bridge.md`): the portal issues an operation with a 256-bit nonce
kept in the citizen's session; the page hands `{opId, nonce, kind, params}` to the
bridge; the bridge asks for the PIN, does the work and returns a token the card
signed over origin, nonce and operation; the page posts the token here. The result
is checked against the portal's own record only: the nonce is consumed at the first
attempt whatever its outcome, it must come from the same session and user, within
five minutes, for exactly the configured origin, with the parameters the portal
stored, and signed by the key of the citizen's own chip ID card.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography import x509
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, DocumentKind
from eszemelyi import audit
from eszemelyi.messages import refusal_text
from eszemelyi.models import CardBinding, CardOperation, OperationState
from eszemelyi.sealing import seal, unseal
from eszemelyi.tokens import TokenRefused, VerifiedToken, params_digest, verify_token

log = logging.getLogger(__name__)

OPERATION_TTL = timedelta(minutes=5)
SESSION_KEY = "eszemelyi:nonces"
# Web eID's rule: a nonce of 256 bits or more, in base64url without padding.
NONCE_BYTES = 32


class OperationRefused(Exception):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class Outcome:
    operation: CardOperation | None
    verified: VerifiedToken | None = None
    code: str = "ok"
    # The parameters as stored, for the effect; the operation's copy is wiped by then.
    params: dict | None = None

    @property
    def ok(self) -> bool:
        return self.code == "ok"


@dataclass(frozen=True)
class KindRules:
    """What a kind's signed result must show (`check_state(operation, params, verified)`
    returns a refusal code or None), and its effect (`complete(request, outcome)`, which
    returns where the citizen goes next, or None to stay on the page)."""

    check_state: Callable[[CardOperation, dict, VerifiedToken], str | None] | None
    complete: Callable[..., str | None]


def _session_hash(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return hashlib.sha256(request.session.session_key.encode()).hexdigest()


def nonce_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode("ascii")).hexdigest()


@lru_cache(maxsize=4)
def _load_issuer(path: str, mtime: float) -> x509.Certificate:
    return x509.load_pem_x509_certificate(Path(path).read_bytes())


def card_issuer() -> x509.Certificate:
    """The trusted card issuer CA certificate (`ESZEMELYI_CARD_ISSUER_CA_FILE`).

    Without it no card can be believed: every token is refused (`TokenRefused`), and
    the operator is told in the log.
    """
    path = Path(settings.ESZEMELYI_CARD_ISSUER_CA_FILE)
    if not path.is_file():
        log.error("card issuer CA certificate %s does not exist: card results are refused", path)
        raise TokenRefused("no_card_issuer")
    return _load_issuer(str(path), path.stat().st_mtime)


# --- Issuing ---------------------------------------------------------------------------
def issue(request, kind: str, params: dict, *, case=None, summary: str = "") -> CardOperation:
    """Open an operation for the logged-in user and keep its nonce in the session.

    A user has one open operation at a time: a new one cancels the others, so a
    forgotten tab cannot be driven later.
    """
    user = request.user
    for stale in CardOperation.objects.open().filter(user=user):
        finish(stale, OperationState.CANCELLED, "superseded", request=request)
    nonce = secrets.token_urlsafe(NONCE_BYTES)
    now = timezone.now()
    operation = CardOperation.objects.create(
        user=user,
        kind=kind,
        case=case,
        params_sealed=seal(params),
        params_digest=params_digest(params),
        summary=summary[:200],
        nonce_hash=nonce_hash(nonce),
        session_hash=_session_hash(request),
        origin=settings.ESZEMELYI_PORTAL_ORIGIN,
        created_at=now,
        expires_at=now + OPERATION_TTL,
    )
    nonces = request.session.get(SESSION_KEY, {})
    nonces[str(operation.pk)] = nonce
    request.session[SESSION_KEY] = nonces
    audit.record("operation.issued", operation=operation, note=summary, request=request)
    return operation


def params_of(operation: CardOperation) -> dict:
    """The parameters as the portal stored them (empty once the operation ended)."""
    return unseal(operation.params_sealed) if operation.params_sealed else {}


def bridge_request(request, operation: CardOperation) -> dict | None:
    """What the page sends to the bridge, or None when this session holds no nonce."""
    nonce = request.session.get(SESSION_KEY, {}).get(str(operation.pk))
    if nonce is None or operation.state not in OperationState.open():
        return None
    return {
        "opId": str(operation.pk),
        "nonce": nonce,
        "kind": operation.kind,
        "params": params_of(operation),
    }


def for_user(request, op_id) -> CardOperation | None:
    """The user's own operation (anyone else's looks like an unknown one)."""
    return CardOperation.objects.filter(pk=op_id, user=request.user).first()


def open_for_session(request, op_id) -> CardOperation:
    """The user's operation, still open, from this very session; for the relay steps."""
    operation = for_user(request, op_id)
    if operation is None:
        raise OperationRefused("unknown_operation")
    if operation.session_hash != _session_hash(request):
        raise OperationRefused("wrong_session")
    if operation.state not in OperationState.open():
        raise OperationRefused("already_used")
    if operation.is_expired():
        finish(operation, OperationState.EXPIRED, "expired", request=request)
        raise OperationRefused("expired")
    return operation


# --- Finishing -------------------------------------------------------------------------
def finish(
    operation: CardOperation, state: str, code: str, *, request=None, bridge_version: str = ""
) -> CardOperation:
    """End the operation: record the outcome and wipe its parameters."""
    operation.state = state
    operation.result_code = code[:40]
    operation.finished_at = timezone.now()
    operation.params_sealed = ""
    operation.gp_sealed = ""
    if bridge_version:
        operation.bridge_version = bridge_version
    operation.save(
        update_fields=[
            "state",
            "result_code",
            "finished_at",
            "params_sealed",
            "gp_sealed",
            "bridge_version",
            "binding",
        ]
    )
    audit.record(f"operation.{state}", operation=operation, code=code, request=request)
    if state != OperationState.COMPLETED and operation.case_id:
        _end_case(operation, code)
    return operation


def _end_case(operation: CardOperation, code: str) -> None:
    """A request whose card operation did not happen ends without effect; the citizen
    starts a new one (its parameters, such as a phone number, are gone by now)."""
    from cases.workflow import Status, transition

    case = operation.case
    if case.status == Status.DRAFT:
        note = _("The card operation did not complete: %(reason)s") % {"reason": refusal_text(code)}
        transition(case, Status.TERMINATED, by=operation.user, note=note)


def _consume(request, op_id) -> tuple[CardOperation, str, dict]:
    """Take the operation's nonce out of play, or raise; never usable twice."""
    operation = CardOperation.objects.select_for_update().filter(pk=op_id).first()
    if operation is None or operation.user_id != request.user.pk:
        raise OperationRefused("unknown_operation")
    nonces = request.session.get(SESSION_KEY, {})
    nonce = nonces.pop(str(op_id), None)
    request.session[SESSION_KEY] = nonces
    if operation.state not in OperationState.open():
        # A replayed token: it was judged once already. The first verdict stands.
        audit.record(
            "operation.replayed", operation=operation, code="already_used", request=request
        )
        raise OperationRefused("already_used")
    params = params_of(operation)
    if nonce is None or operation.session_hash != _session_hash(request):
        finish(operation, OperationState.FAILED, "wrong_session", request=request)
        raise OperationRefused("wrong_session")
    if nonce_hash(nonce) != operation.nonce_hash:
        finish(operation, OperationState.FAILED, "wrong_nonce", request=request)
        raise OperationRefused("wrong_nonce")
    if operation.is_expired():
        finish(operation, OperationState.EXPIRED, "expired", request=request)
        raise OperationRefused("expired")
    return operation, nonce, params


def _card_of(user, verified: VerifiedToken) -> Document:
    """The user's own valid chip ID card that the certificate names, or refuse."""
    card = (
        Document.objects.valid_on(timezone.localdate())
        .filter(
            kind=DocumentKind.ID_CARD,
            has_chip=True,
            number=verified.document_number,
            holder__isnull=False,
        )
        .select_related("holder")
        .first()
    )
    if card is None or user.person_id is None or card.holder_id != user.person_id:
        raise OperationRefused("not_your_card")
    return card


def bind_card(user, verified: VerifiedToken, *, request=None, operation=None) -> CardBinding:
    """The binding of the user's card, made on the first verified signature.

    A binding ends when its ID card is no longer valid (a replacement card then binds
    itself); while it is valid, only its key is accepted.
    """
    card = _card_of(user, verified)
    binding = CardBinding.objects.active().filter(user=user).select_related("document").first()
    if binding is not None and binding.key_fingerprint == verified.key_fingerprint:
        if binding.document_id != card.pk:
            raise OperationRefused("wrong_card")
        return binding
    if binding is not None:
        if binding.document.is_valid():
            raise OperationRefused("wrong_card")
        binding.ended_at = timezone.now()
        binding.save(update_fields=["ended_at"])
        audit.record("card.unbound", user=user, operation=operation, request=request)
    binding = CardBinding.objects.create(
        user=user, document=card, key_fingerprint=verified.key_fingerprint
    )
    audit.record("card.bound", user=user, operation=operation, request=request)
    return binding


def verify_result(request, op_id, token: Any, *, check_state=None) -> Outcome:
    """Judge a token posted by the page. Never raises for a bad token: the refusal is
    recorded and returned (the request's transaction must commit the consumption).

    `check_state(operation, params, verified)` may refuse with a code when what the card read
    back does not show what was asked.
    """
    with transaction.atomic():
        return _verify_result(request, op_id, token, check_state)


def _verify_result(request, op_id, token, check_state) -> Outcome:
    try:
        operation, nonce, params = _consume(request, op_id)
    except OperationRefused as refusal:
        operation = CardOperation.objects.filter(pk=op_id, user=request.user).first()
        return Outcome(operation=operation, code=refusal.code)
    try:
        verified = verify_token(
            token,
            origin=settings.ESZEMELYI_PORTAL_ORIGIN,
            nonce=nonce,
            op_id=str(operation.pk),
            kind=operation.kind,
            params=params,
            issuer=card_issuer(),
        )
        if operation.params_digest != params_digest(params):
            raise TokenRefused("params_mismatch")
        operation.binding = bind_card(request.user, verified, request=request, operation=operation)
        if check_state is not None and (code := check_state(operation, params, verified)):
            raise OperationRefused(code)
        if verified.result.get("completed") is not True:
            raise OperationRefused("not_completed")
    except (TokenRefused, OperationRefused) as refusal:
        finish(operation, OperationState.FAILED, refusal.code, request=request)
        return Outcome(operation=operation, code=refusal.code)
    finish(
        operation,
        OperationState.COMPLETED,
        "ok",
        request=request,
        bridge_version=verified.app_version,
    )
    return Outcome(operation=operation, verified=verified, params=params)


def record_bridge_error(request, operation: CardOperation, code: str) -> None:
    """What the bridge told the page went wrong (wrong PIN, card removed…): kept for the
    audit only. The operation stays open for another try until it expires."""
    safe = "".join(ch for ch in str(code) if ch.isalnum() or ch == "_")[:40] or "unknown"
    audit.record("bridge.error", operation=operation, code=safe, request=request)
