"""The clerk's side of the parking cards: the register, and the two services' steps
(issue the new card after checking the entitlement, record the posting)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from access_log.admin_mixins import RecordsOpening
from cases.admin_mixins import ApplicantColumns
from cases.workflow import Status, TransitionNotAllowed
from parking import actions, exchange, replacement
from parking.forms import DateInput
from parking.models import CardExchange, CardReplacement, ParkingCard


@admin.register(ParkingCard)
class ParkingCardAdmin(RecordsOpening, admin.ModelAdmin):
    """The register is changed by the services (and by offices elsewhere); read here."""

    opened_people = ("holder",)

    list_display = ("number", "holder", "organisation", "category", "basis", "valid_until", "state")
    list_filter = ("state", "category", "basis", "permanent")
    search_fields = ("number", "holder__family_name", "organisation")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ConfirmForm(forms.Form):
    pass


class PostingForm(forms.Form):
    posted_on = forms.DateField(label=_("Posted on"), widget=DateInput)


class _CardRequestAdmin(ApplicantColumns, admin.ModelAdmin):
    list_select_related = ("case", "card", "new_card", "case__applicant")
    search_fields = ("case__reference", "card__number")
    change_form_template = "parking/admin/card_change_form.html"
    issue = None  # the service's clerk action: (case, *, by)
    STEPS = {
        "issue": (ConfirmForm, _("Issue the new card")),
        "posted": (PostingForm, _("Record the posting")),
    }

    def get_readonly_fields(self, request, obj=None):
        return [
            "applicant_full_name",
            "applicant_birth",
            "attachments",
            *(f.name for f in self.model._meta.fields),
        ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("attached documents"))
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

    def _name(self, step: str) -> str:
        return f"parking_{self.model._meta.model_name}_{step}"

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

    @staticmethod
    def available_steps(detail) -> list[str]:
        if detail.new_card_id is None:
            if detail.case.status in (Status.SUBMITTED, Status.IN_PROGRESS):
                return ["issue"]
            return []
        return [] if detail.posted_on else ["posted"]

    def step_view(self, request, pk, step):
        detail = get_object_or_404(self.model.objects.select_related("case", "card"), pk=pk)
        if not self.has_change_permission(request, detail):
            raise PermissionDenied
        form_class, heading = self.STEPS[step]
        data = request.POST if request.method == "POST" else None
        form = form_class(data, initial={"posted_on": timezone.localdate()})
        change = f"admin:parking_{self.model._meta.model_name}_change"
        if request.method == "POST" and form.is_valid():
            try:
                if step == "issue":
                    type(self).issue(detail.case, by=request.user)
                else:
                    actions.record_posting(
                        self.model,
                        detail.case,
                        posted_on=form.cleaned_data["posted_on"],
                        by=request.user,
                    )
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
            "changelist_url": reverse(f"admin:parking_{self.model._meta.model_name}_changelist"),
        }
        return render(request, "parking/admin/card_step.html", context)

    def render_change_form(self, request, context, *args, **kwargs):
        detail = context.get("original")
        context["card_steps"] = [
            (reverse(f"admin:{self._name(step)}", args=[detail.pk]), self.STEPS[step][1])
            for step in (self.available_steps(detail) if detail else [])
        ]
        return super().render_change_form(request, context, *args, **kwargs)


@admin.register(CardReplacement)
class CardReplacementAdmin(_CardRequestAdmin):
    list_display = ("case", "applicant", "card", "new_card", "posted_on", "state")
    list_filter = ("case__status",)
    issue = staticmethod(replacement.issue_replacement)


@admin.register(CardExchange)
class CardExchangeAdmin(_CardRequestAdmin):
    list_display = ("case", "applicant", "card", "kind", "category", "new_card", "state")
    list_filter = ("kind", "category", "case__status")
    issue = staticmethod(exchange.issue_exchange)
