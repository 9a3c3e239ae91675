"""Tests for population.identifiers, with worked examples of each identifier's published rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import assume, given
from hypothesis import strategies as st

from population import identifiers as ids

PAST = date(2024, 12, 31)  # latest birth date used by the generators, safely in the past


def error_code(validator, value: str) -> str:
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    return excinfo.value.code


def mutations(value: str):
    """Every value that differs from ``value`` in exactly one digit."""
    for i, char in enumerate(value):
        if char.isdigit():
            for digit in "0123456789":
                if digit != char:
                    yield i, value[:i] + digit + value[i + 1 :]


def reference_pid_check(first10: str, ascending: bool) -> int:
    """The 1996. évi XX. tv. 3. melléklet rule written out independently of the module."""
    weights = range(1, 11) if ascending else range(10, 0, -1)
    return sum(int(d) * w for d, w in zip(first10, weights, strict=True)) % 11


# --- Personal identifier ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "born"),
    [
        ("18001010016", date(1980, 1, 1)),
        ("30503151232", date(2005, 3, 15)),
        ("1 800101 0016", date(1980, 1, 1)),
        ("1-800101-001-6", date(1980, 1, 1)),
    ],
)
def test_personal_id_worked_examples(value, born):
    ids.validate_personal_id(value)
    assert ids.birth_date_from_personal_id(value) == born


def test_personal_id_for_reproduces_worked_examples():
    assert ids.personal_id_for(date(1980, 1, 1), "M", 1) == "18001010016"
    assert ids.personal_id_for(date(2005, 3, 15), "M", 123) == "30503151232"


def test_personal_id_for_first_digit():
    assert ids.personal_id_for(date(1980, 1, 1), "F", 2) == "28001010026"
    assert ids.personal_id_for(date(2005, 3, 15), "F", 123) == "40503151231"
    assert ids.personal_id_for(date(1980, 1, 1), "M", 3, settler=True) == "58001010038"
    assert ids.personal_id_for(date(1980, 1, 1), "F", 3, settler=True) == "68001010039"


def test_weighting_changes_on_1997_01_01():
    before = ids.personal_id_for(date(1996, 12, 31), "M", 5)
    after = ids.personal_id_for(date(1997, 1, 1), "M", 5)
    assert int(before[10]) == reference_pid_check(before[:10], ascending=True)
    assert int(after[10]) == reference_pid_check(after[:10], ascending=False)


def test_normalise_personal_id():
    assert ids.normalise_personal_id(" 1 800101-0016 ") == "18001010016"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1800101001", "personal_id_format"),
        ("180010100161", "personal_id_format"),
        ("1800101001A", "personal_id_format"),
        ("١٨٠٠١٠١٠٠١٦", "personal_id_format"),  # non-ASCII digits
        ("", "personal_id_format"),
        ("98001010016", "personal_id_first_digit"),
        ("08001010016", "personal_id_first_digit"),
        ("18002300010", "personal_id_birth_date"),  # 30 February
        ("10002290010", "personal_id_birth_date"),  # 1900 was not a leap year
        ("11313010010", "personal_id_birth_date"),  # month 13
        ("39912310010", "personal_id_future_birth_date"),
        ("18001010017", "personal_id_check_digit"),
        ("18001010080", "personal_id_unissued"),  # serial 008 of 1980-01-01 gives 10
    ],
)
def test_personal_id_errors(value, code):
    assert error_code(ids.validate_personal_id, value) == code
    assert error_code(ids.birth_date_from_personal_id, value) == code


def test_personal_id_for_unissued_serial_raises():
    with pytest.raises(ids.UnissuedSerialError):
        ids.personal_id_for(date(1980, 1, 1), "M", 8)
    assert issubclass(ids.UnissuedSerialError, ValueError)


@pytest.mark.parametrize(
    ("birth_date", "sex", "serial", "settler"),
    [
        (date(1980, 1, 1), "X", 1, False),
        (date(1980, 1, 1), "M", 1000, False),
        (date(1980, 1, 1), "M", -1, False),
        (date(1899, 12, 31), "M", 1, False),
        (date(2005, 3, 15), "M", 1, True),  # settler numbers were issued until 2000
    ],
)
def test_personal_id_for_rejects_bad_arguments(birth_date, sex, serial, settler):
    with pytest.raises(ValueError):
        ids.personal_id_for(birth_date, sex, serial, settler=settler)


def immigrant_id(first: str, born: date, serial: int) -> str:
    body = f"{first}{born:%y%m%d}{serial:03d}"
    check = reference_pid_check(body, ascending=born < date(1997, 1, 1))
    assert check != 10
    return f"{body}{check}"


def test_immigrant_century_is_chosen_by_check_digit():
    # 7/8 do not encode the century; the two weightings tell the readings apart.
    recent, old = date(2010, 5, 5), date(1910, 5, 5)
    recent_id, old_id = immigrant_id("7", recent, 1), immigrant_id("8", old, 2)
    assert ids.birth_date_from_personal_id(recent_id) == recent
    assert ids.birth_date_from_personal_id(old_id) == old


def test_immigrant_future_reading_is_skipped():
    born = date(1980, 1, 1)  # 2080 would be in the future
    assert ids.birth_date_from_personal_id(immigrant_id("7", born, 1)) == born


def test_single_digit_change_can_cross_the_weighting_boundary():
    # A known limit of the two-weighting scheme: 1996 -> 1997 switches the weights, so this
    # one-digit typo yields another valid number. The mutation property below excludes it.
    ids.validate_personal_id("19601010014")
    ids.validate_personal_id("19701010014")


birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=PAST)


@given(birth_dates, st.sampled_from("MF"), st.integers(0, 999), st.booleans())
def test_generated_personal_ids_validate_and_round_trip(born, sex, serial, settler):
    assume(not settler or born.year < 2000)
    try:
        value = ids.personal_id_for(born, sex, serial, settler=settler)
    except ids.UnissuedSerialError:
        assume(False)
    ids.validate_personal_id(value)
    assert ids.birth_date_from_personal_id(value) == born
    assert (int(value[0]) % 2 == 0) == (sex == "F")


@given(birth_dates, st.sampled_from("MF"), st.integers(0, 999))
def test_single_digit_change_of_personal_id_is_rejected(born, sex, serial):
    try:
        value = ids.personal_id_for(born, sex, serial)
    except ids.UnissuedSerialError:
        assume(False)
    boundary = date(1997, 1, 1)
    for _, mutated in mutations(value):
        try:
            other = ids.birth_date_from_personal_id(mutated)
        except ValidationError:
            continue
        # Only a change that moves the birth date across the weighting switch may pass.
        assert (other < boundary) != (born < boundary), mutated


# --- Tax identifier ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "born"),
    [
        ("8412720008", date(1980, 1, 1)),
        ("8365670003", date(1967, 2, 13)),
        ("84127 20008", date(1980, 1, 1)),
    ],
)
def test_tax_id_worked_examples(value, born):
    ids.validate_tax_id(value)
    assert ids.birth_date_from_tax_id(value) == born


def test_tax_id_for_reproduces_worked_examples():
    assert ids.tax_id_for(date(1980, 1, 1), 0) == "8412720008"
    assert ids.tax_id_for(date(1967, 2, 13), 0) == "8365670003"


def future_tax_id() -> str:
    born = date(1867, 1, 1) + timedelta(days=99999)
    for serial in range(1000):
        try:
            return ids.tax_id_for(born, serial)
        except ids.UnissuedSerialError:
            continue
    raise AssertionError("no serial")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("841272000", "tax_id_format"),
        ("841272000X", "tax_id_format"),
        ("7412720008", "tax_id_first_digit"),
        ("8412720009", "tax_id_check_digit"),
        ("8412720130", "tax_id_unissued"),  # serial 013 of 1980-01-01 gives 10
        (future_tax_id(), "tax_id_future_birth_date"),
    ],
)
def test_tax_id_errors(value, code):
    assert error_code(ids.validate_tax_id, value) == code


def test_tax_id_for_rejects_bad_arguments():
    with pytest.raises(ids.UnissuedSerialError):
        ids.tax_id_for(date(1980, 1, 1), 13)
    with pytest.raises(ValueError):
        ids.tax_id_for(date(1866, 12, 31), 0)
    with pytest.raises(ValueError):
        ids.tax_id_for(date(1980, 1, 1), 1000)


@given(st.dates(min_value=date(1867, 1, 1), max_value=PAST), st.integers(0, 999))
def test_generated_tax_ids_validate_and_reject_typos(born, serial):
    try:
        value = ids.tax_id_for(born, serial)
    except ids.UnissuedSerialError:
        assume(False)
    assert ids.birth_date_from_tax_id(value) == born
    for _, mutated in mutations(value):
        with pytest.raises(ValidationError):
            ids.validate_tax_id(mutated)


# --- TAJ ----------------------------------------------------------------------------------


def test_taj_worked_example():
    assert ids.taj_for(12345678) == "123456788"
    ids.validate_taj("123456788")
    ids.validate_taj("123 456 788")
    ids.validate_taj("123-456-788")


@pytest.mark.parametrize(
    ("value", "code"),
    [("12345678", "taj_format"), ("1234567888", "taj_format"), ("12345678A", "taj_format"),
     ("123456789", "taj_check_digit")],
)  # fmt: skip
def test_taj_errors(value, code):
    assert error_code(ids.validate_taj, value) == code


def test_taj_for_rejects_out_of_range():
    with pytest.raises(ValueError):
        ids.taj_for(100_000_000)
    with pytest.raises(ValueError):
        ids.taj_for(-1)


@given(st.integers(0, 99_999_999))
def test_generated_taj_validates_and_rejects_typos(serial):
    value = ids.taj_for(serial)
    ids.validate_taj(value)
    for _, mutated in mutations(value):
        assert error_code(ids.validate_taj, mutated) == "taj_check_digit"


# --- Bank account and IBAN ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("11773016-11111018-00000000", "11773016-11111018-00000000"),
        ("117730161111101800000000", "11773016-11111018-00000000"),
        ("11773016 11111018", "11773016-11111018"),
        ("1177 3016 1111 1018", "11773016-11111018"),
    ],
)
def test_bank_account_valid_and_normalised(value, normalised):
    ids.validate_bank_account(value)
    assert ids.normalise_bank_account(value) == normalised


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("11773016-11111019", "bank_account_check_digit"),
        ("11773016-11111018-00000001", "bank_account_check_digit"),
        ("11773017-11111018", "bank_account_branch_check_digit"),
        ("11773016-1111101", "bank_account_format"),
        ("11773016-11111018-0000000", "bank_account_format"),
        ("11773016-11111018-000000000", "bank_account_format"),
        ("1177301A-11111018", "bank_account_format"),
    ],
)
def test_bank_account_errors(value, code):
    assert error_code(ids.validate_bank_account, value) == code


def giro_check_digit(digits: str) -> str:
    """The MNB check digit, computed independently: weights 9, 7, 3, 1 from the left."""
    total = sum(int(d) * w for d, w in zip(digits, (9, 7, 3, 1) * 4, strict=False))
    return str(-total % 10)


def bank_account_for(branch: str, account: str) -> str:
    digits = branch + giro_check_digit(branch) + account + giro_check_digit(account)
    return "-".join(digits[i : i + 8] for i in range(0, len(digits), 8))


def test_the_test_generator_reproduces_a_real_account():
    assert bank_account_for("1177301", "1111101") == "11773016-11111018"
    assert bank_account_for("1177301", "111110180000000") == "11773016-11111018-00000000"


def test_iban_worked_example():
    expected = "HU42117730161111101800000000"
    assert ids.iban_from_bank_account("11773016-11111018-00000000") == expected
    # A 2x8 account is right-padded with 8 zeros.
    assert ids.iban_from_bank_account("11773016-11111018") == expected


def test_iban_from_invalid_account_raises():
    with pytest.raises(ValidationError) as excinfo:
        ids.iban_from_bank_account("11773016-11111019")
    assert excinfo.value.code == "bank_account_check_digit"


giro_parts = st.tuples(
    st.text("0123456789", min_size=7, max_size=7),
    st.text("0123456789", min_size=7, max_size=7) | st.text("0123456789", min_size=15, max_size=15),
)


@given(giro_parts)
def test_generated_bank_accounts_validate_and_reject_typos(parts):
    value = bank_account_for(*parts)
    ids.validate_bank_account(value)
    iban = ids.iban_from_bank_account(value)
    assert int(iban[4:] + "1730" + iban[2:4]) % 97 == 1  # ISO 7064 mod 97-10, HU -> 1730
    for i, mutated in mutations(value):
        expected = "bank_account_branch_check_digit" if i < 8 else "bank_account_check_digit"
        assert error_code(ids.validate_bank_account, mutated) == expected


# --- Licence plates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("ABC-123", "ABC-123"),
        ("abc 123", "ABC-123"),
        ("abc123", "ABC-123"),
        ("AA AA-001", "AA AA-001"),
        ("AAAA-123", "AA AA-123"),
        ("aaaa123", "AA AA-123"),
        ("AA-AA-001", "AA AA-001"),
        ("TX AB-123", "TX AB-123"),
        ("HA 12-34", "HA 12-34"),
        ("ha1234", "HA 12-34"),
        ("OT 12-345", "OT 12-345"),
        ("CD 123-456", "CD 123-456"),
        ("ABCDE-12", "ABCDE-12"),
        ("kovacs1", "KOVACS-1"),
        ("ABC-1234", "ABC-1234"),
    ],
)
def test_plates_valid_and_normalised(value, canonical):
    ids.validate_plate(value)
    assert ids.normalise_plate(value) == canonical


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("ÁBC-123", "plate_accented"),
        ("AŐ AA-123", "plate_accented"),
        ("AB-123", "plate_format"),
        ("123-ABC", "plate_format"),
        ("ABCDEFG-1", "plate_format"),
        ("ABCDE-123", "plate_format"),
        ("ABC_123", "plate_format"),
        ("", "plate_format"),
        ("ABC-000", "plate_number_zero"),
        ("AA AA-000", "plate_number_zero"),
    ],
)
def test_plate_errors(value, code):
    assert error_code(ids.validate_plate, value) == code


def test_normalise_plate_leaves_unknown_input_compact():
    assert ids.normalise_plate(" x-y 1 ") == "XY1"


# --- Document numbers and postal code ---------------------------------------------------------


def test_document_numbers_valid():
    ids.validate_id_card_number("123456AB")
    ids.validate_id_card_number("123456 ab")
    assert ids.normalise_document_number(" ca 123-456 ") == "CA123456"


@pytest.mark.parametrize(
    ("validator", "value", "code"),
    [
        (ids.validate_id_card_number, "12345AB", "id_card_format"),
        (ids.validate_id_card_number, "123456A", "id_card_format"),
        (ids.validate_id_card_number, "AB123456", "id_card_format"),
        (ids.validate_id_card_number, "AU-VII 123456", "id_card_format"),
        (ids.validate_postal_code, "0123", "postal_code_format"),
        (ids.validate_postal_code, "123", "postal_code_format"),
        (ids.validate_postal_code, "12345", "postal_code_format"),
        (ids.validate_postal_code, "1O11", "postal_code_format"),
    ],
)
def test_document_and_postal_code_errors(validator, value, code):
    assert error_code(validator, value) == code


@pytest.mark.parametrize("value", ["1011", "9999", " 4026 "])
def test_postal_code_valid(value):
    ids.validate_postal_code(value)


# --- Phone numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "e164"),
    [
        ("+36 20 123 4567", "+36201234567"),
        ("06 30 123 4567", "+36301234567"),
        ("+36 50 123 4567", "+36501234567"),
        ("+36 31 123 4567", "+36311234567"),
        ("+36 70 123 4567", "+36701234567"),
        ("+36 1 234 5678", "+3612345678"),
        ("+36 46 123 456", "+3646123456"),
        ("+36 21 123 4567", "+36211234567"),
        ("+36 80 123 456", "+3680123456"),
        ("06-30/123-4567", "+36301234567"),
        ("0036 30 123 4567", "+36301234567"),
        ("+43 664 1234567", "+436641234567"),
    ],
)
def test_phone_numbers_valid(value, e164):
    ids.validate_phone_number(value)
    assert ids.normalise_phone_number(value) == e164


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("+36 20 123 456", "phone_invalid"),
        ("+36 20 123 45", "phone_invalid"),
        ("+36 20 123 45678", "phone_too_long"),
        ("12", "phone_too_short"),
        ("+999 1234567", "phone_country_code"),
        ("abc", "phone_format"),
    ],
)
def test_phone_number_errors(value, code):
    assert error_code(ids.validate_phone_number, value) == code


def test_normalise_phone_number_leaves_unparseable_input():
    assert ids.normalise_phone_number(" abc ") == "abc"


# --- Messages and translations ----------------------------------------------------------------


def test_validation_error_carries_the_message():
    with pytest.raises(ValidationError) as excinfo:
        ids.validate_personal_id("123")
    with translation.override("en"):
        assert excinfo.value.messages == ["The personal identifier must be 11 digits."]


def test_every_message_is_translated_to_hungarian():
    for message in ids.ERROR_MESSAGES.values():
        with translation.override("en"):
            english = str(message)
        with translation.override("hu"):
            hungarian = str(message)
        assert hungarian and hungarian != english, english
