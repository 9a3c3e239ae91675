"""The clerk's side of the vehicle services.

The vehicle register read-only; the review of reported ownership changes; the
title replacement's steps (publication, objection, issue), each a small form page
reached from the replacement's change form. The work itself is done by the service
modules (`vehicles.ownership_change`, `vehicles.title_replacement`), through the case
workflow.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from access_log.admin_mixins import RecordsOpening
from cases.admin_display import can_see_personal_id
from cases.admin_mixins import ApplicantColumns
from cases.workflow import Status, TransitionNotAllowed
from portal.forms import DateField
from vehicles import ownership_change, title_replacement
from vehicles.colours import colour_name
from vehicles.models import (
    OdometerReading,
    Ownership,
    OwnershipChange,
    TitleReplacement,
    Vehicle,
    WithdrawalPeriod,
)

# --- shared by the clerk pages of the vehicle services ---------------------------
# The detail row is read-only (it changes only through the service's actions) and
# shows the case's state and the files the citizen attached.


class CaseDetailAdmin(ApplicantColumns, admin.ModelAdmin):
    list_select_related = ("case", "vehicle", "case__applicant", "case__applicant__person")

    def get_readonly_fields(self, request, obj=None):
        # Who applied, as on the case queue: the identifier masked unless the role
        # allows the whole of it (cases/admin_display.py).
        identifier = "applicant_id_full" if can_see_personal_id(request.user) else "applicant_id"
        return [
            "applicant_full_name",
            "applicant_birth",
            identifier,
            *(f.name for f in self.model._meta.fields),
            *self.readonly_fields,
        ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("state of the case"))
    def state(self, detail) -> str:
        return detail.case.get_status_display()

    @staticmethod
    def attachment_links(detail, kind: str) -> str:
        files = detail.case.attachments.filter(kind=kind)
        if not files:
            return "–"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("cases:attachment_download", args=[a.pk]), a.original_name) for a in files),
        )


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class OwnershipInline(_ReadOnlyInline):
    model = Ownership
    fk_name = "vehicle"
    fields = ("person", "owner_name", "share_numerator", "share_denominator", "since", "until")


class OdometerInline(_ReadOnlyInline):
    model = OdometerReading
    fields = ("read_on", "kilometres", "source")


class WithdrawalInline(_ReadOnlyInline):
    model = WithdrawalPeriod
    fields = ("starts_on", "ends_on", "withdrawn_by", "ended_early_on")


@admin.register(Vehicle)
class VehicleAdmin(RecordsOpening, admin.ModelAdmin):
    """The register is changed by the services, never by hand here."""

    opened_people = ("keeper", "ownerships__person")

    list_display = ("plate", "make", "model_name", "primary_colour", "sales_ban", "wanted")
    list_filter = ("sales_ban", "wanted", "fuel")
    search_fields = ("plate", "vin")
    inlines = (OwnershipInline, WithdrawalInline, OdometerInline)
    # The register holds the colour as a Hungarian word; the clerk reads it in the
    # admin's language, as the citizen does on the lookup page.
    readonly_fields = [
        "primary_colour" if f.name == "colour" else f.name for f in Vehicle._meta.fields
    ]
    exclude = ("colour",)

    @admin.display(description=_("primary colour"), ordering="colour")
    def primary_colour(self, vehicle: Vehicle) -> str:
        return colour_name(vehicle.colour)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RevertForm(forms.Form):
    missing = forms.CharField(
        label=_("What mandatory content does the contract lack?"),
        help_text=_("The citizen reads this in the decision."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


@admin.register(OwnershipChange)
class OwnershipChangeAdmin(CaseDetailAdmin):
    """The review after the fact: the change is registered; the clerk checks the
    scanned contract and confirms it, or deletes the registration (the Webes Ügysegéd
    service description)."""

    opened_people = ("seller", "buyer_person", "previous_keeper")
    list_display = (
        "case",
        "applicant",
        "vehicle",
        "buyer_display",
        "late",
        "registered_at",
        "state",
    )
    list_filter = ("late", "transfer", "case__status")
    search_fields = ("case__reference", "vehicle__plate")
    readonly_fields = ["contract_files"]
    change_form_template = "vehicles/admin/ownership_change_form.html"

    @admin.display(description=_("scanned contract"))
    def contract_files(self, change: OwnershipChange) -> str:
        return self.attachment_links(change, "contract")

    def get_urls(self):
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="vehicles_ownershipchange_approve",
            ),
            path(
                "<int:pk>/revert/",
                self.admin_site.admin_view(self.revert_view),
                name="vehicles_ownershipchange_revert",
            ),
            *super().get_urls(),
        ]

    def _reviewable(self, request, pk):
        change = get_object_or_404(OwnershipChange.objects.select_related("case"), pk=pk)
        if not self.has_change_permission(request, change):
            raise PermissionDenied
        return change

    def approve_view(self, request, pk):
        change = self._reviewable(request, pk)
        if request.method != "POST":
            return redirect("admin:vehicles_ownershipchange_change", pk)
        try:
            with transaction.atomic():
                ownership_change.approve(change.case, by=request.user)
            self.message_user(request, _("The change of ownership stands."), messages.SUCCESS)
        except TransitionNotAllowed:
            self.message_user(request, _("The case is no longer open for review."), messages.ERROR)
        return redirect("admin:vehicles_ownershipchange_change", pk)

    def revert_view(self, request, pk):
        change = self._reviewable(request, pk)
        form = RevertForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                ownership_change.revert(
                    change.case, by=request.user, missing=form.cleaned_data["missing"]
                )
                self.message_user(
                    request,
                    _("The registered change was deleted and the applicant notified."),
                    messages.SUCCESS,
                )
            except TransitionNotAllowed:
                self.message_user(
                    request, _("The case is no longer open for review."), messages.ERROR
                )
            return redirect("admin:vehicles_ownershipchange_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Delete the registered change"),
            "change": change,
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "vehicles/admin/ownership_revert.html", context)

    def render_change_form(self, request, context, *args, **kwargs):
        change = context.get("original")
        context["can_review"] = bool(
            change
            and change.case.status in (Status.SUBMITTED, Status.IN_PROGRESS)
            and change.reverted_at is None
        )
        return super().render_change_form(request, context, *args, **kwargs)


# --- title replacement ------------------------------------------------------------


class PublicationForm(forms.Form):
    published_on = DateField(
        label=_("Published in the official gazette on"),
        help_text=_(
            "Objections are accepted until the end of the following day; the new title can be "
            "issued from the day after that."
        ),
    )


class ObjectionForm(forms.Form):
    proved_on = DateField(label=_("The right was proved on"))
    note = forms.CharField(
        label=_("Who proved what right"),
        help_text=_("The citizen reads this in the decision."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class IssueForm(forms.Form):
    new_title_number = forms.CharField(label=_("Number of the new title"), max_length=12)


class StageFilter(admin.SimpleListFilter):
    title = _("stage")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [
            ("to_publish", _("to be published")),
            ("waiting", _("published, objection period running")),
            ("to_issue", _("ready to issue")),
            ("issued", _("issued")),
            ("refused", _("a right was proved")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        open_ = queryset.filter(
            issued_on=None,
            objection_received=False,
            case__status__in=[Status.SUBMITTED, Status.IN_PROGRESS],
        )
        match self.value():
            case "to_publish":
                return open_.filter(reported_before=False, published_on=None)
            case "waiting":
                return open_.filter(objection_deadline__gte=today)
            case "to_issue":
                return open_.filter(reported_before=True) | open_.filter(
                    objection_deadline__lt=today
                )
            case "issued":
                return queryset.exclude(issued_on=None)
            case "refused":
                return queryset.filter(objection_received=True)
        return queryset


@admin.register(TitleReplacement)
class TitleReplacementAdmin(CaseDetailAdmin):
    list_display = (
        "case",
        "vehicle",
        "reason",
        "reported_before",
        "delivery",
        "published_on",
        "objection_deadline",
        "issued_on",
        "state",
    )
    list_filter = (StageFilter, "reason", "reported_before", "delivery", "case__status")
    search_fields = ("case__reference", "vehicle__plate", "old_title_number")
    readonly_fields = ["police_reports"]
    change_form_template = "vehicles/admin/title_change_form.html"

    @admin.display(description=_("police report"))
    def police_reports(self, detail: TitleReplacement) -> str:
        return self.attachment_links(detail, "police_report")

    STEPS = {
        "publish": (PublicationForm, _("Record the publication in the official gazette")),
        "objection": (ObjectionForm, _("Record a proved right (no replacement)")),
        "issue": (IssueForm, _("Issue the new title")),
    }

    def get_urls(self):
        return [
            path(
                f"<int:pk>/{step}/",
                self.admin_site.admin_view(self.step_view),
                {"step": step},
                name=f"vehicles_titlereplacement_{step}",
            )
            for step in self.STEPS
        ] + super().get_urls()

    def available_steps(self, detail: TitleReplacement) -> list[str]:
        if detail.case.status not in (Status.SUBMITTED, Status.IN_PROGRESS):
            return []
        if detail.issued_on or detail.objection_received:
            return []
        if detail.reported_before:
            return ["issue"]
        if detail.published_on is None:
            return ["publish"]
        steps = []
        if timezone.localdate() <= detail.objection_deadline:
            steps.append("objection")
        if timezone.localdate() >= title_replacement.earliest_issue(detail):
            steps.append("issue")
        return steps

    def step_view(self, request, pk, step):
        detail = get_object_or_404(
            TitleReplacement.objects.select_related("case", "vehicle"), pk=pk
        )
        if not self.has_change_permission(request, detail):
            raise PermissionDenied
        form_class, heading = self.STEPS[step]
        initial = {"published_on": timezone.localdate(), "proved_on": timezone.localdate()}
        form = form_class(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                self._perform(step, detail, form.cleaned_data, request.user)
            except title_replacement.NotAllowed as refusal:
                form.add_error(None, str(refusal))
            except TransitionNotAllowed:
                form.add_error(None, _("The case is no longer open."))
            else:
                self.message_user(request, _("Recorded."), messages.SUCCESS)
                return redirect("admin:vehicles_titlereplacement_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "title": heading,
            "detail": detail,
            "step": step,
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "vehicles/admin/title_step.html", context)

    @staticmethod
    def _perform(step, detail, data, user):
        if step == "publish":
            title_replacement.record_publication(
                detail.case, published_on=data["published_on"], by=user
            )
        elif step == "objection":
            title_replacement.record_objection(
                detail.case, proved_on=data["proved_on"], note=data["note"], by=user
            )
        else:
            title_replacement.issue_title(
                detail.case, new_title_number=data["new_title_number"], by=user
            )

    def render_change_form(self, request, context, *args, **kwargs):
        detail = context.get("original")
        context["title_steps"] = [
            (
                reverse(f"admin:vehicles_titlereplacement_{step}", args=[detail.pk]),
                self.STEPS[step][1],
            )
            for step in (self.available_steps(detail) if detail else [])
        ]
        return super().render_change_form(request, context, *args, **kwargs)
