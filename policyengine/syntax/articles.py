"""Article labels: 第十六条 and the number 16, each way.

Takes a label as the regulation writes it (or a number); gives the other. Used to
order and name articles in the parser, the messages and the reports. Never: accepts
a label outside 第一条..第九百九十九条 silently (the grammar admits only numerals).
"""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}  # fmt: skip
_UNITS = {"十": 10, "百": 100, "千": 1000}


def article_number(label: str) -> int:
    """第十六条 → 16, 第三十五条 → 35, 第一百零二条 → 102."""
    body = label.removeprefix("第").removesuffix("条")
    total, digit = 0, 0
    for ch in body:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
    return total + digit


_NUMERALS = "零一二三四五六七八九"


def article_label(number: int) -> str:
    """16 → 第十六条: the inverse of :func:`article_number` for 1..999."""
    if number < 10:
        body = _NUMERALS[number]
    elif number < 100:
        tens, ones = divmod(number, 10)
        body = ("" if tens == 1 else _NUMERALS[tens]) + "十" + (_NUMERALS[ones] if ones else "")
    else:
        hundreds, rest = divmod(number, 100)
        body = _NUMERALS[hundreds] + "百"
        if rest:
            tail = article_label(rest)[1:-1]
            body += "零" + tail if rest < 10 else ("一" + tail if rest < 20 else tail)
    return f"第{body}条"
