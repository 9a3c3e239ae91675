"""Another identity provider by configuration alone: its metadata file in
SAML_IDP_METADATA_FILE, and nothing else changes."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.server import Server

from identity import saml as sp
from tests.factories import PersonFactory
from tests.identity.saml_helpers import (
    account_for,
    acs_fields,
    fresh_key_pair,
    post_fields,
    response_kwargs,
)
from ugyfelkapu import saml as builtin_idp

pytestmark = pytest.mark.django_db

OTHER_ENTITY = "https://kau.example.gov.hu/idp/metadata"
OTHER_SSO = "https://kau.example.gov.hu/idp/sso"


def _other_idp_config(tmp_path) -> dict:
    key_file, cert_file = fresh_key_pair(tmp_path, "second-idp")
    config = builtin_idp.idp_config_dict({"inline": [sp.sp_metadata_xml()]})
    config.update(entityid=OTHER_ENTITY, key_file=key_file, cert_file=cert_file)
    config["service"]["idp"]["endpoints"] = {
        "single_sign_on_service": [(OTHER_SSO, "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")],
        "single_logout_service": [
            ("https://kau.example.gov.hu/idp/slo", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
        ],
    }
    return config


@pytest.fixture
def other_idp(tmp_path, settings):
    config_dict = _other_idp_config(tmp_path)
    metadata_config = IdPConfig()
    metadata_config.load({k: v for k, v in config_dict.items() if k != "metadata"})
    metadata_file = tmp_path / "idp-metadata.xml"
    metadata_file.write_bytes(create_metadata_string(None, config=metadata_config, valid=None))
    settings.SAML_IDP_METADATA_FILE = str(metadata_file)  # the only change
    config = IdPConfig()
    config.load(config_dict)
    return Server(config=config)


def test_login_goes_to_the_configured_idp_and_accepts_only_its_signature(client, other_idp):
    response = client.post("/account/login/", {"method": "email"})
    destination, fields = post_fields(response)
    assert destination == OTHER_SSO

    request = other_idp.parse_authn_request(
        fields["SAMLRequest"], "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    )
    pending = {
        "id": request.message.id,
        "sp": request.message.issuer.text,
        "acs": request.message.assertion_consumer_service_url,
        "relay_state": "",
    }
    account = account_for(PersonFactory(), subject="kau-subject-42")

    # An answer from the built-in IdP is now foreign: refused.
    foreign = builtin_idp.server().create_authn_response(**response_kwargs(pending, account))
    assert client.post("/saml/acs/", acs_fields(str(foreign), pending)).status_code == 403

    kwargs = response_kwargs(pending, account, method="email")
    kwargs["name_id"].name_qualifier = OTHER_ENTITY
    kwargs["authn"]["authn_auth"] = OTHER_ENTITY
    genuine = other_idp.create_authn_response(**kwargs)
    assert client.post("/saml/acs/", acs_fields(str(genuine), pending)).status_code == 302
    user = get_user_model().objects.get()
    assert user.idp_subject == f"{OTHER_ENTITY}!kau-subject-42"
    assert user.idp_entity == OTHER_ENTITY
