"""Recording that an official opened one citizen's data in the admin, as a ModelAdmin
mixin for every clerk page that shows a citizen (ADR 0023).

Opening one row's page records, in the citizen's access log, that an official saw their
data. The list pages record nothing: a queue of fifty rows is not fifty looks at fifty
people. A page that shows someone says so by naming the way from its row to them, so a
new admin cannot forget it: a test walks every registered admin and wants either those
ways or a reason why the page shows nobody. It lives here, not beside the case queue's
display helpers, because the registers' own admins (population, documents) use it and
may not import the case spine.
"""

from __future__ import annotations

from django.db.models import Manager

from access_log.actions import record_case_opened, record_person_opened


def follow(row, path: str) -> list:
    """What `path` ("case__applicant__person", "ownerships__person") leads to from
    `row`: none, one or (through a to-many relation) several objects. An empty path
    is the row itself."""
    found = [row]
    for name in path.split("__") if path else ():
        step = []
        for item in found:
            value = getattr(item, name, None)
            if isinstance(value, Manager):
                step.extend(value.all())
            elif value is not None:
                step.append(value)
        found = step
    return found


class RecordsOpening:
    """ModelAdmin mixin: a GET of one row's change page is recorded for each citizen
    the page shows.

    `opened_case` is the way from the row to a case whose applicant the page shows
    (`""` when the row is the case); `opened_people` the ways to register persons
    (`population.Person`) it shows. A person who is also the case's applicant is
    recorded once, with the case.
    """

    opened_case: str | None = None
    opened_people: tuple[str, ...] = ()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Only the GET: the save that may follow shows nothing new.
        if request.method == "GET":
            row = self.get_object(request, object_id)
            if row is not None:
                self.record_opening(row, by=request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def record_opening(self, row, *, by) -> None:
        """Record that `by` saw what the page of `row` shows (also for the step pages
        an admin adds beside its change page)."""
        seen = set()
        if self.opened_case is not None:
            for case in follow(row, self.opened_case):
                record_case_opened(case, by=by)
                if case.applicant_id:
                    seen.add(case.applicant.person_id)
        for path in self.opened_people:
            for person in follow(row, path):
                if person.pk not in seen:
                    seen.add(person.pk)
                    record_person_opened(person, by=by)
