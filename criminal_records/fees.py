"""The certificate's fee (whole forints), as pure functions.

"A hatósági erkölcsi bizonyítvány kiadása iránti eljárás évente négy alkalommal
illetékmentes. Amennyiben a folyó évben az ötödik vagy annál több alkalommal indít
eljárást, [...] általános tételű eljárási illetéket (3000 forintot) kell megfizetni"
(the Webes Ügysegéd service description). The information on one's own data is free.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import fees

FREE_REQUESTS_PER_YEAR = 4
PROCEDURAL_DUTY = 3000


def certificate_fee(requests_earlier_this_year: int) -> int:
    """What the next certificate request of the calendar year costs, in forints, given
    how many certificate requests the citizen submitted earlier in the same calendar
    year (drafts and withdrawn drafts do not count).

    >>> [certificate_fee(n) for n in (0, 3, 4, 9)]
    [0, 0, 3000, 3000]
    """
    if not isinstance(requests_earlier_this_year, int) or isinstance(
        requests_earlier_this_year, bool
    ):
        raise TypeError(f"a count is a whole number, got {requests_earlier_this_year!r}")
    if requests_earlier_this_year < 0:
        raise ValueError("a count of requests cannot be negative")
    return 0 if requests_earlier_this_year < FREE_REQUESTS_PER_YEAR else PROCEDURAL_DUTY


def certificate_quote(case_or_data: Any) -> fees.FeeQuote:
    earlier = fees.value_of(case_or_data, "requests_earlier_this_year")
    if earlier is None:
        raise ValueError("the count of earlier requests decides the fee")
    return fees.quote(
        fees.FeeLine(
            _("General procedural duty (from the fifth request of the calendar year)"),
            certificate_fee(earlier),
        )
    )


def certificate_fee_summary() -> tuple[fees.FeeLine, ...]:
    """The fee for the information page: free four times a year, then the duty."""
    return (
        fees.FeeLine(gettext("The first four requests of a calendar year"), 0),
        fees.FeeLine(
            gettext("From the fifth request of the same year (general procedural duty)"),
            PROCEDURAL_DUTY,
        ),
    )
