"""What the command line prints: findings, the article map and the check line.

Every function returns the complete text (ending in a newline, or empty), so
that the CLI can write it in one go to stdout or atomically to a file.

Tables are drawn with tabulate's ``grid`` format. Its borders are plain ASCII on
purpose: box-drawing characters are "ambiguous width" in Unicode, and a terminal
set up for Chinese draws them two columns wide, which would shift every column;
ASCII is one column everywhere, and tabulate measures the Chinese text with
``wcwidth`` (two columns a character). The grid's lines between rows show where
a wrapped message ends.

The findings table fits the terminal it is given (:func:`findings_table`): a grid
whose messages fill the width, or below :data:`COMPACT_BELOW` columns a block per
finding under its article. Without a width it is the fixed grid that scripts and
golden files rely on; nothing here asks the terminal itself (the CLI does).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from tabulate import tabulate

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a dependency; the standard library does the same
    _orjson = None  # type: ignore[assignment]

from policyengine import provenance
from policyengine.diagnostics import Lang, display_width
from policyengine.explain import (
    explain_text,
    printable,
    severity_name,
    subject_kind_name,
    unwrap,
)
from policyengine.findings import Finding
from policyengine.policy_messages import AS_OF_NOT_GIVEN

if TYPE_CHECKING:
    from policyengine.policy import Policy
    from policyengine.report import Report

MESSAGE_WIDTH = 60
"""Display columns of a message before it wraps: a six-column table then fits a
terminal of about 140 columns, and a typical message takes one or two lines."""

_FINDING_HEADERS = {
    "zh": ["条款", "对象", "类型", "严重程度", "规则", "说明"],
    "en": ["article", "subject", "kind", "severity", "rule", "message"],
}
_ARTICLE_HEADERS = {
    "zh": ["条款", "章", "状态", "规则或说明"],
    "en": ["article", "chapter", "status", "rules or reason"],
}
_STATUS_NAMES = {
    "checkable": ("实施规则", "rules"),
    "not_checkable": ("不可检查", "not checkable"),
    "missing": ("原文缺失", "missing"),
}


# A line of Chinese may break between any two characters, but not before a
# closing mark nor after an opening one (the basic rule of Chinese typesetting);
# other text breaks at spaces.
_NO_LINE_START = set("，。、；：！？）》」』】〕”’…,.;:!?)]}%")
_NO_LINE_END = set("（《「『【〔“‘([{")
_TOKEN = re.compile(r"\s+|\S")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: a wide character, a run of other non-space characters,
    each with the spaces after it, and the marks that must stay with a neighbour."""
    tokens: list[str] = []
    glue_next = False
    for piece in _TOKEN.findall(text):
        if piece.isspace():
            if tokens:
                tokens[-1] += piece
            continue
        joins = bool(tokens) and (
            glue_next
            or piece in _NO_LINE_START
            or not (_wide(piece) or _wide(tokens[-1][-1]) or tokens[-1][-1].isspace())
        )
        if joins:
            tokens[-1] += piece
        else:
            tokens.append(piece)
        glue_next = piece in _NO_LINE_END
    return tokens


def wrap(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` display columns (a Chinese character takes two).

    tabulate's own wrapping breaks only at spaces, which leaves a line such as
    ``账号 tt-old`` alone above a long run of Chinese; this fills each line.
    """
    lines: list[str] = []
    line, used = "", 0  # the line so far and its display width, trailing spaces included
    for token in _tokens(text):
        core = token.rstrip()
        if line and used + _width(core) > width:
            lines.append(line.rstrip())
            line, used = "", 0
        while _width(core) > width:  # a URL longer than a line
            cut = 1
            while _width(token[: cut + 1]) <= width:
                cut += 1
            lines.append(token[:cut])
            token = token[cut:]
            core = token.rstrip()
        line += token
        used += _width(core) + len(token) - len(core)
    lines.append(line.rstrip())
    return "\n".join(lines)


@functools.lru_cache(maxsize=4096)
def _width(token: str) -> int:
    """``display_width`` of a token: most are one Chinese character or a short word,
    met again and again in a long table."""
    return len(token) if token.isascii() and token.isprintable() else display_width(token)


def _table(
    headers: list[str],
    rows: Sequence[Sequence[str]],
    wrap_width: int,
    paint: Callable[[list[list[str]]], None] | None = None,
    *,
    escaped: bool = False,
) -> str:
    """A grid table whose last column wraps at ``wrap_width`` display columns.

    Cells are escaped (:func:`printable`) unless ``escaped`` says they are already
    (a cell of several lines); ``paint`` then colours them (tabulate measures them
    without the colour codes)."""
    cells = [[cell if escaped else printable(cell) for cell in row] for row in rows]
    for row in cells:
        row[-1] = wrap(row[-1], wrap_width)
    if paint is not None:
        paint(cells)
    return tabulate(
        cells,
        headers=headers,
        tablefmt="grid",
        disable_numparse=True,  # ids such as `001` or `1e3` are text, not numbers
    )


def _count(n: int, noun: str) -> str:
    """``1 rule``, ``2 rules`` (the English nouns used here take an ``s``)."""
    return f"{n} {noun if n == 1 else noun + 's'}"


def summary_line(report: Report, lang: Lang) -> str:
    """``检查日期 2026-11-20，共检查 28 项事实、44 条规则：发现 23 项错误、…`` — one line, for
    scripts that keep only the last line of the output; what the counts leave out
    (warnings about the input, rules skipped, parameters changed) follows them."""
    result = report.result
    errors, warnings = result.count("error"), result.count("warning")
    infos, undecided = result.count("info"), result.count("indeterminate")
    skipped, changed = len(report.skipped_rules), len(report.changed_params)
    unknown = report.summary["undecided"]
    unchecked = [a.article for a in report.statement if a.status == "not_fully_checked"]
    day = result.as_of.isoformat()
    if result.as_of_source == "today":
        day += AS_OF_NOT_GIVEN.get(lang)
    start = result.not_yet_in_force
    if start is not None:  # nothing was judged: counts of findings would mislead
        return (
            f"as of {day} the regulation was not yet in force (from {start.isoformat()}): "
            f"none of {_count(result.rules, 'rule')} was applied to the "
            f"{_count(result.facts, 'fact')}"
            if lang == "en"
            else f"检查日期 {day} 本制度尚未施行（自 {start.isoformat()} 起施行）："
            f"{result.rules} 条规则均未适用于 {result.facts} 项事实"
        )
    if lang == "en":
        line = (
            f"as of {day}, checked {_count(result.facts, 'fact')} against "
            f"{_count(result.rules, 'rule')}: {_count(errors, 'error')}, "
            f"{_count(warnings, 'warning')}, {infos} info, {undecided} indeterminate"
        )
        if unknown:
            line += f"; {_count(unknown, 'fact')} undecided"
        if skipped:
            line += f"; {_count(skipped, 'rule')} reading an unset parameter"
        if unchecked:
            line += f"; not fully checked: {', '.join(unchecked)}"
        if changed:
            line += f"; {_count(changed, 'parameter')} overridden"
        if result.warnings:
            line += f"; {_count(result.warnings, 'warning')} about the input, on stderr"
        return line
    line = (
        f"检查日期 {day}，共检查 {result.facts} 项事实、{result.rules} 条规则："
        f"发现 {errors} 项错误、{warnings} 项警告、{infos} 项提示、{undecided} 项无法判定"
    )
    if unknown:
        line += f"；{unknown} 项数据不足"
    if skipped:
        line += f"；{skipped} 条规则所需参数未设置"
    if unchecked:
        line += f"；未完全检查的条款：{'、'.join(unchecked)}"
    if changed:
        line += f"；{changed} 个参数已改动"
    if result.warnings:
        line += f"；另有 {result.warnings} 条关于输入的警告，见标准错误输出"
    return line


COMPACT_BELOW = 100
"""Terminals narrower than this get one block per finding instead of a grid."""
_NAME_WIDTH = 20  # display columns of a subject's name under its id before it wraps
_MIN_MESSAGE = 24  # a grid whose message column would be narrower is not drawn
_SEVERITY_COLOURS = {"error": "31", "warning": "33", "info": "36", "indeterminate": "35"}


def _paint(text: str, severity: str, colour: bool) -> str:
    code = _SEVERITY_COLOURS.get(severity)
    return f"\x1b[{code}m{text}\x1b[0m" if colour and code else text


def _subject_cell(report: Report, finding: Finding, width: int) -> str:
    """The subject's id, and its name (wrapped) under it when the fact has one."""
    name = report.subject_name(finding)
    if not name:
        return printable(finding.subject)
    return printable(finding.subject) + "\n" + wrap(printable(name), width)


def _grid(report: Report, lang: Lang, width: int | None, colour: bool) -> str | None:
    """The findings as a grid; its message column wraps at :data:`MESSAGE_WIDTH`,
    or fills ``width``. None when ``width`` leaves the messages too little room."""
    findings = report.result.findings
    rows = [
        [
            printable(f.article),
            _subject_cell(report, f, _NAME_WIDTH),
            printable(subject_kind_name(f.subject_kind, lang)),
            printable(severity_name(f.severity, lang)),
            printable(f.rule),
            printable(f.messages.get(lang)),
        ]
        for f in findings
    ]
    headers = _FINDING_HEADERS[lang]
    message_width = MESSAGE_WIDTH
    if width is not None:
        # On a terminal the rows are grouped: an article is named on its first row.
        # Piped output names it on every row, for scripts that pick rows by article.
        for row, before in zip(rows[:0:-1], rows[-2::-1], strict=True):
            if row[0] == before[0]:
                row[0] = ""
        # A grid column takes its widest line plus three (``| `` and `` ``), and one
        # ``|`` closes the row.
        fixed = sum(
            max(_width(header) + 2,  # tabulate pads a header by two at least
                *(_width(line) for row in rows for line in row[i].split("\n"))) + 3
            for i, header in enumerate(headers[:-1])
        )  # fmt: skip
        message_width = width - fixed - 4
        if message_width < _MIN_MESSAGE:
            return None

    def paint(cells: list[list[str]]) -> None:
        for row, f in zip(cells, findings, strict=True):
            row[3] = _paint(row[3], f.severity, colour)

    return _table(headers, rows, message_width, paint if colour else None, escaped=True)


def _clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns, with ``…`` where it was cut."""
    if _width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        if used + _width(ch) > width - 1:
            break
        out += ch
        used += _width(ch)
    return out + "…"


def _compact(report: Report, lang: Lang, width: int, colour: bool) -> str:
    """One block per finding, under a heading per article, for a narrow terminal:

    第十六条
      错误  备案 f-2 · announcement_period
          公告期 2024-09-25 至 2024-10-15 仅 12 个工作日，少于 15 …
    """
    findings = report.result.findings
    words = {f.severity: severity_name(f.severity, lang) for f in findings}
    pad = max(_width(w) for w in words.values())
    lines: list[str] = []
    article = None
    for f in findings:
        if f.article != article:
            article = f.article
            lines.append(_clip(printable(article), width))
        word = words[f.severity]
        name = report.subject_name(f)
        subject = f"{subject_kind_name(f.subject_kind, lang)} {f.subject}"
        if name:
            subject += f"（{name}）" if lang == "zh" else f" ({name})"
        head = wrap(printable(f"{subject} · {f.rule}"), max(width - pad - 4, 10)).split("\n")
        gap = " " * (pad - _width(word) + 2)
        lines.append(f"  {_paint(word, f.severity, colour)}{gap}{head[0]}")
        lines.extend(" " * (pad + 4) + line for line in head[1:])
        body = wrap(printable(f.messages.get(lang)), max(width - 6, 10))
        lines.extend("      " + line for line in body.split("\n"))
    return "\n".join(lines)


def findings_table(
    report: Report,
    lang: Lang,
    *,
    explain: bool = False,
    width: int | None = None,
    colour: bool = False,
) -> str:
    """The findings for a person, the explanations if asked for, what was checked
    (the provenance), then the summary line.

    ``width`` is the terminal's: the grid's messages then fill it, and below
    :data:`COMPACT_BELOW` columns each finding is a block under its article's
    heading. Without a width (output piped or to a file) the grid's messages wrap
    at :data:`MESSAGE_WIDTH`, so that the output does not depend on a terminal.
    ``colour`` marks the severities with ANSI colours.
    """
    result = report.result
    parts: list[str] = []
    if result.findings:
        table = None
        if width is None or width >= COMPACT_BELOW:
            table = _grid(report, lang, width, colour)
        parts.append(table if table is not None else _compact(report, lang, width or 0, colour))
        if explain:
            parts.extend(explain_text(f, lang) for f in result.findings)
    elif (notice := result.notice()) is not None:
        parts.append(notice.get(lang))
    else:
        parts.append(
            f"No breach of policy {result.policy} was found."
            if lang == "en"
            else f"未发现违反策略 {result.policy} 的情况。"
        )
    if report.provenance is not None:
        colon = ": " if lang == "en" else "："
        said = provenance.lines(report.provenance, lang)
        parts.append("\n".join(printable(f"{name}{colon}{text}") for name, text in said))
    parts.append(summary_line(report, lang))
    if width is not None:  # a terminal: nothing may run past its edge
        parts[-2:] = [
            "\n".join(wrap(line, width) for line in part.split("\n")) for part in parts[-2:]
        ]
    return "\n\n".join(parts) + "\n"


def findings_json(
    report: Report, lang: Lang, *, explain: bool = False, ascii_only: bool = False
) -> str:
    """The contract's JSON object (``ascii_only`` escapes every non-ASCII character)."""
    data = report.to_dict(lang, explain=explain)
    if not ascii_only:
        fast = _orjson_indented(data)
        if fast is not None:
            return fast.decode() + "\n"
    return json.dumps(data, ensure_ascii=ascii_only, indent=2) + "\n"


def findings_json_utf8(report: Report, lang: Lang, *, explain: bool = False) -> bytes:
    """:func:`findings_json` as UTF-8, for a UTF-8 file or stream, without a ``str`` in
    between: for a large report, decoding the text and encoding it again for the write
    is a noticeable part of the command's time. A string that UTF-8 cannot hold (a lone
    surrogate) is escaped, as :func:`findings_json` with ``ascii_only`` does."""
    data = report.to_dict(lang, explain=explain)
    fast = _orjson_indented(data)
    if fast is not None:
        return fast + b"\n"
    try:
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(data, ensure_ascii=True, indent=2) + "\n").encode("ascii")


def _orjson_indented(data: object) -> bytes | None:
    """The same text as ``json.dumps(data, ensure_ascii=False, indent=2)`` (which has no C
    encoder when indenting, so it is slow on large reports), as UTF-8; None when a value is
    beyond orjson (an integer beyond 64 bits, a lone surrogate) or without it."""
    if _orjson is None:
        return None
    try:
        return _orjson.dumps(data, option=_orjson.OPT_INDENT_2)
    except TypeError:
        return None


def findings_jsonl(
    report: Report, lang: Lang, *, explain: bool = False, ascii_only: bool = False
) -> str:
    """One finding object per line and nothing else (no findings: no output)."""
    return "".join(
        json.dumps(f.to_dict(lang, explain=explain), ensure_ascii=ascii_only) + "\n"
        for f in report.findings
    )


def _article_rows(policy: Policy) -> list[dict[str, Any]]:
    return [
        {
            "article": article.label,
            "number": number,
            "chapter": article.chapter,
            "status": article.status,
            "rules": policy.rules_for(number),
            "reason": article.reason,
        }
        for number, article in sorted(policy.checked.articles.items())
    ]


def articles_table(policy: Policy, lang: Lang) -> str:
    """Each declared article, in order: the rules that implement it, or why none do."""
    en = lang == "en"
    rows = []
    for item in _article_rows(policy):
        status = _STATUS_NAMES.get(item["status"], (item["status"], item["status"]))
        if item["rules"]:
            what = ", ".join(item["rules"])
        elif item["reason"]:
            what = item["reason"]
        else:
            what = "(no rule yet)" if en else "（尚无规则）"
        rows.append([item["article"], item["chapter"] or "", status[1 if en else 0], what])
    table = _table(_ARTICLE_HEADERS[lang], rows, MESSAGE_WIDTH)
    return table + "\n\n" + _articles_summary(policy, lang) + "\n"


def _articles_summary(policy: Policy, lang: Lang) -> str:
    articles = _article_rows(policy)
    encoded = sum(1 for a in articles if a["rules"])
    unchecked = sum(1 for a in articles if a["status"] == "not_checkable")
    missing = sum(1 for a in articles if a["status"] == "missing")
    pending = len(articles) - encoded - unchecked - missing
    if lang == "en":
        text = (
            f"{_count(len(articles), 'article')} in policy {policy.name}: "
            f"{encoded} encoded as rules, {unchecked} not checkable, "
            f"{missing} missing from the issued text"
        )
        return text + (f", {pending} without a rule yet" if pending else "")
    text = (
        f"策略 {policy.name} 共 {len(articles)} 条条款：{encoded} 条由规则实施，"
        f"{unchecked} 条不可检查，{missing} 条原文缺失"
    )
    return text + (f"，{pending} 条尚无规则" if pending else "")


def articles_json(policy: Policy, *, ascii_only: bool = False) -> str:
    """The article map as a JSON list of objects: article, number, chapter, status
    (``checkable``, ``not_checkable`` or ``missing``), rules, reason."""
    return json.dumps(_article_rows(policy), ensure_ascii=ascii_only, indent=2) + "\n"


def _cell(text: str | None) -> str:
    """Text inside a Markdown table cell: one line, ``|`` escaped."""
    return unwrap(text or "").replace("|", "\\|") or "—"


def readings_markdown(policy: Policy) -> str:
    """The legal readings of every rule as a Markdown table, in the articles' order:
    the clause's reading, the reading rejected and why, and the severity with the word
    of the clause that decides it (docs/anhua-coverage.md embeds it; a test keeps the
    two equal)."""
    head = "| 条 | 规则 | 严重程度（依据） | 解读 | 未采纳的解读及理由 |\n|---|---|---|---|---|\n"
    rows = []
    order = sorted(policy.rules, key=lambda r: r.decl.cites[0].number)  # stable: file order
    for rule in order:
        decl = rule.decl
        zh = next((r for r in decl.readings if r.lang == "zh"), None)
        severity = severity_name(decl.severity, "zh")
        if decl.severity_basis:
            severity += f"（{decl.severity_basis}）"
        cites = "、".join(c.label for c in decl.cites)
        rows.append(
            f"| {cites} | `{decl.name}` | {_cell(severity)} | {_cell(zh.text if zh else None)} "
            f"| {_cell(zh.rejected if zh else None)} |\n"
        )
    return head + "".join(rows)


def check_line(policy: Policy, lang: Lang) -> str:
    """The one line ``check`` prints for a policy that parses and type-checks."""
    articles, rules, params = len(policy.articles), len(policy.rules), len(policy.parameters)
    if lang == "en":
        return (
            f"policy {policy.name} checks out: {_count(articles, 'article')}, "
            f"{_count(rules, 'rule')}, {_count(params, 'parameter')}\n"
        )
    return f"策略 {policy.name} 检查通过：{articles} 条条款、{rules} 条规则、{params} 个参数\n"


__all__ = [
    "COMPACT_BELOW",
    "MESSAGE_WIDTH",
    "articles_json",
    "articles_table",
    "check_line",
    "findings_json",
    "findings_jsonl",
    "findings_table",
    "readings_markdown",
    "summary_line",
]
