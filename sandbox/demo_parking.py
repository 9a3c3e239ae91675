"""Demo parking cards: one for every condition of the replacement and the exchange.

Found by card number, so running the seed twice changes nothing. Dates follow today,
so that "reported within 10 days" and "revoked less than a year ago" stay true.
Printed as hints.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from parking.models import ParkingCard
from sandbox.demo_people import demo_person

S = ParkingCard.State


def _cards(today: date) -> list[tuple[str, str | None, dict, str]]:
    learned = today - timedelta(days=6)
    late = today - timedelta(days=30)
    return [
        (
            "PK0000003",
            "szabo.peter",
            {"valid_until": date(2028, 1, 20)},
            "valid, permanent, expert opinion: exchange or extension online; no replacement "
            "(loss not reported)",
        ),
        (
            "PK1000001",
            "kovacs.janos",
            {
                "state": S.LOSS_REGISTERED,
                "state_since": learned + timedelta(days=2),
                "loss_reason": "stolen",
                "loss_learned_on": learned,
                "loss_reported_on": learned + timedelta(days=2),
                "loss_reported_at": "Budapest V. kerületi Kormányablak",
            },
            "stolen, reported at an office within 10 days: replacement online",
        ),
        (
            "PK1000002",
            "nagy.eva",
            {
                "basis": "seven_point",
                "issued_on": date(2012, 5, 2),
                "state": S.LOSS_REGISTERED,
                "state_since": late + timedelta(days=14),
                "loss_reason": "lost",
                "loss_learned_on": late,
                "loss_reported_on": late + timedelta(days=14),
                "loss_reported_at": "Debreceni Kormányablak",
            },
            "7-point card whose loss was reported 14 days late: neither service online",
        ),
        (
            "PK1000003",
            "toth.anna",
            {"permanent": False, "category": "visually_impaired"},
            "temporary condition: no exchange online",
        ),
        (
            "PK1000004",
            "horvath.gabor",
            {"state": S.REVOKED, "state_since": today - timedelta(days=90)},
            "revoked for misuse 90 days ago: no new card for a year",
        ),
        (
            "PK9000001",
            None,
            {"organisation": "Győri Szociális Otthon"},
            "issued to an organisation: refused to anyone online",
        ),
    ]


def seed_parking() -> list[str]:
    today = timezone.localdate()
    lines = ["Demo parking cards:"]
    for number, username, fields, hint in _cards(today):
        holder = demo_person(username) if username else None
        if username and holder is None:
            continue
        defaults = {
            "holder": holder,
            "organisation": "",
            "category": "musculoskeletal",
            "basis": "expert_opinion",
            "permanent": True,
            "issued_on": date(2023, 1, 20),
            "valid_until": today + timedelta(days=700),
            "state": S.VALID,
            "state_since": None,
            "loss_reason": "",
            "loss_learned_on": None,
            "loss_reported_on": None,
            "loss_reported_at": "",
            **fields,
        }
        card, created = ParkingCard.objects.get_or_create(number=number, defaults=defaults)
        if not created and card.replaced_by_id is None:
            # Refresh the dates that follow today (not a card a demo case replaced).
            ParkingCard.objects.filter(pk=card.pk).update(**defaults)
        lines.append(f"  {number} ({username or 'organisation'}): {hint}")
    return lines
