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


def main() -> int:
    processes = {name: subprocess.Popen(cmd, cwd=ROOT) for name, cmd in COMMANDS.items()}
    print(f"Ügysegéd is running on http://{ADDRESS}/ (worker and beat beside it). Ctrl-C stops.")
    code = 0
    try:
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
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
