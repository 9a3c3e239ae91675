"""Public office pages, the bus timetable, and booking, moving and cancelling.

Everything works without JavaScript: the booking is a sequence of GET pages (matter,
place, day) that only read, and one POST that books. Visitors who are not logged in
are held to the anonymous rate limit (`portal.rate_limits`); their bookings wait for
the e-mailed confirmation link. A booking is reached by its owner from My requests
(`mine/<reference>/`, 404 for anyone else) or by the link in its e-mails.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from appointments import actions, ics, links
from appointments.forms import ContactForm, FinderForm, ServiceForm, SlotForm
from appointments.models import Booking, BusStop, Office, OpeningHours
from appointments.services import SERVICES, get_service
from appointments.slots import (
    SEARCH_DAYS,
    days_with_free_slots,
    free_slots,
    parse_slot_key,
)
from cases.deadlines import load_calendar
from portal.rate_limits import anonymous_limit


def visitor_limit(group: str):
    """The anonymous rate limit for visitors; logged-in citizens are not counted."""

    def decorator(view):
        limited = anonymous_limit(group)(view)

        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.is_authenticated:
                return view(request, *args, **kwargs)
            return limited(request, *args, **kwargs)

        return wrapped

    return decorator


# --- Offices and the bus ----------------------------------------------------------------


def _matching_place(rows, q: str, *, prefix: str = ""):
    if not q:
        return rows
    if q.isdigit():
        return rows.filter(**{f"{prefix}postal_code__startswith": q})
    return rows.filter(**{f"{prefix}settlement__icontains": q})


@require_GET
@visitor_limit("appointments-pages")
def offices(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET or None)
    found = Office.objects.exclude(kind=Office.Kind.MOBILE)
    q, service = "", None
    if form.is_valid():
        q = form.cleaned_data["q"]
        service = get_service(form.cleaned_data["service"])
    found = _matching_place(found, q)
    if service is not None:
        found = found.filter(services__service=service.code)
    if form.is_bound and not form.is_valid():
        found = found.none()
    return render(
        request,
        "appointments/offices.html",
        {"form": form, "offices": list(found.order_by("settlement", "name")), "service": service},
    )


def _weekly_hours(office: Office) -> list[tuple[str, list[OpeningHours]]]:
    by_day: dict[int, list[OpeningHours]] = {}
    for row in office.hours.all():
        by_day.setdefault(row.weekday, []).append(row)
    return [(label, by_day.get(value, [])) for value, label in OpeningHours.Weekday.choices]


@require_GET
@visitor_limit("appointments-pages")
def office_detail(request: HttpRequest, code: str) -> HttpResponse:
    office = get_object_or_404(Office.objects.exclude(kind=Office.Kind.MOBILE), code=code)
    today = timezone.localdate()
    until = today + timedelta(days=90)
    calendar = load_calendar(today, until)
    holidays = [
        day
        for day in (today + timedelta(days=n) for n in range(91))
        if day.weekday() < 5 and not calendar.is_working_day(day)
    ]
    closures = [
        (closure, closure.office_id is None and closure.open_offices.filter(pk=office.pk).exists())
        for closure in _all_closures_for_display(office, today, until)
    ]
    return render(
        request,
        "appointments/office.html",
        {
            "office": office,
            "hours": _weekly_hours(office),
            "services": [SERVICES[s] for s in office.services.values_list("service", flat=True)],
            "closures": closures,
            "holidays": holidays,
        },
    )


def _all_closures_for_display(office: Office, first: date, last: date):
    """Its closures and the closures of every office (with whether it stays open)."""
    from appointments.models import Closure

    return (
        Closure.objects.filter(Q(office=office) | Q(office__isnull=True))
        .filter(first_day__lte=last, last_day__gte=first)
        .order_by("first_day")
    )


@require_GET
@visitor_limit("appointments-pages")
def bus(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET or None)
    stops = BusStop.objects.filter(day__gte=timezone.localdate()).select_related("bus")
    service = None
    if form.is_valid():
        stops = _matching_place(stops, form.cleaned_data["q"])
        service = get_service(form.cleaned_data["service"])
        if service is not None:
            stops = stops.filter(bus__services__service=service.code)
    elif form.is_bound:
        stops = stops.none()
    stops = list(stops.order_by("day", "starts")[:200])
    offered: dict[int, list] = {}
    for office_id, code in (
        Office.objects.filter(pk__in={s.bus_id for s in stops})
        .values_list("pk", "services__service")
        .order_by("pk", "services__service")
    ):
        if code:
            offered.setdefault(office_id, []).append(SERVICES[code])
    return render(
        request,
        "appointments/bus.html",
        {
            "form": form,
            "stops": [(stop, offered.get(stop.bus_id, [])) for stop in stops],
            "service": service,
        },
    )


# --- Booking ------------------------------------------------------------------------------


def _day_param(request: HttpRequest, name: str) -> date | None:
    try:
        return date.fromisoformat(request.GET.get(name, "") or request.POST.get(name, ""))
    except ValueError:
        return None


def _chosen_place(request: HttpRequest, service):
    """The office (or bus and stop) named in the request, if it offers the service."""
    data = request.POST if request.method == "POST" else request.GET
    code = data.get("office", "")
    if not code or service is None:
        return None, None
    office = Office.objects.filter(code=code, services__service=service.code).first()
    if office is None:
        return None, None
    stop = None
    if office.is_bus:
        stop_id = data.get("stop", "")
        stop = (
            BusStop.objects.filter(bus=office, pk=stop_id, day__gte=timezone.localdate()).first()
            if stop_id.isdigit()
            else None
        )
        if stop is None:
            return None, None
    return office, stop


def _slot_page_context(office, service, stop, request, *, first_day=None, day=None) -> dict:
    today = timezone.localdate()
    first_day = first_day or today
    if stop is not None:
        day = stop.day
    slots = free_slots(office, service, first_day=first_day, days=SEARCH_DAYS, stop=stop)
    days = days_with_free_slots(slots)
    if day is not None and day not in {d for d, _n in days}:
        day_slots = free_slots(office, service, first_day=day, days=1, stop=stop)
    else:
        day_slots = [s for s in slots if timezone.localdate(s.starts_at) == day]
    return {
        "days": days,
        "day": day,
        "day_slots": day_slots,
        "first_day": first_day,
        "next_first_day": first_day + timedelta(days=SEARCH_DAYS),
        "previous_first_day": first_day - timedelta(days=SEARCH_DAYS)
        if first_day > today
        else None,
    }


def _booker(request: HttpRequest, contact: ContactForm | None) -> actions.Booker:
    language = translation.get_language() or "hu"
    if request.user.is_authenticated:
        user = request.user
        name = f"{user.last_name} {user.first_name}".strip() or user.get_username()
        return actions.Booker(name=name, email=user.email, language=language, user=user)
    return actions.Booker(
        name=contact.cleaned_data["name"],
        email=contact.cleaned_data["email"],
        language=language,
    )


@require_http_methods(["GET", "POST"])
@visitor_limit("appointments-booking")
def book(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    service = get_service(data.get("service"))
    context: dict = {"service": service}
    if service is None:
        form = ServiceForm(data if "service" in data else None)
        context["service_form"] = form
        return render(request, "appointments/book.html", context)
    office, stop = _chosen_place(request, service)
    context.update(office=office, stop=stop)
    if office is None:
        finder = FinderForm({"q": data.get("q", ""), "service": service.code})
        q = finder.cleaned_data["q"] if finder.is_valid() else ""
        offices_found = Office.objects.exclude(kind=Office.Kind.MOBILE).filter(
            services__service=service.code
        )
        stops = BusStop.objects.filter(
            day__gte=timezone.localdate(), bus__services__service=service.code
        ).select_related("bus")
        context.update(
            finder=finder,
            q=q,
            offices=list(_matching_place(offices_found, q).order_by("settlement", "name")[:50]),
            stops=list(_matching_place(stops, q).order_by("day", "starts")[:20]),
        )
        return render(request, "appointments/book.html", context)

    contact = (
        None
        if request.user.is_authenticated
        else ContactForm(request.POST if request.method == "POST" else None)
    )
    slot_form = SlotForm(request.POST if request.method == "POST" else None)
    context.update(contact_form=contact, slot_form=slot_form)
    refusal = None
    if (
        request.method == "POST"
        and slot_form.is_valid()
        and (contact is None or contact.is_valid())
    ):
        start = parse_slot_key(slot_form.cleaned_data["slot"])
        try:
            booking = actions.book(office, service, start, by=_booker(request, contact), stop=stop)
        except actions.BookingRefused as refused:
            refusal = refused
            target = contact if refused.field in ("name", "email") and contact else slot_form
            if refused.field in ("slot", "name", "email"):
                target.add_error(refused.field, refused.message)
            else:
                slot_form.add_error(None, refused.message)
        else:
            if request.user.is_authenticated:
                messages.success(
                    request, _("Your appointment is booked. We sent the details by e-mail.")
                )
                return redirect("appointments:booking", reference=booking.reference)
            return redirect("appointments:book_sent")
    day = _day_param(request, "day")
    first_day = _day_param(request, "from")
    if first_day is not None and first_day < timezone.localdate():
        first_day = None
    if refusal is not None and refusal.nearest:
        day = timezone.localdate(refusal.nearest[0].starts_at)
    context.update(_slot_page_context(office, service, stop, request, first_day=first_day, day=day))
    context["nearest"] = refusal.nearest if refusal else []
    context["page_url"] = reverse("appointments:book")
    context["base_query"] = urlencode({"service": service.code, "office": office.code})
    return render(request, "appointments/book.html", context, status=200)


@require_GET
def book_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "appointments/book_sent.html",
        {"minutes": settings.APPOINTMENT_CONFIRMATION_MINUTES},
    )


@require_http_methods(["GET", "POST"])
@visitor_limit("appointments-booking")
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # Opening the link only shows the button: mail scanners open links too.
    try:
        booking_id, key = links.read(token, purpose=links.CONFIRM)
    except links.LinkInvalid:
        return render(request, "appointments/link_invalid.html", status=404)
    booking = Booking.objects.filter(pk=booking_id).select_related("office", "stop").first()
    if booking is None or booking.link_key != key:
        return render(request, "appointments/link_invalid.html", status=404)
    if request.method == "POST":
        try:
            booking = actions.confirm(booking_id, key)
        except actions.ConfirmationFailed as failed:
            return render(
                request,
                "appointments/confirm.html",
                {"booking": booking, "error": failed.message},
                status=409,
            )
        return redirect(links.manage_path(booking))
    return render(request, "appointments/confirm.html", {"booking": booking})


# --- One booking: by its owner, or by the link in its e-mails ------------------------------


def _own_booking(request: HttpRequest, reference: str) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("office", "stop"),
        reference=reference,
        user=request.user,
    )


def _booking_by_token(token: str) -> Booking:
    try:
        booking_id, key = links.read(token, purpose=links.MANAGE)
    except links.LinkInvalid:
        raise Http404 from None
    booking = Booking.objects.filter(pk=booking_id).select_related("office", "stop").first()
    if booking is None or booking.link_key != key or booking.status == Booking.Status.PENDING:
        raise Http404
    return booking


def _urls(booking: Booking, token: str | None) -> dict:
    if token is None:
        ref = booking.reference
        return {
            "self_url": reverse("appointments:booking", args=[ref]),
            "move_url": reverse("appointments:booking_move", args=[ref]),
            "cancel_url": reverse("appointments:booking_cancel", args=[ref]),
            "calendar_url": reverse("appointments:booking_calendar", args=[ref]),
        }
    return {
        "self_url": reverse("appointments:manage", args=[token]),
        "move_url": reverse("appointments:manage_move", args=[token]),
        "cancel_url": reverse("appointments:manage_cancel", args=[token]),
        "calendar_url": reverse("appointments:manage_calendar", args=[token]),
    }


def _show(request, booking: Booking, token: str | None) -> HttpResponse:
    return render(
        request, "appointments/booking.html", {"booking": booking, **_urls(booking, token)}
    )


def _calendar(booking: Booking) -> HttpResponse:
    if booking.status not in (Booking.Status.BOOKED, Booking.Status.CANCELLED):
        raise Http404
    content = ics.calendar_for(booking, cancelled=booking.status == Booking.Status.CANCELLED)
    response = HttpResponse(content, content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{ics.FILENAME}"'
    return response


def _cancel(request, booking: Booking, token: str | None) -> HttpResponse:
    if not booking.is_open:
        messages.error(request, _("This appointment can no longer be cancelled."))
    elif actions.cancel(booking):
        messages.success(
            request, _("Your appointment is cancelled. We sent a confirmation by e-mail.")
        )
    return redirect(_urls(booking, token)["self_url"])


def _move(request, booking: Booking, token: str | None) -> HttpResponse:
    service = SERVICES[booking.service]
    urls = _urls(booking, token)
    if not booking.is_open:
        messages.error(request, _("This appointment can no longer be changed."))
        return redirect(urls["self_url"])
    slot_form = SlotForm(request.POST if request.method == "POST" else None)
    refusal = None
    if request.method == "POST" and slot_form.is_valid():
        try:
            actions.move(booking, parse_slot_key(slot_form.cleaned_data["slot"]))
        except actions.BookingRefused as refused:
            refusal = refused
            slot_form.add_error("slot", refused.message)
        else:
            messages.success(
                request, _("Your appointment is moved. We sent the new time by e-mail.")
            )
            return redirect(urls["self_url"])
    day = _day_param(request, "day")
    first_day = _day_param(request, "from")
    if first_day is not None and first_day < timezone.localdate():
        first_day = None
    if refusal is not None and refusal.nearest:
        day = timezone.localdate(refusal.nearest[0].starts_at)
    if booking.office.is_bus:
        # Any later stop of the same bus.
        slots = free_slots(booking.office, service, first_day=first_day or timezone.localdate())
        days = days_with_free_slots(slots)
        context = {
            "days": days,
            "day": day,
            "day_slots": [s for s in slots if timezone.localdate(s.starts_at) == day],
            "first_day": first_day or timezone.localdate(),
            "next_first_day": (first_day or timezone.localdate()) + timedelta(days=SEARCH_DAYS),
            "previous_first_day": None,
        }
    else:
        context = _slot_page_context(
            booking.office, service, None, request, first_day=first_day, day=day
        )
    context.update(
        page_url=urls["move_url"],
        base_query="",
        booking=booking,
        slot_form=slot_form,
        nearest=refusal.nearest if refusal else [],
        stops={s.pk: s for s in BusStop.objects.filter(bus=booking.office)}
        if booking.office.is_bus
        else {},
        **urls,
    )
    return render(request, "appointments/move.html", context)


@require_GET
@login_required
def booking(request: HttpRequest, reference: str) -> HttpResponse:
    return _show(request, _own_booking(request, reference), None)


@require_http_methods(["GET", "POST"])
@login_required
def booking_move(request: HttpRequest, reference: str) -> HttpResponse:
    return _move(request, _own_booking(request, reference), None)


@require_POST
@login_required
def booking_cancel(request: HttpRequest, reference: str) -> HttpResponse:
    return _cancel(request, _own_booking(request, reference), None)


@require_GET
@login_required
def booking_calendar(request: HttpRequest, reference: str) -> HttpResponse:
    return _calendar(_own_booking(request, reference))


@require_GET
@visitor_limit("appointments-booking")
def manage(request: HttpRequest, token: str) -> HttpResponse:
    return _show(request, _booking_by_token(token), token)


@require_http_methods(["GET", "POST"])
@visitor_limit("appointments-booking")
def manage_move(request: HttpRequest, token: str) -> HttpResponse:
    return _move(request, _booking_by_token(token), token)


@require_POST
@visitor_limit("appointments-booking")
def manage_cancel(request: HttpRequest, token: str) -> HttpResponse:
    return _cancel(request, _booking_by_token(token), token)


@require_GET
@visitor_limit("appointments-booking")
def manage_calendar(request: HttpRequest, token: str) -> HttpResponse:
    return _calendar(_booking_by_token(token))
