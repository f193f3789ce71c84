"""Lark tree -> AST: one method per grammar rule, building the attrs nodes with spans.

Takes the tree the LALR parser built, already checked for depth (lark's Transformer
recurses); gives the :class:`~policyengine.syntax.ast.Module`. Never: lets a lark
type into the AST, or resolves a name (the checker does).
"""

from __future__ import annotations

import datetime
from typing import Any

import attrs
from lark import Token, Transformer, v_args

from policyengine.diagnostics import Diagnostic
from policyengine.errors import PolicySyntaxError
from policyengine.source import Source, Span
from policyengine.syntax import ast
from policyengine.syntax import messages as M
from policyengine.syntax.articles import article_number
from policyengine.syntax.limits import MAX_INT_DIGITS
from policyengine.syntax.literals import message_template, unquote

Meta = Any


class ToAst(Transformer[Token, Any]):
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
        return ast.PolicyDecl(str(name), unquote(title), document, effective, self._span(meta))

    def document_clause(self, children: list[Token]) -> tuple[str, str]:
        return ("document", unquote(children[0]))

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
            unquote(label) if label is not None else None,
            unquote(label_en) if label_en is not None else None,
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
            self._span(meta), unquote(label) if label else None,
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
            str(name), tuple(fields), self._span(meta), unquote(label) if label else None
        )

    @v_args(meta=True)
    def field_decl(self, meta: Meta, children: list[Any]) -> ast.FieldDecl:
        name, label, (type_, optional), default, doc = children
        return ast.FieldDecl(
            str(name), type_, optional, default, unquote(doc) if doc else None, self._span(meta),
            unquote(label) if label else None,
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
            str(name), type_, optional, default, unquote(about) if about else None,
            source, confidence, cites, self._span(meta),
        )  # fmt: skip

    def source_clause(self, children: list[Token]) -> tuple[str, str]:
        return ("source", unquote(children[0]))

    def confidence_clause(self, children: list[Any]) -> tuple[str, str]:
        return ("confidence", children[0])

    def confidence(self, children: list[Token]) -> str:
        return str(children[0])

    def param_cites_clause(self, children: list[Any]) -> tuple[str, Any]:
        return ("cites", children[0])

    @v_args(meta=True)
    def chapter_decl(self, meta: Meta, children: list[Token]) -> ast.ChapterDecl:
        self.chapter = unquote(children[0])
        return ast.ChapterDecl(self.chapter, self._span(meta))

    @v_args(meta=True)
    def article_decl(self, meta: Meta, children: list[Any]) -> ast.ArticleDecl:
        label, text, status = children
        kind, reason = status if status is not None else ("checkable", None)
        return ast.ArticleDecl(
            str(label), article_number(str(label)), unquote(text) if text else None,
            kind, reason, self.chapter, self._span(meta),
        )  # fmt: skip

    def not_checkable(self, children: list[Token]) -> tuple[str, str]:
        return ("not_checkable", unquote(children[0]))

    def missing(self, children: list[Token]) -> tuple[str, str]:
        return ("missing", unquote(children[0]))

    def article_list(self, children: list[Token]) -> tuple[ast.ArticleRef, ...]:
        return tuple(ast.ArticleRef(str(c), article_number(str(c)), self._tok(c)) for c in children)

    @v_args(meta=True)
    def define_decl(self, meta: Meta, children: list[Any]) -> ast.DefineDecl:
        name, param, kind, about, body = children
        return ast.DefineDecl(
            str(name), str(param), str(kind), unquote(about) if about else None, body,
            self._span(meta), self._tok(kind),
        )  # fmt: skip

    # -- rules

    @v_args(meta=True)
    def rule_decl(self, meta: Meta, children: list[Any]) -> ast.RuleDecl:
        name, title, cites, (severity, basis), (var, kind, kind_span, each), *rest = children
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
            str(name), unquote(title) if title else None, cites, severity, var, kind, where,
            dated, tuple(lets), when, tuple(messages), evidence, self._span(meta), kind_span,
            tuple(remedies), basis, tuple(readings), each,
        )  # fmt: skip

    def cites_clause(self, children: list[Any]) -> tuple[ast.ArticleRef, ...]:
        refs: tuple[ast.ArticleRef, ...] = children[0]
        return refs

    def severity_clause(self, children: list[Any]) -> tuple[str, str | None]:
        severity, basis = children
        return (str(severity), unquote(basis) if basis is not None else None)

    def severity(self, children: list[Token]) -> str:
        return str(children[0])

    def for_clause(self, children: list[Any]) -> tuple[str, str, Span, ast.Each | None]:
        var, kind, inner, source = children
        each = None
        if inner is not None:
            each = ast.Each(str(inner), source, self._tok(inner))
        return (str(var), str(kind), self._tok(kind), each)

    def where_clause(self, children: list[Any]) -> tuple[str, ast.Expr]:
        return ("where", children[0])

    @v_args(meta=True)
    def let_clause(self, meta: Meta, children: list[Any]) -> tuple[str, ast.Let]:
        return ("let", ast.Let(str(children[0]), children[1], self._span(meta)))

    def when_clause(self, children: list[Any]) -> tuple[str, ast.Expr]:
        return ("when", children[0])

    def message_clause(self, children: list[Any]) -> tuple[str, tuple[str, ast.Template]]:
        lang, text, condition = children
        template = message_template(text, self.source)
        if condition is not None:
            template = attrs.evolve(template, condition=condition)
        return ("message", (lang or "zh", template))

    @v_args(meta=True)
    def remedy_clause(self, meta: Meta, children: list[Any]) -> tuple[str, ast.Remedy]:
        lang, text, condition = children
        remedy = ast.Remedy(lang or "zh", unquote(text), self._span(meta), condition=condition)
        return ("remedy", remedy)

    @v_args(meta=True)
    def reading_clause(self, meta: Meta, children: list[Any]) -> tuple[str, ast.Reading]:
        lang, text, rejected = children
        return (
            "reading",
            ast.Reading(
                lang or "zh",
                unquote(text),
                unquote(rejected) if rejected is not None else None,
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
        return ast.Literal(unquote(c[0]), self._span(meta))

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
                    Diagnostic.of(
                        M.INTEGER_TOO_LONG,
                        digits=MAX_INT_DIGITS,
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
                [Diagnostic.of(M.NOT_A_DATE, span=self._tok(token), token=token)]
            ) from None
