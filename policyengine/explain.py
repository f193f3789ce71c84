"""A finding explained in words: the clause it breaks and the values that decided it.

A township clerk who disagrees with a finding needs three things to check it by
hand: the article's own text, the values the rule compared, and, for a
working-day count, which days were counted. The last one matters most: a
period that looks long enough (15 weekdays) may hold only 12 working days once
the public holidays and the weekend days declared working days (调休上班) are
taken into account, so the explanation spells that arithmetic out.

This module takes a :class:`~policyengine.findings.Finding` and gives text; it is
used by the table renderer (``eval --explain``) and is open to library callers. It
never recomputes what the rule decided: the values are the finding's own.
"""

from __future__ import annotations

import datetime
import json
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from policyengine.diagnostics import Lang
from policyengine.findings import Finding, Period

SEVERITY_NAMES: dict[str, tuple[str, str]] = {
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "info": ("提示", "info"),
    "indeterminate": ("无法判定", "indeterminate"),
}

SUBJECT_KIND_NAMES: dict[str, tuple[str, str]] = {
    "unit": ("单位", "unit"),
    "account": ("账号", "account"),
    "filing": ("备案", "filing"),
    "event": ("事件", "event"),
}

# Characters that would move the cursor, ring the bell or reorder text on a
# terminal: fact files are user input, and their names end up in messages.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _pick(names: tuple[str, str], lang: Lang) -> str:
    return names[1] if lang == "en" else names[0]


def severity_name(severity: str, lang: Lang) -> str:
    """``error`` as 错误 in Chinese; unknown severities are shown as they are."""
    names = SEVERITY_NAMES.get(severity)
    return _pick(names, lang) if names else severity


def subject_kind_name(kind: str, lang: Lang) -> str:
    """``filing`` as 备案 in Chinese; kinds of other policies are shown as they are."""
    names = SUBJECT_KIND_NAMES.get(kind)
    return _pick(names, lang) if names else kind


def printable(text: str) -> str:
    """``text`` with control and bidirectional-override characters, and lone
    surrogates, shown as escapes.

    They come from fact files (an account's name): a terminal would act on the
    controls, a surrogate cannot be written out at all, and none of them has a
    display width, which would break a table's columns.
    """
    if text.isprintable():
        return text
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI_CONTROLS
        else ch
        for ch in text
    )


def show_value(value: Any, lang: Lang) -> str:
    """A JSON-ready value (from evidence or a rule's ``let``) as a reader writes it."""
    if value is None:
        return "（未知）" if lang == "zh" else "(unknown)"
    if isinstance(value, bool):
        if lang == "zh":
            return "是" if value else "否"
        return "yes" if value else "no"
    if isinstance(value, list):
        if not value:
            return "（无）" if lang == "zh" else "(none)"
        return ("、" if lang == "zh" else ", ").join(show_value(v, lang) for v in value)
    if isinstance(value, (str, int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _dates(days: Iterable[datetime.date], lang: Lang) -> str:
    return ("、" if lang == "zh" else ", ").join(d.isoformat() for d in days)


def period_text(period: Period, lang: Lang) -> str:
    """One working-day count with its arithmetic.

    ``2024-09-25 至 2024-10-15：15 个周一至周五，其中节假日 2024-10-01、…（5 天）；
    调休上班 2024-09-29、2024-10-12（2 天）；共 15 − 5 + 2 = 12 个工作日``
    """
    start, end = period.start.isoformat(), period.end.isoformat()
    holidays, adjusted = period.holidays, period.adjusted_workdays
    sum_text = f"{period.weekdays} − {len(holidays)} + {len(adjusted)} = {period.workdays}"
    if lang == "en":
        parts = [f"{start} to {end}: {period.weekdays} weekdays (Monday to Friday)"]
        if holidays:
            parts.append(f"less public holidays {_dates(holidays, lang)} ({len(holidays)})")
        if adjusted:
            parts.append(
                f"plus weekend days worked (调休) {_dates(adjusted, lang)} ({len(adjusted)})"
            )
        if not holidays and not adjusted:
            parts.append("no public holiday and no weekend day worked")
            return "; ".join(parts) + f"; {period.workdays} working days in all"
        return "; ".join(parts) + f"; {sum_text} working days in all"
    head = f"{start} 至 {end}：{period.weekdays} 个周一至周五"
    parts = []
    if holidays:
        parts.append(f"其中节假日 {_dates(holidays, lang)}（{len(holidays)} 天）")
    if adjusted:
        parts.append(f"调休上班 {_dates(adjusted, lang)}（{len(adjusted)} 天）")
    if not parts:
        return f"{head}，无节假日或调休；共 {period.workdays} 个工作日"
    return f"{head}，" + "；".join(parts) + f"；共 {sum_text} 个工作日"


def unwrap(text: str) -> str:
    """An article's text on one line.

    A policy file wraps long clauses; Chinese lines are joined without a space
    (a space inside a Chinese sentence is a typo), other lines with one.
    """
    out = ""
    for piece in (line.strip() for line in text.splitlines()):
        if not piece:
            continue
        wide = bool(out) and unicodedata.east_asian_width(out[-1]) in ("W", "F")
        joined_wide = wide and unicodedata.east_asian_width(piece[0]) in ("W", "F")
        out += piece if not out or joined_wide else " " + piece
    return out


def _values(finding: Finding) -> Mapping[str, Any]:
    """The values that decided a finding: the evidence the rule reports, then the
    rule's ``let`` values that add something (a ``let`` whose value the evidence
    already shows under another name would only repeat it)."""
    values = dict(finding.evidence)
    if finding.explanation is not None:
        for name, value in finding.explanation.values.items():
            if name not in values and value not in values.values():
                values[name] = value
    return values


def explain_text(finding: Finding, lang: Lang = "zh") -> str:
    """A finding as a few lines of text: a heading, the message, the article's
    text, the decisive values, every working-day period that was counted and what
    the township should do about it (the rule's remedy).

    The article's text is always the regulation's own (Chinese) wording; the
    labels and the values follow ``lang``.
    """
    en = lang == "en"
    heading = " · ".join(
        [
            finding.article,
            f"{subject_kind_name(finding.subject_kind, lang)} {finding.subject}",
            finding.rule,
            severity_name(finding.severity, lang),
        ]
    )

    def line(zh: str, en_label: str, text: str) -> str:
        return f"  {en_label}: {text}" if en else f"  {zh}：{text}"

    lines = [heading, line("说明", "message", finding.messages.get(lang))]
    explanation = finding.explanation
    if explanation is not None and explanation.article_text:
        lines.append(line("条文", "article", unwrap(explanation.article_text)))
    reading = explanation.reading if explanation is not None else None
    if reading is not None:
        if reading.text is not None:
            lines.append(line("解读", "reading", unwrap(reading.text.get(lang))))
        if reading.rejected is not None:
            lines.append(line("未采纳的解读", "rejected", unwrap(reading.rejected.get(lang))))
        if reading.severity_basis is not None and finding.severity != "indeterminate":
            lines.append(
                line(
                    "严重程度依据",
                    "severity from",
                    f"{severity_name(finding.severity, lang)}（条文用语“{reading.severity_basis}”）"
                    if not en
                    else f"{finding.severity}: the clause says “{reading.severity_basis}”",
                )
            )
    values = _values(finding)
    if values:
        shown = [f"{name} = {show_value(value, lang)}" for name, value in values.items()]
        lines.append(line("取值", "values", ("; " if en else "；").join(shown)))
    if explanation is not None:
        for period in explanation.periods:
            lines.append(line("工作日", "working days", period_text(period, lang)))
    if finding.remedy is not None:
        lines.append(line("整改", "remedy", finding.remedy.get(lang)))
    return "\n".join(printable(line) for line in lines)


__all__ = [
    "explain_text",
    "period_text",
    "printable",
    "severity_name",
    "show_value",
    "subject_kind_name",
    "unwrap",
]
