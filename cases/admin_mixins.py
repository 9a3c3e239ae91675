"""What the service apps' request pages in the admin share, as a ModelAdmin mixin.

`ApplicantColumns`: a service's request rows (a detail row with its `case`) show and are
found by their applicant, as the case queue does (`cases.admin_display`), and opening
one records the look at the applicant's case (`access_log.admin_mixins`).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from access_log.admin_mixins import RecordsOpening
from cases.admin_display import (
    applicant_cell,
    applicant_name,
    birth_data,
    personal_id_for,
    search_applicants,
)


class ApplicantColumns(RecordsOpening):
    """ModelAdmin mixin for a service's request rows (with a `case`): the applicant's
    columns and fields, and the search by the applicant's name or whole personal
    identifier. Opening a row records the look at the applicant's case."""

    opened_case = "case"

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        by_applicant = search_applicants(queryset, search_term, prefix="case__")
        if by_applicant is not None:
            results = results | by_applicant
        return results, may_have_duplicates

    @admin.display(description=_("applicant"))
    def applicant(self, detail) -> str:
        return applicant_cell(detail.case)

    @admin.display(description=_("applicant"))
    def applicant_full_name(self, detail) -> str:
        return applicant_name(detail.case)

    @admin.display(description=_("birth name, place and date of birth"))
    def applicant_birth(self, detail) -> str:
        return birth_data(detail.case)

    @admin.display(description=_("personal identifier"))
    def applicant_id(self, detail) -> str:
        return personal_id_for(detail.case, full=False)

    @admin.display(description=_("personal identifier"))
    def applicant_id_full(self, detail) -> str:
        return personal_id_for(detail.case, full=True)
