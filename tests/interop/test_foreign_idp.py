"""The portal's service provider against a foreign identity provider (samlify, not
pysaml2) that it trusts by configuration alone (SAML_IDP_METADATA_FILE), over real
HTTP: the foreign IdP checks the portal's signed AuthnRequest and answers with a
Response signed twice; weak or altered answers are refused.

`requests` plays the browser; the cross-site browser journey is in
tests/e2e/test_saml_cross_site.py.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest

from identity.models import User
from tests.interop.harness import (
    foreign_citizens,
    returning_foreign_citizen,
    save_metadata,
    send_on,
    submit,
    submit_to,
    user_agent,
)

pytestmark = [pytest.mark.interop, pytest.mark.django_db(transaction=True)]

CITIZEN = foreign_citizens()[0]  # Teszt Elek, as the foreign IdP asserts him


@pytest.fixture
def foreign_idp(interop_portal, foreign_saml, settings, tmp_path):
    """The portal trusts the foreign IdP by its metadata file, and nothing else changes."""
    settings.SAML_IDP_METADATA_FILE = save_metadata(
        f"{foreign_saml.url}/idp/metadata", tmp_path, "foreign-idp.xml"
    )
    return foreign_saml


@pytest.fixture
def agent():
    with user_agent() as session:
        session.cookies.set("django_language", "en")  # assertions read the English texts
        yield session


def _path(response) -> str:
    return urlsplit(response.url).path


def to_foreign_idp(agent, portal: str):
    """From the portal's login page to the foreign IdP's page, which checked the request."""
    page = agent.get(f"{portal}/account/login/", timeout=30)
    response = send_on(agent, submit(agent, page, "method", method="totp"))
    assert response.status_code == 200, response.text[:800]
    assert _path(response) == "/idp/sso"
    return response


def answer(agent, idp_page, **choices):
    """The citizen logs in at the foreign IdP; its page posts the answer to the portal's ACS."""
    response = submit(agent, idp_page, "citizen", citizen=CITIZEN["id"], **choices)
    return submit(agent, response, "SAMLResponse")


def _returning_citizen(foreign_idp) -> User:
    return returning_foreign_citizen(foreign_idp, CITIZEN)


def test_new_citizen_is_made_from_the_assertion(foreign_idp, interop_portal, agent):
    response = answer(agent, to_foreign_idp(agent, interop_portal))

    acs = response.history[0]
    assert (acs.status_code, urlsplit(acs.url).path) == (302, "/saml/acs/")
    assert _path(response) == "/account/complete/"  # the e-mail address is not confirmed yet
    user = User.objects.get()
    a = CITIZEN["attributes"]
    assert user.idp_subject == f"{foreign_idp.idp_entity_id}!{CITIZEN['subject']}"
    assert user.idp_entity == foreign_idp.idp_entity_id
    assert (user.last_name, user.first_name) == (a["viseltCsaladiNev"], a["viseltUtonev"])
    assert (user.mother_family_name, user.mother_given_names) == (
        a["anyjaCsaladiNev"],
        a["anyjaUtonev"],
    )
    assert (user.birth_place, user.birth_date) == (a["szuletesiHely"], date(1980, 1, 1))
    assert (user.email, user.email_confirmed_at) == (a["email"], None)


def test_returning_citizen_lands_on_my_requests(foreign_idp, interop_portal, agent):
    _returning_citizen(foreign_idp)

    response = answer(agent, to_foreign_idp(agent, interop_portal))

    assert (response.status_code, _path(response)) == (200, "/my-requests/")


@pytest.mark.parametrize(
    "choice",
    [{"signature": "sha1"}, {"tamper": "1"}],
    ids=["signed-with-rsa-sha1", "attribute-changed-after-signing"],
)
def test_weak_or_altered_response_is_refused(foreign_idp, interop_portal, agent, choice):
    _returning_citizen(foreign_idp)

    response = answer(agent, to_foreign_idp(agent, interop_portal), **choice)

    assert (response.status_code, _path(response)) == (403, "/saml/acs/")
    assert "could not be accepted" in response.text
    assert agent.get(f"{interop_portal}/my-requests/", timeout=30).url.endswith(
        "/account/login/?next=/my-requests/"
    )


def test_a_response_is_accepted_once(foreign_idp, interop_portal, agent):
    _returning_citizen(foreign_idp)
    idp_page = to_foreign_idp(agent, interop_portal)
    posted = submit(agent, idp_page, "citizen", citizen=CITIZEN["id"])
    assert submit(agent, posted, "SAMLResponse").url.endswith("/my-requests/")

    replayed = submit(agent, posted, "SAMLResponse")

    assert (replayed.status_code, _path(replayed)) == (403, "/saml/acs/")


def test_single_logout_through_the_foreign_idp(foreign_idp, interop_portal, agent):
    _returning_citizen(foreign_idp)
    my_requests = answer(agent, to_foreign_idp(agent, interop_portal))

    to_idp = submit_to(agent, my_requests, "/account/logout/")  # the header's logout button
    back = send_on(agent, send_on(agent, to_idp))  # the foreign IdP's answer, posted back

    assert (back.status_code, _path(back)) == (200, "/")
    assert "You have logged out." in back.text
    assert "did not confirm" not in back.text
    assert agent.get(f"{interop_portal}/my-requests/", timeout=30).url.endswith(
        "/account/login/?next=/my-requests/"
    )
