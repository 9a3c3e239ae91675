"""What a citizen may read of the spine: the one place the web pages and the API ask.

A filed case is the citizen's own case that left the draft stage (a draft discarded
before submission was never a request); an issued document is downloadable by its
case's applicant when it is marked public; the document inbox holds what was
delivered to them (cases/inbox.py). Someone else's object and an unknown one look
the same to every caller: not found.
"""

from __future__ import annotations

from django.db.models import QuerySet

from cases.models import Case, IssuedDocument
from cases.workflow import Status


def filed_cases(user) -> QuerySet[Case]:
    return (
        Case.objects.for_applicant(user)
        .exclude(status=Status.DRAFT)
        .exclude(status=Status.TERMINATED, received_on__isnull=True)
    )


def draft_cases(user) -> QuerySet[Case]:
    return Case.objects.for_applicant(user).filter(status=Status.DRAFT)


def issued_documents(user) -> QuerySet[IssuedDocument]:
    return IssuedDocument.objects.filter(case__applicant=user, public=True)
