"""Named built-in patterns: the only regular expressions a policy can use.

Takes a string from a fact; gives whether it is of the named form (``x matches 审图号``)
and, through the built-in function of the same pattern (``map_approval_number(x)``),
the one way of writing it that two equal values share. A policy cannot supply its own
regular expression (Python's ``re`` backtracks, so ``^(a+)+$`` on 27 characters takes
seconds, and a policy may come from another office). These patterns are fixed,
reviewed and linear-time; they never fail on any input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# 审图号 (map approval number, 第十八条): national `GS(2019)1822号`, `GS京(2022)1061号`;
# provincial `云S(2021)010号`. Publications write it with half- or full-width letters,
# digits and brackets, the 〔〕 of official document numbers, spaces anywhere, the label
# `审图号：` in front and sometimes without the final 号. NFKC makes full-width letters,
# digits, brackets and spaces half-width; the other brackets are mapped below.
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "［": "(", "］": ")", "【": "(", "】": ")"})
_HAN = r"[\u4e00-\u9fff]"
_MAP_APPROVAL = re.compile(rf"(GS{_HAN}?|{_HAN}S)\(((?:19|20)\d\d)\)(\d{{1,5}})号?")


def map_approval_number(text: str) -> str | None:
    """The 审图号 ``text`` writes, in its usual form ``GS(2019)1822号`` (half-width
    brackets, no spaces, ending in 号), or None when ``text`` is not one.

    ``GS (2019) 1822``, ``GS〔2019〕1822号``, ``ＧＳ（２０１９）１８２２号`` and
    ``审图号：GS(2019)1822号`` all give ``GS(2019)1822号``; leading zeros of the
    serial number are kept (``云S(2021)010号``), being part of the number issued.
    """
    plain = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    plain = "".join(plain.split()).upper()
    plain = plain.removeprefix("审图号").removeprefix(":")
    match = _MAP_APPROVAL.fullmatch(plain)
    if match is None:
        return None
    prefix, year, serial = match.groups()
    return f"{prefix}({year}){serial}号"


# The normal form of each pattern: a string matches when it has one.
NORMAL_FORMS: dict[str, Callable[[str], str | None]] = {
    "审图号": map_approval_number,
    "map_approval_number": map_approval_number,
}


def _matcher(normal: Callable[[str], str | None]) -> Callable[[str], bool]:
    return lambda text: normal(text) is not None


PATTERNS: dict[str, Callable[[str], bool]] = {
    name: _matcher(normal) for name, normal in NORMAL_FORMS.items()
}
