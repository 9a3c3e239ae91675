"""`register.disclosure_ban` and the register's data-release function that honours the bans."""

from __future__ import annotations

import pytest
from django.urls import reverse

from access_log.models import AccessRecord
from cases.workflow import Status
from register import disclosure_ban, release
from register.models import DisclosureBan, Purpose
from tests.factories import CitizenFactory, PersonFactory
from tests.register.conftest import file, today

pytestmark = pytest.mark.django_db
SLUG = "register.disclosure_ban"


def choices(research="keep", polls="keep", marketing="keep"):
    return {"research": research, "polls": polls, "marketing": marketing}


def test_a_ban_is_entered_by_a_clerk_within_8_days(client, citizen, clerk):
    client.force_login(citizen)
    case = file(client, SLUG, choices(research="ban", marketing="ban"))
    assert case.status == Status.SUBMITTED
    assert case.deadline_days == 8 and case.deadline is not None
    assert not DisclosureBan.objects.exists()  # a clerk step, not immediate
    disclosure_ban.enter_in_register(case, by=clerk)
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert set(
        DisclosureBan.objects.filter(person=citizen.person, lifted_on__isnull=True).values_list(
            "purpose", flat=True
        )
    ) == {"research", "marketing"}


def test_a_ban_made_on_paper_is_lifted_online(client, citizen, clerk):
    DisclosureBan.objects.create(
        person=citizen.person, purpose="polls", since=today(), channel="paper"
    )
    client.force_login(citizen)
    case = file(client, SLUG, choices(polls="lift"))
    disclosure_ban.enter_in_register(case, by=clerk)
    assert DisclosureBan.objects.get(person=citizen.person).lifted_on == today()


@pytest.mark.parametrize(
    ("existing", "answers", "field"),
    [
        ("research", choices(research="ban"), "research"),
        (None, choices(marketing="lift"), "marketing"),
    ],
)
def test_impossible_choices_get_field_messages(client, citizen, existing, answers, field):
    if existing:
        DisclosureBan.objects.create(
            person=citizen.person, purpose=existing, since=today(), channel="online"
        )
    citizen.preferred_language = "en"
    citizen.save()
    client.force_login(citizen)
    response = client.post(reverse("flow:save_first", args=[SLUG]), answers)
    assert response.status_code == 422
    assert f'id="id_{field}_error"' in response.content.decode()


def test_nothing_asked_is_refused(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("flow:save_first", args=[SLUG]), choices())
    assert response.status_code == 422


def test_one_request_at_a_time(client, citizen):
    client.force_login(citizen)
    file(client, SLUG, choices(research="ban"))
    response = client.post(reverse("flow:save_first", args=[SLUG]), choices(polls="ban"))
    assert response.status_code == 422


@pytest.mark.parametrize("purpose", sorted(Purpose.values))
def test_the_release_function_honours_each_ban(purpose):
    banned, free, lifted = PersonFactory(), PersonFactory(), PersonFactory()
    DisclosureBan.objects.create(person=banned, purpose=purpose, since=today(), channel="online")
    DisclosureBan.objects.create(
        person=lifted, purpose=purpose, since=today(), channel="paper", lifted_on=today()
    )
    out = release.release_data(
        [banned, free, lifted], purpose=purpose, requester="Kutató Intézet Kft."
    )
    assert {r.person_id for r in out} == {free.pk, lifted.pk}
    # A ban for one purpose does not stop the others.
    others = [p for p in Purpose.values if p != purpose]
    for other in others:
        assert banned.pk in {
            r.person_id
            for r in release.release_data([banned], purpose=other, requester="Másik Kft.")
        }
    # Every release is in the released person's access list, none for the banned one.
    assert AccessRecord.objects.filter(person=free, data="data_release").count() == 1
    assert not AccessRecord.objects.filter(
        person=banned, purpose=release._PURPOSE_TEXT[purpose]
    ).exists()


def test_a_release_required_by_law_is_not_touched_by_the_bans():
    person = PersonFactory()
    for purpose in Purpose.values:
        DisclosureBan.objects.create(
            person=person, purpose=purpose, since=today(), channel="online"
        )
    out = release.release_data(
        [person], purpose=release.LEGAL_OBLIGATION, requester="NAV", legal_basis="Art. 1. §"
    )
    assert [r.person_id for r in out] == [person.pk]
    with pytest.raises(ValueError):
        release.release_data([person], purpose=release.LEGAL_OBLIGATION, requester="NAV")
    with pytest.raises(ValueError):
        release.release_data([person], purpose="gossip", requester="X")


def test_the_citizen_sees_the_release_in_their_list(client):
    citizen = CitizenFactory()
    release.release_data([citizen.person], purpose="research", requester="Kutató Intézet")
    client.force_login(citizen)
    page = client.get(reverse("access_log:mine")).content.decode()
    assert "Kutató Intézet" in page
