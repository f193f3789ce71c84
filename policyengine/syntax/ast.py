"""The policy's abstract syntax tree.

Nodes are frozen attrs classes. Every node has a ``span`` that is excluded from
equality and hashing (Cedar's ``Node<T>`` idiom): two policies that differ only in
layout have equal trees, which is what parse ∘ format = identity tests rely on.
Lark types never appear here.
"""

from __future__ import annotations

import datetime
from typing import Union

import attrs

from policyengine.source import Span


def _span() -> Span:
    return attrs.field(eq=False, repr=False)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- expressions


@attrs.frozen
class Literal:
    value: int | str | bool | datetime.date | None
    span: Span = _span()


@attrs.frozen
class Name:
    """A variable, a parameter, a built-in name (``as_of``) or an enum member."""

    name: str
    span: Span = _span()


@attrs.frozen
class Attr:
    obj: Expr
    name: str
    span: Span = _span()


@attrs.frozen
class Index:
    obj: Expr
    key: Expr
    span: Span = _span()


@attrs.frozen
class Call:
    func: str
    args: tuple[Expr, ...]
    span: Span = _span()


@attrs.frozen
class Aggregate:
    """``count(p in post where …)`` or ``latest(p.date for p in post where …)``.

    ``value`` is None for ``count``/``any``/``all``.
    """

    op: str
    var: str
    source: Expr
    where: Expr | None
    value: Expr | None
    span: Span = _span()


@attrs.frozen
class Unary:
    op: str  # "not" | "-"
    operand: Expr
    span: Span = _span()


@attrs.frozen
class Binary:
    """Logic (``and``, ``or``), comparison, membership, arithmetic and ``otherwise``."""

    op: str  # and or == != < <= > >= in "not in" + - otherwise
    left: Expr
    right: Expr
    span: Span = _span()


@attrs.frozen
class Test:
    """``x is null``, ``x is not null``, ``x is empty``, ``x is not empty``."""

    what: str  # "null" | "empty"
    negated: bool
    operand: Expr
    span: Span = _span()


@attrs.frozen
class Matches:
    """``x matches 审图号``: one of a fixed set of built-in patterns."""

    operand: Expr
    pattern: str
    span: Span = _span()
    pattern_span: Span = _span()


@attrs.frozen
class If:
    cond: Expr
    then: Expr
    else_: Expr
    span: Span = _span()


@attrs.frozen
class SetLit:
    items: tuple[Expr, ...]
    span: Span = _span()


@attrs.frozen
class MapLit:
    items: tuple[tuple[Expr, Expr], ...]
    span: Span = _span()


Expr = Union[  # noqa: UP007
    Literal, Name, Attr, Index, Call, Aggregate, Unary, Binary, Test, Matches, If, SetLit, MapLit
]

# --------------------------------------------------------------------------- types


@attrs.frozen
class TypeExpr:
    """A type as written: ``str``, ``list of ref unit``, ``{ …fields… }``, ``enum {…}``.

    ``name`` is one of: str int bool date days workdays months years count list map ref
    enum
    record named.
    """

    name: str
    args: tuple[TypeExpr, ...] = ()
    ref: str | None = None  # the kind of ``ref``, the name of ``named``
    members: tuple[str, ...] = ()  # ``enum``
    labels: tuple[tuple[str, str], ...] = ()  # ``enum``: member -> label
    fields: tuple[FieldDecl, ...] = ()  # ``record``
    minimum: int | None = None
    maximum: int | None = None
    span: Span = attrs.field(eq=False, repr=False, kw_only=True)


@attrs.frozen
class FieldDecl:
    name: str
    type: TypeExpr
    optional: bool
    default: Expr | None
    doc: str | None
    span: Span = _span()
    label: str | None = None  # ``opened_on "开办日期": date``


# --------------------------------------------------------------------------- declarations


@attrs.frozen
class PolicyDecl:
    name: str
    title: str
    document: str | None
    effective: datetime.date | None
    span: Span = _span()


@attrs.frozen
class Members:
    """The members of an enum as written, with their Chinese labels where given."""

    names: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]


@attrs.frozen
class EnumDecl:
    name: str
    members: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]
    span: Span = _span()


@attrs.frozen
class RecordDecl:
    name: str
    fields: tuple[FieldDecl, ...]
    span: Span = _span()


@attrs.frozen
class VariantDecl:
    name: str
    fields: tuple[FieldDecl, ...]
    span: Span = _span()
    label: str | None = None


@attrs.frozen
class FactsDecl:
    """``facts events of event tagged kind dated date { … }``."""

    collection: str
    subject: str
    tag: str | None
    dated: str | None
    fields: tuple[FieldDecl, ...]
    variants: tuple[VariantDecl, ...]
    span: Span = _span()
    label: str | None = None  # of the subject: ``facts accounts of account "账号"``


@attrs.frozen
class ArticleRef:
    label: str  # 第十六条
    number: int
    span: Span = _span()


@attrs.frozen
class ParamDecl:
    name: str
    type: TypeExpr
    optional: bool
    default: Expr | None
    about: str | None
    source: str | None
    confidence: str | None
    cites: tuple[ArticleRef, ...]
    span: Span = _span()


@attrs.frozen
class ChapterDecl:
    title: str
    span: Span = _span()


@attrs.frozen
class ArticleDecl:
    label: str
    number: int
    text: str | None
    status: str  # "checkable" | "not_checkable" | "missing"
    reason: str | None
    chapter: str | None
    span: Span = _span()


@attrs.frozen
class Placeholder:
    """``{f.announcement.start}`` inside a message."""

    expr: Expr
    span: Span = _span()


@attrs.frozen
class Template:
    parts: tuple[str | Placeholder, ...]
    span: Span = _span()
    # ``message "…" if COND``: the message for the findings where COND is true
    condition: Expr | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class Let:
    name: str
    expr: Expr
    span: Span = _span()


@attrs.frozen
class Remedy:
    """``remedy en "…"``: what the township should do about a finding (plain text)."""

    lang: str
    text: str
    span: Span = _span()


@attrs.frozen
class Reading:
    """How a rule reads its clause, in one language, and the reading it rejects (and why).

    A legal officer checking a finding needs the interpretation the rule rests on, not
    only the clause: where the text admits two readings, the one not taken is stated
    beside the one taken.
    """

    lang: str  # "zh" | "en"
    text: str
    rejected: str | None
    span: Span = _span()


@attrs.frozen
class RuleDecl:
    name: str
    title: str | None
    cites: tuple[ArticleRef, ...]
    severity: str
    var: str
    kind: str
    where: Expr | None
    dated: Expr | None
    lets: tuple[Let, ...]
    when: Expr
    messages: tuple[tuple[str, Template], ...]  # (lang, template)
    evidence: tuple[Let, ...]
    span: Span = _span()
    kind_span: Span = _span()
    remedies: tuple[Remedy, ...] = ()
    # the word of the clause that decides the severity (须, 应, 原则上), as written
    severity_basis: str | None = None
    readings: tuple[Reading, ...] = ()


Decl = Union[  # noqa: UP007
    PolicyDecl, EnumDecl, RecordDecl, FactsDecl, ParamDecl, ChapterDecl, ArticleDecl, RuleDecl
]


@attrs.frozen
class Module:
    decls: tuple[Decl, ...]
    span: Span = _span()
