"""The access log in the admin: readable by those allowed, never changed or deleted."""

from __future__ import annotations

from django.contrib import admin

from access_log.admin_mixins import RecordsOpening
from access_log.models import AccessRecord


@admin.register(AccessRecord)
class AccessRecordAdmin(RecordsOpening, admin.ModelAdmin):
    # Reading who looked at someone is itself a look at them.
    opened_people = ("person",)
    list_display = ("at", "accessor_kind", "role", "office", "data", "case_reference")
    list_filter = ("accessor_kind", "data")
    search_fields = ("=case_reference",)
    date_hierarchy = "at"
    show_full_result_count = False
    readonly_fields = (
        "person",
        "at",
        "accessor_kind",
        "official",
        "role",
        "office",
        "data",
        "items",
        "purpose",
        "case_reference",
    )
    fields = readonly_fields
    actions = None  # no bulk delete

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
