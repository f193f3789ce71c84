"""A static bound on the work of each rule, in the spirit of CEL's cost estimates.

Takes a :class:`~policyengine.checker.CheckedPolicy`; gives each rule's *degree*: its
work grows at most as N to that power, N being the number of facts. A rule's ``for``
is degree 1 (with its items, ``for a in account, m in a.maintainers``: a record is
bounded in size); each aggregate over a fact kind (``any(x in unit where …)``) nested in
it, or in another such aggregate, adds one. Items gathered by aggregates over fact kinds
(``m in union(… for a in account …)``) multiply the rest of the rule: their chain and
the rule's deepest other chain add up. An aggregate over a fact's own list
(``x in f.maintainers``) adds nothing: a record is bounded in size. Must never read
facts: it is decided when the policy is compiled, before any evaluation, and a rule
above :data:`MAX_DEGREE` is refused (E308) unless the caller allows more.
"""

from __future__ import annotations

import attrs

from policyengine import cost_messages as M
from policyengine.checker import CheckedPolicy
from policyengine.diagnostics import Diagnostic
from policyengine.errors import PolicyCheckError
from policyengine.source import Span
from policyengine.syntax import ast

MAX_DEGREE = 3
"""The greatest degree a rule may have by default: N³ (a rule over N facts with two
nested aggregates over fact kinds). The Anhua policy's worst rules are degree 3
(``one_account_per_unit``: a unit's accounts, each with its filings;
``staff_security_training``: a unit's persons, gathered over its accounts, each with the
trainings); the others at most 2."""


@attrs.frozen
class Degree:
    degree: int
    deepest: tuple[ast.Aggregate, ...]  # the nested aggregates over kinds, outermost first


def _kids(e: ast.Expr) -> list[ast.Expr]:
    if isinstance(e, ast.Aggregate):
        return [x for x in (e.source, e.where, e.value) if x is not None]
    out: list[ast.Expr] = []
    for field in attrs.fields(type(e)):
        value = getattr(e, field.name)
        for item in value if isinstance(value, tuple | list) else (value,):
            if attrs.has(type(item)) and not isinstance(item, Span):
                out.append(item)
    return out


def _deepest(e: ast.Expr, checked: CheckedPolicy) -> tuple[ast.Aggregate, ...]:
    """The longest chain of nested aggregates over fact kinds under ``e``."""
    best: tuple[ast.Aggregate, ...] = ()
    for kid in _kids(e):
        chain = _deepest(kid, checked)
        if len(chain) > len(best):
            best = chain
    if isinstance(e, ast.Aggregate):
        res = checked.resolutions.get(id(e.source))
        if res is not None and res.what == "kind":
            return (e, *best)
    return best


def rule_degree(rule: ast.RuleDecl, checked: CheckedPolicy) -> Degree:
    exprs: list[ast.Expr] = [rule.when, *(x.expr for x in (*rule.lets, *rule.evidence))]
    if rule.where is not None:
        exprs.append(rule.where)
    chains = [_deepest(x, checked) for x in exprs]
    deepest = max(chains, key=len, default=())
    if rule.each is not None:
        # The items of one fact (``m in a.maintainers``) add nothing: a record is
        # bounded. Items gathered over facts (``m in union(… for a in account …)``) are
        # as many as those facts, and every other clause is worked out for each item.
        deepest = (*_deepest(rule.each.source, checked), *deepest)
    return Degree(1 + len(deepest), deepest)


def check_cost(checked: CheckedPolicy, max_degree: int = MAX_DEGREE) -> None:
    """Refuse (E308) every rule whose degree is above ``max_degree``."""
    problems = []
    for rule in checked.rules:
        got = rule_degree(rule, checked)
        if got.degree <= max_degree:
            continue
        problems.append(
            Diagnostic.of(
                M.TOO_COSTLY,
                span=got.deepest[-1].span if got.deepest else rule.span,
                rule=rule.name,
                degree=got.degree,
                depth=len(got.deepest),
                limit=max_degree,
            )
        )
    if problems:
        raise PolicyCheckError(problems)
