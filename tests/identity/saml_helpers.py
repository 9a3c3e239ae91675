"""Drive the real SAML exchange between the portal (SP) and the built-in IdP."""

from __future__ import annotations

import re
from html import unescape
from types import SimpleNamespace

from django.test import RequestFactory

from ugyfelkapu import saml as idp

FIELD = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')
ACTION = re.compile(r'<form method="post" action="([^"]+)" data-autosubmit>')


def post_fields(response) -> tuple[str, dict[str, str]]:
    body = response.content.decode()
    return unescape(ACTION.search(body).group(1)), {
        name: unescape(value) for name, value in FIELD.findall(body)
    }


def start_login(client, method: str = "totp", next_url: str = "") -> dict:
    """The portal's signed AuthnRequest, checked by the IdP: its pending request."""
    response = client.post("/account/login/", {"method": method, "next": next_url})
    assert response.status_code == 200, response.status_code
    _, fields = post_fields(response)
    return idp.parse_authn_request(fields["SAMLRequest"], fields["RelayState"])


def account_for(person, *, subject: str = "subject-1", email: str = "polgar@example.hu"):
    return SimpleNamespace(pk=1, subject=subject, person=person, email=email)


def idp_answer(pending: dict, account, method: str = "totp") -> dict[str, str]:
    request = RequestFactory().get("/")
    request.session = {}
    response = idp.render_authn_response(request, account, method, pending)
    return post_fields(response)[1]
