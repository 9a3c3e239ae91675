"""The four API calls: validation with the bank's error codes, then the writes.

Each handler takes the merchant account (already identified, signature
already checked) and the parsed request, and returns the response fields and
the transaction concerned, or raises `ApiError` with the codes to answer.
Checks run in the order docs/sandbox-simplepay.md lists (Checks and error codes);
the first failing check answers.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from sandbox.models import SimplePayTransaction
from sandbox.simplepay import actions, protocol
from sandbox.simplepay.accounts import Account
from sandbox.simplepay.cards import card_behaviour
from sandbox.simplepay.state import record

S = SimplePayTransaction.Status

CURRENCIES = {"HUF": 0, "EUR": 2, "USD": 2}  # decimals allowed
# Payment page languages (ISO 639-1) the doc lists.
LANGUAGES = frozenset(
    ["AR", "BG", "CS", "DE", "EN", "ES", "FR", "IT", "HR", "HU", "PL", "RO", "RU", "SK", "TR", "ZH"]
)
QUERY_LIMIT = 50
# The largest amount the emulated account takes: its columns hold 14 digits,
# 2 of them decimals. The bank's own limit is not documented; a larger total
# is refused as an invalid amount, never stored half-way.
MAX_AMOUNT = Decimal("999999999999.99")
COUNTRY = re.compile(r"^[A-Za-z]{2}$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")
# Back URLs the browser is sent to; custom schemes serve mobile apps (doc Annex I).
FORBIDDEN_SCHEMES = {"javascript", "data", "vbscript", "file", "about", "blob"}
BACK_EVENTS = {"success": "SUCCESS", "fail": "FAIL", "cancel": "CANCEL", "timeout": "TIMEOUT"}


class ApiError(Exception):
    def __init__(self, *codes: int, transaction: SimplePayTransaction | None = None) -> None:
        super().__init__(codes)
        self.codes = list(codes)
        self.transaction = transaction


# --- shared checks ----------------------------------------------------------


def _text(data: dict, key: str) -> str | None:
    value = data.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _common(data: dict) -> None:
    if _text(data, "sdkVersion") is None:
        raise ApiError(5320)
    salt = data.get("salt")
    if not isinstance(salt, str) or not 32 <= len(salt) <= 64:
        raise ApiError(5401)


def _currency(account: Account, data: dict) -> str:
    currency = data.get("currency")
    if not isinstance(currency, str) or currency not in CURRENCIES:
        raise ApiError(5223)
    if currency != account.currency:
        raise ApiError(5307)
    return currency


def _money(value: object, currency: str, *, zero: bool = False) -> Decimal | None:
    """A positive amount (or zero when allowed) with the currency's decimals,
    sent as a JSON number or a string; None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    text = str(value).strip()
    if len(text) > 40:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or (number == 0 and not zero):
        return None
    if number > MAX_AMOUNT:
        return None
    if number != number.quantize(Decimal(1).scaleb(-CURRENCIES[currency]), ROUND_HALF_UP):
        return None
    return number


def _whole(value: object) -> int | None:
    if isinstance(value, bool) or len(str(value)) > 40:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or number != number.to_integral_value():
        return None
    return int(number)


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _url(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    parts = urlsplit(value.strip())
    if not SCHEME.match(parts.scheme) or parts.scheme.lower() in FORBIDDEN_SCHEMES:
        return None
    if not parts.netloc:
        return None
    return value.strip()


def _find(account: Account, data: dict) -> SimplePayTransaction:
    """The payment named by `orderRef` and/or `transactionId` (5111, 5011)."""
    order_ref = _text(data, "orderRef")
    raw_id = data.get("transactionId")
    transaction_id = _whole(raw_id) if raw_id not in (None, "") else None
    if order_ref is None and raw_id in (None, ""):
        raise ApiError(5111)
    lookup = Q(merchant=account.merchant)
    if order_ref is not None:
        lookup &= Q(order_ref=order_ref, kind=SimplePayTransaction.Kind.PAYMENT)
    if raw_id not in (None, ""):
        lookup &= Q(transaction_id=transaction_id)
    trx = SimplePayTransaction.objects.select_for_update().filter(lookup).first()
    if trx is None:
        raise ApiError(5011)
    return trx


# --- start ------------------------------------------------------------------


def _address(block: object, codes: tuple[int, int, int, int]) -> None:
    """`invoice` / `delivery`: recipient, city, zip, first address line, country."""
    if not isinstance(block, dict):
        raise ApiError(5321)
    recipient, city, zip_code, address = codes
    if _text(block, "name") is None and _text(block, "company") is None:
        raise ApiError(recipient)
    if _text(block, "city") is None:
        raise ApiError(city)
    if _text(block, "zip") is None:
        raise ApiError(zip_code)
    if _text(block, "address") is None:
        raise ApiError(address)
    if not COUNTRY.match(str(block.get("country") or "")):
        raise ApiError(5322)


def _payable(data: dict, currency: str) -> Decimal:
    items = data.get("items")
    if items not in (None, []):
        if not isinstance(items, list):
            raise ApiError(5321)
        base = Decimal("0")
        for item in items:
            if not isinstance(item, dict):
                raise ApiError(5321)
            if _text(item, "title") is None:
                raise ApiError(5313)
            # Unit prices may have cents; the payable total is rounded below.
            price = _money(item.get("price"), "EUR")
            if price is None:
                raise ApiError(5314)
            quantity = _whole(item.get("amount"))
            if quantity is None or quantity <= 0:
                raise ApiError(5315)
            tax = _whole(item.get("tax", 0)) if item.get("tax") not in (None, "") else 0
            if tax is None or tax < 0:
                raise ApiError(5345)
            # tax 0 means the price is gross; otherwise VAT is added to it.
            base += price * quantity * (100 + tax) / 100
    elif "total" in data:
        base = _money(data["total"], currency)
        if base is None:
            raise ApiError(5020)
    else:
        raise ApiError(5324)
    shipping = Decimal("0")
    if data.get("shippingCost") not in (None, ""):
        shipping = _money(data["shippingCost"], currency, zero=True)
        if shipping is None:
            raise ApiError(5216)
    discount = Decimal("0")
    if data.get("discount") not in (None, ""):
        discount = _money(data["discount"], currency, zero=True)
        if discount is None:
            raise ApiError(5020)
    places = Decimal(1).scaleb(-CURRENCIES[currency])
    payable = base + shipping - discount
    if payable <= 0 or payable > MAX_AMOUNT:
        raise ApiError(5020)
    payable = payable.quantize(places, ROUND_HALF_UP)
    if payable <= 0:
        raise ApiError(5020)
    return payable


def _back_urls(data: dict) -> dict[str, str]:
    urls = data.get("urls")
    if urls is not None:
        if not isinstance(urls, dict):
            raise ApiError(5325)
        chosen = {event: _url(urls.get(key)) for key, event in BACK_EVENTS.items()}
        if None in chosen.values():
            raise ApiError(5325)
        return chosen  # type: ignore[return-value]
    url = _url(data.get("url"))
    if url is None:
        raise ApiError(5325)
    return dict.fromkeys(BACK_EVENTS.values(), url)


def start(account: Account, data: dict) -> tuple[dict, SimplePayTransaction | None]:
    _common(data)
    order_ref = _text(data, "orderRef")
    if order_ref is None:
        raise ApiError(5213)
    if SimplePayTransaction.objects.filter(
        merchant=account.merchant, order_ref=order_ref, kind=SimplePayTransaction.Kind.PAYMENT
    ).exists():
        raise ApiError(5013)
    currency = _currency(account, data)
    email = _text(data, "customerEmail")
    if email is not None or data.get("maySelectEmail") is not True:
        try:
            validate_email(email or "")
        except ValidationError:
            raise ApiError(5219) from None
    language = data.get("language")
    if not isinstance(language, str) or language.upper() not in LANGUAGES:
        raise ApiError(5220)
    methods = data.get("methods")
    if not isinstance(methods, list) or len(methods) != 1 or methods[0] not in {"CARD", "WIRE"}:
        raise ApiError(5321)
    if methods[0] == "WIRE":
        # Instant transfer is not enabled on the emulated account.
        raise ApiError(5030)
    total = _payable(data, currency)
    timeout_at = _time(data.get("timeout"))
    if timeout_at is None:
        raise ApiError(5321)
    back_urls = _back_urls(data)
    if data.get("invoice") is not None:
        _address(data["invoice"], (5309, 5310, 5311, 5312))
    if data.get("delivery") is not None:
        _address(data["delivery"], (5316, 5317, 5318, 5319))
    may_select = data.get("maySelectDelivery")
    if may_select is not None and (
        not isinstance(may_select, list)
        or not all(isinstance(c, str) and COUNTRY.match(c) for c in may_select)
    ):
        raise ApiError(5322)
    two_step_asked = data.get("twoStep")
    if two_step_asked is not None and not isinstance(two_step_asked, bool):
        raise ApiError(5321)
    if account.two_step:
        # On a two-step account an absent twoStep means two-step.
        two_step = two_step_asked is not False
    elif two_step_asked is True:
        raise ApiError(5308)
    else:
        two_step = False
    try:
        with transaction.atomic():
            trx = actions.create_payment(
                merchant=account.merchant,
                order_ref=order_ref,
                currency=currency,
                total=total,
                two_step=two_step,
                timeout_at=timeout_at,
                back_urls=back_urls,
                customer_email=email or "",
                language=language.upper(),
                method=methods[0],
                request=data,
            )
    except IntegrityError:  # the same orderRef started twice at the same moment
        raise ApiError(5013) from None
    if data.get("invoice") is None:
        record(trx, "warning", text="no invoice: the bank needs it for 3-D Secure")
    payment_url = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "sandbox:simplepay_pay", args=[trx.token]
    )
    return {
        "salt": protocol.new_salt(),
        "merchant": account.merchant,
        "orderRef": order_ref,
        "currency": currency,
        "transactionId": trx.transaction_id,
        "timeout": protocol.api_time(timeout_at),
        "total": protocol.amount(total),
        "paymentUrl": payment_url,
    }, trx


# --- finish -----------------------------------------------------------------


def finish(account: Account, data: dict) -> tuple[dict, SimplePayTransaction | None]:
    _common(data)
    currency = _currency(account, data)
    trx = _find(account, data)
    actions.settle_due(SimplePayTransaction.objects.filter(pk=trx.pk))
    trx.refresh_from_db()
    if trx.kind != SimplePayTransaction.Kind.PAYMENT or not trx.two_step:
        raise ApiError(5014, transaction=trx)
    if trx.status in {S.FINISHED, S.REVERSED}:
        raise ApiError(5021, transaction=trx)
    if trx.status != S.AUTHORIZED:
        raise ApiError(5022, transaction=trx)
    original = _money(data.get("originalTotal"), currency)
    if original is None or original != trx.total:
        raise ApiError(5020, transaction=trx)
    approve = _money(data.get("approveTotal"), currency, zero=True)
    if approve is None or approve > trx.total:
        raise ApiError(5323, transaction=trx)
    actions.finish(trx, approve)
    return {
        "salt": protocol.new_salt(),
        "merchant": account.merchant,
        "orderRef": trx.order_ref,
        "currency": currency,
        "transactionId": trx.transaction_id,
        "approveTotal": protocol.amount(approve),
    }, trx


# --- refund -----------------------------------------------------------------


def refund(account: Account, data: dict) -> tuple[dict, SimplePayTransaction | None]:
    _common(data)
    currency = _currency(account, data)
    trx = _find(account, data)
    if trx.kind != SimplePayTransaction.Kind.PAYMENT:
        raise ApiError(5014, transaction=trx)
    amount = _money(data.get("refundTotal"), currency)
    if amount is None:
        raise ApiError(5110, transaction=trx)
    if trx.status != S.FINISHED:
        raise ApiError(5022, transaction=trx)
    card = card_behaviour(trx.card)
    if card is not None and card.refund_blocked:
        raise ApiError(5029, transaction=trx)
    if amount > actions.remaining(trx):
        raise ApiError(5110, transaction=trx)
    child = actions.refund(trx, amount)
    return {
        "salt": protocol.new_salt(),
        "merchant": account.merchant,
        "orderRef": trx.order_ref,
        "currency": currency,
        "transactionId": trx.transaction_id,
        "refundTransactionId": child.transaction_id,
        "refundTotal": protocol.amount(amount),
        "remainingTotal": protocol.amount(actions.remaining(trx)),
    }, trx


# --- query ------------------------------------------------------------------


def _id_list(data: dict, key: str, too_many: int) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ApiError(5321)
    if len(value) > QUERY_LIMIT:
        raise ApiError(too_many)
    return value


def query(account: Account, data: dict) -> tuple[dict, SimplePayTransaction | None]:
    _common(data)
    ids = _id_list(data, "transactionIds", 5328)
    refs = _id_list(data, "orderRefs", 5327)
    since, until = data.get("from"), data.get("until")
    if (since is None) != (until is None):
        raise ApiError(5330)
    window = None
    if since is not None:
        window = (_time(since), _time(until))
        if None in window:
            raise ApiError(5321)
        if window[0] >= window[1]:
            raise ApiError(5329)
    if not ids and not refs and window is None:
        raise ApiError(5339)
    mine = SimplePayTransaction.objects.filter(merchant=account.merchant)
    actions.settle_due(mine)
    wanted = Q(transaction_id__in=[n for n in map(_whole, ids) if n is not None])
    wanted |= Q(order_ref__in=[r for r in refs if isinstance(r, str)], kind="payment")
    if window is not None:
        wanted |= Q(created_at__gte=window[0], created_at__lte=window[1], kind="payment")
    found = list(mine.filter(wanted).order_by("transaction_id"))
    detailed = data.get("detailed") is True
    with_refunds = data.get("refunds") is True
    return {
        "salt": protocol.new_salt(),
        "merchant": account.merchant,
        "transactions": [_described(trx, detailed, with_refunds) for trx in found],
        "totalCount": len(found),
    }, (found[0] if len(found) == 1 else None)


def _described(trx: SimplePayTransaction, detailed: bool, with_refunds: bool) -> dict:
    item: dict = {
        "salt": protocol.new_salt(),
        "merchant": trx.merchant,
        "orderRef": trx.order_ref,
        "transactionId": trx.transaction_id,
        "status": trx.status,
    }
    if trx.status != S.INIT:
        # "OK" on success; otherwise the code the card page answered.
        failed = trx.status in {S.NOTAUTHORIZED, S.CANCELLED, S.TIMEOUT, S.FRAUD}
        item["resultCode"] = str(trx.result_code) if failed and trx.result_code else "OK"
    refunds = list(trx.refunds.order_by("transaction_id")) if trx.kind == "payment" else []
    if with_refunds and refunds:
        item["refundStatus"] = "FULL" if actions.remaining(trx) == 0 else "PARTIAL"
        item["refunds"] = [
            {
                "transactionId": child.transaction_id,
                "refundTotal": -protocol.amount(child.total),
                "refundDate": protocol.api_time(child.created_at),
                "status": "FINISHED",
            }
            for child in refunds
        ]
    # The transaction's amount, in every answer: the official SDK and the
    # bank's documented examples read `total` from a plain query. A refund is a
    # transaction of a negative amount, as in `refunds` (docs/sandbox-simplepay.md).
    item["total"] = protocol.amount(_signed_total(trx))
    item["remainingTotal"] = protocol.amount(
        actions.remaining(trx) if trx.status == S.FINISHED else Decimal("0")
    )
    item["paymentDate"] = protocol.api_time(trx.created_at)
    if trx.finished_at and trx.status in {S.FINISHED, S.REVERSED, S.REFUND}:
        item["finishDate"] = protocol.api_time(trx.finished_at)
    item["method"] = trx.method
    if detailed:
        request = (trx.parent or trx).request
        item.update(
            {
                "currency": trx.currency,
                "customer": request.get("customer", ""),
                "customerEmail": trx.customer_email,
                "language": trx.language,
                "twoStep": trx.two_step,
                "shippingCost": protocol.amount(
                    _money(request.get("shippingCost"), "EUR", zero=True) or Decimal("0")
                ),
                "discount": protocol.amount(
                    _money(request.get("discount"), "EUR", zero=True) or Decimal("0")
                ),
            }
        )
        for block in ("invoice", "delivery"):
            if isinstance(request.get(block), dict):
                address = dict(request[block])
                address["lname"] = address.pop("name", "")
                item[block] = address
    return item


def _signed_total(trx: SimplePayTransaction) -> Decimal:
    return -trx.total if trx.kind == SimplePayTransaction.Kind.REFUND else trx.total


HANDLERS = {"start": start, "query": query, "finish": finish, "refund": refund}
