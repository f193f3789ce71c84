"""The permissions of a file written by replacing: ``--output`` files and ledgers.

Takes the target's path; gives the mode the written file is to have. Never writes
or changes a file itself: the writers set the mode on their temporary file before
renaming it onto the target, so both kinds of file are made alike.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["file_mode"]


def file_mode(target: Path) -> int:
    """The permissions the written file keeps (an existing file's), or a new file's
    under the umask; ``mkstemp`` alone would leave it readable by its owner only."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
