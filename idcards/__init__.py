"""The ID card services: reporting a lost card, and the combined report and replacement.

The public domain function of the app is `valid_until` (`idcards.validity`), the
validity of a new permanent ID card: `from idcards import valid_until`.
"""

from __future__ import annotations

from idcards.validity import valid_until

__all__ = ["valid_until"]
