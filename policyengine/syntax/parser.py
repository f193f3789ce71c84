"""Policy text → AST. The only module that touches lark.

Stages: size limit → LALR parse (iterative, so deep input cannot overflow the stack)
→ an iterative depth check (lark's Transformer is recursive and overflows at about
500 levels) → transform into attrs nodes with spans. Lark's own exceptions never
leave this module: they become :class:`PolicySyntaxError` with file:line:column.
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from typing import Any

import attrs
from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import LarkError, UnexpectedInput, VisitError

from policyengine import resources
from policyengine.diagnostics import Diagnostic, Text
from policyengine.errors import PolicySyntaxError
from policyengine.source import Source, Span
from policyengine.syntax import ast, tables
from policyengine.syntax.errors import syntax_diagnostic

MAX_POLICY_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_INT_DIGITS = 18


@cache
def _parser() -> Lark:
    """The LALR parser: from the shipped tables when they are the grammar's, else built."""
    return tables.load() or tables.build(resources.grammar_text())


def too_large(name: str) -> PolicySyntaxError:
    """E104: the policy is over :data:`MAX_POLICY_BYTES`."""
    return PolicySyntaxError(
        [
            Diagnostic(
                "E104",
                Text(
                    f"策略文件超过 {MAX_POLICY_BYTES // 1024} KiB 的上限",
                    f"the policy is larger than the limit of {MAX_POLICY_BYTES // 1024} KiB",
                ),
                location=name,
            )
        ]
    )


def parse(text: str, name: str = "<policy>") -> ast.Module:
    """Parse policy text into an AST, or raise :class:`PolicySyntaxError`.

    A leading byte-order mark is dropped, as for fact files: editors on Windows write
    one and do not count it as a column."""
    if text.startswith("\ufeff"):
        text = text[1:]
    source = Source(name, text)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_POLICY_BYTES:
        raise too_large(name)
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        raise PolicySyntaxError([syntax_diagnostic(exc, source, _parser())]) from None
    except LarkError as exc:  # pragma: no cover - lark raises UnexpectedInput for input errors
        raise PolicySyntaxError([Diagnostic("E100", Text.same(str(exc)), location=name)]) from None
    _check_depth(tree, source)
    try:
        module = _ToAst(source).transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, PolicySyntaxError):
            raise exc.orig_exc from None
        raise
    assert isinstance(module, ast.Module)
    return module


_NESTING_HELP = Text(
    "用 `let` 给中间结果命名，减少括号嵌套",
    "name intermediate results with `let` instead of nesting",
)
_CHAIN_HELP = Text(
    "每个 `and`/`or` 都算一层：用 `let` 给一部分条件命名，如 `let recent = a and b`",
    "each `and`/`or` counts as a level: name some of the conditions with `let`, "
    "e.g. `let recent = a and b`",
)


def _check_depth(tree: Tree[Token], source: Source) -> None:
    """Refuse trees deeper than MAX_DEPTH, iteratively, before any recursive pass."""
    stack: list[tuple[Tree[Token], int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        # `a and b and c` is one flat tree but becomes a chain of nested Binary nodes
        # (see _ToAst._chain): count each link as a level.
        step = len(node.children) - 1 if node.data in ("and_expr", "or_expr") else 1
        if depth + step - 1 > MAX_DEPTH:
            start = node.meta.start_pos if not node.meta.empty else 0
            end = node.meta.end_pos if not node.meta.empty else start
            raise PolicySyntaxError(
                [
                    Diagnostic(
                        "E105",
                        Text(
                            f"嵌套超过 {MAX_DEPTH} 层",
                            f"the policy is nested more than {MAX_DEPTH} levels deep",
                        ),
                        span=Span(source, start, min(end, start + 40)),
                        help=_CHAIN_HELP if step > 1 else _NESTING_HELP,
                    )
                ]
            )
        for child in node.children:
            if isinstance(child, Tree):
                stack.append((child, depth + max(step, 1)))


# --------------------------------------------------------------------------- helpers

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


_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "{": "\\{", "}": "\\}"}


def _unquote(token: Token) -> str:
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


def _template(token: Token, source: Source) -> ast.Template:
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
                Diagnostic(
                    "E103",
                    Text(
                        f"消息中有不成对的 `{stray.group(0)}`",
                        f"an unmatched `{stray.group(0)}` in a message",
                    ),
                    span=Span(source, base + stray.start(), base + stray.end()),
                    help=Text(
                        "占位符写作 `{名称}`；字面的花括号写作 `\\{` `\\}`",
                        "write a placeholder as `{name}` and a literal brace as `\\{` or `\\}`",
                    ),
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
            raise PolicySyntaxError(
                [
                    Diagnostic(
                        "E103",
                        Text(
                            f"消息中的占位符 `{{{inner}}}` 只能是名称或以点连接的路径",
                            f"a placeholder in a message must be a name or a dotted path, "
                            f"not `{{{inner}}}`",
                        ),
                        span=span,
                        help=Text(
                            "先用 `let` 计算该值，再写 `{名称}`；字面的花括号写作 `\\{` `\\}`",
                            "compute the value with `let` and write `{name}`; "
                            "write a literal brace as `\\{` or `\\}`",
                        ),
                    )
                ]
            )
        names = [n.strip() for n in pm.group(1).split(".")]
        if len(names) > MAX_DEPTH:
            raise PolicySyntaxError(
                [
                    Diagnostic(
                        "E105",
                        Text(
                            f"消息中的占位符超过 {MAX_DEPTH} 层",
                            f"a placeholder in a message is nested more than {MAX_DEPTH} "
                            f"levels deep",
                        ),
                        span=Span(source, span.start, min(span.end, span.start + 40)),
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


# --------------------------------------------------------------------------- transformer

Meta = Any


class _ToAst(Transformer[Token, Any]):
    """Builds attrs nodes. Each method receives lark's ``meta`` for the span."""

    def __init__(self, source: Source) -> None:
        super().__init__()
        self.source = source
        self.chapter: str | None = None

    def _span(self, meta: Meta) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.source, 0, 0)
        return Span(self.source, meta.start_pos, meta.end_pos)

    def _tok(self, token: Token) -> Span:
        return Span(self.source, token.start_pos or 0, token.end_pos or 0)

    # -- module and declarations

    @v_args(meta=True)
    def start(self, meta: Meta, items: list[ast.Decl]) -> ast.Module:
        return ast.Module(tuple(items), self._span(meta))

    @v_args(meta=True)
    def policy_decl(self, meta: Meta, children: list[Any]) -> ast.PolicyDecl:
        name, title, *clauses = children
        document = effective = None
        for key, value in clauses:
            if key == "document":
                document = value
            else:
                effective = value
        return ast.PolicyDecl(str(name), _unquote(title), document, effective, self._span(meta))

    def document_clause(self, children: list[Token]) -> tuple[str, str]:
        return ("document", _unquote(children[0]))

    def effective_clause(self, children: list[Token]) -> tuple[str, datetime.date]:
        return ("effective", self._date(children[0]))

    @v_args(meta=True)
    def enum_decl(self, meta: Meta, children: list[Any]) -> ast.EnumDecl:
        members: ast.Members = children[1]
        return ast.EnumDecl(
            str(children[0]), members.names, members.labels, self._span(meta),
            labels_en=members.labels_en,
        )  # fmt: skip

    def name_list(self, children: list[tuple[str, str | None, str | None]]) -> ast.Members:
        return ast.Members(
            tuple(name for name, _, _ in children),
            tuple((name, zh) for name, zh, _ in children if zh is not None),
            tuple((name, en) for name, _, en in children if en is not None),
        )

    def enum_member(self, children: list[Token | None]) -> tuple[str, str | None, str | None]:
        name, label, label_en = children
        return (
            str(name),
            _unquote(label) if label is not None else None,
            _unquote(label_en) if label_en is not None else None,
        )

    @v_args(meta=True)
    def record_decl(self, meta: Meta, children: list[Any]) -> ast.RecordDecl:
        return ast.RecordDecl(str(children[0]), tuple(children[1:]), self._span(meta))

    @v_args(meta=True)
    def facts_decl(self, meta: Meta, children: list[Any]) -> ast.FactsDecl:
        collection, subject, label, *rest = children
        tag = dated = None
        fields: list[ast.FieldDecl] = []
        variants: list[ast.VariantDecl] = []
        for item in rest:
            if isinstance(item, ast.FieldDecl):
                fields.append(item)
            elif isinstance(item, ast.VariantDecl):
                variants.append(item)
            elif item[0] == "tagged":
                tag = item[1]
            else:
                dated = item[1]
        return ast.FactsDecl(
            str(collection), str(subject), tag, dated, tuple(fields), tuple(variants),
            self._span(meta), _unquote(label) if label else None,
        )  # fmt: skip

    def tagged_clause(self, children: list[Token]) -> tuple[str, str]:
        return ("tagged", str(children[0]))

    def dated_clause(self, children: list[Any]) -> Any:
        # ``dated NAME`` in a facts declaration, ``dated expr`` in a rule.
        child = children[0]
        if isinstance(child, Token):
            return ("dated", str(child))
        return ("dated_expr", child)

    @v_args(meta=True)
    def variant_decl(self, meta: Meta, children: list[Any]) -> ast.VariantDecl:
        name, label, *fields = children
        return ast.VariantDecl(
            str(name), tuple(fields), self._span(meta), _unquote(label) if label else None
        )

    @v_args(meta=True)
    def field_decl(self, meta: Meta, children: list[Any]) -> ast.FieldDecl:
        name, label, (type_, optional), default, doc = children
        return ast.FieldDecl(
            str(name), type_, optional, default, _unquote(doc) if doc else None, self._span(meta),
            _unquote(label) if label else None,
        )  # fmt: skip

    def default(self, children: list[ast.Expr]) -> ast.Expr:
        return children[0]

    def type_expr(self, children: list[Any]) -> tuple[ast.TypeExpr, bool]:
        return (children[0], children[1] is not None)

    @v_args(meta=True)
    def str_type(self, meta: Meta, _: list[Any]) -> ast.TypeExpr:
        return ast.TypeExpr("str", span=self._span(meta))

    @v_args(meta=True)
    def int_type(self, meta: Meta, _: list[Any]) -> ast.TypeExpr:
        return ast.TypeExpr("int", span=self._span(meta))

    @v_args(meta=True)
    def int_range_type(self, meta: Meta, children: list[Token]) -> ast.TypeExpr:
        low, high = self._int(children[0]), self._int(children[1])
        return ast.TypeExpr("int", minimum=low, maximum=high, span=self._span(meta))

    @v_args(meta=True)
    def bool_type(self, meta: Meta, _: list[Any]) -> ast.TypeExpr:
        return ast.TypeExpr("bool", span=self._span(meta))

    @v_args(meta=True)
    def date_type(self, meta: Meta, _: list[Any]) -> ast.TypeExpr:
        return ast.TypeExpr("date", span=self._span(meta))

    @v_args(meta=True)
    def unit_type(self, meta: Meta, children: list[Any]) -> ast.TypeExpr:
        return ast.TypeExpr(str(children[0]), span=self._span(meta))

    def unit(self, children: list[Token]) -> str:
        return str(children[0])

    @v_args(meta=True)
    def named_type(self, meta: Meta, children: list[Token]) -> ast.TypeExpr:
        return ast.TypeExpr("named", ref=str(children[0]), span=self._span(meta))

    @v_args(meta=True)
    def list_type(self, meta: Meta, children: list[ast.TypeExpr]) -> ast.TypeExpr:
        return ast.TypeExpr("list", args=(children[0],), span=self._span(meta))

    @v_args(meta=True)
    def map_type(self, meta: Meta, children: list[ast.TypeExpr]) -> ast.TypeExpr:
        return ast.TypeExpr("map", args=(children[0], children[1]), span=self._span(meta))

    @v_args(meta=True)
    def ref_type(self, meta: Meta, children: list[Token]) -> ast.TypeExpr:
        return ast.TypeExpr("ref", ref=str(children[0]), span=self._span(meta))

    @v_args(meta=True)
    def enum_type(self, meta: Meta, children: list[Any]) -> ast.TypeExpr:
        members: ast.Members = children[0]
        return ast.TypeExpr(
            "enum", members=members.names, labels=members.labels,
            labels_en=members.labels_en, span=self._span(meta),
        )  # fmt: skip

    @v_args(meta=True)
    def record_type(self, meta: Meta, children: list[ast.FieldDecl]) -> ast.TypeExpr:
        return ast.TypeExpr("record", fields=tuple(children), span=self._span(meta))

    @v_args(meta=True)
    def param_decl(self, meta: Meta, children: list[Any]) -> ast.ParamDecl:
        name, (type_, optional), default, about, *clauses = children  # about: required
        source = confidence = None
        cites: tuple[ast.ArticleRef, ...] = ()
        for key, value in clauses:
            if key == "source":
                source = value
            elif key == "confidence":
                confidence = value
            else:
                cites = value
        return ast.ParamDecl(
            str(name), type_, optional, default, _unquote(about) if about else None,
            source, confidence, cites, self._span(meta),
        )  # fmt: skip

    def source_clause(self, children: list[Token]) -> tuple[str, str]:
        return ("source", _unquote(children[0]))

    def confidence_clause(self, children: list[Any]) -> tuple[str, str]:
        return ("confidence", children[0])

    def confidence(self, children: list[Token]) -> str:
        return str(children[0])

    def param_cites_clause(self, children: list[Any]) -> tuple[str, Any]:
        return ("cites", children[0])

    @v_args(meta=True)
    def chapter_decl(self, meta: Meta, children: list[Token]) -> ast.ChapterDecl:
        self.chapter = _unquote(children[0])
        return ast.ChapterDecl(self.chapter, self._span(meta))

    @v_args(meta=True)
    def article_decl(self, meta: Meta, children: list[Any]) -> ast.ArticleDecl:
        label, text, status = children
        kind, reason = status if status is not None else ("checkable", None)
        return ast.ArticleDecl(
            str(label), article_number(str(label)), _unquote(text) if text else None,
            kind, reason, self.chapter, self._span(meta),
        )  # fmt: skip

    def not_checkable(self, children: list[Token]) -> tuple[str, str]:
        return ("not_checkable", _unquote(children[0]))

    def missing(self, children: list[Token]) -> tuple[str, str]:
        return ("missing", _unquote(children[0]))

    def article_list(self, children: list[Token]) -> tuple[ast.ArticleRef, ...]:
        return tuple(ast.ArticleRef(str(c), article_number(str(c)), self._tok(c)) for c in children)

    # -- rules

    @v_args(meta=True)
    def rule_decl(self, meta: Meta, children: list[Any]) -> ast.RuleDecl:
        name, title, cites, (severity, basis), (var, kind, kind_span), *rest = children
        where = dated = None
        lets: list[ast.Let] = []
        readings: list[ast.Reading] = []
        when: ast.Expr | None = None
        messages: list[tuple[str, ast.Template]] = []
        evidence: tuple[ast.Let, ...] = ()
        remedies: list[ast.Remedy] = []
        for item in rest:
            if item is None:
                continue
            tag, value = item
            if tag == "where":
                where = value
            elif tag == "dated_expr":
                dated = value
            elif tag == "let":
                lets.append(value)
            elif tag == "when":
                when = value
            elif tag == "message":
                messages.append(value)
            elif tag == "remedy":
                remedies.append(value)
            elif tag == "reading":
                readings.append(value)
            else:
                evidence = value
        assert when is not None  # INVARIANT: the grammar requires a `when` clause
        return ast.RuleDecl(
            str(name), _unquote(title) if title else None, cites, severity, var, kind, where,
            dated, tuple(lets), when, tuple(messages), evidence, self._span(meta), kind_span,
            tuple(remedies), basis, tuple(readings),
        )  # fmt: skip

    def cites_clause(self, children: list[Any]) -> tuple[ast.ArticleRef, ...]:
        refs: tuple[ast.ArticleRef, ...] = children[0]
        return refs

    def severity_clause(self, children: list[Any]) -> tuple[str, str | None]:
        severity, basis = children
        return (str(severity), _unquote(basis) if basis is not None else None)

    def severity(self, children: list[Token]) -> str:
        return str(children[0])

    def for_clause(self, children: list[Token]) -> tuple[str, str, Span]:
        return (str(children[0]), str(children[1]), self._tok(children[1]))

    def where_clause(self, children: list[Any]) -> tuple[str, ast.Expr]:
        return ("where", children[0])

    @v_args(meta=True)
    def let_clause(self, meta: Meta, children: list[Any]) -> tuple[str, ast.Let]:
        return ("let", ast.Let(str(children[0]), children[1], self._span(meta)))

    def when_clause(self, children: list[Any]) -> tuple[str, ast.Expr]:
        return ("when", children[0])

    def message_clause(self, children: list[Any]) -> tuple[str, tuple[str, ast.Template]]:
        lang, text, condition = children
        template = _template(text, self.source)
        if condition is not None:
            template = attrs.evolve(template, condition=condition)
        return ("message", (lang or "zh", template))

    @v_args(meta=True)
    def remedy_clause(self, meta: Meta, children: list[Any]) -> tuple[str, ast.Remedy]:
        lang, text = children
        return ("remedy", ast.Remedy(lang or "zh", _unquote(text), self._span(meta)))

    @v_args(meta=True)
    def reading_clause(self, meta: Meta, children: list[Any]) -> tuple[str, ast.Reading]:
        lang, text, rejected = children
        return (
            "reading",
            ast.Reading(
                lang or "zh",
                _unquote(text),
                _unquote(rejected) if rejected is not None else None,
                self._span(meta),
            ),
        )

    def lang(self, children: list[Token]) -> str:
        return str(children[0])

    def evidence_clause(self, children: list[ast.Let]) -> tuple[str, tuple[ast.Let, ...]]:
        return ("evidence", tuple(children))

    @v_args(meta=True)
    def evidence_item(self, meta: Meta, children: list[Any]) -> ast.Let:
        return ast.Let(str(children[0]), children[1], self._span(meta))

    # -- expressions

    @v_args(meta=True)
    def if_expr(self, meta: Meta, c: list[ast.Expr]) -> ast.If:
        return ast.If(c[0], c[1], c[2], self._span(meta))

    def _chain(self, op: ast.LogicOp, meta: Meta, items: list[ast.Expr]) -> ast.Expr:
        expr = items[0]
        for item in items[1:]:
            expr = ast.Binary(op, expr, item, expr.span.to(item.span))
        return expr

    @v_args(meta=True)
    def or_expr(self, meta: Meta, c: list[ast.Expr]) -> ast.Expr:
        return self._chain("or", meta, c)

    @v_args(meta=True)
    def and_expr(self, meta: Meta, c: list[ast.Expr]) -> ast.Expr:
        return self._chain("and", meta, c)

    @v_args(meta=True)
    def not_expr(self, meta: Meta, c: list[ast.Expr]) -> ast.Unary:
        return ast.Unary("not", c[0], self._span(meta))

    @v_args(meta=True)
    def compare(self, meta: Meta, c: list[Any]) -> ast.Binary:
        return ast.Binary(ast.compare_op(str(c[1])), c[0], c[2], self._span(meta))

    @v_args(meta=True)
    def compare_word(self, meta: Meta, c: list[Any]) -> ast.Binary:
        word: str = c[1]
        op = ast.THRESHOLD_WORDS[word].op
        return ast.Binary(op, c[0], c[2], self._span(meta), word=word)

    @v_args(meta=True)
    def in_expr(self, meta: Meta, c: list[ast.Expr]) -> ast.Binary:
        return ast.Binary("in", c[0], c[1], self._span(meta))

    @v_args(meta=True)
    def not_in_expr(self, meta: Meta, c: list[ast.Expr]) -> ast.Binary:
        return ast.Binary("not in", c[0], c[1], self._span(meta))

    @v_args(meta=True)
    def is_null(self, meta: Meta, c: list[ast.Expr]) -> ast.Test:
        return ast.Test("null", False, c[0], self._span(meta))

    @v_args(meta=True)
    def is_not_null(self, meta: Meta, c: list[ast.Expr]) -> ast.Test:
        return ast.Test("null", True, c[0], self._span(meta))

    @v_args(meta=True)
    def is_empty(self, meta: Meta, c: list[ast.Expr]) -> ast.Test:
        return ast.Test("empty", False, c[0], self._span(meta))

    @v_args(meta=True)
    def is_not_empty(self, meta: Meta, c: list[ast.Expr]) -> ast.Test:
        return ast.Test("empty", True, c[0], self._span(meta))

    @v_args(meta=True)
    def matches(self, meta: Meta, c: list[Any]) -> ast.Matches:
        return ast.Matches(c[0], str(c[1]), self._span(meta), self._tok(c[1]))

    @v_args(meta=True)
    def arith(self, meta: Meta, c: list[Any]) -> ast.Binary:
        return ast.Binary(ast.arith_op(str(c[1])), c[0], c[2], self._span(meta))

    @v_args(meta=True)
    def otherwise(self, meta: Meta, c: list[ast.Expr]) -> ast.Binary:
        return ast.Binary("otherwise", c[0], c[1], self._span(meta))

    @v_args(meta=True)
    def attr(self, meta: Meta, c: list[Any]) -> ast.Attr:
        return ast.Attr(c[0], str(c[1]), self._span(meta))

    @v_args(meta=True)
    def index(self, meta: Meta, c: list[ast.Expr]) -> ast.Index:
        return ast.Index(c[0], c[1], self._span(meta))

    @v_args(meta=True)
    def name(self, meta: Meta, c: list[Token]) -> ast.Name:
        return ast.Name(str(c[0]), self._span(meta))

    @v_args(meta=True)
    def call(self, meta: Meta, c: list[Any]) -> ast.Call:
        args = tuple(a for a in c[1:] if a is not None)
        return ast.Call(str(c[0]), args, self._span(meta))

    @v_args(meta=True)
    def count_agg(self, meta: Meta, c: list[Any]) -> ast.Aggregate:
        op, var, source, where = c
        return ast.Aggregate(op, str(var), source, where, None, self._span(meta))

    @v_args(meta=True)
    def value_agg(self, meta: Meta, c: list[Any]) -> ast.Aggregate:
        op, value, var, source, where = c
        return ast.Aggregate(op, str(var), source, where, value, self._span(meta))

    def count_op(self, c: list[Token]) -> ast.AggregateOp:
        return ast.aggregate_op(str(c[0]))

    def value_op(self, c: list[Token]) -> ast.AggregateOp:
        return ast.aggregate_op(str(c[0]))

    def threshold_word(self, c: list[Token]) -> str:
        return str(c[0])

    @v_args(meta=True)
    def neg(self, meta: Meta, c: list[ast.Expr]) -> ast.Unary:
        return ast.Unary("-", c[0], self._span(meta))

    @v_args(meta=True)
    def int_lit(self, meta: Meta, c: list[Token]) -> ast.Literal:
        return ast.Literal(self._int(c[0]), self._span(meta))

    @v_args(meta=True)
    def str_lit(self, meta: Meta, c: list[Token]) -> ast.Literal:
        return ast.Literal(_unquote(c[0]), self._span(meta))

    @v_args(meta=True)
    def date_lit(self, meta: Meta, c: list[Token]) -> ast.Literal:
        return ast.Literal(self._date(c[0]), self._span(meta))

    @v_args(meta=True)
    def true_lit(self, meta: Meta, _: list[Any]) -> ast.Literal:
        return ast.Literal(True, self._span(meta))

    @v_args(meta=True)
    def false_lit(self, meta: Meta, _: list[Any]) -> ast.Literal:
        return ast.Literal(False, self._span(meta))

    @v_args(meta=True)
    def null_lit(self, meta: Meta, _: list[Any]) -> ast.Literal:
        return ast.Literal(None, self._span(meta))

    @v_args(meta=True)
    def empty_braces(self, meta: Meta, _: list[Any]) -> ast.SetLit:
        return ast.SetLit((), self._span(meta))

    @v_args(meta=True)
    def set_lit(self, meta: Meta, c: list[ast.Expr]) -> ast.SetLit:
        return ast.SetLit(tuple(c), self._span(meta))

    @v_args(meta=True)
    def map_lit(self, meta: Meta, c: list[tuple[ast.Expr, ast.Expr]]) -> ast.MapLit:
        return ast.MapLit(tuple(c), self._span(meta))

    def map_item(self, c: list[ast.Expr]) -> tuple[ast.Expr, ast.Expr]:
        return (c[0], c[1])

    def _int(self, token: Token) -> int:
        # Python refuses to convert more than 4,300 digits (a ValueError, not ours).
        text = str(token).lstrip("0") or "0"
        if len(text) > MAX_INT_DIGITS:
            raise PolicySyntaxError(
                [
                    Diagnostic(
                        "E106",
                        Text(
                            f"整数超过 {MAX_INT_DIGITS} 位",
                            f"a whole number cannot have more than {MAX_INT_DIGITS} digits",
                        ),
                        span=Span(
                            self.source,
                            token.start_pos or 0,
                            min(token.end_pos or 0, (token.start_pos or 0) + 40),
                        ),
                    )
                ]
            )
        return int(text)

    def _date(self, token: Token) -> datetime.date:
        try:
            return datetime.date.fromisoformat(str(token))
        except ValueError:
            raise PolicySyntaxError(
                [
                    Diagnostic(
                        "E102",
                        Text(f"不存在的日期 `{token}`", f"`{token}` is not a real date"),
                        span=self._tok(token),
                    )
                ]
            ) from None
