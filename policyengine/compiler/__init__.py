"""Checked AST → column functions, compiled once per policy (no ``exec``, no ``eval``).

Takes a :class:`~policyengine.checker.CheckedPolicy` (every name resolved, every
expression typed) and gives a :class:`~policyengine.runtime.CompiledRule` per rule. It
never reads facts: what the functions it builds do at evaluation time lives in
:mod:`policyengine.runtime`, :mod:`policyengine.operators` and
:mod:`policyengine.columns`.

Evaluation is columnar, as in a vectorised query engine: a rule is not run fact by
fact through a tree of closures; each expression is compiled to a function that takes
a :class:`~policyengine.frames.Frame` (all the facts the rule is looking at, a column
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

One module per concern: :mod:`~policyengine.compiler.rules` assembles a rule,
:mod:`~policyengine.compiler.exprs` compiles expressions,
:mod:`~policyengine.compiler.aggregates` aggregates (handed the expression compiler,
never importing it), and :mod:`~policyengine.compiler.analysis` answers what the
others ask of the AST.
"""

from policyengine.compiler.rules import Compiler

__all__ = ["Compiler"]
