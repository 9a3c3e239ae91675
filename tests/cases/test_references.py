from __future__ import annotations

import re

import pytest
from django.db import transaction

from cases.actions import create_case
from cases.references import RECEIPT_ALPHABET, new_receipt_code, next_reference


@pytest.mark.django_db
def test_references_are_sequential_per_year():
    with transaction.atomic():
        assert next_reference(2026) == "UGY-2026-000001"
        assert next_reference(2026) == "UGY-2026-000002"
        assert next_reference(2027) == "UGY-2027-000001"
        assert next_reference(2026) == "UGY-2026-000003"


@pytest.mark.django_db(transaction=True)
def test_next_reference_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError):
        next_reference(2026)


def test_receipt_codes_are_random_and_unambiguous():
    codes = {new_receipt_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
        assert not set(code.replace("-", "")) & set("01OIL")
        assert set(code.replace("-", "")) <= set(RECEIPT_ALPHABET)


@pytest.mark.django_db
def test_created_cases_get_distinct_references_and_codes(citizen, sample_case_type):
    cases = [create_case("testing.sample", applicant=citizen) for _ in range(5)]
    assert len({c.reference for c in cases}) == 5
    assert len({c.receipt_code for c in cases}) == 5
    numbers = [int(c.reference.rsplit("-", 1)[1]) for c in cases]
    assert numbers == sorted(numbers)
    assert numbers == list(range(numbers[0], numbers[0] + 5))
