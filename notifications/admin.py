from __future__ import annotations

from django.contrib import admin

from access_log.admin_mixins import RecordsOpening
from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(RecordsOpening, admin.ModelAdmin):
    opened_case = "case"
    list_display = ("created_at", "channel", "template", "state", "attempts", "case")
    list_filter = ("channel", "state", "template")
    readonly_fields = [f.name for f in Notification._meta.fields]
    # Recipients are personal data: searchable by case reference only.
    search_fields = ("case__reference",)

    def has_add_permission(self, request) -> bool:
        return False
