"""`passports.second_passport`: the reasons and their attachment, the base passport,
replacing a lost second passport, the fee, and the clerk's check of the attachment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import override

from cases import fees, flow, registry
from cases.models import Attachment
from cases.workflow import Status
from documents.models import Document, DocumentKind, ProductionOrder
from passports import actions
from passports.models import SecondPassport
from tests import samples
from tests.factories import CitizenFactory, PassportFactory
from tests.passports.conftest import errors_of, file_and_pay

pytestmark = pytest.mark.django_db
SLUG = "passports.second_passport"
CENTRAL = {"speed": "standard", "delivery": "central_office"}


def proof():
    return SimpleUploadedFile("igazolas.pdf", samples.pdf(), "application/pdf")


def check(applicant, first: dict, delivery: dict | None = None):
    first = {"proof": proof(), **first}
    steps = [first] if delivery is None else [first, delivery]
    draft = flow.Draft(registry.get(SLUG), applicant)
    with override("en"):
        outcomes, previous = [], {}
        for index, data in enumerate(steps):
            files = {"proof": data.pop("proof")} if "proof" in data else None
            form = draft.form(index, data, files, previous=previous)
            outcome = draft._validated(index, previous, data, files)
            outcomes.append(outcome)
            if not outcome.valid:
                break
            previous = outcome.data
            del form
        return outcomes[-1], " ".join(errors_of(outcomes[-1]))


def test_work_abroad_with_a_valid_private_passport(citizen):
    PassportFactory(holder=citizen.person)
    outcome, errors = check(citizen, {"reason": "work", "replaces": "no"}, CENTRAL)
    assert errors == ""
    assert flow.quote_for_answers(registry.get(SLUG), outcome.data).total_huf == 15_000


def test_the_equitable_reason_costs_less(citizen):
    PassportFactory(holder=citizen.person)
    outcome, errors = check(
        citizen,
        {"reason": "equitable", "replaces": "no"},
        {
            "speed": "express",
            "delivery": "post",
            "postal_code": "1111",
            "settlement": "Budapest",
            "street_address": "Fő utca 1.",
        },
    )
    assert errors == ""
    quote = flow.quote_for_answers(registry.get(SLUG), outcome.data)
    assert [line.amount for line in quote.lines] == [5_000, 19_000]


def test_the_attachment_is_required(citizen):
    PassportFactory(holder=citizen.person)
    draft = flow.Draft(registry.get(SLUG), citizen)
    outcome = draft._validated(0, {}, {"reason": "work", "replaces": "no"}, None)
    assert "proof" in outcome.form.errors


def test_without_a_base_passport_or_procedure_it_is_refused(citizen):
    _outcome, errors = check(citizen, {"reason": "work", "replaces": "no"})
    assert "valid private passport" in errors


def test_a_private_passport_procedure_under_way_is_a_base(citizen):
    ProductionOrder.objects.create(
        receipt_number="UT-2026-0000099",
        kind=DocumentKind.PASSPORT,
        applicant=citizen.person,
        applied_on=timezone.localdate(),
        validity_years=10,
    )
    assert check(citizen, {"reason": "work", "replaces": "no"})[1] == ""


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        ({"applied_on": date(2012, 12, 1)}, "after 1 January 2013"),
        ({"fingerprints_stored": False}, "fingerprints"),
        ({"expires_on_days": 5}, "at least 12 days"),
    ],
)
def test_the_base_passport_conditions(citizen, change, phrase):
    days = change.pop("expires_on_days", None)
    if days is not None:
        change["expires_on"] = timezone.localdate() + timedelta(days=days)
    PassportFactory(holder=citizen.person, **change)
    _outcome, errors = check(citizen, {"reason": "work", "replaces": "no"})
    assert phrase in errors


def test_replacing_a_lost_second_passport(citizen):
    PassportFactory(holder=citizen.person)
    lost = PassportFactory(
        holder=citizen.person, kind=DocumentKind.SECOND_PASSPORT, validity_years=2
    )
    outcome, errors = check(
        citizen, {"reason": "work", "replaces": "lost", "lost_number": lost.number}, CENTRAL
    )
    assert errors == ""
    assert flow.quote_for_answers(registry.get(SLUG), outcome.data).total_huf == 30_000
    outcome, errors = check(
        citizen, {"reason": "work", "replaces": "stolen", "lost_number": lost.number}, CENTRAL
    )
    assert flow.quote_for_answers(registry.get(SLUG), outcome.data).total_huf == 0
    assert "Give the number" in check(citizen, {"reason": "work", "replaces": "lost"})[1]


def test_a_reported_second_passport_only_for_the_reported_reason(citizen):
    PassportFactory(holder=citizen.person)
    lost = PassportFactory(
        holder=citizen.person,
        kind=DocumentKind.SECOND_PASSPORT,
        validity=Document.Validity.INVALIDATED,
        invalidation_reason="destroyed",
    )
    first = {"reason": "equitable", "replaces": "lost", "lost_number": lost.number}
    assert "reported before as destroyed" in check(citizen, first)[1]


def test_free_at_65():
    old = CitizenFactory(person__birth_date=date(1950, 3, 3))
    PassportFactory(holder=old.person)
    outcome, errors = check(old, {"reason": "work", "replaces": "no"}, CENTRAL)
    assert errors == ""
    assert flow.quote_for_answers(registry.get(SLUG), outcome.data).total_huf == 0


def test_the_attachment_is_checked_after_submission(citizen_client, citizen, clerk):
    PassportFactory(holder=citizen.person)
    case = file_and_pay(
        citizen_client,
        SLUG,
        [{"reason": "work", "replaces": "no"}, CENTRAL],
        files={0: {"proof": proof()}},
    )
    assert case.status == Status.SUBMITTED
    assert fees.quote_for(case).total_huf == 15_000
    assert case.attachments.filter(kind=Attachment.Kind.CERTIFICATE).count() == 1
    with override("en"), pytest.raises(actions.NotAllowed, match="attachment"):
        actions.order_production(case, by=clerk)
    actions.accept_attachment(case, by=clerk)
    order = actions.order_production(case, by=clerk)
    assert order.kind == DocumentKind.SECOND_PASSPORT
    new = actions.issue_passport(case, number="CC1234567", by=clerk)
    assert new.kind == DocumentKind.SECOND_PASSPORT and new.validity_years == 2
    case.refresh_from_db()
    assert case.status == Status.DECIDED_APPROVED
    assert SecondPassport.objects.get(case=case).new_document == new


def test_the_clerk_can_refuse_an_attachment_that_does_not_prove_the_reason(
    citizen_client, citizen, clerk
):
    PassportFactory(holder=citizen.person)
    case = file_and_pay(
        citizen_client,
        SLUG,
        [{"reason": "equitable", "replaces": "no"}, CENTRAL],
        files={0: {"proof": proof()}},
    )
    actions.refuse(case, reason="The declaration does not describe an equitable reason.", by=clerk)
    case.refresh_from_db()
    assert case.status == Status.DECIDED_REFUSED
