"""Title replacement: eligibility, fee, filing through the flow, the clerk's steps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cases import fees as payment_fees
from cases import flow, registry
from cases.actions import submit_case
from cases.models import Case
from notifications.models import Notification
from population.models import Address
from tests import samples
from tests.vehicles.conftest import make_vehicle
from vehicles import fees, title_replacement
from vehicles.models import TitleReplacement

pytestmark = pytest.mark.django_db
SLUG = "vehicles.title_replacement"
START = reverse("flow:start", args=[SLUG])
SAVE_FIRST = reverse("flow:save_first", args=[SLUG])
CHECK_FIRST = reverse("flow:check_first", args=[SLUG])
PDF = samples.pdf()  # a real one: uploads must open as PDF


def police_report():
    return SimpleUploadedFile("feljelentes.pdf", PDF, "application/pdf")


def reason(value="lost", **extra):
    data = {"reason": value, "reported_before": "no", "reported_on": ""}
    data.update(extra)
    return data


def post(**extra):
    data = {
        "delivery": "post",
        "postal_code": "3300",
        "settlement": "Eger",
        "street_address": "Dobó tér 1.",
        "lawful_holder": "on",
    }
    data.update(extra)
    return data


def file_until_review(client, plate="RKZ-214", reason_data=None, delivery_data=None):
    response = client.post(SAVE_FIRST, {"plate": plate})
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    response = client.post(
        reverse("flow:save_step", args=[case.reference, 1]), reason_data or reason()
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(
        reverse("flow:save_step", args=[case.reference, 2]), delivery_data or post()
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("flow:review", args=[case.reference])
    return case


def submit_and_pay(client, case, citizen):
    response = client.post(reverse("flow:submit", args=[case.reference]))
    case.refresh_from_db()
    if case.status == "awaiting_payment":
        assert response["Location"] == reverse("payments:case_payment", args=[case.reference])
        submit_case(case, by=citizen)  # what a confirmed payment does
        case.refresh_from_db()
    return response


# --- fee -------------------------------------------------------------------------


@given(
    reason_value=st.sampled_from(["lost", "stolen", "destroyed"]),
    with_report=st.booleans(),
    reported_before=st.booleans(),
)
def test_fee_is_6000_unless_stolen_with_the_police_report(
    reason_value, with_report, reported_before
):
    answers = {
        "reason": reason_value,
        "police_report": police_report() if with_report else None,
        "reported_before": "yes" if reported_before else "no",
    }
    quote = flow.quote_for_answers(registry.get(SLUG), answers)
    expected = 0 if reason_value == "stolen" and with_report else 6000
    assert quote.total_huf == expected


def test_fee_cannot_be_told_before_the_reason():
    assert flow.quote_for_answers(registry.get(SLUG), {"vehicle": None}) is None


# --- the first steps: who may ask ------------------------------------------------


def test_the_intro_tells_what_cannot_be_done_online(citizen_client):
    page = citizen_client.get(START).content.decode()
    assert "Hivatalos Értesítő" in page
    assert "megrongálódott, de azonosítható" in page
    assert "6000 Ft" in page
    assert f'hx-post="{CHECK_FIRST}"' in page


@pytest.mark.parametrize(
    ("plate", "message"),
    [
        ("XYZ-999", "Nincs XYZ-999 rendszámú jármű"),
        ("NEV-112", "nem tulajdonosa"),
        ("JHV-451", "üzembentartóként más"),
    ],
)
def test_only_an_owner_who_is_keeper_may_ask(
    citizen_client, own_car, others_car, kept_by_other_car, plate, message
):
    response = citizen_client.post(SAVE_FIRST, {"plate": plate})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Case.objects.exists()


def test_a_co_owner_who_is_keeper_may_ask(citizen_client, co_owned_car):
    response = citizen_client.post(SAVE_FIRST, {"plate": "AA BC-123"})
    assert response.status_code == 302


def test_the_lawful_holder_declaration_is_required(citizen_client, own_car):
    citizen_client.post(SAVE_FIRST, {"plate": "RKZ-214"})
    case = Case.objects.get()
    citizen_client.post(reverse("flow:save_step", args=[case.reference, 1]), reason())
    response = citizen_client.post(
        reverse("flow:save_step", args=[case.reference, 2]), post(lawful_holder="")
    )
    assert response.status_code == 422
    assert "jogszerűen rendelkezik a törzskönyvvel" in response.content.decode()
    assert "2" not in Case.objects.get().draft_data["steps"]


def test_the_keeper_refusal_is_shown_live(citizen_client, kept_by_other_car):
    response = citizen_client.post(CHECK_FIRST, {"plate": "jhv 451"}, HTTP_HX_REQUEST="true")
    assert "üzembentartóként más" in response.content.decode()
    assert not Case.objects.exists()


# --- the reason step -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [("damaged", "elektronikus úton nem kérelmezhető"), ("data_changed", "csere, nem pótlás")],
)
def test_office_only_reasons_are_refused_with_where_to_go(citizen_client, own_car, value, message):
    citizen_client.post(SAVE_FIRST, {"plate": "RKZ-214"})
    case = Case.objects.get()
    response = citizen_client.post(
        reverse("flow:save_step", args=[case.reference, 1]), reason(value)
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert "1" not in Case.objects.get().draft_data["steps"]


def test_an_earlier_report_needs_its_date_in_the_past(citizen_client, own_car):
    citizen_client.post(SAVE_FIRST, {"plate": "RKZ-214"})
    case = Case.objects.get()
    url = reverse("flow:save_step", args=[case.reference, 1])
    missing = citizen_client.post(url, reason(reported_before="yes"))
    assert missing.status_code == 422
    assert "mikor jelentették be" in missing.content.decode()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    future = citizen_client.post(url, reason(reported_before="yes", reported_on=tomorrow))
    assert future.status_code == 422


def test_the_fee_changes_live_with_the_reason_and_the_police_report(citizen_client, own_car):
    citizen_client.post(SAVE_FIRST, {"plate": "RKZ-214"})
    case = Case.objects.get()
    check = reverse("flow:check_step", args=[case.reference, 1])
    lost = citizen_client.post(check, reason("lost"), HTTP_HX_REQUEST="true").content.decode()
    assert "6\xa0000\xa0Ft" in lost
    stolen = citizen_client.post(check, reason("stolen"), HTTP_HX_REQUEST="true").content.decode()
    assert "feljelentés másolatát csatolni kell" in stolen
    assert "illetékmentes" not in stolen.split("flow-fee")[-1]
    with_report = citizen_client.post(
        check, reason("stolen", police_report=police_report()), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "díjmentes" in with_report or "ingyenes" in with_report
    assert not case.attachments.exists()  # a check writes nothing


def test_a_non_document_police_report_is_refused(citizen_client, own_car):
    citizen_client.post(SAVE_FIRST, {"plate": "RKZ-214"})
    case = Case.objects.get()
    fake = SimpleUploadedFile("feljelentes.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = citizen_client.post(
        reverse("flow:save_step", args=[case.reference, 1]), reason("stolen", police_report=fake)
    )
    assert response.status_code == 422
    assert "nem PDF" in response.content.decode()
    assert not case.attachments.exists()


# --- the delivery step -----------------------------------------------------------


def test_the_postal_address_defaults_to_the_register(citizen_client, citizen, own_car):
    Address.objects.update_or_create(
        person=citizen.person,
        kind="residence",
        valid_to=None,
        defaults={
            "postal_code": "7621",
            "settlement": "Pécs",
            "street_address": "Király utca 5.",
            "valid_from": date(2010, 1, 1),
        },
    )
    citizen_client.post(SAVE_FIRST, {"plate": "RKZ-214"})
    case = Case.objects.get()
    citizen_client.post(reverse("flow:save_step", args=[case.reference, 1]), reason())
    page = citizen_client.get(reverse("flow:step", args=[case.reference, 2])).content.decode()
    assert 'value="7621"' in page and "Király utca 5." in page
    assert "járási (kerületi) hivatal" in page and "egy évig" in page


def test_posting_needs_an_address(citizen_client, own_car):
    citizen_client.post(SAVE_FIRST, {"plate": "RKZ-214"})
    case = Case.objects.get()
    citizen_client.post(reverse("flow:save_step", args=[case.reference, 1]), reason())
    response = citizen_client.post(
        reverse("flow:save_step", args=[case.reference, 2]),
        post(postal_code="", settlement="", street_address=""),
    )
    assert response.status_code == 422
    assert "ahová a törzskönyvet postázni kell" in response.content.decode()


# --- submission ------------------------------------------------------------------


def test_a_lost_title_is_paid_then_submitted_for_publication(citizen_client, citizen, own_car):
    case = file_until_review(citizen_client)
    review = citizen_client.get(reverse("flow:review", args=[case.reference])).content.decode()
    assert "RKZ-214" in review and "elveszett" in review
    submit_and_pay(citizen_client, case, citizen)
    assert payment_fees.quote_for(case).total_huf == 6000
    assert case.status == "submitted"
    detail = TitleReplacement.objects.get(case=case)
    assert detail.old_title_number == "TK8100001"
    assert (detail.reason, detail.reported_before, detail.delivery) == ("lost", False, "post")
    assert detail.delivery_settlement == "Eger"
    assert case.deadline_days == 60
    assert case.events.filter(kind="title.loss_reported").exists()
    page = citizen_client.get(case.get_absolute_url()).content.decode()
    assert "Még nincs közzétéve" in page


def test_a_stolen_title_with_the_police_report_is_free(citizen_client, citizen, own_car):
    case = file_until_review(
        citizen_client,
        reason_data=reason("stolen", police_report=police_report()),
        delivery_data={"delivery": "collect", "lawful_holder": "on"},
    )
    response = citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert response["Location"] == reverse("flow:done", args=[case.reference])
    case.refresh_from_db()
    assert case.status == "submitted"
    assert case.attachments.get().kind == "police_report"
    assert fees.title_replacement_quote(case).total_huf == 0


def test_a_stolen_title_without_the_report_pays_the_duty(citizen_client, citizen, own_car):
    case = file_until_review(citizen_client, reason_data=reason("stolen"))
    review = citizen_client.get(reverse("flow:review", args=[case.reference])).content.decode()
    assert "feljelentés másolatát csatolni kell" in review
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    case.refresh_from_db()
    assert case.status == "awaiting_payment"


def test_reported_before_means_eight_days(citizen_client, citizen, own_car):
    earlier = (timezone.localdate() - timedelta(days=10)).isoformat()
    case = file_until_review(
        citizen_client, reason_data=reason("destroyed", reported_before="yes", reported_on=earlier)
    )
    submit_and_pay(citizen_client, case, citizen)
    assert case.deadline_days == 8
    assert case.deadline is not None and case.deadline >= case.received_on + timedelta(days=8)
    assert TitleReplacement.objects.get(case=case).reported_on.isoformat() == earlier


def test_the_register_is_checked_again_at_submission(citizen_client, own_car):
    case = file_until_review(citizen_client)
    own_car.keeper = None
    own_car.save()
    response = citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert response["Location"] == reverse("flow:step", args=[case.reference, 2])
    assert not TitleReplacement.objects.exists()


# --- the clerk's steps -----------------------------------------------------------


@pytest.fixture
def filed(citizen, own_car):
    """Filed and paid five days ago (by its own browser, apart from the clerk's)."""
    browser = Client()
    browser.force_login(citizen)
    case = file_until_review(browser)
    submit_and_pay(browser, case, citizen)
    Case.objects.filter(pk=case.pk).update(received_on=timezone.localdate() - timedelta(days=5))
    case.refresh_from_db()
    return case


def test_publication_then_issue_after_the_day_following(
    filed, clerk, own_car, time_machine_today, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    title_replacement.record_publication(filed, published_on=today, by=clerk)
    detail = TitleReplacement.objects.get(case=filed)
    assert detail.objection_deadline == today + timedelta(days=1)
    filed.refresh_from_db()
    assert filed.status == "in_progress"
    for day in (today, today + timedelta(days=1)):
        time_machine_today(day)
        with pytest.raises(title_replacement.NotAllowed):
            title_replacement.issue_title(filed, new_title_number="TK8200002", by=clerk)
    time_machine_today(today + timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        title_replacement.issue_title(filed, new_title_number="tk8200002", by=clerk)
    own_car.refresh_from_db()
    assert own_car.title_number == "TK8200002"
    filed.refresh_from_db()
    assert filed.status == "decided_approved"
    detail.refresh_from_db()
    assert detail.issued_on == today + timedelta(days=2)
    assert Notification.objects.filter(case=filed, template="case_status").exists()


def test_no_issue_before_publication(filed, clerk):
    with pytest.raises(title_replacement.NotAllowed):
        title_replacement.issue_title(filed, new_title_number="TK8200002", by=clerk)


def test_a_proved_right_refuses_the_replacement(filed, clerk, own_car):
    today = timezone.localdate()
    title_replacement.record_publication(filed, published_on=today - timedelta(days=1), by=clerk)
    with pytest.raises(title_replacement.NotAllowed):
        title_replacement.record_objection(
            filed, proved_on=today + timedelta(days=1), note="", by=clerk
        )
    title_replacement.record_objection(
        filed, proved_on=today, note="A lízingcég igazolta.", by=clerk
    )
    filed.refresh_from_db()
    assert filed.status == "decided_refused"
    assert "A lízingcég igazolta." in filed.events.get(kind="case.decided_refused").note
    with pytest.raises(title_replacement.NotAllowed):
        title_replacement.issue_title(filed, new_title_number="TK8200002", by=clerk)
    own_car.refresh_from_db()
    assert own_car.title_number == "TK8100001"


def test_reported_before_is_issued_without_publication(citizen_client, citizen, own_car, clerk):
    earlier = (timezone.localdate() - timedelta(days=3)).isoformat()
    case = file_until_review(
        citizen_client, reason_data=reason("lost", reported_before="yes", reported_on=earlier)
    )
    submit_and_pay(citizen_client, case, citizen)
    with pytest.raises(title_replacement.NotAllowed):
        title_replacement.record_publication(case, published_on=timezone.localdate(), by=clerk)
    title_replacement.issue_title(case, new_title_number="TK8200003", by=clerk)
    case.refresh_from_db()
    assert case.status == "decided_approved"


def test_a_number_in_use_is_refused(filed, clerk, citizen):
    make_vehicle("ABC-123", [(citizen.person, 1, 1)], title_number="TK8300003")
    title_replacement.record_publication(
        filed, published_on=timezone.localdate() - timedelta(days=3), by=clerk
    )
    with pytest.raises(title_replacement.NotAllowed):
        title_replacement.issue_title(filed, new_title_number="TK8300003", by=clerk)
    with pytest.raises(title_replacement.NotAllowed):
        title_replacement.issue_title(filed, new_title_number="x", by=clerk)


# --- the clerk's admin pages -----------------------------------------------------


def test_the_clerk_walks_the_steps_in_the_admin(clerk_client, filed, own_car, citizen):
    citizen_client = Client()
    citizen_client.force_login(citizen)
    detail = TitleReplacement.objects.get(case=filed)
    change = reverse("admin:vehicles_titlereplacement_change", args=[detail.pk])
    publish = reverse("admin:vehicles_titlereplacement_publish", args=[detail.pk])
    issue = reverse("admin:vehicles_titlereplacement_issue", args=[detail.pk])
    listing = clerk_client.get(
        reverse("admin:vehicles_titlereplacement_changelist"), {"stage": "to_publish"}
    )
    assert filed.reference in listing.content.decode()
    page = clerk_client.get(change).content.decode()
    assert publish in page and issue not in page
    assert clerk_client.get(publish).status_code == 200
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused = clerk_client.post(publish, {"published_on": future})
    assert refused.status_code == 200 and "jövőbeli" in refused.content.decode()
    three_days_ago = (timezone.localdate() - timedelta(days=3)).isoformat()
    assert clerk_client.post(publish, {"published_on": three_days_ago}).status_code == 302
    citizen_page = citizen_client.get(filed.get_absolute_url()).content.decode()
    assert "Közzétéve" in citizen_page
    page = clerk_client.get(change).content.decode()
    assert issue in page and publish not in page
    assert clerk_client.post(issue, {"new_title_number": "TK8400004"}).status_code == 302
    own_car.refresh_from_db()
    assert own_car.title_number == "TK8400004"
    citizen_page = citizen_client.get(filed.get_absolute_url()).content.decode()
    assert "TK8400004" in citizen_page


def test_objection_page_needs_a_note(clerk_client, filed, clerk):
    title_replacement.record_publication(filed, published_on=timezone.localdate(), by=clerk)
    detail = TitleReplacement.objects.get(case=filed)
    url = reverse("admin:vehicles_titlereplacement_objection", args=[detail.pk])
    assert (
        clerk_client.post(url, {"proved_on": timezone.localdate().isoformat()}).status_code == 200
    )
    response = clerk_client.post(
        url, {"proved_on": timezone.localdate().isoformat(), "note": "Zálogjogosult."}
    )
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == "decided_refused"


def test_a_citizen_cannot_reach_the_clerk_steps(client, citizen, filed):
    detail = TitleReplacement.objects.get(case=filed)
    client.force_login(citizen)
    url = reverse("admin:vehicles_titlereplacement_issue", args=[detail.pk])
    response = client.post(url, {"new_title_number": "TK8500005"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    filed.refresh_from_db()
    assert filed.status == "submitted"
