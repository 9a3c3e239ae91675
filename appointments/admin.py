from __future__ import annotations

from django.contrib import admin

from appointments.models import Office


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "settlement", "phone")
    list_filter = ("kind",)
    search_fields = ("name", "settlement")
