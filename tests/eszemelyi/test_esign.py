"""The e-signature service: contract, key made on the card, certificate, PIN envelope."""

from __future__ import annotations

import base64
import hashlib
import io
from datetime import date, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.utils import timezone
from pypdf import PdfReader

from cases import verification
from cases.workflow import Status
from eszemelyi import eligibility
from eszemelyi.models import CardOperation, EsignCertificate, EsignRequest
from eszemelyi.tokens import canonical_json, sha256_hex
from sandbox.vcard.cardos import CardOS
from sandbox.vcard.personalise import new_card_state
from sandbox.vcard.state import activated
from tests.eszemelyi.portal_fixtures import *  # noqa: F403  (fixtures)
from tests.eszemelyi.portal_fixtures import bridge_request, post_token
from tests.eszemelyi.test_nek_applet import gp_step, relay

pytestmark = pytest.mark.django_db
DATA = {"email": "elek@example.hu", "email_in_certificate": "yes", "publish_in_directory": "no"}


def pdf_text(document) -> str:
    return " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(document.file.read())).pages
    )


def accept(client, data=DATA) -> dict:
    response = client.post("/eszemelyi/esign/save/", data)
    assert response.status_code == 302, response.content[:800]
    reference = response["Location"].split("/")[-3]
    assert client.get(response["Location"]).status_code == 200
    return bridge_request(
        client, client.post(f"/eszemelyi/esign/{reference}/accept/", {"accept": "yes"})
    )


def make_key(client, soft_card, request):
    """The card's e-signature key pair (a software one here) and the signed answer."""
    key = ec.generate_private_key(ec.SECP256R1())
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    token = soft_card.token(
        request,
        result={"publicKey": base64.b64encode(der).decode()},
        state={"esignPublicKeySha256": hashlib.sha256(der).hexdigest()},
    )
    response = post_token(client, request, token)
    assert response.status_code == 200, response.json()
    return der, bridge_request(client, _as_redirect(response))


def _as_redirect(response):
    class Redirect:
        status_code = 302

        def __getitem__(self, key):
            return response.json()["next"]

    return Redirect()


def write_certificate(client, soft_card, request):
    der = base64.b64decode(request["params"]["certificate"])
    digest = hashlib.sha256(der).hexdigest()
    token = soft_card.token(
        request, result={"certificateSha256": digest}, state={"esignCertificateSha256": digest}
    )
    return post_token(client, request, token)


def personalise(client, soft_card, request, card):
    first = gp_step(client, request, None).json()
    log, answers = relay(card, first["apdus"])
    second = gp_step(client, request, answers).json()
    final_log, final_answers = relay(card, second["apdus"])
    log += final_log
    result = {
        "completed": True,
        "steps": 2,
        "responses": final_answers,
        "transcriptSha256": sha256_hex(canonical_json(log)),
    }
    state = {"esignPinState": card.state["esign"]["state"]}
    return post_token(client, request, soft_card.token(request, result=result, state=state))


def test_a_first_certificate_end_to_end(
    citizen_client, soft_card, chip_id_card, django_capture_on_commit_callbacks
):
    request = accept(citizen_client)
    assert request["kind"] == "esign_generate_key"
    key_der, request = make_key(citizen_client, soft_card, request)
    assert request["kind"] == "esign_write_certificate"
    certificate = x509.load_der_x509_certificate(base64.b64decode(request["params"]["certificate"]))
    assert (
        certificate.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        == key_der
    )
    san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert san.value.get_values_for_type(x509.RFC822Name) == ["elek@example.hu"]

    response = write_certificate(citizen_client, soft_card, request)
    request = bridge_request(citizen_client, _as_redirect(response))
    assert request["kind"] == "esign_personalise"
    card = CardOS(
        activated(
            new_card_state(
                document_number=chip_id_card.number,
                holder_name="Teszt Elek",
                valid_until="2030-03-10",
            )
        )
    )
    card.session.eid_verified = True
    with django_capture_on_commit_callbacks(execute=True):
        response = personalise(citizen_client, soft_card, request, card)
    assert response.status_code == 200, response.json()

    case = CardOperation.objects.get(pk=request["opId"]).case
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    detail = EsignRequest.objects.get(case=case)
    assert detail.envelope_sealed == ""
    stored = EsignCertificate.objects.get()
    assert stored.written_to_card_at is not None and stored.published is False
    documents = {d.kind: d for d in case.documents.all()}
    assert set(documents) == {"contract", "pin_envelope"}
    envelope = pdf_text(documents["pin_envelope"])
    activation_pin = card.state["esign"]["activation_pin"]
    assert activation_pin in envelope
    contract_doc = documents["contract"]
    contract = pdf_text(contract_doc)
    assert "Szolgáltatási szerződés" in contract and detail.contract_sha256 in contract
    assert "nem kerül közzétételre" in contract
    for text, document in ((envelope, documents["pin_envelope"]), (contract, contract_doc)):
        flat = " ".join(text.split())
        assert "2015. évi CCXXII. törvény" in flat  # the legal basis
        assert "Ez a dokumentum nem hatósági döntés" in flat  # not a decision: no appeal
        assert verification.grouped(document.verification_code) in flat


def test_a_renewal_has_no_pin_envelope(
    citizen_client, citizen, soft_card, chip_id_card, django_capture_on_commit_callbacks
):
    now = timezone.now()
    EsignCertificate.objects.create(
        user=citizen,
        document=chip_id_card,
        serial_number="01",
        subject="CN=x",
        key_fingerprint="0" * 64,
        not_before=now - timedelta(days=700),
        not_after=now + timedelta(days=30),
        der=b"",
    )
    request = accept(citizen_client)
    _der, request = make_key(citizen_client, soft_card, request)
    with django_capture_on_commit_callbacks(execute=True):
        response = write_certificate(citizen_client, soft_card, request)
    case = CardOperation.objects.get(pk=request["opId"]).case
    assert response.json()["next"] == f"/my-requests/{case.reference}/"
    assert case.eszemelyi_esign.renewal is True
    assert [d.kind for d in case.documents.all()] == ["contract"]


def test_renewal_opens_only_in_the_last_60_days(citizen_client, citizen, chip_id_card):
    now = timezone.now()
    EsignCertificate.objects.create(
        user=citizen,
        document=chip_id_card,
        serial_number="02",
        subject="CN=x",
        key_fingerprint="0" * 64,
        not_before=now - timedelta(days=600),
        not_after=now + timedelta(days=90),
        der=b"",
    )
    page = citizen_client.get("/eszemelyi/esign/")
    assert any("60 napon belül" in reason for reason in page.context["reasons"])
    assert citizen_client.post("/eszemelyi/esign/save/", DATA).status_code == 200
    assert not EsignRequest.objects.exists()


def test_data_can_be_corrected_before_accepting_but_not_after(citizen_client, soft_card):
    response = citizen_client.post("/eszemelyi/esign/save/", DATA)
    reference = response["Location"].split("/")[-3]
    corrected = dict(DATA, email="masik@example.hu", case=reference)
    assert citizen_client.post("/eszemelyi/esign/save/", corrected).status_code == 302
    assert EsignRequest.objects.get().email == "masik@example.hu"
    citizen_client.post(f"/eszemelyi/esign/{reference}/accept/", {"accept": "yes"})
    assert (
        citizen_client.post(
            "/eszemelyi/esign/save/", dict(corrected, email="x@example.hu")
        ).status_code
        == 404
    )
    assert citizen_client.get(f"/eszemelyi/esign/{reference}/contract/").status_code == 404


def test_the_contract_must_be_ticked(citizen_client, soft_card):
    reference = citizen_client.post("/eszemelyi/esign/save/", DATA)["Location"].split("/")[-3]
    response = citizen_client.post(f"/eszemelyi/esign/{reference}/accept/", {})
    assert response.status_code == 400
    assert not CardOperation.objects.exists()


def test_another_citizens_draft_is_not_found(citizen_client, soft_card, other_citizen, client):
    reference = citizen_client.post("/eszemelyi/esign/save/", DATA)["Location"].split("/")[-3]
    client.force_login(other_citizen)
    assert client.get(f"/eszemelyi/esign/{reference}/contract/").status_code == 404
    assert (
        client.post(f"/eszemelyi/esign/{reference}/accept/", {"accept": "yes"}).status_code == 404
    )


@pytest.mark.parametrize(
    "born, title, refused",
    [
        (date(2013, 1, 1), "citizen", "14 éves kortól"),
        (date(2011, 1, 1), "citizen", None),
        (date(1980, 1, 1), "free_movement", "magyar állampolgárok"),
        (date(1980, 1, 1), "settled", None),
    ],
)
def test_who_may_request_it(citizen_client, citizen, chip_id_card, born, title, refused):
    citizen.person.birth_date, citizen.person.legal_title = born, title
    citizen.person.save()
    reasons = citizen_client.get("/eszemelyi/esign/").context["reasons"]
    if refused:
        assert any(refused in reason for reason in reasons)
    else:
        assert reasons == []


def test_an_email_address_is_required(citizen):
    citizen.email = ""
    assert "e-mail" in eligibility.has_email(citizen, {})
    assert eligibility.has_email(citizen, {"email": "elek@example.hu"}) is None
