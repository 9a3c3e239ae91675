from __future__ import annotations

from django.contrib import admin

from access_log.actions import record_person_opened
from population.models import Address, Person


class AddressInline(admin.TabularInline):
    model = Address
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("family_name", "given_names", "birth_date", "birth_place", "legal_title")
    search_fields = ("=personal_id", "family_name", "given_names")
    list_filter = ("legal_title", "citizenship", "sex")
    inlines = (AddressInline,)
    show_full_result_count = False  # the register is large; no COUNT(*) per page

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # One person's register page: recorded for the citizen's access list.
        if request.method == "GET":
            person = self.get_object(request, object_id)
            if person is not None:
                record_person_opened(person, by=request.user)
        return super().change_view(request, object_id, form_url, extra_context)
