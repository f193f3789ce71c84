"""Rules compiled: a checked rule declaration → a :class:`~policyengine.runtime.CompiledRule`.

Takes a :class:`~policyengine.checker.CheckedPolicy`; gives, per rule, its scope (the
act date that puts a fact in or out of the regulation's time), ``where``, lets,
condition, messages in each language (enum members shown by their labels), evidence,
the cited articles' text, its remedy and its reading. Each expression is compiled by an
:class:`~policyengine.compiler.exprs.ExprCompiler` made for the rule; what is known of
the policy's expressions is shared between rules through one
:class:`~policyengine.compiler.analysis.Analysis`. It never reads facts.
# INVARIANT: every compiled rule has messages in "zh" and the last message of each
# language has no condition (the checker refused the rest), so the runtime finds one for
# every finding; every column function gives one value per row of the frame it is given.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from policyengine.checker import CheckedPolicy
from policyengine.compiler.analysis import Analysis
from policyengine.compiler.exprs import ExprCompiler, field_column
from policyengine.diagnostics import Text
from policyengine.findings import Reading
from policyengine.frames import CFn
from policyengine.runtime import CompiledRule
from policyengine.schema import EnumType, ListType, SetType
from policyengine.syntax import ast


class Compiler:
    """Compiles the rules of one checked policy."""

    def __init__(self, checked: CheckedPolicy) -> None:
        self.checked = checked
        self.schema = checked.schema
        self.analysis = Analysis(checked)

    def rule(self, r: ast.RuleDecl) -> CompiledRule:
        exprs = ExprCompiler(self.checked, self.analysis, self.analysis.bounded(r))
        col = exprs.col
        found = self.schema.kind(r.kind)
        assert found is not None  # INVARIANT: the checker resolved every rule's kind
        collection, _ = found
        dated: tuple[Hashable, CFn] | None
        if r.dated is not None:
            dated = ((r.var, r.dated), col(r.dated))
        elif collection.dated_by is not None:
            dated = (collection.dated_by, field_column(r.var, collection.dated_by))
        else:
            dated = None
        messages: dict[str, list[tuple[CFn | None, tuple[str | CFn, ...]]]] = {}
        for lang, t in r.messages:
            condition = col(t.condition) if t.condition is not None else None
            messages.setdefault(lang, []).append((condition, self._template(exprs, t, lang)))
        # a rule whose remedies all lack a condition keeps the one Text for every finding
        remedies: dict[str, list[tuple[CFn | None, tuple[str | CFn, ...]]]] = {}
        if any(x.condition is not None for x in r.remedies):
            for x in r.remedies:
                condition = col(x.condition) if x.condition is not None else None
                remedies.setdefault(x.lang, []).append((condition, (x.text,)))
        texts = [self.checked.articles[c.number].text or "" for c in r.cites]
        may_fail = self.analysis.may_fail
        return CompiledRule(
            decl=r, kind=r.kind, subject_kind=collection.subject, dated=dated,
            each=(r.each.var, col(r.each.source)) if r.each is not None else None,
            where=col(r.where) if r.where is not None else None,
            where_key=(r.var, r.where),
            lets=tuple((let.name, col(let.expr)) for let in r.lets),
            when=col(r.when), messages={k: tuple(v) for k, v in messages.items()},
            evidence=tuple((e.name, col(e.expr)) for e in r.evidence),
            article_text="\n".join(t for t in texts if t),
            counts_workdays=any(may_fail(x) for x in (r.when, *(x.expr for x in r.lets))),
            remedy=_remedy(r),
            remedies={k: tuple(v) for k, v in remedies.items()},
            reading=_reading(r),
        )  # fmt: skip

    def _template(self, exprs: ExprCompiler, t: ast.Template, lang: str) -> tuple[str | CFn, ...]:
        return tuple(
            p if isinstance(p, str) else self._placeholder(exprs, p, lang) for p in t.parts
        )

    def _placeholder(self, exprs: ExprCompiler, p: ast.Placeholder, lang: str) -> CFn:
        """A placeholder's value; enum members by their labels in the message's language
        (关停 / shutdown, not the member ``shutdown``)."""
        fn = exprs.col(p.expr)
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
    """A rule's remedy without a condition in both languages (English falls back to the
    Chinese text): the one every finding gets unless a conditional remedy chose it."""
    texts = {x.lang: x.text for x in r.remedies if x.condition is None}
    if "zh" not in texts:
        return None  # INVARIANT: the checker refused an English remedy without a Chinese one
    return Text(texts["zh"], texts.get("en", texts["zh"]))
