"""Aggregates compiled: ``count``, ``any``, ``all``, ``sum``, ``latest`` … over items.

Takes an :class:`~policyengine.syntax.ast.Aggregate` of a checked policy, and a
:class:`Columns` that compiles its filter and value (the expression compiler, which
this module never imports: it hands itself in); gives its column function. An
aggregate over a fact kind whose filter has a conjunct ``item.key == outer`` is
computed from a table built once per evaluation: for every key at once (a group-by)
when the rest of the filter and the value read only the item, else from a hash index
of the items by key, row by row. Any other aggregate is computed row by row over its
items. It never reads facts at compile time and never decides how an item's own
expressions are computed: that is the :class:`Columns`' work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import repeat
from typing import Any, Protocol

from policyengine.checker import CheckedPolicy
from policyengine.compiler.analysis import Analysis, conjuncts
from policyengine.frames import CFn, Col, Context, Frame, Gap, fact_key
from policyengine.operators import EMPTY, group_reduce, is_decided, kleene_and
from policyengine.schema import FactType
from policyengine.syntax import ast


class Columns(Protocol):
    """What compiles the expressions inside an aggregate."""

    def col(self, e: ast.Expr) -> CFn:
        """``e`` as a column function (a value per row)."""
        ...


class AggregateCompiler:
    def __init__(self, checked: CheckedPolicy, analysis: Analysis, columns: Columns) -> None:
        self.checked = checked
        self.analysis = analysis
        self.columns = columns

    def compile(self, e: ast.Aggregate) -> CFn:
        var, op = e.var, e.op
        res = self.checked.resolutions.get(id(e.source))
        kind = res.value if res is not None and res.what == "kind" else None
        where = e.where
        if kind is not None and where is not None and op != "all":
            split = self._split_key(where, var)
            if split is not None:
                key_side, probe_side, others = split
                inner = [*others, *([e.value] if e.value is not None else [])]
                if all(self.analysis.free(x) <= {var} for x in inner):
                    return self._grouped(e, kind, key_side, probe_side, others)
                return self._per_row(e, self._index_items(kind, var, key_side, probe_side), others)
        if kind is not None:

            def everything(frame: Frame, ctx: Context) -> Iterable[Col]:
                return repeat(ctx.facts.by_kind.get(kind, ()), frame.n)

            return self._per_row(e, everything, [where] if where else [])
        source = self.columns.col(e.source)
        return self._per_row(
            e, lambda frame, ctx: [v or () for v in source(frame, ctx)], [where] if where else []
        )

    def _inner(
        self, e: ast.Aggregate, filters: list[ast.Expr]
    ) -> Callable[[Frame, Context], tuple[Col, Col | None]]:
        """Per item of an inner frame: whether it passes the filters, and its value."""
        tests = self._conjunction(filters)
        value = self.columns.col(e.value) if e.value is not None else None

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
        var, col = e.var, self.columns.col
        key_col, inner, probe = col(key_side), self._inner(e, others), col(probe_side)
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
        key_col, probe = self.columns.col(key_side), self.columns.col(probe_side)
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
        parts = conjuncts(where)
        free = self.analysis.free
        for i, c in enumerate(parts):
            if isinstance(c, ast.Binary) and c.op == "==":
                lf, rf = free(c.left), free(c.right)
                if lf == {var} and var not in rf:
                    return c.left, c.right, parts[:i] + parts[i + 1 :]
                if rf == {var} and var not in lf:
                    return c.right, c.left, parts[:i] + parts[i + 1 :]
        return None

    def _conjunction(self, exprs: list[ast.Expr]) -> CFn | None:
        if not exprs:
            return None
        fns = [self.columns.col(x) for x in exprs]

        def conjunction(frame: Frame, ctx: Context) -> Col:
            out = fns[0](frame, ctx)
            for fn in fns[1:]:
                out = kleene_and(out, fn(frame, ctx))
            return out

        return conjunction
