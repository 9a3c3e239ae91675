"""The clamd client: INSTREAM against a real clamd, and every way it can fail."""

from __future__ import annotations

import socket
import subprocess
import threading
import time

import pytest

from cases.scanning import Clamd, ScanFailed, ScannerUnavailable, Verdict, parse_address
from sandbox import clamav
from tests import samples
from tests.cases.conftest import free_port


@pytest.mark.clamav
@pytest.mark.parametrize("transport", ["unix_address", "tcp_address"])
def test_a_clean_file_is_clean_over_either_socket(clamd_daemon, transport):
    client = Clamd(getattr(clamd_daemon, transport), timeout=10)
    client.ping()
    assert client.scan(samples.pdf()) == Verdict(signature=None)


@pytest.mark.clamav
@pytest.mark.parametrize("transport", ["unix_address", "tcp_address"])
def test_the_eicar_file_is_found_over_either_socket(clamd_daemon, transport):
    verdict = Clamd(getattr(clamd_daemon, transport), timeout=10).scan(samples.EICAR)
    assert verdict.infected
    assert verdict.signature.startswith("Eicar-Test-Signature")


@pytest.mark.clamav
def test_eicar_compressed_inside_a_pdf_is_found_because_clamd_decodes_the_pdf(clamd_daemon):
    document = samples.pdf_with_attachment("readme.com", samples.EICAR, compressed=True)
    assert samples.EICAR not in document  # only a PDF-aware scan can see it
    verdict = Clamd(clamd_daemon.unix_address, timeout=10).scan(document)
    assert verdict.signature.startswith("Eicar-Test-Signature")


@pytest.mark.clamav
def test_a_file_sent_in_many_chunks_is_scanned_whole(clamd_daemon):
    padding = b"A" * 200_000  # EICAR straddles the client's 64 KiB chunks
    content = padding[:65_500] + samples.EICAR + padding
    verdict = Clamd(clamd_daemon.unix_address, timeout=10).scan(
        iter([content[:100], content[100:]])
    )
    assert verdict.signature.startswith("Eicar-Test-Signature")


@pytest.mark.clamav
def test_a_stream_over_clamds_limit_is_a_final_failure(tmp_path):
    process = clamav.start(tmp_path / "small", stream_max_bytes=1, stdout=subprocess.DEVNULL)
    try:
        client = Clamd(f"unix:{tmp_path / 'small' / clamav.SOCKET_NAME}", timeout=10)
        with pytest.raises(ScanFailed) as caught:
            client.scan(b"x" * (3 * 1024 * 1024))
        assert "size limit exceeded" in str(caught.value)
        assert caught.value.retryable is False
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- without a daemon: the failures a caller must tell apart -------------------


def test_a_missing_socket_is_unavailable_and_retryable(tmp_path):
    with pytest.raises(ScannerUnavailable) as caught:
        Clamd(f"unix:{tmp_path / 'nothing.sock'}", timeout=2).scan(b"data")
    assert caught.value.retryable is True
    assert "cannot reach clamd" in str(caught.value)


def test_a_closed_tcp_port_is_unavailable():
    with pytest.raises(ScannerUnavailable):
        Clamd(f"tcp://127.0.0.1:{free_port()}", timeout=2).scan(b"data")


def test_a_daemon_that_never_answers_times_out_in_time():
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def accept_and_stay_silent():
        connection, _ = listener.accept()
        accepted.append(connection)  # read nothing, answer nothing

    thread = threading.Thread(target=accept_and_stay_silent, daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    started = time.monotonic()
    try:
        with pytest.raises(ScannerUnavailable) as caught:
            Clamd(f"tcp://127.0.0.1:{port}", timeout=1).scan(b"x" * 1024)
        assert time.monotonic() - started < 3
        assert "in time" in str(caught.value)
    finally:
        thread.join(timeout=2)
        for connection in accepted:
            connection.close()
        listener.close()


def test_a_daemon_that_hangs_up_without_an_answer_is_unavailable():
    listener = socket.create_server(("127.0.0.1", 0))

    def hang_up():
        connection, _ = listener.accept()
        connection.recv(16)
        connection.close()

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    try:
        with pytest.raises(ScannerUnavailable):
            Clamd(f"tcp://127.0.0.1:{listener.getsockname()[1]}", timeout=2).ping()
    finally:
        thread.join(timeout=2)
        listener.close()


@pytest.mark.parametrize(
    ("address", "endpoint"),
    [
        ("unix:/run/clamav/clamd.ctl", "/run/clamav/clamd.ctl"),
        ("unix:///run/clamav/clamd.ctl", "/run/clamav/clamd.ctl"),
        ("/run/clamav/clamd.ctl", "/run/clamav/clamd.ctl"),
        ("tcp://clamav:3310", ("clamav", 3310)),
        ("tcp://[::1]:3310", ("::1", 3310)),
    ],
)
def test_addresses(address, endpoint):
    assert parse_address(address) == endpoint


@pytest.mark.parametrize(
    "address", ["", "clamav:3310", "tcp://clamav", "tcp://clamav:port", "http://clamav:3310"]
)
def test_unusable_addresses_are_refused_at_once(address):
    with pytest.raises(ValueError, match="clamd address must be"):
        parse_address(address)
