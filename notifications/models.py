"""The outbox: every message the portal sends is a row here first.

A row is written in the same transaction as the change it reports, and a task
delivers it after the commit. A dead worker or a broker restart cannot lose a
message: the beat job re-queues rows that stayed queued for too long.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        LETTER = "letter", _("Letter")
        FAX = "fax", _("Fax")
        # A body's official electronic gateway (hivatali kapu).
        GATEWAY = "gateway", _("Official gateway")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    template = models.CharField(_("template"), max_length=100)
    language = models.CharField(_("language"), max_length=5, default="hu")
    context = models.JSONField(_("context"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Files sent with an e-mail: [{"filename", "content_type", "content"}], text only
    # (an appointment's iCalendar file); kept with the row so a retry sends them too.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Set by callers that must not send the same message twice (e.g. reminders).
    dedupe_key = models.CharField(
        _("deduplication key"), max_length=150, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.template} ({self.get_state_display()})"
