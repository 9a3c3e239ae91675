"""Running the same work in many threads at once, for the PostgreSQL race tests."""

from __future__ import annotations

import threading

from django.db import connections


def in_threads(count: int, work, *, timeout: float = 120):
    """Start `count` threads that call `work()` together; return (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # collected for the caller to assert on
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results, errors
