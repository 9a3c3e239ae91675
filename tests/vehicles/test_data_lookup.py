"""Vehicle data lookup: plates, optional match values, fee, answer after payment, PDF."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from cases import verification
from cases.actions import submit_case
from cases.models import Case, IssuedDocument
from tests.factories import ClerkFactory
from tests.vehicles.conftest import make_vehicle
from vehicles import data_lookup
from vehicles.fees import data_lookup_fee, data_lookup_quote
from vehicles.models import DataLookup, OdometerReading

SLUG = "vehicles.data_lookup"
START = reverse("flow:start", args=[SLUG])
SAVE_FIRST = reverse("flow:save_first", args=[SLUG])
CHECK_FIRST = reverse("flow:check_first", args=[SLUG])


# --- the fee ------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=10_000))
def test_the_fee_is_275_per_vehicle_and_at_least_625(count):
    fee = data_lookup_fee(count)
    assert fee == max(625, 275 * count)
    assert fee >= 625 and fee % 25 == 0


@pytest.mark.parametrize(("count", "fee"), [(1, 625), (2, 625), (3, 825), (4, 1100), (5, 1375)])
def test_the_fee_examples_of_the_source(count, fee):
    assert data_lookup_fee(count) == fee
    queries = [{"plate": f"ABC-{n:03d}", "checks": {}} for n in range(1, count + 1)]
    assert data_lookup_quote({"queries": queries}).total_huf == fee


def test_the_fee_line_writes_its_amounts_with_the_money_helper():
    from django.utils import translation

    queries = [{"plate": f"ABC-{n:03d}", "checks": {}} for n in range(1, 3)]
    with translation.override("en"):
        (line,) = data_lookup_quote({"queries": queries}).lines
        assert str(line.label) == (
            "Vehicle data lookup: 2 vehicle(s), HUF\xa0275 each, at least HUF\xa0625"
        )
    with translation.override("hu"):
        (line,) = data_lookup_quote({"queries": queries}).lines
        assert str(line.label) == (
            "Járműadat-lekérdezés: 2 jármű, járművenként 275\xa0Ft, legalább 625\xa0Ft"
        )


@given(st.integers(max_value=0))
def test_no_fee_for_no_vehicle(count):
    with pytest.raises(ValueError):
        data_lookup_fee(count)


@pytest.mark.parametrize("value", [True, 2.0, "3", None])
def test_the_fee_takes_a_whole_number(value):
    with pytest.raises(TypeError):
        data_lookup_fee(value)


# --- comparing the match values -------------------------------------------------


@pytest.fixture
def car(citizen):
    return make_vehicle("RKZ-214", [(citizen.person, 1, 1)])


def check(item_key, typed):
    item = data_lookup.ITEMS_BY_KEY[item_key]
    return item.canonical(typed)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "typed", "result"),
    [
        ("registration_certificate_number", "ab 123456", "match"),
        ("registration_certificate_number", "AB-123-456", "match"),
        ("registration_certificate_number", "AB123457", "mismatch"),
        ("year_of_manufacture", "2015", "match"),
        ("year_of_manufacture", " 2014 ", "mismatch"),
        ("first_registered_on", "2015-03-01", "match"),
        ("first_registered_on", "2015. 03. 01.", "match"),
        ("first_registered_on", "2015.3.1", "match"),
        ("first_registered_on", "01.03.2015", "match"),
        ("first_registered_on", "2015/03/02", "mismatch"),
        ("first_registered_hu_on", "2016-05-02", "match"),
        ("technical_valid_until", "2027-05-01", "match"),
        ("own_mass_kg", "1 200 kg", "match"),
        ("own_mass_kg", "1.200", "match"),
        ("own_mass_kg", "1201", "mismatch"),
        ("total_mass_kg", "1700", "match"),
        ("persons_carried", "5", "match"),
        ("engine_capacity_cm3", "1395 cm3", "match"),
        ("engine_capacity_cm3", "1 395", "match"),
        ("fuel", "petrol", "match"),
        ("fuel", "diesel", "mismatch"),
        ("power_kw", "90 kW", "match"),
        ("seats_with_driver", "5", "match"),
        ("standing_places", "0", "match"),
        ("standing_places", "2", "mismatch"),
        ("marketing_restriction", "no", "match"),
        ("marketing_restriction", "yes", "mismatch"),
    ],
)
def test_match_values_are_compared_in_canonical_form(car, key, typed, result):
    item = data_lookup.ITEMS_BY_KEY[key]
    assert item.compare(car, check(key, typed)) == result


@pytest.mark.django_db
def test_a_field_without_data_in_the_register_says_so(citizen):
    sparse = make_vehicle(
        "SPR-001", [(citizen.person, 1, 1)], own_mass_kg=None, first_registered_on=None
    )
    assert data_lookup.ITEMS_BY_KEY["own_mass_kg"].compare(sparse, 1200) == "no_data"
    assert (
        data_lookup.ITEMS_BY_KEY["first_registered_on"].compare(sparse, "2015-03-01") == "no_data"
    )


@pytest.mark.django_db
def test_a_recorded_marketing_restriction_is_a_yes(citizen):
    restricted = make_vehicle("RST-001", [(citizen.person, 1, 1)], marketing_restriction="hatósági")
    assert data_lookup.ITEMS_BY_KEY["marketing_restriction"].compare(restricted, "yes") == "match"


@pytest.mark.parametrize(
    ("key", "typed"),
    [
        ("own_mass_kg", "sok"),
        ("own_mass_kg", "12,5"),
        ("year_of_manufacture", "15"),
        ("year_of_manufacture", "3000"),
        ("first_registered_on", "2015-02-30"),
        ("technical_valid_until", "tavaly"),
    ],
)
def test_unreadable_match_values_are_refused_naming_the_item(key, typed):
    with pytest.raises(Exception) as raised:
        check(key, typed)
    assert str(data_lookup.ITEMS_BY_KEY[key].label) in str(raised.value.messages[0])


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_any_usual_date_spelling_reads_the_same(day):
    iso = day.isoformat()
    for typed in (
        iso,
        day.strftime("%Y. %m. %d."),
        f"{day.year}.{day.month}.{day.day}",
        day.strftime("%d.%m.%Y"),
        day.strftime("%Y/%m/%d"),
    ):
        assert data_lookup.parse_date(typed) == day


@given(st.integers(min_value=0, max_value=9_999_999))
def test_grouped_integers_read_the_same(number):
    grouped = f"{number:,}".replace(",", " ")
    assert data_lookup.parse_integer(str(number)) == number
    assert data_lookup.parse_integer(grouped) == number
    assert data_lookup.parse_integer(grouped.replace(" ", "\u00a0") + " kg") == number


# --- filing through the flow ----------------------------------------------------


@pytest.fixture
def cars(citizen, other_citizen):
    mine = make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    others = make_vehicle("NEV-112", [(other_citizen.person, 1, 1)], wanted=True)
    third = make_vehicle("AA BC-123", [(other_citizen.person, 1, 1)], own_mass_kg=None)
    OdometerReading.objects.create(
        vehicle=others, read_on=date(2023, 6, 1), kilometres=45000, source="ownership_change"
    )
    return mine, others, third


def file_plates(client, plates):
    response = client.post(SAVE_FIRST, {"plates": plates})
    assert response.status_code == 302, response.content.decode()[:3000]
    return Case.objects.get()


def match_step(case):
    return reverse("flow:save_step", args=[case.reference, 1])


def match_values(plates, **values):
    """What a browser posts: every input of every vehicle, most of them empty."""
    data = {
        f"{data_lookup.field_name(plate)}__{item.key}": ""
        for plate in plates
        for item in data_lookup.ITEMS
    }
    data.update(values)
    return data


def test_the_first_step_explains_the_service_and_the_fee(citizen_client):
    page = citizen_client.get(START).content.decode()
    assert "275 Ft" in page and "625 Ft" in page
    assert 'name="plates"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("plates", "message"),
    [
        ("", "Adjon meg legalább egy rendszámot"),
        ("  \n \n", "Adjon meg legalább egy rendszámot"),
        ("XYZ-999", "XYZ-999 rendszámú jármű"),
        ("RKZ-214\nrkz 214", "RKZ-214 rendszám többször szerepel"),
        ("??", "??:"),
        ("\n".join(f"ABC-{n:03d}" for n in range(1, 22)), "legfeljebb 20"),
    ],
)
def test_refusals_are_specific_and_nothing_is_recorded(citizen_client, cars, plates, message):
    response = citizen_client.post(SAVE_FIRST, {"plates": plates})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Case.objects.exists() and not DataLookup.objects.exists()


def test_an_unknown_plate_is_named_live(citizen_client, cars):
    response = citizen_client.post(
        CHECK_FIRST, {"plates": "RKZ-214\nXYZ-999"}, HTTP_HX_REQUEST="true"
    )
    assert "XYZ-999 rendszámú jármű" in response.content.decode()


def test_someone_without_a_person_record_is_refused(client, cars):
    clerk = ClerkFactory()
    client.force_login(clerk)
    response = client.post(SAVE_FIRST, {"plates": "RKZ-214"})
    assert response.status_code == 422
    assert "természetes személy" in response.content.decode()
    assert not Case.objects.exists()


def test_the_second_step_has_a_fieldset_per_vehicle(citizen_client, cars):
    case = file_plates(citizen_client, "rkz214\nNEV-112")
    page = citizen_client.get(reverse("flow:step", args=[case.reference, 1])).content.decode()
    assert page.count("<fieldset") == 2
    assert "<legend" in page and "RKZ-214" in page and "NEV-112" in page
    assert page.count('class="form-control match-input"') == 2 * 12
    assert 'type="date"' not in page and 'inputmode="numeric"' in page
    assert "Saját tömeg (kg)" in page and 'for="id_match_RKZ214_5"' in page


def test_a_bad_match_value_is_refused_naming_the_vehicle_item(citizen_client, cars):
    case = file_plates(citizen_client, "RKZ-214")
    response = citizen_client.post(
        match_step(case), match_values(["RKZ-214"], match_RKZ214__own_mass_kg="sok")
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Saját tömeg (kg): adjon meg egy egész számot" in page
    # Only the wrong input of the group is marked, and the summary leads to it.
    assert page.count('aria-invalid="true"') == 1
    assert re.search(
        r'<input[^>]*id="id_match_RKZ214_5"[^>]*aria-invalid="true"', page
    ) or re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_match_RKZ214_5"', page)
    assert '<a href="#id_match_RKZ214_5">Saját tömeg (kg): adjon meg' in page
    under = page.split('id="id_match_RKZ214_5_error"', 1)[1].split("</div>", 1)[0]
    assert "adjon meg egy egész számot" in under
    assert not DataLookup.objects.exists()


def test_a_bad_match_value_is_named_live_under_its_vehicle(citizen_client, cars):
    case = file_plates(citizen_client, "RKZ-214\nNEV-112")
    url = reverse("flow:check_step", args=[case.reference, 1])
    data = match_values(["RKZ-214", "NEV-112"], match_RKZ214__own_mass_kg="sok")
    body = citizen_client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    # The error stands under the input that is wrong, not below the vehicle's fourteen.
    error = body.split('id="id_match_RKZ214_5_error"', 1)[1].split("</div>", 1)[0]
    assert "Saját tömeg (kg): adjon meg egy egész számot" in error
    whole = body.split('id="id_match_RKZ214_error"', 1)[1].split("</div>", 1)[0]
    assert "<p" not in whole
    untouched = body.split('id="id_match_NEV112_5_error"', 1)[1].split("</div>", 1)[0]
    assert "<p" not in untouched
    assert not DataLookup.objects.exists()


def test_the_second_step_is_built_from_this_drafts_plates(citizen_client, cars):
    case = file_plates(citizen_client, "RKZ-214\nnev 112")
    # Another draft, begun later, must not get in the way.
    citizen_client.post(SAVE_FIRST, {"plates": "AA BC-123"})
    assert Case.objects.count() == 2
    page = citizen_client.get(reverse("flow:step", args=[case.reference, 1])).content.decode()
    assert 'name="match_RKZ214__own_mass_kg"' in page
    assert 'name="match_NEV112__own_mass_kg"' in page
    assert 'name="match_AABC123__own_mass_kg"' not in page
    assert "625" in page  # the fee is known on the first display


def file_until_payment(client):
    case = file_plates(client, "RKZ-214\nnev 112\nAA BC-123")
    response = client.post(
        match_step(case),
        match_values(
            ["RKZ-214", "NEV-112", "AA BC-123"],
            match_RKZ214__registration_certificate_number="ab 123456",
            match_RKZ214__own_mass_kg="1 250",
            match_RKZ214__first_registered_on="2015-03-01",
            match_AABC123__own_mass_kg="1200",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    review = client.get(reverse("flow:review", args=[case.reference])).content.decode()
    assert "RKZ-214, NEV-112, AA BC-123" in review
    assert "825" in review  # three vehicles: 3 × 275 Ft
    response = client.post(reverse("flow:submit", args=[case.reference]))
    assert response["Location"] == reverse("payments:case_payment", args=[case.reference])
    case.refresh_from_db()
    return case


def test_filed_lookup_waits_for_the_fee_and_shows_nothing_yet(citizen_client, cars):
    case = file_until_payment(citizen_client)
    assert case.status == "awaiting_payment"
    detail = DataLookup.objects.get(case=case)
    assert detail.queries == [
        {
            "plate": "RKZ-214",
            "checks": {
                "registration_certificate_number": "AB123456",
                "first_registered_on": "2015-03-01",
                "own_mass_kg": 1250,
            },
        },
        {"plate": "NEV-112", "checks": {}},
        {"plate": "AA BC-123", "checks": {"own_mass_kg": 1200}},
    ]
    assert detail.answers == [] and detail.answered_at is None
    page = citizen_client.get(case.get_absolute_url()).content.decode()
    assert "befizetése után" in page and "ezüst" not in page


def pay(case, citizen, capture):
    with capture(execute=True):
        submit_case(Case.objects.get(pk=case.pk), by=citizen)


def test_after_payment_the_answer_is_shown_and_kept(
    citizen_client, citizen, cars, django_capture_on_commit_callbacks
):
    case = file_until_payment(citizen_client)
    pay(case, citizen, django_capture_on_commit_callbacks)
    case.refresh_from_db()
    assert case.status == "closed"
    answers = DataLookup.objects.get(case=case).answers
    assert [a["plate"] for a in answers] == ["RKZ-214", "NEV-112", "AA BC-123"]
    assert answers[0]["checks"] == [
        {"item": "registration_certificate_number", "entered": "AB123456", "result": "match"},
        {"item": "first_registered_on", "entered": "2015-03-01", "result": "match"},
        {"item": "own_mass_kg", "entered": 1250, "result": "mismatch"},
    ]
    assert answers[1]["wanted"] is True and answers[1]["checks"] == []
    assert [r["km"] for r in answers[1]["odometer"]] == [45000, 88000]
    assert answers[2]["checks"][0]["result"] == "no_data"

    page = citizen_client.get(case.get_absolute_url()).content.decode()
    for text in (
        "Volkswagen",
        "Golf",
        "ezüst",
        "LA7W",
        "egyezik",
        "nem egyezik",
        "a nyilvántartásban nincs adat",
        "2023. 06. 01.",
        "45\xa0000",
        "igen, a jármű körözött",
        "eltérhetnek a valóstól",
        "csak a hazai",
        "Egyszerűsített döntés",
    ):
        assert text in page, text
    assert page.count('class="alert alert-danger lookup-wanted"') == 1
    assert "Figyelem: a(z) NEV-112 körözött jármű" in page
    assert "<dd><strong>igen, a jármű körözött</strong></dd>" in page


def test_the_answer_reads_in_english_with_grouped_numbers_and_the_wanted_warning(
    citizen_client, citizen, cars, django_capture_on_commit_callbacks
):
    case = file_until_payment(citizen_client)
    pay(case, citizen, django_capture_on_commit_callbacks)
    citizen_client.cookies["django_language"] = "en"
    page = citizen_client.get(case.get_absolute_url()).content.decode()
    assert "<dt>Primary colour</dt><dd>silver</dd>" in page
    assert "ezüst" not in page
    # The register's codes (where a reading was recorded, the answers) as English words.
    assert '<td class="text-end">45,000</td><td>ownership change</td>' in page
    assert (
        '<th scope="row">Registration certificate number</th><td>AB123456</td>'
        "<td><strong>matches</strong></td>"
    ) in page
    assert "<dt>In traffic</dt><dd>yes</dd>" in page
    assert '<td class="text-end">45,000</td>' in page
    assert '<td class="text-end">88,000</td>' in page
    assert "Warning: NEV-112 is a wanted vehicle" in page
    assert page.count("is a wanted vehicle") == 1  # RKZ-214 and AA BC-123 are not
    assert "Simplified decision (vehicle data)</a> (PDF)" in page  # issued in Hungarian


def test_a_colour_outside_the_registers_list_is_shown_as_written():
    from django.utils import translation

    from vehicles.colours import colour_name

    with translation.override("en"):
        assert (colour_name("ezüst"), colour_name("Sötétkék")) == ("silver", "dark blue")
        assert colour_name("metálzöld") == "metálzöld"
    with translation.override("hu"):
        assert colour_name("ezüst") == "ezüst"


def test_a_withdrawn_vehicle_is_not_in_traffic(citizen, citizen_client, withdrawn_car):
    answer = data_lookup.snapshot(withdrawn_car, withdrawn_car.plate, {}, timezone.localdate())
    assert answer["in_traffic"] is False
    assert answer["withdrawn_until"] == (timezone.localdate() + timedelta(days=50)).isoformat()


@pytest.fixture
def withdrawn_car(citizen):
    from vehicles.models import WithdrawalPeriod

    vehicle = make_vehicle("PTR-370", [(citizen.person, 1, 1)])
    today = timezone.localdate()
    WithdrawalPeriod.objects.create(
        vehicle=vehicle,
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=50),
        withdrawn_by=citizen.person,
    )
    return vehicle


def test_the_simplified_decision_pdf_reads_the_answer(
    citizen_client, citizen, cars, django_capture_on_commit_callbacks
):
    case = file_until_payment(citizen_client)
    pay(case, citizen, django_capture_on_commit_callbacks)
    document = IssuedDocument.objects.get(case=case, kind="decision")
    assert document.public
    reader = PdfReader(io.BytesIO(document.file.read()))
    text = "".join(page.extract_text() for page in reader.pages)
    for item in (
        case.reference,
        "Egyszerűsített döntés",
        "RKZ-214",
        "NEV-112",
        "AA BC-123",
        "Volkswagen",
        "nem egyezik",
        "egyezik",
        "nincs adat",
        "825",
        "csak a hazai",
    ):
        assert item in text, item
    flat = " ".join(text.split())
    for item in (
        "A közúti közlekedési nyilvántartásról szóló 1999. évi LXXXIV. törvény",
        "54/1999. (XII. 25.) BM rendelet",
        "A döntés ellen fellebbezésnek nincs helye",
        "30 napon belül közigazgatási pert indíthat",
        verification.verification_url(document.verification_code),
    ):
        assert item in flat, item
    page = citizen_client.get(case.get_absolute_url()).content.decode()
    assert reverse("cases:document_download", args=[case.reference, document.pk]) in page


def test_answering_twice_changes_nothing(citizen_client, citizen, cars):
    case = file_until_payment(citizen_client)
    submit_case(Case.objects.get(pk=case.pk), by=citizen)
    detail = DataLookup.objects.get(case=case)
    first = detail.answered_at
    data_lookup.answer(case)
    detail.refresh_from_db()
    assert detail.answered_at == first


def test_another_citizen_cannot_see_the_answer(client, other_citizen, citizen_client, cars):
    case = file_until_payment(citizen_client)
    client.force_login(other_citizen)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(reverse("flow:step", args=[case.reference, 1])).status_code == 404
