"""The clerk's side of the register services.

The register's own tables (address list, boxes, service points) are kept by the
registry office; the statements (refusals, packages, consents, bans) change only
through the services, and are read-only here. The clerk steps the service
descriptions name (entering a ban, a notification address, a refusal, an alert
package or a landlord's declaration within 8 days) are actions on the requests'
lists; a notification address an office found not real is marked from its list.
Opening one request's page is recorded in the citizen's access list.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from access_log.admin_mixins import RecordsOpening
from cases.admin_mixins import ApplicantColumns
from cases.workflow import Status, TransitionNotAllowed
from register import (
    disclosure_ban,
    landlord_declaration,
    notification_address,
    notification_address_alerts,
    notification_address_refusal,
)
from register.models import (
    AddressRefusal,
    AlertPackage,
    AlertRequest,
    ChangeNotice,
    DisclosureBan,
    DisclosureBanRequest,
    LandlordConsent,
    LandlordDeclaration,
    NotificationAddress,
    NotificationAddressRequest,
    PostOfficeBox,
    Property,
    RefusalRequest,
    ServicePoint,
)

OPEN = (Status.SUBMITTED, Status.IN_PROGRESS)


@admin.register(Property)
class PropertyAdmin(RecordsOpening, admin.ModelAdmin):
    opened_people = ("holder",)
    list_display = ("postal_code", "settlement", "street_address")
    search_fields = ("=postal_code", "settlement", "street_address")
    raw_id_fields = ("holder",)
    show_full_result_count = False


@admin.register(PostOfficeBox)
class PostOfficeBoxAdmin(RecordsOpening, admin.ModelAdmin):
    opened_people = ("tenant",)
    list_display = ("postal_code", "settlement", "number")
    search_fields = ("=postal_code", "=number")
    raw_id_fields = ("tenant",)


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "postal_code", "settlement")
    search_fields = ("code", "name", "settlement")


class _ReadOnly(RecordsOpening, admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NotificationAddress)
class NotificationAddressAdmin(_ReadOnly):
    opened_people = ("person",)
    list_display = ("address", "kind", "declared_on", "lapses_on", "not_real_since", "ended_on")
    list_filter = ("kind", "ended_on")
    actions = ["mark_not_real"]

    def has_change_permission(self, request, obj=None) -> bool:
        # Needed for the action; the form itself shows read-only fields.
        return request.user.has_perm("register.change_notificationaddress")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description=_("Found not real: invalidate the notification address"))
    def mark_not_real(self, request, queryset) -> None:
        for item in queryset:
            notification_address.mark_not_real(item, by=request.user)
        self.message_user(request, gettext("Invalidated: %(count)d") % {"count": queryset.count()})


@admin.register(AddressRefusal)
class AddressRefusalAdmin(_ReadOnly):
    opened_people = ("refuser",)
    list_display = ("__str__", "since", "revoked_on")


@admin.register(AlertPackage)
class AlertPackageAdmin(_ReadOnly):
    opened_people = ("holder",)
    list_display = ("property", "starts_on", "ends_on", "ended_on", "ending")
    list_filter = ("ending",)


@admin.register(LandlordConsent)
class LandlordConsentAdmin(_ReadOnly):
    opened_people = ("landlord",)
    list_display = ("property", "mode", "since", "ended_on")


@admin.register(DisclosureBan)
class DisclosureBanAdmin(_ReadOnly):
    opened_people = ("person",)
    list_display = ("purpose", "channel", "since", "lifted_on")
    list_filter = ("purpose", "channel")


class RequestAdmin(ApplicantColumns, admin.ModelAdmin):
    """A service's requests: read-only rows, the clerk steps as actions."""

    list_display = ("case", "applicant", "state")
    list_filter = ("case__status",)
    search_fields = ("=case__reference",)
    list_select_related = ("case", "case__applicant")
    enter = None  # the service's clerk step: (case, *, by) -> ...

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("state of the case"))
    def state(self, detail) -> str:
        return detail.case.get_status_display()

    def _each_open(self, request, queryset, work) -> None:
        done, skipped = 0, 0
        for detail in queryset.select_related("case__applicant__person"):
            if detail.case.status not in OPEN:
                skipped += 1
                continue
            self.record_opening(detail, by=request.user)
            try:
                work(detail.case)
            except REFUSALS as error:  # the register no longer allows it: the clerk is told
                self.message_user(
                    request,
                    gettext("%(reference)s cannot be entered: %(reason)s")
                    % {"reference": detail.case.reference, "reason": error},
                    messages.ERROR,
                )
                continue
            done += 1
        self.message_user(request, gettext("Done: %(count)d") % {"count": done})
        if skipped:
            self.message_user(
                request,
                gettext("Not open, left alone: %(count)d") % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Enter in the register (approve)"))
    def enter_in_register(self, request, queryset) -> None:
        self._each_open(request, queryset, lambda case: type(self).enter(case, by=request.user))

    @admin.action(description=_("Refuse: the request cannot be entered"))
    def refuse(self, request, queryset) -> None:
        self._each_open(
            request,
            queryset,
            lambda case: notification_address.refuse(
                case, by=request.user, note=gettext("The register does not allow the request.")
            ),
        )

    actions = ["enter_in_register", "refuse"]


REFUSALS = (
    notification_address.CannotEnter,
    notification_address_alerts.CannotEnter,
    landlord_declaration.CannotEnter,
    TransitionNotAllowed,
)


@admin.register(DisclosureBanRequest)
class DisclosureBanRequestAdmin(RequestAdmin):
    list_display = ("case", "applicant", "research", "polls", "marketing", "entered_on", "state")
    enter = staticmethod(disclosure_ban.enter_in_register)


@admin.register(NotificationAddressRequest)
class NotificationAddressRequestAdmin(RequestAdmin):
    list_display = ("case", "applicant", "action", "kind", "declared_on", "state")
    enter = staticmethod(notification_address.enter_in_register)


@admin.register(RefusalRequest)
class RefusalRequestAdmin(RequestAdmin):
    list_display = ("case", "applicant", "action", "state")
    enter = staticmethod(notification_address_refusal.enter_in_register)


@admin.register(AlertRequest)
class AlertRequestAdmin(RequestAdmin):
    list_display = ("case", "applicant", "action", "state")
    enter = staticmethod(notification_address_alerts.enter_in_register)


@admin.register(LandlordDeclaration)
class LandlordDeclarationAdmin(RequestAdmin):
    list_display = ("case", "applicant", "property", "mode", "state")
    enter = staticmethod(landlord_declaration.enter_in_register)
    actions = ["enter_in_register", "refuse", "facts_unclear"]

    @admin.action(description=_("Facts not clear: the deadline is 21 days"))
    def facts_unclear(self, request, queryset) -> None:
        self._each_open(
            request, queryset, lambda case: landlord_declaration.mark_unclear(case, by=request.user)
        )


@admin.register(ChangeNotice)
class ChangeNoticeAdmin(RequestAdmin):
    list_display = ("case", "applicant", "body", "state")
    actions = None
