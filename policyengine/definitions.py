"""Definitions put in place: each use of a ``define`` replaced by its expression.

Takes the ``define`` declarations of a policy and an expression of a rule; gives the
expression with every call ``in_use(x)`` of a definition replaced by a fresh copy of the
definition's expression, in which the parameter reads ``x``. A definition says once
what a rule would otherwise repeat (what "in use on the check date" means), and the
rules then mean exactly what they would mean with the expression written out: the
checker types the result in the rule's scope and the compiler never sees a definition.
It never types, resolves or evaluates anything.

Hygiene: the aggregate variables of a definition are renamed to names no policy can
write (``f·in_use``), so that the argument's names are never captured; a name the
definition reads freely (a parameter, ``as_of``) must not be bound by the rule, which
the checker reports (:func:`free_names`).
# INVARIANT: every node of an expansion is new (the checker keys types by node id, and
# the same definition is typed in many scopes); its root carries the call's span, so a
# message about the whole use points at the rule, not at the definition.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from policyengine.syntax import ast

_EXPRS = (
    ast.Literal, ast.Name, ast.Attr, ast.Index, ast.Call, ast.Aggregate, ast.Unary,
    ast.Binary, ast.Test, ast.Matches, ast.If, ast.SetLit, ast.MapLit,
)  # fmt: skip

Rewrite = Callable[[ast.Expr, frozenset[str]], ast.Expr | None]
"""Given a node and the aggregate variables bound around it, the node to put in its
place, or None to copy it and go on into its parts."""


def _copy(
    e: ast.Expr, rewrite: Rewrite, bound: frozenset[str] = frozenset(), suffix: str = ""
) -> ast.Expr:
    """A fresh copy of ``e``, with ``rewrite`` applied from the top down; ``suffix``
    added to every aggregate variable (``bound`` keeps the names as written)."""
    replaced = rewrite(e, bound)
    if replaced is not None:
        return replaced
    inner = bound | {e.var} if isinstance(e, ast.Aggregate) else bound
    changes: dict[str, object] = {}
    for field in attrs.fields(type(e)):
        value = getattr(e, field.name)
        # an aggregate's source is read outside its variable's scope
        scope = bound if field.name == "source" else inner
        if isinstance(value, _EXPRS):
            changes[field.name] = _copy(value, rewrite, scope, suffix)
        elif isinstance(value, tuple):
            changes[field.name] = tuple(_copy_item(item, rewrite, scope, suffix) for item in value)
    if isinstance(e, ast.Aggregate) and suffix:
        changes["var"] = e.var + suffix
    return attrs.evolve(e, **changes)  # type: ignore[arg-type]


def _copy_item(item: object, rewrite: Rewrite, bound: frozenset[str], suffix: str) -> object:
    if isinstance(item, _EXPRS):
        return _copy(item, rewrite, bound, suffix)
    if isinstance(item, tuple):  # a map literal's (key, value)
        return tuple(_copy_item(part, rewrite, bound, suffix) for part in item)
    return item


def free_names(e: ast.Expr) -> set[str]:
    """The names ``e`` reads that no aggregate inside it binds."""
    found: set[str] = set()

    def visit(node: ast.Expr, bound: frozenset[str]) -> ast.Expr | None:
        if isinstance(node, ast.Name) and node.name not in bound:
            found.add(node.name)
        return None

    _copy(e, visit)
    return found


def bound_names(e: ast.Expr) -> set[str]:
    """The aggregate variables ``e`` binds anywhere inside it."""
    found: set[str] = set()

    def visit(node: ast.Expr, bound: frozenset[str]) -> ast.Expr | None:
        if isinstance(node, ast.Aggregate):
            found.add(node.var)
        return None

    _copy(e, visit)
    return found


def hygienic(define: ast.DefineDecl) -> ast.DefineDecl:
    """``define`` with its aggregate variables renamed to ``var·name``, names a policy
    cannot write (``·`` is no letter), so that no argument's name is captured."""
    suffix = f"·{define.name}"

    def rename(node: ast.Expr, bound: frozenset[str]) -> ast.Expr | None:
        if isinstance(node, ast.Name) and node.name in bound:
            return attrs.evolve(node, name=node.name + suffix)
        return None

    return attrs.evolve(define, body=_copy(define.body, rename, suffix=suffix))


def expand(
    e: ast.Expr,
    defines: Mapping[str, ast.DefineDecl],
    on_use: Callable[[ast.Call, ast.DefineDecl, ast.Expr, ast.Expr], None] | None = None,
) -> ast.Expr:
    """``e`` with each call of a definition (with one argument) replaced by the
    definition's body reading the argument. ``on_use(call, define, arg, root)`` is told
    of each use, with the argument (its definitions put in place) and the root of its
    expansion. A call with another number of arguments
    is left as it is, for the checker to report."""

    def rewrite(node: ast.Expr, bound: frozenset[str]) -> ast.Expr | None:
        if not isinstance(node, ast.Call) or node.func not in defines or len(node.args) != 1:
            return None
        define = defines[node.func]
        arg = _copy(node.args[0], rewrite, bound)

        def put(inner: ast.Expr, _bound: frozenset[str]) -> ast.Expr | None:
            if isinstance(inner, ast.Name) and inner.name == define.param:
                return _copy(arg, lambda _n, _b: None)
            return None

        root = attrs.evolve(_copy(define.body, put), span=node.span)
        if on_use is not None:
            on_use(node, define, arg, root)
        return root

    return _copy(e, rewrite)


def expand_rule(
    rule: ast.RuleDecl,
    defines: Mapping[str, ast.DefineDecl],
    on_use: Callable[[ast.Call, ast.DefineDecl, ast.Expr, ast.Expr], None],
) -> ast.RuleDecl:
    """``rule`` with the definitions it uses put in place in every clause."""

    def put(e: ast.Expr) -> ast.Expr:
        return expand(e, defines, on_use)

    def put_let(let: ast.Let) -> ast.Let:
        return attrs.evolve(let, expr=put(let.expr))

    def put_template(template: ast.Template) -> ast.Template:
        parts = tuple(
            attrs.evolve(p, expr=put(p.expr)) if isinstance(p, ast.Placeholder) else p
            for p in template.parts
        )
        condition = None if template.condition is None else put(template.condition)
        return attrs.evolve(template, parts=parts, condition=condition)

    each = rule.each
    return attrs.evolve(
        rule,
        each=None if each is None else attrs.evolve(each, source=put(each.source)),
        where=None if rule.where is None else put(rule.where),
        dated=None if rule.dated is None else put(rule.dated),
        lets=tuple(put_let(let) for let in rule.lets),
        when=put(rule.when),
        messages=tuple((lang, put_template(t)) for lang, t in rule.messages),
        evidence=tuple(put_let(item) for item in rule.evidence),
        remedies=tuple(
            r if r.condition is None else attrs.evolve(r, condition=put(r.condition))
            for r in rule.remedies
        ),
    )


def rule_bound_names(rule: ast.RuleDecl) -> set[str]:
    """Every name a rule binds: its variables, its lets, its aggregate variables."""
    exprs = [rule.where, rule.dated, rule.when, *(let.expr for let in rule.lets)]
    exprs += [item.expr for item in rule.evidence]
    exprs += [r.condition for r in rule.remedies]
    names = {rule.var, *(let.name for let in rule.lets)}
    if rule.each is not None:
        exprs.append(rule.each.source)
        names.add(rule.each.var)
    for e in exprs:
        if e is not None:
            names |= bound_names(e)
    return names


__all__ = ["bound_names", "expand", "expand_rule", "free_names", "hygienic", "rule_bound_names"]
