"""The register services' demo data: each condition met and missed, seeded twice alike."""

from __future__ import annotations

import pytest

from population.models import Address, Person
from register import eligibility
from register.models import AddressRefusal, AlertPackage, DisclosureBan, Property
from sandbox.demo import seed

pytestmark = pytest.mark.django_db


def test_the_demo_covers_the_register_conditions():
    first = seed()
    assert seed() == first  # idempotent
    janos = Person.objects.get(family_name="Kovács", given_names="János")
    assert Property.objects.filter(holder=janos).count() == 2
    assert AlertPackage.objects.filter(holder=janos, ended_on=None).exists()
    assert AddressRefusal.objects.filter(revoked_on=None).count() == 1
    assert DisclosureBan.objects.filter(channel="paper", lifted_on=None).exists()
    ilona = Person.objects.get(family_name="Lakatos", given_names="Ilona")
    assert ilona.current_address(Address.Kind.RESIDENCE) is None
    assert not eligibility.has_residence(ilona)
    assert eligibility.has_residence(janos)
    assert any("lakatos.ilona" in line for line in first)
