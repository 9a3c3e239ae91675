"""A foreign service provider (samlify, not pysaml2) logs citizens in through the
built-in Ügyfélkapu+ identity provider, over real HTTP: the IdP trusts it by a
metadata file alone, and samlify verifies everything the IdP answers.

`requests` plays the browser; the cross-site browser journey is in
tests/e2e/test_saml_cross_site.py.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core import mail

from identity.models import User
from tests.interop.harness import (
    IDP_PASSWORD,
    make_idp_account,
    result,
    save_metadata,
    submit,
    user_agent,
)
from ugyfelkapu.methods import METHOD_URNS
from ugyfelkapu.models import Account

pytestmark = [pytest.mark.interop, pytest.mark.django_db(transaction=True)]

PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
RESPONDER = "urn:oasis:names:tc:SAML:2.0:status:Responder"
NO_PASSIVE = "urn:oasis:names:tc:SAML:2.0:status:NoPassive"
# pysaml2 names the e-mail attribute by its X.500 OID (FriendlyName "email", NameFormat
# uri); the natural identity data keep their KAÜ names.
EMAIL_ATTRIBUTE = "urn:oid:1.2.840.113549.1.9.1.1"
# Algorithm URIs no party may offer or accept: SHA-1, MD5, DSA (xmldsig#dsa-sha1,
# xmldsig11#dsa-sha256; ECDSA is not DSA).
WEAK = re.compile(r"sha1(?!\d)|md5|#dsa-", re.IGNORECASE)
# Base64 content (certificates, signature and digest values) spells "md5" or "sha1" by
# chance in about one key of forty; only what lies outside it names algorithms.
BASE64_CONTENT = re.compile(
    r"(<[\w:]*(?:X509Certificate|SignatureValue|DigestValue)\b[^>]*>)[^<]*", re.IGNORECASE
)


def weak_algorithms(metadata: str) -> list[str]:
    """The weak algorithm names in a metadata document, base64 content left out."""
    named = re.findall(r'Algorithm="([^"]*)"', metadata)
    assert named, "the metadata names no algorithm at all"
    return WEAK.findall(BASE64_CONTENT.sub(r"\1", metadata))


@pytest.fixture
def foreign_sp(interop_portal, foreign_saml, settings, tmp_path):
    """The IdP trusts the foreign SP by its metadata file, as an operator would set it up."""
    settings.UGYFELKAPU_SP_METADATA_FILES = [
        save_metadata(f"{foreign_saml.url}/sp/metadata", tmp_path, "foreign-sp.xml")
    ]
    return foreign_saml


@pytest.fixture
def account(transactional_db) -> Account:
    return make_idp_account()


@pytest.fixture
def agent():
    with user_agent() as session:
        yield session


def _path(response) -> str:
    return urlsplit(response.url).path


def _asks_for_password(response) -> bool:
    return _path(response) == "/ugyfelkapu/login/" and 'name="password"' in response.text


def authenticate(agent, response, account):
    """Through the IdP's pages (method chooser, password, e-mail code) to its answer."""
    if _path(response) == "/ugyfelkapu/login/" and not _asks_for_password(response):
        response = agent.get(f"{response.url.split('?')[0]}?method=email", timeout=30)
    assert _asks_for_password(response), (response.status_code, response.url)
    response = submit(agent, response, "password", username=account.username, password=IDP_PASSWORD)
    assert _path(response) == "/ugyfelkapu/login/code/", (response.status_code, response.url)
    code = re.search(r"\b([0-9]{6})\b", mail.outbox[-1].body).group(1)
    return submit(agent, response, "code", code=code)


def start(agent, foreign_sp, **params):
    """The foreign SP's login link; for HTTP-POST, its page also posts to the IdP."""
    response = agent.get(f"{foreign_sp.url}/sp/login", params=params, timeout=30)
    if params.get("binding") == "post":
        response = submit(agent, response, "SAMLRequest")
    return response


def log_in(agent, foreign_sp, account, **params) -> dict:
    """A whole login at the foreign SP: what its ACS made of the IdP's answer."""
    response = start(agent, foreign_sp, **params)
    if _path(response) == "/ugyfelkapu/login/":
        response = authenticate(agent, response, account)
    return result(submit(agent, response, "SAMLResponse"))


def _expected_attributes(account) -> dict:
    person = account.person
    return {
        "viseltCsaladiNev": person.family_name,
        "viseltUtonev": person.given_names,
        "szuletesiCsaladiNev": person.birth_family_name,
        "szuletesiUtonev": person.birth_given_names,
        "anyjaCsaladiNev": person.mother_family_name,
        "anyjaUtonev": person.mother_given_names,
        "szuletesiHely": person.birth_place,
        "szuletesiDatum": person.birth_date.isoformat(),
        EMAIL_ATTRIBUTE: account.email,
    }


def test_metadata_offers_both_bindings_and_no_weak_algorithm(foreign_sp, interop_portal):
    idp_metadata = requests.get(f"{interop_portal}/ugyfelkapu/metadata/", timeout=10).text
    for service in ("SingleSignOnService", "SingleLogoutService"):
        for binding in (REDIRECT, POST):
            assert re.search(rf'<[\w:]*{service}[^>]*Binding="{binding}"', idp_metadata), (
                service,
                binding,
            )
    assert weak_algorithms(idp_metadata) == []
    sp_metadata = requests.get(f"{interop_portal}/saml/metadata/", timeout=10).text
    assert weak_algorithms(sp_metadata) == []


def test_redirect_login_is_verified_by_samlify(foreign_sp, account, agent, interop_portal):
    response = agent.get(f"{foreign_sp.url}/sp/login", timeout=30, allow_redirects=False)
    # samlify found our Redirect endpoint in the metadata and signed the query with RSA-SHA256.
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{interop_portal}/ugyfelkapu/sso/"
    )
    assert parse_qs(location.query)["SigAlg"] == [RSA_SHA256]

    login = log_in(agent, foreign_sp, account)

    assert login["ok"] is True, login
    assert login["issuer"] == f"{interop_portal}/ugyfelkapu/metadata/"
    assert login["attributes"] == _expected_attributes(account)
    assert login["authnContextClassRef"] == METHOD_URNS["email"]
    assert login["nameID"]
    assert sorted(set(login["algorithms"])) == [RSA_SHA256, SHA256]


def test_post_login_is_verified_by_samlify(foreign_sp, account, agent):
    login = log_in(agent, foreign_sp, account, binding="post")

    assert login["ok"] is True, login
    assert login["attributes"] == _expected_attributes(account)
    assert login["status"] == {"top": SUCCESS, "second": None}


def _portal_login(agent, portal: str, account) -> User:
    """The portal's own login through the same IdP; the portal user it made."""
    page = agent.get(f"{portal}/account/login/", timeout=30)
    response = submit(agent, page, "method", method="email")
    response = submit(agent, response, "SAMLRequest")
    response = authenticate(agent, response, account)
    response = submit(agent, response, "SAMLResponse")
    assert response.history and response.history[0].status_code == 302, response.status_code
    return User.objects.get(email=account.email)


def test_each_service_gets_its_own_persistent_name_id(foreign_sp, account, agent, interop_portal):
    portal_user = _portal_login(agent, interop_portal, account)
    portal_name_id = portal_user.idp_subject.split("!", 1)[1]

    first = log_in(agent, foreign_sp, account, binding="post", context=METHOD_URNS["email"])
    again = log_in(
        agent, foreign_sp, account, binding="post", context=METHOD_URNS["email"], force="1"
    )

    assert first["ok"] is True and again["ok"] is True, (first, again)
    # Pairwise: the two services cannot link the citizen by the NameID...
    assert first["nameID"] != portal_name_id
    assert first["nameID"] != account.subject
    # ...and it is persistent: the same for this SP at every login.
    assert again["nameID"] == first["nameID"]


def test_force_authn_asks_for_the_password_again(foreign_sp, account, agent):
    context = METHOD_URNS["email"]
    assert log_in(agent, foreign_sp, account, binding="post", context=context)["ok"] is True

    # Without ForceAuthn the IdP's session answers at once (single sign-on)...
    single_sign_on = start(agent, foreign_sp, binding="post", context=context)
    assert "SAMLResponse" in single_sign_on.text, single_sign_on.url
    assert result(submit(agent, single_sign_on, "SAMLResponse"))["ok"] is True

    # ...with it, the citizen proves who they are again.
    forced = start(agent, foreign_sp, binding="post", context=context, force="1")
    assert _asks_for_password(forced), (forced.status_code, forced.url)
    assert result(submit(agent, authenticate(agent, forced, account), "SAMLResponse"))["ok"]


def test_is_passive_without_a_session_answers_no_passive(foreign_sp, agent):
    response = start(agent, foreign_sp, binding="post", passive="1")

    assert not _asks_for_password(response)
    answer = result(submit(agent, response, "SAMLResponse"))
    assert answer["ok"] is False
    assert answer["status"] == {"top": RESPONDER, "second": NO_PASSIVE}


def test_is_passive_with_a_session_logs_in_without_a_page(foreign_sp, account, agent):
    assert log_in(agent, foreign_sp, account, context=METHOD_URNS["email"])["ok"] is True

    response = start(agent, foreign_sp, passive="1", context=METHOD_URNS["email"])

    assert "SAMLResponse" in response.text, response.url
    assert result(submit(agent, response, "SAMLResponse"))["ok"] is True


@pytest.mark.parametrize("binding", ["redirect", "post"])
def test_sha1_signed_authn_request_is_refused(foreign_sp, agent, binding):
    response = start(agent, foreign_sp, binding=binding, sigalg="sha1")

    assert response.status_code == 400
    assert _path(response) == "/ugyfelkapu/sso/"
    assert 'name="password"' not in response.text


@pytest.mark.parametrize(("age", "accepted"), [(30, True), (600, False)])
def test_authn_request_older_than_the_clock_skew_is_refused(foreign_sp, agent, age, accepted):
    response = start(agent, foreign_sp, binding="post", age=str(age))

    if accepted:
        assert response.status_code == 200
        assert _path(response) == "/ugyfelkapu/login/"
    else:
        assert response.status_code == 400
        assert _path(response) == "/ugyfelkapu/sso/"


def test_single_logout_by_redirect_ends_the_idp_session(foreign_sp, account, agent):
    assert log_in(agent, foreign_sp, account, context=METHOD_URNS["email"])["ok"] is True

    to_idp = agent.get(f"{foreign_sp.url}/sp/logout", timeout=30, allow_redirects=False)
    assert to_idp.status_code == 302
    assert urlsplit(to_idp.headers["Location"]).path == "/ugyfelkapu/slo/"
    back = agent.get(to_idp.headers["Location"], timeout=30, allow_redirects=False)
    # The SP's metadata lists only a Redirect logout endpoint: the answer goes there.
    assert back.status_code == 302, back.text[:300]
    assert back.headers["Location"].startswith(f"{foreign_sp.url}/sp/slo?")
    logout = result(agent.get(back.headers["Location"], timeout=30))

    assert logout["ok"] is True, logout
    assert logout["status"] == {"top": SUCCESS, "second": None}
    assert logout["sigAlg"] == RSA_SHA256
    # The IdP's session is gone: a passive login now finds nobody.
    passive = result(submit(agent, start(agent, foreign_sp, passive="1"), "SAMLResponse"))
    assert passive["status"]["second"] == NO_PASSIVE
