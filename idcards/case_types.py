"""The ID card services in the case-type registry: both free, both filed online."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.documents import NOT_A_DECISION_REMEDY, Authority, DocumentSpec
from cases.events import describe
from cases.registry import CaseType, register
from idcards import eligibility, invalidation, replacement

# The published procedure: "Az eljárást a Belügyminisztérium folytatja le"; the
# ministry's register office is at this address (the data-information service's text).
MINISTRY = Authority(
    _("Ministry of the Interior, Deputy State Secretariat for the Management of Registers"),
    "1133 Budapest, Visegrádi u. 112.",
)
LEGAL_BASIS = _(
    "Act LXVI of 1992 on the register of citizens' personal data and address; Government "
    "Decree 414/2015 (XII. 23.) on issuing the identity card"
)

register(
    CaseType(
        slug="idcards.invalidation",
        label=_("Report a lost, stolen or destroyed ID card"),
        detail_model="idcards.Invalidation",
        forms=(invalidation.CardStep, invalidation.ConfirmStep),
        eligibility=(eligibility.card_reportable,),
        # The card is invalid at once on submission.
        deadline_days=None,
        immediate=True,
        save_detail=invalidation.save_detail,
        on_submit=invalidation.invalidate,
        authority=MINISTRY,
        case_template="idcards/invalidation_case.html",
        intro_template="idcards/invalidation_intro.html",
    )
)

register(
    CaseType(
        slug="idcards.replacement",
        label=_("Report a lost permanent ID card and ask for its replacement"),
        detail_model="idcards.Replacement",
        forms=(replacement.ReasonStep, replacement.DeliveryStep),
        eligibility=(eligibility.card_replaceable,),
        # 20 days; 8 when the facts are clear (`replacement.save_detail`).
        deadline_days=20,
        save_detail=replacement.save_detail,
        on_submit=replacement.report_and_order,
        authority=MINISTRY,
        documents={
            # Issued by `idcards.tasks.issue_pin_letter` once the card is issued: only
            # that task holds the secrets. Delivered to the document inbox.
            "pin_letter": DocumentSpec(
                title=_("Activation PIN and PUK of the ID card"),
                template="idcards/pdf/pin_letter.html",
                legal_basis=LEGAL_BASIS,
                remedy=NOT_A_DECISION_REMEDY,
                issue_on=None,
            ),
        },
        case_template="idcards/replacement_case.html",
        intro_template="idcards/replacement_intro.html",
    )
)

describe(
    "idcards.invalidated",
    _("ID card invalidated"),
    _("Your ID card was reported and is invalid in the register."),
    shows_note=True,
)
describe(
    "idcards.production_ordered",
    _("Replacement card ordered"),
    _("The production of your replacement card was ordered."),
    shows_note=True,
)
describe(
    "idcards.card_issued",
    _("Replacement card issued"),
    _("Your replacement ID card was issued."),
    shows_note=True,
)
describe(
    "idcards.card_posted",
    _("Replacement card posted"),
    _("Your replacement ID card was posted."),
    shows_note=True,
)
describe(
    "idcards.card_delivered",
    _("Replacement card delivered"),
    _("Your replacement ID card was delivered."),
)
