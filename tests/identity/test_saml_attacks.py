"""Attacks on the portal's SAML service provider, and on the IdP's request checks.

Every forged, tampered, misdirected or replayed message must be refused with
nobody logged in and no citizen user created. Each family of attacks has a
control that builds the message the same way, genuinely, and succeeds.
"""

from __future__ import annotations

import base64
from copy import deepcopy
from datetime import UTC, datetime, timedelta
from importlib import import_module
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from lxml import etree
from saml2 import BINDING_HTTP_POST
from saml2.samlp import logout_request_from_string
from saml2.time_util import TIME_FORMAT
from saml2.xmldsig import (
    DIGEST_MD5,
    DIGEST_SHA1,
    DIGEST_SHA256,
    SIG_DSA_SHA1,
    SIG_DSA_SHA256,
    SIG_RSA_MD5,
    SIG_RSA_SHA1,
    SIG_RSA_SHA256,
)

from identity import saml as sp
from identity.models import PendingRequest, User
from portal.saml_binding import MAX_MESSAGE_BYTES, encode_message
from tests.factories import PersonFactory
from tests.identity.saml_helpers import (
    DS,
    SAML,
    SAMLP,
    account_for,
    acs_fields,
    algorithms,
    authn_request_xml,
    bind_request,
    decoded,
    idp_answer,
    idp_clock,
    idp_session,
    impostor_idp,
    logout_request_xml,
    logout_response_xml,
    post_fields,
    resign,
    response_xml,
    sp_client,
    start_login,
    text,
    tree,
)
from ugyfelkapu import saml as idp

pytestmark = pytest.mark.django_db

ACS, SSO, SLO, SLS = "/saml/acs/", "/ugyfelkapu/sso/", "/ugyfelkapu/slo/", "/saml/sls/"
VICTIM = "victim-subject"
OTHER_ACS = "https://other-sp.example/saml/acs/"
SHA256 = (SIG_RSA_SHA256, DIGEST_SHA256)


@pytest.fixture
def login(client):
    """A login in progress: the IdP's pending request and the account it will answer for."""
    return start_login(client), account_for(PersonFactory(family_name="Támadó"))


def signed(login) -> str:
    return response_xml(*login)


def post_acs(client, xml, login_or_pending):
    pending = login_or_pending[0] if isinstance(login_or_pending, tuple) else login_or_pending
    return client.post(ACS, acs_fields(xml, pending))


def assert_refused(client, response, status=(403,)):
    assert response.status_code in status, response.status_code
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(idp_subject__isnull=False).exists()


def refusal_reason(caplog) -> str:
    return " ".join(r.getMessage() for r in caplog.records if "refused" in r.getMessage())


def message_levels(response) -> list[str]:
    return [message.level_tag for message in get_messages(response.wsgi_request)]


# --- Algorithms and controls ---------------------------------------------------------------
def test_the_authn_request_is_signed_with_rsa_sha256(client):
    root = tree(
        decoded(post_fields(client.post("/account/login/", {"method": "totp"}))[1], "SAMLRequest")
    )
    assert root.tag == f"{SAMLP}AuthnRequest"
    assert algorithms(root.find(f"{DS}Signature")) == SHA256
    assert root.find(f".//{DS}Reference").get("URI") == "#" + root.get("ID")


def test_the_idp_signs_response_and_assertion_with_rsa_sha256(client):
    root = tree(decoded(idp_answer(start_login(client), account_for(PersonFactory()))))
    for element in (root, root.find(f"{SAML}Assertion")):
        assert algorithms(element.find(f"{DS}Signature")) == SHA256


def test_the_helpers_genuine_and_re_signed_responses_log_in(client, login):
    # The control for the attacks below: building or re-signing alone changes nothing.
    assert post_acs(client, resign(signed(login)), login).status_code == 302
    assert "_auth_user_id" in client.session


# --- 1-3. Missing signatures, another key --------------------------------------------------
@pytest.mark.parametrize(
    ("sign_response", "sign_assertion"),
    [(False, False), (False, True), (True, False)],
    ids=["nothing-signed", "assertion-only", "response-only"],
)
def test_both_response_and_assertion_must_be_signed(client, login, sign_response, sign_assertion):
    xml = response_xml(*login, sign_response=sign_response, sign_assertion=sign_assertion)
    assert_refused(client, post_acs(client, xml, login))


def test_a_response_signed_by_another_key_under_the_idps_name_is_refused(client, login, tmp_path):
    assert_refused(
        client, post_acs(client, response_xml(*login, server=impostor_idp(tmp_path)), login)
    )


def test_a_genuine_assertion_in_a_response_signed_by_another_key_is_refused(
    client, login, tmp_path
):
    impostor = impostor_idp(tmp_path)
    outer = tree(response_xml(*login, server=impostor))
    outer.replace(outer.find(f"{SAML}Assertion"), tree(signed(login)).find(f"{SAML}Assertion"))
    xml = resign(text(outer), assertion=False, server=impostor)
    assert_refused(client, post_acs(client, xml, login))


# --- 4. Tampering after signing ------------------------------------------------------------
TAMPERING = {  # path -> (attribute or None for the text, new value)
    "name-id": (f".//{SAML}Subject/{SAML}NameID", None, VICTIM),
    "family-name": (f".//*[@Name='viseltCsaladiNev']/{SAML}AttributeValue", None, "Áldozat"),
    "email": (f".//*[@FriendlyName='email']/{SAML}AttributeValue", None, "evil@evil.example"),
    "audience": (f".//{SAML}Audience", None, "https://other-sp.example/saml/metadata/"),
    "not-on-or-after": (f".//{SAML}Conditions", "NotOnOrAfter", "2099-01-01T00:00:00Z"),
}


def _tamper(root, name):
    path, attribute, value = TAMPERING[name]
    element = root.find(path)
    if attribute:
        element.set(attribute, value)
    else:
        element.text = value


@pytest.mark.parametrize("name", TAMPERING)
def test_any_change_after_signing_breaks_the_signature(client, login, name):
    root = tree(signed(login))
    _tamper(root, name)
    assert_refused(client, post_acs(client, text(root), login))


# --- 5. XML signature wrapping -------------------------------------------------------------
def _evil(element):
    """A copy of a signed element that claims the victim (IDs and signatures kept)."""
    copy = deepcopy(element)
    for name_id in copy.iter(f"{SAML}NameID"):
        name_id.text = VICTIM
    return copy


def _wrapper(tag, *children):
    element = etree.Element(tag)
    element.extend(children)
    return element


def _unsigned(element):
    for signature in element.findall(f"{DS}Signature"):
        element.remove(signature)
    return element


# name -> (the evil copy keeps its signature, where the original goes, it keeps its own)
ASSERTION_WRAPS = {
    "evil-before-original": (True, "after-evil", True),  # XSW3
    "unsigned-evil-before-original": (False, "after-evil", True),
    "original-in-extensions": (True, "extensions", True),  # XSW7
    "original-in-evil-signature-object": (True, "evil-signature-object", True),  # XSW6
    "bare-original-in-evil-signature-object": (True, "evil-signature-object", False),  # XSW8
    "original-inside-unsigned-evil": (False, "inside-evil", True),  # XSW4
    "original-in-unsigned-evil-advice": (False, "evil-advice", True),
    "signature-moved-to-evil": (True, "end", False),  # XSW5
    "unsigned-evil-instead": (False, "removed", True),
}


def _wrap_assertion(root, original, evil, evil_signed, where, original_signed):
    original.addprevious(evil if evil_signed else _unsigned(evil))
    if not original_signed:
        _unsigned(original)
    if where == "removed":
        root.remove(original)
    elif where == "extensions":
        root.find(f"{DS}Signature").addnext(_wrapper(f"{SAMLP}Extensions", original))
    elif where == "evil-signature-object":
        evil.find(f"{DS}Signature").append(_wrapper(f"{DS}Object", original))
    elif where == "inside-evil":
        evil.append(original)
    elif where == "evil-advice":
        evil.find(f"{SAML}Conditions").addnext(_wrapper(f"{SAML}Advice", original))
    elif where == "end":
        root.append(original)


@pytest.mark.parametrize("outer", ["as-captured", "outer-re-signed"])
@pytest.mark.parametrize("new_id", [False, True], ids=["same-id", "new-id"])
@pytest.mark.parametrize("wrap", ASSERTION_WRAPS)
def test_assertion_wrapping_is_refused(client, login, wrap, new_id, outer):
    # "outer-re-signed" renews the Response signature with the IdP's own key, so that
    # only the assertion's signature check stands between the forgery and a login.
    root = tree(signed(login))
    original = root.find(f"{SAML}Assertion")
    evil = _evil(original)
    if new_id:
        evil.set("ID", "id-evil-assertion")
    _wrap_assertion(root, original, evil, *ASSERTION_WRAPS[wrap])
    xml = resign(text(root), assertion=False) if outer == "outer-re-signed" else text(root)
    assert_refused(client, post_acs(client, xml, login))


# Response-level placements: where the original, signed Response goes inside the evil one.
def _wrap_response(evil, original, where):
    signature = evil.find(f"{DS}Signature")
    if where == "in-signature-object":  # XSW1
        signature.append(_wrapper(f"{DS}Object", original))
    elif where == "before-signature":  # XSW2
        signature.addprevious(original)
    elif where == "in-extensions":
        signature.addnext(_wrapper(f"{SAMLP}Extensions", original))
    else:
        evil.append(original)


@pytest.mark.parametrize("new_ids", [False, True], ids=["same-ids", "new-ids"])
@pytest.mark.parametrize(
    "wrap", ["in-signature-object", "before-signature", "in-extensions", "end"]
)
def test_response_wrapping_is_refused(client, login, wrap, new_ids):
    original = tree(signed(login))
    evil = _evil(original)
    if new_ids:
        evil.set("ID", "id-evil-response")
        evil.find(f"{SAML}Assertion").set("ID", "id-evil-assertion")
    _wrap_response(evil, original, wrap)
    assert_refused(client, post_acs(client, text(evil), login))


# --- 6. Audience, recipient, destination ---------------------------------------------------
def test_an_assertion_for_another_service_provider_is_refused(client, login, caplog):
    root = tree(signed(login))
    _tamper(root, "audience")
    assert_refused(client, post_acs(client, resign(text(root)), login))
    assert "AudienceRestrictions" in refusal_reason(caplog)


def test_a_response_destined_for_another_acs_is_refused(client, login):
    assert_refused(client, post_acs(client, response_xml(*login, destination=OTHER_ACS), login))


def test_an_assertion_whose_recipient_is_another_acs_is_refused(client, login):
    root = tree(signed(login))  # the Response's Destination stays ours
    root.find(f".//{SAML}SubjectConfirmationData").set("Recipient", OTHER_ACS)
    assert_refused(client, post_acs(client, resign(text(root)), login))


def test_a_signed_response_without_destination_is_refused(client, login):
    root = tree(signed(login))
    del root.attrib["Destination"]
    assert_refused(client, post_acs(client, resign(text(root)), login))


# --- 7. Time window ------------------------------------------------------------------------
LIFETIME = idp.ASSERTION_LIFETIME_MINUTES * 60


@pytest.mark.parametrize(
    ("offset", "status", "reason"),
    [
        (-(LIFETIME + 120), 403, "too old"),  # NotOnOrAfter two minutes ago
        (180, 403, "Can't use response yet"),  # NotBefore three minutes ahead
        (-(LIFETIME + 30), 302, ""),  # within the 60 s clock skew: accepted
        (30, 302, ""),
    ],
    ids=["expired", "not-yet-valid", "just-expired-within-skew", "just-early-within-skew"],
)
def test_the_time_window_is_enforced_with_the_clock_skew(
    client, login, offset, status, reason, caplog
):
    with idp_clock(offset):
        xml = signed(login)
    response = post_acs(client, xml, login)
    if status == 302:
        assert response.status_code == 302
    else:
        assert_refused(client, response)
        assert reason in refusal_reason(caplog)


def test_an_expired_assertion_re_signed_by_the_idp_is_refused(client, login, caplog):
    root = tree(signed(login))
    now = datetime.now(UTC)
    conditions = root.find(f".//{SAML}Conditions")
    conditions.set("NotBefore", (now - timedelta(minutes=15)).strftime(TIME_FORMAT))
    for element in conditions, root.find(f".//{SAML}SubjectConfirmationData"):
        element.set("NotOnOrAfter", (now - timedelta(minutes=10)).strftime(TIME_FORMAT))
    assert_refused(client, post_acs(client, resign(text(root)), login))
    assert "too old" in refusal_reason(caplog)


# --- 8. InResponseTo -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "in_response_to", ["id-never-sent-by-the-portal", None], ids=["unknown-request", "unsolicited"]
)
def test_a_response_to_a_request_never_sent_is_refused(client, login, in_response_to):
    xml = response_xml(*login, in_response_to=in_response_to)
    assert_refused(client, post_acs(client, xml, login))


def test_a_response_to_another_browser_sessions_request_is_refused(client, login):
    fields = idp_answer(*login)
    other = Client()
    assert_refused(other, other.post(ACS, fields))  # no login outstanding at all
    start_login(other)  # now one of its own
    assert_refused(other, other.post(ACS, fields))
    # The refusals spent nothing: the browser that asked can still use its answer.
    assert client.post(ACS, fields).status_code == 302


# --- 9. Replay -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "old_request_outstanding", [False, True], ids=["new-request", "old-request-outstanding-again"]
)
def test_a_used_assertion_re_wrapped_in_a_fresh_signed_response_is_refused(
    client, caplog, old_request_outstanding
):
    used = start_login(client)
    xml = response_xml(used, account_for(PersonFactory()))
    assert post_acs(client, xml, used).status_code == 302
    client.logout()
    users = User.objects.count()
    pending = start_login(client)
    outer = tree(response_xml(pending, account_for(PersonFactory())))
    outer.replace(outer.find(f"{SAML}Assertion"), tree(xml).find(f"{SAML}Assertion"))
    if old_request_outstanding:  # the strongest case: only the replay cache can refuse
        bind_request(client, PendingRequest.Kind.LOGIN, used["id"])
        outer.set("InResponseTo", used["id"])
    response = post_acs(client, resign(text(outer), assertion=False), pending)
    assert response.status_code == 403 and "_auth_user_id" not in client.session
    assert User.objects.count() == users
    expected = "assertion replayed" if old_request_outstanding else "Unsolicited response"
    assert expected in refusal_reason(caplog)


# --- 9b. Weak algorithms ---------------------------------------------------------------------
# Signed for real with the IdP's own key: only the algorithm is wrong.
WEAK_SIGNED = {
    "rsa-sha1": (SIG_RSA_SHA1, DIGEST_SHA1),
    "rsa-sha1-sha256-digest": (SIG_RSA_SHA1, DIGEST_SHA256),
    "rsa-sha256-sha1-digest": (SIG_RSA_SHA256, DIGEST_SHA1),
}


def test_pysaml2_alone_accepts_a_sha1_signed_response(login):
    # Why the SP checks algorithms itself: without that check this answer logs in.
    xml = response_xml(*login, sign_alg=SIG_RSA_SHA1, digest_alg=DIGEST_SHA1)
    outstanding = {login[0]["id"]: "/my-requests/"}
    parsed = sp.client().parse_authn_request_response(
        encode_message(xml), BINDING_HTTP_POST, outstanding=outstanding
    )
    assert parsed is not None and parsed.name_id.text == "subject-1"


@pytest.mark.parametrize("name", WEAK_SIGNED)
def test_a_response_signed_with_a_weak_algorithm_is_refused(client, login, name, caplog):
    sign_alg, digest_alg = WEAK_SIGNED[name]
    xml = response_xml(*login, sign_alg=sign_alg, digest_alg=digest_alg)
    root = tree(xml)
    for element in (root, root.find(f"{SAML}Assertion")):
        assert algorithms(element.find(f"{DS}Signature")) == (sign_alg, digest_alg)
    assert_refused(client, post_acs(client, xml, login))
    assert "weak" in refusal_reason(caplog)


def test_a_weakly_signed_assertion_inside_a_strongly_signed_response_is_refused(
    client, login, caplog
):
    root = tree(response_xml(*login, sign_alg=SIG_RSA_SHA1, digest_alg=DIGEST_SHA1))
    own = root.find(f"{DS}Signature")
    own.find(f"{DS}SignedInfo/{DS}SignatureMethod").set("Algorithm", SIG_RSA_SHA256)
    own.find(f".//{DS}DigestMethod").set("Algorithm", DIGEST_SHA256)
    xml = resign(text(root), assertion=False)  # the Response's signature: RSA-SHA256 again
    assert algorithms(tree(xml).find(f"{DS}Signature")) == SHA256
    assert_refused(client, post_acs(client, xml, login))
    assert f"weak or missing signature algorithm: {SIG_RSA_SHA1}" in refusal_reason(caplog)


# Algorithms the IdP's RSA key cannot sign with (DSA) or pysaml2 will not (MD5): a
# genuine response's algorithm is relabelled; the algorithm check must refuse it, by
# name, before any signature is verified.
@pytest.mark.parametrize(
    ("element", "algorithm", "reason"),
    [
        ("SignatureMethod", SIG_DSA_SHA1, "weak or missing signature algorithm"),
        ("SignatureMethod", SIG_DSA_SHA256, "weak or missing signature algorithm"),
        ("SignatureMethod", SIG_RSA_MD5, "weak or missing signature algorithm"),
        ("DigestMethod", DIGEST_MD5, "weak digest algorithm"),
    ],
    ids=["dsa-sha1", "dsa-sha256", "rsa-md5", "md5-digest"],
)
def test_a_response_claiming_dsa_or_md5_is_refused_by_its_algorithm(
    client, login, element, algorithm, reason, caplog
):
    root = tree(signed(login))
    for method in root.iter(f"{DS}{element}"):
        method.set("Algorithm", algorithm)
    assert_refused(client, post_acs(client, text(root), login))
    assert f"{reason}: {algorithm}" in refusal_reason(caplog)


def test_the_sp_metadata_advertises_only_sha256_or_stronger():
    root = tree(sp.sp_metadata_xml())
    extension = "{urn:oasis:names:tc:SAML:metadata:algsupport}"
    digests = {e.get("Algorithm") for e in root.iter(f"{extension}DigestMethod")}
    signing = {e.get("Algorithm") for e in root.iter(f"{extension}SigningMethod")}
    assert DIGEST_SHA256 in digests and SIG_RSA_SHA256 in signing
    assert digests <= {
        DIGEST_SHA256,
        "http://www.w3.org/2001/04/xmldsig-more#sha384",
        "http://www.w3.org/2001/04/xmlenc#sha512",
    }
    assert signing <= {
        SIG_RSA_SHA256,
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
    }


# --- 10. Hostile and malformed input -------------------------------------------------------
XXE = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<!DOCTYPE r [<!ENTITY l0 "lol">'
    + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)
DECLARATION = '<?xml version="1.0"?>'


def _with_dtd(xml: str, dtd: str, entity: str) -> str:
    """The signed XML with `dtd` after its declaration and `entity` as the subject."""
    return xml.replace(DECLARATION, DECLARATION + dtd).replace(">subject-1<", f">&{entity};<")


def _declared(xml: str, encoding: str) -> str:
    return xml.replace(DECLARATION, f'<?xml version="1.0" encoding="{encoding}"?>')


def _nested(xml: str) -> str:  # just under the size limit
    depth = (MAX_MESSAGE_BYTES - len(xml)) // 8
    return xml.replace(">subject-1<", ">" + "<a>" * depth + "subject-1" + "</a>" * depth + "<")


HOSTILE = {
    "xxe": lambda xml: _with_dtd(xml, XXE, "xxe").encode(),
    "billion-laughs": lambda xml: _with_dtd(xml, LAUGHS, "l9").encode(),
    "lowercase-doctype": lambda xml: _with_dtd(xml, XXE.lower(), "xxe").encode(),
    "utf16-xxe": lambda xml: _declared(_with_dtd(xml, XXE, "xxe"), "UTF-16").encode("utf-16"),
    "utf7-xxe": lambda xml: (
        _declared(_with_dtd(xml, XXE, "xxe"), "UTF-7").replace("<!", "+ADw-!").encode()
    ),
    "latin2": lambda xml: _declared(xml.replace("&#xE1;", "á"), "ISO-8859-2").encode("iso-8859-2"),
    "deeply-nested": lambda xml: _nested(xml).encode(),
    "truncated": lambda xml: xml[: len(xml) // 2].encode(),
}


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_xml_is_refused_without_error(client, login, payload):
    body = HOSTILE[payload](signed(login))
    response = client.post(ACS, {"SAMLResponse": base64.b64encode(body).decode()})
    assert_refused(client, response, (400, 403))


MALFORMED = {
    "missing": None,
    "empty": "",
    "not-base64": "not base64 at all!",
    "symbols": "%%%%",
    "not-utf8": base64.b64encode(b"\xff\xfe\x00<").decode(),
    "not-saml": encode_message("<r/>"),
    "oversized-base64": "A" * (MAX_MESSAGE_BYTES * 2),
    "oversized-xml": encode_message("<r>" + "x" * MAX_MESSAGE_BYTES + "</r>"),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_saml_response_values_are_refused_without_error(client, login, name):
    value = MALFORMED[name]
    response = client.post(ACS, {} if value is None else {"SAMLResponse": value})
    assert_refused(client, response, (400, 403))


# --- 11. Where the browser goes after login ------------------------------------------------
@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "https:evil.example",
        "http://testserver@evil.example/",
    ],
)
def test_a_foreign_next_never_leads_outside_the_portal(client, next_url):
    pending = start_login(client, next_url=next_url)
    response = client.post(ACS, idp_answer(pending, account_for(PersonFactory())))
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert response["Location"] == "/my-requests/"


def test_a_posted_relay_state_cannot_choose_the_target(client):
    pending = start_login(client, next_url="/my-requests/?tab=closed")
    fields = {
        **idp_answer(pending, account_for(PersonFactory())),
        "RelayState": "https://evil.example/",
    }
    assert client.post(ACS, fields)["Location"] == "/my-requests/?tab=closed"


# --- 12. Forged AuthnRequests toward the IdP -----------------------------------------------
def _acs_changed_after_signing(tmp_path):
    root = tree(authn_request_xml(sp_client()))
    root.set("AssertionConsumerServiceURL", OTHER_ACS)
    return text(root)


FORGED_REQUESTS = {
    "unsigned": lambda tmp_path: authn_request_xml(sp_client(), sign=False),
    "other-key": lambda tmp_path: authn_request_xml(sp_client(folder=tmp_path)),
    "unknown-sp": lambda tmp_path: authn_request_xml(
        sp_client(folder=tmp_path, entity_id="https://evil.example/saml/metadata/")
    ),
    "acs-not-in-metadata": lambda tmp_path: authn_request_xml(
        sp_client(), assertion_consumer_service_url=OTHER_ACS
    ),
    "acs-changed-after-signing": _acs_changed_after_signing,
    "doctype": lambda tmp_path: XXE + authn_request_xml(sp_client()).split("?>", 1)[-1],
}


@pytest.mark.parametrize("forge", FORGED_REQUESTS)
def test_the_idp_refuses_forged_authn_requests(client, tmp_path, forge):
    xml = FORGED_REQUESTS[forge](tmp_path)
    response = client.post(SSO, {"SAMLRequest": encode_message(xml), "RelayState": "r"})
    assert response.status_code == 400 and idp.PENDING not in idp_session(client)


def test_the_idp_accepts_the_portals_own_request(client):
    xml = authn_request_xml(sp_client())
    response = client.post(SSO, {"SAMLRequest": encode_message(xml), "RelayState": "r"})
    assert response.status_code == 302 and idp.PENDING in idp_session(client)


# --- 13. Single logout ---------------------------------------------------------------------
def _log_in(client):
    pending = start_login(client)
    assert client.post(ACS, idp_answer(pending, account_for(PersonFactory()))).status_code == 302


def test_single_logout_round_trip(client):
    _log_in(client)
    action, request_fields = post_fields(client.post("/account/logout/"))
    assert urlsplit(action).path == SLO and "_auth_user_id" not in client.session
    assert algorithms(tree(decoded(request_fields, "SAMLRequest")).find(f"{DS}Signature")) == (
        SHA256
    )
    action, answer = post_fields(client.post(SLO, request_fields))
    assert urlsplit(action).path == SLS
    assert algorithms(tree(decoded(answer)).find(f"{DS}Signature")) == SHA256
    done = client.post(SLS, answer)
    assert done.status_code == 302 and done["Location"] == "/"
    assert "_auth_user_id" not in client.session and message_levels(done) == ["info"]


def test_logout_ends_the_session_on_the_server_whatever_happens_next(client, monkeypatch):
    _log_in(client)
    old_key = client.session.session_key

    def no_slo_endpoint(*args, **kwargs):  # e.g. IdP metadata without an HTTP-POST SLO
        return [][0]

    monkeypatch.setattr("identity.saml.logout_request", no_slo_endpoint)
    client.raise_request_exception = False
    client.post("/account/logout/")
    old_session = import_module(settings.SESSION_ENGINE).SessionStore(old_key)
    assert "_auth_user_id" not in old_session.load()


def test_the_idp_answers_the_portals_logout_request(client):
    page = client.post(SLO, {"SAMLRequest": encode_message(logout_request_xml(sp_client())[1])})
    assert urlsplit(post_fields(page)[0]).path == SLS


@pytest.mark.parametrize("signing", ["unsigned", "other-key"])
def test_the_idp_refuses_forged_logout_requests(client, tmp_path, signing):
    saml_client = sp_client(folder=tmp_path if signing == "other-key" else None)
    xml = logout_request_xml(saml_client, sign=signing != "unsigned")[1]
    assert client.post(SLO, {"SAMLRequest": encode_message(xml)}).status_code == 400


@pytest.fixture
def logging_out(client):
    """What /account/logout/ leaves: no portal session, one LogoutRequest outstanding."""
    request_id, xml = logout_request_xml(sp_client())
    bind_request(client, PendingRequest.Kind.LOGOUT, request_id)
    return logout_request_from_string(xml)


def _to_another_request(request, tmp_path):
    other = deepcopy(request)
    other.id = "id-another-logout-request"
    return logout_response_xml(idp.server(), other)


def _re_targeted_after_signing(request, tmp_path):
    root = tree(_to_another_request(request, tmp_path))
    root.set("InResponseTo", request.id)
    return text(root)


FORGED_LOGOUT_RESPONSES = {
    "unsigned": lambda request, tmp_path: logout_response_xml(idp.server(), request, sign=False),
    "other-key": lambda request, tmp_path: logout_response_xml(impostor_idp(tmp_path), request),
    "to-another-request": _to_another_request,
    "re-targeted-after-signing": _re_targeted_after_signing,
}


def test_the_genuine_logout_response_is_accepted(client, logging_out):
    xml = logout_response_xml(idp.server(), logging_out)
    response = client.post(SLS, {"SAMLResponse": encode_message(xml)})
    assert response["Location"] == "/" and message_levels(response) == ["info"]


@pytest.mark.parametrize("forge", list(FORGED_LOGOUT_RESPONSES))
def test_a_forged_logout_response_is_not_accepted(client, logging_out, tmp_path, forge, caplog):
    xml = FORGED_LOGOUT_RESPONSES[forge](logging_out, tmp_path)
    response = client.post(SLS, {"SAMLResponse": encode_message(xml)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert message_levels(response) == ["warning"]
    assert "logout response refused" in refusal_reason(caplog)


@pytest.mark.parametrize(
    ("sign_alg", "digest_alg"),
    [(SIG_RSA_SHA1, DIGEST_SHA1), (SIG_RSA_SHA256, DIGEST_SHA1), (SIG_RSA_SHA1, DIGEST_SHA256)],
    ids=["rsa-sha1", "sha1-digest", "rsa-sha1-sha256-digest"],
)
def test_a_logout_response_signed_with_a_weak_algorithm_is_not_accepted(
    client, logging_out, sign_alg, digest_alg, caplog
):
    xml = logout_response_xml(idp.server(), logging_out, sign_alg=sign_alg, digest_alg=digest_alg)
    assert algorithms(tree(xml).find(f"{DS}Signature")) == (sign_alg, digest_alg)
    response = client.post(SLS, {"SAMLResponse": encode_message(xml)})
    assert message_levels(response) == ["warning"]
    assert "weak" in refusal_reason(caplog)
    assert PendingRequest.objects.filter(request_id=logging_out.id).exists()


def test_a_logout_response_cannot_be_replayed(client, logging_out):
    fields = {"SAMLResponse": encode_message(logout_response_xml(idp.server(), logging_out))}
    assert message_levels(client.post(SLS, fields)) == ["info"]
    assert message_levels(client.post(SLS, fields))[-1] == "warning"
