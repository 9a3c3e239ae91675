"""Register rows and filed requests for the criminal records tests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.actions import create_case, submit_case
from criminal_records import certificate
from criminal_records.models import Conviction, OccupationBan, PublicAffairsBan
from tests.factories import AddressFactory

CONTENT = {
    "law_name": "",
    "clean_record": "on",
    "no_public_affairs_ban": "",
    "occupation_statement": "",
    "occupation": "",
}
SELF = {"addressee": "self", "country": "HU", "notify_email": "elek@example.hu"}


@pytest.fixture
def person(citizen):
    AddressFactory(person=citizen.person)
    return citizen.person


def convict(person, *, rehabilitated_on=None):
    return Conviction.objects.create(
        person=person,
        court="Fővárosi Törvényszék",
        judgment_number="B.123/2019/5",
        offence="lopás",
        sentence="1 év szabadságvesztés, felfüggesztve",
        final_on=date(2020, 3, 1),
        rehabilitated_on=rehabilitated_on,
    )


def ban_occupation(person, occupation="gépjárművezetés", ends_on=None):
    return OccupationBan.objects.create(
        person=person,
        occupation=occupation,
        imposed_by="Pesti Központi Kerületi Bíróság",
        starts_on=timezone.localdate() - timedelta(days=100),
        ends_on=ends_on,
    )


def ban_public_affairs(person):
    return PublicAffairsBan.objects.create(
        person=person,
        imposed_by="Fővárosi Törvényszék",
        starts_on=timezone.localdate() - timedelta(days=10),
        ends_on=timezone.localdate() + timedelta(days=700),
    )


def filed_request(citizen, *, submit=True, **content):
    """A submitted certificate request (the detail written as the flow writes it)."""
    case = create_case(certificate.SLUG, applicant=citizen)
    answers = {
        "law_name": "",
        "clean_record": True,
        "no_public_affairs_ban": False,
        "occupation_statement": "",
        "occupation": "",
        "addressee": "organisation",
        "addressee_name": "Minta Kft.",
        "postal_code": "1051",
        "settlement": "Budapest",
        "street_address": "Sas utca 1.",
        "notify_email": "elek@example.hu",
        **content,
    }
    certificate.save_detail(case, answers)
    if submit:
        submit_case(case, by=citizen)
    return case
