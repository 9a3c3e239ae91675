"""The vehicle services in the case-type registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.documents import DocumentSpec
from cases.events import describe
from cases.registry import CaseType, register
from cases.workflow import Status
from vehicles import (
    data_lookup,
    eligibility,
    fees,
    ownership_change,
    reinstatement,
    temporary_withdrawal,
    title_replacement,
)

register(
    CaseType(
        slug="vehicles.ownership_change",
        label=_("Report a change of vehicle ownership"),
        detail_model="vehicles.OwnershipChange",
        forms=(
            ownership_change.VehicleStep,
            ownership_change.NewOwnerStep,
            ownership_change.ContractStep,
        ),
        eligibility=(eligibility.sole_owner, eligibility.no_sales_ban),
        fee=None,
        deadline_days=30,
        save_detail=ownership_change.save_detail,
        on_submit=ownership_change.register_change,
        case_template="vehicles/ownership_case.html",
        intro_template="vehicles/ownership_intro.html",
    )
)

register(
    CaseType(
        slug="vehicles.title_replacement",
        label=_("Replace a lost, stolen or destroyed vehicle title"),
        detail_model="vehicles.TitleReplacement",
        forms=(
            title_replacement.VehicleStep,
            title_replacement.ReasonStep,
            title_replacement.DeliveryStep,
        ),
        eligibility=(eligibility.is_owner, eligibility.is_keeper),
        fee=fees.title_replacement_quote,
        fee_summary=fees.title_replacement_fee_summary,
        # Ákr. 50. § (2) c): the full procedure's deadline; a case whose loss was
        # reported before gets 8 days in `title_replacement.save_detail`.
        deadline_days=60,
        save_detail=title_replacement.save_detail,
        on_submit=title_replacement.report_loss,
        case_template="vehicles/title_case.html",
        intro_template="vehicles/title_intro.html",
    )
)

register(
    CaseType(
        slug="vehicles.temporary_withdrawal",
        label=_("Withdraw a vehicle from traffic temporarily (or extend it)"),
        detail_model="vehicles.Withdrawal",
        forms=(temporary_withdrawal.VehicleStep, temporary_withdrawal.PeriodStep),
        eligibility=(
            eligibility.is_owner,
            eligibility.is_keeper,
            temporary_withdrawal.withdrawal_state,
        ),
        fee=fees.withdrawal_quote,
        # The main-rule deadline; the withdrawal itself is registered on submission.
        deadline_days=30,
        save_detail=temporary_withdrawal.save_detail,
        on_submit=temporary_withdrawal.withdraw,
        immediate=True,
        case_template="vehicles/withdrawal_case.html",
        intro_template="vehicles/withdrawal_intro.html",
    )
)

register(
    CaseType(
        slug="vehicles.reinstatement",
        label=_("Put a withdrawn vehicle back into traffic"),
        detail_model="vehicles.Reinstatement",
        forms=(reinstatement.VehicleStep,),
        eligibility=(eligibility.is_owner, eligibility.is_keeper, reinstatement.reinstatable),
        fee=fees.reinstatement_quote,
        deadline_days=30,
        save_detail=reinstatement.save_detail,
        on_submit=reinstatement.reinstate,
        immediate=True,
        case_template="vehicles/reinstatement_case.html",
        intro_template="vehicles/reinstatement_intro.html",
    )
)

register(
    CaseType(
        slug=data_lookup.SLUG,
        label=_("Vehicle data lookup and data-match check"),
        detail_model="vehicles.DataLookup",
        forms=(data_lookup.PlatesStep, data_lookup.MatchStep),
        eligibility=(data_lookup.natural_person,),
        fee=fees.data_lookup_quote,
        fee_summary=fees.data_lookup_fee_summary,
        # The answer is given at once after payment (the Webes Ügysegéd service
        # description): no deadline.
        deadline_days=None,
        save_detail=data_lookup.save_detail,
        on_submit=data_lookup.answer,
        immediate=True,
        documents={
            data_lookup.DOCUMENT_KIND: DocumentSpec(
                title=_("Simplified decision (vehicle data)"),
                template="vehicles/pdf/data_lookup_decision.html",
                # The service description: the data are those of the road traffic register,
                # the fee is set by the BM decree named there.
                legal_basis=_(
                    "Act LXXXIV of 1999 on the road traffic register (Kknyt.); Decree "
                    "54/1999 (XII. 25.) BM on the fee of data provided from the road traffic "
                    "register; Act CL of 2016 on the general administrative procedure (Ákr.)"
                ),
                # The answer is given once paid, on submission; the remedy is
                # the general one of a decision (`cases.documents.GENERAL_REMEDY`).
                issue_on=Status.SUBMITTED,
            )
        },
        case_template="vehicles/data_lookup_case.html",
        intro_template="vehicles/data_lookup_intro.html",
    )
)

describe(
    "title.loss_reported",
    _("Loss of the title reported"),
    _("You reported the loss of the title."),
    shows_note=True,
)
describe(
    "title.published",
    _("Published in the official gazette"),
    _("The number of the lost title was published in the official gazette."),
    shows_note=True,
)
describe("title.issued", _("New title issued"), _("The new title was issued."), shows_note=True)
