"""The public verification page of the documents the portal issues (/verify/<code>/).

Anyone holding a printout or a PDF types its code or scans its QR code; the page says
whether the portal issued a document with that code (authentic), whether the stored
file is still the one issued (its SHA-256), whether it is still valid (not revoked,
not expired, and the register document it certifies not invalidated), and lets the
visitor compare their own copy of the file with it: the copy is hashed in memory and
dropped, never stored. It shows the title, the issuing authority, the date of issue
and the case reference printed on the document's first page, and nothing more.
"""

from __future__ import annotations

import hashlib
import logging

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cases import verification
from cases.models import IssuedDocument
from document_checks.check_log import record
from document_checks.forms import described
from document_checks.models import AnonymousCheck

log = logging.getLogger(__name__)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("16 characters, printed beside the QR code, e.g. 7KQ2-M9XD-4HTA-0ZRC."),
        error_messages={"required": _("Enter the verification code.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )
        described(self)

    def clean_code(self) -> str:
        code = verification.normalize(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "This is not a verification code: it has 16 characters, letters and "
                    "digits, in four groups. Check each character; one of them may be "
                    "mistyped."
                ),
                code="code_format",
            )
        return code


class CopyForm(forms.Form):
    copy = forms.FileField(
        label=_("Your copy of the document (PDF)"),
        help_text=_("The file is compared with the issued one and is not kept."),
        error_messages={
            "required": _("Choose the PDF file to compare."),
            "empty": _("The chosen file is empty."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy"].widget.attrs["accept"] = "application/pdf,.pdf"
        described(self)

    def clean_copy(self):
        copy = self.cleaned_data["copy"]
        if copy.size > settings.PORTAL_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than any document the portal issues."), code="too_large"
            )
        return copy


def find_and_record(typed: str) -> verification.Verdict | None:
    document = verification.find(typed)
    log.info("issued document verification answered")
    if document is None:
        return None
    record(AnonymousCheck.Kind.VERIFICATION, issued_document=document)
    return verification.verdict(document)


def same_file(document: IssuedDocument, upload) -> bool:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest() == document.sha256
