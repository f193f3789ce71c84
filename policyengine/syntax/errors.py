"""Syntax errors in words a policy author understands.

Lark reports terminals (``Expected one of: * RPAR * AND``); we say what was
expected in words, point a caret at the offending text, and suggest the nearest
keyword for a misspelt one.
"""

from __future__ import annotations

import difflib

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from policyengine.diagnostics import Diagnostic, Text
from policyengine.source import Source, Span

# What a terminal means, in both languages. Terminals not listed are shown by
# their literal text when lark knows it.
_WORDS: dict[str, tuple[str, str]] = {
    "NAME": ("名称", "a name"),
    "STRING": ("带引号的字符串", "a quoted string"),
    "LONG_STRING": ('三引号 `"""` 包围的条文', 'a `"""`-quoted text'),
    "SIGNED_INT": ("整数", "a whole number"),
    "DATE": ("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"),
    "ARTICLE": ("条号，如 `第十六条`", "an article such as `第十六条`"),
    "COMP_OP": ("比较运算符（== != < <= > >=）", "a comparison (== != < <= > >=)"),
    "ADD_OP": ("`+` 或 `-`", "`+` or `-`"),
    "OPTIONAL": ("`?`", "`?`"),
    "$END": ("文件结尾", "the end of the file"),
}

KEYWORDS = (
    "policy document effective enum record facts of tagged dated variant parameter source "
    "confidence chapter article not checkable missing rule cites severity for in where let "
    "when message evidence if then else or and is null empty matches otherwise true false "
    "str int bool date days workdays count list map to ref error warning info high medium low"
).split()


def _describe(terminal: str, parser: Lark, lang: int) -> str:
    if terminal in _WORDS:
        return _WORDS[terminal][lang]
    try:
        pattern = parser.get_terminal(terminal).pattern
    except KeyError:
        return terminal
    if pattern.type == "str":
        return f"`{pattern.value}`"
    return terminal.lower()


def _expected(terminals: set[str], parser: Lark, lang: int) -> str:
    words = sorted({_describe(t, parser, lang) for t in terminals})
    if len(words) > 8:
        words = words[:8] + (["……"] if lang == 0 else ["…"])
    sep = "、" if lang == 0 else ", "
    return sep.join(words)


def syntax_diagnostic(exc: UnexpectedInput, source: Source, parser: Lark) -> Diagnostic:
    """Turn one of lark's parse errors into a diagnostic with a span and help."""
    if isinstance(exc, UnexpectedCharacters):
        start = exc.pos_in_stream
        ch = source.text[start : start + 1]
        span = Span(source, start, start + 1)
        if ch == '"':
            return Diagnostic(
                "E101",
                Text("字符串没有结束的引号", "unclosed string"),
                span=span,
                help=Text("在同一行内用 `\"` 结束字符串", 'close the string with `"` on the same line'),
            )
        return Diagnostic(
            "E101",
            Text(f"这里不能出现 `{ch}`", f"unexpected character `{ch}`"),
            span=span,
            label=Text(
                f"应为{_expected(exc.allowed, parser, 0)}",
                f"expected {_expected(exc.allowed, parser, 1)}",
            ),
        )
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        expected = set(exc.expected)
        if token.type == "$END":
            end = len(source.text.rstrip())
            span = Span(source, max(end - 1, 0), end)
            found_zh, found_en = "文件在此处意外结束", "unexpected end of file"
        else:
            start = token.start_pos or 0
            span = Span(source, start, token.end_pos or start + len(str(token)))
            found_zh, found_en = f"意外的 `{token}`", f"unexpected `{token}`"
        help_ = _help(str(token), token.type, expected)
        return Diagnostic(
            "E100",
            Text(found_zh, found_en),
            span=span,
            label=Text(
                f"应为{_expected(expected, parser, 0)}",
                f"expected {_expected(expected, parser, 1)}",
            ),
            help=help_,
        )
    assert isinstance(exc, UnexpectedEOF)  # pragma: no cover - Earley only; we use LALR
    end = len(source.text)
    return Diagnostic("E100", Text("文件意外结束", "unexpected end of file"),
                      span=Span(source, end, end))  # fmt: skip


def _help(text: str, type_: str, expected: set[str]) -> Text | None:
    """A fix for the commonest mistakes: a misspelt keyword, a missing `cites`."""
    if "CITES" in expected:
        return Text(
            "每条规则在名称和标题之后须写 `cites 第X条`，说明它实施哪一条",
            "every rule needs `cites 第X条` after its name and title, naming the article it "
            "implements",
        )
    if type_ == "NAME":
        wanted = [t.lower() for t in expected if t.isupper() and t.lower() in KEYWORDS]
        close = difflib.get_close_matches(text, wanted or KEYWORDS, n=1, cutoff=0.6)
        if close:
            return Text(f"是否想写 `{close[0]}`？", f"did you mean `{close[0]}`?")
    return None
