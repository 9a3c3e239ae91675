"""What the clerk pages of the vehicle services share: the detail row is read-only
(it changes only through the service's actions) and shows the case's state and
the files the citizen attached."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _


class CaseDetailAdmin(admin.ModelAdmin):
    list_select_related = ("case", "vehicle")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + list(self.readonly_fields)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("state of the case"))
    def state(self, detail) -> str:
        return detail.case.get_status_display()

    @staticmethod
    def attachment_links(detail, kind: str) -> str:
        files = detail.case.attachments.filter(kind=kind)
        if not files:
            return "–"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("cases:attachment_download", args=[a.pk]), a.original_name) for a in files),
        )
