"""Form pieces shared by the vehicle services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from population.identifiers import normalise_plate, validate_plate
from vehicles.models import Vehicle


class PlateField(forms.CharField):
    """A registration plate in any usual spelling, returned in canonical form."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Registration plate"))
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("help_text", _("For example ABC-123 or AA BC-123."))
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        validate_plate(value)
        return normalise_plate(value)


def vehicle_for_plate(plate: str) -> Vehicle:
    """The vehicle with that plate, or a field error the citizen can act on."""
    vehicle = Vehicle.objects.by_plate(plate)
    if vehicle is None:
        raise ValidationError(
            _(
                "No vehicle with the plate %(plate)s is in the vehicle register. Check the "
                "plate as it is written in the registration certificate."
            ),
            code="unknown_plate",
            params={"plate": plate},
        )
    return vehicle


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
