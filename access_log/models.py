"""The access log: one row per access to one citizen's register data or case.

Rows are written once by `access_log.record` and never changed or deleted: the
model refuses both, and the admin offers neither. Texts that the citizen reads
(what was looked at, for what purpose) are stored as English message ids and
translated when shown, so a record written by a Hungarian clerk reads in
English for an English-speaking citizen.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from access_log.vocabulary import item_label


class ImmutableRecord(Exception):
    """An access record cannot be changed or deleted once written."""


class AccessRecord(models.Model):
    class Accessor(models.TextChoices):
        OFFICIAL = "official", _("official")
        BODY = "body", _("joined body")

    class Data(models.TextChoices):
        CASE = "case", _("case file")
        REGISTER = "register", _("data in the personal data and address register")
        CHANGE_NOTICE = "change_notice", _("changed data sent in a change notice")
        DATA_RELEASE = "data_release", _("data released from the register")

    person = models.ForeignKey(
        "population.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="access_records",
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True, editable=False)
    accessor_kind = models.CharField(_("accessed by"), max_length=10, choices=Accessor.choices)
    # The official's account (kept for audits; not shown to the citizen, who sees
    # the role and the office).
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=200)
    office = models.CharField(_("office or body"), max_length=300, blank=True)
    data = models.CharField(_("data"), max_length=20, choices=Data.choices)
    # Register items concerned (codes of access_log.vocabulary), when not the whole record.
    items = models.JSONField(_("data items"), default=list, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    case_reference = models.CharField(_("case"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["person", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.role}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableRecord(f"access record {self.pk} cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord(f"access record {self.pk} cannot be deleted")

    @property
    def role_display(self) -> str:
        return gettext(self.role) if self.role else ""

    @property
    def office_display(self) -> str:
        return gettext(self.office) if self.office else ""

    @property
    def purpose_display(self) -> str:
        return gettext(self.purpose) if self.purpose else ""

    @property
    def items_display(self) -> str:
        return ", ".join(item_label(code) for code in self.items)
