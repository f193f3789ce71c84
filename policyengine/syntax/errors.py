"""Syntax errors in words a policy author understands.

Takes where lark's parser stopped (the token, its state, the source); gives a
:class:`~policyengine.diagnostics.Diagnostic` (E100, E101; E107 for a bidirectional
control in a policy that parsed) with the offending text under the carets, worded by
the variants of :mod:`.messages`. It never decides whether a policy parses (the
parser does), and never lets a lark type out.

Lark reports terminals (``Expected one of: * RPAR * AND``); we say what was
expected in words, point a caret at the offending text, and explain the
commonest mistakes from a small catalogue keyed on what the parser had just
read (the top of its value stack) and what it would have accepted instead
(computed exactly with lark's interactive parser, not the LALR lookahead sets,
which merged states make noisy):

* an expression cut off after an operator (``when d <`` then ``message``):
  "expected an expression after `<`";
* two expressions with nothing between them (``when period_workdays(a, b) 15``):
  "expected a comparison after `period_workdays(...)`";
* ``=`` where ``==`` was meant, ``&&``/``||``/``!``, curly quotes and
  full-width punctuation typed with a Chinese input method;
* a misspelt keyword (the nearest accepted keyword is suggested), a missing
  ``cites``/``severity``/``for``/``when``/``message``;
* an unmatched or unclosed bracket, an unclosed string or ``\"\"\"`` text, an
  unknown escape, an article number written in digits (``第16条``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from policyengine.codes import Message
from policyengine.diagnostics import Diagnostic, Text
from policyengine.source import Source, Span
from policyengine.syntax import messages as M
from policyengine.syntax.articles import article_label
from policyengine.syntax.ast import THRESHOLD_WORDS

KEYWORDS = [
    "policy", "document", "effective", "enum", "record", "facts", "of", "tagged", "dated",
    "variant", "parameter", "source", "confidence", "chapter", "article", "not", "checkable",
    "missing", "rule", "cites", "severity", "for", "in", "where", "let", "when", "message",
    "evidence", "if", "then", "else", "or", "and", "is", "null", "empty", "matches",
    "otherwise", "true", "false", "str", "int", "bool", "date", "days", "workdays", "months",
    "years", "count",
    "list", "map", "to", "ref", "error", "warning", "info", "high", "medium", "low", "zh",
    "en", "any", "all", "min", "max", "latest", "earliest", "sum", "union", "remedy",
]  # fmt: skip

# Terminals that can start an expression.
_EXPR_START = frozenset({
    "NAME", "SIGNED_INT", "STRING", "DATE", "LPAR", "LBRACE", "TRUE", "FALSE", "NULL", "MINUS",
    "NOT", "IF", "COUNT", "ANY", "ALL", "MIN", "MAX", "LATEST", "EARLIEST", "SUM", "UNION",
})  # fmt: skip
# Terminals that are a whole operand by themselves.
_OPERANDS = frozenset({"NAME", "SIGNED_INT", "STRING", "DATE", "TRUE", "FALSE", "NULL"})
# Terminals that continue a complete expression.
_OPERATORS = frozenset(
    {"COMP_OP", "ADD_OP", "AND", "OR", "IN", "IS", "MATCHES", "OTHERWISE", "DOT", "LSQB", "NOT"}
)
# Terminals that begin a declaration ("article" is anonymous: its name clashes with ARTICLE).
_DECLS = frozenset({"POLICY", "ENUM", "RECORD", "FACTS", "PARAMETER", "CHAPTER", "DEFINE", "RULE"})
# Tokens after which an expression must follow.
_NEEDS_OPERAND = frozenset({
    "COMP_OP", "ADD_OP", "AND", "OR", "NOT", "IN", "WHEN", "WHERE", "IF", "THEN", "ELSE",
    "OTHERWISE", "EQUAL", "DATED", "LPAR", "LSQB", "COMMA", "COLON", "LBRACE",
})  # fmt: skip
# Keywords that begin a clause of a rule or a declaration: read as a name after an
# operator (the lexer is contextual), they mean the expression before them was cut off.
_CLAUSE_WORDS = frozenset({
    "message", "when", "let", "where", "dated", "evidence", "rule", "article", "parameter",
    "chapter", "facts", "enum", "record", "policy", "cites", "severity", "for", "remedy",
})  # fmt: skip
_CLOSERS = {"RPAR": ("LPAR", "(", ")"), "RSQB": ("LSQB", "[", "]"), "RBRACE": ("LBRACE", "{", "}")}
_OPENERS = {"LPAR": ("RPAR", ")"), "LSQB": ("RSQB", "]"), "LBRACE": ("RBRACE", "}")}

# Characters typed with a Chinese input method, and what was meant.
_FULL_WIDTH = {
    "（": "(", "）": ")", "，": ",", "：": ":", "＝": "=", "＜": "<", "＞": ">", "｛": "{",
    "｝": "}", "【": "[", "】": "]", "［": "[", "］": "]", "。": ".", "、": ",", "！": "!",
    "？": "?", "＋": "+", "－": "-", "；": ";",
}  # fmt: skip
_CURLY_QUOTES = "“”‘’「」"
_ESCAPABLE = set('"\\nt{}')


def _show(text: str, limit: int = 30) -> str:
    """A token as it may appear between backticks in a message: short, one line, visible."""
    shown = "".join(f"U+{ord(ch):04X}" if not ch.isprintable() or ch == "`" else ch for ch in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""The bidirectional controls (embeddings, overrides, isolates) that can make a line
display in another order than it is read ("Trojan Source")."""


def bidi_warnings(source: Source) -> list[Diagnostic]:
    """E107 for each bidirectional control in a policy that parsed.

    INVARIANT: the lexer refuses these characters (E101) everywhere but inside string
    literals and comments, so in a policy that parsed every one found is inside one.
    """
    return [
        Diagnostic.of(
            M.BIDI_CONTROL,
            span=Span(source, found.start(), found.end()),
            char=_char_name(found[0]),
        )
        for found in BIDI.finditer(source.text)
    ]


def _char_name(ch: str) -> str:
    if ch.isprintable() and not ch.isspace():
        return f"`{ch}`"
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed character').lower()})"


def _in(text: Text, lang: int) -> str:
    return text.get("en" if lang else "zh")


def _describe(terminal: str, parser: Lark, lang: int) -> str:
    if terminal in M.TERMINALS:
        return _in(M.TERMINALS[terminal], lang)
    try:
        pattern = parser.get_terminal(terminal).pattern
    except KeyError:
        return terminal.lower()
    if pattern.type == "str":
        return f"`{pattern.value}`"
    return terminal.lower()


def _threshold_terminals(parser: Lark) -> set[str]:
    """The terminals of the threshold words (`不少于`, `at_least`, …)."""
    return {
        t.name
        for t in parser.terminals
        if t.pattern.type == "str" and t.pattern.value in THRESHOLD_WORDS
    }


def _expected_words(terminals: Iterable[str], parser: Lark, lang: int) -> list[str]:
    """The accepted terminals in words, with the large families named once."""
    rest = set(terminals)
    groups: list[str] = []
    if {"NAME", "SIGNED_INT", "LPAR"} <= rest:
        rest -= _EXPR_START
        groups.append(_in(M.AN_EXPRESSION, lang))
    if len(rest & _OPERATORS) >= 3:
        # `(` after a name: a call; the threshold words are operators too
        rest -= _OPERATORS | {"LPAR"} | _threshold_terminals(parser)
        groups.append(_in(M.AN_OPERATOR, lang))
    if len(rest & _DECLS) >= 3:
        rest -= _DECLS | {"__ANON_2"}
        groups.append(_in(M.A_DECLARATION, lang))
    end = "$END" in rest
    rest.discard("$END")
    words = sorted({_describe(t, parser, lang) for t in rest}) + groups
    if end:
        words.append(_in(M.TERMINALS["$END"], lang))
    return words


def _join(words: Sequence[str], lang: int) -> str:
    if len(words) > 8:
        words = [*words[:8], _in(M.AND_MORE, lang)]
    if len(words) <= 1:
        return "".join(words)
    if lang == 0:  # a space between Chinese and code, none between Chinese words
        left = " " if words[-2].endswith("`") else ""
        right = " " if words[-1].startswith("`") else ""
        return M.LIST_COMMA.zh.join(words[:-1]) + left + M.LIST_OR.zh + right + words[-1]
    return M.LIST_COMMA.en.join(words[:-1]) + M.LIST_OR.en + words[-1]


def _code_space(zh: str) -> str:
    """A space between Chinese text and the code that follows it, none before Chinese."""
    return " " + zh if zh.startswith("`") else zh


def _accepts(exc: UnexpectedInput) -> set[str]:
    """What the parser would have accepted, exactly (the LALR sets are approximate)."""
    parser = getattr(exc, "interactive_parser", None)
    if parser is not None:
        try:
            return set(parser.accepts())
        except Exception:  # pragma: no cover - best effort: fall back to lark's own set
            pass
    if isinstance(exc, UnexpectedToken):
        return set(exc.expected)
    if isinstance(exc, UnexpectedCharacters):
        return set(exc.allowed or ())
    return set()  # pragma: no cover


def _stack(exc: UnexpectedInput) -> list[Any]:
    state = getattr(exc, "state", None)
    return list(getattr(state, "value_stack", None) or [])


def _last_token(value: Any) -> Token | None:
    """The last token inside a value of the parser's stack (iteratively)."""
    while isinstance(value, Tree):
        children = [c for c in value.children if c is not None]
        if not children:
            return None
        value = children[-1]
    return value if isinstance(value, Token) else None


def _open_brackets(stack: Sequence[Any]) -> list[Token]:
    """Opening brackets on the stack whose closing bracket has not been read yet."""
    open_: list[Token] = []
    for value in stack:
        if not isinstance(value, Token):
            continue  # a reduced tree is balanced
        if value.type in _OPENERS:
            open_.append(value)
        elif value.type in _CLOSERS and open_ and open_[-1].type == _CLOSERS[value.type][0]:
            open_.pop()
    return open_


def _expression_before(stack: Sequence[Any], source: Source) -> str | None:
    """The complete expression the parser had just read, as the author would name it."""
    if not stack:
        return None
    top = stack[-1]
    if isinstance(top, Token):
        if top.type == "RPAR":  # a call or a parenthesis not reduced yet
            depth = 0
            for i in range(len(stack) - 1, -1, -1):
                value = stack[i]
                if isinstance(value, Token) and value.type == "RPAR":
                    depth += 1
                elif isinstance(value, Token) and value.type == "LPAR":
                    depth -= 1
                    if depth == 0:
                        before = stack[i - 1] if i > 0 else None
                        if isinstance(before, Token) and before.type == "NAME":
                            return f"{_show(str(before))}(...)"
                        if isinstance(before, Tree) and str(before.data) in (
                            "count_op",
                            "value_op",
                        ):
                            token = _last_token(before)
                            return f"{token}(...)" if token is not None else None
                        return "(...)"
            return None
        if top.type in ("NAME", "SIGNED_INT", "STRING", "DATE", "TRUE", "FALSE", "NULL"):
            return _show(str(top))
        return None
    if isinstance(top, Tree):
        data = str(top.data)
        if data == "call" and isinstance(top.children[0], Token):
            return f"{_show(str(top.children[0]))}(...)"
        if data in ("count_agg", "value_agg"):
            token = _last_token(top.children[0])
            return f"{token}(...)" if token is not None else None
        meta = top.meta
        if not getattr(meta, "empty", True):
            text = source.text[meta.start_pos : meta.end_pos]
            if "\n" not in text and len(text) <= 30:
                return text
    return None


def _near_keyword(text: str, accepts: Iterable[str], parser: Lark) -> str | None:
    """The accepted keyword nearest to a misspelt word, if there is one."""
    wanted: list[str] = []
    for terminal in accepts:
        try:
            pattern = parser.get_terminal(terminal).pattern
        except KeyError:
            continue
        if pattern.type == "str" and pattern.value.isalpha():
            wanted.append(pattern.value)
    close = difflib.get_close_matches(text.lower(), sorted(wanted), n=1, cutoff=0.6)
    return close[0] if close else None


def _arabic_article(text: str) -> str | None:
    """`第16条` → `第十六条`."""
    m = re.fullmatch(r"第([0-9]{1,3})条", text)
    if m is None or not 1 <= int(m.group(1)) <= 999:
        return None
    return article_label(int(m.group(1)))


# --------------------------------------------------------------------------- entry point


def syntax_diagnostic(exc: UnexpectedInput, source: Source, parser: Lark) -> Diagnostic:
    """Turn one of lark's parse errors into a diagnostic with a span and help."""
    if isinstance(exc, UnexpectedCharacters):
        return _unexpected_character(exc, source, parser)
    if isinstance(exc, UnexpectedToken):
        return _unexpected_token(exc, source, parser)
    assert isinstance(exc, UnexpectedEOF)  # pragma: no cover - Earley only; we use LALR
    end = len(source.text)
    return Diagnostic.of(M.UNEXPECTED_END, span=Span(source, end, end))


def _unexpected_character(exc: UnexpectedCharacters, source: Source, parser: Lark) -> Diagnostic:
    start = exc.pos_in_stream or 0
    text = source.text
    ch = text[start : start + 1]
    span = Span(source, start, start + 1)
    if ch == '"':
        return _bad_string(source, start)
    if ch in _CURLY_QUOTES:
        return Diagnostic.of(M.CURLY_QUOTE, span=span, char=ch)
    if ch in _FULL_WIDTH:
        return Diagnostic.of(M.FULL_WIDTH, span=span, char=ch, ascii=_FULL_WIDTH[ch])
    operators = {"&": ("and", "&&"), "|": ("or", "||"), "!": ("not", "!")}
    if ch in operators and text[start : start + 2] != "!=":
        word, typed = operators[ch]
        return Diagnostic.of(
            M.NOT_AN_OPERATOR,
            span=Span(source, start, start + (2 if text[start : start + 2] == typed else 1)),
            typed=typed,
            word=word,
        )
    if ch == "'":
        return Diagnostic.of(M.SINGLE_QUOTE, span=span)
    accepts = _accepts(exc)
    words = _expected_words(accepts, parser, 0), _expected_words(accepts, parser, 1)
    expected = Text(_code_space(_join(words[0], 0)), _join(words[1], 1))
    return Diagnostic.of(
        M.UNEXPECTED_CHARACTER,
        span=span,
        label=M.EXPECTED(expected=expected) if words[1] else None,
        char=_char_name(ch),
    )


def _bad_string(source: Source, start: int) -> Diagnostic:
    text = source.text
    if text[start - 2 : start] == '""' or text[start : start + 3] == '"""':
        opener = start - 2 if text[start - 2 : start] == '""' else start
        return Diagnostic.of(
            M.UNCLOSED_LONG_STRING, span=Span(source, opener, opener + 3), label=M.STARTS_HERE
        )
    i = start + 1
    while i < len(text) and text[i] not in '"\n':
        if text[i] == "\\":
            if i + 1 < len(text) and text[i + 1] not in _ESCAPABLE:
                bad = _show(text[i : i + 2])
                return Diagnostic.of(M.UNKNOWN_ESCAPE, span=Span(source, i, i + 2), bad=bad)
            i += 1
        i += 1
    return Diagnostic.of(M.UNCLOSED_STRING, span=Span(source, start, start + 1))


def _unexpected_token(exc: UnexpectedToken, source: Source, parser: Lark) -> Diagnostic:
    token: Token = exc.token
    accepts = _accepts(exc)
    stack = _stack(exc)
    prev = stack[-1] if stack else None
    at_end = token.type == "$END"
    if at_end:
        end = len(source.text.rstrip())
        span = Span(source, max(end - 1, 0), end)
        found = M.TERMINALS["$END"]
    else:
        start = token.start_pos or 0
        end_pos = token.end_pos if token.end_pos is not None else start + len(str(token))
        span = Span(source, start, end_pos)
        shown = f"`{_show(str(token))}`"
        found = Text(" " + shown, shown)  # a space between Chinese text and code
    words = Text(_code_space(_join(_expected_words(accepts, parser, 0), 0)),
                 _join(_expected_words(accepts, parser, 1), 1))  # fmt: skip

    def diag(message: Message, *, label: Text | None = None, help: Text | None = None,
             at: Span = span, **args: Any) -> Diagnostic:  # fmt: skip
        return Diagnostic.of(message, span=at, label=label, help=help, **args)

    # A clause keyword read as a name right after an operator: `when d <` then `message`.
    if (
        isinstance(prev, Token)
        and prev.type == "NAME"
        and str(prev) in _CLAUSE_WORDS
        and len(stack) >= 2
        and isinstance(stack[-2], Token)
        and stack[-2].type in _NEEDS_OPERAND
    ):
        op, word = _show(str(stack[-2])), str(prev)
        return diag(
            M.CLAUSE_AFTER_OPERATOR,
            label=M.BEGINS_CLAUSE(word=word),
            at=Span(source, prev.start_pos or 0, prev.end_pos or 0),
            op=op,
            word=word,
        )

    # An expression was due: `when d < )`, `when d <` at the end of the file.
    if (
        {"NAME", "SIGNED_INT", "LPAR"} <= accepts
        and token.type not in accepts
        and isinstance(prev, Token)
        and prev.type in _NEEDS_OPERAND
    ):
        what = M.A_CONDITION if prev.type in ("WHEN", "WHERE", "IF") else M.AN_EXPRESSION
        return diag(
            M.OPERAND_EXPECTED,
            label=M.EXPECTED(expected=what),
            op=_show(str(prev)),
            what=what,
            found=found,
        )

    # Two expressions side by side: `when period_workdays(a, b) 15`.
    if "COMP_OP" in accepts and token.type in _EXPR_START - {"NOT", "LPAR", "MINUS"}:
        near = _near_keyword(str(token), accepts, parser) if token.type == "NAME" else None
        before = _expression_before(stack, source)
        if near is None and before is not None:
            example = None
            if token.type in _OPERANDS:
                example = M.PUT_AN_OPERATOR(before=before, shown=_show(str(token)))
            return diag(
                M.COMPARISON_EXPECTED,
                label=M.A_COMPARISON,
                help=example,
                before=before,
                found=found,
            )

    # `=` for `==`.
    if token.type == "EQUAL" and "COMP_OP" in accepts:
        return diag(M.EQUAL_FOR_COMPARISON, label=M.COMPARE_WITH_DOUBLE_EQUAL)

    # A misspelt keyword.
    if token.type == "NAME" or (str(token).isalpha() and token.type not in accepts):
        near = _near_keyword(str(token), accepts, parser)
        if near is not None:
            return diag(
                M.EXPECTED_FOUND, help=M.DID_YOU_MEAN(near=near), expected=words, found=found
            )

    # An article number in digits: `第16条`.
    if "ARTICLE" in accepts and token.type == "NAME":
        label = _arabic_article(str(token))
        if label is not None:
            return diag(M.ARABIC_ARTICLE, token=token, numerals=label)

    # A closing bracket with nothing to close.
    if token.type in _CLOSERS and token.type not in accepts:
        opener_type, opener, closer = _CLOSERS[token.type]
        if not any(t.type == opener_type for t in _open_brackets(stack)):
            return diag(
                M.UNMATCHED_CLOSER, label=M.NO_OPENER(opener=opener), opener=opener, closer=closer
            )

    # A bracket left open.
    open_ = _open_brackets(stack)
    if open_ and _OPENERS[open_[-1].type][0] in accepts:
        opener_token = open_[-1]
        closer = _OPENERS[opener_token.type][1]
        where = Span(source, opener_token.start_pos or 0, opener_token.end_pos or 0)
        if token.type not in _EXPR_START and token.type not in _OPERATORS:
            return diag(
                M.UNCLOSED_OPENER,
                label=M.EXPECTED_CLOSER(closer=closer),
                opener=opener_token,
                closer=closer,
                line=where.line,
                column=where.column,
            )

    # A required clause of a rule is missing.
    for clause, purpose in M.REQUIRED.items():
        if clause in accepts and token.type not in accepts:
            if clause == "WHEN" and token.type == "MESSAGE":
                return diag(M.WHEN_BEFORE_MESSAGE, label=M.EXPECTED(expected=words), help=purpose)
            if clause != "WHEN":
                return diag(M.EXPECTED_FOUND, help=purpose, expected=words, found=found)

    # Anything else: say what was expected, in words.
    if len(_expected_words(accepts, parser, 1)) <= 3 and not at_end:
        return diag(M.EXPECTED_FOUND, expected=words, found=found)
    expected = M.EXPECTED(expected=words) if words.en else None
    if at_end:
        return diag(M.END_HERE, label=expected)
    return diag(M.UNEXPECTED, label=expected, found=found)
