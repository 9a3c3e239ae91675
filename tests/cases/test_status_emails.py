"""The citizen hears of every move of their case that is news to them, in
their language, with an absolute link to the case (cases.workflow, cases.tasks)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.template.loader import get_template
from django.utils import timezone

from cases.actions import create_case, submit_case
from cases.models import Case
from cases.workflow import (
    CITIZENS_OWN_STEPS,
    NOTIFY_APPLICANT_ON,
    TRANSITIONS,
    Status,
    tells_applicant,
    transition,
)

BASE_URL = "https://ugysegeg.example.hu"
# Sorted: the targets are a frozenset, whose order differs between xdist workers.
MOVES = [(start, target) for start, targets in TRANSITIONS.items() for target in sorted(targets)]


def _case_in(status: Status, citizen) -> Case:
    case = create_case("testing.sample", applicant=citizen)
    # Arrange the starting state directly: only the move under test goes
    # through the workflow.
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


def test_every_status_a_move_reaches_is_either_emailed_or_the_citizens_own_step():
    reached = {target for targets in TRANSITIONS.values() for target in targets}
    assert NOTIFY_APPLICANT_ON.isdisjoint(CITIZENS_OWN_STEPS)
    assert reached == NOTIFY_APPLICANT_ON | CITIZENS_OWN_STEPS


@pytest.mark.parametrize("status", sorted(NOTIFY_APPLICANT_ON))
@pytest.mark.parametrize("language", ["hu", "en"])
def test_every_emailed_status_has_its_own_paragraph_in_both_languages(status, language):
    get_template(f"emails/case_status/{language}/{status}.txt")


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "target"), MOVES)
def test_each_move_of_the_table_is_emailed_exactly_when_the_rule_says(
    start, target, citizen, sample_case_type, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = BASE_URL
    case = _case_in(start, citizen)
    with django_capture_on_commit_callbacks(execute=True):
        transition(case, target)
    if not tells_applicant(start, target):
        assert mail.outbox == []
        return
    (message,) = mail.outbox
    assert message.to == [citizen.email]
    assert f"{BASE_URL}/my-requests/{case.reference}/" in message.body
    assert "{{" not in message.body and "TemplateDoesNotExist" not in message.body


@pytest.mark.django_db
def test_a_discarded_draft_is_not_emailed(citizen, sample_case_type):
    assert not tells_applicant(Status.DRAFT, Status.TERMINATED)
    assert tells_applicant(Status.AWAITING_PAYMENT, Status.TERMINATED)


def _deliver(case, target, citizen, language, django_capture_on_commit_callbacks, note=""):
    citizen.preferred_language = language
    citizen.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        transition(case, target, note=note)
    return mail.outbox[-1]


@pytest.mark.django_db
def test_a_closed_case_is_told_in_hungarian_with_the_day_and_the_link(
    citizen, sample_case_type, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = BASE_URL
    case = _case_in(Status.DECIDED_APPROVED, citizen)
    message = _deliver(case, Status.CLOSED, citizen, "hu", django_capture_on_commit_callbacks)
    today = timezone.localdate()
    assert message.subject == f"{case.reference}: Lezárult"
    assert message.body == (
        "Tisztelt Ügyfelünk!\n\n"
        f"A(z) {case.reference} számú kérelmének (Sample request) ügyintézése "
        f"{today:%Y. %m. %d.} napon befejeződött; az ügyet lezártuk.\n\n"
        "Az ügy részleteit bejelentkezés után itt láthatja:\n"
        f"{BASE_URL}/my-requests/{case.reference}/\n\n"
        "Ez egy automatikus üzenet, kérjük, ne válaszoljon rá.\n"
        "Ügysegéd\n"
    )


@pytest.mark.django_db
def test_a_refusal_is_told_in_english_with_the_officials_note(
    citizen, sample_case_type, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = BASE_URL
    case = _case_in(Status.IN_PROGRESS, citizen)
    message = _deliver(
        case,
        Status.DECIDED_REFUSED,
        citizen,
        "en",
        django_capture_on_commit_callbacks,
        note="The contract is not signed by the seller.",
    )
    today = timezone.localdate()
    assert message.subject == f"{case.reference}: Decided: your request was refused"
    assert message.body == (
        "Dear Client,\n\n"
        f"Your request {case.reference} (Sample request) was decided on "
        f"{today.day} {today:%B %Y}: it was refused. The reasons are on the case's page.\n\n"
        "The official's note: The contract is not signed by the seller.\n\n"
        "After logging in you can see the details of the case here:\n"
        f"{BASE_URL}/my-requests/{case.reference}/\n\n"
        "This is an automatic message; please do not reply.\n"
        "Ügysegéd\n"
    )


@pytest.mark.django_db
def test_a_submission_gives_the_deadline(
    citizen, sample_case_type, settings, django_capture_on_commit_callbacks
):
    citizen.preferred_language = "en"
    citizen.save(update_fields=["preferred_language"])
    case = create_case("testing.sample", applicant=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        submit_case(case, by=citizen)
    case.refresh_from_db()
    (message,) = mail.outbox
    assert (
        f"We received your request {case.reference} (Sample request) on "
        f"{case.received_on.day} {case.received_on:%B %Y}; it is waiting for an official. "
        f"The deadline for the decision is {case.deadline.day} {case.deadline:%B %Y}.\n"
    ) in message.body


@pytest.mark.django_db
def test_an_immediate_service_sends_one_completion_notice(
    citizen, settings, django_capture_on_commit_callbacks
):
    from cases import registry
    from cases.registry import CaseType

    registry.register(CaseType(slug="testing.immediate", label="Immediate", immediate=True))
    try:
        case = create_case("testing.immediate", applicant=citizen)
        with django_capture_on_commit_callbacks(execute=True):
            submit_case(case, by=citizen)
    finally:
        registry.unregister("testing.immediate")
    (message,) = mail.outbox
    assert message.subject == f"{case.reference}: Lezárult"
    assert "az ügyet lezártuk" in message.body
