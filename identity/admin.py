from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from identity.models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ("username", "email", "is_staff", "office", "is_active")
    list_filter = ("is_staff", "is_active", "office")
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Portal"), {"fields": ("person", "office", "preferred_language")}),
    )
    raw_id_fields = ("person",)
