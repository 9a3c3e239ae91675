"""Card payments through OTP SimplePay v2.

The browser's return (`r`, `s`) only says how the payment page ended; the
payment moves on the signed IPN or on a `query` answer, never on the return.
Every IPN is checked in this order, and each refusal is a 4xx that changes
nothing (SimplePay then resends it on its schedule):

  1. POST only (the view)                                   405
  2. Content-Type application/json, UTF-8                   415
  3. at most 64 KB                                          413
  4. `Signature` over the raw bytes, before any parsing     403
  5. strict UTF-8, one JSON object, no duplicate keys,
     no number a float cannot hold                          400
  6. orderRef, merchant, transactionId (at most 20 digits),
     status (a word of capitals) present                    400
  7. our merchant                                           422
  8. a payment of ours with that orderRef                   404
  9. same transaction, amount and currency when given       422
     (an amount that is not a finite number within range    400)

A genuine IPN that passed them is always confirmed: HTTP 200 with the same
JSON plus `receiveDate`, signed over exactly the bytes sent. It is applied
once, under the payment's row lock. A second delivery of an event already
recorded (transactionId+status+finishDate), and a stale status the state graph
refuses (AUTHORIZED after FINISHED), change nothing and are confirmed all the
same: SimplePay counts any other answer as a failed delivery, retries for
three days and e-mails the merchant about each failure, while the message
itself is genuine and already accounted for.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from payments.providers.base import (
    ApplyReport,
    PaymentProvider,
    ProviderError,
    RefundOutcome,
    Report,
    ReturnInfo,
    StartOutcome,
)
from payments.simplepay_client import (
    SimplePayBadSignature,
    SimplePayClient,
    SimplePayError,
    SimplePayMalformed,
    SimplePayUnavailable,
    Transaction,
    amount_of,
    decode_back,
    id_of,
    loads,
    sign,
    signature_ok,
)
from payments.workflow import START_UNCERTAIN, DuplicateEvent, PaymentState, StateChangeRefused
from portal.client_ip import client_ip

log = logging.getLogger(__name__)

P = PaymentState
MAX_IPN_BYTES = 64 * 1024
# How long the citizen has to start paying on SimplePay's page. Above five
# minutes SimplePay may first show a card-or-transfer choice (doc §2.2).
START_WINDOW = timedelta(minutes=15)
# SimplePay's statuses in our words. REFUND is a notice about a refund
# transaction, not a state of the payment; it is recorded, not mapped.
STATUS_TO_STATE: dict[str, PaymentState] = {
    "INIT": P.STARTED,
    "INPAYMENT": P.IN_PAYMENT,
    "INFRAUD": P.IN_PAYMENT,
    "AUTHORIZED": P.AUTHORIZED,
    "FINISHED": P.SUCCEEDED,
    "NOTAUTHORIZED": P.FAILED,
    "FRAUD": P.FAILED,
    "CANCELLED": P.CANCELLED,
    "REVERSED": P.CANCELLED,
    "TIMEOUT": P.TIMED_OUT,
}
LANGUAGES = {"hu": "HU", "en": "EN"}
_STATUS_WORD = re.compile(r"[A-Z_]{1,30}")


class IpnRejected(Exception):
    def __init__(self, status: int, reason: str) -> None:
        self.status, self.reason = status, reason
        super().__init__(f"{status} {reason}")


@dataclass(frozen=True)
class Ipn:
    raw: bytes
    data: dict


def event_id(source: str, transaction_id: str, status: str, when: str) -> str:
    """The id of one report: the same transaction, status and finish time
    is the same event, whatever form the time was written in."""
    return f"{source}:{transaction_id}:{status}:{_normal_time(when)}"


def _normal_time(value: str) -> str:
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value)  # accepts both +02:00 and +0200
    except ValueError:
        return value[:40]
    if parsed.tzinfo is None:
        return parsed.isoformat()
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _reject_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def _as_error(error: SimplePayError) -> ProviderError:
    return ProviderError(
        str(error),
        retryable=error.retryable,
        codes=error.codes,
        # No answer, or one we cannot trust: the request may have taken effect.
        uncertain=isinstance(
            error, SimplePayUnavailable | SimplePayBadSignature | SimplePayMalformed
        ),
    )


class SimplePayProvider(PaymentProvider):
    slug = "simplepay"
    label = _("Bank card (SimplePay)")
    start_window = START_WINDOW

    def client(self) -> SimplePayClient:
        return SimplePayClient.from_settings()

    # --- start ---------------------------------------------------------------

    def start(self, payment, *, customer_email: str, language: str) -> StartOutcome:
        deadline = payment.start_deadline or timezone.now() + START_WINDOW
        try:
            result = self.client().start(
                order_ref=payment.order_ref,
                total=payment.amount,
                currency=payment.currency,
                customer_email=customer_email,
                language=LANGUAGES.get(language, "HU"),
                timeout_at=timezone.localtime(deadline),
                url=return_url(),
                invoice=invoice_of(payment),
            )
        except SimplePayError as error:
            raise _as_error(error) from error
        if result.total != Decimal(payment.amount):
            raise ProviderError(
                f"start: SimplePay took {result.total}, we asked {payment.amount}",
                retryable=False,
            )
        return StartOutcome(redirect_url=result.payment_url, transaction_id=result.transaction_id)

    # --- the browser's return -------------------------------------------------

    def handle_return(self, request: HttpRequest) -> ReturnInfo:
        r, s = request.GET.get("r", ""), request.GET.get("s", "")
        if not r or not s:
            raise ValueError("r and s are required")
        try:
            back = decode_back(settings.SIMPLEPAY_SECRET_KEY, r, s)
        except SimplePayBadSignature as error:
            raise ValueError(str(error)) from error
        if back.merchant != settings.SIMPLEPAY_MERCHANT:
            raise ValueError("back redirect for another merchant")
        return ReturnInfo(
            order_ref=back.order_ref,
            event=back.event,
            transaction_id=back.transaction_id,
            code=back.code,
        )

    # --- the IPN --------------------------------------------------------------

    def handle_webhook(self, request: HttpRequest, apply: ApplyReport) -> HttpResponse:
        try:
            ipn = read_ipn(request)
            payment = payment_for(ipn)
            check_consistency(ipn, payment)
            apply(payment, ipn_report(ipn))
        except IpnRejected as rejection:
            return _refusal(rejection.status, rejection.reason, request)
        except DuplicateEvent:
            log.info("IPN for %s delivered again; confirmed, nothing changed", payment.order_ref)
        except StateChangeRefused as refused:
            log.info(
                "IPN for %s is stale (%s cannot become %s); confirmed, nothing changed",
                payment.order_ref,
                refused.payment.state,
                refused.to,
            )
        return ipn_reply(ipn.raw)

    # --- query ----------------------------------------------------------------

    def query(self, payments: Sequence) -> list[Report]:
        reports: list[Report] = []
        payments = list(payments)
        for start in range(0, len(payments), 50):
            batch = {p.order_ref: p for p in payments[start : start + 50]}
            try:
                found = self.client().query(order_refs=list(batch))
            except SimplePayError as error:
                raise _as_error(error) from error
            seen = set()
            for item in found:
                payment = batch.get(item.order_ref)
                if payment is None:
                    continue
                flagged = _flag(item, payment)
                if flagged is not None:
                    seen.add(item.order_ref)
                    reports.append(flagged)
                    continue
                if item.status == "REFUND":
                    continue
                seen.add(item.order_ref)
                reports.append(
                    Report(
                        order_ref=item.order_ref,
                        state=STATUS_TO_STATE.get(item.status),
                        event_id=event_id(
                            "query", item.transaction_id, item.status, item.finish_date
                        ),
                        kind="simplepay.query",
                        transaction_id=item.transaction_id,
                        payload=item.raw,
                    )
                )
            now = timezone.now()
            for order_ref, payment in batch.items():
                # A `start` that never got through: SimplePay does not know the
                # order, and no `start` of ours can still create it: the call
                # gave up (a timeout, a 5xx), or its deadline passed long ago
                # (the process died during the call). Should the bank create
                # it after all, its payment page was never shown: it cannot be
                # paid, and SimplePay times it out (ADR 0033).
                if (
                    order_ref not in seen
                    and payment.state == P.CREATED
                    and _start_over(payment, now)
                ):
                    reports.append(
                        Report(
                            order_ref=order_ref,
                            state=P.FAILED,
                            event_id="query:not-found",
                            kind="simplepay.query.not_found",
                        )
                    )
        return reports

    def refunds_made(self, payment) -> list[tuple[str, int]]:
        """The refunds SimplePay holds for this payment: (refund id, amount)."""
        try:
            found = self.client().query(order_refs=[payment.order_ref], refunds=True)
        except SimplePayError as error:
            raise _as_error(error) from error
        made = []
        for item in found:
            if item.order_ref != payment.order_ref:
                continue
            for refund in item.refunds:
                if str(refund.get("status", "FINISHED")) != "FINISHED":
                    continue
                try:
                    # The raw signed body carries negative amounts (doc §2.5).
                    amount = abs(amount_of(refund.get("refundTotal")))
                    refund_id = id_of(refund["transactionId"]) if "transactionId" in refund else ""
                except ValueError:
                    # Unreadable: whether our refund is among them stays unknown.
                    raise ProviderError(
                        f"query: a refund of {payment.order_ref} is unreadable",
                        retryable=False,
                        uncertain=True,
                    ) from None
                made.append((refund_id, int(amount)))
        return made

    # --- refund ---------------------------------------------------------------

    def refund(self, refund) -> RefundOutcome:
        payment = refund.payment
        try:
            result = self.client().refund(
                order_ref=payment.order_ref, refund_total=refund.amount, currency=payment.currency
            )
        except SimplePayError as error:
            raise _as_error(error) from error
        if result.refund_total != Decimal(refund.amount):
            raise ProviderError(
                f"refund: SimplePay refunded {result.refund_total}, we asked {refund.amount}",
                retryable=False,
                uncertain=True,
            )
        return RefundOutcome(
            provider_refund_id=result.refund_transaction_id,
            remaining=int(result.remaining_total),
        )


# --- helpers, public for the tests and the benchmark ---------------------------


def _start_over(payment, now: datetime) -> bool:
    if payment.start_deadline and payment.start_deadline + timedelta(minutes=30) < now:
        return True
    return payment.events.filter(provider_event_id=START_UNCERTAIN).exists()


def _flag(item: Transaction, payment) -> Report | None:
    """A query answer about this payment that must not move it, recorded once
    for clerks (the payment's events) instead: an item we cannot read, or a
    transaction of another amount than the fee. The payment stays where it
    is and the job keeps asking; a clerk decides."""
    if item.defect:
        log.error("query: unusable answer for %s (%s); not applied", payment.order_ref, item.defect)
        stable = {k: v for k, v in item.raw.items() if k != "salt"}  # the salt is new every time
        digest = hashlib.sha256(
            json.dumps(stable, sort_keys=True, default=str).encode()
        ).hexdigest()[:16]
        return Report(
            order_ref=payment.order_ref,
            state=None,
            event_id=f"query:unusable:{digest}",
            kind="simplepay.query.unusable",
            payload=item.raw,
            # Written in the language active at the time, as the case timeline is.
            note=gettext("SimplePay's answer was not applied: %(defect)s")
            % {"defect": item.defect},
        )
    if item.status != "REFUND" and item.total is not None and item.total != payment.amount:
        log.error("query: amount differs for %s; not applied", payment.order_ref)
        return Report(
            order_ref=payment.order_ref,
            state=None,
            event_id=f"query:amount-differs:{item.transaction_id}:{item.total}",
            kind="simplepay.query.amount_differs",
            payload=item.raw,
            note=gettext(
                "SimplePay reports %(total)s %(currency)s for transaction %(id)s, the fee is "
                "%(fee)s; not applied"
            )
            % {
                "total": item.total,
                "currency": payment.currency,
                "id": item.transaction_id,
                "fee": payment.amount,
            },
        )
    return None


def return_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("payments:simplepay_return")


def invoice_of(payment) -> dict | None:
    """Billing data for 3-D Secure: the applicant's name and residence."""
    applicant = payment.case.applicant
    person = getattr(applicant, "person", None) if applicant else None
    if person is None:
        return None
    address = person.current_address("residence")
    if address is None:
        return None
    return {
        "name": f"{person.family_name} {person.given_names}".strip(),
        "country": address.country.upper(),
        "state": address.province or address.settlement,
        "city": address.settlement,
        "zip": address.postal_code,
        "address": address.street_address,
    }


def read_ipn(request: HttpRequest) -> Ipn:
    """Steps 2 to 7: the message is ours, whole and untouched."""
    mime, _sep, params = request.META.get("CONTENT_TYPE", "").partition(";")
    if mime.strip().lower() != "application/json":
        raise IpnRejected(415, "content type must be application/json")
    charset = dict(
        (part.split("=", 1)[0].strip().lower(), part.split("=", 1)[1].strip().strip('"').lower())
        for part in params.split(";")
        if "=" in part
    ).get("charset")
    if charset not in (None, "utf-8", "utf8"):
        raise IpnRejected(415, "charset must be UTF-8")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise IpnRejected(400, "bad content length") from None
    if declared > MAX_IPN_BYTES:
        raise IpnRejected(413, "body too large")
    try:
        raw = request.body
    except RequestDataTooBig:
        raise IpnRejected(413, "body too large") from None
    if len(raw) > MAX_IPN_BYTES:
        raise IpnRejected(413, "body too large")
    # The signature covers the exact bytes received: checked before parsing.
    if not request.headers.get("Signature"):
        raise IpnRejected(403, "signature missing")
    if not signature_ok(settings.SIMPLEPAY_SECRET_KEY, raw, request.headers["Signature"]):
        raise IpnRejected(403, "signature mismatch")
    try:
        data = loads(raw, object_pairs_hook=_reject_duplicate_keys)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise IpnRejected(400, "body is not UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise IpnRejected(400, "body is not a JSON object")
    for name in ("orderRef", "merchant", "status"):
        if not isinstance(data.get(name), str) or not data[name]:
            raise IpnRejected(400, f"{name} missing")
    # Both end up in the event id and the payment's columns: bounded here.
    if not _STATUS_WORD.fullmatch(data["status"]):
        raise IpnRejected(400, "status is not a status word")
    try:
        id_of(data.get("transactionId"))
    except ValueError:
        raise IpnRejected(400, "transactionId missing or not an id of at most 20 digits") from None
    if data["merchant"] != settings.SIMPLEPAY_MERCHANT:
        raise IpnRejected(422, "another merchant")
    return Ipn(raw=raw, data=data)


def payment_for(ipn: Ipn):
    from payments.models import Payment

    try:
        return Payment.objects.select_related("case").get(
            order_ref=ipn.data["orderRef"], provider=SimplePayProvider.slug
        )
    except Payment.DoesNotExist:
        raise IpnRejected(404, "unknown orderRef") from None


def check_consistency(ipn: Ipn, payment) -> None:
    """Step 9: a genuine message about a different payment is still refused."""
    data = ipn.data
    transaction_id = id_of(data["transactionId"])
    # A REFUND notice may carry the refund's own transaction id (doc §4).
    if data["status"] != "REFUND":
        if payment.provider_transaction_id and payment.provider_transaction_id != transaction_id:
            raise IpnRejected(422, "transactionId differs")
        if "total" in data:
            try:
                total = amount_of(data["total"])
            except ValueError:
                raise IpnRejected(400, "total is not an amount within range") from None
            if total != payment.amount:
                raise IpnRejected(422, "amount differs")
    if "currency" in data and data["currency"] != payment.currency:
        raise IpnRejected(422, "currency differs")


def ipn_report(ipn: Ipn) -> Report:
    data = ipn.data
    status = data["status"]
    transaction_id = id_of(data["transactionId"])
    when = str(data.get("finishDate") or data.get("paymentDate") or "")
    if status == "REFUND":
        kind = "simplepay.ipn.refund"
    elif status in STATUS_TO_STATE:
        kind = "simplepay.ipn"
    else:
        log.warning("IPN with unknown status %r for %s", status[:20], data["orderRef"])
        kind = "simplepay.ipn.unknown_status"
    return Report(
        order_ref=data["orderRef"],
        state=STATUS_TO_STATE.get(status),
        event_id=event_id("ipn", transaction_id, status, when),
        kind=kind,
        transaction_id="" if status == "REFUND" else transaction_id,
        payload=data,
    )


def ipn_reply(raw: bytes) -> HttpResponse:
    """The received JSON with `receiveDate` added before its last brace.

    Appending to the raw bytes keeps every other value exactly as SimplePay
    sent it (types, order, escapes); the signature covers the reply as sent.
    """
    body = raw.rstrip()
    received = timezone.localtime().isoformat(timespec="seconds")
    reply = body[:-1] + b',"receiveDate":"' + received.encode("ascii") + b'"}'
    response = HttpResponse(reply, content_type="application/json", status=200)
    response["Signature"] = sign(settings.SIMPLEPAY_SECRET_KEY, reply)
    return response


def _refusal(status: int, reason: str, request: HttpRequest) -> HttpResponse:
    # The source address is logged, never used as a gate (doc §4).
    log.warning("IPN refused (%s %s) from %s", status, reason, client_ip(request) or "?")
    return HttpResponse(reason, status=status, content_type="text/plain; charset=utf-8")
