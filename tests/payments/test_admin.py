"""The payments' clerk pages (payments/admin.py)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from payments.models import PaymentEvent
from payments.workflow import PaymentState
from tests.identity.personas import in_english

pytestmark = pytest.mark.django_db


def test_payment_events_name_the_states_in_the_clerks_language(clerk, clerk_client, make_payment):
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_payment", "view_paymentevent"])
    )
    payment = make_payment(PaymentState.SUCCEEDED)
    PaymentEvent.objects.create(
        payment=payment,
        provider_event_id="ipn:1",
        kind="simplepay.ipn",
        from_state=PaymentState.STARTED,
        to_state=PaymentState.SUCCEEDED,
    )
    url = reverse("admin:payments_payment_change", args=[payment.pk])

    def cells(page: str) -> list[str]:
        return re.findall(r'<td class="field-state_(?:before|after)"><p>([^<]*)</p></td>', page)

    hungarian = re.sub(r">\s+<", "><", clerk_client.get(url).content.decode())
    english = re.sub(r">\s+<", "><", in_english(clerk_client).get(url).content.decode())
    assert cells(english) == ["Started at the provider", "Succeeded"]
    assert cells(hungarian) == ["Elindítva a szolgáltatónál", "Sikeres"]
