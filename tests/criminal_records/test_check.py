"""`criminal_record.check`: the anonymous validity check of a certificate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from criminal_records import certificate
from tests.criminal_records.conftest import filed_request

pytestmark = pytest.mark.django_db
URL = reverse("criminal_records:check")


@pytest.fixture
def issued(citizen, person, clerk):
    return certificate.issue(filed_request(citizen), by=clerk)


def typed(issued, **changes):
    person = issued.person
    data = {
        "number": issued.number,
        "name": person.full_name,
        "mother_name": person.mother_birth_name,
        "birth_date": person.birth_date.isoformat(),
        "issued_on": issued.issued_on.isoformat(),
    }
    data.update(changes)
    return data


def test_the_data_of_a_valid_certificate_say_valid(client, issued):
    assert client.get(URL).status_code == 200
    response = client.post(URL, typed(issued, number=issued.number.lower().replace("-", " ")))
    assert response.status_code == 200
    assert response.context["answer"]["valid"] is True
    assert "büntetlen előéletű" in response.content.decode()


@pytest.mark.parametrize("field", ["name", "mother_name", "birth_date", "issued_on", "number"])
def test_one_mistyped_field_says_not_valid_and_why_it_may_be(client, issued, field):
    wrong = {
        "name": "Teszt Elemér",
        "mother_name": "Minta Márta",
        "birth_date": "1980-01-02",
        "issued_on": (issued.issued_on - timedelta(days=1)).isoformat(),
        "number": f"EB-{timezone.localdate().year}-999999",
    }[field]
    response = client.post(URL, typed(issued, **{field: wrong}))
    assert response.status_code == 200
    assert response.context["answer"]["valid"] is False
    assert "elgépelt" in response.content.decode()  # a mistyped letter also gives "no"


def test_a_revoked_certificate_is_not_valid(client, issued, clerk):
    certificate.revoke(issued, by=clerk, reason="Téves adat.")
    assert client.post(URL, typed(issued)).context["answer"]["valid"] is False


def test_an_expired_certificate_is_not_valid(client, issued):
    type(issued).objects.filter(pk=issued.pk).update(
        issued_at=timezone.now() - timedelta(days=91),
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    issued.refresh_from_db()
    assert client.post(URL, typed(issued)).context["answer"]["valid"] is False


@pytest.mark.parametrize(
    ("field", "value"),
    [("number", "12345"), ("number", "EB-26-1"), ("birth_date", "1980-13-40"), ("name", "")],
)
def test_malformed_data_get_a_field_message_not_a_no(client, issued, field, value):
    response = client.post(URL, typed(issued, **{field: value}))
    assert response.status_code == 400
    assert response.context["answer"] is None
    assert field in response.context["form"].errors


def test_a_future_issue_date_is_a_field_message(client, issued):
    later = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(URL, typed(issued, issued_on=later))
    assert "issued_on" in response.context["form"].errors


def test_the_check_is_rate_limited_like_the_other_anonymous_checks(client, settings, issued):
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert client.post(URL, typed(issued)).status_code == 200
    assert client.post(URL, typed(issued)).status_code == 429
