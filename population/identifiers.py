"""Hungarian identifiers: normalisers, Django validators and generators.

Covers the personal identifier (személyi azonosító), tax identifier (adóazonosító jel),
TAJ number, bank account (pénzforgalmi jelzőszám, "GIRO") and its HU IBAN, licence plate,
identity card number, postal code and phone number: those the services read.
Each rule names its source (the law, decree or standard) in the comment above its code.

Conventions:

* ``normalise_*`` functions never raise: they return a canonical form when they can and
  the cleaned-up input otherwise, so a form can show it back. The validators call them first.
* ``validate_*`` functions are Django validators: they raise ``ValidationError`` with one
  of the codes in ``ERROR_MESSAGES``. Functions that decode typed input
  (``birth_date_from_personal_id``, ``birth_date_from_tax_id``, ``iban_from_bank_account``)
  raise the same ``ValidationError``.
* Generators (``personal_id_for``, ``tax_id_for``, ``taj_for``) take programmer input
  and raise ``ValueError`` on misuse.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NoReturn

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ERROR_MESSAGES: dict[str, Promise] = {
    "personal_id_format": _("The personal identifier must be 11 digits."),
    "personal_id_first_digit": _("The first digit of the personal identifier must be 1 to 8."),
    "personal_id_birth_date": _(
        "This personal identifier encodes a birth date that does not exist."
    ),
    "personal_id_future_birth_date": _(
        "This personal identifier encodes a birth date in the future."
    ),
    "personal_id_unissued": _(
        "This personal identifier is never issued (its serial number gives no valid check "
        "digit): please check the number you typed."
    ),
    "personal_id_check_digit": _(
        "The check digit of the personal identifier is wrong: please check the number you typed."
    ),
    "tax_id_format": _("The tax identifier must be 10 digits."),
    "tax_id_first_digit": _("The tax identifier of a private person must start with 8."),
    "tax_id_unissued": _(
        "This tax identifier is never issued (its serial number gives no valid check digit): "
        "please check the number you typed."
    ),
    "tax_id_check_digit": _(
        "The check digit of the tax identifier is wrong: please check the number you typed."
    ),
    "tax_id_future_birth_date": _("This tax identifier encodes a birth date in the future."),
    "taj_format": _("The TAJ number must be 9 digits."),
    "taj_check_digit": _(
        "The check digit of the TAJ number is wrong: please check the number you typed."
    ),
    "bank_account_format": _("The account number must be 2×8 or 3×8 digits."),
    "bank_account_branch_check_digit": _(
        "The first block of the account number (bank and branch) is not valid: "
        "its check digit is wrong."
    ),
    "bank_account_check_digit": _(
        "The second part of the account number (after the bank and branch block) is not "
        "valid: its check digit is wrong."
    ),
    "plate_accented": _("Licence plates never contain accented letters."),
    "plate_format": _(
        "This is not a Hungarian licence plate number. Use the ABC-123 or AA AA-123 format."
    ),
    "plate_number_zero": _("The number on the licence plate must be between 001 and 999."),
    "id_card_format": _(
        "The identity card number must be 6 digits followed by 2 letters, e.g. 123456AB."
    ),
    "postal_code_format": _("The postal code must be 4 digits and cannot start with 0."),
    "phone_format": _("This does not look like a phone number. Type it as +36 20 123 4567."),
    "phone_country_code": _("The country calling code of this phone number does not exist."),
    "phone_too_short": _("This phone number is too short: please check that no digit is missing."),
    "phone_too_long": _("This phone number is too long: please check the number you typed."),
    "phone_invalid": _(
        "This phone number is not valid: please check the area code and the number of digits."
    ),
}


class UnissuedSerialError(ValueError):
    """The serial would need check digit 10: such numbers are never issued.

    Raised by ``personal_id_for`` and ``tax_id_for`` instead of silently advancing, so the
    caller stays in control of which serials it uses (no accidental duplicates): catch it
    and try the next serial.
    """


def _fail(code: str) -> NoReturn:
    raise ValidationError(ERROR_MESSAGES[code], code=code)


_SEPARATORS = re.compile(r"[\s\-]+")


def _compact(value: object) -> str:
    """Drop spaces and hyphens (the ways people group numbers when typing) and upper-case."""
    return _SEPARATORS.sub("", str(value)).upper()


def _today() -> date:
    now = timezone.now()  # naive when USE_TZ is off, and localdate() rejects naive values
    return timezone.localdate(now) if timezone.is_aware(now) else now.date()


# --- Személyi azonosító ------------------------------------------------------------
# Layout S YYMMDD NNN C (1996. évi XX. tv. 3. melléklet). S: 1/2 born 1900-1999,
# 3/4 born 2000 or later, 5/6 foreign-born settlers (issued until 2000), 7/8 immigrants
# and refugees (any century). Odd digits are male, even digits female.
_PID_CENTURIES = {"1": (1900,), "2": (1900,), "3": (2000,), "4": (2000,),
                  "5": (1900,), "6": (1900,), "7": (2000, 1900), "8": (2000, 1900)}  # fmt: skip
# The annex has two weightings: 1..10 from the left for people born before this date,
# 10..1 from the left for people born on or after it. (The weights are recalled, not quoted
# from the annex; the pre-1997 rule matches a public test vector, 18001010016.)
_PID_WEIGHTING_CHANGE = date(1997, 1, 1)


def _pid_remainder(first10: str, birth_date: date) -> int:
    """Return the check digit for the first 10 digits; 10 means "never issued"."""
    weights = range(1, 11) if birth_date < _PID_WEIGHTING_CHANGE else range(10, 0, -1)
    return sum(int(d) * w for d, w in zip(first10, weights, strict=True)) % 11


def normalise_personal_id(value: str) -> str:
    """Return the identifier without spaces and hyphens ("1 800101 0016" -> "18001010016")."""
    return _compact(value)


# The tax identifier and the TAJ number are typed in the same grouped ways.
normalise_tax_id = normalise_taj = normalise_personal_id


def birth_date_from_personal_id(value: str) -> date:
    """Validate a personal identifier and return the birth date it encodes.

    For immigrants (7/8) both centuries are possible: since the weighting depends on the
    birth date, the reading whose check digit matches wins, then the more recent one.
    Raises ``ValidationError`` with the codes of ``validate_personal_id``.
    """
    digits = normalise_personal_id(value)
    if not re.fullmatch(r"[0-9]{11}", digits):
        _fail("personal_id_format")
    if digits[0] not in _PID_CENTURIES:
        _fail("personal_id_first_digit")
    candidates = []
    for century in _PID_CENTURIES[digits[0]]:
        try:
            candidates.append(date(century + int(digits[1:3]), int(digits[3:5]), int(digits[5:7])))
        except ValueError:
            continue
    if not candidates:
        _fail("personal_id_birth_date")
    today = _today()
    candidates = [born for born in candidates if born <= today]
    if not candidates:
        _fail("personal_id_future_birth_date")
    remainders = [_pid_remainder(digits[:10], born) for born in candidates]
    for born, remainder in zip(candidates, remainders, strict=True):
        if remainder == int(digits[10]):
            return born
    _fail("personal_id_unissued" if remainders[0] == 10 else "personal_id_check_digit")


def validate_personal_id(value: str) -> None:
    birth_date_from_personal_id(value)


def personal_id_for(birth_date: date, sex: str, serial: int, *, settler: bool = False) -> str:
    """Build the personal identifier of someone born on ``birth_date``.

    ``sex`` is "M" or "F"; ``serial`` (0-999) tells apart people born the same day;
    ``settler`` gives a 5/6 number (only for births 1900-1999, as they were issued until
    2000). Raises ``UnissuedSerialError`` when the serial would need check digit 10.
    """
    if sex not in ("M", "F"):
        raise ValueError(f"sex must be 'M' or 'F', not {sex!r}")
    if not 0 <= serial <= 999:
        raise ValueError(f"serial must be 0-999, not {serial}")
    if 1900 <= birth_date.year <= 1999:
        first = 5 if settler else 1
    elif 2000 <= birth_date.year <= 2099 and not settler:
        first = 3
    else:
        raise ValueError(f"no personal identifier series for {birth_date} (settler={settler})")
    if sex == "F":
        first += 1
    body = f"{first}{birth_date:%y%m%d}{serial:03d}"
    check = _pid_remainder(body, birth_date)
    if check == 10:
        raise UnissuedSerialError(f"serial {serial} is never issued for {birth_date}")
    return f"{body}{check}"


# --- Adóazonosító jel ----------------------------------------------------------------
# 8 + days since 1867-01-01 (5 digits) + 3-digit serial + check digit, where the check
# digit is sum(d_i * i, i = 1..9) mod 11 and remainder 10 is never issued.
_TAX_EPOCH = date(1867, 1, 1)


def _tax_remainder(first9: str) -> int:
    return sum(int(d) * i for i, d in enumerate(first9, start=1)) % 11


def birth_date_from_tax_id(value: str) -> date:
    """Validate a tax identifier and return the birth date it encodes."""
    digits = normalise_tax_id(value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        _fail("tax_id_format")
    if digits[0] != "8":
        _fail("tax_id_first_digit")
    remainder = _tax_remainder(digits[:9])
    if remainder == 10:
        _fail("tax_id_unissued")
    if remainder != int(digits[9]):
        _fail("tax_id_check_digit")
    born = _TAX_EPOCH + timedelta(days=int(digits[1:6]))
    if born > _today():
        _fail("tax_id_future_birth_date")
    return born


def validate_tax_id(value: str) -> None:
    birth_date_from_tax_id(value)


def tax_id_for(birth_date: date, serial: int) -> str:
    """Build a tax identifier; raises ``UnissuedSerialError`` like ``personal_id_for``."""
    days = (birth_date - _TAX_EPOCH).days
    if not 0 <= days <= 99999:
        raise ValueError(f"{birth_date} is outside the tax identifier range")
    if not 0 <= serial <= 999:
        raise ValueError(f"serial must be 0-999, not {serial}")
    body = f"8{days:05d}{serial:03d}"
    check = _tax_remainder(body)
    if check == 10:
        raise UnissuedSerialError(f"serial {serial} is never issued for {birth_date}")
    return f"{body}{check}"


# --- TAJ szám ---------------------------------------------------------------------------
# 8-digit serial + check digit: weights 3, 7 alternating, mod 10 (the weights are recalled,
# not quoted from a source). Both are coprime with 10, so any single-digit typo is caught.
def _taj_check_digit(first8: str) -> int:
    return sum(int(d) * (3 if i % 2 == 0 else 7) for i, d in enumerate(first8)) % 10


def validate_taj(value: str) -> None:
    digits = normalise_taj(value)
    if not re.fullmatch(r"[0-9]{9}", digits):
        _fail("taj_format")
    if _taj_check_digit(digits[:8]) != int(digits[8]):
        _fail("taj_check_digit")


def taj_for(serial8: int) -> str:
    if not 0 <= serial8 <= 99_999_999:
        raise ValueError(f"serial8 must be 0-99999999, not {serial8}")
    body = f"{serial8:08d}"
    return f"{body}{_taj_check_digit(body)}"


# --- Bank account (GIRO) and HU IBAN ---------------------------------------------------
# MNB rule on the pénzforgalmi jelzőszám (18/2009. (VIII. 6.) MNB rendelet 1. melléklet;
# the current decree number is unconfirmed): block 1 is bank (3) + branch (4) + check
# digit, the rest (8 or 16 digits) is the account + check digit. Each part, weighted
# 9, 7, 3, 1 repeating from the left, must sum to a multiple of 10.
_GIRO_WEIGHTS = (9, 7, 3, 1)


def _giro_sum(digits: str) -> int:
    return sum(int(d) * _GIRO_WEIGHTS[i % 4] for i, d in enumerate(digits))


def normalise_bank_account(value: str) -> str:
    """Return "XXXXXXXX-XXXXXXXX[-XXXXXXXX]" when the input has 16 or 24 digits."""
    digits = _compact(value)
    if re.fullmatch(r"[0-9]{16}|[0-9]{24}", digits):
        return "-".join(digits[i : i + 8] for i in range(0, len(digits), 8))
    return digits


def validate_bank_account(value: str) -> None:
    digits = normalise_bank_account(value).replace("-", "")
    if not re.fullmatch(r"[0-9]{16}|[0-9]{24}", digits):
        _fail("bank_account_format")
    if _giro_sum(digits[:8]) % 10:
        _fail("bank_account_branch_check_digit")
    if _giro_sum(digits[8:]) % 10:
        _fail("bank_account_check_digit")


def _iban_remainder(country_check_bban: str) -> int:
    # ISO 13616 / ISO 7064 mod 97-10: move the first 4 characters to the end, letters
    # become 10..35, and a valid IBAN leaves remainder 1.
    rearranged = country_check_bban[4:] + country_check_bban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97


def iban_from_bank_account(account: str) -> str:
    """Return the HU IBAN (electronic form) of a valid account number."""
    validate_bank_account(account)
    bban = normalise_bank_account(account).replace("-", "").ljust(24, "0")
    return f"HU{98 - _iban_remainder(f'HU00{bban}'):02d}{bban}"


# --- Licence plates (rendszám) ---------------------------------------------------------
# (kind, pattern, canonical form); the first matching pattern wins.
_PLATE_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # 1990 - 2022-06-30 series, valid for the vehicle's life: ABC-123.
    ("1990", re.compile(r"([A-Z]{3})([0-9]{3})"), "{0}-{1}"),
    # From 2022-07-01 (303/2021. (VI. 1.) Korm. rendelet): AA AA-123; taxis (TX) use it too.
    # The vowel/consonant pair rule is not enforced: custom plates share this shape.
    ("2022", re.compile(r"([A-Z]{2})([A-Z]{2})([0-9]{3})"), "{0} {1}-{2}"),
    # Reserved series of authorities, veterans and consular staff: HA 12-34 / HA 12-345.
    (
        "reserved",
        re.compile(r"(HA|MA|BA|NA|OT|RA|RB|RF|RK|RR|DT|CK)([0-9]{2})([0-9]{2,3})"),
        "{0} {1}-{2}",
    ),
    # Diplomatic: CD 123-456.
    ("reserved", re.compile(r"(CD)([0-9]{3})([0-9]{3})"), "{0} {1}-{2}"),
    # Custom (egyedi) plates: 3-6 letters then 1-4 digits, 6 or 7 characters in all.
    ("custom", re.compile(r"([A-Z]{3,6})([0-9]{1,4})"), "{0}-{1}"),
)


def _match_plate(compact: str) -> tuple[str, str] | None:
    """Return (kind, canonical form), or None when no pattern fits."""
    for kind, pattern, template in _PLATE_PATTERNS:
        match = pattern.fullmatch(compact)
        if match and (kind != "custom" or len(compact) in (6, 7)):
            return kind, template.format(*match.groups())
    return None


def normalise_plate(value: str) -> str:
    """Return the canonical plate ("abc 123" -> "ABC-123", "aaaa123" -> "AA AA-123")."""
    compact = _compact(value)
    found = _match_plate(compact)
    return compact if found is None else found[1]


def validate_plate(value: str) -> None:
    compact = _compact(value)
    if any(c.isalpha() and not c.isascii() for c in compact):
        _fail("plate_accented")
    found = _match_plate(compact)
    if found is None:
        _fail("plate_format")
    # The regular series run from 001 to 999.
    if found[0] in ("1990", "2022") and compact.endswith("000"):
        _fail("plate_number_zero")


# --- Document numbers ------------------------------------------------------------------
def normalise_document_number(value: str) -> str:
    """Return the number upper-cased without spaces and hyphens ("ca 123456" -> "CA123456")."""
    return _compact(value)


def validate_id_card_number(value: str) -> None:
    # Card-format identity cards (2000 onwards, eSzemélyi included); the older booklets
    # have long expired and are not accepted.
    if not re.fullmatch(r"[0-9]{6}[A-Z]{2}", normalise_document_number(value)):
        _fail("id_card_format")


def validate_postal_code(value: str) -> None:
    if not re.fullmatch(r"[1-9][0-9]{3}", str(value).strip()):
        _fail("postal_code_format")


# --- Phone numbers ----------------------------------------------------------------------
# Numbers without a country code are read as Hungarian (06 trunk prefix or none); numbers
# typed with + or 00 may be foreign, since citizens living abroad use the portal too.
_PHONE_REASONS = {
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "phone_country_code",
    phonenumbers.ValidationResult.TOO_SHORT: "phone_too_short",
    phonenumbers.ValidationResult.TOO_LONG: "phone_too_long",
}
_PHONE_PARSE_ERRORS = {
    phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "phone_country_code",
    phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "phone_too_short",
    phonenumbers.NumberParseException.TOO_SHORT_NSN: "phone_too_short",
    phonenumbers.NumberParseException.TOO_LONG: "phone_too_long",
}


def normalise_phone_number(value: str) -> str:
    """Return the number in E.164 form ("06 30 123 4567" -> "+36301234567")."""
    try:
        number = phonenumbers.parse(str(value), "HU")
    except phonenumbers.NumberParseException:
        return str(value).strip()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone_number(value: str) -> None:
    try:
        number = phonenumbers.parse(str(value), "HU")
    except phonenumbers.NumberParseException as exc:
        _fail(_PHONE_PARSE_ERRORS.get(exc.error_type, "phone_format"))
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in _PHONE_REASONS:
        _fail(_PHONE_REASONS[reason])
    if not phonenumbers.is_valid_number(number):
        _fail("phone_invalid")
