from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from parking.models import ParkingCard


def make_card(number, holder, **fields) -> ParkingCard:
    today = timezone.localdate()
    values = {
        "category": "musculoskeletal",
        "basis": "expert_opinion",
        "permanent": True,
        "issued_on": date(2023, 1, 20),
        "valid_until": today + timedelta(days=400),
    }
    values.update(fields)
    return ParkingCard.objects.create(number=number, holder=holder, **values)


def lost_card(number, holder, *, learned_days_ago=5, reported_after=2, **fields):
    today = timezone.localdate()
    learned = today - timedelta(days=learned_days_ago)
    return make_card(
        number,
        holder,
        state=ParkingCard.State.LOSS_REGISTERED,
        state_since=learned + timedelta(days=reported_after),
        loss_reason="lost",
        loss_learned_on=learned,
        loss_reported_on=learned + timedelta(days=reported_after),
        loss_reported_at="Budapest V. kerületi Kormányablak",
        **fields,
    )
