"""The passport services in the case-type registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.events import describe
from cases.registry import CaseType, register
from passports import acceleration, eligibility, fees, replacement, second_passport
from passports.forms import DeliveryStep

# The general passport deadline (20 days; 8 when the facts are clear); `save_detail`
# sets 7 days for the express and 3 for the urgent procedure.
STANDARD_DEADLINE_DAYS = 20

register(
    CaseType(
        slug=replacement.SLUG,
        label=_("Report a lost, stolen or destroyed passport and request a replacement"),
        detail_model="passports.Replacement",
        forms=(replacement.PassportStep, DeliveryStep),
        eligibility=(
            eligibility.adult_and_capable,
            eligibility.no_travel_restriction,
            replacement.replaceable,
        ),
        fee=fees.replacement_quote,
        fee_summary=fees.replacement_fee_summary,
        deadline_days=STANDARD_DEADLINE_DAYS,
        save_detail=replacement.save_detail,
        on_submit=replacement.report_loss,
        online_receipt=False,
        card_only=True,
        case_template="passports/case.html",
        intro_template="passports/replacement_intro.html",
    )
)

register(
    CaseType(
        slug=second_passport.SLUG,
        label=_("Request a second private passport"),
        detail_model="passports.SecondPassport",
        forms=(second_passport.ReasonStep, DeliveryStep),
        eligibility=(
            second_passport.in_register,
            eligibility.adult_and_capable,
            eligibility.no_travel_restriction,
            second_passport.has_base_passport,
            second_passport.lost_second_passport,
            second_passport.duty_covered,
        ),
        fee=fees.second_passport_quote,
        fee_summary=fees.second_passport_fee_summary,
        deadline_days=STANDARD_DEADLINE_DAYS,
        save_detail=second_passport.save_detail,
        on_submit=second_passport.report_loss,
        online_receipt=False,
        card_only=True,
        case_template="passports/case.html",
        intro_template="passports/second_passport_intro.html",
    )
)

register(
    CaseType(
        slug=acceleration.SLUG,
        label=_("Speed up a passport application"),
        detail_model="passports.Acceleration",
        forms=(acceleration.ApplicationStep, acceleration.AccelerationDeliveryStep),
        eligibility=(
            acceleration.in_register,
            eligibility.adult_and_capable,
            eligibility.no_travel_restriction,
            acceleration.acceleratable,
        ),
        fee=fees.acceleration_quote,
        fee_summary=fees.acceleration_fee_summary,
        # 7 days (express) or 3 (urgent), set by `save_detail` from the answer.
        deadline_days=None,
        save_detail=acceleration.save_detail,
        on_submit=acceleration.accelerate,
        online_receipt=False,
        card_only=True,
        case_template="passports/case.html",
        intro_template="passports/acceleration_intro.html",
    )
)

describe(
    "passport.loss_reported",
    _("Loss of the passport reported"),
    _("You reported the loss of the passport."),
    shows_note=True,
)
describe(
    "passport.attachment_pending",
    _("Attachment to be checked"),
    _("An official checks the certificate or declaration you attached."),
)
describe(
    "passport.attachment_accepted",
    _("Attachment accepted"),
    _("The certificate or declaration you attached was accepted."),
)
describe(
    "passport.production_ordered",
    _("Passport production ordered"),
    _(
        "The passport was ordered for production; you can follow it with the document "
        "status service."
    ),
    shows_note=True,
)
describe(
    "passport.accelerated",
    _("Application accelerated"),
    _("Your passport application was moved to the faster procedure."),
    shows_note=True,
)
