"""Share links: 72 hours, a number of openings, withdrawal, killed by revocation; the
recipient sees only the type, content, date of issue and "valid now"."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from criminal_records import certificate, sharing
from criminal_records.models import ShareLink, ShareOpening
from tests.criminal_records.conftest import filed_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(citizen, person, clerk):
    return certificate.issue(filed_request(citizen), by=clerk)


def make_link(client, issued, openings=2) -> str:
    prefix = f"c{issued.pk}-"
    response = client.post(
        reverse("criminal_records:share_create", args=[issued.pk]),
        {
            f"{prefix}recipient": "Minta Iskola",
            f"{prefix}purpose": "álláspályázat",
            f"{prefix}max_openings": str(openings),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("criminal_records:certificates")).content.decode()
    url = re.search(r'id="share-url" type="text" readonly value="([^"]+)"', page).group(1)
    # Shown once: the next visit of the page no longer has it.
    again = client.get(reverse("criminal_records:certificates")).content.decode()
    assert url not in again
    return url


def test_the_recipient_sees_only_type_content_date_and_validity(citizen_client, issued, person):
    url = make_link(citizen_client, issued)
    recipient = Client()
    landing = recipient.get(url)
    assert landing.status_code == 200
    assert "Minta Iskola" in landing.content.decode()
    assert "büntetlen" not in landing.content.decode()  # nothing before the button
    assert ShareOpening.objects.count() == 0
    shown = recipient.post(url)
    page = shown.content.decode()
    assert shown.status_code == 200
    assert "büntetlen előéletű" in page
    assert issued.issued_on.strftime("%Y. %m. %d.") in page
    assert "Igen, most érvényes" in page
    for private in (person.full_name, issued.number, issued.street_address, "1980"):
        assert private not in page
    # The holder sees the opening.
    listing = citizen_client.get(reverse("criminal_records:certificates")).content.decode()
    assert "1 felhasználva" in listing or "2 megnyitásból 1" in listing


def test_the_openings_are_limited(citizen_client, issued):
    url = make_link(citizen_client, issued, openings=2)
    recipient = Client()
    assert recipient.post(url).status_code == 200
    assert recipient.post(url).status_code == 200
    assert recipient.post(url).status_code == 410
    assert ShareOpening.objects.count() == 2


def test_a_link_expires_after_72_hours(citizen_client, issued):
    url = make_link(citizen_client, issued)
    ShareLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().post(url).status_code == 410
    link = ShareLink.objects.get()
    assert link.expires_at - link.created_at <= timedelta(hours=72)


def test_the_holder_withdraws_a_link(citizen_client, issued):
    url = make_link(citizen_client, issued)
    link = ShareLink.objects.get()
    response = citizen_client.post(reverse("criminal_records:share_withdraw", args=[link.pk]))
    assert response.status_code == 302
    assert Client().post(url).status_code == 410


def test_revoking_the_certificate_kills_its_links(citizen_client, issued, clerk):
    url = make_link(citizen_client, issued)
    certificate.revoke(issued, by=clerk, reason="Téves adat.")
    response = Client().post(url)
    assert response.status_code == 410
    assert "büntetlen" not in response.content.decode()


def test_only_the_hash_of_the_token_is_stored(citizen_client, issued):
    url = make_link(citizen_client, issued)
    token = url.rstrip("/").rsplit("/", 1)[1]
    link = ShareLink.objects.get()
    assert token not in link.token_hash
    assert link.token_hash == ShareLink.hash_of(token)


def test_an_unknown_link_is_not_found(client):
    assert client.get(reverse("criminal_records:shared", args=["nope"])).status_code == 404


def test_someone_elses_certificate_cannot_be_shared_or_withdrawn(
    client, other_citizen, issued, citizen_client
):
    make_link(citizen_client, issued)
    client.force_login(other_citizen)
    response = client.post(
        reverse("criminal_records:share_create", args=[issued.pk]),
        {f"c{issued.pk}-recipient": "x", f"c{issued.pk}-purpose": "y"},
    )
    assert response.status_code == 404
    link = ShareLink.objects.get()
    assert (
        client.post(reverse("criminal_records:share_withdraw", args=[link.pk])).status_code == 404
    )


def test_an_invalid_certificate_cannot_be_shared(issued, clerk):
    certificate.revoke(issued, by=clerk, reason="x")
    with pytest.raises(sharing.NotShareable):
        sharing.create_link(issued, recipient="a", purpose="b", max_openings=1)


def test_bad_share_input_gets_field_messages(citizen_client, issued):
    prefix = f"c{issued.pk}-"
    response = citizen_client.post(
        reverse("criminal_records:share_create", args=[issued.pk]),
        {f"{prefix}recipient": "", f"{prefix}purpose": "x", f"{prefix}max_openings": "99"},
    )
    assert response.status_code == 400
    assert not ShareLink.objects.exists()
