"""What the identity provider refuses before acting on a request: weak signature or
digest algorithms, and requests issued outside the clock skew."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils.html import escape
from django.utils.translation import override
from saml2.xmldsig import (
    DIGEST_MD5,
    DIGEST_SHA1,
    DIGEST_SHA256,
    SIG_DSA_SHA1,
    SIG_RSA_MD5,
    SIG_RSA_SHA1,
    SIG_RSA_SHA256,
)

from portal.saml_binding import encode_message
from tests.identity.saml_helpers import DS, idp_clock, idp_session, text, tree
from tests.ugyfelkapu.saml_parties import SLO, SSO, log_in_at_idp, make_foreign_sp
from ugyfelkapu import saml as idp
from ugyfelkapu.errors import REQUEST_MESSAGES

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign(settings, tmp_path):
    sp = make_foreign_sp(tmp_path)
    settings.UGYFELKAPU_SP_METADATA_FILES = [sp.metadata_file]
    return sp


def shown(code: str) -> str:
    with override("en"):
        return escape(str(REQUEST_MESSAGES[code]))


def assert_refused(response, code: str, *, logout: bool = False) -> None:
    assert response.status_code == 400
    body = response.content.decode()
    assert shown(code) in body
    heading = "logout request" if logout else "login request"
    assert f"The {heading} could not be accepted" in body


def claiming(xml: str, algorithm: str) -> str:
    """The signed XML with its signature claiming another algorithm (so it no longer
    verifies: the algorithm is refused before any verification)."""
    root = tree(xml)
    root.find(f"{DS}Signature/{DS}SignedInfo/{DS}SignatureMethod").set("Algorithm", algorithm)
    return text(root)


# --- Weak algorithms ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sign_alg", "digest_alg"),
    [(SIG_RSA_SHA1, DIGEST_SHA256), (SIG_RSA_SHA256, DIGEST_SHA1), (SIG_RSA_SHA1, DIGEST_SHA1)],
    ids=["rsa-sha1", "sha1-digest", "both"],
)
def test_a_posted_authn_request_signed_with_sha1_is_refused(client, foreign, sign_alg, digest_alg):
    _, xml = foreign.authn_request(sign_alg=sign_alg, digest_alg=digest_alg)
    response = client.post(SSO, foreign.posted(xml))
    assert_refused(response, "weak_algorithm")
    assert idp.PENDING not in idp_session(client)


@pytest.mark.parametrize("algorithm", [SIG_DSA_SHA1, SIG_RSA_MD5])
def test_an_authn_request_claiming_dsa_or_md5_is_refused_as_weak(client, foreign, algorithm):
    _, xml = foreign.authn_request()
    response = client.post(SSO, foreign.posted(claiming(xml, algorithm)))
    assert_refused(response, "weak_algorithm")


def test_an_authn_request_with_an_md5_digest_is_refused_as_weak(client, foreign):
    _, xml = foreign.authn_request()
    root = tree(xml)
    root.find(f".//{DS}DigestMethod").set("Algorithm", DIGEST_MD5)
    assert_refused(client.post(SSO, foreign.posted(text(root))), "weak_algorithm")


def test_a_redirected_authn_request_signed_with_sha1_is_refused(client, foreign):
    _, url = foreign.redirect_url(sigalg=SIG_RSA_SHA1)
    assert "SigAlg=http%3A%2F%2Fwww.w3.org%2F2000%2F09%2Fxmldsig%23rsa-sha1" in url
    assert_refused(client.get(url), "weak_algorithm")
    assert idp.PENDING not in idp_session(client)


def test_the_same_requests_signed_with_sha256_are_accepted(client, foreign):
    _, xml = foreign.authn_request()
    assert client.post(SSO, foreign.posted(xml)).status_code == 302
    _, url = foreign.redirect_url()
    assert client.get(url).status_code == 302


def test_a_logout_request_signed_with_sha1_is_refused_and_ends_nothing(client, foreign, account):
    log_in_at_idp(client, account)
    _, xml = foreign.logout_request("someone", sign_alg=SIG_RSA_SHA1, digest_alg=DIGEST_SHA1)
    response = client.post(SLO, {"SAMLRequest": encode_message(xml)})
    assert_refused(response, "weak_algorithm", logout=True)
    assert idp_session(client)[idp.ACCOUNT] == account.pk


def test_a_redirected_logout_request_signed_with_sha1_is_refused(client, foreign, account):
    log_in_at_idp(client, account)
    response = client.get(foreign.redirected_logout_url("someone", sigalg=SIG_RSA_SHA1))
    assert_refused(response, "weak_algorithm", logout=True)
    assert idp_session(client)[idp.ACCOUNT] == account.pk


def test_a_logout_response_signed_with_sha1_is_named_as_weak(client, foreign):
    xml = foreign.logout_response(sign_alg=SIG_RSA_SHA1, digest_alg=DIGEST_SHA1)
    response = client.post(SLO, {"SAMLResponse": encode_message(xml)})
    assert_refused(response, "weak_algorithm", logout=True)


# --- Freshness ---------------------------------------------------------------------------
@pytest.mark.parametrize("offset", [-3 * settings.SAML_CLOCK_SKEW, 3 * settings.SAML_CLOCK_SKEW])
def test_an_authn_request_outside_the_clock_skew_is_refused(client, foreign, offset):
    with idp_clock(offset):  # the clock pysaml2 dates the SP's request with
        _, xml = foreign.authn_request()
    response = client.post(SSO, foreign.posted(xml))
    assert_refused(response, "stale_request")
    assert idp.PENDING not in idp_session(client)


def test_a_redirected_authn_request_outside_the_clock_skew_is_refused(client, foreign):
    with idp_clock(-3 * settings.SAML_CLOCK_SKEW):
        _, url = foreign.redirect_url()
    assert_refused(client.get(url), "stale_request")


@pytest.mark.parametrize("offset", [-settings.SAML_CLOCK_SKEW // 2, settings.SAML_CLOCK_SKEW // 2])
def test_an_authn_request_within_the_clock_skew_is_accepted(client, foreign, offset):
    with idp_clock(offset):
        request_id, xml = foreign.authn_request()
    response = client.post(SSO, foreign.posted(xml))
    assert response.status_code == 302 and idp_session(client)[idp.PENDING]["id"] == request_id


def test_a_stale_logout_request_is_refused(client, foreign, account):
    log_in_at_idp(client, account)
    with idp_clock(-3 * settings.SAML_CLOCK_SKEW):
        _, xml = foreign.logout_request("someone")
    response = client.post(SLO, {"SAMLRequest": encode_message(xml)})
    assert_refused(response, "stale_request", logout=True)
    assert idp_session(client)[idp.ACCOUNT] == account.pk


def test_the_refusal_is_told_in_hungarian_too(hu_client, foreign):
    _, xml = foreign.authn_request(sign_alg=SIG_RSA_SHA1)
    body = hu_client.post(SSO, foreign.posted(xml)).content.decode()
    assert "A bejelentkezési kérést nem lehet elfogadni" in body
    assert "A szolgáltatás olyan algoritmussal írta alá a kérését" in body
