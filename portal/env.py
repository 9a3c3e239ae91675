"""Typed readers for configuration from the environment.

Every setting of the portal comes from here; `.env.example` documents each
variable. `env_secret` also reads `NAME_FILE` so that secrets can be mounted as
files (docker secrets) instead of living in the environment.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, default: str | None = None, *, required: bool = False) -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE.

    With `required=True` a missing value stops the start-up: a production
    deployment must never run on a built-in default secret.
    """
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    value = os.environ.get(name)
    if value:
        return value
    if required:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set in production")
    return default or ""


_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """'30/m' -> 30 requests a minute; also '100/5m', '2/s', '1000/h', '5000/d'."""
    match = _RATE.match(text or "")
    if not match or int(match.group(1)) < 1:
        raise ImproperlyConfigured(
            f"A rate limit must look like '30/m' (requests/period of s, m, h or d), got {text!r}"
        )
    multiplier = int(match.group(2) or 1)
    if multiplier < 1:
        raise ImproperlyConfigured(f"A rate limit's period must be at least 1, got {text!r}")
    return Rate(int(match.group(1)), multiplier * _PERIODS[match.group(3)])
