"""Run the embedded portal: web server, Celery worker and beat, side by side.

Serves on the host and port of PORTAL_BASE_URL (the one setting every link,
SAML endpoint and payment address is made from), or on PORTAL_ADDRESS when the
listening address must differ from the public one.

Stops all of them when one exits, on Ctrl-C, on SIGTERM (what a service manager
sends) and when whatever started it (make) is gone, so no stray worker is left
consuming the file-system broker.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Seconds the children get to stop after SIGTERM before they are killed: service
# managers wait 10 s (docker) or more before killing everything themselves.
GRACE_SECONDS = 7


def base_url() -> str:
    """PORTAL_BASE_URL as the portal reads it (its default lives in the settings only)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    from django.conf import settings

    return settings.PORTAL_BASE_URL.rstrip("/")


def bind_address(url: str) -> str:
    """host:port for runserver: PORTAL_ADDRESS, or the host and port of `url`."""
    explicit = os.environ.get("PORTAL_ADDRESS")
    if explicit:
        return explicit
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


BASE_URL = base_url()
ADDRESS = bind_address(BASE_URL)
# Where the web server and the worker count their metrics (the settings put it in the
# environment the children inherit).
METRICS_DIR = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])

COMMANDS = {
    "web": [sys.executable, "manage.py", "runserver", ADDRESS, "--noreload"],
    "worker": [
        str(BIN / "celery"),
        "-A",
        "portal",
        "worker",
        "--loglevel=INFO",
        "--concurrency=2",
        "--hostname=embedded@%h",
    ],
    "beat": [str(BIN / "celery"), "-A", "portal", "beat", "--loglevel=INFO"],
}


# The demo chip ID card and the card bridge (sandbox/vcard/demo.py), when pcscd, the
# vpcd reader driver and pyscard are installed; the portal runs without them.
CARD_DEMO = [
    sys.executable,
    "-m",
    "sandbox.vcard.demo",
    "--citizen",
    os.environ.get("DEMO_CITIZEN", "kovacs.janos"),
    "--pins",
    str(Path(os.environ.get("PORTAL_DATA_DIR", "var")) / "cards" / "demo-pins.json"),
]
# The demo malware scanner (sandbox/clamav): clamd on the project's own test
# signatures, when Debian's clamav-daemon is installed; without it uploads are
# accepted unscanned (PORTAL_UPLOAD_SCAN=optional) and the pages say so.
SCANNER = [
    sys.executable,
    "-m",
    "sandbox.clamav",
    "--run-dir",
    str(Path(os.environ.get("PORTAL_DATA_DIR", "var")) / "clamav"),
]
OPTIONAL = {"card", "scanner"}


class Stop(Exception):
    """SIGTERM or SIGINT arrived: stop everything."""


def _stop(signum, frame) -> None:
    raise Stop(signal.Signals(signum).name)


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    # ProcessLookupError: the whole group has gone already.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def stop_all(processes: dict[str, subprocess.Popen]) -> None:
    """SIGTERM to every child's process group, then SIGKILL to what is left.

    The group, not the child alone: the worker's pool processes and the demo
    card's pcscd are in it and would otherwise outlive their parent.
    """
    for process in processes.values():
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for process in processes.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
    # A task still running after the grace period is killed; acks_late puts its
    # message back on the queue for the next start.
    for process in processes.values():
        _signal_group(process, signal.SIGKILL)
    for process in processes.values():
        process.wait()


def main() -> int:
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    # make does not pass its own SIGTERM on: a new parent means make was stopped.
    parent = os.getppid()
    commands = dict(COMMANDS)
    processes: dict[str, subprocess.Popen] = {}
    code = 0
    try:
        check = subprocess.run([*CARD_DEMO, "--check"], cwd=ROOT, capture_output=True, text=True)
        if check.returncode == 0:
            commands["card"] = CARD_DEMO
        else:
            print(
                (check.stderr.strip() or "No demo card.")
                + " Card services will say that no card reader answers; see README, chip ID card."
            )
        check = subprocess.run([*SCANNER, "--check"], cwd=ROOT, capture_output=True, text=True)
        if check.returncode == 0:
            commands["scanner"] = SCANNER
        else:
            print(
                check.stderr.strip()
                + " Uploads are accepted WITHOUT a malware scan, and the pages say so."
            )
        # The counts of an earlier run's processes are not this run's (portal/metrics.py).
        for leftover in METRICS_DIR.glob("*.db"):
            leftover.unlink()
        for name, cmd in commands.items():
            # Each child leads a process group of its own, so that stopping it reaches
            # its own children too, and Ctrl-C in the terminal reaches only this
            # script, which then stops them all the same way as on SIGTERM.
            processes[name] = subprocess.Popen(cmd, cwd=ROOT, process_group=0)
        print(
            f"Ügysegéd is running on {BASE_URL}/ (listening on {ADDRESS}; worker and beat "
            "beside it). Ctrl-C stops."
        )
        while os.getppid() == parent:
            for name, process in list(processes.items()):
                if process.poll() is not None and name in OPTIONAL:
                    print(f"{name} exited with {process.returncode}; the portal keeps running.")
                    processes.pop(name)
                elif process.poll() is not None:
                    print(f"{name} exited with {process.returncode}; stopping the others.")
                    code = process.returncode or 1
                    raise Stop(name)
            time.sleep(1)
        print("What started this script (make) has gone; stopping the portal.")
    except Stop:
        pass
    finally:
        # A second Ctrl-C must not cut the stopping short and leave children behind.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stop_all(processes)
    return code


if __name__ == "__main__":
    sys.exit(main())
