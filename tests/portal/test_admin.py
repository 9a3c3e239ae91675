"""The clerks' admin site: Hungarian counts keep the noun singular on every model admin.

Hungarian says "2 ügy", never "2 ügyek": a noun after a number stays singular. Django's
own lines choose the plural verbose name by English rules, so every count the admin
writes (changelist, bulk delete) is checked here for every registered model admin.
"""

from __future__ import annotations

import itertools
import re
import uuid
from datetime import date, time

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from appointments.models import BusStop, Closure
from cases.models import CalendarOverride
from documents.models import DocumentKind, ProductionOrder
from notifications.models import Notification
from passports.models import TravelRestriction
from portal.models import Heartbeat
from register.models import PostOfficeBox, Property, ServicePoint
from tests import factories

_days = itertools.count()


def _axes_row(model, **fields):
    # django-axes' rows of a login attempt; a fresh username keeps them unique.
    return lambda: model.objects.create(
        user_agent="test",
        ip_address="192.0.2.1",
        username=uuid.uuid4().hex,
        http_accept="*/*",
        path_info="/",
        **fields,
    )


# One row of every model whose admin offers the bulk delete. A model admin that starts
# offering it fails the test below until it has a row here, so its message is checked.
ROW_MAKERS = {
    "auth.Group": lambda: Group.objects.create(name=uuid.uuid4().hex),
    "otp_totp.TOTPDevice": lambda: TOTPDevice.objects.create(
        user=factories.ClerkFactory(), name="phone"
    ),
    "axes.AccessAttempt": _axes_row(
        AccessAttempt, get_data="", post_data="", failures_since_start=1
    ),
    "axes.AccessLog": _axes_row(AccessLog),
    "axes.AccessFailureLog": _axes_row(AccessFailureLog),
    "portal.Heartbeat": lambda: Heartbeat.objects.create(name=uuid.uuid4().hex),
    "identity.User": lambda: factories.CitizenFactory(),
    "cases.CalendarOverride": lambda: CalendarOverride.objects.create(
        day=date(2030, 1, 1 + next(_days)), kind=CalendarOverride.Kind.REST_DAY
    ),
    "population.Person": lambda: factories.PersonFactory(),
    "documents.Document": lambda: factories.DocumentFactory(),
    "documents.ProductionOrder": lambda: ProductionOrder.objects.create(
        receipt_number=uuid.uuid4().hex[:20],
        kind=DocumentKind.ID_CARD,
        applicant=factories.PersonFactory(),
        applied_on=timezone.localdate(),
    ),
    "notifications.Notification": lambda: Notification.objects.create(
        channel=Notification.Channel.EMAIL, recipient="a@example.hu", template="test"
    ),
    "appointments.Office": lambda: factories.OfficeFactory(),
    "appointments.BusStop": lambda: BusStop.objects.create(
        bus=factories.OfficeFactory(kind="mobile"),
        postal_code="2009",
        settlement="Pilisszentlászló",
        place="Községháza",
        day=date(2030, 1, 2),
        starts=time(9),
        ends=time(12),
    ),
    "appointments.Closure": lambda: Closure.objects.create(
        first_day=date(2030, 1, 2), last_day=date(2030, 1, 3)
    ),
    "passports.TravelRestriction": lambda: TravelRestriction.objects.create(
        person=factories.PersonFactory(),
        kind=TravelRestriction.Kind.HOUSE_ARREST,
        starts_on=date(2026, 1, 2),
    ),
    "register.Property": lambda: Property.objects.create(
        postal_code="1051", settlement="Budapest", street_address=f"Fő utca {next(_days)}."
    ),
    "register.PostOfficeBox": lambda: PostOfficeBox.objects.create(
        postal_code="1051", settlement="Budapest", number=100 + next(_days)
    ),
    "register.ServicePoint": lambda: ServicePoint.objects.create(
        code=uuid.uuid4().hex[:20],
        name="Posta Pont",
        postal_code="1051",
        settlement="Budapest",
        street_address="Fő utca 1.",
    ),
}


@pytest.fixture
def supervisor(db):
    """A superuser: every admin page and action is open to them."""
    return factories.ClerkFactory(is_superuser=True)


@pytest.fixture
def supervisor_client(client, supervisor):
    """The supervisor past password and TOTP, reading the admin in Hungarian (the
    portal's language until the language cookie says otherwise)."""
    device = TOTPDevice.objects.create(user=supervisor, name="test", confirmed=True)
    client.force_login(supervisor)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _hungarian_names(model) -> tuple[str, str]:
    with translation.override("hu"):
        return str(model._meta.verbose_name), str(model._meta.verbose_name_plural)


def _plural_after_a_number(text: str, plural: str) -> list[str]:
    # "2 ügyek", "(2) ügyek", "összes ügyek": the plural right after a count.
    pattern = rf"(?:\d+\)?|összes)\s+{re.escape(plural)}\b"
    return re.findall(pattern, text, flags=re.IGNORECASE)


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_every_changelist_counts_with_the_noun_singular(supervisor_client, model):
    maker = ROW_MAKERS.get(model._meta.label)
    if maker:
        maker()
        maker()
    singular, plural = _hungarian_names(model)
    body = supervisor_client.get(_changelist(model)).content.decode()
    # The models without a maker show the rows the personas made, often 0: 0 takes
    # the plural form in English and in Hungarian alike (n != 1), as 2 does.
    count = model._default_manager.count()
    assert count >= (2 if maker else 0)
    assert f"{count} {singular}" in body
    assert _plural_after_a_number(body, plural) == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_every_bulk_delete_counts_with_the_noun_singular(supervisor_client, supervisor, rf, model):
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = supervisor
    if "delete_selected" not in model_admin.get_actions(request):
        assert model._meta.label not in ROW_MAKERS  # no stale row makers
        return
    assert model._meta.label in ROW_MAKERS, "add a row maker for this model's admin"
    rows = [ROW_MAKERS[model._meta.label]() for _ in range(2)]
    singular, plural = _hungarian_names(model)
    url = _changelist(model)
    selected = [str(row.pk) for row in rows]

    confirm = supervisor_client.post(
        url, {"action": "delete_selected", "_selected_action": selected}
    ).content.decode()
    assert "Igen, biztos vagyok benne" in confirm
    assert f"Biztosan törölni akarja a kijelölt elemeket ({plural})?" in confirm
    assert _plural_after_a_number(confirm, plural) == []

    done = supervisor_client.post(
        url, {"action": "delete_selected", "_selected_action": selected, "post": "yes"}, follow=True
    ).content.decode()
    assert f"2 {singular} sikeresen törölve." in done
    assert _plural_after_a_number(done, plural) == []
    assert not model._default_manager.filter(pk__in=[row.pk for row in rows]).exists()


@pytest.mark.django_db
def test_the_bulk_delete_reads_as_before_in_english(supervisor_client):
    offices = [factories.OfficeFactory(), factories.OfficeFactory()]
    url = _changelist(offices[0].__class__)
    supervisor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = supervisor_client.post(
        url,
        {"action": "delete_selected", "_selected_action": [o.pk for o in offices], "post": "yes"},
        follow=True,
    ).content.decode()
    assert "Successfully deleted 2 offices." in body


def test_no_admin_edits_rows_in_the_list():
    # Django's message after saving an editable list ("%(count)s %(name)s were changed
    # successfully.") takes the plural verbose name by English rules, as the bulk delete
    # did (portal/admin.py). An admin that needs list_editable needs that message too.
    editable = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model_admin.list_editable
    ]
    assert editable == []
