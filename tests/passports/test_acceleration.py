"""`passports.acceleration`: an application not yet in production, 3 or 7 days, the
official passports' rule, validity changes refused, and the effect on the register."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django.utils.translation import override

from cases import fees, flow, registry
from cases.workflow import Status
from documents.models import DocumentKind, ProductionOrder
from passports import actions
from tests.passports.conftest import answers_ok, errors_of, file_and_pay

pytestmark = pytest.mark.django_db
SLUG = "passports.acceleration"
NUMBER = "UT-2026-0004711"


def order(person, **fields) -> ProductionOrder:
    values = {
        "receipt_number": NUMBER,
        "kind": DocumentKind.PASSPORT,
        "applicant": person,
        "applied_on": timezone.localdate(),
        "validity_years": 5,
    }
    values.update(fields)
    return ProductionOrder.objects.create(**values)


def check(applicant, first: dict, delivery: dict | None = None):
    steps = [first] if delivery is None else [first, delivery]
    with override("en"):
        outcome = answers_ok(SLUG, applicant, steps)
        return outcome, " ".join(errors_of(outcome))


FIRST = {"receipt_number": "ut 2026 0004711", "validity_change": "no"}


@pytest.mark.parametrize(("speed", "amount"), [("express", 19_000), ("urgent", 29_000)])
def test_a_standard_application_not_in_production_is_accelerated(citizen, speed, amount):
    order(citizen.person)
    outcome, errors = check(citizen, FIRST, {"speed": speed, "delivery": "central_office"})
    assert errors == ""
    assert flow.quote_for_answers(registry.get(SLUG), outcome.data).total_huf == amount


def test_an_application_in_production_cannot_be_accelerated(citizen):
    order(citizen.person, state=ProductionOrder.State.ISSUING)
    assert "already gone into production" in check(citizen, FIRST)[1]


def test_an_unknown_or_someone_elses_application(citizen, other_citizen):
    order(other_citizen.person)
    assert "No passport application of yours" in check(citizen, FIRST)[1]
    assert "receipt number has two letters" in check(citizen, {**FIRST, "receipt_number": "x"})[1]


@pytest.mark.parametrize(
    ("change", "phrase"), [("5_to_10", "only in person"), ("10_to_5", "cannot be changed")]
)
def test_validity_changes_are_refused_online(citizen, change, phrase):
    order(citizen.person)
    assert phrase in check(citizen, {**FIRST, "validity_change": change})[1]


def test_service_passports_only_express_and_free(citizen):
    order(citizen.person, kind=DocumentKind.SERVICE_PASSPORT)
    _o, errors = check(citizen, FIRST, {"speed": "urgent", "delivery": "central_office"})
    assert "express (7-day)" in errors
    outcome, errors = check(citizen, FIRST, {"speed": "express", "delivery": "central_office"})
    assert errors == ""
    assert flow.quote_for_answers(registry.get(SLUG), outcome.data).is_free


def test_no_acceleration_with_delivery_abroad(citizen):
    order(citizen.person)
    _o, errors = check(
        citizen,
        FIRST,
        {
            "speed": "express",
            "delivery": "consulate",
            "consulate": "vienna",
            "phone": "+43 660 1234567",
            "foreign_address": "Hauptstraße 1, Wien",
        },
    )
    assert "abroad cannot be issued in an accelerated procedure" in errors


def test_citizenship_not_proven_is_advised_against(citizen):
    citizen.person.citizenship = "DE"
    citizen.person.legal_title = "free_movement"
    citizen.person.save()
    order(citizen.person)
    outcome, errors = check(citizen, FIRST)
    assert errors == ""
    with override("en"):
        assert "60 days" in " ".join(outcome.warnings)


def test_filing_moves_the_production_order_to_the_faster_procedure(citizen_client, citizen, clerk):
    production = order(citizen.person)
    case = file_and_pay(
        citizen_client, SLUG, [FIRST, {"speed": "urgent", "delivery": "passport_authority"}]
    )
    assert case.status == Status.SUBMITTED and case.deadline_days == 3
    assert fees.quote_for(case).total_huf == 29_000
    production.refresh_from_db()
    assert production.procedure == ProductionOrder.Procedure.URGENT
    with pytest.raises(actions.NotAllowed):
        actions.complete_acceleration(case, by=clerk)
    production.state = ProductionOrder.State.ISSUING
    production.save()
    actions.complete_acceleration(case, by=clerk)
    case.refresh_from_db()
    assert case.status == Status.DECIDED_APPROVED
