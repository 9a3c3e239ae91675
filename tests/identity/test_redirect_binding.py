"""An identity provider that offers only the HTTP-Redirect binding for SSO and SLO.

The IdP is pysaml2's `Server` with a key of its own, configured the way
`test_second_idp.py` does: by its metadata file alone. It checks the portal's
Redirect-bound requests with pysaml2's own verification (an implementation other
than the portal's), and answers a logout by Redirect.
"""

from __future__ import annotations

import base64
import re
from html import unescape
from urllib.parse import parse_qsl, quote_plus, urlencode, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.utils.translation import gettext, override
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.pack import http_redirect_message
from saml2.s_utils import deflate_and_base64_encode
from saml2.samlp import logout_request_from_string
from saml2.server import Server
from saml2.sigver import read_cert_from_file, verify_redirect_signature
from saml2.xmldsig import SIG_RSA_SHA1, SIG_RSA_SHA256, SIG_RSA_SHA512

from identity import saml as sp
from identity.models import PendingRequest
from portal.saml_binding import MessageRefused, read_redirect
from tests.factories import PersonFactory
from tests.identity.saml_helpers import account_for, acs_fields, response_kwargs, tree
from tests.identity.test_second_idp import OTHER_ENTITY, _other_idp_config

pytestmark = pytest.mark.django_db

SSO = "https://kau.example.gov.hu/idp/sso-redirect"
SLO = "https://kau.example.gov.hu/idp/slo-redirect"
LINK = re.compile(r'<a class="btn btn-primary" href="([^"]+)" data-autofollow>')
SLS = "/saml/sls/"


@pytest.fixture
def redirect_idp(tmp_path, settings):
    config_dict = _other_idp_config(tmp_path)
    config_dict["service"]["idp"]["endpoints"] = {
        "single_sign_on_service": [(SSO, BINDING_HTTP_REDIRECT)],
        "single_logout_service": [(SLO, BINDING_HTTP_REDIRECT)],
    }
    metadata_config = IdPConfig()
    metadata_config.load({k: v for k, v in config_dict.items() if k != "metadata"})
    metadata_file = tmp_path / "idp-metadata.xml"
    metadata_file.write_bytes(create_metadata_string(None, config=metadata_config, valid=None))
    settings.SAML_IDP_METADATA_FILE = str(metadata_file)
    config = IdPConfig()
    config.load(config_dict)
    return Server(config=config)


def followed_link(response) -> str:
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return unescape(LINK.search(response.content.decode()).group(1))


def query(location: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(location).query))


def sp_certificate() -> str:
    return read_cert_from_file(sp.sp_config_dict(None)["cert_file"])


def parsed(idp: Server, params: dict[str, str], kind: str = "authn"):
    """The request as pysaml2's IdP accepts it: it checks the query-string signature."""
    parse = idp.parse_authn_request if kind == "authn" else idp.parse_logout_request
    return parse(
        params["SAMLRequest"],
        BINDING_HTTP_REDIRECT,
        relay_state=params.get("RelayState"),
        sigalg=params["SigAlg"],
        signature=params["Signature"],
    )


def log_in(client, idp: Server) -> None:
    location = followed_link(client.post("/account/login/", {"method": "email"}))
    request = parsed(idp, query(location))
    pending = {
        "id": request.message.id,
        "sp": request.message.issuer.text,
        "acs": request.message.assertion_consumer_service_url,
        "relay_state": query(location)["RelayState"],
    }
    kwargs = response_kwargs(pending, account_for(PersonFactory(), subject="kau-7"), "email")
    kwargs["name_id"].name_qualifier = OTHER_ENTITY
    kwargs["authn"]["authn_auth"] = OTHER_ENTITY
    answer = idp.create_authn_response(**kwargs)
    assert client.post("/saml/acs/", acs_fields(str(answer), pending)).status_code == 302


def test_the_authn_request_goes_by_a_signed_redirect_and_the_login_works(client, redirect_idp):
    location = followed_link(client.post("/account/login/", {"method": "email"}))
    assert location.startswith(SSO + "?SAMLRequest=")
    params = query(location)
    assert list(params) == ["SAMLRequest", "RelayState", "SigAlg", "Signature"]
    assert params["SigAlg"] == SIG_RSA_SHA256
    # pysaml2's IdP side checks the query-string signature against our metadata's key.
    assert verify_redirect_signature(params, redirect_idp.sec.sec_backend, cert=sp_certificate())
    tampered = {**params, "RelayState": "id-someone-else"}
    assert not verify_redirect_signature(
        tampered, redirect_idp.sec.sec_backend, cert=sp_certificate()
    )
    request = parsed(redirect_idp, params)
    # Bindings 3.4.4.1: no XML signature inside a Redirect-bound message.
    assert request.message.signature is None
    assert params["RelayState"] == request.message.id
    assert request.message.protocol_binding == BINDING_HTTP_POST  # the answer comes by POST
    assert PendingRequest.objects.get().request_id == request.message.id


def test_a_login_through_a_redirect_only_idp_completes(client, redirect_idp):
    log_in(client, redirect_idp)
    assert "_auth_user_id" in client.session


def test_the_sp_metadata_offers_both_bindings_for_logout_answers():
    root = tree(sp.sp_metadata_xml())
    services = root.iter("{urn:oasis:names:tc:SAML:2.0:metadata}SingleLogoutService")
    assert {(s.get("Binding"), urlsplit(s.get("Location")).path) for s in services} == {
        (BINDING_HTTP_POST, SLS),
        (BINDING_HTTP_REDIRECT, SLS),
    }


# --- Logout by Redirect in both directions -------------------------------------------------
@pytest.fixture
def logout_request(client, redirect_idp):
    """The portal's Redirect-bound LogoutRequest, as the IdP reads it."""
    log_in(client, redirect_idp)
    location = followed_link(client.post("/account/logout/"))
    assert "_auth_user_id" not in client.session
    assert location.startswith(SLO + "?SAMLRequest=")
    params = query(location)
    assert params["SigAlg"] == SIG_RSA_SHA256 and "RelayState" not in params
    assert verify_redirect_signature(params, redirect_idp.sec.sec_backend, cert=sp_certificate())
    request = parsed(redirect_idp, params, "logout")
    assert request.message.signature is None
    return request.message


def redirect_answer(
    idp: Server, request, *, sigalg: str = SIG_RSA_SHA256, relay_state: str = "r1"
) -> str:
    """The IdP's LogoutResponse by HTTP-Redirect, signed in the query string: a path + query."""
    response = idp.create_logout_response(request, [BINDING_HTTP_REDIRECT], sign=False)
    info = http_redirect_message(
        str(response),
        "http://testserver" + SLS,
        relay_state,
        "SAMLResponse",
        sigalg=sigalg,
        sign=True,
        backend=idp.sec.sec_backend,
    )
    location = dict(info["headers"])["Location"]
    return location.removeprefix("http://testserver")


def levels_and_texts(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def hu(english: str) -> str:
    with override("hu"):
        return gettext(english)


CONFIRMED = [("info", hu("You have logged out."))]
NOT_CONFIRMED = [
    (
        "warning",
        hu(
            "You have logged out of the portal. The identity provider "
            "did not confirm its logout: close the browser to be sure."
        ),
    )
]


def test_a_signed_redirect_logout_answer_is_accepted(client, redirect_idp, logout_request):
    response = client.get(redirect_answer(redirect_idp, logout_request))
    assert response.status_code == 302 and response["Location"] == "/"
    assert levels_and_texts(response) == CONFIRMED
    assert not PendingRequest.objects.exists()


def test_a_redirect_logout_answer_signed_with_sha512_is_accepted(
    client, redirect_idp, logout_request
):
    response = client.get(redirect_answer(redirect_idp, logout_request, sigalg=SIG_RSA_SHA512))
    assert levels_and_texts(response) == CONFIRMED


def _drop(path: str, *names: str) -> str:
    base, _, raw = path.partition("?")
    kept = [part for part in raw.split("&") if part.split("=")[0] not in names]
    return base + "?" + "&".join(kept)


def _replace(path: str, name: str, value: str) -> str:
    base, _, raw = path.partition("?")
    parts = [
        f"{name}={quote_plus(value)}" if part.split("=")[0] == name else part
        for part in raw.split("&")
    ]
    return base + "?" + "&".join(parts)


def _other_request_answer(idp, request):
    other = logout_request_from_string(str(request))
    other.id = "id-another-logout-request"
    return redirect_answer(idp, other)


def _other_key_answer(idp, request, tmp_path):
    (tmp_path / "impostor").mkdir()
    config = IdPConfig()
    config.load(_other_idp_config(tmp_path / "impostor"))  # same entity id, another key
    return redirect_answer(Server(config=config), request)


def _forged_response_text(idp, request):
    # Another response under the genuine query signature.
    genuine = redirect_answer(idp, request)
    other = idp.create_logout_response(request, [BINDING_HTTP_REDIRECT], sign=False)
    other.id = "id-forged"
    return _replace(genuine, "SAMLResponse", deflate_and_base64_encode(str(other)))


FORGED_REDIRECTS = {
    "rsa-sha1": lambda idp, request, tmp: redirect_answer(idp, request, sigalg=SIG_RSA_SHA1),
    "unsigned": lambda idp, request, tmp: _drop(
        redirect_answer(idp, request), "SigAlg", "Signature"
    ),
    "no-signature": lambda idp, request, tmp: _drop(redirect_answer(idp, request), "Signature"),
    "relay-state-changed": lambda idp, request, tmp: _replace(
        redirect_answer(idp, request), "RelayState", "r2"
    ),
    "sig-alg-relabelled": lambda idp, request, tmp: _replace(
        redirect_answer(idp, request), "SigAlg", SIG_RSA_SHA512
    ),
    "response-replaced": lambda idp, request, tmp: _forged_response_text(idp, request),
    "parameter-twice": lambda idp, request, tmp: (
        redirect_answer(idp, request) + "&" + urlencode({"RelayState": "r2"})
    ),
    "other-key": lambda idp, request, tmp: _other_key_answer(idp, request, tmp),
    "to-another-request": lambda idp, request, tmp: _other_request_answer(idp, request),
}


@pytest.mark.parametrize("forge", FORGED_REDIRECTS)
def test_a_forged_redirect_logout_answer_is_not_accepted(
    client, redirect_idp, logout_request, tmp_path, forge, caplog
):
    path = FORGED_REDIRECTS[forge](redirect_idp, logout_request, tmp_path)
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == "/"
    assert levels_and_texts(response) == NOT_CONFIRMED
    assert any("logout response refused" in r.getMessage() for r in caplog.records)
    # Nothing was used up: the genuine answer still confirms the logout.
    assert PendingRequest.objects.filter(request_id=logout_request.id).exists()
    client.get("/")  # the warning is shown and so leaves the message store
    assert levels_and_texts(client.get(redirect_answer(redirect_idp, logout_request))) == (
        CONFIRMED
    )


def test_a_redirect_logout_answer_signed_over_differently_encoded_octets_is_verified_raw(
    client, redirect_idp, logout_request
):
    # The signature covers the octets as sent: lower-case percent escapes are as good
    # as upper-case ones, as long as the signer signed exactly those.
    response = redirect_idp.create_logout_response(
        logout_request, [BINDING_HTTP_REDIRECT], sign=False
    )
    encoded = deflate_and_base64_encode(str(response))
    parts = [
        "SAMLResponse="
        + re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote_plus(encoded)),
        "SigAlg=" + quote_plus(SIG_RSA_SHA256).lower(),
    ]
    signed = "&".join(parts).encode()
    signer = redirect_idp.sec.sec_backend.get_signer(SIG_RSA_SHA256)
    signature = base64.b64encode(signer.sign(signed)).decode()
    path = SLS + "?" + "&".join([*parts, "Signature=" + quote_plus(signature)])
    assert levels_and_texts(client.get(path)) == CONFIRMED


def test_a_redirect_message_too_large_when_inflated_is_refused(client):
    bomb = deflate_and_base64_encode("<a>" + "x" * (600 * 1024) + "</a>")
    assert len(bomb) < 4096  # a small query string
    raw = urlencode({"SAMLResponse": bomb, "SigAlg": SIG_RSA_SHA256, "Signature": "AA=="})
    with pytest.raises(MessageRefused, match="oversized message"):
        read_redirect(raw, "SAMLResponse")
    response = client.get(SLS + "?" + raw)
    assert response.status_code == 302
    assert levels_and_texts(response)[0][0] == "warning"
