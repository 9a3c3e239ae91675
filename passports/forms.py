"""The step every passport request ends with: how fast, and where the passport goes.

The Webes Ügysegéd service descriptions: in person (also by a legal representative
or proxy) at a district office, the Central Document Office (1133 Budapest,
Visegrádi u. 110.) or the general passport authority; by registered post; abroad at
a consulate or by post through it, with the consular fee paid there, the consulate,
a phone number and the foreign postal address given. No acceleration with delivery
abroad; an urgent (3-day) passport is collected only at the Central Document Office
or the general passport authority; service and seaman's passports are accelerated
to 7 days only. SMS and/or e-mail when the passport is posted, for a delivery in
Hungary.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from appointments.models import Office
from cases.flow import StepForm
from passports import consulates
from passports.fees import OFFICIAL_KINDS
from passports.models import Delivery, Speed
from population.identifiers import (
    normalise_phone_number,
    validate_phone_number,
    validate_postal_code,
)

URGENT_PICKUP = frozenset({Delivery.CENTRAL_OFFICE, Delivery.PASSPORT_AUTHORITY})
DISTRICT_OFFICE_KINDS = (Office.Kind.GOVERNMENT_WINDOW, Office.Kind.DOCUMENT_OFFICE)


class DeliveryStep(StepForm):
    title = _("Procedure and delivery")
    conditionally_required = (
        "office",
        "postal_code",
        "settlement",
        "street_address",
        "consulate",
        "phone",
        "foreign_address",
    )
    speed_choices = Speed.choices

    speed = forms.ChoiceField(
        label=_("Procedure"),
        widget=forms.RadioSelect,
        help_text=_(
            "Standard: 20 days, 8 days when the facts are clear. Express and urgent procedures "
            "cost a surcharge; they are not available with delivery abroad. The deadline counts "
            "from the day after both the payment and the request."
        ),
    )
    delivery = forms.ChoiceField(
        label=_("How do you want to receive the passport?"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The time of delivery is not part of the deadline, unless you collect the passport "
            "at a district office. An urgent passport can be collected only at the Central "
            "Document Office or the general passport authority."
        ),
    )
    office = forms.ModelChoiceField(
        label=_("District office"),
        queryset=Office.objects.filter(kind__in=DISTRICT_OFFICE_KINDS),
        required=False,
        help_text=_("Only when you collect the passport at a district office."),
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    settlement = forms.CharField(label=_("Settlement"), max_length=100, required=False)
    street_address = forms.CharField(
        label=_("Street address"),
        max_length=200,
        required=False,
        help_text=_(
            "Only for registered post in Hungary. Your address in the register is filled in."
        ),
    )
    consulate = forms.ChoiceField(
        label=_("Consulate"),
        required=False,
        help_text=_(
            "Only for delivery abroad. The consulate's fee is paid there, in euros: 20 EUR in a "
            "country neighbouring Hungary, 40 EUR elsewhere in Europe, 45 EUR outside Europe."
        ),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        help_text=_("Needed for delivery abroad and for an SMS; with the country code if foreign."),
    )
    foreign_address = forms.CharField(
        label=_("Postal address abroad"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for delivery abroad: street, number, postal code, town, country."),
    )
    notify_sms = forms.BooleanField(
        label=_("Send me an SMS on the day the passport is posted (delivery in Hungary)"),
        required=False,
    )
    notify_email = forms.BooleanField(
        label=_("Send me an e-mail on the day the passport is posted (delivery in Hungary)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speed"].choices = self.speed_choices
        self.fields["consulate"].choices = [("", "—"), *consulates.choices()]
        person = getattr(self.applicant, "person", None)
        address = None
        if person is not None:
            address = person.current_address("notification") or person.current_address("residence")
        if address is not None and address.country == "HU":
            self.fields["postal_code"].initial = address.postal_code
            self.fields["settlement"].initial = address.settlement
            self.fields["street_address"].initial = address.street_address

    def passport_kind(self) -> str | None:
        """The duty table line of the passport asked for (from the earlier steps)."""
        return self.previous.get("duty_kind")

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if value:
            validate_postal_code(value)
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value:
            validate_phone_number(value)
            value = normalise_phone_number(value)
        return value

    def _require(self, data, name: str, message) -> None:
        if not (str(data.get(name) or "")).strip() and name not in self.errors:
            self.add_error(name, ValidationError(message, code="required"))

    def clean(self):
        data = super().clean()
        speed, delivery = data.get("speed"), data.get("delivery")
        abroad = delivery in Delivery.abroad()
        if speed and speed != Speed.STANDARD and abroad:
            self.add_error(
                "delivery",
                ValidationError(
                    _(
                        "A passport delivered abroad cannot be issued in an accelerated "
                        "procedure. Choose a delivery in Hungary, or the standard procedure."
                    ),
                    code="abroad_accelerated",
                ),
            )
        if speed == Speed.URGENT and delivery and not abroad and delivery not in URGENT_PICKUP:
            self.add_error(
                "delivery",
                ValidationError(
                    _(
                        "An urgent (3-day) passport can be collected only at the Central Document "
                        "Office (1133 Budapest, Visegrádi u. 110.) or at the general passport "
                        "authority. Choose one of these, or the express procedure."
                    ),
                    code="urgent_pickup",
                ),
            )
        if speed == Speed.URGENT and self.passport_kind() in OFFICIAL_KINDS:
            self.add_error(
                "speed",
                ValidationError(
                    _(
                        "Service and seaman's passports can be accelerated only to the express "
                        "(7-day) procedure, which costs no surcharge. Choose the express procedure."
                    ),
                    code="official_urgent",
                ),
            )
        if delivery == Delivery.DISTRICT_OFFICE:
            self._require(data, "office", _("Choose the district office where you collect it."))
        if delivery == Delivery.POST:
            for name in ("postal_code", "settlement", "street_address"):
                self._require(
                    data, name, _("Give the address in Hungary the passport is posted to.")
                )
        if abroad:
            self._require(data, "consulate", _("Choose the consulate for the delivery abroad."))
            self._require(
                data,
                "phone",
                _("Give a phone number where you can be reached abroad."),
            )
            self._require(data, "foreign_address", _("Give your postal address abroad."))
            for name in ("notify_sms", "notify_email"):
                if data.get(name):
                    self.add_error(
                        name,
                        ValidationError(
                            _(
                                "The SMS or e-mail on posting is sent only for a delivery in "
                                "Hungary; the consulate contacts you abroad."
                            ),
                            code="abroad_notice",
                        ),
                    )
        if data.get("notify_sms"):
            self._require(data, "phone", _("Give the phone number for the SMS."))
        return data

    def warnings(self) -> list:
        delivery = self.cleaned_data.get("delivery")
        if delivery and delivery != Delivery.DISTRICT_OFFICE:
            return [
                gettext(
                    "The time of delivery is not part of the deadline when the passport is not "
                    "collected at a district office."
                )
            ]
        return []


def delivery_fields(data) -> dict:
    """The delivery answers as the detail row keeps them (only what the choice uses)."""
    delivery = data["delivery"]
    abroad = delivery in Delivery.abroad()
    consulate = consulates.BY_CODE.get(data.get("consulate") or "") if abroad else None
    by_post = delivery == Delivery.POST
    return {
        "speed": data["speed"],
        "delivery": delivery,
        "office": data.get("office") if delivery == Delivery.DISTRICT_OFFICE else None,
        "postal_code": data.get("postal_code", "") if by_post else "",
        "settlement": data.get("settlement", "") if by_post else "",
        "street_address": data.get("street_address", "") if by_post else "",
        "consulate": consulate.code if consulate else "",
        "consular_fee_eur": consulate.fee_eur if consulate else None,
        "phone": data.get("phone", ""),
        "foreign_address": data.get("foreign_address", "") if abroad else "",
        "notify_sms": bool(data.get("notify_sms")) and not abroad,
        "notify_email": bool(data.get("notify_email")) and not abroad,
    }
