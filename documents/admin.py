from __future__ import annotations

from django.contrib import admin

from access_log.admin_mixins import RecordsOpening
from documents.models import Document, ProductionOrder


@admin.register(Document)
class DocumentAdmin(RecordsOpening, admin.ModelAdmin):
    opened_people = ("holder",)
    list_display = ("kind", "number", "holder", "issued_on", "expires_on", "validity", "has_chip")
    list_filter = ("kind", "validity", "has_chip")
    search_fields = ("=number",)
    raw_id_fields = ("holder",)
    show_full_result_count = False


@admin.register(ProductionOrder)
class ProductionOrderAdmin(RecordsOpening, admin.ModelAdmin):
    opened_people = ("applicant",)
    list_display = ("receipt_number", "kind", "state", "collectable_from", "collection_office")
    list_filter = ("kind", "state")
    search_fields = ("=receipt_number",)
    raw_id_fields = ("applicant", "document")
