"""The clerk's side: offices with their services, desks and hours; the bus timetable;
closures; and the day's appointments per office and desk, with arrivals and no-shows.

A closure saved here cancels the appointments it covers at once (after its designated
offices are saved), each with an e-mail offering the nearest free times.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from access_log.admin_mixins import RecordsOpening
from appointments import actions
from appointments.models import (
    Booking,
    BusStop,
    Closure,
    Desks,
    Office,
    OfficeService,
    OpeningHours,
)
from portal.forms import ModelMultipleChoiceField


class OfficeServiceInline(admin.TabularInline):
    model = OfficeService
    extra = 0


class DesksInline(admin.TabularInline):
    model = Desks
    extra = 0


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "settlement", "phone")
    list_filter = ("kind",)
    search_fields = ("name", "settlement", "postal_code")
    inlines = [OfficeServiceInline, DesksInline, OpeningHoursInline]


@admin.register(BusStop)
class BusStopAdmin(admin.ModelAdmin):
    list_display = ("day", "starts", "ends", "settlement", "place", "bus")
    list_filter = ("bus",)
    date_hierarchy = "day"
    search_fields = ("settlement", "postal_code", "place")


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ("kind", "office", "first_day", "last_day", "reason")
    list_filter = ("kind",)
    filter_horizontal = ("open_offices",)
    readonly_fields = ("created_at",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # The designated offices: an id too wide for SQLite is an unknown choice.
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        cancelled = actions.apply_closure(form.instance)
        if cancelled:
            self.message_user(
                request,
                ngettext(
                    "%(count)d appointment in the closure was cancelled; its client was told "
                    "by e-mail.",
                    "%(count)d appointments in the closure were cancelled; their clients were "
                    "told by e-mail.",
                    cancelled,
                )
                % {"count": cancelled},
                messages.WARNING,
            )


class DayFilter(admin.SimpleListFilter):
    title = _("day")
    parameter_name = "day"

    def lookups(self, request, model_admin):
        return [("today", _("Today")), ("tomorrow", _("Tomorrow"))]

    def queryset(self, request, queryset):
        if self.value() not in ("today", "tomorrow"):
            return queryset
        day = timezone.localdate() + timedelta(days=1 if self.value() == "tomorrow" else 0)
        return queryset.filter(starts_at__date=day)


@admin.register(Booking)
class BookingAdmin(RecordsOpening, admin.ModelAdmin):
    opened_people = ("user__person",)  # a booking without login names no register person
    list_display = ("starts_at", "office", "desk", "group", "service", "name", "status")
    list_filter = (DayFilter, "office", "group", "status")
    list_select_related = ("office",)
    date_hierarchy = "starts_at"
    ordering = ("office__name", "starts_at", "desk")
    search_fields = ("reference", "name", "email")
    actions = ["mark_arrived", "mark_no_show", "cancel_by_office"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _mark(self, request, queryset, status) -> None:
        done = sum(actions.mark(booking, status) for booking in queryset)
        self.message_user(
            request,
            ngettext("%(count)d appointment recorded.", "%(count)d appointments recorded.", done)
            % {"count": done},
        )

    @admin.action(description=_("Mark as arrived"), permissions=["change"])
    def mark_arrived(self, request, queryset) -> None:
        self._mark(request, queryset, Booking.Status.ARRIVED)

    @admin.action(description=_("Mark as not arrived (no-show)"), permissions=["change"])
    def mark_no_show(self, request, queryset) -> None:
        self._mark(request, queryset, Booking.Status.NO_SHOW)

    @admin.action(description=_("Cancel (the client is told by e-mail)"), permissions=["change"])
    def cancel_by_office(self, request, queryset) -> None:
        done = sum(
            actions.cancel(booking, by=Booking.CancelledBy.CLERK)
            for booking in queryset.select_related("office", "stop")
        )
        self.message_user(
            request,
            ngettext("%(count)d appointment cancelled.", "%(count)d appointments cancelled.", done)
            % {"count": done},
        )
