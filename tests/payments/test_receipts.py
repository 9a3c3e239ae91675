from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cases import fees, registry, verification
from cases.actions import create_case
from cases.models import IssuedDocument
from cases.registry import CaseType
from cases.workflow import Status, transition
from payments.actions import on_payment_succeeded
from payments.receipts import issue_receipt, receipt_kind
from payments.workflow import PaymentState
from tests import pdf_ua

pytestmark = pytest.mark.django_db


def _text(document: IssuedDocument) -> str:
    return "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(document.file.read())).pages
    )


def test_a_booked_payment_gets_one_receipt_pdf(make_payment, django_capture_on_commit_callbacks):
    payment = make_payment(PaymentState.SUCCEEDED)
    with django_capture_on_commit_callbacks(execute=True):
        on_payment_succeeded(payment)
    document = IssuedDocument.objects.get(case=payment.case, kind=receipt_kind(payment))
    assert document.public and document.sha256 and document.size > 1000
    text = _text(document)
    assert payment.order_ref in text and payment.case.reference in text
    assert "3\xa0000\xa0Ft" in text  # grouped with a non-breaking space
    assert issue_receipt(payment).pk == document.pk  # stored once
    document.file.seek(0)
    assert pdf_ua.problems(document.file.read()) == []  # its table's headers have /Scope
    assert IssuedDocument.objects.filter(case=payment.case).count() == 1


def test_the_receipt_carries_what_an_official_document_carries(
    make_payment, django_capture_on_commit_callbacks
):
    payment = make_payment(PaymentState.SUCCEEDED)
    with django_capture_on_commit_callbacks(execute=True):
        on_payment_succeeded(payment)
    document = IssuedDocument.objects.get(case=payment.case, kind=receipt_kind(payment))
    text = " ".join(_text(document).split())
    for item in (
        "Belügyminisztérium Nyilvántartások Vezetéséért Felelős Helyettes Államtitkárság",
        "1133 Budapest, Visegrádi u. 112.",
        "A számvitelről szóló 2000. évi C. törvény",
        "Ez a dokumentum nem hatósági döntés",
        "Kiállítás dátuma",
        verification.grouped(document.verification_code),
        verification.verification_url(document.verification_code),
    ):
        assert item in text, item


def test_no_receipt_before_the_money_is_booked(make_payment):
    assert issue_receipt(make_payment(PaymentState.STARTED)) is None
    assert not IssuedDocument.objects.exists()


@pytest.fixture
def passport_like_type():
    kind = CaseType(
        slug="testing.passport",
        label="Passport-like request",
        deadline_days=20,
        fee=fees.Flat(15000, "Duty"),
        online_receipt=False,
    )
    registry.register(kind)
    yield kind
    registry.unregister(kind.slug)


def test_services_without_online_receipts_say_how_to_get_one(
    citizen, citizen_client, passport_like_type, make_payment
):
    case = create_case(passport_like_type.slug, applicant=citizen)
    transition(case, Status.AWAITING_PAYMENT, by=citizen)
    payment = make_payment(PaymentState.SUCCEEDED, case=case, amount=15000)
    on_payment_succeeded(payment)
    assert issue_receipt(payment) is None
    body = citizen_client.get(case.get_absolute_url()).content.decode()
    assert "1818@1818.hu" in body
    for item in (case.receipt_code, case.reference, citizen.email, citizen.last_name):
        assert item in body
