"""Eligibility and validity rules of the card services."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from documents.models import Document
from eszemelyi import ca, eligibility
from eszemelyi.emergency_numbers import mask_number
from tests.factories import CitizenFactory, DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "issued_on, has_chip, reason",
    [
        (date(2016, 11, 13), True, None),
        (date(2016, 1, 1), True, None),
        (date(2016, 11, 14), True, "2016. november 14"),
        (date(2021, 3, 10), True, "2016. november 14"),
        (date(2016, 6, 20), False, "nem tartalmaz tároló elemet"),
    ],
)
def test_nek_is_for_chip_cards_issued_before_14_november_2016(issued_on, has_chip, reason):
    citizen = CitizenFactory()
    DocumentFactory(
        holder=citizen.person, issued_on=issued_on, expires_on=date(2030, 1, 1), has_chip=has_chip
    )
    found = eligibility.card_needs_nek(citizen, {})
    assert (found is None) if reason is None else (reason in found)


def test_an_expired_or_invalidated_card_does_not_count():
    citizen = CitizenFactory()
    DocumentFactory(holder=citizen.person, expires_on=date(2020, 1, 1))
    DocumentFactory(holder=citizen.person, validity=Document.Validity.INVALIDATED)
    assert eligibility.chip_card(citizen) is None
    assert "nincs érvényes" in eligibility.holds_chip_card(citizen, {})


def test_a_citizen_outside_the_register_has_no_card():
    citizen = CitizenFactory()
    citizen.person = None
    assert eligibility.chip_card(citizen) is None
    assert eligibility.holds_chip_card(citizen, {})


@given(
    issued=st.datetimes(
        min_value=dt.datetime(2020, 1, 1),  # noqa: DTZ001 (naive bounds, made aware below)
        max_value=dt.datetime(2035, 12, 31),  # noqa: DTZ001
    ),
    card_days=st.integers(min_value=0, max_value=3650),
)
def test_a_certificate_lasts_two_years_or_until_the_card_expires(issued, card_days):
    issued = timezone.make_aware(issued, timezone.get_default_timezone())
    card_expires = timezone.localdate(issued) + dt.timedelta(days=card_days)
    not_before, not_after = ca.certificate_validity(issued, card_expires)
    assert not_before == issued
    card_end = timezone.make_aware(
        dt.datetime.combine(card_expires, dt.time(23, 59, 59)), timezone.get_default_timezone()
    )
    assert not_after <= card_end
    assert not_after <= issued + dt.timedelta(days=731)
    if card_end - issued > dt.timedelta(days=731):
        # Two calendar years (29 February becomes 28 February).
        assert not_after == ca._add_years(issued, 2)
        assert (not_after.month, not_after.year) == (issued.month, issued.year + 2)
    else:
        assert not_after in (card_end, ca._add_years(issued, 2))


def test_a_certificate_ends_with_the_card_when_less_than_two_years_are_left():
    budapest = timezone.get_default_timezone()
    issued = dt.datetime(2026, 11, 21, 10, 0, tzinfo=budapest)
    _start, end = ca.certificate_validity(issued, date(2027, 5, 14))
    assert end == dt.datetime(2027, 5, 14, 23, 59, 59, tzinfo=budapest)
    _start, end = ca.certificate_validity(issued, date(2030, 1, 1))
    assert end == dt.datetime(2028, 11, 21, 10, 0, tzinfo=budapest)


def test_numbers_are_masked_to_their_ends():
    assert mask_number("+36301234567") == "+3630***4567"
    assert mask_number("+4312345") == "********"
