"""The words of every problem found in facts: the diagnostics of E42x and E43x.

Takes what the checks found (a problem, a record, a place); gives a
:class:`~policyengine.diagnostics.Diagnostic` in Chinese and English. Messages are
built only for the records that fail, never for valid ones; this module never
decides whether something is a problem.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from collections.abc import Mapping, Sequence

import attrs

from policyengine.diagnostics import Diagnostic, Text
from policyengine.facts.raw import AS_OF, RawDocument, YamlBool, YamlFloat, YamlInt, YamlScalar

SUGGEST_REFS = 20  # fuzzy-matching a missing id against a large index is slow: only this many
SUGGEST_AMONG = 10_000  # ... and only among this many ids

QUOTE_HELP = Text("请把这个值写成带引号的文本", "write the value as text, in quotes")


def show(value: object, limit: int = 60) -> str:
    """A value as the user wrote it, roughly: ``"abc"``, ``false``, ``750``, ``2024-01-05``."""
    if isinstance(value, YamlScalar):
        text = str(value)  # written without quotes
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif value is None or isinstance(value, bool):
        text = json.dumps(value)
    elif isinstance(value, int):
        if value.bit_length() < 200:
            text = str(value)
        elif value.bit_length() < 14_000:  # (str() refuses more than 4,300 digits)
            text = f"{str(value)[:20]}…"
        else:
            text = f"<an integer of about {value.bit_length() * 30103 // 100000:,} digits>"

    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, datetime.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        return describe(value).en
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    # Lone surrogates (valid in JSON escapes) would break printing the message.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


_SCALAR_NAMES: tuple[tuple[type | tuple[type, ...], str, str], ...] = (
    ((bool, YamlBool), "布尔值", "boolean"),  # (before int: a bool is an int in Python)
    ((int, YamlInt), "整数", "integer"),
    ((float, YamlFloat), "数字", "number"),
)


def describe(value: object) -> Text:
    """What a value is, for "expected X, got Y": ``the boolean false`` / ``布尔值 false``."""
    for kinds, zh, en in _SCALAR_NAMES:
        if isinstance(value, kinds):
            return Text(f"{zh} {show(value)}", f"the {en} {show(value)}")
    if isinstance(value, str):
        return Text(f"字符串 {show(value)}", f"the string {show(value)}")
    if value is None:
        return Text("null", "null")
    if isinstance(value, datetime.datetime):
        return Text(f"日期时间 {show(value)}", f"the date and time {show(value)}")
    if isinstance(value, datetime.date):
        return Text(f"日期 {show(value)}", f"the date {show(value)}")
    if isinstance(value, Mapping):
        return Text("映射", "a mapping")
    if isinstance(value, list | tuple):
        return Text("列表", "a list")
    name = type(value).__name__
    return Text(f"{name} 类型的值", f"a value of type {name}")


class BadValue(Exception):
    """A value failed its converter; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems
        self.kind: str | None = None  # the record's kind, set once it is known


@attrs.frozen
class Problem:
    code: str
    path: str  # dotted field path; "" for the record itself
    message: Text  # "expected a string, got ..." (after "field `x`: ") or a whole sentence
    help: Text | None = None
    about_field: bool = True  # False: message names the field itself ("missing field `x`")


def wrong_type(path: str, value: object, expected: Text, help: Text | None = None) -> BadValue:
    got = describe(value)
    return BadValue(
        [
            Problem(
                "E422",
                path,
                Text(f"应为{expected.zh}，实为{got.zh}", f"expected {expected.en}, got {got.en}"),
                help,
            )
        ]
    )


def scalar_not_text(value: object) -> bool:
    """Values that text must be quoted to be (in JSON, or from a library caller)."""
    return isinstance(value, bool | int | float | datetime.date)


def suggestion(word: str, choices: Sequence[str]) -> Text | None:
    close = difflib.get_close_matches(word, choices, n=1)
    if not close:
        return None
    return Text(f"是否想写 `{close[0]}`？", f"did you mean `{close[0]}`?")


def missing_field(path: str, null: bool) -> Problem:
    if null:
        message = Text(f"必填字段 `{path}` 为 null", f"required field `{path}` is null")
    else:
        message = Text(f"缺少必填字段 `{path}`", f"missing required field `{path}`")
    return Problem("E421", path, message, about_field=False)


SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone surrogate: half of a UTF-16 pair, which a JSON escape (``\\ud800``) can write
but no UTF-8 text can hold; Python keeps one in a str, other programs cannot."""


def lone_surrogate(text: str, path: str, *, key: bool = False) -> Problem:
    """The problem of a string (or a field name, with ``key``) holding a lone surrogate."""
    found = SURROGATE.search(text)
    assert found is not None  # INVARIANT: called only for text SURROGATE finds
    escape = f"\\u{ord(found[0]):04x}"
    what = Text(f"字段名 {show(text)}", f"the field name {show(text)}") if key else Text("", "")
    return Problem(
        "E422",
        path,
        Text(
            f"{what.zh}含单独的代理码位 `{escape}`（第 {found.start() + 1} 个字符）："
            "它是 UTF-16 代理对的一半，不是字符，UTF-8 文本无法保存",
            f"{what.en + ' holds' if key else 'the text holds'} a lone surrogate `{escape}` "
            f"(character {found.start() + 1}): half of a UTF-16 pair, not a character, "
            "which UTF-8 text cannot hold",
        ),
        Text(
            "写出字符本身，或写出代理对的两半（如 `\\ud83d\\ude00`）",
            "write the character itself, or both halves of its pair (`\\ud83d\\ude00`)",
        ),
        about_field=not key,
    )


def key_not_text(key: object, path: str) -> Problem:
    inside = Text(f"`{path}` 中的", f" in `{path}`") if path else Text("", "")
    return Problem(
        "E422",
        path,
        Text(
            f"{inside.zh}字段名 {show(key)} 不是字符串",
            f"field name {show(key)}{inside.en} is not a string",
        ),
        QUOTE_HELP,
        about_field=False,
    )


def with_strict_hint(near: Text | None) -> Text:
    """The help of an undeclared-field warning: the nearest declared field, and that
    ``--strict`` (``strict=True``) refuses such fields instead of ignoring them."""
    zh = "用 `--strict` 可把未声明的字段作为错误"
    en = "`--strict` makes an undeclared field an error"
    if near is None:
        return Text(zh, en)
    return Text(f"{near.zh}（{zh}）", f"{near.en} ({en})")


def record_diagnostic(problem: Problem, subject: str, where: str) -> Diagnostic:
    m = problem.message
    if problem.about_field and problem.path:
        text = Text(
            f"{subject} 的字段 `{problem.path}`：{m.zh}",
            f"{subject}, field `{problem.path}`: {m.en}",
        )
    else:
        text = Text(f"{subject}：{m.zh}", f"{subject}: {m.en}")
    return Diagnostic(problem.code, text, location=where, help=problem.help)


def as_of_disagrees(
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


def too_many_problems(count: int) -> Diagnostic:
    return Diagnostic(
        "E439",
        Text(
            f"问题太多，另有 {count} 个问题未列出",
            f"too many problems: {count} more were found but not listed",
        ),
    )
