"""Run the embedded portal: web server, Celery worker and beat, side by side.

Stops all three when one of them exits or on Ctrl-C, so no stray worker is
left consuming the file-system broker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADDRESS = os.environ.get("PORTAL_ADDRESS", "127.0.0.1:8000")

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
OPTIONAL = {"card"}


def main() -> int:
    commands = dict(COMMANDS)
    check = subprocess.run([*CARD_DEMO, "--check"], cwd=ROOT, capture_output=True, text=True)
    if check.returncode == 0:
        commands["card"] = CARD_DEMO
    else:
        print(
            (check.stderr.strip() or "No demo card.")
            + " Card services will say that no card reader answers; see README, chip ID card."
        )
    processes = {name: subprocess.Popen(cmd, cwd=ROOT) for name, cmd in commands.items()}
    print(f"Ügysegéd is running on http://{ADDRESS}/ (worker and beat beside it). Ctrl-C stops.")
    code = 0
    try:
        while True:
            for name, process in list(processes.items()):
                if process.poll() is not None and name in OPTIONAL:
                    print(f"{name} exited with {process.returncode}; the portal keeps running.")
                    processes.pop(name)
                elif process.poll() is not None:
                    print(f"{name} exited with {process.returncode}; stopping the others.")
                    code = process.returncode or 1
                    raise KeyboardInterrupt
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    return code


if __name__ == "__main__":
    sys.exit(main())
