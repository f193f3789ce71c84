"""Golden files: the expected output of a test, kept under tests/golden/.

Set ``POLICYENGINE_REGEN_GOLDEN=1`` to rewrite them after a deliberate change, then
read the diff: the golden files are the specification of what users see.
"""

from __future__ import annotations

import os
from pathlib import Path

REGEN = os.environ.get("POLICYENGINE_REGEN_GOLDEN") == "1"


def assert_golden_file(path: Path, text: str) -> None:
    """``text`` equals the file at ``path`` (which is rewritten when regenerating)."""
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing: run with POLICYENGINE_REGEN_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")
