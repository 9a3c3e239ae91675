"""The synthetic register's numbering: every citizen a distinct, valid identifier."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from population.identifiers import birth_date_from_personal_id
from sandbox import scale


@pytest.mark.parametrize("day", [0, 1, 7_300, 22_999, scale.DAYS - 1])
def test_everyone_born_on_one_day_gets_a_distinct_valid_identifier(day):
    # Citizens share a birth day when their indexes differ by DAYS: all of them, up to
    # the capacity, both sexes.
    indexes = range(day, scale.CAPACITY, scale.DAYS)
    ids = [scale.personal_id_of(i) for i in indexes]
    assert len({pid for pid, _, _ in ids}) == len(indexes) == 2 * scale.PAIRS
    for pid, born, sex in ids:
        assert birth_date_from_personal_id(pid) == born
        assert int(pid[0]) % 2 == (sex == "M")


def test_the_country_fits_with_room_to_spare():
    assert scale.CAPACITY > 20_000_000
    # Where the old numbering ran out of serials.
    for i in range(8_942_400, 8_942_600):
        pid, born, _ = scale.personal_id_of(i)
        assert birth_date_from_personal_id(pid) == born
    with pytest.raises(ValueError):
        scale.personal_id_of(scale.CAPACITY)


@pytest.mark.django_db
def test_seed_scale_refuses_more_citizens_than_identifiers():
    with pytest.raises(CommandError, match="synthetic identifiers"):
        call_command("seed_scale", citizens=scale.CAPACITY + 1)


def test_plates_are_distinct_and_valid():
    from population.identifiers import validate_plate

    plates = [scale.plate_of(v) for v in (0, 998, 999, 675 * 999, scale.VEHICLE_CAPACITY - 1)]
    assert plates[0] == "TAA-001" and plates[-1] == "ZZZ-999"
    assert len(set(plates)) == len(plates)
    for plate in plates:
        validate_plate(plate)
