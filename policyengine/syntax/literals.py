"""Token text -> values: string literals and message templates.

Takes a lark token of the policy text; gives the text it means (escapes resolved,
article text dedented) or an :class:`~policyengine.syntax.ast.Template` of text and
``{path}`` placeholders. Never: formats with ``str.format`` or evaluates a
placeholder (placeholders are names and dotted paths only, resolved by the checker).
"""

from __future__ import annotations

import re

from lark import Token

from policyengine.diagnostics import Diagnostic
from policyengine.errors import PolicySyntaxError
from policyengine.source import Source, Span
from policyengine.syntax import ast
from policyengine.syntax import messages as M
from policyengine.syntax.limits import MAX_DEPTH

_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "{": "\\{", "}": "\\}"}


def unquote(token: Token) -> str:
    text = str(token)
    if text.startswith('"""'):
        return _dedent(text[3:-3])
    body = text[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], body)


def _dedent(text: str) -> str:
    """Article text as a lawyer reads it: surrounding blank lines and indentation dropped."""
    lines = [line.strip() for line in text.strip("\n").splitlines()]
    return "\n".join(lines).strip()


_PLACEHOLDER = re.compile(r"\\\{|\\\}|\{([^{}]*)\}")
_PATH = re.compile(r"\s*([^\W\d]\w*(?:\s*\.\s*[^\W\d]\w*)*)\s*$")
_STRAY_BRACE = re.compile(r"[{}]")
"""A brace left once the placeholders and escaped braces are blanked out: unmatched."""


def message_template(token: Token, source: Source) -> ast.Template:
    """Split a message into text and ``{path}`` placeholders.

    Placeholders are dotted names only (``{f.announcement.start}``); they are
    resolved by the checker and interpolated by our own code, never by
    ``str.format`` (which would let policy text walk Python attributes).
    """
    raw = str(token)[1:-1]
    base = token.start_pos + 1  # type: ignore[operator]
    parts: list[str | ast.Placeholder] = []
    pos = 0
    stray = _STRAY_BRACE.search(_PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), raw))
    if stray is not None:
        raise PolicySyntaxError(
            [
                Diagnostic.of(
                    M.UNMATCHED_BRACE,
                    span=Span(source, base + stray.start(), base + stray.end()),
                    brace=stray.group(0),
                )
            ]
        )
    for m in _PLACEHOLDER.finditer(raw):
        if m.group(0) in ("\\{", "\\}"):
            parts.append(_unescape_text(raw[pos : m.start()]) + m.group(0)[1])
            pos = m.end()
            continue
        parts.append(_unescape_text(raw[pos : m.start()]))
        inner = m.group(1)
        span = Span(source, base + m.start(), base + m.end())
        pm = _PATH.match(inner)
        if pm is None:
            raise PolicySyntaxError([Diagnostic.of(M.BAD_PLACEHOLDER, span=span, inner=inner)])
        names = [n.strip() for n in pm.group(1).split(".")]
        if len(names) > MAX_DEPTH:
            raise PolicySyntaxError(
                [
                    Diagnostic.of(
                        M.PLACEHOLDER_TOO_DEEP,
                        span=Span(source, span.start, min(span.end, span.start + 40)),
                        depth=MAX_DEPTH,
                    )
                ]
            )
        expr: ast.Expr = ast.Name(names[0], span)
        for attr in names[1:]:
            expr = ast.Attr(expr, attr, span)
        parts.append(ast.Placeholder(expr, span))
        pos = m.end()
    parts.append(_unescape_text(raw[pos:]))
    merged: list[str | ast.Placeholder] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return ast.Template(tuple(merged), Span(source, token.start_pos or 0, token.end_pos or 0))


def _unescape_text(text: str) -> str:
    return re.sub(r"\\([\"\\nt])", lambda m: _ESCAPES[m.group(1)], text)
