from __future__ import annotations

import re

from cases import verification

CODE = "7KQ2M9XD4HTA0ZR"  # 15 characters: the random part of a code


def _full(body: str) -> str:
    return body + verification._check_character(body)


def test_a_new_code_is_sixteen_crockford_characters_with_a_valid_check():
    codes = {verification.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{16}", code)
        assert verification.normalize(code) == code


def test_the_printed_form_is_four_groups_of_four():
    assert verification.grouped("0123456789ABCDEF") == "0123-4567-89AB-CDEF"


def test_what_a_person_types_is_read_leniently():
    code = _full(CODE)
    printed = verification.grouped(code)
    assert verification.normalize(printed) == code
    assert verification.normalize(printed.lower()) == code
    assert verification.normalize(" ".join(printed.split("-"))) == code
    # Look-alikes: O for zero, I and L for one.
    assert verification.normalize(printed.replace("0", "O")) == code
    one = _full("1111ABCD2222EFG")
    assert verification.normalize("iIlL-ABCD-2222-EFG" + one[-1]) == one


def test_every_single_mistyped_character_is_refused():
    code = _full(CODE)
    for position in range(verification.LENGTH):
        for char in verification.ALPHABET:
            if char != code[position]:
                typo = code[:position] + char + code[position + 1 :]
                assert verification.normalize(typo) is None, typo


def test_swapped_neighbours_are_refused_except_zero_and_z():
    undetected = set()
    for a in verification.ALPHABET:
        for b in verification.ALPHABET:
            if a == b:
                continue
            for position in range(verification.RANDOM_LENGTH - 1):
                body = CODE[:position] + a + b + CODE[position + 2 :]
                code = _full(body)
                swapped = body[:position] + b + a + body[position + 2 :] + code[-1]
                if verification.normalize(swapped) is not None:
                    undetected.add(frozenset((a, b)))
    assert undetected == {frozenset("0Z")}


def test_what_cannot_be_a_code_is_refused():
    code = _full(CODE)
    for typed in ("", code[:-1], code + "0", code[:-1] + "U", "ÁÉÍÓ" * 4, code.replace("7", "*")):
        assert verification.normalize(typed) is None, typed


def test_the_url_is_the_base_url_and_the_grouped_code(settings):
    settings.PORTAL_BASE_URL = "https://ugysegeg.example.hu/"
    code = _full(CODE)
    assert verification.verification_url(code) == (
        f"https://ugysegeg.example.hu/verify/{verification.grouped(code)}/"
    )
