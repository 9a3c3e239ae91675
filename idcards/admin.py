"""The clerk's side of the ID card services.

Reported cards are read-only records (the card became invalid on submission). A
replacement has its steps, each a small form page reached from the change form:
issue the card (the new number goes into the register, the lost card stays invalid,
the PIN letter goes to the citizen's document inbox), record its posting (the
"ready" notice goes out), record its delivery (the case closes). The work is done by
`idcards.replacement`, through the case workflow.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from access_log.admin_mixins import RecordsOpening
from cases.admin_display import can_see_personal_id
from cases.admin_mixins import ApplicantColumns
from cases.workflow import Status, TransitionNotAllowed
from documents.models import ProductionOrder
from idcards import replacement
from idcards.models import ExpiryReminder, Invalidation, Replacement


class CaseDetailAdmin(ApplicantColumns, admin.ModelAdmin):
    """A service's detail rows: read-only, changed only by the service's actions."""

    list_select_related = ("case", "document", "case__applicant", "case__applicant__person")
    search_fields = ("case__reference", "document_number")

    def get_readonly_fields(self, request, obj=None):
        identifier = "applicant_id_full" if can_see_personal_id(request.user) else "applicant_id"
        return [
            "applicant_full_name",
            "applicant_birth",
            identifier,
            *(f.name for f in self.model._meta.fields if f.editable),
        ]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    @admin.display(description=_("state of the case"))
    def state(self, detail) -> str:
        return detail.case.get_status_display()

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invalidation)
class InvalidationAdmin(CaseDetailAdmin):
    list_display = ("case", "applicant", "document_number", "reason", "state")
    list_filter = ("reason",)


class IssueForm(forms.Form):
    new_number = forms.CharField(
        label=_("Number of the new ID card"),
        max_length=12,
        help_text=_("6 digits and 2 letters, as printed on the card."),
    )


class ConfirmForm(forms.Form):
    """A step with nothing to enter: the button confirms it."""


class StageFilter(admin.SimpleListFilter):
    title = _("stage")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [
            ("to_issue", _("to be issued")),
            ("to_post", _("issued, to be posted")),
            ("in_transit", _("in transit")),
            ("delivered", _("delivered")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "to_issue":
                return queryset.filter(
                    new_document=None, case__status__in=[Status.SUBMITTED, Status.IN_PROGRESS]
                )
            case "to_post":
                return queryset.filter(production_order__state=ProductionOrder.State.ISSUING)
            case "in_transit":
                return queryset.filter(production_order__state=ProductionOrder.State.IN_TRANSIT)
            case "delivered":
                return queryset.filter(production_order__state=ProductionOrder.State.HANDED_OVER)
        return queryset


@admin.register(Replacement)
class ReplacementAdmin(CaseDetailAdmin):
    list_display = (
        "case",
        "applicant",
        "document_number",
        "reason",
        "receipt_number",
        "production_state",
        "deadline",
        "state",
    )
    list_filter = (StageFilter, "reason", "case__status")
    list_select_related = (*CaseDetailAdmin.list_select_related, "production_order")
    change_form_template = "idcards/admin/replacement_change_form.html"

    STEPS = {
        "issue": (IssueForm, _("Issue the replacement card")),
        "post": (ConfirmForm, _("Record that the card was posted")),
        "deliver": (ConfirmForm, _("Record that the card was delivered")),
    }

    @admin.display(description=_("receipt number"))
    def receipt_number(self, detail: Replacement) -> str:
        return detail.production_order.receipt_number if detail.production_order else "–"

    @admin.display(description=_("production"))
    def production_state(self, detail: Replacement) -> str:
        order = detail.production_order
        return order.get_state_display() if order else "–"

    @admin.display(description=_("deadline"))
    def deadline(self, detail: Replacement) -> str:
        day = detail.case.deadline
        return day.strftime("%Y. %m. %d.") if day else "–"

    def get_urls(self):
        return [
            path(
                f"<int:pk>/{step}/",
                self.admin_site.admin_view(self.step_view),
                {"step": step},
                name=f"idcards_replacement_{step}",
            )
            for step in self.STEPS
        ] + super().get_urls()

    @staticmethod
    def available_steps(detail: Replacement) -> list[str]:
        order = detail.production_order
        if detail.new_document_id is None:
            open_ = detail.case.status in (Status.SUBMITTED, Status.IN_PROGRESS)
            return ["issue"] if open_ and order is not None else []
        if order is None:
            return []
        if order.state == ProductionOrder.State.ISSUING:
            return ["post"]
        if order.state == ProductionOrder.State.IN_TRANSIT:
            return ["deliver"]
        return []

    def step_view(self, request, pk, step):
        detail = get_object_or_404(
            Replacement.objects.select_related("case", "document", "production_order"), pk=pk
        )
        if not self.has_change_permission(request, detail):
            raise PermissionDenied
        form_class, heading = self.STEPS[step]
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                self._perform(step, detail, form.cleaned_data, request.user)
            except replacement.NotAllowed as refusal:
                form.add_error(None, str(refusal))
            except TransitionNotAllowed:
                form.add_error(None, _("The case is no longer open."))
            else:
                self.message_user(request, _("Recorded."), messages.SUCCESS)
                return redirect("admin:idcards_replacement_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "title": heading,
            "detail": detail,
            "step": step,
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "idcards/admin/replacement_step.html", context)

    @staticmethod
    def _perform(step, detail, data, user):
        if step == "issue":
            replacement.issue_card(detail.case, new_number=data["new_number"], by=user)
        elif step == "post":
            replacement.record_posting(detail.case, by=user)
        else:
            replacement.record_delivery(detail.case, by=user)

    def render_change_form(self, request, context, *args, **kwargs):
        detail = context.get("original")
        context["replacement_steps"] = [
            (reverse(f"admin:idcards_replacement_{step}", args=[detail.pk]), self.STEPS[step][1])
            for step in (self.available_steps(detail) if detail else [])
        ]
        return super().render_change_form(request, context, *args, **kwargs)


@admin.register(ExpiryReminder)
class ExpiryReminderAdmin(RecordsOpening, admin.ModelAdmin):
    opened_people = ("document__holder",)
    list_display = ("document", "stage", "expires_on", "sent_at")
    list_filter = ("stage",)
    raw_id_fields = ("document",)
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the log keeps a reminder from being sent twice
