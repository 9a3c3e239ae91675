"""The clerk's side of the civil registry: the registry read-only, and the extract
requests with their two steps (issue the extract, record its posting)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access_log.admin_mixins import RecordsOpening
from cases.admin_mixins import ApplicantColumns
from cases.workflow import Status, TransitionNotAllowed
from civil_registry import extract
from civil_registry.forms import DateInput
from civil_registry.models import CivilEvent, ExtractRequest


@admin.register(CivilEvent)
class CivilEventAdmin(RecordsOpening, admin.ModelAdmin):
    """The registry is kept by the registrars; here it is read."""

    opened_people = ("person", "spouse")

    list_display = ("registry_number", "kind", "person", "occurred_on", "place", "entered_on")
    list_filter = ("kind", "entry_ground")
    search_fields = ("registry_number", "person__family_name", "place")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PostingForm(forms.Form):
    posted_on = forms.DateField(label=_("Posted on"), widget=DateInput)


class ConfirmForm(forms.Form):
    pass


@admin.register(ExtractRequest)
class ExtractRequestAdmin(ApplicantColumns, admin.ModelAdmin):
    list_display = ("case", "applicant", "event", "purpose", "issued_on", "posted_on", "state")
    list_filter = ("event__kind", "purpose", "case__status")
    search_fields = ("case__reference", "event__registry_number")
    list_select_related = ("case", "event", "case__applicant", "case__applicant__person")
    change_form_template = "civil_registry/admin/extract_change_form.html"

    STEPS = {
        "issue": (ConfirmForm, _("Issue the extract")),
        "posted": (PostingForm, _("Record the posting")),
    }

    def get_readonly_fields(self, request, obj=None):
        return [
            "applicant_full_name",
            "applicant_birth",
            *(f.name for f in self.model._meta.fields),
        ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("state of the case"))
    def state(self, detail) -> str:
        return detail.case.get_status_display()

    def get_urls(self):
        return [
            path(
                f"<int:pk>/{step}/",
                self.admin_site.admin_view(self.step_view),
                {"step": step},
                name=f"civil_registry_extractrequest_{step}",
            )
            for step in self.STEPS
        ] + super().get_urls()

    @staticmethod
    def available_steps(detail: ExtractRequest) -> list[str]:
        if detail.issued_on is None:
            if detail.case.status in (Status.SUBMITTED, Status.IN_PROGRESS):
                return ["issue"]
            return []
        return [] if detail.posted_on else ["posted"]

    def step_view(self, request, pk, step):
        detail = get_object_or_404(ExtractRequest.objects.select_related("case", "event"), pk=pk)
        if not self.has_change_permission(request, detail):
            raise PermissionDenied
        form_class, heading = self.STEPS[step]
        data = request.POST if request.method == "POST" else None
        form = form_class(data, initial={"posted_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                if step == "issue":
                    extract.issue_extract(detail.case, by=request.user)
                else:
                    extract.record_posting(
                        detail.case, posted_on=form.cleaned_data["posted_on"], by=request.user
                    )
            except extract.NotAllowed as refusal:
                form.add_error(None, str(refusal))
            except TransitionNotAllowed:
                form.add_error(None, _("The case is no longer open."))
            else:
                self.message_user(request, _("Recorded."), messages.SUCCESS)
                return redirect("admin:civil_registry_extractrequest_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "title": heading,
            "detail": detail,
            "step": step,
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "civil_registry/admin/extract_step.html", context)

    def render_change_form(self, request, context, *args, **kwargs):
        detail = context.get("original")
        context["extract_steps"] = [
            (
                reverse(f"admin:civil_registry_extractrequest_{step}", args=[detail.pk]),
                self.STEPS[step][1],
            )
            for step in (self.available_steps(detail) if detail else [])
        ]
        return super().render_change_form(request, context, *args, **kwargs)
