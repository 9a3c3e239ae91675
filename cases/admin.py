"""The clerk queue: cases with filters, assignment, status moves and the timeline.

Every status change made here goes through `cases.workflow.transition`.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from access_log.admin_mixins import RecordsOpening
from cases import registry
from cases.actions import add_attachment, assign_case
from cases.admin_display import (
    applicant_cell,
    applicant_name,
    birth_data,
    can_see_personal_id,
    event_word,
    mother_name,
    personal_id_for,
    search_applicants,
    status_word,
)
from cases.flow import DocumentField
from cases.models import (
    Attachment,
    CalendarOverride,
    Case,
    CaseEvent,
    IssuedDocument,
    writing_language,
)
from cases.workflow import Status, TransitionNotAllowed, allowed_moves, transition


class CaseTypeFilter(admin.SimpleListFilter):
    title = _("case type")
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return registry.choices()

    def queryset(self, request, queryset):
        return queryset.filter(case_type=self.value()) if self.value() else queryset


class DeadlineFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("3", _("Due within 3 days")),
            ("8", _("Due within 8 days")),
            ("15", _("Due within 15 days")),
            ("suspended", _("Clock suspended")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "overdue":
            return queryset.overdue()
        if value == "suspended":
            return queryset.open().filter(suspended_since__isnull=False)
        if value and value.isdigit():
            return queryset.due_within(int(value))
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = _("assigned")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", _("Assigned to me")), ("nobody", _("Not assigned"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class _RecordInline(admin.TabularInline):
    """A part of the case record: shown, never added or removed by hand."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class CaseEventInline(_RecordInline):
    model = CaseEvent
    verbose_name_plural = _("Timeline")
    fields = ("at", "what", "status_change", "actor", "note", "public")

    @admin.display(description=_("event"))
    def what(self, event: CaseEvent) -> str:
        return event_word(event)

    @admin.display(description=_("status change"))
    def status_change(self, event: CaseEvent) -> str:
        if not event.to_status:
            return "—"
        if not event.from_status:
            return status_word(event.to_status)
        return f"{status_word(event.from_status)} → {status_word(event.to_status)}"


class AttachmentForm(forms.ModelForm):
    # The clerk's uploads pass the same checks and scan as a citizen's, and an
    # image is stored re-encoded.
    file = DocumentField(label=_("file"))

    class Meta:
        model = Attachment
        fields = ("kind", "file")


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    fields = (
        "kind",
        "file",
        "download",
        "content_type",
        "size",
        "malware_scan",
        "sha256",
        "uploaded_at",
    )
    readonly_fields = ("download", "content_type", "size", "malware_scan", "sha256", "uploaded_at")
    extra = 0
    can_delete = False  # evidence of the procedure is kept

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # attachments are evidence: added, never edited

    @admin.display(description=_("download"))
    def download(self, attachment: Attachment) -> str:
        if not attachment.pk:
            return "—"
        url = reverse("cases:attachment_download", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name or _("file"))


class IssuedDocumentInline(_RecordInline):
    model = IssuedDocument
    # The name in the clerk's language rather than the stored title and kind code:
    # the title keeps the language the document was issued in.
    fields = ("name", "verification_code", "sha256", "size", "created_at", "public")

    @admin.display(description=_("title"))
    def name(self, document: IssuedDocument) -> str:
        return document.title_in_active_language


class CaseAdminForm(forms.ModelForm):
    move_to = forms.ChoiceField(label=_("Change status to"), required=False)
    move_note = forms.CharField(
        label=_("Note for the timeline"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Said, not guessed: the citizen's page marks a note in another language than its own.
    move_note_language = forms.ChoiceField(
        label=_("Language of the note"), choices=settings.LANGUAGES, required=False
    )

    class Meta:
        model = Case
        fields = ("office", "assigned_to")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        moves = allowed_moves(self.instance.status) if self.instance.pk else frozenset()
        self.fields["move_to"].choices = [("", "—")] + [
            (s.value, s.label) for s in Status if s in moves
        ]
        self.fields["move_note_language"].initial = writing_language()

    def clean(self):
        data = super().clean()
        if data.get("move_to") == Status.DEFICIENCY_REQUESTED and not data.get("move_note"):
            self.add_error("move_note", _("Say what is missing: the citizen will read this note."))
        return data


def _status_action(target: Status):
    def action(modeladmin, request, queryset):
        moved, refused = 0, []
        for case in queryset:
            try:
                with transaction.atomic():
                    transition(case, target, by=request.user)
                moved += 1
            except TransitionNotAllowed:
                refused.append(case.reference)
        if moved:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d case moved to “%(status)s”.",
                    "%(count)d cases moved to “%(status)s”.",
                    moved,
                )
                % {"count": moved, "status": target.label},
                messages.SUCCESS,
            )
        if refused:
            modeladmin.message_user(
                request,
                _("Not allowed from their current status, left unchanged: %(refs)s")
                % {"refs": ", ".join(refused)},
                messages.WARNING,
            )

    action.__name__ = f"move_to_{target.value}"
    action.short_description = _("Move to: %(status)s") % {"status": target.label}
    return action


def _identifier_field_for(request, fields) -> tuple:
    if not can_see_personal_id(request.user):
        return tuple(fields)
    return tuple(
        "applicant_personal_id_full" if name == "applicant_personal_id" else name for name in fields
    )


@admin.register(Case)
class CaseAdmin(RecordsOpening, admin.ModelAdmin):
    form = CaseAdminForm
    # Opening one case shows the applicant's data: the citizen sees that it happened
    # (who looked at my data). The list view records nothing.
    opened_case = ""
    # Nine columns at most fit a 1280 px screen beside the filters; the office
    # is a filter and the received day is on the case page.
    list_display = (
        "reference",
        "type_label",
        "applicant_display",
        "status",
        "assigned_to",
        "deadline_display",
    )
    list_filter = (CaseTypeFilter, "status", "office", DeadlineFilter, AssignedFilter)
    # Applicants are searched by name or whole personal identifier in
    # `get_search_results`; these fields match anywhere.
    search_fields = ("reference", "receipt_code")
    search_help_text = _(
        "Search by reference, receipt code, applicant name or whole personal identifier."
    )
    list_select_related = ("office", "assigned_to", "applicant", "applicant__person")
    readonly_fields = (
        "reference",
        "receipt_code",
        "type_label",
        "status",
        "applicant_full_name",
        "applicant_birth",
        "applicant_mother",
        "applicant_personal_id",
        "created_at",
        "received_on",
        "deadline",
        "suspended_since",
        "suspended_days",
        "decided_on",
        "closed_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    "receipt_code",
                    "type_label",
                    "status",
                )
            },
        ),
        (
            _("Applicant"),
            {
                "fields": (
                    "applicant_full_name",
                    "applicant_birth",
                    "applicant_mother",
                    "applicant_personal_id",
                )
            },
        ),
        (
            _("Work"),
            {"fields": ("office", "assigned_to", "move_to", "move_note", "move_note_language")},
        ),
        (
            _("Dates"),
            {
                "fields": (
                    "created_at",
                    "received_on",
                    "deadline",
                    "suspended_since",
                    "suspended_days",
                    "decided_on",
                    "closed_at",
                )
            },
        ),
    )
    inlines = (AttachmentInline, CaseEventInline, IssuedDocumentInline)
    empty_value_display = "—"
    actions = ["assign_to_me"] + [_status_action(s) for s in Status if s != Status.DRAFT]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False  # cases are filed by citizens or through in-person flows

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the record of a procedure is never deleted from the queue

    @admin.display(description=_("case type"), ordering="case_type")
    def type_label(self, case: Case) -> str:
        return str(case.type.label) if registry.is_registered(case.case_type) else case.case_type

    @admin.display(description=_("applicant"), ordering="applicant__last_name")
    def applicant_display(self, case: Case) -> str:
        return applicant_cell(case)

    @admin.display(description=_("name"))
    def applicant_full_name(self, case: Case) -> str:
        return applicant_name(case)

    @admin.display(description=_("birth name, place and date of birth"))
    def applicant_birth(self, case: Case) -> str:
        return birth_data(case)

    @admin.display(description=_("mother's birth name"))
    def applicant_mother(self, case: Case) -> str:
        return mother_name(case)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        by_applicant = search_applicants(queryset, search_term)
        if by_applicant is not None:
            results = results | by_applicant
        return results, may_have_duplicates

    # Which of the two identifier fields a clerk gets depends on the role; the
    # admin instance is shared by all requests, so the choice is made per request
    # here rather than kept on `self`.
    def get_readonly_fields(self, request, obj=None):
        return _identifier_field_for(request, super().get_readonly_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        return [
            (name, {**options, "fields": _identifier_field_for(request, options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]

    @admin.display(description=_("personal identifier"))
    def applicant_personal_id(self, case: Case) -> str:
        return personal_id_for(case, full=False)

    @admin.display(description=_("personal identifier"))
    def applicant_personal_id_full(self, case: Case) -> str:
        return personal_id_for(case, full=True)

    @admin.display(description=_("deadline"), ordering="deadline")
    def deadline_display(self, case: Case) -> str:
        if not case.deadline:
            return "—"
        # The date never breaks; the note under it may.
        deadline = format_html('<span class="nowrap">{}</span>', date_format(case.deadline))
        if case.suspended_since:
            return format_html("{}<br><span>({})</span>", deadline, _("suspended"))
        if case.is_overdue:
            return format_html(
                '<strong class="overdue">{}<br>({})</strong>', deadline, _("overdue")
            )
        if case.deadline <= timezone.localdate() + timedelta(days=3):
            return format_html("<strong>{}</strong>", deadline)
        return deadline

    @admin.action(description=_("Assign to me"))
    def assign_to_me(self, request, queryset) -> None:
        for case in queryset:
            assign_case(case, to=request.user, by=request.user)
        self.message_user(request, _("Assigned to you: %(count)d") % {"count": queryset.count()})

    def save_model(self, request, obj: Case, form, change: bool) -> None:
        if "assigned_to" in form.changed_data:
            assign_case(obj, to=form.cleaned_data["assigned_to"], by=request.user)
        # Only the office is saved directly; status moves go through the workflow.
        Case.objects.filter(pk=obj.pk).update(office=form.cleaned_data["office"])
        target = form.cleaned_data.get("move_to")
        if target:
            try:
                transition(
                    obj,
                    target,
                    by=request.user,
                    note=form.cleaned_data.get("move_note", ""),
                    note_language=form.cleaned_data.get("move_note_language") or None,
                )
            except TransitionNotAllowed:
                self.message_user(
                    request,
                    _("That status change is no longer allowed: the case moved meanwhile."),
                    messages.ERROR,
                )

    def save_formset(self, request, form, formset, change: bool) -> None:
        if formset.model is not Attachment:
            return super().save_formset(request, form, formset, change)
        # New attachments go through the same checks and event as a citizen's upload.
        formset.new_objects = [
            add_attachment(
                form.instance,
                inline_form.cleaned_data["file"],
                kind=inline_form.cleaned_data["kind"],
                by=request.user,
            )
            for inline_form in formset.forms
            if inline_form.has_changed() and not inline_form.instance.pk
        ]
        formset.changed_objects, formset.deleted_objects = [], []


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "note")
    list_filter = ("kind",)
    date_hierarchy = "day"
