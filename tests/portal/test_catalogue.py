"""The service catalogue: complete against the domain digest, well formed, true to the sources.

Pure Python: runs without Django (``pytest -p no:django``).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from portal.catalogue import (
    GROUPS,
    SEEDS,
    ServiceGroup,
    ServiceInfo,
    Text,
    all_services,
    get_group,
    get_service,
    group_of,
)

SERVICES_MD = Path(__file__).resolve().parents[3] / "shared" / "domain" / "services.md"
SEEDS_DIR = SERVICES_MD.parent.parent / "seeds"
CATALOGUE_DIR = Path(__file__).resolve().parents[2] / "portal" / "catalogue"

BACKTICKED_CODE = re.compile(r"`([a-z_]+\.[a-z_]+)`")

EXPECTED_CODES = {
    "criminal_record.check",
    "residence.foreign_address_change",
    "documents.status",
    "documents.validity",
    "criminal_record.certificate",
    "criminal_record.data_info",
    "vehicles.ownership_change",
    "vehicles.temporary_withdrawal",
    "vehicles.reinstatement",
    "vehicles.data_lookup",
    "vehicles.title_replacement",
    "passports.replacement",
    "passports.second_passport",
    "passports.acceleration",
    "residence.settle_abroad",
    "civil_registry.extract",
    "register.own_data",
    "register.disclosure_ban",
    "register.change_notice",
    "register.notification_address",
    "register.notification_address_refusal",
    "register.notification_address_alerts",
    "register.landlord_declaration",
    "idcards.invalidation",
    "idcards.replacement",
    "parking.replacement",
    "parking.exchange",
    "eszemelyi.nek_applet",
    "eszemelyi.emergency_numbers",
    "eszemelyi.esign",
    "eszemelyi.activation",
    "ugyfelkapu.registration",
    "appointments.booking",
    "entrepreneurs.info",
}

GROUP_ORDER = [
    "anonymous",
    "criminal-records",
    "vehicles",
    "passports",
    "residence",
    "civil-registry",
    "register",
    "idcards",
    "parking",
    "eszemelyi",
    "ugyfelkapu",
    "offices",
    "entrepreneurs",
]

PASSPORT_CODES = ["passports.replacement", "passports.second_passport", "passports.acceleration"]


def _services_md() -> str:
    if not SERVICES_MD.is_file():
        pytest.skip(f"domain digest not found at {SERVICES_MD}")
    return SERVICES_MD.read_text(encoding="utf-8")


def _catalogue_codes() -> set[str]:
    return {service.code for service in all_services()}


def _texts(obj: object, where: str) -> Iterator[tuple[str, Text]]:
    """Every Text inside a group or service, with a readable location."""
    if isinstance(obj, Text):
        yield where, obj
    elif isinstance(obj, tuple):
        for index, item in enumerate(obj):
            yield from _texts(item, f"{where}[{index}]")
    elif dataclasses.is_dataclass(obj):
        for field in dataclasses.fields(obj):
            yield from _texts(getattr(obj, field.name), f"{where}.{field.name}")


def _all_texts() -> Iterator[tuple[str, Text]]:
    for group in GROUPS:
        yield from _texts(group, group.slug)


def _plain(text: str) -> str:
    """Thousands separators removed, so that "15 000", "15,000" and "15000" all match."""
    return re.sub(r"(?<=\d)[ \u00a0\u202f,.](?=\d{3}(?!\d))", "", text)


def _both(text: Text) -> list[str]:
    return [_plain(text.hu), _plain(text.en)]


def _joined(texts: tuple[Text, ...], language: str) -> str:
    return _plain(" ".join(text.get(language) for text in texts))


# --- completeness -----------------------------------------------------------------------


def test_every_code_in_the_services_md_tables_and_headings_is_in_the_catalogue():
    codes = {
        code
        for line in _services_md().splitlines()
        if line.lstrip().startswith(("|", "###"))
        for code in BACKTICKED_CODE.findall(line)
    }
    assert len(codes) >= 25, "the digest parser found suspiciously few codes"
    assert codes - _catalogue_codes() == set()


def test_every_code_mentioned_anywhere_in_services_md_is_in_the_catalogue():
    codes = set(BACKTICKED_CODE.findall(_services_md()))
    assert codes - _catalogue_codes() == set()


def test_the_catalogue_holds_exactly_the_agreed_codes():
    assert _catalogue_codes() == EXPECTED_CODES


def test_codes_and_slugs_are_unique():
    codes = Counter(service.code for group in GROUPS for service in group.services)
    assert [code for code, count in codes.items() if count > 1] == []
    slugs = Counter(group.slug for group in GROUPS)
    assert [slug for slug, count in slugs.items() if count > 1] == []


def test_groups_follow_the_order_of_services_md():
    assert [group.slug for group in GROUPS] == GROUP_ORDER
    assert all(group.services for group in GROUPS)


def test_all_services_lists_the_groups_services_in_order():
    assert all_services() == tuple(s for group in GROUPS for s in group.services)


# --- structure and lookups --------------------------------------------------------------


def test_every_text_is_filled_in_in_both_languages():
    empty = [where for where, text in _all_texts() if not text.hu.strip() or not text.en.strip()]
    assert empty == []


def test_list_fields_are_tuples_of_texts():
    for service in all_services():
        for name in ("who", "prepare", "notes"):
            value = getattr(service, name)
            assert isinstance(value, tuple), (service.code, name)
            assert all(isinstance(item, Text) for item in value), (service.code, name)
        assert service.who, service.code
        assert isinstance(service.needs_login, bool)


def test_hungarian_quotes_are_typographic_and_balanced():
    bad = [
        where
        for where, text in _all_texts()
        if '"' in text.hu or text.hu.count("„") != text.hu.count("”")
    ]
    assert bad == []


def test_get_service_and_get_group():
    service = get_service("vehicles.data_lookup")
    assert isinstance(service, ServiceInfo)
    assert service.code == "vehicles.data_lookup"
    group = get_group("vehicles")
    assert isinstance(group, ServiceGroup)
    assert service in group.services
    assert group_of("vehicles.data_lookup") is group


@pytest.mark.parametrize("code", ["", "vehicles", "vehicles.unknown", "VEHICLES.DATA_LOOKUP"])
def test_get_service_raises_key_error_for_unknown_codes(code):
    with pytest.raises(KeyError):
        get_service(code)


def test_get_group_raises_key_error_for_unknown_slugs():
    with pytest.raises(KeyError):
        get_group("nope")


def test_text_get_picks_the_language_and_falls_back_to_hungarian():
    text = Text("magyar", "English")
    assert text.get("hu") == "magyar"
    assert text.get("en") == "English"
    assert text.get("en-gb") == "English"
    assert text.get("de") == "magyar"
    assert text.get("") == "magyar"
    assert Text("magyar", "").get("en") == "magyar"


def test_catalogue_objects_are_frozen():
    service = get_service("documents.status")
    with pytest.raises(dataclasses.FrozenInstanceError):
        service.code = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        service.title.hu = "x"  # type: ignore[misc]


def test_sources_name_seed_files():
    for service in all_services():
        assert service.source in SEEDS, service.code
    if SEEDS_DIR.is_dir():
        assert all((SEEDS_DIR / seed).is_file() for seed in SEEDS)


def test_the_catalogue_package_does_not_import_django():
    offenders = [
        path.name
        for path in CATALOGUE_DIR.glob("*.py")
        if re.search(r"^\s*(from|import)\s+django\b", path.read_text("utf-8"), re.MULTILINE)
    ]
    assert offenders == []


def test_login_flags():
    assert not any(service.needs_login for service in get_group("anonymous").services)
    for code in ("ugyfelkapu.registration", "entrepreneurs.info", "eszemelyi.activation"):
        assert not get_service(code).needs_login, code
    for code in ("criminal_record.certificate", "vehicles.ownership_change", "idcards.replacement"):
        assert get_service(code).needs_login, code


# --- fees, deadlines and warnings against the sources -----------------------------------


def test_vehicle_data_lookup_fee():
    service = get_service("vehicles.data_lookup")
    for cost in _both(service.cost):
        for amount in ("275", "625", "825", "1100", "1375"):
            assert amount in cost
    notes = _joined(service.notes, "hu")
    assert "kilométeróra-állás" in notes and "eltérés lehetséges" in notes
    assert "hazai körözési adatok" in notes


@pytest.mark.parametrize("code", ["vehicles.temporary_withdrawal", "vehicles.reinstatement"])
def test_withdrawal_and_reinstatement_fee_and_deadline(code):
    service = get_service(code)
    assert all("2300" in cost for cost in _both(service.cost))
    assert "30 nap" in service.deadline.hu and "azonnal" in service.deadline.hu


def test_ownership_change_deadline_and_warning():
    service = get_service("vehicles.ownership_change")
    assert service.cost.hu == "Az eljárás ingyenes."
    assert "30 nap" in service.deadline.hu and "azonnal" in service.deadline.hu
    notes = _joined(service.notes, "hu")
    assert "8 napon belül" in notes
    assert "gépjárműadó" in notes and "parkolási díj" in notes
    assert "within 8 days" in _joined(service.notes, "en")


def test_title_replacement_fee_and_deadline():
    service = get_service("vehicles.title_replacement")
    assert all("6000" in cost for cost in _both(service.cost))
    assert "eltulajdonítás" in service.cost.hu and "feljelentés" in service.cost.hu
    assert "Hivatalos Értesítő" in service.deadline.hu
    assert "8 napon belül" in service.deadline.hu


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
    assert "költségmentesség" in _joined(get_service(code).notes, "hu")


def test_criminal_record_certificate_fee_and_deadline():
    service = get_service("criminal_record.certificate")
    assert "3000" in _plain(service.cost.hu) and "négy" in service.cost.hu
    assert "3000" in _plain(service.cost.en) and "four" in service.cost.en
    assert service.deadline.hu.startswith("8 nap")


def test_criminal_record_data_info_deadline():
    assert "21 nap" in get_service("criminal_record.data_info").deadline.hu


def test_passport_replacement_duty_table_and_surcharges():
    service = get_service("passports.replacement")
    for cost in _both(service.cost):
        for amount in ("15000", "28000", "5000", "30000", "10000", "19000", "29000"):
            assert amount in cost
        for fee in ("20", "40", "45"):
            assert re.search(rf"\b{fee} EUR|EUR {fee}\b", cost)
    assert "20 nap" in service.deadline.hu and "8 napon belül" in service.deadline.hu


def test_second_passport_duty():
    cost = _plain(get_service("passports.second_passport").cost.hu)
    for amount in ("5000", "15000", "10000", "30000", "19000", "29000"):
        assert amount in cost


@pytest.mark.parametrize("code", PASSPORT_CODES)
def test_passport_services_explain_the_receipt_by_email(code):
    service = get_service(code)
    for language in ("hu", "en"):
        notes = _joined(service.notes, language)
        assert "1818@1818.hu" in notes
    hu = _joined(service.notes, "hu")
    for item in ("nevét", "e-mail-címét", "bizonylatszámot", "ügyazonosítót", "okmánytípust"):
        assert item in hu


def test_notification_alert_fees():
    for code in ("register.notification_address_alerts", "register.landlord_declaration"):
        for cost in _both(get_service(code).cost):
            for amount in ("3600", "3300", "4100"):
                assert amount in cost, code
    assert "21 nap" in get_service("register.landlord_declaration").deadline.hu


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("residence.settle_abroad", "21 nap"),
        ("residence.foreign_address_change", "30 nap"),
        ("civil_registry.extract", "8 nap"),
        ("register.notification_address", "8 nap"),
        ("register.disclosure_ban", "8 napon belül"),
        ("parking.replacement", "15 napon belül"),
        ("parking.exchange", "15 napon belül"),
        ("idcards.replacement", "20 nap"),
        ("register.own_data", "Azonnal"),
        ("idcards.invalidation", "Azonnal"),
    ],
)
def test_deadlines(code, phrase):
    assert phrase in get_service(code).deadline.hu


def test_id_card_invalidation_warns_about_online_replacement():
    notes = _joined(get_service("idcards.invalidation").notes, "hu")
    assert "nem pótolható" in notes
    assert "három munkanapon belül" in notes


def test_id_card_replacement_remedy():
    notes = _joined(get_service("idcards.replacement").notes, "hu")
    assert "30 napon belül" in notes and "30000" in notes


def test_ugyfelkapu_registration():
    service = get_service("ugyfelkapu.registration")
    assert "3000" in _plain(service.cost.hu) and "ingyenes" in service.cost.hu
    assert "5 napig" in _joined(service.notes, "hu")


def test_eszemelyi_pins_and_signature_limits():
    activation = _joined(get_service("eszemelyi.activation").notes, "hu")
    assert "6 számjegyű" in activation and "7 számjegyű" in activation
    esign = _joined(get_service("eszemelyi.esign").notes, "hu")
    assert "10000 euró" in esign and "60 napon belül" in esign
