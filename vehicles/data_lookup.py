"""`vehicles.data_lookup`: paid lookup of vehicle data and data-match checks.

The Webes Ügysegéd service description ("Gépjárműadat lekérdezés"): any logged-in
natural person may ask about one or more vehicles by plate, whoever owns them. For
each vehicle they get the plate, make, type, primary colour and its code, whether it
is in traffic, every recorded odometer reading with its date and the (domestic)
wanted status; and for each value they enter of the fourteen data-match items the
answer "matches" or "does not match". The fee (275 Ft per vehicle, at least 625 Ft)
is paid first; the answer then appears at once, with a PDF simplified decision kept
under My requests.

Step 1 takes the plates (one per line, so that any number up to the maximum
works without JavaScript); step 2 is built from them: one group of optional
match values per vehicle.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.flow import PART, InputGroup, StepForm
from cases.models import Case
from population.identifiers import normalise_plate, validate_plate
from portal.forms import DateInput
from vehicles.forms import vehicle_for_plate
from vehicles.models import DataLookup, Fuel, Vehicle

# The source sets no upper limit. Twenty keeps the second step (fourteen inputs
# per vehicle), the result page and the PDF decision usable in one sitting, and
# bounds what one request reads from the register; more vehicles can be asked
# about in further requests, the fee being the same per vehicle above three.
MAX_VEHICLES = 20

SLUG = "vehicles.data_lookup"
DOCUMENT_KIND = "decision"

# Outcomes of one data-match item, stored in `DataLookup.answers`.
MATCH, MISMATCH, NO_DATA = "match", "mismatch", "no_data"

YES, NO = "yes", "no"


# --- the fourteen data-match items ---------------------------------------------
#
# Each item is compared in a canonical form, so that the way a value is typed
# does not decide the answer: identifiers without spaces or hyphens and in
# capitals, dates as ISO dates, numbers as integers (thousands separators and
# units dropped), the fuel as its code, the marketing restriction as yes/no.

_SPACES = re.compile(r"[\s\u00a0\u202f-]+")
_INTEGER = re.compile(
    r"(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+)\s*(kg|cm3|cm³|ccm|kw|fő|db|személy)?\.?",
    re.IGNORECASE,
)
# Year first (ISO, and the Hungarian "2015. 03. 01."), or day first (01.03.2015).
_DATE_YMD = re.compile(r"(\d{4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})\.?")
_DATE_DMY = re.compile(r"(\d{1,2})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{4})\.?")


def normalise_identifier(value: str) -> str:
    return _SPACES.sub("", value).upper()


def parse_integer(value: str) -> int | None:
    found = _INTEGER.fullmatch(value.strip())
    if found is None:
        return None
    return int(re.sub(r"\D", "", found.group(1)))


def parse_date(value: str) -> date | None:
    text = value.strip()
    found = _DATE_YMD.fullmatch(text)
    if found:
        year, month, day = found.groups()
    else:
        found = _DATE_DMY.fullmatch(text)
        if found is None:
            return None
        day, month, year = found.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


class Item:
    """One data-match item: how it is typed, normalised and read from the register."""

    def __init__(self, key: str, label, kind: str, hint=None) -> None:
        self.key, self.label, self.kind, self.hint = key, label, kind, hint

    def form_field(self) -> forms.Field:
        if self.kind == "fuel":
            return forms.ChoiceField(
                label=self.label, required=False, choices=[("", "–"), *Fuel.choices]
            )
        if self.kind == "flag":
            return forms.ChoiceField(
                label=self.label,
                required=False,
                choices=[("", "–"), (YES, _("yes, restricted")), (NO, _("no restriction"))],
            )
        if self.kind == "date":
            widget = DateInput()
        elif self.kind in ("integer", "year"):
            # Text, not type=number: "1 200 kg" is read too (see `parse_integer`).
            widget = forms.TextInput(attrs={"inputmode": "numeric"})
        else:
            widget = forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
        return forms.CharField(label=self.label, required=False, max_length=30, widget=widget)

    def canonical(self, value: str) -> Any:
        """The entered value in comparable form; a `ValidationError` naming the item
        when it cannot be read."""
        value = (value or "").strip()
        if not value:
            return None
        if self.kind in ("fuel", "flag"):
            return value
        if self.kind == "identifier":
            return normalise_identifier(value)
        if self.kind == "date":
            parsed = parse_date(value)
            if parsed is None:
                raise self._invalid(_("enter a date, for example 2015. 03. 01."))
            return parsed.isoformat()
        number = parse_integer(value)
        if number is None:
            raise self._invalid(_("enter a whole number, for example %(example)s."), self.hint)
        if self.kind == "year" and not 1886 <= number <= timezone.localdate().year + 1:
            raise self._invalid(_("enter the year in four digits, for example 2010."))
        return number

    def _invalid(self, message, example=None) -> ValidationError:
        text = message % {"example": example} if example else message
        return ValidationError(
            "%(item)s: %(problem)s",
            code="invalid_match_value",
            params={"item": self.label, "problem": text, PART: self.key},
        )

    def held(self, vehicle: Vehicle) -> Any:
        """The register's value in the same form, or None when it holds none."""
        value = getattr(vehicle, self.key)
        if self.kind == "flag":
            # The register records a restriction as its text; none recorded means none.
            return YES if value.strip() else NO
        if value in (None, ""):
            return None
        if self.kind == "identifier":
            return normalise_identifier(value)
        if self.kind == "date":
            return value.isoformat()
        return value

    def compare(self, vehicle: Vehicle, entered: Any) -> str:
        held = self.held(vehicle)
        if held is None:
            return NO_DATA
        return MATCH if held == entered else MISMATCH


ITEMS = (
    Item("registration_certificate_number", _("Registration certificate number"), "identifier"),
    Item("year_of_manufacture", _("Year of manufacture"), "year", "2010"),
    Item("first_registered_on", _("Date of first registration"), "date"),
    Item("first_registered_hu_on", _("Date of first registration in Hungary"), "date"),
    Item("technical_valid_until", _("Technical validity"), "date"),
    Item("own_mass_kg", _("Own mass (kg)"), "integer", "1200"),
    Item("total_mass_kg", _("Total mass (kg)"), "integer", "1700"),
    Item("persons_carried", _("Number of persons carried"), "integer", "5"),
    Item("engine_capacity_cm3", _("Engine capacity (cm³)"), "integer", "1395"),
    Item("fuel", _("Fuel"), "fuel"),
    Item("power_kw", _("Power (kW)"), "integer", "90"),
    Item("seats_with_driver", _("Number of seats with the driver"), "integer", "5"),
    Item("standing_places", _("Number of standing places"), "integer", "0"),
    Item("marketing_restriction", _("Marketing restriction"), "flag"),
)
ITEMS_BY_KEY = {item.key: item for item in ITEMS}


# --- step 1: the plates ---------------------------------------------------------


class Plates(list):
    """The plates of a request, shown on the review page as a list."""

    def __str__(self) -> str:
        return ", ".join(self)


def split_plates(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[\n\r,;]+", text or "") if part.strip()]


class PlatesStep(StepForm):
    title = _("The vehicles")

    plates = forms.CharField(
        label=_("Registration plates"),
        max_length=MAX_VEHICLES * 16,
        error_messages={
            "required": _(
                "Enter at least one registration plate: a lookup covers one or more vehicles."
            )
        },
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "One plate per line, at most %(max)d, for example ABC-123. You may ask about any "
            "vehicle, not only your own."
        )
        % {"max": MAX_VEHICLES},
    )

    def clean_plates(self) -> Plates:
        typed = split_plates(self.cleaned_data.get("plates", ""))
        if not typed:
            raise ValidationError(
                _("Enter at least one registration plate: a lookup covers one or more vehicles."),
                code="no_vehicles",
            )
        if len(typed) > MAX_VEHICLES:
            raise ValidationError(
                _(
                    "You entered %(count)d plates. One request covers at most %(max)d "
                    "vehicles; ask about the others in another request."
                ),
                code="too_many_vehicles",
                params={"count": len(typed), "max": MAX_VEHICLES},
            )
        errors, plates = [], Plates()
        for value in typed:
            try:
                validate_plate(value)
            except ValidationError as error:
                errors.extend(
                    ValidationError(f"{value}: {message}", code="plate_format")
                    for message in error.messages
                )
                continue
            plate = normalise_plate(value)
            if plate in plates:
                errors.append(
                    ValidationError(
                        _("The plate %(plate)s is listed more than once; list each vehicle once."),
                        code="duplicate_plate",
                        params={"plate": plate},
                    )
                )
                continue
            try:
                vehicle_for_plate(plate)
            except ValidationError as error:
                errors.append(error)
                continue
            plates.append(plate)
        if errors:
            raise ValidationError(errors)
        return plates

    def clean(self):
        data = super().clean()
        # The fee rule reads `queries` (see `vehicles.fees.data_lookup_quote`).
        data["queries"] = [{"plate": plate, "checks": {}} for plate in data.get("plates") or []]
        return data


def natural_person(applicant, answers) -> str | None:
    """The service description: data is given to natural persons who logged in (Ügyfélkapu or
    phone identification), i.e. users linked to the population register."""
    if getattr(applicant, "person", None) is None:
        return gettext(
            "Vehicle data can be requested online only by a natural person who logged in "
            "with Ügyfélkapu or phone identification."
        )
    return None


# --- step 2: the optional data-match values, one group per vehicle --------------


class Checks(dict):
    """The match values entered for one vehicle (item key -> canonical value)."""

    def __str__(self) -> str:
        if not self:
            return gettext("no data-match check")
        return "; ".join(
            f"{ITEMS_BY_KEY[key].label}: {display_value(key, value)}" for key, value in self.items()
        )


class ChecksWidget(InputGroup):
    """The fourteen inputs of one vehicle: a fieldset whose legend names the vehicle,
    each input with its own label, and a value that cannot be read marked and
    explained on its own input (`cases.flow.InputGroup`)."""

    def __init__(self, fields) -> None:
        widgets = {f"_{item.key}": field.widget for item, field in zip(ITEMS, fields, strict=True)}
        for item, widget in zip(ITEMS, widgets.values(), strict=True):
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.update({"class": f"{css} match-input", "data-item": item.key})
        super().__init__(widgets)
        self.labels = {item.key: item.label for item in ITEMS}

    def decompress(self, value):
        value = value or {}
        return [value.get(item.key) for item in ITEMS]


class ChecksField(forms.MultiValueField):
    def __init__(self, plate: str, **kwargs) -> None:
        fields = [item.form_field() for item in ITEMS]
        super().__init__(
            fields=fields,
            require_all_fields=False,
            required=False,
            label=plate,
            widget=ChecksWidget(fields),
            **kwargs,
        )

    def compress(self, data_list) -> Checks:
        checks, errors = Checks(), []
        for item, value in zip(ITEMS, data_list or [None] * len(ITEMS), strict=True):
            try:
                canonical = item.canonical(value or "")
            except ValidationError as error:
                errors.append(error)
                continue
            if canonical is not None:
                checks[item.key] = canonical
        if errors:
            raise ValidationError(errors)
        return checks


def field_name(plate: str) -> str:
    return "match_" + re.sub(r"[^A-Z0-9]", "", plate)


class MatchStep(StepForm):
    title = _("Data-match check")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for plate in self.previous.get("plates") or []:
            self.fields[field_name(plate)] = ChecksField(
                plate,
                help_text=_(
                    "Optional. Fill in only what you want checked; the answer for each is "
                    "“matches” or “does not match”."
                ),
            )
        # The base class described the fields that existed before these.
        for name, field in self.fields.items():
            described = [f"id_{name}_error", f"id_{name}_helptext"]
            field.widget.attrs.setdefault("aria-describedby", " ".join(described))

    def clean(self):
        data = super().clean()
        data["queries"] = [
            {"plate": plate, "checks": dict(data.get(field_name(plate)) or {})}
            for plate in self.previous.get("plates") or []
        ]
        return data


# --- submission: the detail row, then (after payment) the answer ----------------


def save_detail(case: Case, answers) -> DataLookup:
    # [{"plate": "ABC-123", "checks": {"own_mass_kg": 1200, ...}}, ...]: the shape
    # `vehicles.fees.data_lookup_quote` reads from the detail row.
    return DataLookup.objects.create(case=case, queries=answers["queries"])


def snapshot(vehicle: Vehicle | None, plate: str, checks: dict, today: date) -> dict:
    """What the register says about one vehicle now, in JSON form."""
    if vehicle is None:
        return {"plate": plate, "found": False, "checks": []}
    withdrawal = vehicle.current_withdrawal(today)
    return {
        "plate": vehicle.plate,
        "found": True,
        "make": vehicle.make,
        "model_name": vehicle.model_name,
        "colour": vehicle.colour,
        "colour_code": vehicle.colour_code,
        "in_traffic": withdrawal is None,
        "withdrawn_until": withdrawal.ends_on.isoformat() if withdrawal else None,
        "odometer": [
            {"read_on": r.read_on.isoformat(), "km": r.kilometres, "source": r.source}
            for r in vehicle.odometer.order_by("read_on", "pk")
        ],
        "wanted": vehicle.wanted,
        "checks": [
            {
                "item": item.key,
                "entered": checks[item.key],
                "result": item.compare(vehicle, checks[item.key]),
            }
            for item in ITEMS
            if item.key in checks
        ],
    }


def answer(case: Case) -> None:
    """The effect after payment: record what the register says now. The spine
    issues the simplified decision (`CaseType.documents`) once the submission
    commits, so the PDF reads this answer."""
    lookup = DataLookup.objects.select_for_update().get(case=case)
    if lookup.answered_at is not None:
        return
    today = timezone.localdate()
    plates = [query["plate"] for query in lookup.queries]
    vehicles = {v.plate: v for v in Vehicle.objects.filter(plate__in=plates)}
    lookup.answers = [
        snapshot(vehicles.get(query["plate"]), query["plate"], query.get("checks") or {}, today)
        for query in lookup.queries
    ]
    lookup.answered_at = timezone.now()
    lookup.save(update_fields=["answers", "answered_at"])


# --- showing the answer (case page and PDF) -------------------------------------


def display_value(key: str, value: Any) -> str:
    item = ITEMS_BY_KEY[key]
    if item.kind == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%Y. %m. %d.")
        except ValueError:
            return value
    if item.kind == "fuel":
        return str(dict(Fuel.choices).get(value, value))
    if item.kind == "flag":
        return gettext("yes, restricted") if value == YES else gettext("no restriction")
    return str(value)
