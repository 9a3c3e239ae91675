"""Clerks' view of the accounts: the office registration, unlocking, new activation codes.

Search goes by username only: the register's personal data are never typed into a
search box here (search terms end up in access logs).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from access_log.admin_mixins import RecordsOpening
from portal.money import format_money
from ugyfelkapu import accounts, authentication
from ugyfelkapu.errors import Refused
from ugyfelkapu.forms import OfficeRegistrationForm
from ugyfelkapu.models import Account


class LockedFilter(admin.SimpleListFilter):
    title = _("locked")
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return [("yes", _("Locked now"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(locked_until__gt=timezone.now())
        return queryset


@admin.register(Account)
class AccountAdmin(RecordsOpening, admin.ModelAdmin):
    opened_people = ("person",)
    list_display = (
        "username",
        "kind",
        "is_active",
        "activated",
        "locked",
        "fee_due",
        "fee_paid",
        "registered_at",
    )
    list_filter = ("kind", "is_active", "registered_via", "fee_paid", LockedFilter)
    search_fields = ("username",)
    show_full_result_count = False
    date_hierarchy = "registered_at"
    fields = (
        "username",
        "person",
        "accounts_of_person",
        "email",
        "kind",
        "gateway_proof",
        "fee_due",
        "fee_paid",
        "registered_via",
        "registered_by",
        "registered_at",
        "is_active",
        "activated",
        "password_changed_at",
        "locked_until",
        "failed_logins",
        "last_login_at",
        "totp_confirmed_at",
        "phone_number",
        "subject",
    )
    readonly_fields = tuple(f for f in fields if f != "is_active")
    actions = ["unlock", "resend_activation_code", "reset_authenticator"]

    def get_urls(self):
        return [
            path(
                "register/",
                self.admin_site.admin_view(self.register_view),
                name="ugyfelkapu_account_register",
            ),
            *super().get_urls(),
        ]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # an account is closed (made inactive), its record kept

    def add_view(self, request, form_url="", extra_context=None):
        # "Add" is the office registration with its document check.
        return redirect("admin:ugyfelkapu_account_register")

    @admin.display(description=_("activated"), boolean=True)
    def activated(self, account: Account) -> bool:
        return account.has_password

    @admin.display(description=_("locked"), boolean=True)
    def locked(self, account: Account) -> bool:
        return account.is_locked()

    @admin.display(description=_("accounts of this person"))
    def accounts_of_person(self, account: Account) -> str:
        # Several accounts are allowed; the clerk sees them side by side.
        others = Account.objects.of_person(account.person_id)
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}, {})</li>',
                (
                    (
                        reverse("admin:ugyfelkapu_account_change", args=[other.pk]),
                        other.username,
                        other.get_kind_display(),
                        timezone.localdate(other.registered_at),
                    )
                    for other in others
                ),
            ),
        )

    def register_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        person_widget = ForeignKeyRawIdWidget(
            Account._meta.get_field("person").remote_field, self.admin_site
        )
        form = OfficeRegistrationForm(request.POST or None, person_widget=person_widget)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                account = accounts.register_at_office(
                    data["person"],
                    document_kind=data["document_kind"],
                    document_number=data["document_number"],
                    username=data["username"],
                    email=data["email"],
                    phone_number=data["phone_number"],
                    phone_code=data["phone_code"],
                    kind=data["kind"],
                    gateway_proof=data["gateway_proof"],
                    by=request.user,
                )
            except Refused as refusal:
                form.add_error(None, refusal.message)
            else:
                self.message_user(request, self._registered_message(account), messages.SUCCESS)
                return redirect("admin:ugyfelkapu_account_change", account.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Register an Ügyfélkapu+ account at the office"),
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "ugyfelkapu/admin/register.html", context)

    @staticmethod
    def _registered_message(account: Account) -> str:
        message = _(
            "Account %(username)s is registered; the activation code was e-mailed to the "
            "citizen (valid for 5 days)."
        ) % {"username": account.username}
        if account.fee_due:
            message += " " + _("This is a further account: a fee of %(fee)s is due.") % {
                "fee": format_money(account.fee_due)
            }
        return message

    @admin.action(description=_("Unlock the selected accounts"))
    def unlock(self, request, queryset) -> None:
        for account in queryset:
            authentication.unlock_account(account, by=request.user)
        self.message_user(request, _("Unlocked: %(count)d") % {"count": len(queryset)})

    @admin.action(description=_("Send a new activation code"))
    def resend_activation_code(self, request, queryset) -> None:
        sent, skipped = 0, []
        for account in queryset:
            try:
                accounts.send_activation_code(account, by=request.user)
                sent += 1
            except Refused:
                skipped.append(account.username)
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d activation code sent.", "%(count)d activation codes sent.", sent
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _(
                    "These accounts already have a password, no code was sent (the citizen "
                    "can use “Forgotten password”): %(usernames)s"
                )
                % {"usernames": ", ".join(skipped)},
                messages.WARNING,
            )

    @admin.action(description=_("Switch back to e-mail codes (lost authenticator app)"))
    def reset_authenticator(self, request, queryset) -> None:
        for account in queryset:
            authentication.reset_authenticator(account, by=request.user)
        self.message_user(
            request,
            _("Switched back to e-mail codes: %(count)d") % {"count": len(queryset)},
        )
