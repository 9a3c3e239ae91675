from __future__ import annotations

import sys

from eszemelyi.bridge.cli import main

sys.exit(main())
