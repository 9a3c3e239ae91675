"""The service pages hold the fees, deadlines and warnings of the seed documents.

A registered service's fee and deadline are read from the rendered page (they come from
its case type); the rest from the content files' sections.
"""

from __future__ import annotations

import re

import pytest

from cases import registry
from portal.catalogue import get_service
from tests.portal.catalogue_pages import get_page, items, sections, text

PASSPORT_CODES = ["passports.replacement", "passports.second_passport", "passports.acceleration"]


def _plain(value: str) -> str:
    """Thousands separators removed, so that "15 000", "15,000" and "15000" all match."""
    return re.sub(r"(?<=\d)[ \u00a0\u202f,.](?=\d{3}(?!\d))", "", value)


def _section(code: str, key: str, language: str = "hu") -> str:
    return _plain(text(get_service(code).sections[language].get(key, "")))


def _notes(code: str, language: str = "hu") -> str:
    return _plain(" ".join(items(get_service(code).sections[language].get("notes", ""))))


def _page(client, code: str, language: str = "hu") -> dict[str, str]:
    return {k: _plain(text(v)) for k, v in sections(get_page(client, code, language)).items()}


@pytest.mark.django_db
def test_vehicle_data_lookup_fee(client):
    for language, label in (("hu", "Költség"), ("en", "Cost")):
        cost = _page(client, "vehicles.data_lookup", language)[label]
        for amount in ("275", "625", "825", "1100", "1375"):
            assert amount in cost
    notes = _notes("vehicles.data_lookup")
    assert "kilométeróra-állás" in notes and "eltérés lehetséges" in notes
    assert "hazai körözési adatok" in notes


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["vehicles.temporary_withdrawal", "vehicles.reinstatement"])
def test_withdrawal_and_reinstatement_fee_and_deadline(client, code):
    page = _page(client, code)
    assert "2300 Ft" in page["Költség"]
    assert "30 nap" in page["Határidő"] and "azonnal" in page["Határidő"]
    assert "HUF 2300" in _page(client, code, "en")["Cost"]


@pytest.mark.django_db
def test_ownership_change_deadline_and_warning(client):
    page = _page(client, "vehicles.ownership_change")
    assert page["Költség"] == "Az eljárás ingyenes."
    assert "30 nap" in page["Határidő"] and "azonnal" in page["Határidő"]
    notes = _notes("vehicles.ownership_change")
    assert "8 napon belül" in notes
    assert "gépjárműadó" in notes and "parkolási díj" in notes
    assert "within 8 days" in _notes("vehicles.ownership_change", "en")


@pytest.mark.django_db
def test_title_replacement_fee_and_deadline(client):
    page = _page(client, "vehicles.title_replacement")
    assert "Eljárási illeték: 6000 Ft" in page["Költség"]
    assert "eltulajdonítás" in page["Költség"] and "feljelentés" in page["Költség"]
    assert "Hivatalos Értesítő" in page["Határidő"]
    assert "8 napon belül" in page["Határidő"]
    assert "60 nap" in page["Határidő"]


@pytest.mark.parametrize(
    "code",
    [
        "vehicles.temporary_withdrawal",
        "vehicles.reinstatement",
        "vehicles.title_replacement",
        *PASSPORT_CODES[:2],
    ],
)
def test_no_fee_exemption_online(code):
    assert "költségmentesség" in _notes(code)


@pytest.mark.django_db
def test_criminal_record_certificate_fee_and_deadline(client):
    cost = _page(client, "criminal_record.certificate")["Költség"]
    assert "3000" in cost and "négy" in cost
    cost_en = _page(client, "criminal_record.certificate", "en")["Cost"]
    assert "3000" in cost_en and "four" in cost_en
    assert "8" in _page(client, "criminal_record.certificate")["Határidő"]


@pytest.mark.django_db
def test_criminal_record_data_info_deadline(client):
    assert "21" in _page(client, "criminal_record.data_info")["Határidő"]


@pytest.mark.django_db
def test_passport_replacement_duty_table_and_surcharges(client):
    for language, cost_label in (("hu", "Költség"), ("en", "Cost")):
        page = _page(client, "passports.replacement", language)
        for amount in ("15000", "28000", "5000", "30000", "10000", "19000", "29000"):
            assert amount in page[cost_label]
        for fee in ("20", "40", "45"):
            assert re.search(rf"\b{fee} EUR|EUR {fee}\b", page[cost_label])
    deadline = _page(client, "passports.replacement")["Határidő"]
    assert "20 nap" in deadline and "8 napon belül" in deadline


@pytest.mark.django_db
def test_second_passport_duty(client):
    cost = _page(client, "passports.second_passport")["Költség"]
    for amount in ("5000", "15000", "10000", "30000", "19000", "29000"):
        assert amount in cost
    for fee in ("20", "40", "45"):
        assert f"{fee} EUR" in cost


@pytest.mark.parametrize("code", PASSPORT_CODES)
def test_passport_services_explain_the_receipt_by_email(code):
    for language in ("hu", "en"):
        assert "1818@1818.hu" in _notes(code, language)
    hu = _notes(code)
    for item in ("nevét", "e-mail-címét", "bizonylatszámot", "ügyazonosítót", "okmánytípust"):
        assert item in hu


@pytest.mark.django_db
def test_notification_alert_fees(client):
    # The amounts come from the registry's fee lines (register/fees.py), rendered on the page.
    for code in ("register.notification_address_alerts", "register.landlord_declaration"):
        for language, label in (("hu", "Költség"), ("en", "Cost")):
            cost = re.sub(r"\s", "", _page(client, code, language)[label])
            for amount in ("3600", "3300", "4100"):
                assert amount in cost, (code, language)
    assert "21 nap" in " ".join(_page(client, "register.landlord_declaration").values())


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("residence.settle_abroad", "21 nap"),
        ("residence.foreign_address_change", "30 nap"),
        ("civil_registry.extract", "8 nap"),
        ("register.notification_address", "8 nap"),
        ("register.disclosure_ban", "8 nap"),
        ("parking.replacement", "15 nap"),
        ("parking.exchange", "15 nap"),
        ("idcards.replacement", "8 napon belül"),
        ("register.own_data", "Azonnal"),
        ("idcards.invalidation", "Azonnal"),
    ],
)
@pytest.mark.django_db
def test_deadlines(client, code, phrase):
    # A registered service's deadline is on the rendered page, from its case type.
    if registry.is_registered(code):
        assert phrase in _page(client, code)["Határidő"]
    else:
        assert phrase in _section(code, "deadline")


def test_id_card_invalidation_warns_about_online_replacement():
    notes = _notes("idcards.invalidation")
    assert "nem pótolható" in notes
    assert "három munkanapon belül" in notes


def test_id_card_replacement_remedy():
    notes = _notes("idcards.replacement")
    assert "30 napon belül" in notes and "30000" in notes


def test_ugyfelkapu_registration():
    cost = _section("ugyfelkapu.registration", "cost")
    assert "3000" in cost and "ingyenes" in cost
    assert "5 napig" in _notes("ugyfelkapu.registration")


def test_eszemelyi_pins_and_signature_limits():
    activation = _notes("eszemelyi.activation")
    assert "6 számjegyű" in activation and "7 számjegyű" in activation
    esign = _notes("eszemelyi.esign")
    assert "10000 euró" in esign and "60 napon belül" in esign
