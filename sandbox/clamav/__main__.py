"""Run the demo clamd in the foreground (`make run` starts it this way).

With `--check`, only say whether it can run: exit 0 when clamd is installed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sandbox import clamav


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox.clamav", description=__doc__)
    parser.add_argument("--run-dir", type=Path, default=Path("var/clamav"))
    # Above the portal's largest upload, or clamd refuses the larger ones.
    largest = int(os.environ.get("PORTAL_UPLOAD_MAX_BYTES") or 0)
    parser.add_argument("--stream-max-bytes", type=int, default=max(32 * 1024 * 1024, largest))
    parser.add_argument("--check", action="store_true", help="only say whether it can run")
    args = parser.parse_args(argv)
    if clamav.clamd_binary() is None:
        print(
            "clamd is not installed (Debian/Ubuntu: apt-get install clamav-daemon).",
            file=sys.stderr,
        )
        return 1
    if args.check:
        return 0
    run_dir = args.run_dir.resolve()
    config = clamav.write_config(run_dir, stream_max_bytes=args.stream_max_bytes)
    (run_dir / clamav.SOCKET_NAME).unlink(missing_ok=True)  # left by a daemon that was killed
    cmd = clamav.command(config)
    # clamd in the foreground repeats its whole log (a page of limits) on stdout;
    # the log file keeps it. Errors still reach stderr.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    print(f"starting clamd (demo signatures) on {run_dir / clamav.SOCKET_NAME}", file=sys.stderr)
    # Replace this process: the supervisor's SIGTERM then reaches clamd itself.
    os.execv(cmd[0], cmd)
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main())
