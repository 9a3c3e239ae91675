"""The e-signature service: the distance contract, the key made on the card, the certificate.

After the citizen accepts the contract, three card operations follow, each verified
before the next is issued:

1. `esign_generate_key`: the card makes a key pair in its e-signature application and
   returns the public key, signed with the eID authentication key (so the portal knows
   the key comes from the citizen's own card);
2. the portal's CA issues the certificate, and `esign_write_certificate` puts it on the
   chip and reads it back;
3. on the first issue only, `esign_personalise` sets the activation PIN printed in the
   PIN envelope, under SCP03 with encryption (the page and the bridge never see it).

Then the case closes and the contract (and, on first issue, the PIN envelope) PDFs are
rendered by the worker.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django import forms
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.actions import create_case, record_event, submit_case
from cases.models import Case
from eszemelyi import ca, eligibility, operations
from eszemelyi.forms import described
from eszemelyi.models import CardOperation, EsignCertificate, EsignRequest, OperationKind
from eszemelyi.operations import KindRules, Outcome
from eszemelyi.sealing import seal
from eszemelyi.tokens import VerifiedToken
from portal.forms import EmailAddressField

CASE_TYPE = "eszemelyi.esign"
CONTRACT_TEMPLATE = "eszemelyi/_esign_contract_text.html"
# No look-alike characters: the password is read out on the phone to revoke.
_PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


# --- The form ------------------------------------------------------------------------------


class EsignForm(forms.Form):
    email = EmailAddressField(
        label=gettext_lazy("E-mail address"),
        help_text=gettext_lazy("We send notices about the certificate here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    email_in_certificate = forms.TypedChoiceField(
        label=gettext_lazy("Should your e-mail address be in the certificate?"),
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    publish_in_directory = forms.TypedChoiceField(
        label=gettext_lazy(
            "Should the certificate be published in the provider's public directory?"
        ),
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        described(self)


# --- The contract --------------------------------------------------------------------------
def contract_context(case: Case) -> dict:
    detail = case.eszemelyi_esign
    card = eligibility.chip_card(case.applicant)
    issued_at = timezone.now()
    _not_before, not_after = ca.certificate_validity(issued_at, card.expires_on if card else None)
    return {
        "case": case,
        "detail": detail,
        "person": case.applicant.person,
        "valid_until": timezone.localdate(not_after),
    }


def contract_text(case: Case) -> str:
    """The contract as the citizen reads it; its language is Hungarian whatever the page's."""
    with translation.override("hu"):
        return render_to_string(CONTRACT_TEMPLATE, contract_context(case))


def contract_digest(text: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode()).hexdigest()


@transaction.atomic
def save_request(request, data: dict, *, case: Case | None = None) -> Case:
    """Open the draft (or correct it: entry errors can be fixed until acceptance)."""
    user = request.user
    card = eligibility.chip_card(user)
    fields = {
        "document_number": card.number,
        "email": data["email"],
        "email_in_certificate": data["email_in_certificate"],
        "publish_in_directory": data["publish_in_directory"],
        "renewal": eligibility.current_certificate(user, card) is not None,
        "first_issue": not EsignCertificate.objects.filter(document=card).exists(),
    }
    if case is None:
        case = create_case(CASE_TYPE, applicant=user, by=user)
        EsignRequest.objects.create(case=case, **fields)
    else:
        EsignRequest.objects.filter(case=case, contract_accepted_at__isnull=True).update(**fields)
    return case


@transaction.atomic
def accept_contract(request, case: Case) -> CardOperation:
    detail = EsignRequest.objects.select_for_update().get(case=case)
    detail.contract_accepted_at = timezone.now()
    detail.contract_sha256 = contract_digest(contract_text(case))
    detail.save(update_fields=["contract_accepted_at", "contract_sha256"])
    record_event(
        case,
        "eszemelyi.esign_contract_accepted",
        by=request.user,
        note=_("Contract accepted (SHA-256 %(digest)s).") % {"digest": detail.contract_sha256},
    )
    return operations.issue(
        request,
        OperationKind.ESIGN_GENERATE_KEY,
        {},
        case=case,
        summary=_("Make the e-signature key pair on the card"),
    )


# --- Step 1: the key made on the card --------------------------------------------------------
def _card_key(verified: VerifiedToken) -> bytes | None:
    try:
        der = base64.b64decode(verified.result.get("publicKey", ""), validate=True)
        key = serialization.load_der_public_key(der)
    except (ValueError, TypeError):
        return None
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        return None
    return der


def _key_read_back(operation, params, verified: VerifiedToken) -> str | None:
    der = _card_key(verified)
    if der is None:
        return "bad_key"
    if (verified.state or {}).get("esignPublicKeySha256") != hashlib.sha256(der).hexdigest():
        return "state_mismatch"
    return None


def _complete_key(request, outcome: Outcome) -> str:
    case = outcome.operation.case
    detail = case.eszemelyi_esign
    der = _card_key(outcome.verified)
    card = outcome.operation.binding.document
    not_before, not_after = ca.certificate_validity(timezone.now(), card.expires_on)
    certificate = ca.issue_certificate(
        der,
        person=request.user.person,
        document_number=card.number,
        email=detail.email if detail.email_in_certificate else None,
        not_before=not_before,
        not_after=not_after,
    )
    stored = EsignCertificate.objects.create(
        user=request.user,
        document=card,
        serial_number=format(certificate.serial_number, "x"),
        subject=certificate.subject.rfc4514_string()[:300],
        key_fingerprint=hashlib.sha256(der).hexdigest(),
        not_before=not_before,
        not_after=not_after,
        der=certificate.public_bytes(serialization.Encoding.DER),
    )
    detail.certificate = stored
    detail.save(update_fields=["certificate"])
    record_event(
        case,
        "eszemelyi.esign_certificate_issued",
        by=request.user,
        note=_("Certificate %(serial)s issued, valid until %(until)s.")
        % {"serial": stored.serial_number, "until": timezone.localdate(not_after).isoformat()},
    )
    operation = operations.issue(
        request,
        OperationKind.ESIGN_WRITE_CERTIFICATE,
        {"certificate": base64.b64encode(bytes(stored.der)).decode()},
        case=case,
        summary=_("Put the e-signature certificate on the card"),
    )
    return reverse("eszemelyi:operation", args=[operation.pk])


# --- Step 2: the certificate on the chip -----------------------------------------------------
def _certificate_read_back(operation, params, verified: VerifiedToken) -> str | None:
    digest = hashlib.sha256(base64.b64decode(params["certificate"])).hexdigest()
    if verified.result.get("certificateSha256") != digest:
        return "state_mismatch"
    if (verified.state or {}).get("esignCertificateSha256") != digest:
        return "state_mismatch"
    return None


def new_envelope() -> dict:
    """The blue envelope's secrets: a 6-digit activation PIN and a revocation password."""
    return {
        "activation_pin": f"{secrets.randbelow(10**6):06d}",
        "revocation_password": "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(10)),
    }


def _complete_certificate(request, outcome: Outcome) -> str:
    case = outcome.operation.case
    detail = case.eszemelyi_esign
    certificate = detail.certificate
    certificate.written_to_card_at = timezone.now()
    certificate.published = detail.publish_in_directory
    certificate.save(update_fields=["written_to_card_at", "published"])
    record_event(
        case,
        "eszemelyi.esign_certificate_written",
        by=request.user,
        note=_("The certificate is on the chip (read back)."),
    )
    if not detail.first_issue:
        return _finish(request, case)
    envelope = new_envelope()
    detail.envelope_sealed = seal(envelope)
    detail.revocation_password_hash = make_password(envelope["revocation_password"])
    detail.save(update_fields=["envelope_sealed", "revocation_password_hash"])
    operation = operations.issue(
        request,
        OperationKind.ESIGN_PERSONALISE,
        {},
        case=case,
        summary=_("Set the e-signature activation PIN of the PIN envelope on the card"),
    )
    return reverse("eszemelyi:operation", args=[operation.pk])


# --- Step 3 (first issue): the activation PIN ----------------------------------------------
def _pin_set(operation, params, verified: VerifiedToken) -> str | None:
    from eszemelyi.issuer import check_relayed

    if code := check_relayed(operation, verified):
        return code
    if (verified.state or {}).get("esignPinState") != "transport":
        return "state_mismatch"
    return None


def _complete_pin(request, outcome: Outcome) -> str:
    case = outcome.operation.case
    record_event(
        case,
        "eszemelyi.esign_pin_set",
        by=request.user,
        note=_("The activation PIN of the PIN envelope is set on the card."),
    )
    return _finish(request, case)


def _finish(request, case: Case) -> str:
    from eszemelyi.tasks import issue_pin_envelope

    # The submission issues the contract (`CaseType.documents`); the PIN
    # envelope is issued here, as only the first issue has one.
    submit_case(case, by=request.user)
    first = case.eszemelyi_esign.first_issue
    if first:
        transaction.on_commit(lambda: issue_pin_envelope.delay(case.pk))
    return reverse("portal:case_detail", args=[case.reference])


RULES = {
    OperationKind.ESIGN_GENERATE_KEY: KindRules(_key_read_back, _complete_key),
    OperationKind.ESIGN_WRITE_CERTIFICATE: KindRules(_certificate_read_back, _complete_certificate),
    OperationKind.ESIGN_PERSONALISE: KindRules(_pin_set, _complete_pin),
}
