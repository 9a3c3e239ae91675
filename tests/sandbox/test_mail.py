from __future__ import annotations

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse

from sandbox.mail import MailViewerBackend, linkified
from sandbox.models import CapturedMessage

LONG_URL = "https://ugysegeg.example.hu/my-requests/UGY-2026-000123/?" + "x=1&y=2&" * 40


def test_links_are_made_of_http_and_https_addresses_only():
    html = linkified("See https://a.example.hu/x. Or ftp://b.example.hu and javascript:alert(1)")
    assert html == (
        'See <a href="https://a.example.hu/x" rel="noreferrer">https://a.example.hu/x</a>. '
        "Or ftp://b.example.hu and javascript:alert(1)"
    )


def test_everything_around_and_inside_a_link_is_escaped():
    html = linkified('<script>alert(1)</script> http://a.example.hu/?q=<b>&r="1"')
    assert html == (
        "&lt;script&gt;alert(1)&lt;/script&gt; "
        '<a href="http://a.example.hu/?q=" rel="noreferrer">http://a.example.hu/?q=</a>'
        "&lt;b&gt;&amp;r=&quot;1&quot;"
    )


@pytest.mark.django_db
def test_the_mailbox_shows_a_captured_mail_escaped_with_clickable_links(client):
    message = EmailMessage(
        subject="Ügyének állapota megváltozott",
        body=f"<script>alert('x')</script>\nAz ügye: {LONG_URL}\nÜdvözlettel",
        from_email="portal@example.hu",
        to=["citizen@example.hu"],
    )
    assert MailViewerBackend().send_messages([message]) == 1
    captured = CapturedMessage.objects.get()

    body = client.get(reverse("sandbox:mail_detail", args=[captured.pk])).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    href = LONG_URL.replace("&", "&amp;")
    assert f'<a href="{href}" rel="noreferrer">{href}</a>' in body
    assert '<pre class="border p-3 bg-light mail-text">' in body
