"""Named built-in patterns: the only regular expressions a policy can use.

A policy cannot supply its own regular expression (Python's ``re`` backtracks, so
``^(a+)+$`` on 27 characters takes seconds, and a policy may come from another
office). Instead it names one of these fixed, reviewed, linear-time patterns:
``x matches 审图号``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# 审图号 (map approval number): national `GS(2019)1822号`, `GS京(2022)1061号`;
# provincial `云S(2021)010号`; half- or full-width brackets; an optional space
# before 号 (第十八条; the forms the map authorities issue).
_MAP_APPROVAL = re.compile(r"(GS[\u4e00-\u9fa5]?|[\u4e00-\u9fa5]S)[(（]\d{4}[)）]\s?\d{1,5}\s?号")

PATTERNS: dict[str, Callable[[str], bool]] = {
    "审图号": lambda s: _MAP_APPROVAL.fullmatch(s.strip()) is not None,
}
PATTERNS["map_approval_number"] = PATTERNS["审图号"]
