"""The branded error pages, as a citizen sees them with DEBUG off (as `make run` runs)."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.template import loader
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

SHELL = '<header class="portal-header">'
FAVICONS = ('<link rel="icon" href="/favicon.ico"', 'href="/static/img/favicon.svg"')


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.portal.error_urls"


def _english(client: Client) -> Client:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _assert_branded(body: str) -> None:
    assert SHELL in body
    assert 'class="portal-footer"' in body
    for favicon in FAVICONS:
        assert favicon in body


def test_the_debug_default_is_off():
    # pytest-django turns DEBUG off whatever the settings say; read the source instead.
    from portal.env import env_bool

    assert (
        'DEBUG = env_bool("DJANGO_DEBUG", False)'
        in (django_settings.BASE_DIR / "portal" / "settings.py").read_text()
    )
    assert env_bool("DJANGO_DEBUG_NOT_SET_ANYWHERE", False) is False


@pytest.mark.django_db
def test_404_is_branded_and_never_lists_the_url_patterns(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    _assert_branded(body)
    assert "<title>Az oldal nem található – Ügysegéd</title>" in body
    assert "<h1>Az oldal nem található</h1>" in body
    for leak in ("URLconf", "my-requests", "Django", "Traceback", "test-broken"):
        assert leak not in body


@pytest.mark.django_db
def test_404_in_english(client):
    body = _english(client).get("/no-such-page/").content.decode()
    assert '<html lang="en">' in body
    assert "<h1>Page not found</h1>" in body
    _assert_branded(body)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"), [("hu", "Nincs hozzáférése"), ("en", "No access")]
)
def test_403_is_branded_in_both_languages(client, language, heading):
    if language == "en":
        _english(client)
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    body = response.content.decode()
    _assert_branded(body)
    assert f"<h1>{heading}</h1>" in body


@pytest.mark.django_db
def test_a_failed_csrf_check_is_branded_and_says_what_to_do():
    response = Client(enforce_csrf_checks=True).post(
        reverse("set_language"), {"language": "en", "next": "/"}
    )
    assert response.status_code == 403
    body = response.content.decode()
    _assert_branded(body)
    assert "<h1>Az űrlap lejárt</h1>" in body
    assert "Semmi sem mentődött" in body
    # Rendered without the request: no header forms whose CSRF token would be empty.
    assert 'action="/i18n/setlang/"' not in body


@pytest.mark.django_db
def test_500_is_branded_bilingual_and_touches_no_database():
    client = Client(raise_request_exception=False)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/test-broken/")
    # Only the savepoints of the request's transaction (ATOMIC_REQUESTS), rolled back.
    assert [q["sql"].split()[0] for q in queries.captured_queries] == [
        "SAVEPOINT",
        "ROLLBACK",
        "RELEASE",
    ]
    assert response.status_code == 500
    body = response.content.decode()
    _assert_branded(body)
    assert '<div lang="hu">\n<h1>Váratlan hiba történt</h1>' in body
    assert '<div lang="en">\n<h2>An unexpected error occurred</h2>' in body
    assert "a failure the citizen must not see" not in body
    assert "RuntimeError" not in body


def test_500_renders_without_request_database_or_context_processors():
    # No django_db mark: any query would fail the test. No request: no context
    # processor runs, as when Django's server_error renders it.
    body = loader.get_template("500.html").render()
    assert "Váratlan hiba történt" in body and "An unexpected error occurred" in body
    assert SHELL in body
    assert "csrfmiddlewaretoken" not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/test-database-down/", "/test-connection-closed/", "/test-failed-because-database-down/"],
)
def test_an_unreachable_database_answers_the_branded_503_with_retry_after(url, caplog):
    client = Client(raise_request_exception=False)
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    _assert_branded(body)
    assert '<div lang="hu">\n<h1>A szolgáltatás átmenetileg nem elérhető</h1>' in body
    assert '<div lang="en">\n<h2>The service is temporarily unavailable</h2>' in body
    assert "semmi nem módosult" in body and "nothing was changed" in body
    for leak in ("5432", "connection", "Traceback", "OperationalError"):
        assert leak not in body
    assert "database unreachable: answered 503" in caplog.text
    assert url not in [r.getMessage() for r in caplog.records if r.name == "portal.errors"]


def test_503_renders_without_request_database_or_context_processors():
    body = loader.get_template("503.html").render()
    assert "A szolgáltatás átmenetileg nem elérhető" in body
    assert SHELL in body
    assert "csrfmiddlewaretoken" not in body
    assert "<script" not in body.split("<main")[1].split("</main>")[0]


@pytest.mark.django_db
def test_other_failures_still_answer_500(client):
    response = Client(raise_request_exception=False).get("/test-broken/")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_429_of_the_rate_limit_is_branded(client):
    for _ in range(100):
        response = client.post(reverse("identity:login"), {"method": "no-such-method"})
        if response.status_code == 429:
            break
    assert response.status_code == 429
    body = response.content.decode()
    _assert_branded(body)
    assert "<title>Túl sok kérés – Ügysegéd</title>" in body
    assert "<h1>Túl sok kérés</h1>" in body


@pytest.mark.django_db
def test_429_of_the_login_lockout_is_branded_in_english(client, clerk, settings):
    _english(client)
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(
            reverse("admin:login"),
            {"username": clerk.username, "password": "wrong", "otp_token": "000000"},
        )
    assert response.status_code == 429
    body = response.content.decode()
    _assert_branded(body)
    assert "<title>Login locked – Ügysegéd</title>" in body
    assert "Too many failed login attempts." in body


@pytest.mark.django_db
def test_favicon_ico_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # ICO header
