from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        import os
        from pathlib import Path

        from django.conf import settings

        # The embedded broker and the SQLite file live under the data folder;
        # create it so that a fresh clone runs without a set-up step.
        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
        for key in ("data_folder_in", "processed_folder", "control_folder"):
            folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get(key)
            if folder:
                Path(folder).mkdir(parents=True, exist_ok=True)
        # prometheus_client writes each process's counters there (portal/metrics.py).
        Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)

        from portal import logs, metrics

        metrics.connect_task_signals()
        logs.connect_signals()
