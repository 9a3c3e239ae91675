"""A small client of the SimplePay v2 API: `start`, `query`, `refund`.

Every request body is compact JSON, signed with HMAC-SHA384 over its exact
bytes in the `Signature` header; every answer's signature is checked over the
raw bytes received before the JSON is read. Calls time out; failures are
typed so callers know whether trying again later can help:

- `SimplePayUnavailable` (retryable): no answer, a timeout, or HTTP 5xx
  without an answer; the request may or may not have taken effect.
- `SimplePayRejected`: the API refused the request (`errorCodes`); nothing
  happened. Final, except for the codes that mean "try later" (5029 refund
  not yet possible, 5304, the internal errors), where `retryable` is true.
- `SimplePayBadSignature` (final): an answer we cannot trust.

No card data ever passes through here, and nothing is logged but order
references, transaction ids and error codes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

SDK_VERSION = "Ugysegeg_SimplePay_Py_1.0"
# Error codes after which the same request may succeed later.
RETRYABLE_CODES = frozenset({999, 1529, 1900, 2999, 5000, 5029, 5304, 5305, 5306})
MAX_RESPONSE_BYTES = 1024 * 1024


class SimplePayError(Exception):
    retryable = False

    def __init__(self, message: str, *, codes: Sequence[int] = ()) -> None:
        self.codes = tuple(codes)
        super().__init__(message)


class SimplePayUnavailable(SimplePayError):
    retryable = True


class SimplePayRejected(SimplePayError):
    @property
    def retryable(self) -> bool:  # type: ignore[override]
        return bool(self.codes) and all(code in RETRYABLE_CODES for code in self.codes)


class SimplePayBadSignature(SimplePayError):
    pass


def sign(secret_key: str, body: bytes) -> str:
    """base64(HMAC-SHA384(key, body)): the `Signature` of a body."""
    digest = hmac.new(secret_key.strip().encode(), body, hashlib.sha384).digest()
    return base64.b64encode(digest).decode("ascii")


def signature_ok(secret_key: str, body: bytes, signature: str | None) -> bool:
    if not signature or not secret_key:
        return False
    expected = sign(secret_key, body)
    return hmac.compare_digest(
        expected.encode("ascii"), signature.strip().encode("ascii", "replace")
    )


def dumps(payload: dict) -> bytes:
    """Compact JSON; the bytes that are signed are the bytes that are sent."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class BackRedirect:
    """The signed `r` of the browser's return: what happened on the page."""

    code: int  # 0 on success, else the error code
    transaction_id: str
    event: str  # SUCCESS, FAIL, CANCEL, TIMEOUT
    merchant: str
    order_ref: str


def decode_back(secret_key: str, r: str, s: str) -> BackRedirect:
    """Verify and read the back-redirect parameters; raise `SimplePayBadSignature`.

    `s` signs the base64-decoded `r`, not the base64 text. A `+` turned into
    a space by a careless redirect is restored first.
    """
    r, s = r.replace(" ", "+"), s.replace(" ", "+")
    try:
        decoded = base64.b64decode(r, validate=True)
    except (binascii.Error, ValueError):
        raise SimplePayBadSignature("back redirect: r is not base64") from None
    if not signature_ok(secret_key, decoded, s):
        raise SimplePayBadSignature("back redirect: signature mismatch")
    try:
        data = json.loads(decoded.decode("utf-8"))
        return BackRedirect(
            code=int(data["r"]),
            transaction_id=str(int(data["t"])),
            event=str(data["e"]),
            merchant=str(data["m"]),
            order_ref=str(data["o"]),
        )
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise SimplePayBadSignature("back redirect: malformed content") from None


@dataclass(frozen=True)
class StartResult:
    transaction_id: str
    payment_url: str
    total: Decimal
    timeout: str
    raw: dict


@dataclass(frozen=True)
class Transaction:
    """One transaction of a `query` answer."""

    order_ref: str
    transaction_id: str
    status: str
    finish_date: str
    payment_date: str
    total: Decimal | None
    currency: str
    remaining_total: Decimal | None
    refunds: tuple[dict, ...]
    raw: dict


@dataclass(frozen=True)
class RefundResult:
    transaction_id: str
    refund_transaction_id: str
    refund_total: Decimal
    remaining_total: Decimal
    raw: dict


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirected API call would lose its body or go elsewhere: refuse it.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


class SimplePayClient:
    def __init__(
        self,
        *,
        merchant: str,
        secret_key: str,
        api_base: str,
        timeout: float,
        sdk_version: str = SDK_VERSION,
    ) -> None:
        self.merchant = merchant
        self.secret_key = secret_key
        self.api_base = api_base.rstrip("/")
        self.timeout = timeout
        self.sdk_version = sdk_version

    @classmethod
    def from_settings(cls) -> SimplePayClient:
        from django.conf import settings

        return cls(
            merchant=settings.SIMPLEPAY_MERCHANT,
            secret_key=settings.SIMPLEPAY_SECRET_KEY,
            api_base=settings.SIMPLEPAY_API_BASE,
            timeout=float(settings.SIMPLEPAY_TIMEOUT_SECONDS),
        )

    # --- the calls -----------------------------------------------------------

    def start(
        self,
        *,
        order_ref: str,
        total: int,
        customer_email: str,
        language: str,
        timeout_at: datetime,
        url: str,
        currency: str = "HUF",
        invoice: dict | None = None,
        methods: Sequence[str] = ("CARD",),
    ) -> StartResult:
        if timeout_at.tzinfo is None:
            raise ValueError("timeout_at must carry its time zone")
        payload: dict[str, Any] = {
            "salt": secrets.token_hex(16),
            "merchant": self.merchant,
            "orderRef": order_ref,
            "currency": currency,
            "customerEmail": customer_email,
            "language": language.upper(),
            "sdkVersion": self.sdk_version,
            "methods": list(methods),
            "total": str(total),
            "timeout": timeout_at.isoformat(timespec="seconds"),
            "url": url,
        }
        if invoice:
            payload["invoice"] = invoice
        data = self._call("start", payload)
        try:
            return StartResult(
                transaction_id=str(int(data["transactionId"])),
                payment_url=str(data["paymentUrl"]),
                total=Decimal(str(data.get("total", total))),
                timeout=str(data.get("timeout", "")),
                raw=data,
            )
        except (KeyError, ValueError, TypeError, ArithmeticError):
            raise SimplePayRejected("start: answer without transactionId/paymentUrl") from None

    def query(
        self,
        *,
        order_refs: Iterable[str] = (),
        transaction_ids: Iterable[str] = (),
        detailed: bool = False,
        refunds: bool = False,
    ) -> list[Transaction]:
        order_refs, transaction_ids = list(order_refs), [str(t) for t in transaction_ids]
        if len(order_refs) > 50 or len(transaction_ids) > 50:
            raise ValueError("SimplePay answers at most 50 + 50 ids per query")
        payload: dict[str, Any] = {
            "salt": secrets.token_hex(16),
            "merchant": self.merchant,
            "sdkVersion": self.sdk_version,
        }
        if order_refs:
            payload["orderRefs"] = order_refs
        if transaction_ids:
            payload["transactionIds"] = transaction_ids
        if detailed:
            payload["detailed"] = True
        if refunds:
            payload["refunds"] = True
        data = self._call("query", payload)
        found = data.get("transactions") or []
        if not isinstance(found, list):
            raise SimplePayRejected("query: transactions is not a list")
        return [self._transaction(item) for item in found if isinstance(item, dict)]

    def refund(self, *, order_ref: str, refund_total: int, currency: str = "HUF") -> RefundResult:
        payload = {
            "salt": secrets.token_hex(16),
            "merchant": self.merchant,
            "orderRef": order_ref,
            "currency": currency,
            "refundTotal": str(refund_total),
            "sdkVersion": self.sdk_version,
        }
        data = self._call("refund", payload)
        try:
            return RefundResult(
                transaction_id=str(int(data["transactionId"])),
                refund_transaction_id=str(int(data["refundTransactionId"])),
                refund_total=abs(Decimal(str(data["refundTotal"]))),
                remaining_total=Decimal(str(data["remainingTotal"])),
                raw=data,
            )
        except (KeyError, ValueError, TypeError, ArithmeticError):
            raise SimplePayRejected("refund: answer without the refund fields") from None

    # --- the wire ------------------------------------------------------------

    def _call(self, name: str, payload: dict) -> dict:
        body = dumps(payload)
        request = urllib.request.Request(
            f"{self.api_base}/payment/v2/{name}",
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Signature": sign(self.secret_key, body),
            },
        )
        try:
            with _opener.open(request, timeout=self.timeout) as response:
                status, raw = response.status, response.read(MAX_RESPONSE_BYTES + 1)
                signature = response.headers.get("Signature")
        except urllib.error.HTTPError as error:
            # Parse the body whatever the status: error answers carry errorCodes.
            status, raw = error.code, error.read(MAX_RESPONSE_BYTES + 1)
            signature = error.headers.get("Signature") if error.headers else None
        except TimeoutError as error:
            raise SimplePayUnavailable(f"{name}: no answer in {self.timeout:g} s") from error
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError):
                raise SimplePayUnavailable(f"{name}: no answer in {self.timeout:g} s") from error
            raise SimplePayUnavailable(f"{name}: {type(reason).__name__}") from error
        if len(raw) > MAX_RESPONSE_BYTES:
            raise SimplePayUnavailable(f"{name}: answer too large")
        return self._read_answer(name, status, raw, signature)

    def _read_answer(self, name: str, status: int, raw: bytes, signature: str | None) -> dict:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            data = None
        if not isinstance(data, dict):
            if status >= 500 or status in (408, 429):
                raise SimplePayUnavailable(f"{name}: HTTP {status} without a JSON answer")
            raise SimplePayRejected(f"{name}: HTTP {status}, answer is not a JSON object")
        codes = data.get("errorCodes")
        if codes:
            # A definite refusal (nothing happened), signed or not; whether
            # trying later may help is `SimplePayRejected.retryable`.
            codes = [int(c) for c in codes if str(c).lstrip("-").isdigit()]
            raise SimplePayRejected(f"{name}: refused with {codes}", codes=codes)
        if not signature_ok(self.secret_key, raw, signature):
            raise SimplePayBadSignature(f"{name}: answer signature missing or wrong")
        if status >= 500:
            raise SimplePayUnavailable(f"{name}: HTTP {status}")
        if status != 200:
            raise SimplePayRejected(f"{name}: HTTP {status}")
        if data.get("merchant") not in (None, self.merchant):
            raise SimplePayRejected(f"{name}: answer for another merchant")
        return data

    @staticmethod
    def _transaction(item: dict) -> Transaction:
        def money(value: Any) -> Decimal | None:
            try:
                return Decimal(str(value)) if value is not None else None
            except ArithmeticError:
                return None

        refunds = item.get("refunds") or []
        return Transaction(
            order_ref=str(item.get("orderRef", "")),
            transaction_id=str(item.get("transactionId", "")),
            status=str(item.get("status", "")),
            finish_date=str(item.get("finishDate", "") or ""),
            payment_date=str(item.get("paymentDate", "") or ""),
            total=money(item.get("total")),
            currency=str(item.get("currency", "") or ""),
            remaining_total=money(item.get("remainingTotal")),
            refunds=tuple(r for r in refunds if isinstance(r, dict)),
            raw=item,
        )
