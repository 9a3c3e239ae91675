"""Refusals of the identity provider: the reason codes and the messages shown for them.

A refusal is raised as `Refused` with a reason code whose message (`MESSAGES`) is shown
to the citizen as it is.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Promise] = {
    "login_failed": _("The username or the password is wrong."),
    "locked": _(
        "Too many failed attempts: this account is locked for 30 minutes. Wait and try "
        "again, or set a new password with “Forgotten password”, which also unlocks it."
    ),
    "inactive": _("This account is closed. A government office can tell you more."),
    "wrong_code": _("The code is wrong. Check it and try again."),
    "expired_code": _("This code has expired. Ask for a new one."),
    "used_code": _("This code was already used. Ask for a new one."),
    "too_many_attempts": _(
        "The code was typed wrongly too many times and no longer works. Ask for a new one."
    ),
    "totp_wrong": _("The code from the authenticator app is wrong. Type the code it shows now."),
    "totp_replayed": _(
        "This code was already used. Wait until your app shows a new one "
        "(it changes every 30 seconds)."
    ),
    "totp_not_set_up": _(
        "No authenticator app is set up for this account yet. Log in with a code sent by "
        "e-mail, then set up the app on your account page."
    ),
    "uses_totp": _(
        "This account uses an authenticator app for the second step. Choose "
        "“Ügyfélkapu+ with an authenticator app”."
    ),
    "phone_failed": _("The phone number or the secret phone code is wrong."),
    "activation_failed": _("The username or the activation code is wrong."),
    "activation_used": _(
        "This activation code was already used: the account has a password. Log in, or "
        "set a new password with “Forgotten password”."
    ),
    "activation_expired": _(
        "This activation code has expired (it was valid for 5 days). Set a password with "
        "“Forgotten password”, or ask a government office for a new code."
    ),
    "activation_attempts": _(
        "The activation code was typed wrongly too many times and no longer works. Set a "
        "password with “Forgotten password”, or ask a government office for a new code."
    ),
    "registration_failed": _("The ID card number or the registration code is wrong."),
    "card_too_old": _(
        "Electronic registration needs a chip ID card issued after 1 January 2016. Please "
        "open your account at a government office."
    ),
    "card_not_valid": _(
        "This ID card is not valid. Please open your account at a government office with a "
        "valid document."
    ),
    "registration_code_used": _(
        "This registration code was already used. Further accounts can be opened at a "
        "government office."
    ),
    "person_deceased": _("The register records this person as deceased."),
    "username_taken": _("This username is taken. Please choose another one."),
    "phone_taken": _("This phone number is already registered for phone identification."),
    "document_kind": _(
        "Identity can be proved here with an ID card, a card-format driving licence or a passport."
    ),
    "document_not_found": _(
        "There is no such document in the documents register. Check the kind and the number."
    ),
    "document_other_holder": _("This document belongs to another person in the register."),
    "document_not_valid": _(
        "This document is not valid today (it expired, was invalidated or withdrawn)."
    ),
    "already_activated": _(
        "This account already has a password: the citizen can use “Forgotten password”."
    ),
    "reset_link_invalid": _(
        "This link is not valid. Check that you opened the whole link from the e-mail, or "
        "ask for a new one."
    ),
    "reset_link_used": _("This link was already used. If you need it again, ask for a new one."),
    "reset_link_expired": _(
        "This link has expired: links are valid for 1 hour. Ask for a new one."
    ),
    "email_link_invalid": _(
        "This confirmation link is not valid, was already used or has expired. Ask for the "
        "change again on your account page."
    ),
    "card_failed": _(
        "The card's answer could not be verified, so you were not logged in. Please try again."
    ),
    "card_timed_out": _("The card login was not started or took too long. Please try again."),
    "card_no_account": _(
        "The holder of this ID card has no Ügyfélkapu+ account. You can open one at a "
        "government office, or electronically with the card's registration code."
    ),
    "wrong_current_password": _("The current password is wrong."),
    "same_password": _("The new password must differ from the current one."),
}

# Why a SAML request of a service provider was refused (`saml_requests.RequestRefused`),
# beyond the page's general text; codes without an entry show that text alone.
REQUEST_MESSAGES: dict[str, Promise] = {
    "weak_algorithm": _(
        "The service signed its request with an algorithm that is no longer safe (SHA-1, "
        "MD5 or DSA). The identity provider accepts RSA signatures with SHA-256 or stronger "
        "only; the service's operator has to change its settings."
    ),
    "stale_request": _(
        "The request is too old, or dated in the future: it has to arrive right after it "
        "was made. Go back to the service and start again. If this keeps happening, the "
        "clock of the service's server may be wrong."
    ),
    "unknown_sp": _("The service that sent you here is not registered with Ügyfélkapu+."),
    "no_logout_service": _(
        "The service has no logout address in its registration, so the identity provider "
        "cannot answer it. You are logged out of Ügyfélkapu+."
    ),
    "unsolicited_response": _(
        "The identity provider did not ask this service to log out, so it does not accept "
        "a logout answer from it."
    ),
}


class Refused(Exception):
    """An action the citizen or clerk asked for is refused; `message` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> Promise:
        return MESSAGES[self.reason]
