from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from access_log.admin_mixins import RecordsOpening
from identity.models import User
from portal.forms import ModelMultipleChoiceField


@admin.register(User)
class PortalUserAdmin(RecordsOpening, UserAdmin):
    opened_people = ("person",)
    list_display = ("username", "email", "is_staff", "office", "is_active")
    list_filter = ("is_staff", "is_active", "office")
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Portal"), {"fields": ("person", "office", "preferred_language")}),
    )
    raw_id_fields = ("person",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Groups and permissions: an id too wide for SQLite is an unknown choice.
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
