"""The registry of case types.

Each service app declares its case types in `<app>/case_types.py` by calling
`register(CaseType(...))`; `cases.apps` imports those modules at start-up.
Nothing central switches on case types: everything a service needs to be
filed, paid, decided and shown is in its entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cases.documents import Authority, DocumentSpec, default_authority

# An eligibility check looks at the applicant and the form data and returns a
# reason shown to the citizen, or None when the check passes.
Check = Callable[[Any, Mapping[str, Any]], "str | None"]


@dataclass(frozen=True)
class CaseType:
    slug: str  # e.g. "vehicles.ownership_change"
    label: Any  # lazy translated name
    detail_model: str | None = None  # "app_label.Model", one-to-one with Case
    forms: Sequence[type] = ()  # the form steps, in order
    eligibility: Sequence[Check] = ()
    fee: Callable[..., Any] | None = None  # fee rule: returns the amount due (or None)
    # The fee as the information page states it, for a fee that depends on the
    # answers: `() -> lines`, each line with `label`, `amount` and `currency`
    # (e.g. per vehicle, at least, examples). None: the page quotes `fee({})`.
    fee_summary: Callable[[], Sequence[Any]] | None = None
    deadline_days: int | None = None  # statutory deadline; None when immediate
    on_submit: Callable[..., None] | None = None  # effect on the register, same transaction
    # kind -> what the document is; the spine issues each one when the case
    # reaches its `issue_on` status (`cases.tasks.issue_case_document`).
    documents: Mapping[str, DocumentSpec] = field(default_factory=dict)
    # In whose name its documents are issued; None: the operator's authority
    # from the settings (`cases.documents.default_authority`).
    authority: Authority | None = None
    immediate: bool = False  # the register changes and the case closes on submit
    needs_login: bool = True
    start_view: str | None = None  # URL name of the first form step
    # Writes the detail row from the cleaned answers of every step, in the
    # submission's transaction, before the fee is quoted and `on_submit` runs.
    save_detail: Callable[..., Any] | None = None
    # Shown on the citizen's case page (the service's own data) and above the
    # first step (what to know before starting); both optional.
    case_template: str | None = None
    intro_template: str | None = None
    # Whether a paid case gets a downloadable payment receipt. Passport services
    # do not: the ministry e-mails it on request to the 1818 help line.
    online_receipt: bool = True
    # Whether the fee can be paid only by card (no bank transfer): the passport
    # services, whose duty is paid by card before submission.
    card_only: bool = False

    def __post_init__(self) -> None:
        if "." not in self.slug:
            raise ValueError(f"case type slug must be 'group.name', got {self.slug!r}")
        for kind, spec in self.documents.items():
            if not isinstance(spec, DocumentSpec):
                raise TypeError(f"{self.slug}: document {kind!r} must be a DocumentSpec")
        if self.forms and not self.needs_login:
            # The generic flow keeps the draft as the logged-in applicant's own; a
            # service without login needs views of its own.
            raise ValueError(f"{self.slug}: a service filed by the generic flow needs login")

    def issuing_authority(self) -> Authority:
        return self.authority or default_authority()


class AlreadyRegistered(Exception):
    pass


_registry: dict[str, CaseType] = {}


def register(case_type: CaseType) -> CaseType:
    if case_type.slug in _registry:
        raise AlreadyRegistered(case_type.slug)
    _registry[case_type.slug] = case_type
    return case_type


def unregister(slug: str) -> None:
    """Remove a type; meant for tests that register throw-away types."""
    _registry.pop(slug, None)


def get(slug: str) -> CaseType:
    return _registry[slug]


def is_registered(slug: str) -> bool:
    return slug in _registry


def all_types() -> list[CaseType]:
    return sorted(_registry.values(), key=lambda t: t.slug)


def choices() -> list[tuple[str, str]]:
    return [(t.slug, str(t.label)) for t in all_types()]
