from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from identity.forms import CompleteProfileForm, editable_fields
from identity.models import User
from tests.identity.personas import IDENTITY

VALID = {**IDENTITY, "birth_date": "1980-01-01", "email": "elek.teszt@example.hu"}


def _form(data: dict, user: User | None = None) -> CompleteProfileForm:
    return CompleteProfileForm(data, user=user or User(username="new"))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_new_user_gives_every_field():
    assert editable_fields(User(username="new")) == [*IDENTITY, "email"]


def test_data_from_the_identity_provider_are_not_fields():
    user = User(username="u", last_name="Teszt", birth_date=date(1980, 1, 1), email="a@example.hu")
    form = CompleteProfileForm(user=user)
    assert "last_name" not in form.fields
    assert "birth_date" not in form.fields
    # Not confirmed yet, so still the citizen's to give.
    assert "email" in form.fields
    assert form.initial == {"email": "a@example.hu"}


def test_a_confirmed_email_is_not_a_field():
    user = User(username="u", email="a@example.hu", email_confirmed_at=timezone.now())
    assert "email" not in CompleteProfileForm(user=user).fields


def test_the_sections_show_provided_data_and_fields_in_4t_order():
    user = User(username="u", last_name="Teszt", first_name="Elek")
    sections = CompleteProfileForm(user=user).sections()
    assert [str(section.legend) for section in sections] == [
        "Current name",
        "Birth name",
        "Mother's birth name",
        "Place and date of birth",
        "Contact",
    ]
    assert [(str(p.label), p.value) for p in sections[0].provided] == [
        ("Current family name", "Teszt"),
        ("Current given name(s)", "Elek"),
    ]
    assert sections[0].fields == []
    assert [field.name for field in sections[1].fields] == [
        "birth_family_name",
        "birth_given_names",
    ]


@pytest.mark.parametrize(
    "name", ["Kovács-Nagy", "O'Brien", "D’Artagnan", "Szent-Györgyi", "Kiss Jr.", "Ödön Ádám"]
)
def test_names_with_letters_spaces_hyphens_apostrophes_and_dots_are_accepted(name):
    form = _form({**VALID, "birth_given_names": name})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["birth_given_names"] == name


def test_names_are_stored_composed_and_with_single_spaces():
    decomposed = unicodedata.normalize("NFD", "Kovács  Éva ")
    form = _form({**VALID, "first_name": decomposed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["first_name"] == "Kovács Éva"


@pytest.mark.parametrize("name", ["Elek2", "Teszt_Elek", "Kiss/Nagy", "<b>"])
def test_other_characters_in_a_name_are_refused(name):
    form = _form({**VALID, "mother_family_name": name})
    assert form.errors == {
        "mother_family_name": ["Use only letters, spaces, hyphens, apostrophes and dots."]
    }


@pytest.mark.parametrize("name", ["-", ". '", "..."])
def test_a_name_needs_a_letter(name):
    form = _form({**VALID, "birth_place": name})
    assert form.errors == {"birth_place": ["Enter at least one letter."]}


def test_every_missing_field_is_reported_on_its_own():
    form = _form({name: "  " for name in VALID})
    assert set(form.errors) == set(VALID)
    assert form.errors["last_name"] == ["This field is required."]


def test_the_date_of_birth_must_be_in_the_past():
    today = timezone.localdate()
    assert _form({**VALID, "birth_date": today.isoformat()}).errors == {
        "birth_date": ["The date of birth must be in the past."]
    }
    assert _form({**VALID, "birth_date": (today - timedelta(days=1)).isoformat()}).is_valid()


def test_the_date_of_birth_is_not_before_1900():
    assert _form({**VALID, "birth_date": "1899-12-31"}).errors == {
        "birth_date": ["The date of birth cannot be earlier than 1900."]
    }
    assert _form({**VALID, "birth_date": "1900-01-01"}).is_valid()


def test_the_email_address_is_validated():
    assert _form({**VALID, "email": "not-an-address"}).errors == {
        "email": ["Enter a valid email address."]
    }


def test_the_domain_of_the_email_address_is_lowercased():
    form = _form({**VALID, "email": "Elek.Teszt@Example.HU"})
    assert form.is_valid()
    assert form.cleaned_data["email"] == "Elek.Teszt@example.hu"
