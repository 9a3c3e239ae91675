"""The clerk's side of the passport services: the requests with their steps (accept
the attachment, order the production, issue the passport, refuse), and the register
of travel restrictions. The work is done by `passports.actions`."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from access_log.admin_mixins import RecordsOpening
from cases.admin_display import can_see_personal_id
from cases.admin_mixins import ApplicantColumns
from cases.workflow import Status, TransitionNotAllowed
from passports import actions
from passports.models import Acceleration, Replacement, SecondPassport, TravelRestriction


@admin.register(TravelRestriction)
class TravelRestrictionAdmin(RecordsOpening, admin.ModelAdmin):
    opened_people = ("person",)
    list_display = ("person", "kind", "starts_on", "ends_on", "ordered_by")
    list_filter = ("kind",)
    raw_id_fields = ("person",)
    search_fields = ("=person__personal_id",)


class IssueForm(forms.Form):
    number = forms.CharField(label=_("Number of the new passport"), max_length=20)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, to the citizen"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class ConfirmForm(forms.Form):
    pass


class PassportRequestAdmin(ApplicantColumns, admin.ModelAdmin):
    """A request's detail, read-only, with the steps the clerk can take next."""

    list_select_related = ("case", "case__applicant", "case__applicant__person")
    list_filter = ("speed", "delivery", "case__status")
    search_fields = ("case__reference", "case__receipt_code")
    change_form_template = "passports/admin/change_form.html"
    STEPS: dict = {
        "accept": (ConfirmForm, _("Accept the attachment")),
        "order": (ConfirmForm, _("Order the production")),
        "issue": (IssueForm, _("Issue the new passport")),
        "refuse": (RefuseForm, _("Refuse the request")),
        "complete": (ConfirmForm, _("Record that the accelerated passport is made")),
    }

    def get_readonly_fields(self, request, obj=None):
        identifier = "applicant_id_full" if can_see_personal_id(request.user) else "applicant_id"
        return [
            "applicant_full_name",
            "applicant_birth",
            identifier,
            "attachments",
            *(f.name for f in self.model._meta.fields),
        ]

    @admin.display(description=_("attachments"))
    def attachments(self, detail) -> str:
        files = detail.case.attachments.all()
        if not files:
            return "–"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("cases:attachment_download", args=[a.pk]), a.original_name) for a in files),
        )

    @admin.display(description=_("state of the case"))
    def state(self, detail) -> str:
        return detail.case.get_status_display()

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _url_name(self, step: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{step}"

    def get_urls(self):
        return [
            path(
                f"<int:pk>/{step}/",
                self.admin_site.admin_view(self.step_view),
                {"step": step},
                name=self._url_name(step),
            )
            for step in self.STEPS
        ] + super().get_urls()

    def available_steps(self, detail) -> list[str]:
        if detail.case.status not in (Status.SUBMITTED, Status.IN_PROGRESS):
            return []
        if isinstance(detail, Acceleration):
            return ["complete"] if detail.production_order.in_production else []
        if detail.new_document_id is not None:
            return []
        if detail.production_order_id is not None:
            return ["issue"]
        if isinstance(detail, SecondPassport) and detail.attachment_checked_at is None:
            return ["accept", "refuse"]
        return ["order", "refuse"]

    def step_view(self, request, pk, step):
        detail = get_object_or_404(self.model.objects.select_related("case"), pk=pk)
        if not self.has_change_permission(request, detail):
            raise PermissionDenied
        if step not in self.available_steps(detail):
            messages.error(request, _("This step is not possible now."))
            return redirect(f"admin:{self._url_name('change')}", pk)
        form_class, heading = self.STEPS[step]
        # A confirmation has no fields: its POST is empty but still a submission.
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                self._perform(step, detail, form.cleaned_data, request.user)
            except actions.NotAllowed as refusal:
                form.add_error(None, str(refusal))
            except TransitionNotAllowed:
                form.add_error(None, _("The case is no longer open."))
            else:
                self.message_user(request, _("Recorded."), messages.SUCCESS)
                return redirect(f"admin:{self._url_name('change')}", pk)
        context = {
            **self.admin_site.each_context(request),
            "title": heading,
            "detail": detail,
            "form": form,
            "opts": self.model._meta,
            "change_url": reverse(f"admin:{self._url_name('change')}", args=[pk]),
        }
        return render(request, "passports/admin/step.html", context)

    @staticmethod
    def _perform(step, detail, data, user):
        case = detail.case
        if step == "accept":
            actions.accept_attachment(case, by=user)
        elif step == "order":
            actions.order_production(case, by=user)
        elif step == "issue":
            actions.issue_passport(case, number=data["number"], by=user)
        elif step == "refuse":
            actions.refuse(case, reason=data["reason"], by=user)
        else:
            actions.complete_acceleration(case, by=user)

    def render_change_form(self, request, context, *args, **kwargs):
        detail = context.get("original")
        context["passport_steps"] = [
            (reverse(f"admin:{self._url_name(step)}", args=[detail.pk]), self.STEPS[step][1])
            for step in (self.available_steps(detail) if detail else [])
        ]
        return super().render_change_form(request, context, *args, **kwargs)


@admin.register(Replacement)
class ReplacementAdmin(PassportRequestAdmin):
    list_display = ("case", "applicant", "lost_document", "reason", "speed", "delivery", "state")
    list_filter = ("reason", *PassportRequestAdmin.list_filter)


@admin.register(SecondPassport)
class SecondPassportAdmin(PassportRequestAdmin):
    list_display = (
        "case",
        "applicant",
        "reason",
        "attachment_checked_at",
        "speed",
        "delivery",
        "state",
    )
    list_filter = ("reason", *PassportRequestAdmin.list_filter)


@admin.register(Acceleration)
class AccelerationAdmin(PassportRequestAdmin):
    list_display = ("case", "applicant", "production_order", "speed", "delivery", "state")
