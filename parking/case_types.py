"""The parking card services in the case-type registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.documents import Authority, DocumentSpec
from cases.events import describe
from cases.registry import CaseType, register
from cases.workflow import Status
from parking import eligibility, exchange, replacement

# Both services: the card is issued and posted by the Budapest XIII district office.
DESIGNATED_OFFICE = Authority(
    _("Budapest Capital Government Office, District XIII Office"),
    "1133 Budapest, Visegrádi utca 110.",
)
DOCUMENT_KIND = "parking_decision"
LEGAL_BASIS = _(
    "Government Decree 218/2003 (XII. 11.) on the parking card of persons with reduced "
    "mobility; Act CL of 2016 on the general administrative procedure (Ákr.)"
)

register(
    CaseType(
        slug="parking.replacement",
        label=_("Replace a lost, stolen or destroyed parking card"),
        detail_model="parking.CardReplacement",
        forms=(replacement.CardStep, replacement.ReplacementDeliveryStep),
        eligibility=(eligibility.own_card, replacement.replaceable),
        deadline_days=15,
        save_detail=replacement.save_detail,
        documents={
            DOCUMENT_KIND: DocumentSpec(
                title=_("Decision on the replacement of the parking card"),
                template="parking/pdf/decision.html",
                legal_basis=LEGAL_BASIS,
                issue_on=Status.DECIDED_APPROVED,
            )
        },
        authority=DESIGNATED_OFFICE,
        case_template="parking/card_case.html",
        intro_template="parking/replacement_intro.html",
    )
)

register(
    CaseType(
        slug="parking.exchange",
        label=_("Exchange the parking card (permanent condition)"),
        detail_model="parking.CardExchange",
        forms=(exchange.CardStep, exchange.EntitlementStep, exchange.ExchangeDeliveryStep),
        eligibility=(eligibility.own_card, exchange.exchangeable),
        deadline_days=15,
        save_detail=exchange.save_detail,
        documents={
            DOCUMENT_KIND: DocumentSpec(
                title=_("Decision on the exchange of the parking card"),
                template="parking/pdf/decision.html",
                legal_basis=LEGAL_BASIS,
                issue_on=Status.DECIDED_APPROVED,
            )
        },
        authority=DESIGNATED_OFFICE,
        case_template="parking/card_case.html",
        intro_template="parking/exchange_intro.html",
    )
)

describe(
    "parking.card_posted",
    _("New card posted"),
    _("The new parking card was posted."),
    shows_note=True,
)
