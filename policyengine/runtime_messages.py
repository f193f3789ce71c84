"""The runtime's words: the step budget's error and what an undecided finding says.

Takes nothing; gives the :class:`~policyengine.codes.Message` of E701 (a rule spent the
evaluation's step budget) and the :class:`~policyengine.codes.Words` and
:class:`~policyengine.text.Text` :mod:`policyengine.runtime` puts in findings: why a fact
cannot be decided, the calendar files a finding relied on, and the words for values in
a message. The runtime names them and passes the figures; it never spells a sentence.
Nothing here looks at a rule or a fact.
"""

from __future__ import annotations

from policyengine.codes import Words, message
from policyengine.text import Text

STEPS_SPENT = message(
    "E701",
    "规则 `{rule}` 用完了求值的步数预算（{steps} 步）",
    "rule `{rule}` spent the evaluation's step budget ({steps} steps)",
    help=(
        "该规则的嵌套聚合随事实数成倍增长；如确实需要，用 `--max-steps` 放宽预算",
        "its nested aggregates multiply with the number of facts; if the "
        "work is wanted, raise the budget with `--max-steps`",
    ),
)

OUT_OF_DATES = Words(
    "无法判定：规则 `{rule}` 对该事实的日期计算超出可表示的日期范围（0001-01-01 至 9999-12-31）",
    "cannot decide: the date arithmetic of rule `{rule}` on this fact leaves the dates "
    "that can be represented (0001-01-01 to 9999-12-31)",
)
"""A fact whose date arithmetic left the dates Python can represent."""

UNKNOWN_YEAR = Words(
    "无法判定：{known}日历不含 {year} 年的节假日安排，请用 `--calendar` 提供该年的安排",
    "cannot decide: {known}the calendar does not cover {year}; "
    "supply that year's schedule with `--calendar FILE`",
)
"""A fact that needs a year the calendar lacks; ``known``: what the known years settle."""

BY_CALENDAR_FILES = Words("（依据日历文件：{files}）", " (by the calendar file: {files})")
"""Appended to a finding that read a user's calendar file; ``files``: the
:data:`CALENDAR_FILE` items joined by :data:`CALENDAR_FILES_JOINED`."""
CALENDAR_FILE = Words("{file} 的 {year} 年安排", "{file} for {year}")
CALENDAR_FILES_JOINED = Text("；", "; ")

UNKNOWN = Text("未知", "unknown")
"""An unknown value inside a message."""
YES = Text("是", "yes")
NO = Text("否", "no")
