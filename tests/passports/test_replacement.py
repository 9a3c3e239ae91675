"""`passports.replacement`: every condition against the registers, the fee, the delivery
rules, the filing and the clerk's steps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from cases import fees, flow, registry
from cases.workflow import Status
from documents.models import Document, DocumentKind, FingerprintExemption, ProductionOrder
from passports import actions
from passports.models import Replacement, TravelRestriction
from tests.factories import CitizenFactory, PassportFactory, PersonFactory
from tests.passports.conftest import answers_ok, errors_of, file_and_pay

pytestmark = pytest.mark.django_db
SLUG = "passports.replacement"
CENTRAL = {"speed": "standard", "delivery": "central_office"}


def check(applicant, first: dict, delivery: dict | None = None):
    steps = [first] if delivery is None else [first, delivery]
    with override("en"):
        outcome = answers_ok(SLUG, applicant, steps)
        return outcome, " ".join(errors_of(outcome))


def test_a_passport_that_meets_every_condition_passes(citizen):
    passport = PassportFactory(holder=citizen.person)
    outcome, errors = check(citizen, {"number": passport.number, "reason": "lost"}, CENTRAL)
    assert errors == ""
    assert outcome.data["duty_kind"] == "private_10y"
    quote = flow.quote_for_answers(registry.get(SLUG), outcome.data)
    assert quote.total_huf == 28_000


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        ({"kind": DocumentKind.TEMPORARY_PASSPORT}, "temporary passport cannot be replaced"),
        ({"validity": Document.Validity.REVOKED}, "not valid under the travel law"),
        (
            {"validity": Document.Validity.INVALIDATED, "invalidation_reason": "replaced"},
            "not valid under the travel law",
        ),
        ({"applied_on": date(2013, 1, 1)}, "after 1 January 2013"),
        ({"applied_on": date(2012, 6, 1)}, "after 1 January 2013"),
        ({"fingerprints_stored": False}, "storage of your fingerprints"),
    ],
)
def test_each_condition_on_the_passport_names_itself(citizen, change, phrase):
    passport = PassportFactory(holder=citizen.person, **change)
    _outcome, errors = check(citizen, {"number": passport.number, "reason": "lost"})
    assert phrase in errors
    assert "in person" in errors


@pytest.mark.parametrize("reason", sorted(FingerprintExemption.values))
def test_no_fingerprints_for_a_listed_reason_is_accepted(citizen, reason):
    passport = PassportFactory(
        holder=citizen.person, fingerprints_stored=False, fingerprint_exemption=reason
    )
    _outcome, errors = check(citizen, {"number": passport.number, "reason": "lost"})
    assert errors == ""


@pytest.mark.parametrize(("days", "passes"), [(11, False), (12, True), (13, True)])
def test_valid_at_least_12_days_after_the_request(citizen, days, passes):
    expires = timezone.localdate() + timedelta(days=days)
    passport = PassportFactory(holder=citizen.person, expires_on=expires)
    _outcome, errors = check(citizen, {"number": passport.number, "reason": "lost"})
    assert (errors == "") is passes, errors


def test_someone_elses_passport_is_not_found(citizen):
    passport = PassportFactory(holder=PersonFactory())
    _outcome, errors = check(citizen, {"number": passport.number, "reason": "lost"})
    assert "No passport with this number is registered to you" in errors


def test_changed_data_are_refused(citizen):
    passport = PassportFactory(holder=citizen.person, printed_family_name="Régi")
    _outcome, errors = check(citizen, {"number": passport.number, "reason": "lost"})
    assert "differ from those printed" in errors


def test_a_reported_loss_allows_only_the_reported_reason(citizen):
    passport = PassportFactory(
        holder=citizen.person, validity=Document.Validity.INVALIDATED, invalidation_reason="lost"
    )
    _outcome, errors = check(citizen, {"number": passport.number, "reason": "stolen"})
    assert "reported before as lost" in errors
    _outcome, errors = check(citizen, {"number": passport.number, "reason": "lost"})
    assert errors == ""


def test_a_replaced_passport_can_be_replaced_again(citizen):
    first = PassportFactory(
        holder=citizen.person, validity=Document.Validity.INVALIDATED, invalidation_reason="lost"
    )
    second = PassportFactory(holder=citizen.person, replaces=first, expires_on=first.expires_on)
    _outcome, errors = check(citizen, {"number": second.number, "reason": "destroyed"})
    assert errors == ""


def test_minors_restricted_capacity_and_travel_restrictions_are_refused(citizen):
    passport = PassportFactory(holder=citizen.person)
    first = {"number": passport.number, "reason": "lost"}
    citizen.person.capacity_restricted = True
    citizen.person.save()
    assert "legal capacity is restricted" in check(citizen, first)[1]
    citizen.person.capacity_restricted = False
    citizen.person.save()
    TravelRestriction.objects.create(
        person=citizen.person,
        kind=TravelRestriction.Kind.HOUSE_ARREST,
        starts_on=timezone.localdate() - timedelta(days=3),
    )
    assert "travel restriction (house arrest)" in check(citizen, first)[1]


def test_a_restriction_that_ended_does_not_count(citizen):
    passport = PassportFactory(holder=citizen.person)
    TravelRestriction.objects.create(
        person=citizen.person,
        kind=TravelRestriction.Kind.PRISON_SENTENCE,
        starts_on=date(2015, 1, 1),
        ends_on=date(2018, 1, 1),
    )
    assert check(citizen, {"number": passport.number, "reason": "lost"})[1] == ""


def test_a_minor_is_refused():
    young = CitizenFactory(person__birth_date=timezone.localdate() - timedelta(days=17 * 365))
    young.birth_date = young.person.birth_date
    passport = PassportFactory(holder=young.person)
    assert "Only an adult" in check(young, {"number": passport.number, "reason": "lost"})[1]


def test_an_age_the_duty_table_does_not_cover_sends_to_an_office(citizen):
    # Applied for at 16 (born 1980): the table has no line for a minor's private passport.
    passport = PassportFactory(holder=citizen.person, applied_on=date(1996, 6, 1))
    passport.applied_on = date(2014, 1, 1)
    passport.holder.birth_date = date(1998, 1, 1)
    passport.holder.save()
    passport.printed_birth_date = date(1998, 1, 1)
    passport.save()
    _outcome, errors = check(citizen, {"number": passport.number, "reason": "lost"})
    assert "does not cover that age" in errors
    # Stolen: free whatever the age.
    assert check(citizen, {"number": passport.number, "reason": "stolen"})[1] == ""


def test_a_citizen_not_in_the_register_gives_the_printed_data():
    holder = PersonFactory()
    passport = PassportFactory(holder=holder)
    user = CitizenFactory(
        person=None,
        last_name=holder.family_name,
        first_name=holder.given_names,
        birth_family_name=holder.birth_family_name,
        birth_given_names=holder.birth_given_names,
        mother_family_name=holder.mother_family_name,
        mother_given_names=holder.mother_given_names,
        birth_place=holder.birth_place,
        birth_date=holder.birth_date,
    )
    first = {"number": passport.number, "reason": "lost"}
    assert "exactly as printed" in check(user, first)[1]
    first.update(
        family_name=holder.family_name,
        given_names=holder.given_names,
        birth_date=holder.birth_date.isoformat(),
        birth_place=holder.birth_place,
    )
    assert check(user, first)[1] == ""
    assert "No passport" in check(user, {**first, "birth_place": "Máshol"})[1]


@pytest.mark.parametrize(
    ("delivery", "phrase"),
    [
        ({"speed": "express", "delivery": "consulate", "consulate": "vienna"}, "abroad cannot"),
        ({"speed": "urgent", "delivery": "district_office"}, "Central Document Office"),
        ({"speed": "urgent", "delivery": "post"}, "Central Document Office"),
        ({"speed": "standard", "delivery": "consulate"}, "Choose the consulate"),
        (
            {"speed": "standard", "delivery": "consulate", "consulate": "vienna"},
            "phone number where you can be reached abroad",
        ),
        (
            {
                "speed": "standard",
                "delivery": "consulate_post",
                "consulate": "vienna",
                "phone": "+43 660 1234567",
            },
            "postal address abroad",
        ),
        (
            {
                "speed": "standard",
                "delivery": "consulate",
                "consulate": "vienna",
                "phone": "+43 660 1234567",
                "foreign_address": "Hauptstraße 1, Wien",
                "notify_sms": "on",
            },
            "only for a delivery in Hungary",
        ),
        ({"speed": "standard", "delivery": "district_office"}, "Choose the district office"),
        ({"speed": "standard", "delivery": "post"}, "address in Hungary"),
        ({"speed": "standard", "delivery": "central_office", "notify_sms": "on"}, "for the SMS"),
    ],
)
def test_the_delivery_rules_one_by_one(citizen, delivery, phrase):
    citizen.person.addresses.all().delete()
    passport = PassportFactory(holder=citizen.person)
    _outcome, errors = check(citizen, {"number": passport.number, "reason": "lost"}, delivery)
    assert phrase in errors


def test_service_passports_take_the_express_procedure_free_and_no_urgent(citizen):
    passport = PassportFactory(
        holder=citizen.person, kind=DocumentKind.SERVICE_PASSPORT, validity_years=5
    )
    first = {"number": passport.number, "reason": "lost"}
    _outcome, errors = check(citizen, first, {"speed": "urgent", "delivery": "central_office"})
    assert "express (7-day) procedure" in errors
    outcome, errors = check(citizen, first, {"speed": "express", "delivery": "central_office"})
    assert errors == ""
    quote = flow.quote_for_answers(registry.get(SLUG), outcome.data)
    assert [line.amount for line in quote.lines] == [15_000]


def test_delivery_abroad_shows_the_consular_fee_apart(citizen):
    passport = PassportFactory(holder=citizen.person)
    outcome, errors = check(
        citizen,
        {"number": passport.number, "reason": "stolen"},
        {
            "speed": "standard",
            "delivery": "consulate_post",
            "consulate": "new_york",
            "phone": "+1 212 555 0100",
            "foreign_address": "1 Main St, New York, NY 10001, USA",
        },
    )
    assert errors == ""
    quote = flow.quote_for_answers(registry.get(SLUG), outcome.data)
    assert quote.total_huf == 0
    assert [line.amount for line in quote.abroad] == [45]


def test_filing_reports_the_loss_and_the_clerk_issues_the_replacement(
    citizen_client, citizen, clerk
):
    passport = PassportFactory(holder=citizen.person)
    case = file_and_pay(
        citizen_client,
        SLUG,
        [
            {"number": passport.number, "reason": "lost"},
            {"speed": "urgent", "delivery": "central_office"},
        ],
    )
    assert case.status == Status.SUBMITTED
    assert case.deadline_days == 3
    assert fees.quote_for(case).total_huf == 28_000 + 29_000
    passport.refresh_from_db()
    assert passport.validity == Document.Validity.INVALIDATED
    assert passport.invalidation_reason == "lost"
    page = citizen_client.get(case.get_absolute_url()).content.decode()
    assert "1818@1818.hu" in page
    detail = Replacement.objects.get(case=case)
    order = actions.order_production(case, by=clerk)
    assert order.procedure == ProductionOrder.Procedure.URGENT
    assert order.applicant == citizen.person
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    with pytest.raises(actions.NotAllowed):
        actions.issue_passport(case, number=passport.number, by=clerk)
    new = actions.issue_passport(case, number="BB7654321", by=clerk)
    assert new.expires_on == passport.expires_on
    assert new.replaces == passport
    order.refresh_from_db()
    assert order.document == new and order.state == ProductionOrder.State.COLLECTABLE
    case.refresh_from_db()
    detail.refresh_from_db()
    assert case.status == Status.DECIDED_APPROVED and detail.new_document == new


def test_a_second_open_request_for_the_same_passport_is_refused(citizen_client, citizen):
    passport = PassportFactory(holder=citizen.person)
    file_and_pay(citizen_client, SLUG, [{"number": passport.number, "reason": "stolen"}, CENTRAL])
    _outcome, errors = check(citizen, {"number": passport.number, "reason": "stolen"})
    assert "already being processed" in errors
