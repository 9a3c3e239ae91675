"""The sandbox's mail viewer: an e-mail backend and an SMS hook that keep every
message in the database instead of sending it, for /sandbox/mail/."""

from __future__ import annotations

import re

from django.core.mail.backends.base import BaseEmailBackend
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from sandbox.models import CapturedMessage

# A link in a mail runs to the next space or quote; punctuation that ends the
# sentence it stands in is not part of it.
_URL = re.compile(r"""https?://[^\s<>"']+""")
_TRAILING = ".,;:!?)]}"


class MailViewerBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    html = content
            CapturedMessage.objects.create(
                channel="email",
                sender=message.from_email,
                recipients=", ".join(message.recipients()),
                subject=message.subject,
                text=message.body,
                html=html,
            )
        return len(email_messages)


def capture_sms(recipient: str, text: str) -> None:
    CapturedMessage.objects.create(channel="sms", recipients=recipient, text=text)


def capture_letter(recipient: str, subject: str, text: str) -> None:
    CapturedMessage.objects.create(
        channel="letter", recipients=recipient, subject=subject, text=text
    )


def capture_fax(recipient: str, subject: str, text: str) -> None:
    CapturedMessage.objects.create(channel="fax", recipients=recipient, subject=subject, text=text)


def linkified(text: str) -> SafeString:
    """The message text as HTML: everything escaped, http(s) addresses made links.

    Each piece is escaped on its own, so nothing in a message (a `<script>`, a
    `javascript:` address) ever reaches the page as markup.
    """
    parts, last = [], 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(_TRAILING)
        end = match.start() + len(url)
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html('<a href="{}" rel="noreferrer">{}</a>', url, url))
        last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
