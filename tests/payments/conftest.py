from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import fees, registry
from cases.actions import create_case
from cases.registry import CaseType
from cases.workflow import Status, transition
from payments.models import Payment, new_order_ref
from payments.simplepay_client import sign
from payments.workflow import PaymentState
from tests.payments.fake_simplepay import FakeSimplePay

MERCHANT = "UGYSEGEDHUF"
SECRET = "test-only-secret-key-0123456789abcdef"
PAID_TYPE = "testing.paid"
FEE = 3000


@pytest.fixture(autouse=True)
def simplepay_settings(settings):
    settings.SIMPLEPAY_MERCHANT = MERCHANT
    settings.SIMPLEPAY_SECRET_KEY = SECRET
    # Nothing listens here: a test that needs the API starts the fake server.
    settings.SIMPLEPAY_API_BASE = "http://127.0.0.1:9"
    settings.SIMPLEPAY_TIMEOUT_SECONDS = 2
    settings.SIMPLEPAY_IPN_URL = settings.PORTAL_BASE_URL + "/payments/simplepay/ipn/"
    return settings


@pytest.fixture
def simplepay(settings):
    fake = FakeSimplePay(MERCHANT, SECRET).start()
    settings.SIMPLEPAY_API_BASE = fake.base_url
    yield fake
    fake.stop()


@pytest.fixture
def paid_type():
    kind = CaseType(
        slug=PAID_TYPE,
        label="Paid sample request",
        deadline_days=8,
        fee=fees.Flat(FEE, "Administrative service fee"),
    )
    registry.register(kind)
    yield kind
    registry.unregister(PAID_TYPE)


@pytest.fixture
def awaiting_case(citizen, paid_type):
    case = create_case(PAID_TYPE, applicant=citizen)
    transition(case, Status.AWAITING_PAYMENT, by=citizen)
    return case


@pytest.fixture
def make_payment(awaiting_case):
    def make(state=PaymentState.STARTED, *, case=None, transaction_id="501000001", **fields):
        case = case or awaiting_case
        now = timezone.now()
        values = {
            "case": case,
            "provider": Payment.Provider.SIMPLEPAY,
            "amount": FEE,
            "order_ref": new_order_ref(case.reference),
            "state": state,
            "provider_transaction_id": transaction_id,
            "start_deadline": now + timedelta(minutes=15),
            "next_check_at": (
                now + timedelta(minutes=5) if state in PaymentState.in_flight() else None
            ),
            "paid_at": now if state in PaymentState.paid() else None,
        }
        values.update(fields)
        return Payment.objects.create(**values)

    return make


def ipn_body(payment, status="FINISHED", **extra) -> bytes:
    from payments.simplepay_client import dumps

    data = {
        "salt": "223G0O18VAqdLhQYbJz73adT36YzLtak",
        "orderRef": payment.order_ref,
        "method": "CARD",
        "merchant": MERCHANT,
        "finishDate": "2026-11-21T14:46:18+0100",
        "paymentDate": "2026-11-21T14:41:13+0100",
        "transactionId": int(payment.provider_transaction_id or 501000001),
        "status": status,
    }
    data.update(extra)
    return dumps(data)


def post_ipn(client, body: bytes, *, key: str = SECRET, signature: str | None = None, **kwargs):
    headers = {"HTTP_SIGNATURE": signature if signature is not None else sign(key, body)}
    headers.update(kwargs.pop("headers", {}))
    return client.post(
        "/payments/simplepay/ipn/",
        data=body,
        content_type=kwargs.pop("content_type", "application/json"),
        **headers,
        **kwargs,
    )


@pytest.fixture
def emulator(live_server, settings):
    """The portal's client against the sandbox's SimplePay emulator over real HTTP."""
    settings.SIMPLEPAY_API_BASE = live_server.url + "/sandbox/simplepay"
    settings.SIMPLEPAY_IPN_URL = live_server.url + "/payments/simplepay/ipn/"
    settings.SANDBOX_SIMPLEPAY_CURRENCY = "HUF"
    settings.SANDBOX_SIMPLEPAY_TWO_STEP = False
    settings.SANDBOX_SIMPLEPAY_FAILURE_IPNS = True
    settings.SANDBOX_SIMPLEPAY_TIME_FACTOR = 0
    return settings
