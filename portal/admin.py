"""The clerks' admin site: every clerk logs in with a password and a TOTP code."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from portal.models import Heartbeat

# Replace the default site's class rather than the site object, so every app's
# `@admin.register` keeps working and still lands on the OTP-protected site.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = _("Ügysegéd clerk workspace")
admin.site.site_title = _("Ügysegéd clerks")
admin.site.index_title = _("Case queue and registers")


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "at")

    def has_add_permission(self, request) -> bool:
        return False
