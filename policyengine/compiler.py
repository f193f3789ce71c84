"""Checked AST → column functions, compiled once per policy (no ``exec``, no ``eval``).

Takes a :class:`~policyengine.checker.CheckedPolicy` (every name resolved, every
expression typed) and gives a :class:`~policyengine.runtime.CompiledRule` per rule. It
never reads facts: what the functions it builds do at evaluation time lives in
:mod:`policyengine.runtime`.

Evaluation is columnar, as in a vectorised query engine: a rule is not run fact by
fact through a tree of closures; each expression is compiled to a function that takes
a :class:`~policyengine.runtime.Frame` (all the facts the rule is looking at, a column
per variable and ``let``) and returns one value per fact, with the per-fact work done
in a list comprehension or a C-level ``map``. A closure call per node per *rule* costs
nothing; a closure call per node per *fact* would cost a multiple of a hand-written loop.

Expressions that read no rule variable (``as_of``, parameters, ``count(x in unit)``)
are computed once and broadcast. Aggregates over a fact kind whose filter has a
conjunct ``item.key == outer`` and otherwise reads only the item are computed once per
evaluation for every key at once (a group-by), so ``latest(p.date for p in post where
p.account == a)`` over every account is one pass over the posts; rules that ask the
same question share the answer.

``and``/``or``/``if``/``otherwise`` evaluate their later operands only on the facts
that need them when those operands count working days, so a fact fails only if
deciding it needed a year the calendar lacks.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Iterable
from itertools import repeat
from typing import Any, assert_never

from policyengine.builtins import BUILTINS, Call
from policyengine.calendar import UnknownYearError
from policyengine.calendar.periods import Bounds
from policyengine.checker import CheckedPolicy
from policyengine.checker_exprs import MembersType, Resolution
from policyengine.diagnostics import Text
from policyengine.findings import Reading
from policyengine.patterns import PATTERNS
from policyengine.runtime import (
    AGAINST,
    COMBINE,
    EMPTY,
    MISSING,
    PAIRWISE,
    CFn,
    Col,
    CompiledRule,
    Context,
    Frame,
    Gap,
    SFn,
    as_set,
    fact_key,
    group_reduce,
    has_bounds,
    is_decided,
    kleene_and,
    lift,
    scalar_value,
    true_positions,
    year_of,
)
from policyengine.schema import EnumType, FactType, ListType, RefType, SetType
from policyengine.syntax import ast

# --------------------------------------------------------------------------- the compiler


class Compiler:
    def __init__(self, checked: CheckedPolicy) -> None:
        self.checked = checked
        self.schema = checked.schema
        self._free_memo: dict[int, frozenset[str]] = {}
        self._fails_memo: dict[int, bool] = {}
        # Of the rule being compiled (``_may_bound``).
        self._bounded: frozenset[int] = frozenset()
        self._bounded_lets: frozenset[str] = frozenset()

    def rule(self, r: ast.RuleDecl) -> CompiledRule:
        self._bounded, self._bounded_lets = self._may_bound(r)
        found = self.schema.kind(r.kind)
        assert found is not None  # INVARIANT: the checker resolved every rule's kind
        collection, _ = found
        dated: tuple[Hashable, CFn] | None
        if r.dated is not None:
            dated = ((r.var, r.dated), self.col(r.dated))
        elif collection.dated_by is not None:
            dated = (collection.dated_by, self._field(r.var, collection.dated_by))
        else:
            dated = None
        messages: dict[str, list[tuple[CFn | None, tuple[str | CFn, ...]]]] = {}
        for lang, t in r.messages:
            condition = self.col(t.condition) if t.condition is not None else None
            messages.setdefault(lang, []).append((condition, self._template(t, lang)))
        texts = [self.checked.articles[c.number].text or "" for c in r.cites]
        return CompiledRule(
            decl=r, kind=r.kind, subject_kind=collection.subject, dated=dated,
            where=self.col(r.where) if r.where is not None else None,
            where_key=(r.var, r.where),
            lets=tuple((let.name, self.col(let.expr)) for let in r.lets),
            when=self.col(r.when), messages={k: tuple(v) for k, v in messages.items()},
            evidence=tuple((e.name, self.col(e.expr)) for e in r.evidence),
            article_text="\n".join(t for t in texts if t),
            counts_workdays=any(self._may_fail(x) for x in (r.when, *(x.expr for x in r.lets))),
            remedy=_remedy(r),
            reading=_reading(r),
        )  # fmt: skip

    def _may_bound(self, r: ast.RuleDecl) -> tuple[frozenset[int], frozenset[str]]:
        """The calendar calls of ``r`` that may give :class:`Bounds` where a year is
        missing, and the lets that may hold them.

        A :class:`Bounds` is only ever compared (a comparison decides it when every
        possible value gives the same answer), shown in a message or recorded as
        evidence; a calendar call read in any other way needs the exact value, and
        a missing year makes its fact indeterminate as before.
        """
        roots: list[tuple[ast.Expr, bool]] = [(let.expr, False) for let in r.lets]
        roots.append((r.when, False))
        roots.extend((e.expr, True) for e in r.evidence)
        roots.extend(
            (p.expr, True) for _, t in r.messages for p in t.parts if isinstance(p, ast.Placeholder)
        )
        fits: set[int] = set()  # nodes read where a Bounds can stand
        for root, shown in roots:
            if shown:
                fits.add(id(root))
            for node in _walk(root):
                if isinstance(node, ast.Binary) and node.op in AGAINST:
                    fits.update((id(node.left), id(node.right)))
        calendar_lets = {let.name: let.expr for let in r.lets if _is_calendar_call(let.expr)}
        lets = set(calendar_lets)
        for root, _ in roots:
            for node in _walk(root):
                if (
                    isinstance(node, ast.Name)
                    and node.name in lets
                    and self.checked.resolutions.get(id(node)) == Resolution("let", node.name)
                    and id(node) not in fits
                ):
                    lets.discard(node.name)
        calls = {id(calendar_lets[name]) for name in lets}
        for root, _ in roots:
            calls.update(
                id(node) for node in _walk(root) if _is_calendar_call(node) and id(node) in fits
            )
        return frozenset(calls), frozenset(lets)

    def _template(self, t: ast.Template, lang: str) -> tuple[str | CFn, ...]:
        return tuple(p if isinstance(p, str) else self._placeholder(p, lang) for p in t.parts)

    def _placeholder(self, p: ast.Placeholder, lang: str) -> CFn:
        """A placeholder's value; enum members by their labels in the message's language
        (关停 / shutdown, not the member ``shutdown``)."""
        fn = self.col(p.expr)
        t = self.checked.types.get(id(p.expr))
        if isinstance(t, (ListType, SetType)):
            t = t.element
        if not isinstance(t, EnumType):
            return fn
        labels = dict(t.labels if lang == "zh" else t.labels_en)
        if not labels:
            return fn
        order = {m: i for i, m in enumerate(t.members)}  # a set is shown in the enum's order

        def label(v: Any) -> Any:
            if isinstance(v, str):
                return labels.get(v, v)
            if isinstance(v, (list, tuple, set, frozenset)):
                ordered = (
                    sorted(v, key=lambda x: order.get(x, -1)) if isinstance(v, frozenset) else v
                )
                return [labels.get(x, x) for x in ordered]
            return v

        return lambda frame, ctx: [label(v) for v in fn(frame, ctx)]

    # -- analysis

    def _free(self, e: ast.Expr) -> frozenset[str]:
        """Variables and lets an expression reads (aggregate-bound ones excluded)."""
        memo = self._free_memo.get(id(e))
        if memo is not None:
            return memo
        out: set[str] = set()
        stack: list[tuple[ast.Expr, frozenset[str]]] = [(e, frozenset())]
        while stack:
            node, bound = stack.pop()
            if isinstance(node, ast.Name):
                res = self.checked.resolutions.get(id(node))
                if res is not None and res.what in ("var", "let") and node.name not in bound:
                    out.add(node.name)
            elif isinstance(node, ast.Aggregate):
                inner = bound | {node.var}
                stack.append((node.source, bound))
                for child in (node.where, node.value):
                    if child is not None:
                        stack.append((child, inner))
            else:
                for child in _children(node):
                    stack.append((child, bound))
        self._free_memo[id(e)] = result = frozenset(out)
        return result

    def _may_fail(self, e: ast.Expr) -> bool:
        """Whether evaluating ``e`` can need a year the calendar lacks."""
        memo = self._fails_memo.get(id(e))
        if memo is None:
            memo = self._fails_memo[id(e)] = any(_is_calendar_call(n) for n in _walk(e))
        return memo

    def _is_member(self, e: ast.Expr) -> bool:
        res = self.checked.resolutions.get(id(e))
        return res is not None and res.what == "member"

    def _constant(self, e: ast.Expr) -> tuple[Any] | None:
        """The value of a literal, an enum member or a set of them, if ``e`` is one."""
        if isinstance(e, ast.Literal):
            return (e.value,)
        if isinstance(e, ast.Name) and self._is_member(e):
            return (e.name,)
        if isinstance(e, ast.SetLit) and all(
            isinstance(i, ast.Literal) or self._is_member(i) for i in e.items
        ):
            values = (self._constant(i)[0] for i in e.items)  # type: ignore[index]
            return (frozenset(fact_key(v) for v in values if v is not None),)
        return None

    def _fact_like(self, e: ast.Expr) -> bool:
        return isinstance(self.checked.types.get(id(e)), (FactType, RefType))

    # -- row-independent expressions

    def scalar(self, e: ast.Expr) -> SFn:
        """``e`` reads no rule variable: one value for every row, computed per use (or
        once per evaluation for an aggregate)."""
        constant = self._constant(e)
        if constant is not None:
            value = constant[0]
            return lambda ctx: value
        if isinstance(e, ast.Name):
            res = self.checked.resolutions[id(e)]
            name = res.value
            if res.what == "param":
                return lambda ctx: ctx.params[name]
            assert res.what == "builtin" and name in ("as_of", "effective")
            if name == "effective":
                return lambda ctx: ctx.effective
            return lambda ctx: ctx.as_of
        fn = self._column(e)

        def compute(ctx: Context) -> Any:
            saved, ctx.failed = ctx.failed, {}
            try:
                value = fn(Frame({}, (0,)), ctx)[0]  # one row, no columns
                if ctx.failed:
                    raise UnknownYearError(year_of(ctx.failed[0]))
                return value
            finally:
                ctx.failed = saved

        if not isinstance(e, ast.Aggregate):
            return compute
        node = id(e)  # ``count(x in unit)``: once per evaluation

        def once(ctx: Context) -> Any:
            got = ctx.constants.get(node, MISSING)
            if got is MISSING:
                try:
                    got = compute(ctx)
                except UnknownYearError as exc:
                    got = exc
                ctx.constants[node] = got
            if isinstance(got, UnknownYearError):
                raise got
            return got

        return once

    # -- columns

    def col(self, e: ast.Expr) -> CFn:
        if self._free(e):
            return self._column(e)
        value = self.scalar(e)

        def broadcast(frame: Frame, ctx: Context) -> Col:
            return [scalar_value(value, frame, ctx)] * frame.n

        return broadcast

    def _column(self, e: ast.Expr) -> CFn:
        match e:
            case ast.Name():
                res = self.checked.resolutions[id(e)]
                # INVARIANT: ``col`` sends a Name reading no variable to ``scalar``.
                assert res.what in ("var", "let")
                name = res.value
                return lambda frame, ctx: frame.cols[name]
            case ast.Attr():
                return self._attr(e)
            case ast.Index():
                return self._lift(lambda m, k: m.get(k), e.obj, e.key)
            case ast.Call():
                return self._call(e)
            case ast.Aggregate():
                return self._aggregate(e)
            case ast.Unary():
                return self._lift(operator.not_ if e.op == "not" else operator.neg, e.operand)
            case ast.Binary():
                return self._binary(e)
            case ast.Test():
                return self._test(e)
            case ast.Matches():
                return self._lift(PATTERNS[e.pattern], e.operand)
            case ast.If():
                return self._if(e)
            case ast.SetLit():
                items = [self.col(i) for i in e.items]
                return lambda frame, ctx: [
                    frozenset(fact_key(v) for v in row if v is not None)
                    for row in zip(*(f(frame, ctx) for f in items), strict=True)
                ]
            case ast.Literal() | ast.MapLit():
                # INVARIANT: a literal reads no variable (``col`` sends it to ``scalar``),
                # and the checker refuses a map outside a parameter's default (E306).
                raise AssertionError(f"the checker lets no {type(e).__name__} reach the compiler")
            case _:
                assert_never(e)

    def _test(self, e: ast.Test) -> CFn:
        operand, negated = self.col(e.operand), e.negated
        if e.what == "null":
            if negated:
                return lambda frame, ctx: [v is not None for v in operand(frame, ctx)]
            return lambda frame, ctx: [v is None for v in operand(frame, ctx)]
        return self._lift(lambda v: (len(v) == 0) != negated, e.operand)

    def _lift(self, fn: Callable[..., Any], *args: ast.Expr) -> CFn:
        """``fn`` applied row by row; unknown when any argument is."""
        return lift(fn, [self.col(a) for a in args])

    def _attr(self, e: ast.Attr) -> CFn:
        obj, name = self.col(e.obj), e.name
        t = self.checked.types[id(e.obj)]
        if isinstance(t, RefType):
            found = self.schema.kind(t.kind)
            assert found is not None
            coll = found[0].name

            def through_ref(frame: Frame, ctx: Context) -> Col:
                targets = map(ctx.facts.index[coll].get, obj(frame, ctx))
                return [None if x is None else x.get(name) for x in targets]

            return through_ref

        path = self._path(e)
        if path is None:
            return lambda frame, ctx: [None if v is None else v.get(name) for v in obj(frame, ctx)]
        if len(path) == 2:
            return self._field(*path)

        def nested(frame: Frame, ctx: Context) -> Col:
            return [None if v is None else v.get(name) for v in obj(frame, ctx)]

        return lambda frame, ctx: frame.path(path, nested, ctx)

    @staticmethod
    def _field(var: str, name: str) -> CFn:
        """``f.kind`` on a bound fact (never null): the hottest node, read once per list
        of facts."""

        def field(frame: Frame, ctx: Context) -> Col:
            return [v.get(name) for v in frame.cols[var]]

        key = (var, name)
        return lambda frame, ctx: frame.path(key, field, ctx)

    def _path(self, e: ast.Expr) -> tuple[str, ...] | None:
        """``("p", "review", "on")`` for ``p.review.on`` when ``p`` is a bound fact and
        the steps are fields of records (not references)."""
        if isinstance(e, ast.Name):
            res = self.checked.resolutions.get(id(e))
            if (
                res is not None
                and res.what == "var"
                and isinstance(self.checked.types.get(id(e)), FactType)
            ):
                return (res.value,)
            return None
        if isinstance(e, ast.Attr) and not isinstance(self.checked.types.get(id(e.obj)), RefType):
            inner = self._path(e.obj)
            return None if inner is None else (*inner, e.name)
        return None

    def _call(self, e: ast.Call) -> CFn:
        # INVARIANT: the checker lets through only calls of functions in BUILTINS.
        units = tuple(getattr(self.checked.types.get(id(x)), "unit", None) for x in e.args)
        call = Call(units, id(e) in self._bounded)
        return BUILTINS[e.func].build([self.col(x) for x in e.args], call)

    # -- operators

    def _binary(self, e: ast.Binary) -> CFn:
        op = e.op
        match op:
            case "and" | "or" | "otherwise":
                return self._logic(e, op)
            case "==" | "!=":
                negate = op == "!="
                if self._fact_like(e.left) or self._fact_like(e.right):
                    return self._lift(
                        lambda x, y: (fact_key(x) == fact_key(y)) != negate, e.left, e.right
                    )
                return self._compare(op, e.left, e.right)
            case "<" | "<=" | ">" | ">=":
                return self._compare(op, e.left, e.right)
            case "in" | "not in":
                return self._membership(e, negate=op == "not in")
            case "+" | "-":
                t = self.checked.types[id(e)]
                if isinstance(t, MembersType) or not hasattr(t, "unit"):  # sets
                    combine = operator.or_ if op == "+" else operator.sub
                    return self._lift(lambda x, y: combine(as_set(x), as_set(y)), e.left, e.right)
                return self._lift(operator.add if op == "+" else operator.sub, e.left, e.right)
            case _:
                assert_never(op)

    def _membership(self, e: ast.Binary, *, negate: bool) -> CFn:
        constant = self._constant(e.right)
        left = self.col(e.left)
        if constant is not None and constant[0] is not None:
            members = as_set(constant[0])
            keyed = self._fact_like(e.left)
            if negate:
                return lambda frame, ctx: [
                    None if x is None else (fact_key(x) if keyed else x) not in members
                    for x in left(frame, ctx)
                ]
            return lambda frame, ctx: [
                None if x is None else (fact_key(x) if keyed else x) in members
                for x in left(frame, ctx)
            ]
        return self._lift(lambda x, y: (fact_key(x) in as_set(y)) != negate, e.left, e.right)

    def _compare(self, op: ast.CompareOp, left_e: ast.Expr, right_e: ast.Expr) -> CFn:
        """A comparison; against a value the same for every row, that value is read once."""
        if self._bounds_in(left_e) or self._bounds_in(right_e):
            return self._bounded_compare(op, left_e, right_e)
        left = self.col(left_e)
        if self._free(right_e):
            right = self.col(right_e)
            pairwise = PAIRWISE[op]
            return lambda frame, ctx: pairwise(left(frame, ctx), right(frame, ctx))
        value, against = self.scalar(right_e), AGAINST[op]

        def against_value(frame: Frame, ctx: Context) -> Col:
            y = scalar_value(value, frame, ctx)
            if y is None:
                return [None] * frame.n
            return against(left(frame, ctx), y)

        return against_value

    def _may_gap(self, e: ast.Expr) -> bool:
        """Whether evaluating ``e`` can leave a fact undecided for a missing year: it
        reads the calendar, or compares a let that may hold :class:`Bounds`."""
        return self._may_fail(e) or any(self._bounds_in(n) for n in _walk(e))

    def _bounds_in(self, e: ast.Expr) -> bool:
        """Whether ``e`` may give a :class:`Bounds` (``_may_bound``)."""
        if isinstance(e, ast.Name):
            return e.name in self._bounded_lets and self.checked.resolutions.get(
                id(e)
            ) == Resolution("let", e.name)
        return id(e) in self._bounded

    def _bounded_compare(self, op: ast.CompareOp, left_e: ast.Expr, right_e: ast.Expr) -> CFn:
        """A comparison of which a side may be :class:`Bounds`: decided when every
        value the bounds allow gives the same answer; otherwise the fact needs the
        missing year and is failed with the bounds, for its evidence."""
        left, right = self.col(left_e), self.col(right_e)
        plain = PAIRWISE[op]

        def compare(frame: Frame, ctx: Context) -> Col:
            xs, ys = left(frame, ctx), right(frame, ctx)
            if not has_bounds(xs, ys):
                return plain(xs, ys)
            out: list[Any] = []
            for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
                if x is None or y is None:
                    out.append(None)
                    continue
                if isinstance(x, Bounds):
                    got = x.decide(op, y)
                elif isinstance(y, Bounds):
                    got = y.decide_reversed(op, x)
                else:
                    got = plain((x,), (y,))[0]
                if got is None:
                    ctx.failed.setdefault(frame.rows[i], x if isinstance(x, Bounds) else y)
                out.append(got)
            return out

        return compare

    def _logic(self, e: ast.Binary, op: ast.LogicOp) -> CFn:
        """``and``/``or``/``otherwise``. The right operand is evaluated on every row when
        that cannot fail (cheaper than selecting rows), else only where it decides.

        A side that needs a year the calendar lacks does not make the whole undecided
        when the other side decides it: ``x and false`` is false whatever ``x`` would be,
        so a rule is never indeterminate where the known facts already settle it."""
        left, right = self.col(e.left), self.col(e.right)
        combine = COMBINE[op]
        if not (self._may_gap(e.left) or self._may_gap(e.right)):
            return lambda frame, ctx: combine(left(frame, ctx), right(frame, ctx))
        if op == "otherwise":
            return self._otherwise(left, right, combine)
        decided = op == "or"  # the value that settles ``and`` (False) or ``or`` (True)

        def kleene(frame: Frame, ctx: Context) -> Col:
            outer = ctx.failed
            ctx.failed = {}
            xs = left(frame, ctx)
            left_failed = ctx.failed
            rows = frame.rows
            # Rows the left side settled by a known value keep it: a neutral right side.
            need = [i for i, x in enumerate(xs) if x is not decided or rows[i] in left_failed]
            ctx.failed = {}
            ys = _on_rows(right, frame, ctx, need, decided)
            right_failed = ctx.failed
            ctx.failed = outer
            if left_failed or right_failed:
                for i, r in enumerate(rows):
                    gap = left_failed.get(r, right_failed.get(r))
                    if gap is None:
                        continue
                    known_left = xs[i] is decided and r not in left_failed
                    known_right = ys[i] is decided and r not in right_failed
                    if not (known_left or known_right):  # else that side settles it
                        outer.setdefault(r, gap)
            return combine(xs, ys)

        return kleene

    def _otherwise(self, left: CFn, right: CFn, combine: Callable[[Col, Col], Col]) -> CFn:
        """``x otherwise y``: ``y`` only where ``x`` is unknown."""

        def selective(frame: Frame, ctx: Context) -> Col:
            xs = left(frame, ctx)
            need = [i for i, x in enumerate(xs) if x is None]
            return combine(xs, _on_rows(right, frame, ctx, need, None))

        return selective

    def _if(self, e: ast.If) -> CFn:
        cond, then, else_ = self.col(e.cond), self.col(e.then), self.col(e.else_)
        if not (self._may_fail(e.then) or self._may_fail(e.else_)):
            return lambda frame, ctx: [
                t if c is True else f
                for c, t, f in zip(
                    cond(frame, ctx), then(frame, ctx), else_(frame, ctx), strict=True
                )
            ]

        def selective(frame: Frame, ctx: Context) -> Col:
            cs = cond(frame, ctx)
            out = _on_rows(then, frame, ctx, true_positions(cs), None)
            no = [i for i, c in enumerate(cs) if c is not True]
            return _on_rows(else_, frame, ctx, no, None, out)

        return selective

    # -- aggregates

    def _aggregate(self, e: ast.Aggregate) -> CFn:
        var, op = e.var, e.op
        res = self.checked.resolutions.get(id(e.source))
        kind = res.value if res is not None and res.what == "kind" else None
        where = e.where
        if kind is not None and where is not None and op != "all":
            split = self._split_key(where, var)
            if split is not None:
                key_side, probe_side, others = split
                inner = [*others, *([e.value] if e.value is not None else [])]
                if all(self._free(x) <= {var} for x in inner):
                    return self._grouped(e, kind, key_side, probe_side, others)
                return self._per_row(e, self._index_items(kind, var, key_side, probe_side), others)
        if kind is not None:

            def everything(frame: Frame, ctx: Context) -> Iterable[Col]:
                return repeat(ctx.facts.by_kind.get(kind, ()), frame.n)

            return self._per_row(e, everything, [where] if where else [])
        source = self.col(e.source)
        return self._per_row(
            e, lambda frame, ctx: [v or () for v in source(frame, ctx)], [where] if where else []
        )

    def _inner(
        self, e: ast.Aggregate, filters: list[ast.Expr]
    ) -> Callable[[Frame, Context], tuple[Col, Col | None]]:
        """Per item of an inner frame: whether it passes the filters, and its value."""
        tests = self._conjunction(filters)
        value = self.col(e.value) if e.value is not None else None

        def evaluate(frame: Frame, ctx: Context) -> tuple[Col, Col | None]:
            ts = tests(frame, ctx) if tests is not None else [True] * frame.n
            return ts, (value(frame, ctx) if value is not None else None)

        return evaluate

    def _grouped(
        self,
        e: ast.Aggregate,
        kind: str,
        key_side: ast.Expr,
        probe_side: ast.Expr,
        others: list[ast.Expr],
    ) -> CFn:
        """The aggregate for every key at once, in one pass over the kind (a group-by):
        the filter and value read nothing but the item."""
        var = e.var
        key_col, inner, probe = self.col(key_side), self._inner(e, others), self.col(probe_side)
        key_is_fact = isinstance(self.checked.types.get(id(key_side)), FactType)
        probe_is_fact = isinstance(self.checked.types.get(id(probe_side)), FactType)
        empty = EMPTY.get(e.op)
        share = ("group", e)  # rules asking the same question share the table

        def table(ctx: Context) -> tuple[dict[Any, Any], dict[Any, Gap]]:
            got = ctx.constants.get(share)
            if got is not None:
                return got  # type: ignore[no-any-return]
            items = ctx.facts.by_kind.get(kind, ())
            ctx.charge(len(items))
            frame = ctx.frame_over(var, items)
            saved, ctx.failed = ctx.failed, {}
            try:
                keys = key_col(frame, ctx)
                if key_is_fact:
                    keys = [None if k is None else k["id"] for k in keys]
                tests, values = inner(frame, ctx)
                failed = ctx.failed
            finally:
                ctx.failed = saved
            out = group_reduce(e.op, keys, tests, values)
            broken: dict[Any, Gap] = {}
            for i, year in failed.items():
                k = keys[i]
                if k is not None and not is_decided(e.op, out.get(k, empty)):
                    broken.setdefault(k, year)
            ctx.constants[share] = got = (out, broken)
            return got

        def grouped(frame: Frame, ctx: Context) -> Col:
            values, broken = table(ctx)
            keys = probe(frame, ctx)
            if probe_is_fact:
                keys = [None if p is None else p["id"] for p in keys]
            if broken:
                for i, k in enumerate(keys):
                    if k in broken:
                        ctx.failed.setdefault(frame.rows[i], broken[k])
            return [empty if k is None else values.get(k, empty) for k in keys]

        return grouped

    def _index_items(
        self, kind: str, var: str, key_side: ast.Expr, probe_side: ast.Expr
    ) -> Callable[[Frame, Context], Iterable[Col]]:
        """Per row, the items whose key equals the row's probe, from a hash index
        built once per evaluation and shared by every aggregate keyed alike."""
        key_col, probe = self.col(key_side), self.col(probe_side)
        share = ("index", kind, var, key_side)

        def items(frame: Frame, ctx: Context) -> Iterable[Col]:
            index = ctx.constants.get(share)
            if index is None:
                records = ctx.facts.by_kind.get(kind, ())
                ctx.charge(len(records))
                keys = key_col(ctx.frame_over(var, records), ctx)
                index = {}
                for record, k in zip(records, keys, strict=True):
                    if k is not None:
                        index.setdefault(fact_key(k), []).append(record)
                ctx.constants[share] = index
            return [() if p is None else index.get(fact_key(p), ()) for p in probe(frame, ctx)]

        return items

    def _per_row(
        self,
        e: ast.Aggregate,
        items: Callable[[Frame, Context], Iterable[Col]],
        filters: list[ast.Expr],
    ) -> CFn:
        """The aggregate computed row by row, over a frame of each row's items with the
        row's own variables broadcast: for filters that read the outer row."""
        var = e.var
        inner, op = self._inner(e, filters), e.op
        empty = EMPTY.get(op)

        def per_row(frame: Frame, ctx: Context) -> Col:
            out: list[Any] = []
            for i, group in enumerate(items(frame, ctx)):
                m = len(group)
                if not m:
                    out.append(empty)
                    continue
                ctx.charge(m)
                cols: dict[str, Col] = {name: [col[i]] * m for name, col in frame.cols.items()}
                cols[var] = group
                saved, ctx.failed = ctx.failed, {}
                try:
                    tests, values = inner(Frame(cols, range(m)), ctx)
                    failed = ctx.failed
                finally:
                    ctx.failed = saved
                result = group_reduce(op, [0] * m, tests, values).get(0, empty)
                if failed and not is_decided(op, result):
                    ctx.failed.setdefault(frame.rows[i], next(iter(failed.values())))
                out.append(result)
            return out

        return per_row

    def _split_key(
        self, where: ast.Expr, var: str
    ) -> tuple[ast.Expr, ast.Expr, list[ast.Expr]] | None:
        """Find a conjunct ``item-side == outer-side`` to group the kind by."""
        conjuncts = _conjuncts(where)
        for i, c in enumerate(conjuncts):
            if isinstance(c, ast.Binary) and c.op == "==":
                lf, rf = self._free(c.left), self._free(c.right)
                if lf == {var} and var not in rf:
                    return c.left, c.right, conjuncts[:i] + conjuncts[i + 1 :]
                if rf == {var} and var not in lf:
                    return c.right, c.left, conjuncts[:i] + conjuncts[i + 1 :]
        return None

    def _conjunction(self, exprs: list[ast.Expr]) -> CFn | None:
        if not exprs:
            return None
        fns = [self.col(x) for x in exprs]

        def conjunction(frame: Frame, ctx: Context) -> Col:
            out = fns[0](frame, ctx)
            for fn in fns[1:]:
                out = kleene_and(out, fn(frame, ctx))
            return out

        return conjunction


def _on_rows(
    fn: CFn, frame: Frame, ctx: Context, rows: list[int], fill: Any, into: list[Any] | None = None
) -> list[Any]:
    """``fn`` evaluated on the frame's ``rows`` only (positions, in order), its values
    put at those positions of ``into`` (a new column of ``fill`` when none): an operand
    that may need a missing year is read only where it decides."""
    out = [fill] * frame.n if into is None else into
    if rows:
        sub = frame if len(rows) == frame.n else frame.take(rows)
        for i, v in zip(rows, fn(sub, ctx), strict=True):
            out[i] = v
    return out


def _reading(r: ast.RuleDecl) -> Reading | None:
    """A rule's reading in both languages (English falls back to the Chinese, as a
    message does); None when the rule states neither a reading nor a severity basis."""
    by_lang = {reading.lang: reading for reading in r.readings}
    zh = by_lang.get("zh") or by_lang.get("en")
    en = by_lang.get("en") or zh
    if zh is None or en is None:
        return None if r.severity_basis is None else Reading(None, None, r.severity_basis)
    rejected = None
    if zh.rejected is not None:
        rejected = Text(zh.rejected, en.rejected or zh.rejected)
    return Reading(Text(zh.text, en.text), rejected, r.severity_basis)


def _remedy(r: ast.RuleDecl) -> Text | None:
    """A rule's remedy in both languages (English falls back to the Chinese text)."""
    texts = {x.lang: x.text for x in r.remedies}
    if "zh" not in texts:
        return None  # INVARIANT: the checker refused an English remedy without a Chinese one
    return Text(texts["zh"], texts.get("en", texts["zh"]))


def _is_calendar_call(e: ast.Expr) -> bool:
    """A call that reads the working-day calendar, so may need a year it lacks."""
    return isinstance(e, ast.Call) and BUILTINS[e.func].counts_workdays


def _walk(e: ast.Expr) -> Iterable[ast.Expr]:
    stack = [e]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.Aggregate):
            stack.extend(x for x in (node.source, node.where, node.value) if x is not None)
        else:
            stack.extend(_children(node))


def _conjuncts(e: ast.Expr) -> list[ast.Expr]:
    out: list[ast.Expr] = []
    stack = [e]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Binary) and node.op == "and":
            stack.extend((node.right, node.left))
        else:
            out.append(node)
    return out


def _children(e: ast.Expr) -> list[ast.Expr]:
    """The expressions directly inside ``e`` (an aggregate's are bound: see ``_walk``)."""
    match e:
        case ast.Attr():
            return [e.obj]
        case ast.Index():
            return [e.obj, e.key]
        case ast.Call():
            return list(e.args)
        case ast.Unary() | ast.Test() | ast.Matches():
            return [e.operand]
        case ast.Binary():
            return [e.left, e.right]
        case ast.If():
            return [e.cond, e.then, e.else_]
        case ast.SetLit():
            return list(e.items)
        case ast.MapLit():
            return [x for pair in e.items for x in pair]
        case ast.Literal() | ast.Name() | ast.Aggregate():
            return []
        case _:
            assert_never(e)
