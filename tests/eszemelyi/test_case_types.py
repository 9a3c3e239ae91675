"""The card services' own pages read who may apply from their case types, nowhere else."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cases import registry
from eszemelyi.models import CardOperation
from tests.eszemelyi.portal_fixtures import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db

REFUSAL = "Checked from the registry entry."


def _refuse(applicant, answers):
    return REFUSAL


@pytest.fixture
def refusing(request):
    """The case type with one more eligibility check, one that always refuses."""
    kind = registry.get(request.param)
    registry.unregister(kind.slug)
    registry.register(replace(kind, eligibility=(*kind.eligibility, _refuse)))
    yield kind
    registry.unregister(kind.slug)
    registry.register(kind)


@pytest.mark.parametrize(
    ("refusing", "page", "start", "answers"),
    [
        (
            "eszemelyi.emergency_numbers",
            "/eszemelyi/emergency-numbers/",
            "/eszemelyi/emergency-numbers/start/",
            {"slot": "1", "action": "set", "number": "+36 30 123 4567", "consent": "on"},
        ),
        ("eszemelyi.nek_applet", "/eszemelyi/nek/", "/eszemelyi/nek/start/", {}),
        (
            "eszemelyi.esign",
            "/eszemelyi/esign/",
            "/eszemelyi/esign/save/",
            {
                "email": "anna@example.hu",
                "email_in_certificate": "no",
                "publish_in_directory": "no",
            },
        ),
    ],
    indirect=["refusing"],
)
def test_a_check_added_to_the_case_type_stops_the_page(
    citizen_client, chip_id_card, refusing, page, start, answers
):
    assert REFUSAL in citizen_client.get(page).content.decode()
    # The NEK page sends a refused start back to itself; the others answer with the page.
    response = citizen_client.post(start, answers, follow=True)
    assert response.status_code == 200 and REFUSAL in response.content.decode()
    assert not CardOperation.objects.exists()


def test_without_the_added_check_the_same_answers_start_the_service(citizen_client, chip_id_card):
    response = citizen_client.post(
        "/eszemelyi/emergency-numbers/start/",
        {"slot": "1", "action": "set", "number": "+36 30 123 4567", "consent": "on"},
    )
    operation = CardOperation.objects.get()
    assert response["Location"] == f"/eszemelyi/operations/{operation.pk}/"
