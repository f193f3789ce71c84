"""The built-in functions' table against the language documentation."""

from __future__ import annotations

import re
from pathlib import Path

from policyengine.builtins import BUILTINS

DOCS = Path(__file__).parent.parent / "docs" / "language.md"
ROW = re.compile(r"^\| `(\w+)\(([^)]*)\)` \| `(\w+)` \| (.*) \|$", re.MULTILINE)


def test_every_builtin_is_documented_with_its_own_line() -> None:
    rows = {name: (args, result, doc) for name, args, result, doc in ROW.findall(DOCS.read_text())}
    assert set(rows) == set(BUILTINS)
    for name, builtin in BUILTINS.items():
        args, result, doc = rows[name]
        assert len(args.split(",")) == len(builtin.params), name
        assert (result, doc) == (str(builtin.result), builtin.doc), name
