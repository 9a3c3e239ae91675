"""The fault tests' app: their services (case_types.py) and the stall hooks (stalls.py)."""

from __future__ import annotations

from django.apps import AppConfig


class ChaosConfig(AppConfig):
    name = "tests.chaos"

    def ready(self) -> None:
        from tests.chaos import stalls

        stalls.install()
