"""Input rules of the identity provider's pages.

The decisions live in `accounts` and `authentication`.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.utils.translation import gettext_lazy as _

from population.identifiers import (
    normalise_document_number,
    normalise_phone_number,
    validate_id_card_number,
    validate_phone_number,
)
from population.models import Person
from portal.forms import EmailAddressField
from ugyfelkapu.accounts import OFFICE_DOCUMENT_KINDS, check_identity_document
from ugyfelkapu.codes import normalise_code
from ugyfelkapu.errors import Refused
from ugyfelkapu.models import Account, normalise_username, validate_username

_SIX_DIGITS = re.compile(r"[0-9]{6}")


class StyledForm(forms.Form):
    """Bootstrap classes on every widget and the invalid state on fields with errors."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid"


def _text(autocomplete: str, **attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": autocomplete, **attrs})


class UsernameField(forms.CharField):
    """Usernames are compared without case: the validators see the normalised form."""

    def to_python(self, value) -> str:
        return normalise_username(super().to_python(value))


def _username_field(**kwargs) -> forms.CharField:
    return UsernameField(
        label=_("Username"),
        max_length=50,
        widget=_text("username", autocapitalize="none", spellcheck="false"),
        **kwargs,
    )


def _password_field(label, autocomplete: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        **kwargs,
    )


def _digits_field(label, autocomplete: str, *, secret: bool = False, **kwargs) -> forms.CharField:
    attrs = {"autocomplete": autocomplete, "inputmode": "numeric", "maxlength": 7}
    widget = forms.PasswordInput(attrs=attrs) if secret else forms.TextInput(attrs=attrs)
    return forms.CharField(label=label, widget=widget, **kwargs)


def _six_digits(value: str, message) -> str:
    value = re.sub(r"\s+", "", value)
    if not _SIX_DIGITS.fullmatch(value):
        raise forms.ValidationError(message, code="six_digits")
    return value


class PasswordLoginForm(StyledForm):
    username = _username_field()
    password = _password_field(_("Password"), "current-password")


class PhoneLoginForm(StyledForm):
    phone_number = forms.CharField(
        label=_("Phone number"),
        help_text=_("The number registered for phone identification, e.g. +36 20 123 4567."),
        max_length=30,
        validators=[validate_phone_number],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    phone_code = _digits_field(_("Secret phone code"), "off", secret=True)

    def clean_phone_number(self) -> str:
        return normalise_phone_number(self.cleaned_data["phone_number"])

    def clean_phone_code(self) -> str:
        return _six_digits(self.cleaned_data["phone_code"], _("The secret phone code is 6 digits."))


class CodeForm(StyledForm):
    code = _digits_field(_("Code"), "one-time-code", help_text=_("6 digits."))

    def clean_code(self) -> str:
        return _six_digits(self.cleaned_data["code"], _("The code is 6 digits."))


class NewPasswordForm(StyledForm):
    """A new password typed twice and checked with the portal's password validators."""

    new_password1 = _password_field(
        _("New password"), "new-password", help_text=password_validators_help_text_html()
    )
    new_password2 = _password_field(_("New password again"), "new-password")

    def __init__(self, *args, account=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.account = account

    def validation_user(self):
        return self.account

    def clean(self) -> dict:
        data = super().clean()
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two passwords differ."))
        elif first:
            try:
                validate_password(first, user=self.validation_user())
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return data


class ChangePasswordForm(NewPasswordForm):
    current_password = _password_field(_("Current password"), "current-password")
    field_order = ["current_password", "new_password1", "new_password2"]


class ActivationForm(NewPasswordForm):
    username = _username_field()
    code = forms.CharField(
        label=_("Activation code"),
        help_text=_(
            "The code from the e-mail we sent after the registration, e.g. ABCD-EFGH-JKLM."
        ),
        max_length=20,
        widget=_text("one-time-code", autocapitalize="characters", spellcheck="false"),
    )
    field_order = ["username", "code", "new_password1", "new_password2"]

    def clean_code(self) -> str:
        return normalise_code(self.cleaned_data["code"])

    def validation_user(self):
        # The account is looked up only with a right code; until then the password is
        # compared with the username typed, and again with the account once found. An
        # unsaved `Account`, not a bare object: the similarity check names the field
        # it matched by the model's verbose name.
        return Account(username=self.cleaned_data.get("username", ""))


class PasswordResetRequestForm(StyledForm):
    username = _username_field()
    email = EmailAddressField(
        label=_("E-mail address of the account"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class EmailChangeForm(StyledForm):
    email = EmailAddressField(
        label=_("New e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    current_password = _password_field(_("Current password"), "current-password")

    def __init__(self, *args, account: Account, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.account = account

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email.lower() == self.account.email.lower():
            raise forms.ValidationError(_("This is your current address."), code="same_email")
        return email


class PhoneCodeForm(StyledForm):
    current_password = _password_field(_("Current password"), "current-password")
    phone_code1 = _digits_field(_("New secret phone code"), "off", secret=True)
    phone_code2 = _digits_field(_("New secret phone code again"), "off", secret=True)

    def clean_phone_code1(self) -> str:
        return _six_digits(
            self.cleaned_data["phone_code1"], _("The secret phone code is 6 digits.")
        )

    def clean(self) -> dict:
        data = super().clean()
        first, second = data.get("phone_code1"), data.get("phone_code2")
        if first and second and first != re.sub(r"\s+", "", second):
            self.add_error("phone_code2", _("The two codes differ."))
        return data


class CardRegistrationForm(StyledForm):
    card_number = forms.CharField(
        label=_("ID card number"),
        help_text=_("On the front of the card, e.g. 123456AB."),
        max_length=12,
        validators=[validate_id_card_number],
        widget=_text("off", autocapitalize="characters", spellcheck="false"),
    )
    registration_code = forms.CharField(
        label=_("Registration code"),
        help_text=_("From the code card in the green-edged PIN envelope you got with the card."),
        max_length=30,
        widget=_text("off", autocapitalize="characters", spellcheck="false"),
    )
    username = _username_field(
        validators=[validate_username],
        help_text=_(
            "3 to 50 characters: lower-case letters without accents, digits, dots, hyphens "
            "and underscores."
        ),
    )
    email = EmailAddressField(
        label=_("E-mail address"),
        help_text=_("We send the activation code here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_card_number(self) -> str:
        return normalise_document_number(self.cleaned_data["card_number"])


class OfficeRegistrationForm(StyledForm):
    """The clerk's registration of a citizen who showed an identity document."""

    person = forms.ModelChoiceField(
        label=_("Person in the register"), queryset=Person.objects.all()
    )
    document_kind = forms.ChoiceField(
        label=_("Document shown"),
        choices=[(kind.value, kind.label) for kind in OFFICE_DOCUMENT_KINDS],
    )
    document_number = forms.CharField(label=_("Document number"), max_length=20)
    username = _username_field(validators=[validate_username])
    email = EmailAddressField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    phone_number = forms.CharField(
        label=_("Phone number for phone identification"),
        required=False,
        max_length=30,
        validators=[validate_phone_number],
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
    )
    phone_code = _digits_field(
        _("Secret phone code"),
        "off",
        secret=True,
        required=False,
        help_text=_(
            "6 digits, typed by the citizen. It can also be set later on the account page."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind of account"), choices=Account.Kind.choices)
    gateway_proof = forms.CharField(
        label=_("Proof of the official gateway"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The organisation's certificate: its name, number and date."),
    )

    def __init__(self, *args, person_widget: forms.Widget | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if person_widget is not None:  # the admin's raw-id lookup of the register
            self.fields["person"].widget = person_widget

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if Account.objects.filter(username=username).exists():
            raise forms.ValidationError(_("This username is taken."), code="username_taken")
        return username

    def clean_phone_number(self) -> str:
        number = self.cleaned_data["phone_number"]
        if not number:
            return ""
        number = normalise_phone_number(number)
        if Account.objects.filter(phone_number=number).exists():
            raise forms.ValidationError(
                _("This phone number is already registered for phone identification."),
                code="phone_taken",
            )
        return number

    def clean_phone_code(self) -> str:
        code = self.cleaned_data["phone_code"]
        return _six_digits(code, _("The secret phone code is 6 digits.")) if code else ""

    def clean(self) -> dict:
        data = super().clean()
        person, kind = data.get("person"), data.get("document_kind")
        if person is not None and kind and data.get("document_number"):
            try:
                check_identity_document(person, kind, data["document_number"])
            except Refused as refusal:
                self.add_error("document_number", refusal.message)
        if data.get("phone_code") and not data.get("phone_number"):
            self.add_error("phone_number", _("Give the phone number the secret code belongs to."))
        if (
            data.get("kind") == Account.Kind.ORGANISATION_GATEWAY
            and not data.get("gateway_proof", "").strip()
        ):
            self.add_error(
                "gateway_proof",
                _("Record the proof that the account serves an organisation's official gateway."),
            )
        return data
