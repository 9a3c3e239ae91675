"""Pairwise persistent subjects, and the migration that keeps the portal's users."""

from __future__ import annotations

import base64
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from lxml import etree
from saml2 import BINDING_HTTP_POST

from portal.saml_binding import encode_message
from tests.identity.saml_helpers import SAML, authn_request_xml, post_fields, sp_client
from tests.ugyfelkapu.conftest import make_account
from tests.ugyfelkapu.saml_parties import FOREIGN, SSO, log_in_at_idp, make_foreign_sp
from ugyfelkapu.models import PairwiseSubject
from ugyfelkapu.subjects import subject_for

pytestmark = pytest.mark.django_db
OTHER = "https://masik.example/sp"

migration = import_module("ugyfelkapu.migrations.0003_pairwise_subject")


@pytest.fixture
def two_sps(settings, tmp_path):
    first = make_foreign_sp(tmp_path, name="first")
    second = make_foreign_sp(tmp_path, entity_id=OTHER, name="second")
    settings.UGYFELKAPU_SP_METADATA_FILES = [first.metadata_file, second.metadata_file]
    return first, second


def name_id_at(client, sp) -> str:
    """Log in at `sp` by single sign-on; the persistent NameID it was given."""
    request_id, xml = sp.authn_request()
    _, fields = post_fields(client.post(SSO, sp.posted(xml)))
    answer = sp.client.parse_authn_request_response(
        fields["SAMLResponse"], BINDING_HTTP_POST, outstanding={request_id: "/"}
    )
    return answer.name_id.text


def name_id_at_the_portal(client) -> str:
    xml = authn_request_xml(sp_client())
    _, fields = post_fields(client.post(SSO, {"SAMLRequest": encode_message(xml)}))
    root = etree.fromstring(base64.b64decode(fields["SAMLResponse"]))
    return root.find(f"{SAML}Assertion/{SAML}Subject/{SAML}NameID").text


def test_each_service_provider_knows_the_citizen_by_its_own_id(client, two_sps, account):
    first, second = two_sps
    log_in_at_idp(client, account)
    at_first, at_second = name_id_at(client, first), name_id_at(client, second)
    at_portal = name_id_at_the_portal(client)
    assert len({at_first, at_second, at_portal, account.subject}) == 4
    # Stable: the next logins give each the same id again.
    assert (name_id_at(client, first), name_id_at(client, second)) == (at_first, at_second)
    assert name_id_at_the_portal(client) == at_portal
    assert dict(account.pairwise_subjects.values_list("sp_entity_id", "value")) == {
        FOREIGN: at_first,
        OTHER: at_second,
        settings.SAML_SP_ENTITY_ID: at_portal,
    }


def test_two_citizens_never_share_an_id_at_one_service_provider(client, two_sps, account):
    first, _ = two_sps
    other = make_account(username="masik.polgar")
    log_in_at_idp(client, account)
    mine = name_id_at(client, first)
    log_in_at_idp(client, other)
    assert name_id_at(client, first) not in (mine, account.subject, other.subject)


def test_a_value_is_never_given_to_two_service_providers(account):
    subject_for(account, FOREIGN)
    taken = PairwiseSubject.objects.get(account=account).value
    with pytest.raises(IntegrityError), transaction.atomic():
        PairwiseSubject.objects.create(account=account, sp_entity_id=OTHER, value=taken)
    with pytest.raises(IntegrityError), transaction.atomic():
        PairwiseSubject.objects.create(account=account, sp_entity_id=FOREIGN)


def test_the_migration_keeps_the_subjects_the_portal_knows(client, account):
    """Accounts from before pairwise subjects: the portal's SP keeps getting the
    NameID its users are keyed on, whatever other SPs get."""
    older = make_account(username="regi.polgar")
    PairwiseSubject.objects.all().delete()
    migration.keep_the_portals_subjects(apps, None)
    assert sorted(PairwiseSubject.objects.values_list("account_id", "sp_entity_id", "value")) == (
        sorted(
            [
                (account.pk, settings.SAML_SP_ENTITY_ID, account.subject),
                (older.pk, settings.SAML_SP_ENTITY_ID, older.subject),
            ]
        )
    )
    log_in_at_idp(client, account)
    assert name_id_at_the_portal(client) == account.subject


def test_a_portal_user_from_before_logs_in_as_the_same_user(client, account):
    """The portal's SP, end to end: the user it made from the old NameID is found again."""
    from identity.models import User

    user = User.objects.create(
        username="citizen-before",
        idp_subject=f"{settings.UGYFELKAPU_ENTITY_ID}!{account.subject}",
        idp_entity=settings.UGYFELKAPU_ENTITY_ID,
    )
    PairwiseSubject.objects.all().delete()
    migration.keep_the_portals_subjects(apps, None)
    log_in_at_idp(client, account)
    action, fields = post_fields(client.post("/account/login/", {"method": "email"}))
    action, fields = post_fields(client.post(SSO, fields))
    assert client.post("/saml/acs/", fields).status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
