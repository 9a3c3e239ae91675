"""No input reaches a server error: every form of every registered service, fuzzed.

The targets come from the case-type registry: each step of a type with `forms`
(its POST address and its htmx `check` address, both read from the step page as
a browser reads them), and the POST forms on the start page of a type with its own
views (`start_view`). Each target is posted its valid answers with some fields
replaced by hostile values (`tests.hostile`); the answer must not be a 5xx, and a
refused answer must change nothing.

A new service is covered without editing this file, except for one thing it must
give: `VALID_ANSWERS`, the answers that get a citizen through each step, so that
the later steps (and the checks behind the first invalid field) are reached. A
registered type without them fails `test_every_registered_service_is_covered`.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings

from cases import registry
from cases.models import Case
from civil_registry.models import CivilEvent
from documents.models import DocumentKind, ProductionOrder
from tests import hostile
from tests.factories import DocumentFactory, PassportFactory
from tests.parking.conftest import lost_card, make_card
from tests.residence.conftest import abroad_person, report_data
from tests.vehicles.conftest import make_vehicle

pytestmark = pytest.mark.django_db

PDF = hostile.Upload("szerzodes.pdf", hostile.pdf_bytes(), "application/pdf")


def _day(offset: int) -> str:
    return (timezone.localdate() + timedelta(days=offset)).isoformat()


def _held_property():
    from register.models import Property

    # None outside the fixture (the coverage test only counts the steps).
    return Property.objects.filter(street_address="Nádor utca 5.").first()


# The answers that take the citizen persona through each step, per service (the
# vehicles are made by `register_data`). Callables are evaluated per test, as
# answers with dates depend on the day.
VALID_ANSWERS = {
    "vehicles.ownership_change": lambda: [
        {"plate": "RKZ-214"},
        {
            "buyer_kind": "person",
            "buyer_name": "Vevő Vilmos",
            "buyer_birth_name": "Vevő Vilmos",
            "buyer_mother_name": "Anya Anna",
            "buyer_birth_place": "Eger",
            "buyer_birth_date": "1985-02-03",
            "buyer_document_number": "123456AB",
            "buyer_postal_code": "3300",
            "buyer_settlement": "Eger",
            "buyer_street_address": "Dobó tér 1.",
        },
        {
            "transfer": "paid",
            "contract_effective_on": _day(-2),
            "possession_on": _day(-2),
            "odometer_km": "91000",
            "declaration": "on",
            "contract_scan": PDF,
        },
    ],
    "vehicles.title_replacement": lambda: [
        {"plate": "RKZ-214"},
        {"reason": "lost", "reported_before": "no"},
        {"delivery": "collect", "lawful_holder": "on"},
    ],
    "vehicles.temporary_withdrawal": lambda: [
        {"plate": "RKZ-214", "purpose": "new", "holds_documents": "on"},
        {"starts_on": _day(1), "ends_on": _day(60)},
    ],
    "vehicles.reinstatement": lambda: [
        {"plate": "PTR-370", "holds_documents": "on"},
    ],
    "vehicles.data_lookup": lambda: [
        {"plates": "RKZ-214\nPTR-370"},
        {"match_RKZ214__year_of_manufacture": "2015", "match_PTR370__own_mass_kg": "1 200 kg"},
    ],
    # The population register services (their address list is made by `register_data`).
    "register.own_data": lambda: [{}],
    "register.disclosure_ban": lambda: [{"research": "ban", "polls": "keep", "marketing": "keep"}],
    "register.change_notice": lambda: [{"body": "trusts", "items": ["name", "residence"]}],
    "register.notification_address": lambda: [
        {"action": "register"},
        {
            "kind": "address",
            "postal_code": "6720",
            "settlement": "Szeged",
            "street_address": "Kárász utca 3.",
        },
    ],
    "register.notification_address_refusal": lambda: [
        {
            "action": "refuse",
            "target": "address",
            "postal_code": "1051",
            "settlement": "Budapest",
            "street_address": "Nádor utca 5.",
        },
    ],
    "register.notification_address_alerts": lambda: [
        {"action": "create"},
        {
            "properties": str(getattr(_held_property(), "pk", "")),
            "channels": ["email", "sms"],
            "email": "elek@example.hu",
            "phone": "+36 30 123 4567",
        },
    ],
    "register.landlord_declaration": lambda: [
        {"postal_code": "1051", "settlement": "Budapest", "street_address": "Nádor utca 5."},
        {"mode": "online"},
    ],
    "idcards.invalidation": lambda: [
        {"number": "700901AB", "reason": "lost"},
        {"understood": "on"},
    ],
    "idcards.replacement": lambda: [
        {"number": "700901AB", "reason": "stolen", "police_report_number": "01000/12/2026"},
        {
            "postal_code": "1051",
            "settlement": "Budapest",
            "street_address": "Sas utca 2.",
            "notify_mobile": "+36 30 123 4567",
            "notify_email": "ertesito@example.hu",
        },
    ],
    "criminal_record.certificate": lambda: [
        {"clean_record": "on", "occupation_statement": "not_banned", "occupation": "tanító"},
        {
            "addressee": "organisation",
            "addressee_name": "Minta Iskola",
            "country": "HU",
            "postal_code": "1051",
            "settlement": "Budapest",
            "street_address": "Sas utca 1.",
            "notify_email": "elek@example.hu",
        },
    ],
    "criminal_record.data_info": lambda: [
        {
            "postal_code": "1051",
            "settlement": "Budapest",
            "street_address": "Sas utca 1.",
            "country": "Magyarország",
        },
    ],
    "passports.replacement": lambda: [
        {"number": "BA7009011", "reason": "lost"},
        {"speed": "express", "delivery": "central_office", "notify_email": "on"},
    ],
    "passports.second_passport": lambda: [
        {"reason": "work", "proof": PDF, "replaces": "no"},
        {
            "speed": "standard",
            "delivery": "consulate_post",
            "consulate": "vienna",
            "phone": "+43 660 1234567",
            "foreign_address": "Hauptstraße 1, 1010 Wien, Österreich",
        },
    ],
    "passports.acceleration": lambda: [
        {"receipt_number": "UT-2026-0000017", "validity_change": "no"},
        {"speed": "urgent", "delivery": "passport_authority"},
    ],
    "civil_registry.extract": lambda: [
        {"kind": "birth", "occurred_on": "1980-01-01"},
        {
            "purpose": "official_procedure",
            "purpose_detail": "",
            "postal_code": "1051",
            "settlement": "Budapest",
            "street_address": "Sas utca 1.",
        },
    ],
    "parking.replacement": lambda: [
        {"number": "PK0000101"},
        {
            "postal_code": "7621",
            "settlement": "Pécs",
            "street_address": "Király utca 20.",
            "holding_rules": "on",
        },
    ],
    "parking.exchange": lambda: [
        {"number": "PK0000102"},
        {"kind": "extension", "category": "musculoskeletal", "basis": "expert_opinion"},
        {
            "postal_code": "7621",
            "settlement": "Pécs",
            "street_address": "Király utca 20.",
            "holding_rules": "on",
        },
    ],
    "residence.settle_abroad": lambda: [
        {
            "country": "AT",
            "province": "",
            "postal_code": "1010",
            "settlement": "Wien",
            "street_address": "Kärntner Straße 12/5",
        },
        {"settling": "on", "card_delivery": "post", "consulate": ""},
    ],
    "residence.foreign_address_change": lambda: {
        "residence:foreign_address_change": report_data(),
    },
    # Services with their own pages: the answers of each POST form on the start page,
    # by the form's address.
    "eszemelyi.emergency_numbers": lambda: {
        "eszemelyi:emergency_numbers_start": {
            "slot": "1",
            "action": "set",
            "number": "+36 30 123 4567",
            "consent": "on",
        },
    },
    "eszemelyi.nek_applet": lambda: {"eszemelyi:nek_start": {}},
    "eszemelyi.esign": lambda: {
        "eszemelyi:esign_save": {
            "email": "elek@example.hu",
            "email_in_certificate": "yes",
            "publish_in_directory": "no",
        },
    },
}

STEP_TARGETS = [
    (kind.slug, index) for kind in registry.all_types() for index in range(len(kind.forms))
]
PAGE_TARGETS = [kind.slug for kind in registry.all_types() if kind.start_view and not kind.forms]
FUZZ = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def register_data(citizen, settings):
    """What the valid answers refer to: the citizen's own car and a withdrawn one, and
    a chip ID card old enough to need the NEK applet."""
    settings.RATELIMIT_ENABLE = False  # hundreds of posts in one test
    citizen.person.fingerprints_stored = True  # the ID card replacement needs them
    citizen.person.save(update_fields=["fingerprints_stored"])
    DocumentFactory(
        holder=citizen.person,
        number="700901AB",
        issued_on=date(2016, 6, 1),
        expires_on=date(2030, 3, 10),
        has_chip=True,
    )
    PassportFactory(holder=citizen.person, number="BA7009011")
    ProductionOrder.objects.create(
        receipt_number="UT-2026-0000017",
        kind=DocumentKind.PASSPORT,
        applicant=citizen.person,
        applied_on=timezone.localdate(),
        validity_years=10,
    )
    make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    CivilEvent.objects.create(
        kind="birth",
        registry_number="SZ-1980-0001",
        person=citizen.person,
        occurred_on=citizen.person.birth_date,
        place="Budapest",
        entered_on=date(2016, 3, 1),
        entry_ground="extract_requested",
    )
    lost_card("PK0000101", citizen.person)
    abroad_person()
    make_card("PK0000102", citizen.person)
    withdrawn = make_vehicle("PTR-370", [(citizen.person, 1, 1)])
    today = timezone.localdate()
    withdrawn.withdrawals.create(
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=50),
        withdrawn_by=citizen.person,
    )
    # The register services: a residence, a property the citizen holds, another address.
    from population.models import Address
    from register.models import Property
    from tests.factories import AddressFactory

    AddressFactory(person=citizen.person, kind=Address.Kind.RESIDENCE)
    Property.objects.create(
        postal_code="1051",
        settlement="Budapest",
        street_address="Nádor utca 5.",
        holder=citizen.person,
    )
    Property.objects.create(
        postal_code="6720", settlement="Szeged", street_address="Kárász utca 3."
    )


def test_every_registered_service_is_covered():
    covered = {slug for slug, _index in STEP_TARGETS} | set(PAGE_TARGETS)
    assert covered == {kind.slug for kind in registry.all_types()}
    missing = [kind.slug for kind in registry.all_types() if kind.slug not in VALID_ANSWERS]
    assert missing == [], "give the answers that get through each step in VALID_ANSWERS"
    for slug, _index in STEP_TARGETS:
        assert len(VALID_ANSWERS[slug]()) == len(registry.get(slug).forms), slug


def _open_step(client, slug: str, index: int) -> tuple[hostile.PageForm, Case | None]:
    """Post the valid answers of the steps before `index`; read step `index`'s form."""
    answers = VALID_ANSWERS[slug]()
    case = None
    for earlier in range(index):
        url = (
            reverse("flow:save_first", args=[slug])
            if case is None
            else reverse("flow:save_step", args=[case.reference, earlier])
        )
        response = hostile.post(client, url, answers[earlier])
        assert response.status_code == 302, response.content.decode()[:3000]
        case = case or Case.objects.get(case_type=slug)
    page = (
        reverse("flow:start", args=[slug])
        if case is None
        else reverse("flow:step", args=[case.reference, index])
    )
    response = client.get(page)
    assert response.status_code == 200, response.get("Location")
    (form,) = [f for f in hostile.forms_on(response.content.decode(), page) if f.check]
    return form, case


def _state(case: Case | None):
    if case is None:
        return Case.objects.count(), None
    case.refresh_from_db()
    return Case.objects.count(), case.draft_data


@pytest.mark.parametrize(("slug", "index"), STEP_TARGETS)
def test_step_forms_answer_hostile_input_without_a_server_error(
    citizen_client, register_data, slug, index
):
    form, case = _open_step(citizen_client, slug, index)
    valid = VALID_ANSWERS[slug]()[index]
    # The valid answers really are valid: the hostile values below reach every check.
    assert set(valid) <= set(form.fields), set(valid) - set(form.fields)
    first = hostile.post(citizen_client, form.action, valid)
    assert first.status_code == 302, first.content.decode()[:3000]

    def attempt(replaced: dict) -> None:
        data = hostile.merged(valid, replaced)
        before = _state(case)
        live = hostile.post(citizen_client, form.check, data, HTTP_HX_REQUEST="true")
        assert live.status_code in (200, 204), live.status_code
        assert _state(case) == before, "the live check wrote something"
        saved = hostile.post(citizen_client, form.action, data)
        assert saved.status_code in (302, 422), saved.status_code
        if saved.status_code == 422:
            assert _state(case) == before, "a refused step changed the draft"

    run = FUZZ(given(replaced=hostile.field_values(form))(attempt))
    for replaced in reversed(hostile.explicit_examples(form)):
        run = example(replaced=replaced)(run)
    run()


@pytest.mark.parametrize("slug", PAGE_TARGETS)
def test_service_pages_answer_hostile_input_without_a_server_error(
    citizen_client, register_data, slug
):
    page = reverse(registry.get(slug).start_view)
    response = citizen_client.get(page)
    assert response.status_code == 200
    forms = {f.action: f for f in hostile.forms_on(response.content.decode(), page)}
    answers = {reverse(name): data for name, data in VALID_ANSWERS[slug]().items()}
    assert set(answers) <= set(forms), f"{slug}: no form posts to {set(answers) - set(forms)}"
    for action, valid in answers.items():
        _fuzz(citizen_client, forms[action], valid)


def _fuzz(client, form: hostile.PageForm, valid: dict) -> None:
    def attempt(replaced: dict) -> None:
        before = Case.objects.count()
        response = hostile.post(client, form.action, hostile.merged(valid, replaced))
        assert response.status_code < 500, response.status_code
        if response.status_code not in (200, 302):
            assert Case.objects.count() == before

    run = FUZZ(given(replaced=hostile.field_values(form))(attempt))
    for replaced in reversed(hostile.explicit_examples(form)):
        run = example(replaced=replaced)(run)
    run()
