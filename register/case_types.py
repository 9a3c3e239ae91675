"""The population register's services in the case-type registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.documents import NOT_A_DECISION_REMEDY, DocumentSpec
from cases.events import describe
from cases.registry import CaseType, register
from cases.workflow import Status
from register import (
    change_notice,
    disclosure_ban,
    eligibility,
    fees,
    landlord_declaration,
    notification_address,
    notification_address_alerts,
    notification_address_refusal,
    own_data,
)

# The Nytv. (Act LXVI of 1992 on the register of citizens' personal data and address)
# and its implementing decree are the basis of every service here.
NYTV = _(
    "Act LXVI of 1992 on the register of citizens' personal data and address (Nytv.); "
    "Government Decree 146/1993 (X. 26.) implementing it"
)

register(
    CaseType(
        slug="register.own_data",
        label=_("Information on own data in the personal data and address register"),
        detail_model="register.OwnDataRequest",
        forms=(own_data.ConfirmStep,),
        eligibility=(eligibility.in_register,),
        deadline_days=None,
        immediate=True,
        save_detail=own_data.save_detail,
        documents={
            own_data.DOCUMENT_KIND: DocumentSpec(
                title=_("Information on own data in the personal data and address register"),
                template="register/pdf/own_data.html",
                # The service description names these as the basis of the information.
                legal_basis=_(
                    "Act CXII of 2011 on informational self-determination and freedom of "
                    "information, section 14 a) and section 15; Government Decree 146/1993 "
                    "(X. 26.), section 46/A"
                ),
                remedy=NOT_A_DECISION_REMEDY,
                issue_on=Status.SUBMITTED,
            )
        },
        case_template="register/own_data_case.html",
        intro_template="register/own_data_intro.html",
    )
)

register(
    CaseType(
        slug=disclosure_ban.SLUG,
        label=_("Ban (or lift the ban on) the release of own data"),
        detail_model="register.DisclosureBanRequest",
        forms=(disclosure_ban.BanStep,),
        eligibility=(eligibility.in_register, disclosure_ban.no_request_waiting),
        deadline_days=8,
        save_detail=disclosure_ban.save_detail,
        case_template="register/disclosure_ban_case.html",
        intro_template="register/disclosure_ban_intro.html",
    )
)

register(
    CaseType(
        slug="register.change_notice",
        label=_("Notify a body of a change in own data"),
        detail_model="register.ChangeNotice",
        forms=(change_notice.NoticeStep,),
        eligibility=(eligibility.in_register,),
        deadline_days=None,
        immediate=True,
        save_detail=change_notice.save_detail,
        on_submit=change_notice.send,
        documents={
            change_notice.DOCUMENT_KIND: DocumentSpec(
                title=_("Change notice sent to a body"),
                template="register/pdf/change_notice.html",
                legal_basis=NYTV,
                remedy=NOT_A_DECISION_REMEDY,
                issue_on=Status.SUBMITTED,
            )
        },
        case_template="register/change_notice_case.html",
        intro_template="register/change_notice_intro.html",
    )
)

register(
    CaseType(
        slug="register.notification_address",
        label=_("Register, renew, change or delete a notification address"),
        detail_model="register.NotificationAddressRequest",
        forms=(notification_address.ActionStep, notification_address.AddressStep),
        eligibility=(eligibility.in_register, eligibility.registered_residence),
        deadline_days=8,
        save_detail=notification_address.save_detail,
        case_template="register/notification_address_case.html",
        intro_template="register/notification_address_intro.html",
    )
)

register(
    CaseType(
        slug="register.notification_address_refusal",
        label=_("Refuse in advance the use of an address as a notification address, or revoke it"),
        detail_model="register.RefusalRequest",
        forms=(notification_address_refusal.RefusalStep,),
        eligibility=(eligibility.in_register,),
        deadline_days=8,
        save_detail=notification_address_refusal.save_detail,
        case_template="register/refusal_case.html",
    )
)

register(
    CaseType(
        slug="register.notification_address_alerts",
        label=_("Alerts of notification address registrations: alert packages"),
        detail_model="register.AlertRequest",
        forms=(notification_address_alerts.ActionStep, notification_address_alerts.PackageStep),
        eligibility=(eligibility.in_register, notification_address_alerts.holds_a_property),
        fee=fees.alerts_quote,
        fee_summary=fees.alert_fee_summary,
        deadline_days=8,
        save_detail=notification_address_alerts.save_detail,
        case_template="register/alerts_case.html",
        intro_template="register/alerts_intro.html",
    )
)

register(
    CaseType(
        slug="register.landlord_declaration",
        label=_("Landlord's declaration"),
        detail_model="register.LandlordDeclaration",
        forms=(landlord_declaration.PropertyStep, landlord_declaration.DeclarationStep),
        eligibility=(eligibility.in_register,),
        fee=fees.landlord_quote,
        fee_summary=fees.landlord_fee_summary,
        # 8 days if the facts are clear; a clerk who finds them unclear extends it to 21
        # (`landlord_declaration.mark_unclear`).
        deadline_days=landlord_declaration.CLEAR_DAYS,
        save_detail=landlord_declaration.save_detail,
        case_template="register/landlord_case.html",
        intro_template="register/landlord_intro.html",
    )
)

describe(
    "register.facts_unclear",
    _("Facts not clear: 21-day deadline"),
    _("The facts need clarifying, so the deadline is 21 days instead of 8."),
)
