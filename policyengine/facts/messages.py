"""The words of every problem found in facts: the diagnostics of E42x and E43x.

Takes what the checks found (a problem, a record, a place); gives a
:class:`~policyengine.diagnostics.Diagnostic` in Chinese and English. Messages are
built only for the records that fail, never for valid ones; this module never
decides whether something is a problem.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Sequence

import attrs

from policyengine.diagnostics import Diagnostic, Text
from policyengine.facts.read import (
    AS_OF,
    QUOTE_HELP,
    RawDocument,
    describe,
    show,
)

_SUGGEST_REFS = 20  # fuzzy-matching a missing id against a large index is slow: only this many
_SUGGEST_AMONG = 10_000  # ... and only among this many ids


class _Bad(Exception):
    """A value failed its converter; carries every problem found in it."""

    def __init__(self, problems: list[_Problem]) -> None:
        super().__init__()
        self.problems = problems
        self.kind: str | None = None  # the record's kind, set once it is known


@attrs.frozen
class _Problem:
    code: str
    path: str  # dotted field path; "" for the record itself
    message: Text  # "expected a string, got ..." (after "field `x`: ") or a whole sentence
    help: Text | None = None
    about_field: bool = True  # False: message names the field itself ("missing field `x`")


def _wrong(path: str, value: object, expected: Text, help: Text | None = None) -> _Bad:
    got = describe(value)
    return _Bad(
        [
            _Problem(
                "E422",
                path,
                Text(f"应为{expected.zh}，实为{got.zh}", f"expected {expected.en}, got {got.en}"),
                help,
            )
        ]
    )


def _scalar_not_text(value: object) -> bool:
    """Values that text must be quoted to be (in JSON, or from a library caller)."""
    return isinstance(value, bool | int | float | datetime.date)


def _suggest(word: str, choices: Sequence[str]) -> Text | None:
    close = difflib.get_close_matches(word, choices, n=1)
    if not close:
        return None
    return Text(f"是否想写 `{close[0]}`？", f"did you mean `{close[0]}`?")


def _missing(path: str, null: bool) -> _Problem:
    if null:
        message = Text(f"必填字段 `{path}` 为 null", f"required field `{path}` is null")
    else:
        message = Text(f"缺少必填字段 `{path}`", f"missing required field `{path}`")
    return _Problem("E421", path, message, about_field=False)


def _key_not_text(key: object, path: str) -> _Problem:
    inside = Text(f"`{path}` 中的", f" in `{path}`") if path else Text("", "")
    return _Problem(
        "E422",
        path,
        Text(
            f"{inside.zh}字段名 {show(key)} 不是字符串",
            f"field name {show(key)}{inside.en} is not a string",
        ),
        QUOTE_HELP,
        about_field=False,
    )


def _with_strict(near: Text | None) -> Text:
    """The help of an undeclared-field warning: the nearest declared field, and that
    ``--strict`` (``strict=True``) refuses such fields instead of ignoring them."""
    zh = "用 `--strict` 可把未声明的字段作为错误"
    en = "`--strict` makes an undeclared field an error"
    if near is None:
        return Text(zh, en)
    return Text(f"{near.zh}（{zh}）", f"{near.en} ({en})")


def _record_diagnostic(problem: _Problem, subject: str, where: str) -> Diagnostic:
    m = problem.message
    if problem.about_field and problem.path:
        text = Text(
            f"{subject} 的字段 `{problem.path}`：{m.zh}",
            f"{subject}, field `{problem.path}`: {m.en}",
        )
    else:
        text = Text(f"{subject}：{m.zh}", f"{subject}: {m.en}")
    return Diagnostic(problem.code, text, location=where, help=problem.help)


def _as_of_disagrees(
    first: tuple[datetime.date, str], date: datetime.date, doc: RawDocument
) -> Diagnostic:
    return Diagnostic(
        "E431",
        Text(
            f"各文件的 as_of 不一致：{first[1]} 为 {first[0]}，{doc.source} 为 {date}",
            f"as_of differs between files: {first[0]} in {first[1]}, {date} in {doc.source}",
        ),
        location=doc.where(AS_OF, None),
    )


def _dropped(count: int) -> Diagnostic:
    return Diagnostic(
        "E439",
        Text(
            f"问题太多，另有 {count} 个问题未列出",
            f"too many problems: {count} more were found but not listed",
        ),
    )
