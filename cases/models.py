"""The shared spine of every request: Case, its events, files and documents.

Each case type keeps its own data in a one-to-one detail model in its app;
the queue and "My requests" read only `Case`. `status` is written only by
`cases.workflow.transition`.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cases.events import event_label
from cases.uploads import ScanResult, validate_upload
from cases.workflow import Status


def writing_language() -> str:
    """The language a stored text is written in when nobody says otherwise: the one
    active while it is written (the clerk's or the citizen's interface language, the
    language a task renders in). Pages mark the text with it where it differs from
    theirs (`portal_tags.in_language`)."""
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


class CaseQuerySet(models.QuerySet):
    def for_applicant(self, user) -> CaseQuerySet:
        return self.filter(applicant=user)

    def open(self) -> CaseQuerySet:
        return self.exclude(status__in=Status.final())

    def overdue(self, today: date | None = None) -> CaseQuerySet:
        today = today or timezone.localdate()
        return self.open().filter(deadline__lt=today, suspended_since__isnull=True)

    def due_within(self, days: int, today: date | None = None) -> CaseQuerySet:
        today = today or timezone.localdate()
        return self.open().filter(
            deadline__gte=today,
            deadline__lte=today + timedelta(days=days),
            suspended_since__isnull=True,
        )


@functools.cache
def _one_to_one_of(model) -> tuple[str, ...]:
    """The rows hanging one-to-one off a detail row (a criminal record request's
    certificate, say): the case page shows them, so they come in the detail's query."""
    return tuple(relation.name for relation in model._meta.related_objects if relation.one_to_one)


class Case(models.Model):
    """One request of one citizen, of one registered case type."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    receipt_code = models.CharField(_("receipt code"), max_length=12, unique=True, editable=False)
    case_type = models.CharField(_("case type"), max_length=60, db_index=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    # Anonymous services (e.g. foreign address change) record who filed here.
    applicant_name = models.CharField(_("applicant name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    office = models.ForeignKey(
        "appointments.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned clerk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    deadline_days = models.PositiveSmallIntegerField(
        _("statutory deadline (days)"), null=True, blank=True
    )
    deadline = models.DateField(_("statutory deadline"), null=True, blank=True, db_index=True)
    # While a deficiency notice is open the deadline clock stands still
    # (Ákr. 50. § (5)); the paused periods are kept as events.
    suspended_since = models.DateField(_("suspended since"), null=True, blank=True)
    suspended_days = models.PositiveIntegerField(_("days suspended"), default=0)
    # A draft's answers, step by step, as the citizen typed them (see cases/flow.py);
    # emptied at submission, when the type's detail row holds the data.
    draft_data = models.JSONField(_("draft answers"), default=dict, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "deadline"])]
        # Clerks see applicants' identifiers masked; a role that must compare the
        # whole identifier (e.g. a supervisor) is given this (cases/admin_display.py).
        permissions = [
            ("view_personal_identifier", _("Can see applicants' whole personal identifier"))
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("portal:case_detail", args=[self.reference])

    @property
    def type(self):
        from cases import registry

        return registry.get(self.case_type)

    @property
    def detail(self):
        """The type's detail row (one-to-one), or None before it is saved."""
        if "_detail" not in self.__dict__:
            from django.apps import apps

            label = self.type.detail_model
            model = apps.get_model(label) if label else None
            self.__dict__["_detail"] = (
                model.objects.filter(case=self).select_related(*_one_to_one_of(model)).first()
                if model and self.pk
                else None
            )
        return self.__dict__["_detail"]

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.deadline
            and self.status not in Status.final()
            and not self.suspended_since
            and self.deadline < timezone.localdate()
        )


class CaseEvent(models.Model):
    """An entry of the case timeline: every transition and every notable action."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=60)  # e.g. "case.submitted"
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(_("from status"), max_length=30, blank=True)
    to_status = models.CharField(_("to status"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The language the note is written in (a Hungarian note on an English page is
    # read out as Hungarian); the clerk's admin form names it explicitly.
    note_language = models.CharField(
        _("language of the note"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=writing_language,
    )
    # Shown on the citizen's case page; internal clerk notes are not.
    public = models.BooleanField(_("visible to the citizen"), default=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case}: {event_label(self.kind, self.to_status)}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    # Never keep the citizen's file name in the path: it may carry personal data.
    return f"attachments/{instance.case.uuid}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file uploaded to a case, as stored after `cases.uploads.inspect_upload`:
    checked by content and size, scanned for malware, images re-encoded."""

    class Kind(models.TextChoices):
        CONTRACT = "contract", _("Contract")
        POLICE_REPORT = "police_report", _("Police report")
        CERTIFICATE = "certificate", _("Certificate")
        DECLARATION = "declaration", _("Declaration")
        OTHER = "other", _("Other document")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to=_attachment_path, validators=[validate_upload])
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=60, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    # What the clerk must know before opening the file: whether ClamAV looked at
    # it. Rows from before scanning existed were not scanned.
    malware_scan = models.CharField(
        _("malware scan"),
        max_length=20,
        choices=ScanResult.choices,
        default=ScanResult.NOT_SCANNED,
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.get_kind_display()


class IssuedDocument(models.Model):
    """A PDF the portal produced for a case, stored once with its SHA-256 and
    a verification code."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=60)  # e.g. "payment_receipt"
    title = models.CharField(_("title"), max_length=200)
    # The language the document, and so its stored `title`, is written in.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=writing_language
    )
    file = models.FileField(_("file"), upload_to="issued/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    public = models.BooleanField(_("downloadable by the citizen"), default=True)
    # Printed on the PDF with a QR code of the public check page; made once, by
    # `cases.pdf.issue_document` (see cases/verification.py for its shape).
    verification_code = models.CharField(
        _("verification code"), max_length=16, unique=True, editable=False
    )
    # The document inbox (cases/inbox.py): letters that reach the citizen only in the
    # portal, never on paper or by e-mail (e.g. the PIN letter of a new ID card).
    delivered_at = models.DateTimeField(_("delivered to the inbox"), null=True, blank=True)
    read_at = models.DateTimeField(_("first opened in the inbox"), null=True, blank=True)
    # The public verification page (/verify/<code>/) answers from these: a document is
    # valid until `valid_until` (None: no expiry, e.g. a decision) unless revoked
    # (`cases.verification.revoke`), and no longer valid once the register document it
    # certifies (`register_document`, e.g. the ID card a PIN letter belongs to) is.
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason of revocation"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    register_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("register document it certifies"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["created_at", "pk"]
        constraints = [
            # A document kind is rendered once per case; re-running the task is a no-op.
            models.UniqueConstraint(fields=["case", "kind"], name="issued_document_once_per_kind")
        ]
        indexes = [
            models.Index(
                fields=["delivered_at"],
                condition=models.Q(delivered_at__isnull=False),
                name="issued_document_in_inbox",
            )
        ]

    def __str__(self) -> str:
        return self.title_in_active_language

    @property
    def title_in_active_language(self) -> str:
        """The name for the reader, the citizen's or the clerk's language (`title`
        keeps the language the document was issued in)."""
        from cases import documents, registry

        case_type = self.case.case_type
        spec = (
            registry.get(case_type).documents.get(self.kind)
            if registry.is_registered(case_type)
            else None
        )
        return documents.title_in_active_language(self.kind, spec, self.title)

    @property
    def title_language(self) -> str:
        """The language of `title_in_active_language`: the reader's, unless only the
        stored title names the document."""
        if self.title_in_active_language == self.title:
            return self.language
        return translation.get_language() or settings.LANGUAGE_CODE

    @staticmethod
    def digest(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()


class ReferenceCounter(models.Model):
    """The last reference number handed out in a year (see `cases.references`)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class CalendarOverride(models.Model):
    """A day whose working status differs from what the `holidays` package knows.

    The yearly decree on moved working days is published in the year before;
    until the package catches up, an administrator enters the days here. An
    override always wins over the package.
    """

    class Kind(models.TextChoices):
        REST_DAY = "rest_day", _("Non-working day")
        WORKING_DAY = "working_day", _("Working day")

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["rest_day", "working_day"]), name="calendar_override_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()}"
