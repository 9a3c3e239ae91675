"""Release register data to a requester for a purpose, honouring the citizens' bans.

The operator's door to the register's data-release function
(`register.release.release_data`): people by personal identifier, one per line on
standard input; the released data as JSON lines on standard output. Those who
banned the purpose are left out, and every release lands in the citizen's access
list.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from population.identifiers import normalise_personal_id
from population.models import Person
from register.models import Purpose
from register.release import DEFAULT_ITEMS, LEGAL_OBLIGATION, release_data


class Command(BaseCommand):
    help = "Release register data for a purpose (personal identifiers on standard input)."

    def add_arguments(self, parser):
        parser.add_argument("--purpose", required=True, choices=[*Purpose.values, LEGAL_OBLIGATION])
        parser.add_argument("--requester", required=True, help="Who receives the data.")
        parser.add_argument("--legal-basis", default="", help="Required for legal_obligation.")
        parser.add_argument("--items", default=",".join(DEFAULT_ITEMS))

    def handle(self, *args, **options):
        ids = [normalise_personal_id(line) for line in sys.stdin if line.strip()]
        people = list(Person.objects.filter(personal_id__in=ids))
        try:
            released = release_data(
                people,
                purpose=options["purpose"],
                requester=options["requester"],
                items=[item.strip() for item in options["items"].split(",") if item.strip()],
                legal_basis=options["legal_basis"],
            )
        except (ValueError, KeyError) as error:
            raise CommandError(str(error)) from None
        by_pk = {person.pk: person.personal_id for person in people}
        for entry in released:
            line = {"personal_id": by_pk[entry.person_id], **entry.values}
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        self.stderr.write(f"released {len(released)} of {len(ids)} asked")
