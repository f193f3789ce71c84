"""Expressions compiled: a checked expression → a column function over frames.

Takes an expression of a checked rule (every name resolved, every expression typed:
:mod:`policyengine.compiler.analysis` answers what the compiler must know about it);
gives a :data:`~policyengine.frames.CFn` computing its value for every row of a frame
at once, or an :data:`~policyengine.frames.SFn` for one that reads no rule variable.
Names, attributes, calls of built-ins, operators and ``if`` are compiled here;
aggregates by :class:`~policyengine.compiler.aggregates.AggregateCompiler`, to which
this compiler hands itself for the expressions inside them. It never reads facts:
the functions it builds do, at evaluation time.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, assert_never

from policyengine.builtins import BUILTINS, Call
from policyengine.calendar import UnknownYearError
from policyengine.calendar.periods import Bounds
from policyengine.checker import CheckedPolicy
from policyengine.checker_types import MembersType
from policyengine.columns import MISSING, scalar_value
from policyengine.compiler.aggregates import AggregateCompiler
from policyengine.compiler.analysis import Analysis, Bounded, walk
from policyengine.frames import (
    CFn,
    Col,
    Context,
    Frame,
    SFn,
    as_set,
    fact_key,
    has_bounds,
    true_positions,
    year_of,
)
from policyengine.operators import AGAINST, COMBINE, PAIRWISE, lift
from policyengine.patterns import PATTERNS
from policyengine.schema import FactType, RefType
from policyengine.syntax import ast


class ExprCompiler:
    """The expressions of one rule: ``bounded`` says which of its calendar calls may
    give :class:`Bounds` (see :meth:`Analysis.bounded`)."""

    def __init__(self, checked: CheckedPolicy, analysis: Analysis, bounded: Bounded) -> None:
        self.checked = checked
        self.schema = checked.schema
        self.analysis = analysis
        self.bounded = bounded
        self.aggregates = AggregateCompiler(checked, analysis, self)

    def scalar(self, e: ast.Expr) -> SFn:
        """``e`` reads no rule variable: one value for every row, computed per use (or
        once per evaluation for an aggregate)."""
        constant = self.analysis.constant(e)
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
        if self.analysis.free(e):
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
                return self.aggregates.compile(e)
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
            return field_column(*path)

        def nested(frame: Frame, ctx: Context) -> Col:
            return [None if v is None else v.get(name) for v in obj(frame, ctx)]

        return lambda frame, ctx: frame.path(path, nested, ctx)

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
        call = Call(units, id(e) in self.bounded.calls)
        return BUILTINS[e.func].build([self.col(x) for x in e.args], call)

    # -- operators

    def _binary(self, e: ast.Binary) -> CFn:
        op = e.op
        match op:
            case "and" | "or" | "otherwise":
                return self._logic(e, op)
            case "==" | "!=":
                negate = op == "!="
                if self.analysis.fact_like(e.left) or self.analysis.fact_like(e.right):
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
        constant = self.analysis.constant(e.right)
        left = self.col(e.left)
        if constant is not None and constant[0] is not None:
            members = as_set(constant[0])
            keyed = self.analysis.fact_like(e.left)
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
        if self.analysis.free(right_e):
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
        return self.analysis.may_fail(e) or any(self._bounds_in(n) for n in walk(e))

    def _bounds_in(self, e: ast.Expr) -> bool:
        """Whether ``e`` may give a :class:`Bounds` (see :meth:`Analysis.bounded`)."""
        if isinstance(e, ast.Name):
            return e.name in self.bounded.lets and self.analysis.is_let(e)
        return id(e) in self.bounded.calls

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
        """``if c then x else y``: both branches over the whole frame when that is cheap;
        each only on the rows that take it when a branch may fail (a year the calendar
        lacks must not fail a row that never took it) or holds an aggregate (looking at
        every item for rows that do not need it would charge them to the step budget)."""
        cond, then, else_ = self.col(e.cond), self.col(e.then), self.col(e.else_)
        analysis = self.analysis
        if not any(analysis.may_fail(x) or analysis.aggregates(x) for x in (e.then, e.else_)):
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


def field_column(var: str, name: str) -> CFn:
    """``f.kind`` on a bound fact (never null): the hottest node, read once per list
    of facts."""

    def field(frame: Frame, ctx: Context) -> Col:
        return [v.get(name) for v in frame.cols[var]]

    key = (var, name)
    return lambda frame, ctx: frame.path(key, field, ctx)


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
