"""Form pieces both parking card services share: the card, and where to post the new one."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.flow import StepForm
from parking.models import ParkingCard
from population.identifiers import normalise_document_number, validate_postal_code


class CardNumberField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Parking card number"))
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("help_text", _("As printed on the card, for example PK0000003."))
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean(self, value):
        value = super().clean(value)
        return normalise_document_number(value) if value else value


class CardStep(StepForm):
    """The card the request is about; it goes into the answers as `card`."""

    title = _("The parking card")

    number = CardNumberField()

    def clean(self):
        data = super().clean()
        number = data.get("number")
        if number:
            card = ParkingCard.objects.filter(number=number).first()
            if card is None:
                self.add_error(
                    "number",
                    ValidationError(
                        _("No parking card with this number is in the register."),
                        code="unknown",
                    ),
                )
            data["card"] = card
        return data


class DeliveryStep(StepForm):
    """The postal address of the new card, filled in from the register; a service adds
    its own fields after these."""

    title = _("Posting the new card")

    postal_code = forms.CharField(label=_("Postal code"), max_length=10)
    settlement = forms.CharField(label=_("Settlement"), max_length=100)
    street_address = forms.CharField(
        label=_("Street address"),
        max_length=200,
        help_text=_("The new card is posted here. Your address in the register is filled in."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = getattr(self.applicant, "person", None)
        address = None
        if person is not None:
            address = person.current_address("notification") or person.current_address("residence")
        if address is not None:
            self.fields["postal_code"].initial = address.postal_code
            self.fields["settlement"].initial = address.settlement
            self.fields["street_address"].initial = address.street_address

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        validate_postal_code(value)
        return value


HOLDING_RULES_LABEL = _(
    "I know the rules of holding the card shown at the start of this request: it lies visibly "
    "behind the windscreen when used, only when carrying the holder; it is handed over on "
    "inspection and never lent; changes of data are reported within fifteen days; an invalid or "
    "damaged card is handed in."
)


class HoldingRulesField(forms.BooleanField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", HOLDING_RULES_LABEL)
        kwargs.setdefault(
            "error_messages",
            {"required": _("Confirm that you know the rules of holding the card.")},
        )
        super().__init__(**kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
