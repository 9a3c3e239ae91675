"""The clerk's side of the criminal records services.

The register is read-only here: convictions, bans and issued certificates change
only through the services. The certificate queue shows, for each request, what to
certify against the register; the clerk issues, sends a deficiency notice, records
the reply, refuses, marks the certificate handed to the post, or revokes an issued
one; the answer on one's own data is sent from its request. Each step is a small
form page reached from the request's change form; the work is done by the service
modules (`criminal_records.certificate`, `criminal_records.data_info`).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from access_log.admin_mixins import RecordsOpening
from cases.admin_mixins import ApplicantColumns
from cases.workflow import Status, TransitionNotAllowed
from criminal_records import certificate, data_info
from criminal_records.models import (
    Certificate,
    CertificateRequest,
    Conviction,
    DataInfoRequest,
    OccupationBan,
    PublicAffairsBan,
)


class ReadOnlyAdmin(RecordsOpening, admin.ModelAdmin):
    """The register changes only through the services."""

    opened_people = ("person",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Conviction)
class ConvictionAdmin(ReadOnlyAdmin):
    list_display = ("person", "judgment_number", "offence", "final_on", "rehabilitated_on")
    search_fields = ("judgment_number", "person__family_name")


@admin.register(PublicAffairsBan)
class PublicAffairsBanAdmin(ReadOnlyAdmin):
    list_display = ("person", "imposed_by", "starts_on", "ends_on")


@admin.register(OccupationBan)
class OccupationBanAdmin(ReadOnlyAdmin):
    list_display = ("person", "occupation", "imposed_by", "starts_on", "ends_on")
    search_fields = ("occupation",)


class DeficiencyForm(forms.Form):
    text = forms.CharField(
        label=_("What is missing, unclear or contradictory"),
        help_text=_("The applicant reads this in the deficiency notice."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons of the refusal"),
        help_text=_("The applicant reads this in the decision."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ConfirmForm(forms.Form):
    """A step with nothing to fill in: the button confirms it."""


class RevocationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason of the revocation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class _StepsAdmin(admin.ModelAdmin):
    """A change form with steps: `STEPS` name -> (form, heading, explanation)."""

    STEPS: dict = {}
    step_template = "criminal_records/admin/step.html"
    change_form_template = "criminal_records/admin/change_form.html"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        prefix = self._url_prefix()
        return [
            path(
                f"<int:pk>/{step}/",
                self.admin_site.admin_view(self.step_view),
                {"step": step},
                name=prefix + step,
            )
            for step in self.STEPS
        ] + super().get_urls()

    def _url_prefix(self) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_"

    def available_steps(self, obj) -> list[str]:
        return []

    def step_view(self, request, pk, step):
        obj = get_object_or_404(self.model, pk=pk)
        if not self.has_change_permission(request, obj) or step not in self.available_steps(obj):
            raise PermissionDenied
        form_class, heading, explanation = self.STEPS[step]
        form = form_class(request.POST if request.method == "POST" else None)
        change = self._url_prefix() + "change"
        if request.method == "POST" and form.is_valid():
            try:
                self.perform(step, obj, form.cleaned_data, request.user)
            except (certificate.NotAllowed, data_info.NotAllowed) as refusal:
                form.add_error(None, str(refusal))
            except TransitionNotAllowed:
                form.add_error(None, _("The request is not open for this step."))
            else:
                self.message_user(request, _("Recorded."), messages.SUCCESS)
                return redirect(f"admin:{change}", pk)
        context = {
            **self.admin_site.each_context(request),
            "title": heading,
            "explanation": explanation,
            "object": obj,
            "form": form,
            "opts": self.model._meta,
            "change_url": reverse(f"admin:{change}", args=[pk]),
        }
        return render(request, self.step_template, context)

    def perform(self, step, obj, data, user) -> None:
        raise NotImplementedError

    def render_change_form(self, request, context, *args, **kwargs):
        obj = context.get("original")
        prefix = self._url_prefix()
        context["steps"] = [
            (reverse(f"admin:{prefix}{step}", args=[obj.pk]), self.STEPS[step][1])
            for step in (self.available_steps(obj) if obj else [])
        ]
        return super().render_change_form(request, context, *args, **kwargs)


class OpenFilter(admin.SimpleListFilter):
    title = _("stage")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [
            ("to_decide", _("to decide")),
            ("deficiency", _("deficiency notice open")),
            ("to_post", _("issued, to hand to the post")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "to_decide":
                return queryset.filter(case__status__in=[Status.SUBMITTED, Status.IN_PROGRESS])
            case "deficiency":
                return queryset.filter(case__status=Status.DEFICIENCY_REQUESTED)
            case "to_post":
                return queryset.filter(case__status=Status.DECIDED_APPROVED, posted_at=None)
        return queryset


@admin.register(CertificateRequest)
class CertificateRequestAdmin(ApplicantColumns, _StepsAdmin):
    """The queue: what to certify, and what the register says of each fact."""

    opened_people = ("person",)

    list_display = ("case", "applicant", "facts", "register_allows", "deadline", "state")
    list_filter = (OpenFilter, "case__status")
    search_fields = ("case__reference",)
    list_select_related = ("case", "case__applicant", "case__applicant__person")
    readonly_fields = (
        "case",
        "applicant_full_name",
        "applicant_birth",
        "facts",
        "register_findings",
        "addressee",
        "addressee_name",
        "delivery_address",
        "notify_email",
        "requests_earlier_this_year",
        "deficiency_text",
        "deficiency_deadline",
        "refusal_reason",
        "posted_at",
        "state",
    )
    fields = readonly_fields

    STEPS = {
        "issue": (
            ConfirmForm,
            _("Issue the certificate"),
            _(
                "The certificate is issued with a new number, signed with the authority's key, "
                "and the applicant is notified."
            ),
        ),
        "deficiency": (
            DeficiencyForm,
            _("Send a deficiency notice"),
            _(
                "The deadline clock stops. If no reply is recorded by the deadline, the "
                "procedure is terminated automatically the day after."
            ),
        ),
        "reply": (
            ConfirmForm,
            _("Record the applicant's reply"),
            _("The missing information arrived in time; the procedure goes on."),
        ),
        "refuse": (
            RefusalForm,
            _("Refuse (the facts cannot be certified)"),
            _("The applicant receives the refusal decision with your reasons."),
        ),
        "posted": (
            ConfirmForm,
            _("Mark as handed to the post"),
            _("The applicant is e-mailed if they asked for it, and the case closes."),
        ),
    }

    def available_steps(self, obj) -> list[str]:
        status = obj.case.status
        if status in (Status.SUBMITTED, Status.IN_PROGRESS):
            allowed = certificate.eligibility.all_certifiable(certificate.findings(obj))
            return ["issue", "deficiency"] if allowed else ["deficiency", "refuse"]
        if status == Status.DEFICIENCY_REQUESTED:
            return ["reply"]
        if status == Status.DECIDED_APPROVED and obj.posted_at is None:
            return ["posted"]
        return []

    def perform(self, step, obj, data, user) -> None:
        case = obj.case
        match step:
            case "issue":
                certificate.issue(case, by=user)
            case "deficiency":
                certificate.send_deficiency_notice(
                    case, by=user, text=data["text"], deadline=data["deadline"]
                )
            case "reply":
                certificate.record_reply(case, by=user)
            case "refuse":
                certificate.refuse(case, by=user, reason=data["reason"])
            case "posted":
                certificate.mark_posted(case, by=user)

    @admin.display(description=_("facts asked"))
    def facts(self, obj) -> str:
        return "; ".join(obj.statements())

    @admin.display(description=_("register allows"), boolean=True)
    def register_allows(self, obj) -> bool:
        return certificate.eligibility.all_certifiable(certificate.findings(obj))

    @admin.display(description=_("what the register says"))
    def register_findings(self, obj) -> str:
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: <strong>{}</strong> ({})</li>",
                (
                    (
                        f.statement,
                        _("certifiable") if f.certifiable else _("not certifiable"),
                        f.register,
                    )
                    for f in certificate.findings(obj)
                ),
            ),
        )

    @admin.display(description=_("address"))
    def delivery_address(self, obj) -> str:
        return obj.address

    @admin.display(description=_("statutory deadline"), ordering="case__deadline")
    def deadline(self, obj):
        return obj.case.deadline

    @admin.display(description=_("state of the case"))
    def state(self, obj) -> str:
        return obj.case.get_status_display()


@admin.register(Certificate)
class CertificateAdmin(RecordsOpening, _StepsAdmin):
    opened_people = ("person",)
    list_display = ("number", "person", "issued_at", "valid_until", "revoked")
    search_fields = ("number",)
    readonly_fields = (
        "number",
        "person",
        "request",
        "content",
        "addressee_name",
        "postal_code",
        "settlement",
        "street_address",
        "issued_at",
        "issued_by",
        "valid_until",
        "revoked_at",
        "revocation_reason",
        "revoked_by",
    )
    fields = readonly_fields
    STEPS = {
        "revoke": (
            RevocationForm,
            _("Revoke the certificate"),
            _("The check answers 'not valid' from now on, and its share links show nothing."),
        )
    }

    def available_steps(self, obj) -> list[str]:
        return (
            ["revoke"] if obj.revoked_at is None and obj.valid_until >= timezone.localdate() else []
        )

    def perform(self, step, obj, data, user) -> None:
        certificate.revoke(obj, by=user, reason=data["reason"])

    @admin.display(description=_("content"))
    def content(self, obj) -> str:
        return "; ".join(obj.statements())

    @admin.display(description=_("revoked"), boolean=True)
    def revoked(self, obj) -> bool:
        return obj.revoked_at is not None


@admin.register(DataInfoRequest)
class DataInfoRequestAdmin(ApplicantColumns, _StepsAdmin):
    list_display = ("case", "applicant", "deadline", "posted_at", "state")
    list_select_related = ("case", "case__applicant", "case__applicant__person")
    readonly_fields = ("case", "applicant_full_name", "address", "posted_at", "state")
    fields = readonly_fields
    STEPS = {
        "answer": (
            ConfirmForm,
            _("Send the written answer"),
            _(
                "The letter is made from the register (data held, purpose, legal basis and "
                "duration of the processing), posted to the address given and placed in the "
                "citizen's document inbox."
            ),
        )
    }

    def available_steps(self, obj) -> list[str]:
        return ["answer"] if obj.case.status in (Status.SUBMITTED, Status.IN_PROGRESS) else []

    def perform(self, step, obj, data, user) -> None:
        data_info.answer(obj.case, by=user)

    @admin.display(description=_("statutory deadline"), ordering="case__deadline")
    def deadline(self, obj):
        return obj.case.deadline

    @admin.display(description=_("state of the case"))
    def state(self, obj) -> str:
        return obj.case.get_status_display()
