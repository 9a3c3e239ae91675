"""The criminal record certificate in Chromium: a citizen requests her fifth
certificate of the year and pays the duty by card, a clerk issues it in the admin,
the PDF's signature is checked by poppler's pdfsig (not by us), its QR code leads to
the public verification page, a recipient opens a share link; and the anonymous
validity check. Every page is checked with axe."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
import zxingcpp
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from cases.models import Case, IssuedDocument
from criminal_records.models import Certificate
from payments.models import Payment
from tests.criminal_records.conftest import filed_request
from tests.e2e.conftest import log_in, pay_by_card
from tests.factories import AddressFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SLUG = "criminal_record.certificate"


@pytest.fixture
def card_sandbox(live_server, settings, tmp_path):
    base = live_server.url
    settings.PORTAL_BASE_URL = base
    settings.SIMPLEPAY_API_BASE = f"{base}/sandbox/simplepay"
    settings.SIMPLEPAY_IPN_URL = f"{base}/payments/simplepay/ipn/"
    settings.DATA_DIR = tmp_path  # the sandbox signing CA of this test
    return base


def _pdfsig(path) -> str:
    assert shutil.which("pdfsig"), "install Debian's poppler-utils (make test-e2e does)"
    return subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, check=False
    ).stdout


def _settle(page) -> None:
    # The live check posts 300 ms after a change; let it finish before the next
    # action, so that the test's SQLite database sees one request at a time.
    page.wait_for_timeout(1200)


def _next(page) -> None:
    _settle(page)
    page.get_by_role("button", name="Tovább").click()
    page.wait_for_load_state("load")


def test_the_fifth_certificate_is_paid_issued_signed_verified_and_shared(
    browser, page, live_server, client, citizen, clerk, axe_check, card_sandbox, tmp_path
):
    AddressFactory(person=citizen.person)
    for index in range(4):  # four requests submitted earlier this year
        filed_request(citizen, law_name=f"korábbi {index}")
    log_in(page, live_server, client, citizen)

    page.goto(f"{live_server.url}/services/{SLUG}/")
    assert axe_check(page) == []
    page.get_by_role("link", name="Indítás").click()
    page.wait_for_url(re.compile(rf"/apply/{re.escape(SLUG)}/$"))
    assert axe_check(page) == []
    # Asking about an occupation without naming it is a message at the field.
    page.get_by_role("radio", name="hogy nem állok foglalkozástól eltiltás hatálya alatt").check()
    _settle(page)
    _next(page)
    page.get_by_text("Nevezze meg a foglalkozást").first.wait_for()
    assert axe_check(page) == []
    page.get_by_role("radio", name="foglalkozásról semmit").check()
    _settle(page)
    page.get_by_label("Büntetlen előéletű vagyok").check()
    _settle(page)
    _next(page)

    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    assert axe_check(page) == []
    # An addressee abroad is refused at the field.
    page.get_by_role("radio", name="más személynek, az ő belföldi címére").check()
    _settle(page)
    page.get_by_label("A személy vagy szerv neve").fill("Minta Mária")
    _settle(page)
    page.get_by_label("A cím országa").select_option("abroad")
    _settle(page)
    _next(page)
    page.get_by_text("csak magyarországi címre").first.wait_for()
    assert axe_check(page) == []
    page.get_by_role("radio", name="saját magamnak, saját belföldi címemre").check()
    _settle(page)
    page.get_by_label("A cím országa").select_option("HU")
    _settle(page)
    _next(page)

    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    assert re.search(r"3[\s\u00a0\u202f]?000[\s\u00a0\u202f]*Ft", page.locator("main").inner_text())
    assert axe_check(page) == []
    _settle(page)
    page.get_by_role("button", name="Tovább a fizetéshez").click()
    pay_by_card(page, axe_check)

    case = Case.objects.filter(case_type=SLUG).latest("pk")
    assert Payment.objects.get(case=case, state="succeeded").amount == 3000
    assert case.status == "submitted"

    # The clerk sees what to certify against the register and issues it.
    clerk_context = browser.new_context(locale="hu-HU")
    clerk_page = clerk_context.new_page()
    device = TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    # A client of its own: logging the clerk in on the citizen's would end her session.
    log_in(clerk_page, live_server, Client(), clerk, otp_device=device)
    detail = case.detail
    clerk_page.goto(
        live_server.url
        + reverse("admin:criminal_records_certificaterequest_change", args=[detail.pk])
    )
    assert "büntetlen előéletű" in clerk_page.content()
    clerk_page.get_by_role("link", name="A bizonyítvány kiállítása").click()
    clerk_page.get_by_role("button", name="A bizonyítvány kiállítása").click()
    clerk_page.wait_for_url(re.compile(r"/change/$"))
    clerk_context.close()

    certificate = Certificate.objects.get(request=detail)
    document = IssuedDocument.objects.get(case=case, kind="certificate")
    with document.file.open("rb") as handle:
        content = handle.read()
    signed = tmp_path / "bizonyitvany.pdf"
    signed.write_bytes(content)
    assert "Signature is Valid." in _pdfsig(signed)
    changed = bytearray(content)
    changed[len(content) // 4] ^= 0x01
    tampered = tmp_path / "modositott.pdf"
    tampered.write_bytes(bytes(changed))
    assert "Signature is Valid." not in _pdfsig(tampered)

    # The QR code leads to the public verification page, which says valid.
    images = [i.image for p in PdfReader(io.BytesIO(content)).pages for i in p.images]
    urls = {r.text for image in images for r in zxingcpp.read_barcodes(image)}
    assert len(urls) == 1
    visitor = browser.new_context(locale="hu-HU").new_page()
    visitor.goto(urls.pop())
    assert visitor.locator("section.alert-success #verdict-heading").count() == 1
    assert axe_check(visitor) == []

    # The holder makes a share link; the recipient opens it.
    page.goto(f"{live_server.url}{reverse('criminal_records:certificates')}")
    assert certificate.number in page.content()
    assert axe_check(page) == []
    page.get_by_label("Címzett (személy vagy szerv)").fill("Minta Iskola")
    page.get_by_label("Cél").fill("álláspályázat")
    page.get_by_label("Hányszor nyitható meg?").fill("1")
    page.get_by_role("button", name="Megosztási link készítése").click()
    page.locator("#share-url").wait_for()
    assert axe_check(page) == []
    link = page.locator("#share-url").input_value()

    recipient = browser.new_context(locale="hu-HU").new_page()
    recipient.goto(link)
    assert "Minta Iskola" in recipient.content()
    assert axe_check(recipient) == []
    recipient.get_by_role("button", name="A bizonyítvány megjelenítése").click()
    recipient.get_by_text("Igen, most érvényes").wait_for()
    assert "büntetlen előéletű" in recipient.content()
    assert citizen.person.full_name not in recipient.locator("main").inner_text()
    assert axe_check(recipient) == []
    recipient.reload()  # the one opening allowed is used up
    assert "ahányszor a tulajdonos engedte" in recipient.content()

    page.goto(f"{live_server.url}{reverse('criminal_records:certificates')}")
    assert "1 megnyitásból 1 felhasználva" in page.content()


def test_the_anonymous_check(page, live_server, citizen, clerk, axe_check, settings, tmp_path):
    from criminal_records import certificate as service

    settings.DATA_DIR = tmp_path
    AddressFactory(person=citizen.person)
    issued = service.issue(filed_request(citizen), by=clerk)
    person = citizen.person

    page.goto(f"{live_server.url}/services/criminal_record.check/")
    assert axe_check(page) == []
    page.get_by_role("link", name="Indítás").click()
    page.wait_for_url(re.compile(r"/criminal-records/check/$"))
    assert axe_check(page) == []

    def check(number):
        page.get_by_label("A bizonyítvány száma").fill(number)
        page.get_by_label("Név (ahogy a bizonyítványon szerepel)").fill(person.full_name)
        page.get_by_label("Anyja születési neve").fill(person.mother_birth_name)
        page.get_by_label("Születési idő").fill(person.birth_date.isoformat())
        page.get_by_label("Kiállítás dátuma").fill(issued.issued_on.isoformat())
        page.get_by_role("button", name="Ellenőrzés").click()
        page.wait_for_load_state("load")

    check("12345")  # malformed: a message at the field, not "not valid"
    assert "EB betűk" in page.content() and "check-answer" not in page.content()
    assert axe_check(page) == []
    check(issued.number.replace("-", " ").lower())
    page.locator("#check-answer").get_by_text("Érvényes", exact=True).wait_for()
    assert axe_check(page) == []
    check(issued.number[:-1] + ("1" if issued.number[-1] != "1" else "2"))
    page.locator("#check-answer").get_by_text("Nem érvényes").wait_for()
    assert "elgépelt" in page.content()
    assert axe_check(page) == []
