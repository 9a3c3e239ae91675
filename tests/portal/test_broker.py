"""The embedded broker writes each message whole before a worker can take it."""

from __future__ import annotations

from queue import Empty

import pytest
from kombu import Connection


@pytest.fixture
def channel(tmp_path):
    options = {
        "data_folder_in": str(tmp_path / "queue"),
        "data_folder_out": str(tmp_path / "queue"),
        "processed_folder": str(tmp_path / "processed"),
        "store_processed": False,
        "control_folder": str(tmp_path / "control"),
    }
    for name in ("queue", "processed", "control"):
        (tmp_path / name).mkdir()
    with Connection(
        "filesystem://", transport="portal.broker:Transport", transport_options=options
    ) as connection:
        yield connection.default_channel, tmp_path / "queue"


def test_a_worker_sees_no_message_until_it_is_whole(channel, monkeypatch):
    import os

    from portal import broker

    chan, folder = channel
    seen_while_writing = []
    real_replace = os.replace

    def replace(source, target):
        # The moment before the message gets its name: what a polling worker would find.
        seen_while_writing.append(sorted((p.name, p.stat().st_size) for p in folder.iterdir()))
        real_replace(source, target)

    monkeypatch.setattr(broker.os, "replace", replace)
    chan._put("celery", {"body": "x" * 10_000})
    [visible] = seen_while_writing
    assert [name.endswith(".celery.msg.part") for name, _ in visible] == [True]
    assert visible[0][1] > 10_000  # written in full before the rename
    assert [p.suffix for p in folder.iterdir()] == [".msg"]
    assert chan._get("celery") == {"body": "x" * 10_000}


def test_a_message_still_being_written_is_not_taken(channel):
    chan, folder = channel
    # What a publisher leaves while it writes: the worker must not take it (kombu's own
    # transport names it `.celery.msg` from the start, and a worker read it empty).
    (folder / "1_abc.celery.msg.part").write_bytes(b"")
    with pytest.raises(Empty):
        chan._get("celery")
    assert (folder / "1_abc.celery.msg.part").exists()
