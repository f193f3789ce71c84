"""What the compiler works out about a checked AST before it builds anything.

Takes a :class:`~policyengine.checker.CheckedPolicy`; gives answers about its
expressions: the rule variables and lets an expression reads (:meth:`Analysis.free`),
whether it can need a year the calendar lacks (:meth:`Analysis.may_fail`), its value
when it is a constant, and which calendar calls of a rule may give
:class:`~policyengine.calendar.periods.Bounds` (:meth:`Analysis.bounded`). It never
builds a column function and never reads facts: the answers depend on the policy alone,
so they are memoised for the policy's lifetime.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, assert_never

import attrs

from policyengine.builtins import BUILTINS
from policyengine.checker import CheckedPolicy
from policyengine.checker_types import Resolution
from policyengine.frames import fact_key
from policyengine.operators import AGAINST
from policyengine.schema import FactType, RefType
from policyengine.syntax import ast


@attrs.frozen
class Bounded:
    """Of one rule: the calendar calls (by node id) that may give :class:`Bounds` where
    a year is missing, and the lets that may hold them."""

    calls: frozenset[int]
    lets: frozenset[str]


class Analysis:
    """Questions about a checked policy's expressions, each answered once per node."""

    def __init__(self, checked: CheckedPolicy) -> None:
        self.checked = checked
        self._free: dict[int, frozenset[str]] = {}
        self._fails: dict[int, bool] = {}

    def free(self, e: ast.Expr) -> frozenset[str]:
        """Variables and lets an expression reads (aggregate-bound ones excluded)."""
        memo = self._free.get(id(e))
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
                for child in children(node):
                    stack.append((child, bound))
        self._free[id(e)] = result = frozenset(out)
        return result

    def may_fail(self, e: ast.Expr) -> bool:
        """Whether evaluating ``e`` can need a year the calendar lacks."""
        memo = self._fails.get(id(e))
        if memo is None:
            memo = self._fails[id(e)] = any(is_calendar_call(n) for n in walk(e))
        return memo

    def aggregates(self, e: ast.Expr) -> bool:
        """Whether ``e`` holds an aggregate (its work grows with the facts)."""
        return any(isinstance(n, ast.Aggregate) for n in walk(e))

    def is_member(self, e: ast.Expr) -> bool:
        res = self.checked.resolutions.get(id(e))
        return res is not None and res.what == "member"

    def constant(self, e: ast.Expr) -> tuple[Any] | None:
        """The value of a literal, an enum member or a set of them, if ``e`` is one."""
        if isinstance(e, ast.Literal):
            return (e.value,)
        if isinstance(e, ast.Name) and self.is_member(e):
            return (e.name,)
        if isinstance(e, ast.SetLit) and all(
            isinstance(i, ast.Literal) or self.is_member(i) for i in e.items
        ):
            values = (self.constant(i)[0] for i in e.items)  # type: ignore[index]
            return (frozenset(fact_key(v) for v in values if v is not None),)
        return None

    def fact_like(self, e: ast.Expr) -> bool:
        """Whether ``e`` is a fact or a reference to one (compared by id)."""
        return isinstance(self.checked.types.get(id(e)), (FactType, RefType))

    def is_let(self, e: ast.Name) -> bool:
        return self.checked.resolutions.get(id(e)) == Resolution("let", e.name)

    def bounded(self, r: ast.RuleDecl) -> Bounded:
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
            for node in walk(root):
                if isinstance(node, ast.Binary) and node.op in AGAINST:
                    fits.update((id(node.left), id(node.right)))
        calendar_lets = {let.name: let.expr for let in r.lets if is_calendar_call(let.expr)}
        lets = set(calendar_lets)
        for root, _ in roots:
            for node in walk(root):
                if (
                    isinstance(node, ast.Name)
                    and node.name in lets
                    and self.is_let(node)
                    and id(node) not in fits
                ):
                    lets.discard(node.name)
        calls = {id(calendar_lets[name]) for name in lets}
        for root, _ in roots:
            calls.update(
                id(node) for node in walk(root) if is_calendar_call(node) and id(node) in fits
            )
        return Bounded(frozenset(calls), frozenset(lets))


def is_calendar_call(e: ast.Expr) -> bool:
    """A call that reads the working-day calendar, so may need a year it lacks."""
    return isinstance(e, ast.Call) and BUILTINS[e.func].counts_workdays


def walk(e: ast.Expr) -> Iterable[ast.Expr]:
    """``e`` and every expression inside it, an aggregate's bound parts included."""
    stack = [e]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.Aggregate):
            stack.extend(x for x in (node.source, node.where, node.value) if x is not None)
        else:
            stack.extend(children(node))


def conjuncts(e: ast.Expr) -> list[ast.Expr]:
    """``a and b and c`` as ``[a, b, c]``, in order."""
    out: list[ast.Expr] = []
    stack = [e]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Binary) and node.op == "and":
            stack.extend((node.right, node.left))
        else:
            out.append(node)
    return out


def children(e: ast.Expr) -> list[ast.Expr]:
    """The expressions directly inside ``e`` (an aggregate's are bound: see ``walk``)."""
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
