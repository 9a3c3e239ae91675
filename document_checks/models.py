"""When a citizen's documents were checked anonymously: the time, never who.

One row per answered check of a register document (validity), a production order
(status) or an issued PDF (the verification page). Nothing the visitor typed, no
address, no answer beyond which document it was: the holder sees how many times
and when (`check_log.for_holder`).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnonymousCheck(models.Model):
    class Kind(models.TextChoices):
        VALIDITY = "validity", _("validity check")
        STATUS = "status", _("production status lookup")
        VERIFICATION = "verification", _("verification of an issued document")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    production_order = models.ForeignKey(
        "documents.ProductionOrder",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    issued_document = models.ForeignKey(
        "cases.IssuedDocument",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("anonymous check")
        verbose_name_plural = _("anonymous checks")
        constraints = [
            models.CheckConstraint(
                name="anonymous_check_of_one_thing",
                condition=(
                    models.Q(
                        document__isnull=False,
                        production_order__isnull=True,
                        issued_document__isnull=True,
                    )
                    | models.Q(
                        document__isnull=True,
                        production_order__isnull=False,
                        issued_document__isnull=True,
                    )
                    | models.Q(
                        document__isnull=True,
                        production_order__isnull=True,
                        issued_document__isnull=False,
                    )
                ),
            )
        ]
        indexes = [
            models.Index(fields=["document", "checked_at"], name="anon_check_document"),
            models.Index(fields=["production_order", "checked_at"], name="anon_check_order"),
            models.Index(fields=["issued_document", "checked_at"], name="anon_check_issued"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.checked_at:%Y-%m-%d %H:%M}"
