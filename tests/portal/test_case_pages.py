"""A case's page and My requests tell one story: plain sentences, how and when
the case ended, each document once (portal.views.case_detail, my_requests)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cases.actions import create_case, record_event, submit_case
from cases.models import IssuedDocument
from cases.workflow import Status, transition
from tests.identity.personas import in_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused_and_closed(citizen, clerk, sample_case_type):
    case = create_case("testing.sample", applicant=citizen, by=citizen)
    record_event(case, "payment.received", note=f"{case.reference}-L4H2JX: 3000 HUF")
    submit_case(case, by=citizen)
    transition(
        case,
        Status.DECIDED_REFUSED,
        by=clerk,
        note="The seller did not sign.",
        note_language="en",
    )
    transition(case, Status.CLOSED, by=clerk)
    return case


def _history(html: str) -> list[str]:
    section = html.split('<ol class="list-unstyled">', 1)[1].split("</ol>", 1)[0]
    return [
        re.sub(r"\s+", " ", item).strip()
        for item in re.findall(r"</time> – (.*?)</li>", section, flags=re.S)
    ]


def _facts(html: str) -> dict[str, str]:
    block = html.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block, flags=re.S)
    return {re.sub(r"<.*?>", "", dt): re.sub(r"<.*?>", "", dd) for dt, dd in pairs}


def test_the_history_reads_as_sentences_in_hungarian(client, citizen, refused_and_closed):
    client.force_login(citizen)
    html = client.get(refused_and_closed.get_absolute_url()).content.decode()
    assert _history(html) == [
        "Elkezdte a kérelem kitöltését.",
        "Befizetését megkaptuk.",
        "Kérelmét benyújtotta, és megkaptuk.",
        # The clerk wrote in English: the Hungarian page marks it so.
        'Kérelmét elutasítottuk. <span lang="en">The seller did not sign.</span>',
        "Az ügyet lezártuk.",
    ]
    assert "L4H2JX" not in html and "HUF" not in html


def test_the_history_reads_as_sentences_in_english(client, citizen, refused_and_closed):
    in_english(client).force_login(citizen)
    html = client.get(refused_and_closed.get_absolute_url()).content.decode()
    assert _history(html) == [
        "You started the request.",
        "We received your payment.",
        "Your request was submitted and received.",
        "Your request was refused. The seller did not sign.",
        "The case was closed.",
    ]


def test_a_closed_case_shows_how_and_when_it_ended_not_a_deadline(
    client, citizen, refused_and_closed
):
    today = f"{timezone.localdate():%Y. %m. %d.}"
    in_english(client).force_login(citizen)
    facts = _facts(client.get(refused_and_closed.get_absolute_url()).content.decode())
    assert facts["Outcome"] == "Your request was refused"
    assert facts["Ended on"] == today
    assert "Deadline for the decision" not in facts
    assert facts["Status"] == "Completed"


def test_my_requests_tells_the_same_ending(client, citizen, refused_and_closed):
    today = f"{timezone.localdate():%Y. %m. %d.}"
    client.force_login(citizen)
    hungarian = client.get(reverse("portal:my_requests")).content.decode()
    assert f"<td>Kérelmét elutasítottuk, {today}</td>" in hungarian
    english = in_english(client).get(reverse("portal:my_requests")).content.decode()
    assert f"<td>Your request was refused, {today}</td>" in english
    assert "Deadline or outcome" in english


def test_an_open_case_shows_its_deadline(client, citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    case.refresh_from_db()
    due = f"{case.deadline:%Y. %m. %d.}"
    in_english(client).force_login(citizen)
    assert (
        _facts(client.get(case.get_absolute_url()).content.decode())["Deadline for the decision"]
        == due
    )
    listing = client.get(reverse("portal:my_requests")).content.decode()
    assert f"<td>Decision due by {due}</td>" in listing
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hu"
    listing = client.get(reverse("portal:my_requests")).content.decode()
    assert f"<td>Döntés legkésőbb: {due}</td>" in listing


def test_a_case_closed_at_once_says_completed(client, citizen):
    from cases import registry
    from cases.registry import CaseType

    registry.register(CaseType(slug="testing.immediate", label="Immediate", immediate=True))
    try:
        case = create_case("testing.immediate", applicant=citizen)
        submit_case(case, by=citizen)
        client.force_login(citizen)
        facts = _facts(client.get(case.get_absolute_url()).content.decode())
    finally:
        registry.unregister("testing.immediate")
    assert facts["Eredmény"] == "Befejeződött"
    assert facts["Befejezés napja"] == f"{timezone.localdate():%Y. %m. %d.}"


def test_a_document_is_listed_once_under_its_name_in_the_readers_language(
    client, citizen, refused_and_closed
):
    kind = f"payment-receipt-{refused_and_closed.reference}-L4H2JX"
    IssuedDocument.objects.create(
        case=refused_and_closed,
        kind=kind,
        title=f"Fizetési bizonylat – {refused_and_closed.reference}-L4H2JX",  # issued in Hungarian
        file=ContentFile(b"%PDF-1.7", name="receipt.pdf"),
        sha256="0" * 64,
        size=8,
    )
    in_english(client).force_login(citizen)
    html = client.get(refused_and_closed.get_absolute_url()).content.decode()
    assert f">Payment receipt {refused_and_closed.reference}-L4H2JX</a> (PDF)" in html
    assert "Fizetési bizonylat" not in html
    assert html.count("</a> (PDF)</li>") == 1
