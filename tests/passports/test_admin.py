"""The clerk's pages of the passport requests: the steps offered, each done through
`passports.actions`, and the opening of a request recorded in the access log."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from access_log.models import AccessRecord
from cases.workflow import Status
from documents.models import ProductionOrder
from passports.models import Replacement
from tests.factories import PassportFactory
from tests.passports.conftest import file_and_pay

pytestmark = pytest.mark.django_db


def test_the_clerk_orders_the_production_and_issues_the_passport(citizen, clerk_client):
    passport = PassportFactory(holder=citizen.person)
    citizen_browser = Client()  # `clerk_client` is the test's `client`
    citizen_browser.force_login(citizen)
    case = file_and_pay(
        citizen_browser,
        "passports.replacement",
        [
            {"number": passport.number, "reason": "lost"},
            {"speed": "standard", "delivery": "central_office"},
        ],
    )
    detail = Replacement.objects.get(case=case)
    change = reverse("admin:passports_replacement_change", args=[detail.pk])
    page = clerk_client.get(change)
    assert page.status_code == 200
    order_url = reverse("admin:passports_replacement_order", args=[detail.pk])
    assert order_url in page.content.decode()
    assert AccessRecord.objects.filter(person=citizen.person).exists()

    assert clerk_client.post(order_url).status_code == 302
    detail.refresh_from_db()
    assert detail.production_order.state == ProductionOrder.State.PROCESSING
    issue_url = reverse("admin:passports_replacement_issue", args=[detail.pk])
    assert clerk_client.post(issue_url, {"number": "12"}).status_code == 200  # refused, shown
    assert clerk_client.post(issue_url, {"number": "BB7654321"}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.DECIDED_APPROVED
    # Nothing more to do.
    assert clerk_client.post(order_url).status_code == 302
    assert Replacement.objects.get(pk=detail.pk).new_document.number == "BB7654321"
