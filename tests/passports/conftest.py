from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import flow, registry
from cases.models import Case
from cases.workflow import Status, transition
from payments.actions import on_payment_succeeded
from payments.models import Payment, new_order_ref
from payments.workflow import PaymentState


def answers_ok(slug: str, applicant, steps: list[dict]):
    """Validate the steps of `slug` for `applicant` as the flow does; return the
    outcomes (the last one holds the errors and every answer)."""
    draft = flow.Draft(registry.get(slug), applicant)
    outcomes, previous = [], {}
    for index, data in enumerate(steps):
        outcome = draft._validated(index, previous, data)
        outcomes.append(outcome)
        if not outcome.valid:
            break
        previous = outcome.data
    return outcomes[-1]


def errors_of(outcome) -> list[str]:
    found = []
    for messages in outcome.form.errors.values():
        found.extend(str(m) for m in messages)
    return found


def file_and_pay(client, slug: str, steps: list[dict], files: dict | None = None) -> Case:
    """File a request through the flow's pages as the logged-in citizen, then have the
    card payment confirmed."""
    from django.urls import reverse

    case = None
    for index, data in enumerate(steps):
        url = (
            reverse("flow:save_first", args=[slug])
            if case is None
            else reverse("flow:save_step", args=[case.reference, index])
        )
        payload = dict(data)
        payload.update((files or {}).get(index, {}))
        response = client.post(url, payload)
        assert response.status_code == 302, response.content.decode()[:3000]
        case = case or Case.objects.get(case_type=slug)
    response = client.post(reverse("flow:submit", args=[case.reference]))
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    if case.status == Status.AWAITING_PAYMENT:
        now = timezone.now()
        from cases import fees

        payment = Payment.objects.create(
            case=case,
            provider=Payment.Provider.SIMPLEPAY,
            amount=fees.quote_for(case).total_huf,
            order_ref=new_order_ref(case.reference),
            state=PaymentState.SUCCEEDED,
            provider_transaction_id="501000777",
            start_deadline=now + timedelta(minutes=15),
            paid_at=now,
        )
        on_payment_succeeded(payment)
        case.refresh_from_db()
    return case


@pytest.fixture
def submitted():
    def make(case):
        transition(case, Status.SUBMITTED)
        return case

    return make
