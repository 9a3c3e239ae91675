"""The card bridge: a loopback agent between the portal page and the citizen's card.

Run it with `ugysegeg-card-bridge --origin https://portal.example` (or
`python -m eszemelyi.bridge`). The contract is docs/card-bridge.md. `token` is
importable without pyscard; the rest opens cards through `eszemelyi.card`.
"""

from __future__ import annotations

from pathlib import Path

from eszemelyi.card.i18n import Catalogue

VERSION = "0.1.0"
APP = f"ugysegeg-card-bridge/{VERSION}"
# The Hungarian of the bridge's own texts (refusals, the PIN prompt): locale/hu/.../bridge.po.
CATALOGUE = Catalogue("bridge", Path(__file__).resolve().parent)
