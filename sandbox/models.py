from __future__ import annotations

from django.db import models
from django.utils import timezone


class CapturedMessage(models.Model):
    """An e-mail or SMS the portal sent while running in the sandbox."""

    channel = models.CharField(max_length=10, default="email")
    sender = models.CharField(max_length=254, blank=True)
    recipients = models.CharField(max_length=1000)
    subject = models.CharField(max_length=250, blank=True)
    text = models.TextField()
    html = models.TextField(blank=True)
    captured_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-captured_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.recipients}: {self.subject}"
