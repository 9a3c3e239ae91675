"""What an issued document declares: its title, template, legal basis and remedy.

A case type lists its documents in `CaseType.documents` (kind -> `DocumentSpec`);
the spine issues each of them when the case reaches the spec's `issue_on`
status, through the one door, `cases.pdf.issue_document`. Every PDF that door
renders carries the issuing authority, the legal basis, the remedy, the date of
issue and a verification code with its QR code (`templates/pdf/base.html`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Authority:
    """The body in whose name a document is issued."""

    name: Any
    address: Any


def default_authority() -> Authority:
    """The operator's authority (settings), for case types that name none."""
    return Authority(settings.PORTAL_ISSUING_AUTHORITY, settings.PORTAL_ISSUING_AUTHORITY_ADDRESS)


# Ákr. 114. § (1): where no law allows an appeal (Ákr. 116. § (1)), a final
# decision is challenged by an administrative lawsuit (Kp.), within 30 days of
# its communication. The published description of the ID card replacement
# procedure (OKMIR00090, its remedies) spells it out in these terms; the services'
# own descriptions say nothing else, so it is the remedy of every decision here
# unless a spec says otherwise.
GENERAL_REMEDY = _(
    "No appeal lies against this decision. Within 30 days of its communication you may "
    "bring an administrative lawsuit against it (Act CL of 2016, section 114 (1); Act I "
    "of 2017 on the Code of Administrative Court Procedure): address the statement of "
    "claim to the competent regional court (törvényszék) and file it with the authority "
    "that issued this document, or "
    "at the court. The procedural duty of the lawsuit is HUF 30,000; its payment is "
    "deferred, and the court decides who bears it."
)

# A receipt or a contract is not a decision of an authority: nothing to appeal.
NOT_A_DECISION_REMEDY = _(
    "This document is not an administrative decision: no appeal or lawsuit lies against "
    "it. If anything in it is wrong, write to the issuing authority, quoting the "
    "reference number and the verification code below."
)


@dataclass(frozen=True)
class DocumentSpec:
    title: Any  # lazy translated
    template: str  # extends "pdf/base.html"
    legal_basis: Any  # lazy translated: the law the document is issued under
    remedy: Any = GENERAL_REMEDY
    # The status at which the spine issues the document, on commit. None: the
    # service issues it itself through `cases.pdf.issue_document`, because it
    # needs data that only it holds at that moment (e.g. a PIN envelope's secrets).
    issue_on: str | None = "submitted"
    public: bool = True  # downloadable by the citizen
    # Signed with the issuing authority's key (PAdES, `cases.signing`): a document
    # whose paper or PDF copy others rely on, such as a certificate.
    signed: bool = False
    # The language it is written in; None: the applicant's. A certificate the law
    # issues in Hungarian only says "hu".
    language: str | None = None


# Documents issued outside a case type's `documents` (a payment's receipt) are named by
# the app that issues them: it registers at start-up a function that names a kind it
# knows in the active language, and returns None for any other kind.
_TITLE_RULES: list[Callable[[str], str | None]] = []


def register_title_rule(rule: Callable[[str], str | None]) -> None:
    if rule not in _TITLE_RULES:
        _TITLE_RULES.append(rule)


def title_in_active_language(kind: str, spec: DocumentSpec | None, stored_title: str) -> str:
    """An issued document's name in the reader's language. The stored title keeps the
    language the document was issued in, so it is the last resort."""
    if spec is not None:
        return str(spec.title)
    for rule in _TITLE_RULES:
        title = rule(kind)
        if title is not None:
            return title
    return stored_title
