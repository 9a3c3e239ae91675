from __future__ import annotations

from django.core.management.base import BaseCommand

from sandbox.demo import seed
from sandbox.demo_vehicles import seed_vehicles


class Command(BaseCommand):
    help = "Create or refresh the deterministic demo data and print login hints."

    def handle(self, *args, **options) -> None:
        for line in seed():
            self.stdout.write(line)
        for line in seed_vehicles():
            self.stdout.write(line)
