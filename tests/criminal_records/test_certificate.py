"""`criminal_record.certificate`: filing through the flow, bad input, the same content
twice, the clerk's steps (issue, deficiency notice and its automatic end, refusal,
handing to the post, revocation) and the signed, verifiable PDF."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import timedelta

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import verification
from cases.models import Case, CaseEvent, IssuedDocument
from cases.workflow import Status
from criminal_records import certificate, tasks
from criminal_records.models import Certificate, CertificateRequest
from notifications.models import Notification
from portal.money import format_money
from tests.criminal_records.conftest import (
    CONTENT,
    SELF,
    ban_occupation,
    ban_public_affairs,
    convict,
    filed_request,
)

pytestmark = pytest.mark.django_db
SLUG = certificate.SLUG
SAVE_FIRST = reverse("flow:save_first", args=[SLUG])
PDFSIG = shutil.which("pdfsig")


def file_until_review(client, content=None, delivery=None):
    response = client.post(SAVE_FIRST, content or CONTENT)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.filter(case_type=SLUG, status=Status.DRAFT).latest("pk")
    response = client.post(reverse("flow:save_step", args=[case.reference, 1]), delivery or SELF)
    assert response.status_code == 302, response.content.decode()[:3000]
    return case


def test_a_citizen_files_a_request_for_herself_free_of_charge(citizen_client, citizen, person):
    case = file_until_review(citizen_client)
    response = citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert case.deadline_days == 8 and case.deadline is not None
    detail = CertificateRequest.objects.get(case=case)
    assert detail.person == person
    assert detail.addressee == "self"
    assert detail.addressee_name == person.full_name
    assert (detail.postal_code, detail.settlement) == ("1051", "Budapest")
    assert detail.statements() == ["büntetlen előéletű"]
    assert detail.requests_earlier_this_year == 0


def test_the_fifth_request_of_the_year_waits_for_the_duty(citizen_client, citizen, person):
    for _ in range(4):
        filed_request(citizen, law_name=f"law {_}")  # four submitted this year
    case = file_until_review(citizen_client)
    review = citizen_client.get(reverse("flow:review", args=[case.reference]))
    assert format_money(3000) in review.content.decode()
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    case.refresh_from_db()
    assert case.status == Status.AWAITING_PAYMENT
    assert CertificateRequest.objects.get(case=case).requests_earlier_this_year == 4


def test_drafts_and_unpaid_requests_do_not_count(citizen, person):
    filed_request(citizen, submit=False)  # a draft never submitted
    assert certificate.requests_earlier_this_year(person) == 0
    filed_request(citizen)
    assert certificate.requests_earlier_this_year(person) == 1


@pytest.mark.parametrize(
    ("step", "answers", "field", "message"),
    [
        (
            0,
            {**CONTENT, "occupation_statement": "not_banned", "occupation": ""},
            "occupation",
            "Nevezze meg a foglalkozást",
        ),
        (
            1,
            {"addressee": "person", "addressee_name": "Minta Mária", "country": "abroad"},
            "country",
            "csak magyarországi címre",
        ),
        (
            1,
            {"addressee": "organisation", "addressee_name": "Minta Kft.", "country": "HU"},
            "postal_code",
            "Adja meg a belföldi címet",
        ),
        (
            1,
            {
                "addressee": "organisation",
                "addressee_name": "Minta Kft.",
                "country": "HU",
                "postal_code": "A-1010",
                "settlement": "Wien",
                "street_address": "Ring 1.",
            },
            "postal_code",
            "négy számjegyű",
        ),
        (
            1,
            {
                "addressee": "organisation",
                "country": "HU",
                "postal_code": "1051",
                "settlement": "Budapest",
                "street_address": "Sas utca 1.",
            },
            "addressee_name",
            "szerv nevét",
        ),
    ],
)
def test_bad_input_gets_a_message_at_its_field(
    citizen_client, citizen, person, step, answers, field, message
):
    if step == 0:
        response = citizen_client.post(SAVE_FIRST, answers)
    else:
        citizen_client.post(SAVE_FIRST, CONTENT)
        case = Case.objects.get(case_type=SLUG)
        response = citizen_client.post(reverse("flow:save_step", args=[case.reference, 1]), answers)
    assert response.status_code == 422
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])


def test_a_request_of_the_same_content_in_progress_refuses_a_second(
    citizen_client, citizen, person
):
    first = filed_request(citizen)
    response = citizen_client.post(SAVE_FIRST, CONTENT)
    assert response.status_code == 422
    page = response.content.decode()
    assert first.get_absolute_url() in page  # the refusal links to the request in progress
    # Another content is a new request.
    other = {**CONTENT, "no_public_affairs_ban": "on"}
    assert citizen_client.post(SAVE_FIRST, other).status_code == 302


def test_a_valid_certificate_of_the_same_content_is_offered(citizen_client, citizen, person, clerk):
    case = filed_request(citizen)
    certificate.issue(case, by=clerk)
    response = citizen_client.post(
        reverse("flow:check_first", args=[SLUG]), CONTENT, HTTP_HX_REQUEST="true"
    )
    assert reverse("criminal_records:certificates") in response.content.decode()


def _pdf(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def test_the_clerk_issues_a_signed_hungarian_certificate_with_its_code(
    citizen, person, clerk, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    case = filed_request(citizen, occupation_statement="not_banned", occupation="tanító")
    with django_capture_on_commit_callbacks(execute=True):
        issued = certificate.issue(case, by=clerk)
    case.refresh_from_db()
    assert case.status == Status.DECIDED_APPROVED
    assert issued.number.startswith(f"EB-{timezone.localdate().year}-")
    assert issued.valid_until == timezone.localdate() + timedelta(days=90)
    document = IssuedDocument.objects.get(case=case, kind="certificate")
    content = _pdf(document)
    assert document.sha256 == IssuedDocument.digest(content)
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in (
        "Hatósági erkölcsi bizonyítvány",
        issued.number,
        person.full_name,
        person.mother_birth_name,
        "büntetlen előéletű",
        "nem áll tanító foglalkozástól eltiltás hatálya alatt",
        "Kiadmányozó",
        verification.grouped(document.verification_code),
    ):
        assert expected in text, expected
    images = [image.image for page in reader.pages for image in page.images]
    decoded = [r.text for image in images for r in zxingcpp.read_barcodes(image)]
    assert set(decoded) == {verification.verification_url(document.verification_code)}
    if PDFSIG:
        path = tmp_path / "eb.pdf"
        path.write_bytes(content)
        report = subprocess.run(
            [PDFSIG, "-nocert", str(path)], capture_output=True, text=True, check=False
        ).stdout
        assert "Signature is Valid." in report, report


def test_handing_to_the_post_emails_the_address_asked_and_closes(citizen, person, clerk):
    case = filed_request(citizen)
    certificate.issue(case, by=clerk)
    certificate.mark_posted(case, by=clerk)
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    notice = Notification.objects.get(template="criminal_record_posted")
    assert notice.recipient == "elek@example.hu"
    assert notice.context["number"] == case.detail.certificate.number


def test_facts_the_register_does_not_allow_are_refused_not_issued(
    citizen, person, clerk, django_capture_on_commit_callbacks
):
    convict(person)
    case = filed_request(citizen)
    with pytest.raises(certificate.NotAllowed):
        certificate.issue(case, by=clerk)
    with django_capture_on_commit_callbacks(execute=True):
        certificate.refuse(case, by=clerk, reason="A nyilvántartás szerint nem büntetlen.")
    case.refresh_from_db()
    assert case.status == Status.DECIDED_REFUSED
    assert IssuedDocument.objects.filter(case=case, kind="refusal").exists()
    assert not Certificate.objects.exists()


def test_a_rehabilitated_conviction_leaves_a_clean_record(citizen, person, clerk):
    convict(person, rehabilitated_on=timezone.localdate() - timedelta(days=30))
    case = filed_request(citizen)
    assert certificate.issue(case, by=clerk).clean_record


@pytest.mark.parametrize(
    ("statement", "banned_from", "allowed"),
    [
        ("banned", "gépjárművezetés", True),
        ("banned", "tanító", False),
        ("not_banned", "gépjárművezetés", False),
        ("not_banned", "tanító", True),
    ],
)
def test_occupation_facts_follow_the_register(
    citizen, person, clerk, statement, banned_from, allowed
):
    ban_occupation(person, "gépjárművezetés")
    case = filed_request(
        citizen, clean_record=False, occupation_statement=statement, occupation=banned_from
    )
    findings = certificate.findings(case.detail)
    assert [f.certifiable for f in findings] == [allowed]


def test_a_public_affairs_ban_is_not_certified_away(citizen, person):
    ban_public_affairs(person)
    case = filed_request(citizen, clean_record=False, no_public_affairs_ban=True)
    assert [f.certifiable for f in certificate.findings(case.detail)] == [False]


def test_a_missed_deficiency_deadline_terminates_the_procedure(
    citizen, person, clerk, django_capture_on_commit_callbacks
):
    case = filed_request(citizen)
    deadline = timezone.localdate() + timedelta(days=15)
    with django_capture_on_commit_callbacks(execute=True):
        certificate.send_deficiency_notice(
            case, by=clerk, text="Adja meg a törvény pontos megnevezését.", deadline=deadline
        )
    case.refresh_from_db()
    assert case.status == Status.DEFICIENCY_REQUESTED
    assert IssuedDocument.objects.filter(case=case, kind="deficiency_notice").exists()
    assert tasks.terminate_missed_deficiencies() == 0  # not yet due
    CertificateRequest.objects.filter(case=case).update(
        deficiency_deadline=timezone.localdate() - timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.terminate_missed_deficiencies() == 1
    assert tasks.terminate_missed_deficiencies() == 0  # idempotent
    case.refresh_from_db()
    assert case.status == Status.TERMINATED
    assert CaseEvent.objects.filter(case=case, kind="criminal_record.deficiency_missed").exists()
    notices = Notification.objects.filter(case=case, template="case_status")
    assert "terminated" in [n.context["status_code"] for n in notices]


def test_a_reply_in_time_resumes_the_procedure(citizen, person, clerk):
    case = filed_request(citizen)
    certificate.send_deficiency_notice(
        case, by=clerk, text="Pótolja.", deadline=timezone.localdate() + timedelta(days=8)
    )
    certificate.record_reply(case, by=clerk)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert tasks.terminate_missed_deficiencies() == 0
    with pytest.raises(certificate.NotAllowed):
        certificate.send_deficiency_notice(case, by=clerk, text="x", deadline=timezone.localdate())


def test_revocation_needs_a_reason_and_happens_once(citizen, person, clerk):
    case = filed_request(citizen)
    issued = certificate.issue(case, by=clerk)
    with pytest.raises(certificate.NotAllowed):
        certificate.revoke(issued, by=clerk, reason="  ")
    certificate.revoke(issued, by=clerk, reason="Téves adat.")
    issued.refresh_from_db()
    assert not issued.is_valid()
    with pytest.raises(certificate.NotAllowed):
        certificate.revoke(issued, by=clerk, reason="again")


def test_validity_is_ninety_days_from_issue(citizen, person, clerk):
    issued = certificate.issue(filed_request(citizen), by=clerk)
    assert issued.is_valid(issued.issued_on + timedelta(days=90))
    assert not issued.is_valid(issued.issued_on + timedelta(days=91))


def test_the_clerk_queue_shows_the_register_and_issues_from_the_admin(
    clerk_client, citizen, person
):
    case = filed_request(citizen)
    detail = case.detail
    queue = clerk_client.get(reverse("admin:criminal_records_certificaterequest_changelist"))
    assert queue.status_code == 200
    page = clerk_client.get(
        reverse("admin:criminal_records_certificaterequest_change", args=[detail.pk])
    )
    assert page.status_code == 200
    assert reverse("admin:criminal_records_certificaterequest_issue", args=[detail.pk]) in (
        page.content.decode()
    )
    response = clerk_client.post(
        reverse("admin:criminal_records_certificaterequest_issue", args=[detail.pk])
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.DECIDED_APPROVED
    # The register is read-only for clerks.
    assert clerk_client.get(reverse("admin:criminal_records_conviction_add")).status_code == 403
