"""A private ClamAV daemon for tests and the demo, on the project's own signatures.

    python -m sandbox.clamav --run-dir var/clamav [--check]

These machines cannot download ClamAV's official database (freshclam needs the
internet), so this clamd loads only `signatures/`: the EICAR test file, by its
hash (`.hdb`) and anywhere inside another file (`.ndb`), which is how the tests
and the demo prove that a file is refused when the scanner finds something.
Production runs the distribution's clamd with the real database kept fresh by
freshclam (docs/operator-guide.md).

The configuration is written into the run directory (socket, pid, temporary
files), and clamd runs in the foreground so that whoever starts it (`make run`,
the test session) also stops it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

SIGNATURES = Path(__file__).resolve().parent / "signatures"
SOCKET_NAME = "clamd.sock"
# Debian installs clamd in /usr/sbin, which is not on every user's PATH.
SEARCH_PATH = "/usr/local/sbin:/usr/sbin:/sbin"


def clamd_binary() -> str | None:
    return shutil.which("clamd") or shutil.which("clamd", path=SEARCH_PATH)


def write_config(
    run_dir: Path, *, tcp_port: int | None = None, stream_max_bytes: int = 32 * 1024 * 1024
) -> Path:
    """Write clamd.conf for a daemon that lives entirely in `run_dir`."""
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "tmp").mkdir(exist_ok=True)
    lines = [
        "Foreground yes",
        f"DatabaseDirectory {SIGNATURES}",
        f"LocalSocket {run_dir / SOCKET_NAME}",
        "LocalSocketMode 600",
        f"PidFile {run_dir / 'clamd.pid'}",
        f"TemporaryDirectory {run_dir / 'tmp'}",
        f"LogFile {run_dir / 'clamd.log'}",
        # A larger StreamMaxLength than the biggest upload: otherwise clamd
        # refuses big files with "INSTREAM size limit exceeded".
        f"StreamMaxLength {stream_max_bytes // (1024 * 1024) + 1}M",
        # The signature directory never changes while this daemon runs.
        "SelfCheck 0",
    ]
    if tcp_port is not None:
        lines += ["TCPAddr 127.0.0.1", f"TCPSocket {tcp_port}"]
    config = run_dir / "clamd.conf"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def command(config: Path) -> list[str]:
    binary = clamd_binary()
    if binary is None:
        raise FileNotFoundError(
            "clamd is not installed (Debian/Ubuntu: apt-get install clamav-daemon)"
        )
    return [binary, f"--config-file={config}"]


def wait_until_ready(socket_path: Path, process: subprocess.Popen, timeout: float = 30) -> None:
    """Return once clamd answers PING on its socket; raise if it exits or is slow."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"clamd exited with {process.returncode} while starting")
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.settimeout(1)
                sock.connect(str(socket_path))
                sock.sendall(b"zPING\0")
                if sock.recv(16) == b"PONG\0":
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"clamd did not answer on {socket_path} within {timeout:.0f} s")


def start(
    run_dir: Path,
    *,
    tcp_port: int | None = None,
    stream_max_bytes: int = 32 * 1024 * 1024,
    **popen,
) -> subprocess.Popen:
    """Start clamd with the project's signatures and wait until it answers."""
    config = write_config(run_dir, tcp_port=tcp_port, stream_max_bytes=stream_max_bytes)
    (run_dir / SOCKET_NAME).unlink(missing_ok=True)  # left by a daemon that was killed
    process = subprocess.Popen(command(config), **popen)
    try:
        wait_until_ready(run_dir / SOCKET_NAME, process)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return process
