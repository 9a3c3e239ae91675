"""The sandbox's mail viewer: an e-mail backend and an SMS hook that keep every
message in the database instead of sending it, for /sandbox/mail/."""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend

from sandbox.models import CapturedMessage


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
