"""The policy's abstract syntax tree.

Takes nothing: the parser builds it; gives the node types the checker and the
compiler match on, and the operators as ``Literal`` types. Nodes are frozen attrs
classes. Every node has a ``span`` that is excluded from equality and hashing (Cedar's
``Node<T>`` idiom): two policies that differ only in layout have equal trees, which is
what parse ∘ format = identity tests rely on. Lark types never appear here.
"""

from __future__ import annotations

import datetime
import typing
from collections.abc import Mapping
from types import MappingProxyType
from typing import TypeVar, Union, get_args

import attrs

from policyengine.source import Span


def _span() -> Span:
    return attrs.field(eq=False, repr=False)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- operators

# Operator names as types: a ``match`` over one of them that misses a case is a mypy
# error (``assert_never``), so an operator added to the grammar cannot be forgotten by
# the checker or the compiler.
CompareOp = typing.Literal["==", "!=", "<", "<=", ">", ">="]
ArithOp = typing.Literal["+", "-"]
LogicOp = typing.Literal["and", "or", "otherwise"]
MemberOp = typing.Literal["in", "not in"]
BinaryOp = CompareOp | ArithOp | LogicOp | MemberOp
UnaryOp = typing.Literal["not", "-"]
CountOp = typing.Literal["count", "any", "all"]  # of items: no value
ValueOp = typing.Literal["min", "max", "latest", "earliest", "sum", "union"]  # of a value per item
AggregateOp = CountOp | ValueOp
TestWhat = typing.Literal["null", "empty"]

COMPARE_OPS: tuple[CompareOp, ...] = get_args(CompareOp)
ARITH_OPS: tuple[ArithOp, ...] = get_args(ArithOp)
AGGREGATE_OPS: tuple[AggregateOp, ...] = (*get_args(CountOp), *get_args(ValueOp))


_Op = TypeVar("_Op", bound=str)


def _one_of(ops: tuple[_Op, ...], text: str) -> _Op:
    for op in ops:
        if op == text:
            return op
    raise ValueError(f"not one of {ops}: {text!r}")


def compare_op(text: str) -> CompareOp:
    """The comparison operator ``text`` is (the grammar allows no other)."""
    return _one_of(COMPARE_OPS, text)


def arith_op(text: str) -> ArithOp:
    """The arithmetic operator ``text`` is (the grammar allows no other)."""
    return _one_of(ARITH_OPS, text)


def aggregate_op(text: str) -> AggregateOp:
    """The aggregate ``text`` names (the grammar allows no other)."""
    return _one_of(AGGREGATE_OPS, text)


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

    op: AggregateOp
    var: str
    source: Expr
    where: Expr | None
    value: Expr | None
    span: Span = _span()


@attrs.frozen
class Unary:
    op: UnaryOp
    operand: Expr
    span: Span = _span()


@attrs.frozen
class Binary:
    """Logic (``and``, ``or``), comparison, membership, arithmetic and ``otherwise``.

    ``word`` is the threshold word a comparison was written with (``超过``,
    ``at_least``; see :data:`THRESHOLD_WORDS`), which ``op`` then means; None for a
    symbol (``>``) and for every other operator."""

    op: BinaryOp
    left: Expr
    right: Expr
    span: Span = _span()
    word: str | None = None


@attrs.frozen
class ThresholdWord:
    """A word that writes a threshold: the comparison it means, whether it counts the
    number (or the day) itself, and what it compares (``number``: counts and periods
    with a unit; ``date``: dates)."""

    op: CompareOp
    includes: bool
    compares: str  # "number" | "date"


_AT_LEAST = ThresholdWord(">=", True, "number")
_FEWER = ThresholdWord("<", False, "number")
_MORE = ThresholdWord(">", False, "number")
_AT_MOST = ThresholdWord("<=", True, "number")
_LATER = ThresholdWord(">", False, "date")
_NO_LATER = ThresholdWord("<=", True, "date")
_EARLIER = ThresholdWord("<", False, "date")
_NO_EARLIER = ThresholdWord(">=", True, "date")

# The words a threshold is written with (民法典 第一千二百五十九条: 以上、以下、以内、届满
# count the number itself, 不满、超过、以外 do not), Chinese and English. Chinese puts
# 以上, 以下, 以内, 届满 and 以外 after the number ("15个工作日以上"), so a policy writes
# their meaning before it: 以上 and 届满 are 不少于, 以下 and 以内 不超过, 以外 超过.
# INVARIANT: grammar/policy.lark lists exactly these words as `threshold_word`
# (tests/test_thresholds.py checks it).
THRESHOLD_WORDS: Mapping[str, ThresholdWord] = MappingProxyType(
    {
        "不少于": _AT_LEAST, "at_least": _AT_LEAST,
        "少于": _FEWER, "不满": _FEWER, "fewer_than": _FEWER,
        "超过": _MORE, "more_than": _MORE,
        "不超过": _AT_MOST, "at_most": _AT_MOST,
        "晚于": _LATER, "later_than": _LATER,
        "不晚于": _NO_LATER, "no_later_than": _NO_LATER,
        "早于": _EARLIER, "earlier_than": _EARLIER,
        "不早于": _NO_EARLIER, "no_earlier_than": _NO_EARLIER,
    }
)  # fmt: skip


@attrs.frozen
class Test:
    """``x is null``, ``x is not null``, ``x is empty``, ``x is not empty``."""

    what: TestWhat
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
    labels_en: tuple[tuple[str, str], ...] = ()  # ``enum``: member -> English label
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
    """The members of an enum as written, with their Chinese and English labels where
    given."""

    names: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]
    labels_en: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class EnumDecl:
    name: str
    members: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]
    span: Span = _span()
    labels_en: tuple[tuple[str, str], ...] = ()


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
class Each:
    """``for a in account, m in SOURCE``: the rule judges each item ``m`` of ``SOURCE``
    (a list or set, worked out for each fact ``a``) together with its fact."""

    var: str
    source: Expr
    span: Span = _span()


@attrs.frozen
class Remedy:
    """``remedy en "…"``: what the township should do about a finding (plain text)."""

    lang: str
    text: str
    span: Span = _span()
    # ``remedy "…" if COND``: the remedy for the findings where COND is true (an act
    # still pending can be undone; one long completed can only be explained)
    condition: Expr | None = attrs.field(default=None, kw_only=True)


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
    # ``for a in account, m in …``: the second variable and its source, if any
    each: Each | None = None


@attrs.frozen
class DefineDecl:
    """``define in_use(a: account) "在用" = EXPR``: a named expression about one fact of
    ``kind``, which the checker puts in place of each ``in_use(x)`` in a rule."""

    name: str
    param: str
    kind: str
    about: str | None
    body: Expr
    span: Span = _span()
    kind_span: Span = _span()


Decl = Union[  # noqa: UP007
    PolicyDecl,
    EnumDecl,
    RecordDecl,
    FactsDecl,
    ParamDecl,
    ChapterDecl,
    ArticleDecl,
    DefineDecl,
    RuleDecl,
]


@attrs.frozen
class Module:
    decls: tuple[Decl, ...]
    span: Span = _span()
