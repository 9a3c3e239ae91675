"""Who looked at my data: `access_log.record(...)` writes one access of an official or
a joined body to one citizen's register data or case (see `access_log.actions`)."""

from __future__ import annotations


def record(person, **kwargs):
    """Record one access to `person`'s data; see `access_log.actions.record`."""
    from access_log.actions import record as _record

    return _record(person, **kwargs)
