"""The demo criminal records cover every condition of the certificate met and missed."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from criminal_records import certificate, eligibility
from criminal_records.fees import certificate_fee
from criminal_records.models import CertificateRequest, Statement
from sandbox.demo import CITIZENS
from sandbox.demo_criminal_records import _persons

pytestmark = pytest.mark.django_db


class Asked:
    def __init__(self, **facts):
        self.law_name = facts.get("law_name", "")
        self.clean_record = facts.get("clean_record", False)
        self.no_public_affairs_ban = facts.get("no_public_affairs_ban", False)
        self.occupation_statement = facts.get("occupation_statement", "")
        self.occupation = facts.get("occupation", "")


def _allowed(person, **facts) -> bool:
    return eligibility.all_certifiable(eligibility.assess(person, Asked(**facts)))


def test_every_condition_is_met_and_missed_by_a_demo_citizen(capsys):
    call_command("seed_demo")
    people = _persons()
    assert set(people) == {c.username for c in CITIZENS}
    janos, eva, peter = people["kovacs.janos"], people["nagy.eva"], people["szabo.peter"]
    assert _allowed(janos, clean_record=True, no_public_affairs_ban=True, law_name="Kjt.")
    driving = {"occupation": "gépjárművezetés"}
    assert not _allowed(eva, occupation_statement=Statement.NOT_BANNED, **driving)
    assert _allowed(eva, occupation_statement=Statement.BANNED, **driving)
    assert _allowed(eva, clean_record=True)
    assert not _allowed(peter, clean_record=True)
    assert not _allowed(peter, no_public_affairs_ban=True)
    assert _allowed(people["horvath.gabor"], clean_record=True)  # rehabilitated
    anna = people["toth.anna"]
    assert certificate.requests_earlier_this_year(anna) == 4
    assert certificate_fee(certificate.requests_earlier_this_year(anna)) == 3000
    assert certificate_fee(certificate.requests_earlier_this_year(janos)) == 0
    call_command("seed_demo")  # idempotent
    assert CertificateRequest.objects.filter(person=anna).count() == 4
    assert "toth.anna: four certificate requests" in capsys.readouterr().out
