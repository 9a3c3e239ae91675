"""The Celery application: configured from Django settings (CELERY_*)."""

from __future__ import annotations

import contextvars
import logging
import os

from celery import Celery, Task
from kombu.exceptions import OperationalError as BrokerUnreachable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

log = logging.getLogger(__name__)

# Set when a task could not be handed to the broker during the current request:
# portal.middleware.DeferredWorkMiddleware then tells the citizen it will be done.
deferred = contextvars.ContextVar("deferred", default=False)


class PortalTask(Task):
    """A task whose publishing survives a broker outage.

    Every task is enqueued after the commit of the change it carries out, and each
    kind of work has a record in the database that a beat job hands to the workers
    again when its task never ran (the notification outbox, a paid case still
    awaiting payment, a document not yet issued): so a task that cannot reach the
    broker is logged and left to that redelivery, instead of failing a request
    whose change is already committed.
    """

    def apply_async(self, args=None, kwargs=None, **options):
        try:
            return super().apply_async(args, kwargs, **options)
        except BrokerUnreachable as error:
            deferred.set(True)
            # The task name and ids only: arguments are row ids, never personal data.
            log.warning(
                "broker unreachable, %s%r left for redelivery: %s",
                self.name,
                tuple(args or ()),
                error,
            )
            return None


app = Celery("portal", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
