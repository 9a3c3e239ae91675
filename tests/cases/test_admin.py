from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cases.actions import create_case, submit_case
from cases.admin import CaseAdmin
from cases.models import Attachment, Case
from cases.workflow import Status
from tests import samples

CHANGELIST = "admin:cases_case_changelist"


@pytest.fixture
def submitted(citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    return case


@pytest.mark.django_db
def test_admin_requires_a_verified_second_factor(client, clerk):
    client.force_login(clerk)  # password only, no TOTP step
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.django_db
def test_admin_login_asks_for_the_totp_code(client):
    body = client.get(reverse("admin:login")).content.decode()
    assert 'name="otp_token"' in body


@pytest.mark.django_db
def test_admin_login_with_password_and_totp_on_one_page(client, clerk):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    credentials = {
        "username": clerk.username,
        "password": "clerk-password-123",
        "otp_token": f"{totp(device.bin_key):06d}",
    }
    response = client.post(reverse("admin:login"), credentials)
    assert response.status_code == 302
    assert client.get(reverse(CHANGELIST)).status_code == 200

    # The same code cannot be used twice.
    client.logout()
    replay = client.post(reverse("admin:login"), credentials)
    assert replay.status_code == 200
    assert client.get(reverse(CHANGELIST)).status_code == 302


@pytest.mark.django_db
def test_a_wrong_code_is_refused_even_with_the_right_password(client, clerk):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    response = client.post(
        reverse("admin:login"),
        {"username": clerk.username, "password": "clerk-password-123", "otp_token": "000000"},
    )
    assert response.status_code == 200
    assert client.get(reverse(CHANGELIST)).status_code == 302


@pytest.mark.django_db
def test_repeated_failures_lock_the_clerk_out(client, clerk, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": clerk.username, "password": "wrong", "otp_token": "000000"},
        )
    response = client.post(
        reverse("admin:login"),
        {"username": clerk.username, "password": "clerk-password-123", "otp_token": "000000"},
    )
    assert response.status_code == 429
    assert "Túl sok sikertelen bejelentkezés" in response.content.decode()


@pytest.mark.django_db
def test_queue_lists_and_filters_cases(clerk_client, clerk, submitted, citizen, sample_case_type):
    other = create_case("testing.sample", applicant=citizen)
    submit_case(other, by=citizen)
    Case.objects.filter(pk=other.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    url = reverse(CHANGELIST)
    body = clerk_client.get(url).content.decode()
    assert submitted.reference in body and other.reference in body

    overdue = clerk_client.get(url, {"deadline": "overdue"}).content.decode()
    assert other.reference in overdue and submitted.reference not in overdue

    within = clerk_client.get(url, {"deadline": "15"}).content.decode()
    assert submitted.reference in within and other.reference not in within

    by_type = clerk_client.get(url, {"type": "testing.sample"}).content.decode()
    assert submitted.reference in by_type

    clerk_client.post(url, {"action": "assign_to_me", "_selected_action": [submitted.pk]})
    mine = clerk_client.get(url, {"assigned": "me"}).content.decode()
    assert submitted.reference in mine and other.reference not in mine


@pytest.mark.django_db
def test_status_actions_go_through_the_workflow(
    clerk_client, clerk, submitted, citizen, sample_case_type
):
    draft = create_case("testing.sample", applicant=citizen)
    response = clerk_client.post(
        reverse(CHANGELIST),
        {
            "action": "move_to_in_progress",
            "_selected_action": [submitted.pk, draft.pk],
        },
        follow=True,
    )
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert submitted.status == Status.IN_PROGRESS
    assert draft.status == Status.DRAFT  # draft -> in_progress is not in the table
    assert submitted.events.filter(kind="case.in_progress", actor=clerk).exists()
    assert draft.reference in response.content.decode()


@pytest.mark.django_db
def test_change_form_moves_status_with_a_note(clerk_client, clerk, submitted):
    url = reverse("admin:cases_case_change", args=[submitted.pk])
    page = clerk_client.get(url)
    assert page.status_code == 200
    data = {
        "office": "",
        "assigned_to": clerk.pk,
        "move_to": "deficiency_requested",
        "move_note": "",
        "attachments-TOTAL_FORMS": 0,
        "attachments-INITIAL_FORMS": 0,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        "documents-TOTAL_FORMS": 0,
        "documents-INITIAL_FORMS": 0,
    }
    refused = clerk_client.post(url, data)
    assert refused.status_code == 200  # the note is required for a deficiency notice
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED

    data["move_note"] = "Please send the second page of the contract."
    clerk_client.post(url, data)
    submitted.refresh_from_db()
    assert submitted.status == Status.DEFICIENCY_REQUESTED
    assert submitted.assigned_to == clerk
    event = submitted.events.get(kind="case.deficiency_requested")
    assert event.note == "Please send the second page of the contract."


@pytest.mark.django_db
def test_clerk_uploads_are_checked_by_content(clerk_client, submitted):
    url = reverse("admin:cases_case_change", args=[submitted.pk])
    base = {
        "office": "",
        "assigned_to": "",
        "move_to": "",
        "move_note": "",
        "attachments-TOTAL_FORMS": 1,
        "attachments-INITIAL_FORMS": 0,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        "documents-TOTAL_FORMS": 0,
        "documents-INITIAL_FORMS": 0,
        "attachments-0-kind": "contract",
    }
    bad = clerk_client.post(
        url,
        {
            **base,
            "attachments-0-file": SimpleUploadedFile("contract.pdf", b"plain text pretending"),
        },
    )
    assert bad.status_code == 200
    assert "Ez a fájl nem PDF, JPEG vagy PNG dokumentum" in bad.content.decode()
    assert not Attachment.objects.exists()

    clerk_client.post(
        url,
        {**base, "attachments-0-file": SimpleUploadedFile("contract.pdf", samples.pdf())},
    )
    attachment = Attachment.objects.get()
    download = clerk_client.get(reverse("cases:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == samples.pdf()


def _clerk_upload(clerk_client, case, upload):
    return clerk_client.post(
        reverse("admin:cases_case_change", args=[case.pk]),
        {
            "office": "",
            "assigned_to": "",
            "move_to": "",
            "move_note": "",
            "attachments-TOTAL_FORMS": 1,
            "attachments-INITIAL_FORMS": 0,
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
            "documents-TOTAL_FORMS": 0,
            "documents-INITIAL_FORMS": 0,
            "attachments-0-kind": "other",
            "attachments-0-file": upload,
        },
    )


@pytest.mark.django_db
def test_a_clerks_photo_is_stored_re_encoded_without_its_metadata(clerk_client, submitted):
    photo = samples.jpeg_with_gps_and_rotation()
    _clerk_upload(clerk_client, submitted, SimpleUploadedFile("photo.jpg", photo))
    attachment = Attachment.objects.get()
    download = clerk_client.get(reverse("cases:attachment_download", args=[attachment.pk]))
    stored = b"".join(download.streaming_content)
    assert stored != photo
    assert dict(Image.open(io.BytesIO(stored)).getexif()) == {}
    page = clerk_client.get(reverse("admin:cases_case_change", args=[submitted.pk]))
    assert "Kártevőkre nem ellenőrzött" in page.content.decode()  # no scanner in this test


@pytest.mark.django_db
@pytest.mark.clamav
def test_a_clerks_upload_with_malware_is_refused_on_the_form(scanner, clerk_client, submitted):
    document = samples.pdf_with_attachment("readme.com", samples.EICAR)
    response = _clerk_upload(clerk_client, submitted, SimpleUploadedFile("c.pdf", document))
    assert response.status_code == 200
    assert "Ez a fájl kártevőt (vírust) tartalmaz" in response.content.decode()
    assert not Attachment.objects.exists()

    _clerk_upload(clerk_client, submitted, SimpleUploadedFile("c.pdf", samples.pdf()))
    assert Attachment.objects.get().malware_scan == "clean"
    page = clerk_client.get(reverse("admin:cases_case_change", args=[submitted.pk]))
    assert "Nem találtunk kártevőt" in page.content.decode()


@pytest.mark.django_db
def test_citizens_cannot_reach_the_admin_or_attachments(citizen_client, submitted):
    assert citizen_client.get(reverse(CHANGELIST)).status_code == 302
    assert get_user_model().objects.filter(is_staff=True).count() == 0


@pytest.fixture
def supervisor_client(client, clerk):
    """A clerk whose role includes the whole personal identifier."""
    from django.contrib.auth.models import Permission
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    clerk.user_permissions.add(Permission.objects.get(codename="view_personal_identifier"))
    device = TOTPDevice.objects.create(user=clerk, name="test", confirmed=True)
    client.force_login(clerk)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.mark.django_db
def test_a_clerk_sees_who_applied_with_the_identifier_masked(clerk_client, submitted, citizen):
    pid = citizen.person.personal_id
    masked = pid[0] + "*******" + pid[-3:]
    page = clerk_client.get(reverse("admin:cases_case_change", args=[submitted.pk]))
    body = page.content.decode()
    assert f"Teszt {citizen.first_name}" in body
    assert "Minta Mária" in body  # mother's birth name
    assert f"Teszt {citizen.first_name}, Budapest, 1980. január 1." in body
    assert masked in body
    assert pid not in body

    listing = clerk_client.get(reverse(CHANGELIST)).content.decode()
    assert f"Teszt {citizen.first_name}<br>" in listing
    assert "szül. 1980. január 1." in listing
    assert pid not in listing


@pytest.mark.django_db
def test_the_permission_shows_the_whole_identifier(supervisor_client, submitted, citizen):
    page = supervisor_client.get(reverse("admin:cases_case_change", args=[submitted.pk]))
    assert citizen.person.personal_id in page.content.decode()


@pytest.mark.django_db
def test_the_queue_is_searched_by_name_reference_or_whole_identifier(
    clerk_client, submitted, citizen, other_citizen, sample_case_type
):
    other = create_case("testing.sample", applicant=other_citizen)
    submit_case(other, by=other_citizen)
    url = reverse(CHANGELIST)

    def found(term: str) -> set[str]:
        response = clerk_client.get(url, {"q": term})
        return {c.reference for c in response.context["cl"].result_list}

    pid = citizen.person.personal_id
    assert found(f"teszt {citizen.first_name.lower()}") == {submitted.reference}
    assert found(submitted.reference) == {submitted.reference}
    assert found(pid) == {submitted.reference}
    assert found(f"{pid[:1]} {pid[1:7]} {pid[7:]}") == {submitted.reference}
    # Part of an identifier finds nobody, however many cases share it.
    assert found(pid[:7]) == set()
    assert found(pid[-4:]) == set()


@pytest.mark.django_db
def test_the_timeline_names_events_in_words(clerk_client, clerk, submitted):
    from cases.actions import assign_case

    assign_case(submitted, to=clerk, by=clerk)
    body = clerk_client.get(reverse("admin:cases_case_change", args=[submitted.pk]))
    text = body.content.decode()
    assert "Kérelem megkezdve" in text
    assert "Piszkozat → Benyújtva" in text
    assert "Ügyintézőhöz rendelve" in text
    assert "case.submitted" not in text and "case.assigned" not in text


@pytest.mark.django_db
def test_hungarian_counts_keep_the_noun_singular(clerk_client, submitted, citizen, monkeypatch):
    second = create_case("testing.sample", applicant=citizen)
    submit_case(second, by=citizen)
    body = clerk_client.get(reverse(CHANGELIST), HTTP_ACCEPT_LANGUAGE="hu").content.decode()
    assert "2 ügy\n" in body
    assert re.search(r"\d+\s+ügyek", body) is None
    # Screen-reader-only texts of the admin are Hungarian too.
    assert "Minden objektum kijelölése egy művelethez" in body

    # With one row a page, the link that selects across pages names them too.
    monkeypatch.setattr(CaseAdmin, "list_per_page", 1)
    paged = clerk_client.get(reverse(CHANGELIST)).content.decode()
    assert "Az összes (2) ügy kijelölése" in paged
    assert re.search(r"\d+\)?\s+ügyek|összes ügyek", paged) is None

    index = clerk_client.get(reverse("admin:index")).content.decode()
    assert '<th scope="col">Adattípus neve</th>' in index
    assert "Model name" not in index and "Add link" not in index


@pytest.mark.django_db
def test_dates_in_the_queue_have_one_format(clerk_client, submitted):
    body = clerk_client.get(reverse(CHANGELIST)).content.decode()
    deadline = submitted.deadline
    months = [
        "január",
        "február",
        "március",
        "április",
        "május",
        "június",
        "július",
        "augusztus",
        "szeptember",
        "október",
        "november",
        "december",
    ]
    assert f"{deadline.year}. {months[deadline.month - 1]} {deadline.day}." in body
    assert deadline.isoformat() not in body


@pytest.mark.django_db
def test_issued_documents_are_named_in_the_clerks_language(clerk_client, submitted):
    from django.core.files.base import ContentFile

    from cases.models import IssuedDocument
    from tests.identity.personas import in_english

    ref = f"{submitted.reference}-L4H2JX"
    IssuedDocument.objects.create(
        case=submitted,
        kind=f"payment-receipt-{ref}",
        title=f"Fizetési bizonylat – {ref}",  # issued while the citizen read Hungarian
        file=ContentFile(b"%PDF-1.7", name="receipt.pdf"),
        sha256="0" * 64,
        size=8,
    )
    url = reverse("admin:cases_case_change", args=[submitted.pk])
    hungarian = re.sub(r">\s+<", "><", clerk_client.get(url).content.decode())
    assert f'<td class="field-name"><p>Fizetési bizonylat – {ref}</p></td>' in hungarian

    english = re.sub(r">\s+<", "><", in_english(clerk_client).get(url).content.decode())
    assert f'<td class="field-name"><p>Payment receipt {ref}</p></td>' in english
    assert "Fizetési bizonylat" not in english and "payment-receipt-" not in english


@pytest.mark.django_db
def test_the_queues_actions_count_two_cases_with_the_noun_singular(
    clerk_client, submitted, citizen
):
    second = create_case("testing.sample", applicant=citizen)
    submit_case(second, by=citizen)
    selected = [submitted.pk, second.pk]

    assigned = clerk_client.post(
        reverse(CHANGELIST), {"action": "assign_to_me", "_selected_action": selected}, follow=True
    ).content.decode()
    assert "Önhöz rendelve: 2" in assigned

    moved = clerk_client.post(
        reverse(CHANGELIST),
        {"action": "move_to_in_progress", "_selected_action": selected},
        follow=True,
    ).content.decode()
    assert "2 ügy átkerült ebbe az állapotba: „Folyamatban”." in moved
    assert re.search(r"\d+\s+ügyek", assigned + moved) is None
    assert set(Case.objects.values_list("status", flat=True)) == {Status.IN_PROGRESS}
