"""Checked AST → Python closures, compiled once per policy (no ``exec``, no ``eval``).

Values at run time: facts and nested records are dicts, references are id strings,
dates are ``datetime.date``, enum members are strings, sets are frozensets, and
``None`` is *unknown*. Logic is Kleene's three-valued logic: a comparison with an
unknown value is unknown, and a rule fires only when its condition is *true*.

Aggregates over a fact kind whose filter has a conjunct ``item.key == outer`` are
answered from a hash index built once per evaluation (grouped by ``item.key``), so
``latest(p.date for p in post where p.account == a)`` over every account is linear,
not quadratic.
"""

from __future__ import annotations

import datetime
import operator
import urllib.parse
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any

import attrs

from policyengine.calendar import UnknownYearError, WorkdayCalendar
from policyengine.checker import CheckedPolicy, MembersType
from policyengine.diagnostics import Text
from policyengine.findings import Explanation, Finding, Period, json_value
from policyengine.patterns import PATTERNS
from policyengine.schema import EnumType, FactType, ListType, RefType, SetType
from policyengine.syntax import ast

if TYPE_CHECKING:
    from policyengine.facts import FactSet

Env = dict[str, Any]


@attrs.define(eq=False)
class Context:
    """What one evaluation runs against."""

    facts: FactSet
    params: dict[str, Any]
    calendar: WorkdayCalendar
    as_of: datetime.date
    indexes: dict[Hashable, dict[Any, list[Any]]] = attrs.Factory(dict)
    # Values of aggregates that read no rule variable, computed once.
    constants: dict[int, Any] = attrs.Factory(dict)
    # Set while explaining a finding: working-day periods computed, in order.
    trace: list[tuple[datetime.date, datetime.date]] | None = None


Fn = Callable[[Env, Context], Any]


def _key(value: Any) -> Any:
    """Facts compare by id, so ``p.account == a`` holds when p's reference names a."""
    return value["id"] if isinstance(value, dict) else value


def _as_set(value: Any) -> frozenset[Any]:
    return frozenset(_key(v) for v in value)


@attrs.frozen
class CompiledRule:
    decl: ast.RuleDecl
    kind: str
    subject_kind: str
    act_date: Fn | None
    where: Fn | None
    lets: tuple[tuple[str, Fn], ...]
    when: Fn
    messages: dict[str, tuple[str | Fn, ...]]
    evidence: tuple[tuple[str, Fn], ...]
    article_text: str
    counts_workdays: bool  # the rule calls workdays() or add_workdays()

    def run(self, ctx: Context, effective: datetime.date | None) -> Iterable[Finding]:
        var = self.decl.var
        act, where, lets, when = self.act_date, self.where, self.lets, self.when
        for record in ctx.facts.by_kind.get(self.kind, ()):
            env: Env = {var: record}
            try:
                if act is not None and effective is not None:
                    day = act(env, ctx)
                    if day is not None and day < effective:
                        continue
                if where is not None and where(env, ctx) is not True:
                    continue
                for name, fn in lets:
                    env[name] = fn(env, ctx)
                if when(env, ctx) is not True:
                    continue
            except UnknownYearError as exc:
                yield self._indeterminate(record, exc.year)
                continue
            yield self._finding(record, env, ctx)

    def _base(self, record: dict[str, Any]) -> dict[str, Any]:
        cites = self.decl.cites
        return {
            "rule": self.decl.name,
            "article": cites[0].label,
            "article_number": cites[0].number,
            "articles": tuple(c.label for c in cites),
            "subject": record["id"],
            "subject_kind": self.subject_kind,
        }

    def _indeterminate(self, record: dict[str, Any], year: int) -> Finding:
        return Finding(
            **self._base(record),
            severity="indeterminate",
            messages=Text(
                f"无法判定：日历不含 {year} 年的节假日安排，请用 `--calendar` 提供该年的安排",
                f"cannot decide: the calendar does not cover {year}; "
                f"supply that year's schedule with `--calendar FILE`",
            ),
            evidence={"unknown_year": year},
        )

    def _finding(self, record: dict[str, Any], env: Env, ctx: Context) -> Finding:
        texts = {
            lang: "".join(p if isinstance(p, str) else _format(p(env, ctx), lang) for p in parts)
            for lang, parts in self.messages.items()
        }
        if self.evidence:
            evidence = {name: json_value(fn(env, ctx)) for name, fn in self.evidence}
        else:
            evidence = {name: json_value(env[name]) for name, _ in self.lets}
        return Finding(
            **self._base(record),
            severity=self.decl.severity,
            messages=Text(texts["zh"], texts.get("en", texts["zh"])),
            evidence=evidence,
            explanation=self._explain(record, env, ctx),
        )

    def _explain(self, record: dict[str, Any], env: Env, ctx: Context) -> Explanation:
        """The values that decided the finding, and the working-day periods it counted.

        Tracing would slow every fact down, so a rule that counts working days is
        re-run on this one fact with tracing on; other rules reuse ``env``.
        """
        values = {name: json_value(env[name]) for name, _ in self.lets}
        if not self.counts_workdays:
            return Explanation(self.article_text, values, ())
        env = {self.decl.var: record}
        ctx.trace = []
        try:
            for name, fn in self.lets:
                env[name] = fn(env, ctx)
            self.when(env, ctx)
            periods = []
            for start, end in dict.fromkeys(ctx.trace):
                weekdays = sum(
                    1
                    for i in range((end - start).days + 1)
                    if (start + datetime.timedelta(i)).weekday() < 5
                )
                periods.append(
                    Period(
                        start, end, ctx.calendar.workdays_between(start, end), weekdays,
                        tuple(ctx.calendar.holidays_in(start, end)),
                        tuple(ctx.calendar.adjusted_workdays_in(start, end)),
                    )
                )  # fmt: skip
        finally:
            ctx.trace = None
        return Explanation(self.article_text, values, tuple(periods))


def _format(value: Any, lang: str) -> str:
    """A value inside a message: dates ISO, lists joined, unknown said so."""
    if value is None:
        return "未知" if lang == "zh" else "unknown"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict) and "id" in value:
        return str(value["id"])
    if isinstance(value, (list, tuple, set, frozenset)):
        items = json_value(value)
        return ("、" if lang == "zh" else ", ").join(str(v) for v in items)
    return str(value)


class Compiler:
    def __init__(self, checked: CheckedPolicy) -> None:
        self.checked = checked
        self.schema = checked.schema

    def rule(self, r: ast.RuleDecl) -> CompiledRule:
        found = self.schema.kind(r.kind)
        assert found is not None  # INVARIANT: the checker resolved every rule's kind
        collection, _ = found
        act: Fn | None
        if r.dated is not None:
            act = self.expr(r.dated)
        elif collection.dated_by is not None:
            field, var = collection.dated_by, r.var
            act = lambda env, ctx: env[var].get(field)  # noqa: E731
        else:
            act = None
        messages = {lang: self._template(t, lang) for lang, t in r.messages}
        texts = [self.checked.articles[c.number].text or "" for c in r.cites]
        return CompiledRule(
            decl=r, kind=r.kind, subject_kind=collection.subject, act_date=act,
            where=self.expr(r.where) if r.where is not None else None,
            lets=tuple((let.name, self.expr(let.expr)) for let in r.lets),
            when=self.expr(r.when), messages=messages,
            evidence=tuple((e.name, self.expr(e.expr)) for e in r.evidence),
            article_text="\n".join(t for t in texts if t),
            counts_workdays=_calls_workdays(r),
        )  # fmt: skip

    def _template(self, t: ast.Template, lang: str) -> tuple[str | Fn, ...]:
        return tuple(p if isinstance(p, str) else self._placeholder(p, lang) for p in t.parts)

    def _placeholder(self, p: ast.Placeholder, lang: str) -> Fn:
        """A placeholder's value; in Chinese, enum members by their labels (关停, not shutdown)."""
        fn = self.expr(p.expr)
        t = self.checked.types.get(id(p.expr))
        if isinstance(t, (ListType, SetType)):
            t = t.element
        if lang != "zh" or not isinstance(t, EnumType) or not t.labels:
            return fn
        labels = dict(t.labels)

        def labelled(env: Env, ctx: Context) -> Any:
            v = fn(env, ctx)
            if isinstance(v, str):
                return labels.get(v, v)
            if isinstance(v, (list, tuple, set, frozenset)):
                ordered = sorted(v) if isinstance(v, (set, frozenset)) else v
                return [labels.get(x, x) for x in ordered]
            return v

        return labelled

    # -- expressions

    def expr(self, e: ast.Expr) -> Fn:
        if isinstance(e, ast.Literal):
            value = e.value
            return lambda env, ctx: value
        if isinstance(e, ast.Name):
            return self._name(e)
        if isinstance(e, ast.Attr):
            return self._attr(e)
        if isinstance(e, ast.Index):
            obj, key = self.expr(e.obj), self.expr(e.key)

            def index(env: Env, ctx: Context) -> Any:
                m, k = obj(env, ctx), key(env, ctx)
                return None if m is None or k is None else m.get(k)

            return index
        if isinstance(e, ast.Call):
            return self._call(e)
        if isinstance(e, ast.Aggregate):
            return self._aggregate(e)
        if isinstance(e, ast.Unary):
            operand = self.expr(e.operand)
            if e.op == "not":

                def not_(env: Env, ctx: Context) -> Any:
                    v = operand(env, ctx)
                    return None if v is None else not v

                return not_

            def neg(env: Env, ctx: Context) -> Any:
                v = operand(env, ctx)
                return None if v is None else -v

            return neg
        if isinstance(e, ast.Binary):
            return self._binary(e)
        if isinstance(e, ast.Test):
            operand = self.expr(e.operand)
            negated = e.negated
            if e.what == "null":
                return lambda env, ctx: (operand(env, ctx) is None) != negated

            def empty(env: Env, ctx: Context) -> Any:
                v = operand(env, ctx)
                return None if v is None else (len(v) == 0) != negated

            return empty
        if isinstance(e, ast.Matches):
            operand, test = self.expr(e.operand), PATTERNS[e.pattern]

            def matches(env: Env, ctx: Context) -> Any:
                v = operand(env, ctx)
                return None if v is None else test(v)

            return matches
        if isinstance(e, ast.If):
            cond, then, else_ = self.expr(e.cond), self.expr(e.then), self.expr(e.else_)
            return lambda env, ctx: then(env, ctx) if cond(env, ctx) is True else else_(env, ctx)
        if isinstance(e, ast.SetLit):
            items = [self.expr(i) for i in e.items]
            if all(isinstance(i, ast.Literal) or self._is_member(i) for i in e.items):
                constant = frozenset(f({}, None) for f in items)  # type: ignore[arg-type]
                return lambda env, ctx: constant
            return lambda env, ctx: frozenset(
                _key(v) for v in (f(env, ctx) for f in items) if v is not None
            )
        raise AssertionError(f"the checker lets no {type(e).__name__} reach the compiler")

    def _is_member(self, e: ast.Expr) -> bool:
        res = self.checked.resolutions.get(id(e))
        return res is not None and res.what == "member"

    def _name(self, e: ast.Name) -> Fn:
        res = self.checked.resolutions[id(e)]
        name = res.value
        if res.what in ("var", "let"):
            return lambda env, ctx: env[name]
        if res.what == "param":
            return lambda env, ctx: ctx.params[name]
        if res.what == "builtin":
            assert name == "as_of"
            return lambda env, ctx: ctx.as_of
        assert res.what == "member"
        return lambda env, ctx: name

    def _attr(self, e: ast.Attr) -> Fn:
        obj, name = self.expr(e.obj), e.name
        t = self.checked.types[id(e.obj)]
        if isinstance(t, RefType):
            found = self.schema.kind(t.kind)
            assert found is not None
            coll = found[0].name

            def through_ref(env: Env, ctx: Context) -> Any:
                ref = obj(env, ctx)
                if ref is None:
                    return None
                target = ctx.facts.index[coll].get(ref)
                return None if target is None else target.get(name)

            return through_ref

        res = self.checked.resolutions.get(id(e.obj)) if isinstance(e.obj, ast.Name) else None
        if res is not None and res.what == "var" and isinstance(t, FactType):
            # ``f.kind`` on a bound fact (never null): the hottest node, one call.
            var = res.value
            return lambda env, ctx: env[var].get(name)

        def attr(env: Env, ctx: Context) -> Any:
            v = obj(env, ctx)
            return None if v is None else v.get(name)

        return attr

    def _call(self, e: ast.Call) -> Fn:
        args = [self.expr(a) for a in e.args]
        func = e.func
        if func == "days":
            a, b = args
            return lambda env, ctx: _none_or(lambda x, y: (y - x).days, a(env, ctx), b(env, ctx))
        if func == "workdays":
            a, b = args

            def workdays(env: Env, ctx: Context) -> Any:
                x, y = a(env, ctx), b(env, ctx)
                if x is None or y is None:
                    return None
                if ctx.trace is not None:
                    ctx.trace.append((x, y))
                return ctx.calendar.workdays_between(x, y)

            return workdays
        if func == "add_days":
            a, b = args
            return lambda env, ctx: _none_or(
                lambda x, n: x + datetime.timedelta(days=n), a(env, ctx), b(env, ctx)
            )
        if func == "add_workdays":
            a, b = args

            def add_workdays(env: Env, ctx: Context) -> Any:
                x, n = a(env, ctx), b(env, ctx)
                if x is None or n is None:
                    return None
                day = ctx.calendar.add_workdays(x, n)
                if ctx.trace is not None and n > 0:
                    ctx.trace.append((x + datetime.timedelta(days=1), day))
                return day

            return add_workdays
        if func in ("later", "earlier"):
            a, b = args
            pick = max if func == "later" else min

            def later_or_earlier(env: Env, ctx: Context) -> Any:
                x, y = a(env, ctx), b(env, ctx)
                if x is None or y is None:
                    return y if x is None else x
                return pick(x, y)

            return later_or_earlier
        if func == "host":
            (a,) = args
            return lambda env, ctx: _host(a(env, ctx))
        if func == "starts_with":
            a, b = args
            return lambda env, ctx: _none_or(str.startswith, a(env, ctx), b(env, ctx))
        assert func == "size"  # INVARIANT: the checker knows only FUNCTIONS
        (a,) = args
        return lambda env, ctx: _none_or(len, a(env, ctx))

    def _binary(self, e: ast.Binary) -> Fn:
        op = e.op
        left, right = self.expr(e.left), self.expr(e.right)
        if op == "and":

            def and_(env: Env, ctx: Context) -> Any:
                a = left(env, ctx)
                if a is False:
                    return False
                b = right(env, ctx)
                if b is False:
                    return False
                return None if a is None or b is None else True

            return and_
        if op == "or":

            def or_(env: Env, ctx: Context) -> Any:
                a = left(env, ctx)
                if a is True:
                    return True
                b = right(env, ctx)
                if b is True:
                    return True
                return None if a is None or b is None else False

            return or_
        if op == "otherwise":

            def otherwise(env: Env, ctx: Context) -> Any:
                a = left(env, ctx)
                return right(env, ctx) if a is None else a

            return otherwise
        if op in ("==", "!="):
            negate = op == "!="
            if self._fact_like(e.left) or self._fact_like(e.right):

                def eq_fact(env: Env, ctx: Context) -> Any:
                    a, b = left(env, ctx), right(env, ctx)
                    if a is None or b is None:
                        return None
                    return (_key(a) == _key(b)) != negate

                return eq_fact

            constant = self._constant(e.right)
            if constant is not None:
                # ``f.kind == open``: compare with a value known when compiling.
                value = constant[0]

                def eq_constant(env: Env, ctx: Context) -> Any:
                    a = left(env, ctx)
                    return None if a is None else (a == value) != negate

                return eq_constant

            def eq(env: Env, ctx: Context) -> Any:
                a, b = left(env, ctx), right(env, ctx)
                if a is None or b is None:
                    return None
                return (a == b) != negate

            return eq
        if op in ("<", "<=", ">", ">="):
            compare: Callable[[Any, Any], bool] = _ORDER[op]

            def ordered(env: Env, ctx: Context) -> Any:
                a, b = left(env, ctx), right(env, ctx)
                if a is None or b is None:
                    return None
                return compare(a, b)

            return ordered
        if op in ("in", "not in"):
            negate = op == "not in"
            constant = self._constant(e.right)
            if constant is not None and constant[0] is not None:
                members = _as_set(constant[0])

                def member_of_constant(env: Env, ctx: Context) -> Any:
                    a = left(env, ctx)
                    return None if a is None else (_key(a) in members) != negate

                return member_of_constant

            def member(env: Env, ctx: Context) -> Any:
                a, b = left(env, ctx), right(env, ctx)
                if a is None or b is None:
                    return None
                return (_key(a) in _as_set(b)) != negate

            return member
        assert op in ("+", "-")
        t = self.checked.types[id(e)]
        if isinstance(t, MembersType) or not hasattr(t, "unit"):
            if op == "+":
                return lambda env, ctx: _none_or(
                    lambda a, b: _as_set(a) | _as_set(b), left(env, ctx), right(env, ctx)
                )
            return lambda env, ctx: _none_or(
                lambda a, b: _as_set(a) - _as_set(b), left(env, ctx), right(env, ctx)
            )
        if op == "+":
            return lambda env, ctx: _none_or(int.__add__, left(env, ctx), right(env, ctx))
        return lambda env, ctx: _none_or(int.__sub__, left(env, ctx), right(env, ctx))

    def _constant(self, e: ast.Expr) -> tuple[Any] | None:
        """The value of a literal, an enum member or a set of them, if ``e`` is one."""
        if isinstance(e, ast.Literal) and e.value is not None:
            return (e.value,)
        if isinstance(e, ast.Name) and self._is_member(e):
            return (e.name,)
        if isinstance(e, ast.SetLit) and all(
            isinstance(i, ast.Literal) or self._is_member(i) for i in e.items
        ):
            return (self.expr(e)({}, None),)  # type: ignore[arg-type]
        return None

    def _fact_like(self, e: ast.Expr) -> bool:
        return isinstance(self.checked.types.get(id(e)), (FactType, RefType))

    # -- aggregates

    def _aggregate(self, e: ast.Aggregate) -> Fn:
        fn = self._aggregate_uncached(e)
        if self._free(e):
            return fn
        # It reads no rule variable (``count(x in unit)``): compute it once per evaluation.
        node = id(e)

        def once(env: Env, ctx: Context) -> Any:
            if node not in ctx.constants:
                ctx.constants[node] = fn(env, ctx)
            return ctx.constants[node]

        return once

    def _aggregate_uncached(self, e: ast.Aggregate) -> Fn:
        var, op = e.var, e.op
        value = self.expr(e.value) if e.value is not None else None
        res = self.checked.resolutions.get(id(e.source))
        kind = res.value if res is not None and res.what == "kind" else None
        group: tuple[Fn, Fn] | None = None
        rest: Fn | None = self.expr(e.where) if e.where is not None else None
        if kind is not None and e.where is not None and op != "all":
            split = self._split_key(e.where, var)
            if split is not None:
                key_side, probe_side, others = split
                group = (self.expr(key_side), self.expr(probe_side))
                # Rules that group the same kind by the same key share one index
                # (AST equality ignores spans: ``p.account`` is ``p.account`` anywhere).
                shared_key = (kind, var, key_side)
                rest = self._conjunction([self.expr(o) for o in others])
        source = self.expr(e.source) if kind is None else None

        def items(env: Env, ctx: Context) -> Iterable[Any]:
            if group is not None:
                index = ctx.indexes.get(shared_key)
                if index is None:
                    index = _build_index(ctx.facts.by_kind.get(kind, ()), var, group[0], ctx)  # type: ignore[arg-type]
                    ctx.indexes[shared_key] = index
                probe = group[1](env, ctx)
                return () if probe is None else index.get(_key(probe), ())
            if kind is not None:
                return ctx.facts.by_kind.get(kind, ())
            assert source is not None
            return source(env, ctx) or ()

        def selected(env: Env, ctx: Context) -> Iterable[Any]:
            """The items whose filter is true, with ``var`` bound while filtering."""
            saved = env.get(var, _MISSING)
            try:
                for item in items(env, ctx):
                    env[var] = item
                    if rest is None or rest(env, ctx) is True:
                        yield item
            finally:
                if saved is _MISSING:
                    env.pop(var, None)
                else:
                    env[var] = saved

        if op == "count":
            return lambda env, ctx: sum(1 for _ in selected(env, ctx))
        if op in ("any", "all"):
            return self._quantifier(op, var, items, rest)
        assert value is not None

        def values(env: Env, ctx: Context) -> list[Any]:
            out = []
            for _ in selected(env, ctx):
                v = value(env, ctx)  # evaluated while ``selected`` has ``var`` bound
                if v is not None:
                    out.append(v)
            return out

        if op == "sum":
            return lambda env, ctx: sum(values(env, ctx))
        pick = max if op in ("max", "latest") else min
        return lambda env, ctx: _none_or(pick, values(env, ctx) or None)

    def _quantifier(
        self, op: str, var: str, items: Callable[[Env, Context], Iterable[Any]], pred: Fn | None
    ) -> Fn:
        want = op == "any"  # any: one true decides; all: one false decides

        def quantify(env: Env, ctx: Context) -> Any:
            unknown = False
            saved = env.get(var, _MISSING)
            try:
                for item in items(env, ctx):
                    env[var] = item
                    v = True if pred is None else pred(env, ctx)
                    if v is want:
                        return want
                    if v is None:
                        unknown = True
            finally:
                if saved is _MISSING:
                    env.pop(var, None)
                else:
                    env[var] = saved
            return None if unknown else not want

        return quantify

    def _split_key(
        self, where: ast.Expr, var: str
    ) -> tuple[ast.Expr, ast.Expr, list[ast.Expr]] | None:
        """Find a conjunct ``item-side == outer-side`` to index the kind by."""
        conjuncts = _conjuncts(where)
        for i, c in enumerate(conjuncts):
            if isinstance(c, ast.Binary) and c.op == "==":
                lf, rf = self._free(c.left), self._free(c.right)
                if lf == {var} and var not in rf:
                    return c.left, c.right, conjuncts[:i] + conjuncts[i + 1 :]
                if rf == {var} and var not in lf:
                    return c.right, c.left, conjuncts[:i] + conjuncts[i + 1 :]
        return None

    def _free(self, e: ast.Expr) -> set[str]:
        """Variables and lets an expression reads (aggregate-bound ones excluded)."""
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
        return out

    def _conjunction(self, fns: list[Fn]) -> Fn | None:
        if not fns:
            return None
        if len(fns) == 1:
            return fns[0]

        def all_true(env: Env, ctx: Context) -> Any:
            unknown = False
            for f in fns:
                v = f(env, ctx)
                if v is False:
                    return False
                if v is None:
                    unknown = True
            return None if unknown else True

        return all_true


_MISSING = object()
_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _build_index(records: Iterable[Any], var: str, key: Fn, ctx: Context) -> dict[Any, list[Any]]:
    index: dict[Any, list[Any]] = {}
    env: Env = {}
    for record in records:
        env[var] = record
        k = key(env, ctx)
        if k is not None:
            index.setdefault(_key(k), []).append(record)
    return index


def _calls_workdays(rule: ast.RuleDecl) -> bool:
    roots: list[ast.Expr] = [rule.when, *(let.expr for let in rule.lets)]
    while roots:
        node = roots.pop()
        if isinstance(node, ast.Call) and node.func in ("workdays", "add_workdays"):
            return True
        if isinstance(node, ast.Aggregate):
            roots.extend(x for x in (node.source, node.where, node.value) if x is not None)
        else:
            roots.extend(_children(node))
    return False


def _conjuncts(e: ast.Expr) -> list[ast.Expr]:
    if isinstance(e, ast.Binary) and e.op == "and":
        return _conjuncts(e.left) + _conjuncts(e.right)
    return [e]


def _children(e: ast.Expr) -> list[ast.Expr]:
    if isinstance(e, ast.Attr):
        return [e.obj]
    if isinstance(e, ast.Index):
        return [e.obj, e.key]
    if isinstance(e, ast.Call):
        return list(e.args)
    if isinstance(e, ast.Unary):
        return [e.operand]
    if isinstance(e, ast.Binary):
        return [e.left, e.right]
    if isinstance(e, (ast.Test, ast.Matches)):
        return [e.operand]
    if isinstance(e, ast.If):
        return [e.cond, e.then, e.else_]
    if isinstance(e, ast.SetLit):
        return list(e.items)
    if isinstance(e, ast.MapLit):
        return [x for pair in e.items for x in pair]
    return []


def _none_or(fn: Callable[..., Any], *args: Any) -> Any:
    if any(a is None for a in args):
        return None
    return fn(*args)


def _host(url: Any) -> Any:
    if url is None:
        return None
    try:
        return urllib.parse.urlsplit(url.strip()).hostname
    except ValueError:
        return None
