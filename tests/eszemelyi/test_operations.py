"""Card results are believed only when the card proved them: the happy path and the attacks."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cases.models import CaseEvent
from cases.workflow import Status
from eszemelyi import audit
from eszemelyi.models import CardAuditEvent, CardBinding, CardOperation, OperationState
from eszemelyi.tokens import canonical_json, sha256_hex
from tests.eszemelyi.portal_fixtures import *  # noqa: F403  (fixtures)
from tests.eszemelyi.portal_fixtures import ORIGIN, Issuer, SoftCard, bridge_request, post_token
from tests.factories import DocumentFactory

NUMBER = "+36301234567"
pytestmark = pytest.mark.django_db


def start_set(client, number=NUMBER, slot=1) -> dict:
    response = client.post(
        "/eszemelyi/emergency-numbers/start/",
        {"slot": slot, "action": "set", "number": number, "consent": "on"},
    )
    return bridge_request(client, response)


def written(number=NUMBER, slot=1) -> dict:
    numbers = [None, None]
    numbers[slot - 1] = number
    return {
        "result": {"slot": slot, "number": number},
        "state": {"emergencyNumbers": numbers},
    }


def operation_of(request) -> CardOperation:
    return CardOperation.objects.get(pk=request["opId"])


# --- The happy path ----------------------------------------------------------------------
def test_a_number_written_and_read_back_closes_the_request(citizen_client, soft_card, citizen):
    request = start_set(citizen_client)
    assert request["kind"] == "emergency_set"
    assert request["params"] == {"slot": 1, "number": NUMBER}

    response = post_token(citizen_client, request, soft_card.token(request, **written()))

    assert response.status_code == 200, response.json()
    operation = operation_of(request)
    case = operation.case
    assert response.json() == {"ok": True, "next": f"/my-requests/{case.reference}/"}
    assert operation.state == OperationState.COMPLETED
    assert operation.params_sealed == ""
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    detail = case.eszemelyi_emergency_numbers
    assert (detail.slot, detail.number_masked, detail.written_at is not None) == (
        1,
        "+3630***4567",
        True,
    )
    page = citizen_client.get(response.json()["next"]).content.decode()
    assert 'id="emergency-heading"' in page and "+3630***4567" in page
    assert "A kártya tároló elemére írtunk, és visszaolvastuk." in page
    binding = CardBinding.objects.get(user=citizen)
    assert binding.document.number == soft_card.document_number
    assert audit.verify_chain() is None


def test_the_clear_number_is_kept_nowhere_after_completion(citizen_client, soft_card):
    request = start_set(citizen_client)
    post_token(citizen_client, request, soft_card.token(request, **written()))
    operation = operation_of(request)
    texts = [
        operation.summary,
        operation.params_sealed,
        operation.case.eszemelyi_emergency_numbers.number_masked,
    ]
    texts += list(CardAuditEvent.objects.values_list("note", flat=True))
    texts += list(CaseEvent.objects.values_list("note", flat=True))
    assert not any("1234567" in text for text in texts)


def test_the_nonce_has_256_bits_and_is_not_stored_in_clear(citizen_client, soft_card):
    request = start_set(citizen_client)
    nonce = request["nonce"]
    assert "=" not in nonce
    assert len(base64.urlsafe_b64decode(nonce + "=" * (-len(nonce) % 4))) == 32
    operation = operation_of(request)
    assert operation.nonce_hash == sha256_hex(nonce.encode())
    assert operation.expires_at - operation.created_at == timedelta(minutes=5)


# --- Attacks -----------------------------------------------------------------------------
def refused(response, code, status=400):
    assert response.status_code == status, response.content
    assert response.json()["ok"] is False
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_a_replayed_token_is_refused(citizen_client, soft_card):
    request = start_set(citizen_client)
    token = soft_card.token(request, **written())
    assert post_token(citizen_client, request, token).status_code == 200
    refused(post_token(citizen_client, request, token), "already_used", 409)
    assert CardAuditEvent.objects.filter(kind="operation.replayed").count() == 1


def test_a_token_for_another_origin_is_refused(citizen_client, soft_card):
    request = start_set(citizen_client)
    token = soft_card.token(request, origin="https://evil.example", **written())
    refused(post_token(citizen_client, request, token), "foreign_origin")
    operation = operation_of(request)
    assert operation.state == OperationState.FAILED
    assert operation.case.status == Status.TERMINATED
    # Consumed even though it failed: the genuine token cannot follow.
    refused(
        post_token(citizen_client, request, soft_card.token(request, **written())),
        "already_used",
        409,
    )


def test_an_origin_differing_only_by_a_trailing_slash_is_refused(citizen_client, soft_card):
    request = start_set(citizen_client)
    token = soft_card.token(request, origin=ORIGIN + "/", **written())
    refused(post_token(citizen_client, request, token), "foreign_origin")


def test_parameters_changed_by_the_page_are_refused(citizen_client, soft_card):
    request = start_set(citizen_client)
    # A compromised page sends the bridge another number; the card signs that one.
    altered = {"slot": 1, "number": "+36309999999"}
    token = soft_card.token(request, params=altered, **written("+36309999999"))
    refused(post_token(citizen_client, request, token), "params_mismatch")


def test_a_state_altered_after_signing_is_refused(citizen_client, soft_card):
    request = start_set(citizen_client)
    token = soft_card.token(request, **written())
    token["state"] = {"emergencyNumbers": ["+36309999999", None]}
    refused(post_token(citizen_client, request, token), "state_mismatch")


def test_a_result_altered_after_signing_is_refused(citizen_client, soft_card):
    request = start_set(citizen_client)
    token = soft_card.token(request, **written())
    token["op"]["result"]["number"] = "+36309999999"
    refused(post_token(citizen_client, request, token), "bad_signature")


def test_a_read_back_that_does_not_show_the_number_is_refused(citizen_client, soft_card):
    request = start_set(citizen_client)
    token = soft_card.token(
        request,
        result={"slot": 1, "number": NUMBER},
        state={"emergencyNumbers": [None, None]},
    )
    refused(post_token(citizen_client, request, token), "state_mismatch")


def test_an_expired_operation_is_refused(citizen_client, soft_card):
    request = start_set(citizen_client)
    CardOperation.objects.filter(pk=request["opId"]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    refused(post_token(citizen_client, request, soft_card.token(request, **written())), "expired")
    assert operation_of(request).state == OperationState.EXPIRED


def test_another_users_operation_is_unknown(citizen_client, soft_card, other_citizen):
    request = start_set(citizen_client)
    intruder = Client()
    intruder.force_login(other_citizen)
    refused(
        post_token(intruder, request, soft_card.token(request, **written())),
        "unknown_operation",
        404,
    )
    assert intruder.get(f"/eszemelyi/operations/{request['opId']}/").status_code == 404
    assert operation_of(request).state == OperationState.ISSUED


def test_the_same_user_in_another_session_cannot_use_the_nonce(citizen_client, soft_card, citizen):
    request = start_set(citizen_client)
    elsewhere = Client()
    elsewhere.force_login(citizen)
    refused(post_token(elsewhere, request, soft_card.token(request, **written())), "wrong_session")


def test_a_signature_over_a_short_nonce_is_refused(citizen_client, soft_card):
    request = start_set(citizen_client)
    token = soft_card.token(request, nonce=request["nonce"][:8], **written())
    refused(post_token(citizen_client, request, token), "bad_signature")


def test_a_card_from_another_issuer_is_refused(citizen_client, soft_card, chip_id_card):
    request = start_set(citizen_client)
    forged = SoftCard(Issuer("Hamis CA"), chip_id_card.number)
    refused(
        post_token(citizen_client, request, forged.token(request, **written())),
        "untrusted_certificate",
    )


def test_a_certificate_for_another_key_is_refused(citizen_client, soft_card, card_issuer):
    request = start_set(citizen_client)
    other = SoftCard(card_issuer, soft_card.document_number)
    token = other.token(request, **written())
    token["publicKey"] = base64.b64encode(soft_card.public_key_der).decode()
    refused(post_token(citizen_client, request, token), "key_mismatch")


def test_someone_elses_card_is_refused(citizen_client, card_issuer, chip_id_card, other_citizen):
    card = DocumentFactory(holder=other_citizen.person, number="700902AB", has_chip=True)
    request = start_set(citizen_client)
    token = SoftCard(card_issuer, card.number).token(request, **written())
    refused(post_token(citizen_client, request, token), "not_your_card")


def test_only_the_bound_cards_key_is_accepted(citizen_client, soft_card, card_issuer):
    first = start_set(citizen_client)
    post_token(citizen_client, first, soft_card.token(first, **written()))
    # Another key with a valid certificate for the same card number: not the bound card.
    request = start_set(citizen_client, slot=2)
    impostor = SoftCard(card_issuer, soft_card.document_number)
    refused(
        post_token(citizen_client, request, impostor.token(request, **written(slot=2))),
        "wrong_card",
    )


def test_a_replacement_card_binds_once_the_old_one_is_invalid(
    citizen_client, soft_card, card_issuer, chip_id_card, citizen
):
    first = start_set(citizen_client)
    post_token(citizen_client, first, soft_card.token(first, **written()))
    chip_id_card.validity = chip_id_card.Validity.INVALIDATED
    chip_id_card.save()
    new_card = DocumentFactory(holder=citizen.person, number="700903AB", has_chip=True)
    request = start_set(citizen_client)
    token = SoftCard(card_issuer, new_card.number).token(request, **written())
    assert post_token(citizen_client, request, token).status_code == 200
    assert CardBinding.objects.active().get(user=citizen).document == new_card


def test_an_unsigned_token_is_refused(citizen_client, soft_card):
    request = start_set(citizen_client)
    token = soft_card.token(request, **written())
    token["algorithm"], token["signature"] = None, None
    refused(post_token(citizen_client, request, token), "bad_algorithm")


def test_a_token_for_another_operation_is_refused(citizen_client, soft_card):
    request = start_set(citizen_client)
    other = dict(request, opId="00000000-0000-0000-0000-000000000000")
    refused(
        post_token(citizen_client, request, soft_card.token(other, **written())), "wrong_operation"
    )


def test_garbage_is_refused_without_consuming_anything(citizen_client, soft_card):
    request = start_set(citizen_client)
    response = citizen_client.post(
        f"/eszemelyi/operations/{request['opId']}/result/",
        data="{",
        content_type="application/json",
    )
    refused(response, "bad_format")
    assert operation_of(request).state == OperationState.ISSUED


def test_the_result_endpoint_needs_the_csrf_token(citizen, soft_card):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    page = client.get("/eszemelyi/emergency-numbers/")
    assert page.status_code == 200
    response = client.post(
        "/eszemelyi/operations/00000000-0000-0000-0000-000000000000/result/",
        data={"token": {}},
        content_type="application/json",
    )
    assert response.status_code == 403


# --- Around the result -------------------------------------------------------------------
def test_a_bridge_error_is_audited_and_the_operation_stays_open(citizen_client, soft_card):
    request = start_set(citizen_client)
    response = citizen_client.post(
        f"/eszemelyi/operations/{request['opId']}/error/",
        data={"code": "wrong_pin<script>"},
        content_type="application/json",
    )
    assert response.json() == {"ok": True}
    assert CardAuditEvent.objects.get(kind="bridge.error").code == "wrong_pinscript"
    assert (
        post_token(citizen_client, request, soft_card.token(request, **written())).status_code
        == 200
    )


def test_a_new_operation_cancels_the_open_one(citizen_client, soft_card):
    first = start_set(citizen_client)
    start_set(citizen_client, slot=2)
    assert operation_of(first).state == OperationState.CANCELLED
    refused(
        post_token(citizen_client, first, soft_card.token(first, **written())), "already_used", 409
    )


def test_cancel_ends_the_request(citizen_client, soft_card):
    request = start_set(citizen_client)
    response = citizen_client.post(f"/eszemelyi/operations/{request['opId']}/cancel/")
    operation = operation_of(request)
    assert response.status_code == 302
    assert operation.state == OperationState.CANCELLED
    assert operation.case.status == Status.TERMINATED


def test_the_audit_chain_shows_an_edited_row(citizen_client, soft_card):
    request = start_set(citizen_client)
    post_token(citizen_client, request, soft_card.token(request, **written()))
    assert audit.verify_chain() is None
    victim = CardAuditEvent.objects.order_by("pk")[1]
    CardAuditEvent.objects.filter(pk=victim.pk).update(code="forged")
    assert audit.verify_chain() == victim.pk


def test_audit_events_cannot_be_changed_or_deleted(citizen_client, soft_card):
    start_set(citizen_client)
    event = CardAuditEvent.objects.first()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_the_params_digest_is_what_the_bridge_computes(citizen_client, soft_card):
    request = start_set(citizen_client)
    assert operation_of(request).params_digest == sha256_hex(canonical_json(request["params"]))


def test_without_the_card_issuer_certificate_nothing_is_believed(
    citizen_client, soft_card, settings
):
    request = start_set(citizen_client)
    settings.ESZEMELYI_CARD_ISSUER_CA_FILE = "/nonexistent/card-issuer-ca.pem"
    refused(
        post_token(citizen_client, request, soft_card.token(request, **written())), "no_card_issuer"
    )


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"origin": ORIGIN + "\n"}, "foreign_origin"),
        ({"op_id": "\n"}, "wrong_operation"),
        ({"publicKey": "\n"}, "bad_key"),
        ({"signature": "\n"}, "bad_signature"),
        ({"number": "\n"}, "state_mismatch"),
    ],
    ids=["origin", "op-id", "public-key", "signature", "read-back-number"],
)
def test_a_trailing_newline_anywhere_in_the_token_is_refused(
    citizen_client, soft_card, change, code
):
    request = start_set(citizen_client)
    signed = dict(request, opId=request["opId"] + change.get("op_id", ""))
    token = soft_card.token(
        signed,
        origin=change.get("origin", ORIGIN),
        **written(NUMBER + change.get("number", "")),
    )
    for field in ("publicKey", "signature"):
        token[field] += change.get(field, "")
    refused(post_token(citizen_client, request, token), code)
    assert operation_of(request).state == OperationState.FAILED
