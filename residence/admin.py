"""The clerk's side of the residence services: register the reported foreign address,
set the longer deadline when the facts are not clear, refuse an anonymous report
(its visitor has no account, so the refusal is e-mailed from here)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cases.admin_mixins import ApplicantColumns
from cases.workflow import Status, TransitionNotAllowed
from residence import actions, foreign_address_change, settle_abroad
from residence.models import ForeignAddressChange, Settlement


class ConfirmForm(forms.Form):
    pass


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason of the refusal"),
        help_text=_("The citizen reads this in the e-mail and on the follow-up page."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class _ReportAdmin(ApplicantColumns, admin.ModelAdmin):
    list_select_related = ("case",)
    search_fields = ("case__reference", "settlement", "postal_code")
    change_form_template = "residence/admin/change_form.html"
    longer_deadline = 0
    STEPS: dict = {}

    def get_readonly_fields(self, request, obj=None):
        return ["applicant_full_name", *(f.name for f in self.model._meta.fields)]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("state of the case"))
    def state(self, detail) -> str:
        return detail.case.get_status_display()

    def _name(self, step: str) -> str:
        return f"residence_{self.model._meta.model_name}_{step}"

    def get_urls(self):
        return [
            path(
                f"<int:pk>/{step}/",
                self.admin_site.admin_view(self.step_view),
                {"step": step},
                name=self._name(step),
            )
            for step in self.STEPS
        ] + super().get_urls()

    def available_steps(self, detail) -> list[str]:
        if detail.registered_on or detail.case.status not in (
            Status.SUBMITTED,
            Status.IN_PROGRESS,
        ):
            return []
        steps = [s for s in self.STEPS if s != "extend"]
        if detail.case.deadline_days != self.longer_deadline:
            steps.append("extend")
        return steps

    def perform(self, step, detail, data, user) -> None:
        raise NotImplementedError

    def step_view(self, request, pk, step):
        detail = get_object_or_404(self.model.objects.select_related("case"), pk=pk)
        if not self.has_change_permission(request, detail):
            raise PermissionDenied
        form_class, heading = self.STEPS[step]
        form = form_class(request.POST if request.method == "POST" else None)
        change = f"admin:residence_{self.model._meta.model_name}_change"
        if request.method == "POST" and form.is_valid():
            try:
                self.perform(step, detail, form.cleaned_data, request.user)
            except actions.NotAllowed as refusal:
                form.add_error(None, str(refusal))
            except TransitionNotAllowed:
                form.add_error(None, _("The case is no longer open."))
            else:
                self.message_user(request, _("Recorded."), messages.SUCCESS)
                return redirect(change, pk)
        context = {
            **self.admin_site.each_context(request),
            "title": heading,
            "detail": detail,
            "step": step,
            "form": form,
            "opts": self.model._meta,
            "change_url": reverse(change, args=[pk]),
            "changelist_url": reverse(f"admin:residence_{self.model._meta.model_name}_changelist"),
        }
        return render(request, "residence/admin/step.html", context)

    def render_change_form(self, request, context, *args, **kwargs):
        detail = context.get("original")
        context["residence_steps"] = [
            (reverse(f"admin:{self._name(step)}", args=[detail.pk]), self.STEPS[step][1])
            for step in (self.available_steps(detail) if detail else [])
        ]
        return super().render_change_form(request, context, *args, **kwargs)


@admin.register(Settlement)
class SettlementAdmin(_ReportAdmin):
    list_display = ("case", "country", "settlement", "legal_title", "card_delivery", "state")
    list_filter = ("legal_title", "card_delivery", "id_card_to_hand_in", "case__status")
    longer_deadline = settle_abroad.LONGER_DEADLINE_DAYS
    STEPS = {
        "register": (ConfirmForm, _("Register the settling abroad")),
        "extend": (ConfirmForm, _("Facts not clear: 21-day deadline")),
    }

    def perform(self, step, detail, data, user) -> None:
        if step == "register":
            settle_abroad.register_settlement(detail.case, by=user)
        else:
            actions.extend_deadline(detail.case, days=self.longer_deadline, by=user)


@admin.register(ForeignAddressChange)
class ForeignAddressChangeAdmin(_ReportAdmin):
    opened_people = ("person",)  # the visitor has no account: the register's person
    list_display = ("case", "applicant_full_name", "country", "settlement", "first_report", "state")
    list_filter = ("first_report", "case__status")
    longer_deadline = foreign_address_change.LONGER_DEADLINE_DAYS
    STEPS = {
        "register": (ConfirmForm, _("Register the new foreign address")),
        "refuse": (RefuseForm, _("Refuse the report")),
        "extend": (ConfirmForm, _("Facts not clear: 30-day deadline")),
    }

    def perform(self, step, detail, data, user) -> None:
        if step == "register":
            foreign_address_change.register_change(detail.case, by=user)
        elif step == "refuse":
            foreign_address_change.refuse(detail.case, reason=data["reason"], by=user)
        else:
            actions.extend_deadline(detail.case, days=self.longer_deadline, by=user)
