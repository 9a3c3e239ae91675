from __future__ import annotations

import pytest
from django.urls import reverse

from cases import inbox, registry
from cases.actions import create_case
from cases.documents import DocumentSpec
from cases.models import CaseEvent
from cases.pdf import issue_document
from cases.registry import CaseType
from notifications.models import Notification

LETTER = DocumentSpec(
    title="Értesítő levél", template="pdf/case_summary.html", legal_basis="test basis"
)


@pytest.fixture
def letter_type():
    kind = CaseType(slug="testing.inbox", label="Inbox request", deadline_days=8)
    registry.register(kind)
    yield kind
    registry.unregister(kind.slug)


@pytest.fixture
def letter(letter_type, citizen):
    case = create_case(letter_type.slug, applicant=citizen)
    return issue_document(case, "letter", LETTER)


def test_a_delivered_document_is_in_its_citizens_inbox_once(
    letter, citizen, django_capture_on_commit_callbacks
):
    assert not inbox.documents_of(citizen).exists()
    with django_capture_on_commit_callbacks(execute=False):
        inbox.deliver(letter)
        inbox.deliver(letter)  # a retried task
    assert list(inbox.documents_of(citizen)) == [letter]
    assert inbox.unread_count(citizen) == 1
    assert CaseEvent.objects.filter(case=letter.case, kind="document.delivered").count() == 1
    notices = Notification.objects.filter(template="document_delivered")
    assert notices.count() == 1
    # The e-mail says that something arrived, never what the document holds.
    assert letter.case.reference in notices.get().context["reference"]
    assert "pdf" not in str(notices.get().context).lower()


def test_an_undelivered_document_is_not_in_the_inbox(letter, citizen):
    assert inbox.unread_count(citizen) == 0


def test_the_inbox_page_lists_and_the_first_opening_is_recorded(letter, citizen, client):
    inbox.deliver(letter)
    client.force_login(citizen)
    page = client.get(reverse("cases:inbox")).content.decode()
    download = reverse("cases:inbox_download", args=[letter.pk])
    assert download in page
    assert letter.case.reference in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    letter.refresh_from_db()
    first = letter.read_at
    assert first is not None
    client.get(download)
    letter.refresh_from_db()
    assert letter.read_at == first
    assert inbox.unread_count(citizen) == 0


def test_another_citizen_never_reaches_the_document(letter, other_citizen, client):
    inbox.deliver(letter)
    client.force_login(other_citizen)
    assert client.get(reverse("cases:inbox_download", args=[letter.pk])).status_code == 404
    assert (
        reverse("cases:inbox_download", args=[letter.pk])
        not in client.get(reverse("cases:inbox")).content.decode()
    )


def test_an_undelivered_document_cannot_be_opened_from_the_inbox(letter, citizen, client):
    client.force_login(citizen)
    assert client.get(reverse("cases:inbox_download", args=[letter.pk])).status_code == 404


def test_the_inbox_needs_login(client, db):
    response = client.get(reverse("cases:inbox"))
    assert response.status_code == 302
    assert reverse("identity:login") in response["Location"]


def test_my_requests_tells_of_unread_documents(letter, citizen, client):
    client.force_login(citizen)
    assert (
        reverse("cases:inbox")
        not in client.get(reverse("portal:my_requests")).content.decode().split("<main")[1]
    )
    inbox.deliver(letter)
    page = client.get(reverse("portal:my_requests")).content.decode()
    assert "1 új dokumentum a dokumentumtárában" in page
