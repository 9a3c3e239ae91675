"""The interface every payment provider implements.

A provider turns its own protocol into our vocabulary: it starts a payment,
reads the browser's return, checks and answers the provider's server-to-server
notification, asks the provider where a payment stands, and refunds. It never
writes a payment's state itself: it hands a `Report` to the `apply` it is given
(`payments.actions.apply_report`, which goes through the state graph), so that
providers do not import the actions that look providers up.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from payments.models import Payment, Refund
    from payments.workflow import PaymentState


@dataclass(frozen=True)
class Report:
    """What a provider said about one payment."""

    order_ref: str
    state: PaymentState | None  # None: a status we do not know; ask again later
    event_id: str  # unique per payment: a second report with it is a replay
    kind: str  # e.g. "simplepay.ipn", "simplepay.query"
    transaction_id: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    note: str = ""  # for clerks, on the payment's event: why nothing moved


# What a provider calls with each report it reads from a notification: the state graph's
# door, handed in by the caller (the view passes `payments.actions.apply_report`).
ApplyReport = Callable[["Payment", Report], Any]


@dataclass(frozen=True)
class StartOutcome:
    redirect_url: str
    transaction_id: str = ""


@dataclass(frozen=True)
class ReturnInfo:
    """What the browser's return says. Shown to the citizen, never acted upon."""

    order_ref: str
    event: str  # provider's own word: SUCCESS, FAIL, CANCEL, TIMEOUT
    transaction_id: str = ""
    code: int = 0


@dataclass(frozen=True)
class RefundOutcome:
    provider_refund_id: str
    remaining: int  # what is left of the payment after this refund


class ProviderError(Exception):
    """The provider could not be reached or refused.

    `retryable`: the same request may succeed later. `uncertain`: there was no
    answer we can trust, so the request may have taken effect (a refund must
    then be checked before anyone tries again).
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        uncertain: bool = False,
        codes: Sequence[int] = (),
    ) -> None:
        self.retryable, self.uncertain, self.codes = retryable, uncertain, tuple(codes)
        super().__init__(message)


class PaymentProvider(ABC):
    slug: str
    label: Any
    # How long the citizen has to begin paying once the payment is started.
    start_window: timedelta = timedelta(minutes=15)

    @abstractmethod
    def start(self, payment: Payment, *, customer_email: str, language: str) -> StartOutcome:
        """Register the payment at the provider; raise `ProviderError`."""

    @abstractmethod
    def handle_return(self, request: HttpRequest) -> ReturnInfo:
        """Verify and read the browser's return; raise `ValueError` if it is not genuine."""

    @abstractmethod
    def handle_webhook(self, request: HttpRequest, apply: ApplyReport) -> HttpResponse:
        """Verify the provider's notification, hand its report to `apply`, and answer."""

    @abstractmethod
    def query(self, payments: Sequence[Payment]) -> list[Report]:
        """Ask where these payments stand; raise `ProviderError`."""

    @abstractmethod
    def refund(self, refund: Refund) -> RefundOutcome:
        """Give back `refund.amount` of its payment; raise `ProviderError`."""
