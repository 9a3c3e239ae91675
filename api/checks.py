"""The anonymous document checks, as on the web pages (document_checks/): the same
forms check the input, the same functions answer, and the same per-address limit
counts requests of the web page and the API together. Nothing entered is stored
or logged."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema
from ninja.errors import Throttled
from pydantic import Field

from document_checks import status, validity
from portal.client_ip import client_ip
from portal.env import parse_rate
from portal.rate_limits import hit

router = Router(tags=["anonymous checks"])


class InvalidInput(Exception):
    def __init__(self, errors: list[dict]) -> None:
        super().__init__("invalid input")
        self.errors = errors


def _limit(request: HttpRequest, group: str) -> None:
    wait = hit(group, client_ip(request), parse_rate(settings.PORTAL_ANONYMOUS_RATE_LIMIT))
    if wait is not None:
        raise Throttled(wait=wait)


def _cleaned(form, location: str) -> dict:
    if not form.is_valid():
        raise InvalidInput(
            [
                {"location": [location, field], "message": str(message)}
                for field, messages in form.errors.items()
                for message in messages
            ]
        )
    return form.cleaned_data


class ValidityIn(Schema):
    category: Literal["id_card", "passport", "driving_licence"]
    number: str = Field(
        max_length=20,
        pattern=r"^[A-Za-z0-9 ]+$",
        description="As printed: an ID card 123456AB (booklets AB123456), a passport "
        "BE1234567, a driving licence CA123456; checked against the type",
    )
    family_name: str = Field(min_length=1, max_length=100)
    given_names: str = Field(min_length=1, max_length=100)
    birth_date: date = Field(description="Not in the future, not before 1890")


class ValidityOut(Schema):
    valid: bool
    text: str = Field(description="The answer as the web page words it")


@router.post("/validity", response=ValidityOut, summary="Is this document valid for this holder?")
def document_validity(request, data: ValidityIn):
    _limit(request, "documents.validity")
    form = validity.ValidityForm({**data.dict(), "birth_date": data.birth_date.isoformat()})
    valid = validity.check(_cleaned(form, "body"))
    # The web page's own sentences (document_checks' catalogue).
    text = (
        _(
            "The register holds a valid document of this type and number for a person with "
            "the identity data entered."
        )
        if valid
        else _(
            "The register holds no valid document of this type and number for a person with "
            "the identity data entered."
        )
        + " "
        + _(
            "Mistyped data give this same answer: a single wrong letter or digit in a name, "
            "the date of birth or the number is enough. Check every field against the document "
            "and try again before drawing conclusions."
        )
    )
    return {"valid": valid, "text": text}


class OfficeOut(Schema):
    name: str
    address: str


class StatusOut(Schema):
    found: bool
    document: str | None = None
    state: str | None = None
    state_text: str | None = None
    collectable_from: date | None = None
    office: OfficeOut | None = None
    withheld: bool = False


@router.get(
    "/status/{receipt_number}", response=StatusOut, summary="Production status by receipt number"
)
def production_status(
    request,
    receipt_number: str = Path(
        ..., pattern=r"^[A-Za-z]{2}-?[0-9]{4}-?[0-9]{7}$", description="e.g. SZ-2026-0001234"
    ),
):
    _limit(request, "documents.status")
    form = status.StatusForm({"receipt_number": receipt_number})
    answer = status.lookup(_cleaned(form, "path")["receipt_number"])
    if answer is None:
        return {"found": False}
    from documents.models import ProductionOrder

    office = answer.office
    return {
        "found": True,
        "document": answer.kind_label,
        "state": answer.state,
        "state_text": str(ProductionOrder.State(answer.state).label),
        "collectable_from": answer.collectable_from,
        "office": (
            {
                "name": office.name,
                "address": f"{office.postal_code} {office.settlement}, {office.street_address}",
            }
            if office
            else None
        ),
        "withheld": answer.withheld,
    }
