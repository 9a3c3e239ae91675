"""The citizen's appointments: list, free times, book, cancel — through the same
booking actions as the web pages (appointments/actions.py), so the limits per
person, the slot rules and the e-mails with the calendar file are the same."""

from __future__ import annotations

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from ninja import Query, Router, Schema
from pydantic import Field

from api.auth import CitizenToken
from api.throttling import PerToken
from appointments import actions, slots
from appointments.models import Booking, BusStop, Office
from appointments.services import get_service

router = Router(
    tags=["appointments"], auth=CitizenToken("appointments:write"), throttle=[PerToken()]
)


class BookingOut(Schema):
    reference: str
    service: str
    service_text: str
    office: str
    office_name: str
    address: str
    starts_at: datetime
    ends_at: datetime
    status: str
    status_text: str


class SlotOut(Schema):
    starts_at: datetime
    ends_at: datetime
    free_desks: int
    stop_id: int | None


class SlotQuery(Schema):
    office: str = Field(max_length=40, description="The office's code")
    service: str = Field(max_length=30, description="The service's code")
    stop: int | None = Field(None, ge=1, description="For the mobile office bus: the stop")
    first_day: date | None = None


class BookingIn(Schema):
    office: str = Field(max_length=40)
    service: str = Field(max_length=30)
    starts_at: datetime
    stop: int | None = Field(None, ge=1)


class Refused(Exception):
    def __init__(self, message: str, field: str, nearest: list) -> None:
        super().__init__(message)
        self.message, self.field, self.nearest = message, field, nearest


def _booking(booking: Booking) -> dict:
    office = booking.office
    service = get_service(booking.service)
    return {
        "reference": booking.reference,
        "service": booking.service,
        "service_text": str(service.label) if service else booking.service,
        "office": office.code,
        "office_name": office.name,
        "address": f"{office.postal_code} {office.settlement}, {office.street_address}",
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "status": booking.status,
        "status_text": str(Booking.Status(booking.status).label),
    }


def _slot(slot) -> dict:
    return {
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
        "free_desks": slot.free,
        "stop_id": slot.stop_id,
    }


def _place(office_code: str, service_code: str, stop_id: int | None):
    service = get_service(service_code)
    if service is None:
        raise Refused(translation.gettext("Choose a service."), "service", [])
    office = Office.objects.filter(code=office_code, services__service=service.code).first()
    if office is None:
        raise Refused(translation.gettext("This office does not offer this service."), "office", [])
    stop = None
    if office.is_bus:
        stop = BusStop.objects.filter(
            bus=office, pk=stop_id or 0, day__gte=timezone.localdate()
        ).first()
        if stop is None:
            raise Refused(translation.gettext("Choose a stop of this bus."), "stop", [])
    return office, service, stop


@router.get("/", response=list[BookingOut], summary="My appointments")
def my_appointments(request):
    bookings = Booking.objects.filter(user=request.user).select_related("office")
    return [_booking(b) for b in bookings.order_by("-starts_at", "-pk")[:100]]


@router.get("/slots", response=list[SlotOut], summary="Free times of an office for a service")
def free_times(request, query: Query[SlotQuery]):
    office, service, stop = _place(query.office, query.service, query.stop)
    first_day = max(query.first_day or timezone.localdate(), timezone.localdate())
    return [_slot(s) for s in slots.free_slots(office, service, first_day=first_day, stop=stop)]


@router.post("/", response={201: BookingOut}, summary="Book an appointment")
def book(request, data: BookingIn):
    office, service, stop = _place(data.office, data.service, data.stop)
    user = request.user
    booker = actions.Booker(
        name=f"{user.last_name} {user.first_name}".strip() or user.get_username(),
        email=user.email,
        language=translation.get_language() or "hu",
        user=user,
    )
    try:
        booking = actions.book(office, service, data.starts_at, by=booker, stop=stop)
    except actions.BookingRefused as refused:
        raise Refused(refused.message, refused.field, refused.nearest) from refused
    return 201, _booking(booking)


@router.delete("/{reference}", response={204: None}, summary="Cancel an appointment")
def cancel(request, reference: str):
    booking = get_object_or_404(Booking, reference=reference, user=request.user)
    if not actions.cancel(booking):
        raise Refused(
            translation.gettext("This appointment can no longer be changed."), "booking", []
        )
    return 204, None
