"""A real clamd for the tests marked `clamav` (`make test-clamav`).

One daemon per test session (per xdist worker), in a private directory, on the
project's own signatures (sandbox/clamav/signatures); it listens on a Unix
socket and on a loopback TCP port, so both ways of reaching it are tested.
"""

from __future__ import annotations

import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from sandbox import clamav


@dataclass(frozen=True)
class Daemon:
    run_dir: Path
    tcp_port: int

    @property
    def unix_address(self) -> str:
        return f"unix:{self.run_dir / clamav.SOCKET_NAME}"

    @property
    def tcp_address(self) -> str:
        return f"tcp://127.0.0.1:{self.tcp_port}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def clamd_daemon(tmp_path_factory):
    if clamav.clamd_binary() is None:
        pytest.fail("clamd is not installed (apt-get install clamav-daemon): it runs these tests")
    run_dir = tmp_path_factory.mktemp("clamd")
    port = free_port()
    process = clamav.start(run_dir, tcp_port=port, stdout=subprocess.DEVNULL)
    yield Daemon(run_dir=run_dir, tcp_port=port)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def scanner(settings, clamd_daemon) -> Daemon:
    """Uploads are scanned by the session's clamd, and refused without it."""
    settings.PORTAL_UPLOAD_SCAN = "required"
    settings.CLAMD_ADDRESS = clamd_daemon.unix_address
    return clamd_daemon
