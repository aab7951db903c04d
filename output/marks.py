"""Pages vnplan writes carry a generator mark, so that an import never reads them back as plans."""

from __future__ import annotations

import os
import stat
from pathlib import Path

GENERATOR_META = '<meta name="generator" content="vnplan">'
_SNIFF_BYTES = 4096


def written_by_vnplan(path: Path) -> bool:
    """True for a page vnplan wrote (explain, report): its head carries GENERATOR_META."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False  # a FIFO or a device is never opened here (it could block or never end)
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False  # the import reports an unreadable file itself
    return GENERATOR_META.encode() in head
