from __future__ import annotations

from django.contrib import admin

from access_log.admin_mixins import RecordsOpening
from population.models import Address, CitizenshipCertificate, Person


class AddressInline(admin.TabularInline):
    model = Address
    extra = 0


@admin.register(Person)
class PersonAdmin(RecordsOpening, admin.ModelAdmin):
    opened_people = ("",)  # the row is the person
    list_display = ("family_name", "given_names", "birth_date", "birth_place", "legal_title")
    search_fields = ("=personal_id", "family_name", "given_names")
    list_filter = ("legal_title", "citizenship", "sex")
    inlines = (AddressInline,)
    show_full_result_count = False  # the register is large; no COUNT(*) per page


@admin.register(CitizenshipCertificate)
class CitizenshipCertificateAdmin(RecordsOpening, admin.ModelAdmin):
    """Entered by the citizenship authority; found here by its number."""

    opened_people = ("person",)
    list_display = ("number", "kind", "issued_on", "issuing_authority")
    list_filter = ("kind",)
    search_fields = ("=number",)
    raw_id_fields = ("person",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a certificate once issued stays on record
