"""Two gunicorns behind HAProxy (`make cluster`): consecutive requests land on different
instances, and what one instance wrote the other reads: the session, the anonymous rate
limit's count, a draft with its uploaded file."""

from __future__ import annotations

import re

import pytest
import requests

from tests import samples

pytestmark = pytest.mark.cluster

CHECK = "/criminal-records/check/"


def _session(cluster) -> requests.Session:
    session = requests.Session()
    session.verify = str(cluster.certificate)
    session.trust_env = False  # else REQUESTS_CA_BUNDLE replaces `verify`
    return session


def _node(response: requests.Response) -> str:
    return response.headers["X-Portal-Node"]


def _csrf(session: requests.Session, cluster, path: str) -> str:
    page = session.get(cluster.url + path, allow_redirects=False)
    assert page.status_code == 200, page.text[:2000]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_consecutive_requests_alternate_between_the_two_instances(cluster):
    session = _session(cluster)
    nodes = [_node(session.get(cluster.url + "/health/")) for _ in range(4)]
    assert sorted(set(nodes)) == ["web1", "web2"]
    assert all(a != b for a, b in zip(nodes, nodes[1:], strict=False))


def _log_in_clerk(cluster) -> tuple[requests.Session, str, str]:
    """A clerk logged in to the admin with password and TOTP code: the session, the
    username and the instance that took the login."""
    from django_otp.oath import totp

    username, password, key = cluster.manage_shell(
        "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
        "clerk = factories.ClerkFactory()\n"
        "device = TOTPDevice.objects.create(user=clerk, name='phone', confirmed=True)\n"
        "print(clerk.username, 'clerk-password-123', device.key)"
    ).split()
    session = _session(cluster)
    token = _csrf(session, cluster, "/admin/login/")
    login = session.post(
        cluster.url + "/admin/login/",
        data={
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "otp_token": f"{totp(bytes.fromhex(key)):06d}",
            "next": "/admin/",
        },
        headers={"Referer": cluster.url + "/admin/login/"},
        allow_redirects=False,
    )
    assert login.status_code == 302, login.text[:2000]
    return session, username, _node(login)


def _get_from_other_node(session: requests.Session, url: str, node: str) -> requests.Response:
    """GET `url` until an instance other than `node` answers (round robin: the first
    or the second time)."""
    for _ in range(2):
        response = session.get(url, allow_redirects=False)
        if _node(response) != node:
            return response
    raise AssertionError(f"{url} was answered by {node} twice in a row")


def test_a_clerk_logged_in_through_one_instance_stays_logged_in_on_the_other(cluster):
    session, username, logged_in_on = _log_in_clerk(cluster)
    page = _get_from_other_node(session, cluster.url + "/admin/", logged_in_on)
    assert page.status_code == 200
    assert username in page.text


def test_the_anonymous_rate_limit_counts_requests_to_both_instances(cluster):
    cluster.manage_shell(
        "from django.core.cache import cache\n"
        "from portal.rate_limits import _keys\n"
        "cache.delete_many(_keys('criminal_record.check', '127.0.0.1')); print('cleared')"
    )
    session = _session(cluster)
    answers = [session.get(cluster.url + CHECK) for _ in range(7)]
    # Six allowed (three on each instance), the seventh refused: one count for both.
    assert [a.status_code for a in answers] == [200] * 6 + [429]
    assert {_node(a) for a in answers[:6]} == {"web1", "web2"}


def test_a_draft_with_an_upload_made_through_one_instance_is_read_through_the_other(cluster):
    session_key = cluster.manage_shell(
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "citizen = factories.CitizenFactory()\n"
        "factories.PassportFactory(holder=citizen.person)\n"
        "client = Client(); client.force_login(citizen)\n"
        "print(client.cookies[settings.SESSION_COOKIE_NAME].value)"
    )
    citizen = _session(cluster)
    citizen.cookies.set("sessionid", session_key, domain="127.0.0.1", secure=True)
    start = "/apply/passports.second_passport/"
    token = _csrf(citizen, cluster, start)
    content = samples.pdf()
    saved = citizen.post(
        cluster.url + start + "save/",
        data={"csrfmiddlewaretoken": token, "reason": "work", "replaces": "no"},
        files={"proof": ("igazolas.pdf", content, "application/pdf")},
        headers={"Referer": cluster.url + start},
        allow_redirects=False,
    )
    assert saved.status_code == 302, saved.text[:3000]
    uploaded_on = _node(saved)
    reference = re.search(r"/apply/draft/([^/]+)/1/", saved.headers["Location"]).group(1)

    # The citizen's draft, read by the other instance, has the file.
    first_step = f"{cluster.url}/apply/draft/{reference}/0/"
    page = _get_from_other_node(citizen, first_step, uploaded_on)
    assert page.status_code == 200
    assert "igazolas.pdf" in page.text

    # And the file itself is on the shared media folder: a clerk downloads it there.
    pk = cluster.manage_shell(
        "from cases.models import Attachment\n"
        f"print(Attachment.objects.get(case__reference='{reference}').pk)"
    )
    clerk, _, _ = _log_in_clerk(cluster)
    download = _get_from_other_node(clerk, f"{cluster.url}/files/attachments/{pk}/", uploaded_on)
    assert download.status_code == 200
    assert download.content == content  # a PDF is stored byte for byte
