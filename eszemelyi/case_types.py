"""The chip ID card services in the case registry: immediate and free.

Card activation and PIN management are not cases: they are card operations recorded
in the card audit trail (ADR 0008).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.documents import NOT_A_DECISION_REMEDY, DocumentSpec
from cases.events import describe
from cases.registry import CaseType, register
from cases.workflow import Status
from eszemelyi import eligibility

# The laws the Webes Ügysegéd description of the e-signature service names.
ESIGN_LEGAL_BASIS = _(
    "Act CCXXII of 2015 on the general rules of electronic administration and trust "
    "services; Act LXVI of 1992 on the register of citizens' personal data and address; "
    "Government Decree 414/2015 (XII. 23.) on issuing the identity card"
)

register(
    CaseType(
        slug="eszemelyi.emergency_numbers",
        label=_("Emergency phone numbers on the chip ID card"),
        detail_model="eszemelyi.EmergencyNumbersRequest",
        eligibility=(eligibility.holds_chip_card,),
        immediate=True,
        start_view="eszemelyi:emergency_numbers",
        case_template="eszemelyi/case_emergency.html",
    )
)

register(
    CaseType(
        slug="eszemelyi.nek_applet",
        label=_("NEK applet on the chip ID card"),
        detail_model="eszemelyi.NekRequest",
        eligibility=(eligibility.holds_chip_card, eligibility.card_needs_nek),
        immediate=True,
        start_view="eszemelyi:nek",
        case_template="eszemelyi/case_nek.html",
    )
)

register(
    CaseType(
        slug="eszemelyi.esign",
        label=_("E-signature service of the chip ID card"),
        detail_model="eszemelyi.EsignRequest",
        eligibility=(
            eligibility.holds_chip_card,
            eligibility.esign_capacity,
            eligibility.esign_renewal_window,
            eligibility.has_email,
        ),
        immediate=True,
        start_view="eszemelyi:esign",
        case_template="eszemelyi/case_esign.html",
        documents={
            "contract": DocumentSpec(
                title=_("E-signature contract"),
                template="eszemelyi/pdf/esign_contract.html",
                legal_basis=ESIGN_LEGAL_BASIS,
                remedy=NOT_A_DECISION_REMEDY,
                issue_on=Status.SUBMITTED,
            ),
            # Issued by `eszemelyi.tasks.issue_pin_envelope`: only a first
            # certificate has one, and only that task holds its secrets.
            "pin_envelope": DocumentSpec(
                title=_("PIN envelope of the e-signature"),
                template="eszemelyi/pdf/pin_envelope.html",
                legal_basis=ESIGN_LEGAL_BASIS,
                remedy=NOT_A_DECISION_REMEDY,
                issue_on=None,
            ),
        },
    )
)

describe(
    "eszemelyi.emergency_numbers_written",
    _("Written to the chip and read back"),
    _("Your card's chip was written and read back."),
    shows_note=True,
)
describe(
    "eszemelyi.nek_installed",
    _("NEK applet installed"),
    _("The NEK applet was installed on your card's chip."),
    shows_note=True,
)
describe(
    "eszemelyi.esign_contract_accepted",
    _("Contract accepted"),
    _("You accepted the e-signature contract."),
)
describe(
    "eszemelyi.esign_certificate_issued",
    _("Certificate issued"),
    _("Your signing certificate was issued."),
    shows_note=True,
)
describe(
    "eszemelyi.esign_certificate_written",
    _("Certificate written to the card"),
    _("The certificate was written to your card and read back."),
)
describe(
    "eszemelyi.esign_pin_set",
    _("Activation PIN of the PIN envelope set on the card"),
    _("The activation PIN of your PIN envelope was set on the card."),
)
