"""The card records for supervisors: read only. Nothing here changes a card operation or
the audit trail; the chain's integrity is shown on the audit list."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from access_log.admin_mixins import RecordsOpening
from eszemelyi import audit
from eszemelyi.models import CardAuditEvent, CardBinding, CardOperation, EsignCertificate


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CardOperation)
class CardOperationAdmin(RecordsOpening, ReadOnlyAdmin):
    opened_case = "case"
    opened_people = ("user__person",)
    list_display = ("created_at", "kind", "state", "result_code", "case")
    list_filter = ("kind", "state")
    exclude = ("params_sealed", "gp_sealed", "nonce_hash", "session_hash")
    search_fields = ("=id", "case__reference")


@admin.register(CardAuditEvent)
class CardAuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "code", "operation_ref", "bridge_version")
    list_filter = ("kind",)
    search_fields = ("=operation_ref", "=user_ref")

    def changelist_view(self, request, extra_context=None):
        broken = audit.verify_chain()
        extra_context = {
            **(extra_context or {}),
            "title": _("Card audit events (chain intact)")
            if broken is None
            else _("Card audit events (chain broken at event %(pk)s)") % {"pk": broken},
        }
        return super().changelist_view(request, extra_context)


@admin.register(CardBinding)
class CardBindingAdmin(RecordsOpening, ReadOnlyAdmin):
    opened_people = ("user__person",)
    list_display = ("document", "bound_at", "ended_at")


@admin.register(EsignCertificate)
class EsignCertificateAdmin(RecordsOpening, ReadOnlyAdmin):
    opened_people = ("user__person",)
    list_display = ("serial_number", "document", "not_before", "not_after", "published")
    exclude = ("der",)
