from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from cases import registry
from cases.actions import create_case, submit_case
from portal import catalogue
from portal.catalogue import facts


@pytest.mark.django_db
def test_home_lists_every_service_of_the_catalogue(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    for service in catalogue.all_services():
        assert reverse("portal:service_info", args=[service.code]) in body
    assert '<html lang="hu">' in body
    assert 'href="#main"' in body and 'id="main"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["hu", "en"])
def test_home_names_groups_and_services_in_the_language_and_marks_the_anonymous_ones(
    client, language
):
    """The rows are made in the view (portal.views._listings): each link, its title in
    the page's language, and the "no login needed" badge on exactly the services that
    need none."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get("/").content.decode()
    badge = {"hu": "bejelentkezés nélkül", "en": "no login needed"}[language]
    items = re.findall(r'<li>\s*<a href="([^"]+)">([^<]+)</a>(.*?)</li>', body, re.S)
    by_url = {url: (title, badge in rest) for url, title, rest in items}
    for group in catalogue.groups():
        assert f'<h2 id="group-{group.slug}">{escape(group.title.get(language))}</h2>' in body
        for service in group.services:
            title, marked = by_url[reverse("portal:service_info", args=[service.code])]
            assert title == escape(service.title.get(language))
            assert marked is not facts.needs_login(service), service.code
    assert any(marked for _, marked in by_url.values())


@pytest.mark.django_db
def test_english_switch_changes_the_language(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()
    assert "Online government services" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("service", catalogue.all_services(), ids=lambda s: s.code)
def test_every_service_has_an_information_page(client, service):
    response = client.get(reverse("portal:service_info", args=[service.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert escape(service.title.hu) in body
    assert escape(service.summary.hu) in body
    # A service not yet registered must say so honestly; a registered one starts.
    kind = registry.get(service.code) if registry.is_registered(service.code) else None
    if kind and (kind.start_view or kind.forms):
        start = (
            reverse(kind.start_view) if kind.start_view else reverse("flow:start", args=[kind.slug])
        )
        assert start in body
        assert "Még nem intézhető online ezen a portálon" not in body
    elif service.start_view:
        assert reverse(service.start_view) in body
    else:
        assert "Még nem intézhető online ezen a portálon" in body


@pytest.mark.django_db
def test_unknown_service_is_404(client):
    assert client.get("/services/no.such_service/").status_code == 404


@pytest.mark.django_db
def test_my_requests_needs_login(client):
    response = client.get(reverse("portal:my_requests"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:login"))


@pytest.mark.django_db
def test_my_requests_lists_only_own_submitted_cases(
    citizen_client, citizen, other_citizen, sample_case_type
):
    mine = create_case("testing.sample", applicant=citizen)
    submit_case(mine, by=citizen)
    draft = create_case("testing.sample", applicant=citizen)
    theirs = create_case("testing.sample", applicant=other_citizen)
    submit_case(theirs, by=other_citizen)
    body = citizen_client.get(reverse("portal:my_requests")).content.decode()
    assert mine.reference in body
    assert draft.reference not in body
    assert theirs.reference not in body
    assert "no-store" in citizen_client.get(reverse("portal:my_requests"))["Cache-Control"]


@pytest.mark.django_db
def test_case_page_is_404_for_someone_elses_or_unknown_case(
    citizen_client, other_citizen, sample_case_type
):
    theirs = create_case("testing.sample", applicant=other_citizen)
    assert (
        citizen_client.get(reverse("portal:case_detail", args=[theirs.reference])).status_code
        == 404
    )
    assert (
        citizen_client.get(reverse("portal:case_detail", args=["UGY-2026-999999"])).status_code
        == 404
    )


@pytest.mark.django_db
def test_case_page_shows_status_in_citizen_words(citizen_client, citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    body = citizen_client.get(case.get_absolute_url()).content.decode()
    assert case.reference in body and case.receipt_code in body
    assert "Beérkezett, ügyintézőre vár" in body


@pytest.mark.django_db
def test_security_headers_are_sent(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_health_reports_each_part(client):
    from portal.tasks import record_heartbeat

    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["worker"] == {"ok": False, "error": "no heartbeat yet"}
    record_heartbeat()
    data = client.get("/health/").json()
    assert data["database"] == {"ok": True}
    assert data["broker"]["ok"] is True
    assert data["worker"]["ok"] is True
    assert data["ok"] is True


@pytest.mark.django_db
def test_stale_heartbeat_marks_the_worker_down(client):
    from datetime import timedelta

    from django.utils import timezone

    from portal.models import Heartbeat

    Heartbeat.objects.create(name="worker", at=timezone.now() - timedelta(minutes=10))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["worker"]["ok"] is False


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.portal.failing_urls")
def test_a_failed_request_leaves_nothing_half_written(client):
    from appointments.models import Office

    client.raise_request_exception = False
    assert client.get("/fail/").status_code == 500
    assert not Office.objects.filter(code="half-written").exists()


@pytest.mark.django_db
def test_hungarian_is_the_default_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="hu">' in response.content.decode()
    assert response["Content-Language"] == "hu"
