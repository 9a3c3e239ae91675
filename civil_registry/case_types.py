"""The civil registry services in the case-type registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.documents import DocumentSpec
from cases.events import describe
from cases.registry import CaseType, register
from cases.workflow import Status
from civil_registry import extract

register(
    CaseType(
        slug="civil_registry.extract",
        label=_("Birth or marriage certificate extract"),
        detail_model="civil_registry.ExtractRequest",
        forms=(extract.EventStep, extract.ReasonStep),
        eligibility=(extract.in_electronic_registry,),
        deadline_days=8,
        save_detail=extract.save_detail,
        documents={
            extract.DOCUMENT_KIND: DocumentSpec(
                title=_("Civil registry extract"),
                template="civil_registry/pdf/extract.html",
                legal_basis=_(
                    "Act I of 2010 on civil registration procedure (At.); Act CL of 2016 on the "
                    "general administrative procedure (Ákr.)"
                ),
                issue_on=Status.DECIDED_APPROVED,
            )
        },
        case_template="civil_registry/extract_case.html",
        intro_template="civil_registry/extract_intro.html",
    )
)

describe(
    "civil_registry.extract_posted",
    _("Extract posted"),
    _("The printed extract was posted."),
    shows_note=True,
)
