"""Every clerk page that shows a citizen records its opening in their access log.

Walks every registered model admin: either it names the ways from its row to the
citizens it shows (`access_log.admin_mixins.RecordsOpening`), or `SHOWS_NOBODY` says
why its page shows no one citizen's data. For each recording admin a row is made that
reaches citizens by every way the admin names; opening its page records each of them,
its list records nobody.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from access_log.actions import record
from access_log.admin_mixins import RecordsOpening, follow
from access_log.models import AccessRecord
from cases.actions import create_case
from cases.models import Case
from identity.models import User
from population.models import Person
from register.models import AddressRefusal, Property
from tests import factories

# Admins whose pages show no one citizen's register data or case, and why.
SHOWS_NOBODY = {
    "auth.Group": "groups of clerks' permissions",
    "otp_totp.TOTPDevice": "the clerks' own second-factor devices",
    "axes.AccessAttempt": "failed logins by username and address, kept against guessing",
    "axes.AccessLog": "logins by username and address, kept against guessing",
    "axes.AccessFailureLog": "failed logins by username and address, kept against guessing",
    "portal.Heartbeat": "the worker's heartbeat",
    "cases.CalendarOverride": "the working-day calendar",
    "payments.BankStatement": "the bank's statement file as the bank sent it",
    "payments.StatementLine": "a bank statement line; the payment it matches records on its page",
    "appointments.Office": "an office",
    "appointments.BusStop": "the mobile office's timetable",
    "appointments.Closure": "an office's closure",
    "eszemelyi.CardAuditEvent": "the card audit trail names the citizen by a pseudonym only",
    "register.ServicePoint": "a postal service point",
}

RECORDING = [
    model
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, RecordsOpening)
]

_numbers = itertools.count(1)


def _value(field: models.Field):
    """A valid value for a required field that is not a relation."""
    if field.choices:
        return field.choices[0][0]
    n = next(_numbers)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return date(2026, 1, 2)
    if isinstance(field, models.DecimalField):
        return Decimal(1)
    if isinstance(field, (models.IntegerField, models.FloatField)):
        return n
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.GenericIPAddressField):
        return "192.0.2.1"
    if isinstance(field, models.EmailField):
        return f"row{n}@example.hu"
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, (models.CharField, models.TextField, models.FileField)):
        text = f"{n:06d}{uuid.uuid4().hex}"
        return text[: field.max_length] if field.max_length else text
    if isinstance(field, models.BinaryField):
        return b"x"
    raise NotImplementedError(f"{field.model._meta.label}.{field.name}")


def make(model, made: dict):
    """One row of `model` with every relation filled: a person, a citizen, a case and
    any other row are made once per test and shared (`made`)."""
    if model in made:
        return made[model]
    if model is Person:
        row = factories.PersonFactory()
    elif model is User:
        row = factories.CitizenFactory(person=make(Person, made))
    elif model is Case:
        row = create_case("testing.sample", applicant=make(User, made))
    elif model is AccessRecord:
        row = record(
            make(Person, made), data=AccessRecord.Data.REGISTER, by=factories.ClerkFactory()
        )
    elif model is AddressRefusal:  # of an address or of a box, never neither
        row = AddressRefusal.objects.create(
            refuser=make(Person, made), property=make(Property, made), since=date(2026, 1, 2)
        )
    else:
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or field.has_default() or getattr(field, "auto_now", False):
                continue
            if getattr(field, "auto_now_add", False):
                continue
            if field.is_relation:
                if not field.null:
                    values[field.name] = make(field.related_model, made)
            elif not field.null and not field.blank:
                values[field.name] = _value(field)
        row = model.objects.create(**values)
    made[model] = row
    return row


def _fill_optional_relations(row, made: dict) -> None:
    # Nullable relations to people (a keeper, a spouse, a holder) are what a page shows.
    changed = []
    for field in row._meta.concrete_fields:
        empty = field.is_relation and field.null and getattr(row, field.attname) is None
        if empty and field.related_model in (Person, User, Case):
            setattr(row, field.name, make(field.related_model, made))
            changed.append(field.name)
    if changed:
        row.save(update_fields=changed)


@pytest.fixture
def supervisor_client(client, db):
    supervisor = factories.ClerkFactory(is_superuser=True)
    device = TOTPDevice.objects.create(user=supervisor, name="test", confirmed=True)
    client.force_login(supervisor)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.supervisor = supervisor
    return client


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_records_its_citizens_or_says_why_it_shows_none(model):
    model_admin = admin.site._registry[model]
    names_ways = isinstance(model_admin, RecordsOpening) and (
        model_admin.opened_case is not None or bool(model_admin.opened_people)
    )
    label = model._meta.label
    assert names_ways != (label in SHOWS_NOBODY), (
        f"{label}: name the ways to the citizens its page shows (RecordsOpening) "
        "or say in SHOWS_NOBODY why it shows none"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("model", RECORDING, ids=lambda m: m._meta.label)
def test_opening_a_row_records_each_citizen_it_shows(supervisor_client, sample_case_type, model):
    model_admin = admin.site._registry[model]
    made: dict = {}
    row = make(model, made)
    if model is not AccessRecord:  # the log's rows are never changed
        _fill_optional_relations(row, made)
    # The people the page shows, reached by the ways the admin names.
    people = set()
    if model_admin.opened_case is not None:
        people |= {case.applicant.person_id for case in follow(row, model_admin.opened_case)}
    for path in model_admin.opened_people:
        people |= {person.pk for person in follow(row, path)}
    people.discard(None)
    assert people, f"the test row of {model._meta.label} reaches nobody"
    meta = model._meta

    # The row itself may be an access record (the log's own admin).
    earlier = list(AccessRecord.objects.values_list("pk", flat=True))
    listed = supervisor_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert listed.status_code == 200
    assert AccessRecord.objects.exclude(pk__in=earlier).count() == 0

    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
    assert supervisor_client.get(url).status_code == 200
    recorded = AccessRecord.objects.exclude(pk__in=earlier)
    assert set(recorded.values_list("person_id", flat=True)) == people
    assert recorded.count() == len(people)


@pytest.mark.django_db
def test_a_vehicle_page_records_every_owner(supervisor_client):
    from vehicles.models import Ownership, Vehicle

    made: dict = {}
    vehicle = make(Vehicle, made)
    owners = [factories.PersonFactory(), factories.PersonFactory()]
    for owner in owners:
        Ownership.objects.create(
            vehicle=vehicle,
            person=owner,
            owner_name=owner.family_name,
            share_numerator=1,
            share_denominator=2,
            since=date(2020, 1, 1),
        )
    url = reverse("admin:vehicles_vehicle_change", args=[vehicle.pk])
    assert supervisor_client.get(url).status_code == 200
    recorded = set(AccessRecord.objects.values_list("person_id", flat=True))
    assert {owner.pk for owner in owners} <= recorded


def test_follow_reaches_nothing_through_an_empty_relation():
    class Row:
        case = None

    assert follow(Row(), "case__applicant__person") == []
    row = Row()
    assert follow(row, "") == [row]
