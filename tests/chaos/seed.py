"""Citizens, their drafts and their sessions for a fault test, made server-side.

Run in the processes' environment: `python -m tests.chaos.seed RUN REQUESTS PAID
[CERTIFIED]` (free requests, card-paid ones, free ones that issue a PDF).
Prints JSON: for each citizen the session cookie and the draft's reference.
"""

from __future__ import annotations

import json
import sys

import django


def main(run: str, requests: int, paid: int, certified: int = 0) -> None:
    django.setup()
    from django.conf import settings
    from django.test import Client

    from cases.actions import create_case
    from cases.workflow import Status, transition
    from tests import factories

    made = []
    for index in range(requests + paid + certified):
        citizen = factories.CitizenFactory(
            username=f"chaos-{run}-{index}", email=f"chaos-{run}-{index}@example.hu"
        )
        slug = (
            "chaos.request"
            if index < requests
            else "chaos.paid"
            if index < requests + paid
            else "chaos.certified"
        )
        case = create_case(slug, applicant=citizen, by=citizen)
        case.draft_data = {"steps": {"0": {"note": f"{run}-{index}"}}}
        case.save(update_fields=["draft_data"])
        if slug == "chaos.paid":
            transition(case, Status.AWAITING_PAYMENT, by=citizen)
        client = Client()
        client.force_login(citizen)  # a server-side session, in the database and Redis
        made.append(
            {
                "kind": slug,
                "reference": case.reference,
                "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
            }
        )
    json.dump(made, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], *(int(count) for count in sys.argv[2:]))
