"""The clerk's side of title replacements: publication, objection, issue.

Each step is a small form page reached from the replacement's change form; the
work itself is done by `vehicles.title`, through the case workflow.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.workflow import Status, TransitionNotAllowed
from vehicles import title
from vehicles.admin_base import CaseDetailAdmin
from vehicles.forms import DateInput
from vehicles.models import TitleReplacement


class PublicationForm(forms.Form):
    published_on = forms.DateField(
        label=_("Published in the official gazette on"),
        widget=DateInput,
        help_text=_(
            "Objections are accepted until the end of the following day; the new title can be "
            "issued from the day after that."
        ),
    )


class ObjectionForm(forms.Form):
    proved_on = forms.DateField(label=_("The right was proved on"), widget=DateInput)
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
        if timezone.localdate() >= title.earliest_issue(detail):
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
            except title.NotAllowed as refusal:
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
            title.record_publication(detail.case, published_on=data["published_on"], by=user)
        elif step == "objection":
            title.record_objection(
                detail.case, proved_on=data["proved_on"], note=data["note"], by=user
            )
        else:
            title.issue_title(detail.case, new_title_number=data["new_title_number"], by=user)

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
