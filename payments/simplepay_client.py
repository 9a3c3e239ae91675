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
- `SimplePayMalformed` (final): a signed answer without `errorCodes` whose
  fields we cannot read (an id that is not a short number, an amount that is
  not a finite number within `MAX_AMOUNT`); the call may have taken effect.

Numbers that JSON cannot hold (`NaN`, `Infinity`, `1e400`) make an answer
unreadable: nothing in it is used.

No card data ever passes through here, and nothing is logged but order
references, transaction ids and error codes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import re
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
# The widest amount read from SimplePay: far above any fee, and within every
# amount column of the portal (14 digits, 2 of them decimals), so a value read
# here can be compared and stored without overflowing anything.
MAX_AMOUNT = Decimal("999999999999.99")
# SimplePay's ids are 9 digits today and documented to grow; 20 digits fit
# every id column (40 characters) and an unsigned 64-bit integer.
_ID = re.compile(r"[0-9]{1,20}")
_STATUS = re.compile(r"[A-Z_]{1,30}")


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


class SimplePayMalformed(SimplePayError):
    pass


def amount_of(value: Any) -> Decimal:
    """A SimplePay amount (a JSON number or a numeric string) as a Decimal.

    Raises `ValueError` for anything else: booleans, text, NaN and infinities,
    and numbers larger than `MAX_AMOUNT` either way (refunds are negative in
    `query` answers). Never `InvalidOperation`: callers compare the result.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError("not a number")
    text = str(value).strip()
    if len(text) > 40:
        raise ValueError("number too long")
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise ValueError("not a number") from None
    if not number.is_finite() or abs(number) > MAX_AMOUNT:
        raise ValueError("number out of range")
    return number


def id_of(value: Any) -> str:
    """A SimplePay transaction id (JSON integer or digit string) as text;
    `ValueError` for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("not an id")
    text = str(value)
    if not _ID.fullmatch(text):
        raise ValueError("not an id")
    return str(int(text))


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e400 overflows to infinity
        raise ValueError("number out of range")
    return number


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")


def loads(raw: bytes, *, object_pairs_hook=None) -> Any:
    """Strict JSON: UTF-8, no NaN or Infinity, no number a float cannot hold."""
    return json.loads(
        raw.decode("utf-8"),
        parse_float=_finite_float,
        parse_constant=_no_constants,
        object_pairs_hook=object_pairs_hook,
    )


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
        data = loads(decoded)
        code = data["r"]
        if isinstance(code, bool) or not re.fullmatch(r"[0-9]{1,9}", str(code)):
            raise ValueError("r is not a result code")
        return BackRedirect(
            code=int(code),
            transaction_id=id_of(data["t"]),
            event=str(data["e"])[:20],
            merchant=str(data["m"])[:100],
            order_ref=str(data["o"])[:100],
        )
    except (UnicodeDecodeError, ValueError, RecursionError, KeyError, TypeError):
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
    # Why the item cannot be used ("" when it can): a field that is present
    # but not what the protocol says. Such an item is never applied.
    defect: str = ""


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
        """Create the transaction; the card is charged at once.

        `twoStep` is always sent as false: on an account where the bank has
        switched two-step payments on, a start without it only reserves the
        amount, and the portal never calls `finish`, so the reservation would
        lapse after 21 days with the case unpaid (doc §2.3, §5.3).
        """
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
            "twoStep": False,
        }
        if invoice:
            payload["invoice"] = invoice
        data = self._call("start", payload)
        try:
            return StartResult(
                transaction_id=id_of(data["transactionId"]),
                payment_url=str(data["paymentUrl"]),
                total=amount_of(data.get("total", total)),
                timeout=str(data.get("timeout", "")),
                raw=data,
            )
        except (KeyError, ValueError):
            raise SimplePayMalformed(
                "start: answer without a usable transactionId, paymentUrl or total"
            ) from None

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
                transaction_id=id_of(data["transactionId"]),
                refund_transaction_id=id_of(data["refundTransactionId"]),
                refund_total=abs(amount_of(data["refundTotal"])),
                remaining_total=amount_of(data["remainingTotal"]),
                raw=data,
            )
        except (KeyError, ValueError):
            # Signed and without errorCodes: the refund may well have been made.
            raise SimplePayMalformed("refund: answer without usable refund fields") from None

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
            data = loads(raw)
        except (UnicodeDecodeError, ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            if status >= 500 or status in (408, 429):
                raise SimplePayUnavailable(f"{name}: HTTP {status} without a JSON answer")
            raise SimplePayRejected(f"{name}: HTTP {status}, answer is not a JSON object")
        codes = data.get("errorCodes")
        if codes:
            # A definite refusal (nothing happened), signed or not; whether
            # trying later may help is `SimplePayRejected.retryable`.
            codes = [int(c) for c in codes if re.fullmatch(r"-?[0-9]{1,9}", str(c))]
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
        defects: list[str] = []

        def money(name: str) -> Decimal | None:
            if item.get(name) is None:
                return None  # `total` is optional in plain answers (doc §2.5)
            try:
                return amount_of(item[name])
            except ValueError:
                defects.append(f"{name} is not an amount")
                return None

        try:
            transaction_id = id_of(item.get("transactionId"))
        except ValueError:
            transaction_id = ""
            defects.append("transactionId is not an id")
        status = item.get("status")
        if not isinstance(status, str) or not _STATUS.fullmatch(status):
            status = ""
            defects.append("status is not a status word")
        total, remaining = money("total"), money("remainingTotal")
        refunds = item.get("refunds") or []
        if not isinstance(refunds, list):
            refunds = []
            defects.append("refunds is not a list")
        return Transaction(
            order_ref=str(item.get("orderRef", ""))[:100],
            transaction_id=transaction_id,
            status=status,
            finish_date=str(item.get("finishDate", "") or "")[:40],
            payment_date=str(item.get("paymentDate", "") or "")[:40],
            total=total,
            currency=str(item.get("currency", "") or "")[:3],
            remaining_total=remaining,
            refunds=tuple(r for r in refunds if isinstance(r, dict)),
            raw=item,
            defect="; ".join(defects),
        )
