"""The demo citizen who is not Hungarian logs in through the built-in identity provider
and reaches settling abroad, which tells her that her ID card entitlement ends."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from cases.models import Case
from population.models import Person
from sandbox.demo import seed
from sandbox.demo_residence import NON_CITIZEN
from tests.identity.saml_helpers import post_fields
from ugyfelkapu.demo import DEMO_CITIZENS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db
USERNAME = NON_CITIZEN[0]
LOGIN = reverse("ugyfelkapu:login")
CODE = reverse("ugyfelkapu:login_code")


def test_the_non_citizen_is_a_demo_login():
    assert USERNAME in [username for username, *_ in DEMO_CITIZENS]


def test_she_logs_in_and_is_told_to_hand_in_her_id_card(client, django_capture_on_commit_callbacks):
    seed()  # the demo data and the Ügyfélkapu+ accounts, as `make run` loads them
    person = Person.objects.get(family_name="Petrenko", given_names="Olena")
    assert person.citizenship != "HU"
    assert person.legal_title == Person.LegalTitle.SETTLED
    assert person.documents.filter(kind="id_card", validity="valid").exists()

    # The portal's signed request, the password and the e-mailed code at the IdP.
    action, fields = post_fields(client.post("/account/login/", {"method": "email"}))
    client.post(urlsplit(action).path, fields)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{LOGIN}?method=email", {"username": USERNAME, "password": DEMO_PASSWORD}
        )
    assert response["Location"] == CODE
    code = re.search(r"\b([0-9]{6})\b", mail.outbox[-1].body).group(1)
    action, fields = post_fields(client.post(CODE, {"code": code}))
    assert urlsplit(action).path == "/saml/acs/"
    assert client.post("/saml/acs/", fields).status_code == 302
    user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    assert user.person == person

    # First login: her data came complete from the register; the e-mail address is
    # confirmed by the button behind the link sent to it.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("identity:resend_confirmation"))
    link = re.search(r"/account/confirm-email/[^\s/]+/", mail.outbox[-1].body).group(0)
    assert client.get(link).status_code == 200
    client.post(link)

    slug = "residence.settle_abroad"
    start = client.get(reverse("flow:start", args=[slug]))
    assert start.status_code == 200
    saved = client.post(
        reverse("flow:save_first", args=[slug]),
        {
            "country": "AT",
            "province": "",
            "postal_code": "1010",
            "settlement": "Wien",
            "street_address": "Kärntner Straße 12/5",
        },
    )
    assert saved.status_code == 302
    case = Case.objects.get(case_type=slug, applicant=user)
    declaration = client.get(reverse("flow:step", args=[case.reference, 1])).content.decode()
    # The ID card is to be handed in; no new address card is offered.
    assert 'name="hand_in"' in declaration
    assert "megszűnik a magyar személyazonosító" in declaration
    assert 'name="card_delivery"' not in declaration
