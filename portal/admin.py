"""The clerks' admin site: every clerk logs in with a password and a TOTP code."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import Heartbeat


class ClerkAuthenticationForm(OTPAdminAuthenticationForm):
    """Password and authenticator code on one page.

    django-otp asks for an explicit device choice; clerks have one TOTP device,
    so the form picks the clerk's own confirmed device instead of showing a
    device list. Only that one device is tried, once.
    """

    otp_token = forms.CharField(
        label=_("Code from the authenticator app"),
        help_text=_("The 6-digit code your authenticator app shows now."),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None and user is not None:
            device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        return device


# Replace the default site's class rather than the site object, so every app's
# `@admin.register` keeps working and still lands on the OTP-protected site.
admin.site.__class__ = OTPAdminSite
admin.site.login_form = ClerkAuthenticationForm
admin.site.login_template = "admin/clerk_login.html"
admin.site.site_header = _("Ügysegéd clerk workspace")
admin.site.site_title = _("Ügysegéd clerks")
admin.site.index_title = _("Case queue and registers")
# The sidebar repeats the index page and takes a fifth of a 1280 px screen that
# the case queue's columns need; the breadcrumbs lead back to the index.
admin.site.enable_nav_sidebar = False


@admin.action(permissions=["delete"], description=django_delete_selected.short_description)
def delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, with a success message whose noun follows the count.

    Django writes "Successfully deleted %(count)d %(items)s." with `items` already
    chosen by English rules (the plural verbose name when the count is not 1), and the
    catalogue cannot undo that choice: Hungarian keeps the noun singular after a
    number ("2 ügy törölve", never "2 ügyek"). So the message passes both names to
    `ngettext` and each language's catalogue picks one, as templates/admin/pagination.html
    does. Only the confirmed POST is handled here; the confirmation page (which names
    the objects without a number) and every check stay Django's.
    """
    if not request.POST.get("post"):
        return django_delete_selected(modeladmin, request, queryset)
    _objects, _counts, perms_needed, protected = modeladmin.get_deleted_objects(queryset, request)
    if protected:
        # Django's page lists what blocks the deletion.
        return django_delete_selected(modeladmin, request, queryset)
    if perms_needed:
        raise PermissionDenied
    count = len(queryset)
    if count:
        modeladmin.log_deletions(request, queryset)
        modeladmin.delete_queryset(request, queryset)
        modeladmin.message_user(
            request,
            ngettext(
                "Successfully deleted %(count)d %(singular)s.",
                "Successfully deleted %(count)d %(plural)s.",
                count,
            )
            % {
                "count": count,
                "singular": modeladmin.opts.verbose_name,
                "plural": modeladmin.opts.verbose_name_plural,
            },
            messages.SUCCESS,
        )
    return None


# Under Django's name, so it replaces the built-in action on every model admin.
admin.site.add_action(delete_selected, "delete_selected")


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "at")

    def has_add_permission(self, request) -> bool:
        return False
