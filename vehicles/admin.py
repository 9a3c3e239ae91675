"""The vehicle register and the clerk's review of reported ownership changes."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from cases.workflow import Status, TransitionNotAllowed
from vehicles import admin_title, ownership  # noqa: F401 (admin_title registers its pages)
from vehicles.admin_base import CaseDetailAdmin
from vehicles.models import OdometerReading, Ownership, OwnershipChange, Vehicle, WithdrawalPeriod


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
class VehicleAdmin(admin.ModelAdmin):
    """The register is changed by the services, never by hand here."""

    list_display = ("plate", "make", "model_name", "colour", "sales_ban", "wanted")
    list_filter = ("sales_ban", "wanted", "fuel")
    search_fields = ("plate", "vin")
    inlines = (OwnershipInline, WithdrawalInline, OdometerInline)
    readonly_fields = [f.name for f in Vehicle._meta.fields]

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
    scanned contract and confirms it, or deletes the registration (source 002)."""

    list_display = ("case", "vehicle", "buyer_display", "late", "registered_at", "state")
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
                ownership.approve(change.case, by=request.user)
            self.message_user(request, _("The change of ownership stands."), messages.SUCCESS)
        except TransitionNotAllowed:
            self.message_user(request, _("The case is no longer open for review."), messages.ERROR)
        return redirect("admin:vehicles_ownershipchange_change", pk)

    def revert_view(self, request, pk):
        change = self._reviewable(request, pk)
        form = RevertForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                ownership.revert(change.case, by=request.user, missing=form.cleaned_data["missing"])
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
