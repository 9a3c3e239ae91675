"""A foreign service provider (pysaml2, its own key and entity id) and a browser
logged in at the identity provider, for the IdP's protocol tests."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from portal.saml_binding import encode_message
from tests.identity.saml_helpers import fresh_key_pair
from ugyfelkapu import saml as idp
from ugyfelkapu.sessions import COOKIE_NAME, SessionStore

FOREIGN = "https://szolgaltatas.example/saml/metadata"
FOREIGN_ACS = "https://szolgaltatas.example/saml/acs"
FOREIGN_SLO = "https://szolgaltatas.example/saml/slo"
SSO = "/ugyfelkapu/sso/"
SLO = "/ugyfelkapu/slo/"


@dataclass
class ForeignSP:
    client: Saml2Client
    metadata_file: str
    cert_file: str

    @property
    def idp_entity(self) -> str:
        return settings.UGYFELKAPU_ENTITY_ID

    def authn_request(
        self, *, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256, **kwargs
    ) -> tuple[str, str]:
        """(request id, XML) of a signed AuthnRequest for the HTTP-POST binding."""
        request_id, request = self.client.create_authn_request(
            idp.server().config.endpoint("single_sign_on_service", BINDING_HTTP_POST, "idp")[0],
            binding=BINDING_HTTP_POST,
            sign=True,
            sign_alg=sign_alg,
            digest_alg=digest_alg,
            **kwargs,
        )
        return request_id, str(request)

    def posted(self, xml: str, relay_state: str = "rs") -> dict[str, str]:
        return {"SAMLRequest": encode_message(xml), "RelayState": relay_state}

    def redirect_url(self, *, sigalg=SIG_RSA_SHA256, relay_state="rs", **kwargs) -> tuple[str, str]:
        """(request id, path and query) of an AuthnRequest by the HTTP-Redirect binding."""
        request_id, info = self.client.prepare_for_authenticate(
            entityid=self.idp_entity,
            binding=BINDING_HTTP_REDIRECT,
            sign=True,
            sigalg=sigalg,
            relay_state=relay_state,
            **kwargs,
        )
        return request_id, _path_and_query(dict(info["headers"])["Location"])

    def logout_request(self, subject: str, *, sign: bool = True, **kwargs) -> tuple[str, str]:
        """(request id, XML) of a LogoutRequest for the HTTP-POST binding."""
        request_id, request = self.client.create_logout_request(
            idp.server().config.endpoint("single_logout_service", BINDING_HTTP_POST, "idp")[0],
            self.idp_entity,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=subject),
            sign=sign,
            sign_alg=kwargs.pop("sign_alg", SIG_RSA_SHA256),
            digest_alg=kwargs.pop("digest_alg", DIGEST_SHA256),
            **kwargs,
        )
        return request_id, str(request)

    def logout_response(self, *, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256) -> str:
        """The SP's signed LogoutResponse to a LogoutRequest of the IdP (which the IdP
        never sends: this answers nothing it asked)."""
        _request_id, request = idp.server().create_logout_request(
            FOREIGN_SLO,
            self.client.config.entityid,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text="someone"),
            sign=False,
        )
        response = self.client.create_logout_response(
            request, [BINDING_HTTP_POST], sign=True, sign_alg=sign_alg, digest_alg=digest_alg
        )
        return str(response)

    def redirected_logout_url(self, subject: str, *, sigalg=SIG_RSA_SHA256) -> str:
        _request_id, xml = self.logout_request(subject, sign=False)
        info = self.client.apply_binding(
            BINDING_HTTP_REDIRECT,
            xml,
            idp.server().config.endpoint("single_logout_service", BINDING_HTTP_REDIRECT, "idp")[0],
            "logout-rs",
            sign=True,
            sigalg=sigalg,
        )
        return _path_and_query(dict(info["headers"])["Location"])


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def query_values(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def make_foreign_sp(
    folder,
    *,
    entity_id: str = FOREIGN,
    slo_bindings=(BINDING_HTTP_POST, BINDING_HTTP_REDIRECT),
    name: str = "foreign",
) -> ForeignSP:
    """A service provider on another site, with its metadata written to `folder`."""
    key_file, cert_file = fresh_key_pair(folder, name)
    config = SPConfig()
    config.load(
        {
            "entityid": entity_id,
            "xmlsec_binary": settings.XMLSEC_BINARY,
            "key_file": key_file,
            "cert_file": cert_file,
            "metadata": {"inline": [idp.idp_metadata_xml()]},
            "service": {
                "sp": {
                    "endpoints": {
                        "assertion_consumer_service": [(FOREIGN_ACS, BINDING_HTTP_POST)],
                        "single_logout_service": [(FOREIGN_SLO, b) for b in slo_bindings],
                    },
                    "authn_requests_signed": True,
                    "want_response_signed": True,
                    "want_assertions_signed": True,
                    "name_id_format": NAMEID_FORMAT_PERSISTENT,
                    "allow_unsolicited": False,
                }
            },
        }
    )
    metadata_file = folder / f"{name}-metadata.xml"
    metadata_file.write_text(create_metadata_string(None, config=config, valid=None).decode())
    return ForeignSP(Saml2Client(config=config), str(metadata_file), cert_file)


def log_in_at_idp(client, account, method: str = "email", *, authn_at: int | None = None):
    """Give `client` an IdP session in which `account` is logged in with `method`
    (the login pages themselves are tested in test_views_login)."""
    store = SessionStore()
    store[idp.ACCOUNT] = account.pk
    store[idp.METHOD] = method
    store[idp.AUTHN_AT] = authn_at or int(time.time())
    store.save()
    client.cookies[COOKIE_NAME] = store.session_key
    return store
