"""Form pieces shared by the vehicle services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.flow import StepForm
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


class VehicleStep(StepForm):
    """The first step of every vehicle service: the plate, and the vehicle it names.

    The vehicle goes into the answers as `vehicle`, which the eligibility checks in
    `vehicles.eligibility` and the later steps read. A service adds its own fields
    by subclassing; the plate stays the first field.
    """

    title = _("The vehicle")

    plate = PlateField()

    def clean(self):
        data = super().clean()
        if data.get("plate"):
            try:
                data["vehicle"] = vehicle_for_plate(data["plate"])
            except ValidationError as error:
                self.add_error("plate", error)
        return data


class HoldsDocumentsField(forms.BooleanField):
    """The declaration that the applicant holds the title and the certificate."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "label",
            _(
                "I declare that I hold the vehicle's title (törzskönyv) and its registration "
                "certificate (forgalmi engedély)."
            ),
        )
        kwargs.setdefault(
            "error_messages",
            {
                "required": _(
                    "This request can be filed online only by an owner who holds the title "
                    "and the registration certificate. Tick the box if you hold both; "
                    "otherwise go to a government window."
                )
            },
        )
        super().__init__(**kwargs)
