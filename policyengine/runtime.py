r"""Compiled rules run: a fact set → each rule's findings and what it examined.

Takes the :class:`CompiledRule`\ s the compiler built (:mod:`policyengine.compiler`),
a fact set and a :class:`~policyengine.frames.Context`; gives each rule's findings and
its count of facts examined, passed and failed (``Context.counts``). A rule judges the
facts whose act lies from the effective date to the check date (第三十五条); what a
finding says (message, evidence, explanation) is worked out when it is first read, for
all the findings of a rule at once. It never reads the AST beyond a rule's declaration
(its name, variable, severity, citations) and never compiles anything: every decision
about *how* to compute an expression was made once per policy by the compiler. The
frames and context it runs in are :mod:`policyengine.frames`, the three-valued operators
:mod:`policyengine.operators`, the built-ins' date and working-day columns
:mod:`policyengine.columns`.

Logic is Kleene's three-valued logic: a comparison with an unknown value is unknown,
and a rule fires only when its condition is *true*; a fact whose ``where`` is unknown
may be one the rule governs, so it is counted as examined and undecided, never passed.
A working-day count in a year the calendar lacks does not stop evaluation: the fact is
marked *failed* with that year (``Context.failed``), its value is unknown, and the rule
reports it as indeterminate instead of judging it. Date arithmetic that leaves the
dates Python can represent (0001-01-01 to 9999-12-31) fails the fact the same way,
with :data:`~policyengine.columns.OUT_OF_DATES` for the year.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Callable, Hashable, Iterable, Mapping
from itertools import compress, repeat
from types import MappingProxyType
from typing import Any

import attrs

from policyengine import runtime_messages as W
from policyengine.calendar.periods import Bounds
from policyengine.collector import collector_paused
from policyengine.columns import OUT_OF_DATES
from policyengine.diagnostics import Diagnostic, Text
from policyengine.errors import EvaluationError
from policyengine.findings import (
    Details,
    Explanation,
    Finding,
    Outcomes,
    Period,
    Reading,
    RuleCount,
    item_text,
    json_value,
    no_periods,
    subject_label,
)
from policyengine.frames import (
    CFn,
    Col,
    Context,
    Frame,
    Gap,
    Scope,
    StepsSpent,
    fact_key,
    has_bounds,
    true_positions,
    year_of,
)
from policyengine.syntax import ast


def _all_within(days: Col, first: datetime.date, last: datetime.date) -> bool:
    """Whether every fact is dated from ``first`` to ``last`` (and none is undated): the
    common case, answered by one C-level ``min`` and ``max``."""
    try:
        return not days or (min(days) >= first and max(days) <= last)
    except TypeError:  # an undated fact (None): compare one by one
        return False


_NO_ROWS = Frame({}, ())  # no fact left unknown by a rule without ``where``


def _split(frame: Frame, mask: Col, failed: Mapping[int, Gap]) -> tuple[Frame, Frame]:
    """The rows of ``frame`` where ``mask`` is true, and those where it is unknown
    (leaving out the rows that failed: they are indeterminate, not undecided)."""
    unsure = [i for i, got in enumerate(mask) if got is None and frame.rows[i] not in failed]
    return frame.where_true(mask), frame.take(unsure)


# Spans of days, both ends included.
Spans = list[tuple[datetime.date, datetime.date]]


DEFAULT_MAX_STEPS = 100_000_000
"""Steps an evaluation may take (``--max-steps``): a step is a fact a rule looks at or
an item an aggregate looks at for one fact. The Anhua policy takes about 6 per fact, so
this allows over ten million facts, while a policy whose nested aggregates make its
work grow as a power of the facts stops within a minute instead of running for hours."""


@attrs.frozen
class CompiledRule:
    decl: ast.RuleDecl
    kind: str
    subject_kind: str
    dated: tuple[Hashable, CFn] | None  # scope key, act date per fact
    where: CFn | None
    where_key: Hashable  # equal for rules whose ``where`` reads the same
    lets: tuple[tuple[str, CFn], ...]
    when: CFn
    # per language, the messages in order: (condition or None, parts); the first whose
    # condition is true for a finding is its message, the last one has none
    messages: dict[str, tuple[tuple[CFn | None, tuple[str | CFn, ...]], ...]]
    evidence: tuple[tuple[str, CFn], ...]
    article_text: str
    counts_workdays: bool  # the rule calls period_workdays() or deadline_after()
    remedy: Text | None = None
    # per language, the remedies in order, as ``messages``; empty when no remedy has a
    # condition (then every finding gets ``remedy``)
    remedies: dict[str, tuple[tuple[CFn | None, tuple[str | CFn, ...]], ...]] = attrs.field(
        factory=dict
    )
    reading: Reading | None = None
    # ``for a in account, m in …``: the item variable and its source per fact
    each: tuple[str, CFn] | None = None

    def run(self, ctx: Context, effective: datetime.date | None) -> list[Finding]:
        """The rule's findings; what it examined is left in ``ctx.counts``."""
        name = self.decl.name
        records = ctx.facts.by_kind.get(self.kind)
        if not records:
            ctx.counts[name] = RuleCount(name, outcomes=Outcomes() if ctx.outcomes else None)
            return []
        try:
            return self._run(ctx, records, effective)
        except StepsSpent:
            raise self._over_budget(ctx) from None

    def _over_budget(self, ctx: Context) -> EvaluationError:
        spent = Diagnostic.of(
            W.STEPS_SPENT, span=self.decl.span, rule=self.decl.name, steps=f"{ctx.max_steps:,}"
        )
        return EvaluationError([spent])

    def _run(
        self, ctx: Context, records: list[dict[str, Any]], effective: datetime.date | None
    ) -> list[Finding]:
        name = self.decl.name
        scope = self._scope(ctx, records, effective)
        ctx.failed = {}
        ctx.charge(len(scope.records))
        frame = ctx.frame_over(self.decl.var, scope.records)
        unsure = _NO_ROWS
        if self.each is not None:
            frame = self._items(ctx, frame)
            if self.where is not None:
                frame, unsure = _split(frame, self.where(frame, ctx), ctx.failed)
                frame = frame.own()
        elif self.where is not None:
            frame, unsure = self._filtered(ctx, frame)
        fired: list[int] = []
        mask: Col = ()
        if frame.n:
            for let, fn in self.lets:
                frame.cols[let] = fn(frame, ctx)  # a frame of this rule's own: lets stay here
            mask = self.when(frame, ctx)
            fired = true_positions(mask)
        failed, ctx.failed = ctx.failed, {}
        undecided, failed_here = mask.count(None), 0
        if failed:
            fired = [i for i in fired if frame.rows[i] not in failed]
            here = [i for i, row in enumerate(frame.rows) if row in failed]
            failed_here = len(here)
            undecided -= sum(1 for i in here if mask[i] is None)
        # a fact whose ``where`` is unknown may be one the rule governs: it is examined
        # and undecided, never passed
        undecided += unsure.n
        undecidable = len(scope.failed) + len(failed)
        examined = frame.n - failed_here + undecidable + unsure.n
        kept = self._outcomes(frame, mask, failed, unsure) if ctx.outcomes else None
        ctx.counts[name] = RuleCount(
            name, examined, len(fired), undecided, undecidable, outcomes=kept
        )
        out = self._findings(frame.take(fired), ctx)
        out.extend(self._indeterminate(record, year) for record, year in scope.failed)
        out.extend(self._indeterminate(scope.records[r], y) for r, y in sorted(failed.items()))
        return out

    def _items(self, ctx: Context, frame: Frame) -> Frame:
        """A row per fact and item of ``each``'s source: its list in order, a set
        sorted (a set has no order of its own, and findings must come out the same
        every time). An unknown source has no items, and an unknown item names
        nothing to judge. Each row keeps its fact's position, so that a failure is
        charged to the fact."""
        assert self.each is not None
        var, source = self.each
        idx: list[int] = []
        items: list[Any] = []
        for i, got in enumerate(source(frame, ctx)):
            if not got:
                continue
            seq = sorted(got, key=_item_order) if isinstance(got, (set, frozenset)) else got
            for item in seq:
                if item is not None:
                    idx.append(i)
                    items.append(item)
        ctx.charge(len(items))
        expanded = frame.repeat(idx)
        expanded.cols[var] = items
        return expanded

    def _item(self, frame: Frame, i: int) -> Any:
        """The item of row ``i`` (None for a rule without ``each``)."""
        return None if self.each is None else frame.cols[self.each[0]][i]

    def _subjects(self, frame: Frame) -> list[str]:
        """Each row's subject as a report lists it: the fact's id, and its item."""
        ids = [record["id"] for record in frame.cols[self.decl.var]]
        if self.each is None:
            return ids
        items = frame.cols[self.each[0]]
        return [subject_label(s, item) for s, item in zip(ids, items, strict=True)]

    def _outcomes(self, frame: Frame, mask: Col, failed: dict[int, Gap], unsure: Frame) -> Outcomes:
        """The subjects of ``frame`` that passed (the condition false) and those left
        undecided (unknown), leaving out the fired ones and those that failed; with
        them, in the order of the facts, the subjects of ``unsure`` (``where`` unknown)."""
        passed: list[str] = []
        undecided: list[tuple[int, str]] = []
        if unsure.n:
            undecided.extend(zip(unsure.rows, self._subjects(unsure), strict=True))
        for subject, row, fired in zip(self._subjects(frame), frame.rows, mask, strict=True):
            if fired is True or row in failed:
                continue
            if fired is None:
                undecided.append((row, subject))
            else:
                passed.append(subject)
        undecided.sort(key=operator.itemgetter(0))
        return Outcomes(tuple(passed), tuple(subject for _, subject in undecided))

    def _filtered(self, ctx: Context, frame: Frame) -> tuple[Frame, Frame]:
        """The rows where ``where`` is true, and those where it is unknown. Rules with
        the same ``where`` over the same facts (``where p.repost``, three times under
        第二十条) share the selection and the columns gathered for it."""
        assert self.where is not None and self.where_key is not None
        key = (id(frame.cols[self.decl.var]), self.where_key)
        got = ctx.filtered.get(key)
        if got is None:
            selected, unsure = _split(frame, self.where(frame, ctx), ctx.failed)
            got = ctx.filtered[key] = (selected, unsure, dict(ctx.failed))
        selected, unsure, failed = got
        ctx.failed.update(failed)
        return selected.own(), unsure

    def _scope(
        self, ctx: Context, records: list[dict[str, Any]], effective: datetime.date | None
    ) -> Scope:
        """The facts this rule judges: those whose act lies from the effective date to
        the check date. An act before the regulation took effect is not governed by it
        (第三十五条); an act after the check date had not happened on the day the check
        speaks of, so no finding can rest on it. An undated fact is always judged."""
        if self.dated is None:
            key: Hashable = (self.kind, None)
        else:
            key = (self.kind, self.dated[0], effective, ctx.as_of)
        scope = ctx.scopes.get(key)
        if scope is not None:
            return scope
        if self.dated is None:
            scope = Scope(records, ())
        else:
            first = effective or datetime.date.min
            ctx.failed = {}
            whole = ctx.frame_over(self.decl.var, records)
            days = self.dated[1](whole, ctx)
            failed = tuple((records[r], y) for r, y in sorted(ctx.failed.items()))
            if not failed and _all_within(days, first, ctx.as_of):
                scope = Scope(records, failed)  # the columns read so far stay shared
            else:
                keep = [d is None or first <= d <= ctx.as_of for d in days]
                for r in ctx.failed:
                    keep[r] = False
                scope = Scope(list(compress(records, keep)), failed)
                ctx.frame_over(self.decl.var, scope.records).paths.update(
                    (key, list(compress(col, keep))) for key, col in whole.paths.items()
                )
        ctx.scopes[key] = scope
        return scope

    def _base(self) -> tuple[str, str, int, tuple[str, ...]]:
        cites = self.decl.cites
        return (self.decl.name, cites[0].label, cites[0].number, tuple(c.label for c in cites))

    def _indeterminate(self, record: dict[str, Any], gap: Gap) -> Finding:
        if gap == OUT_OF_DATES:
            beyond = Details(W.OUT_OF_DATES(rule=self.decl.name), {"date_out_of_range": True})
            return Finding(
                *self._base(), record["id"], self.subject_kind, "indeterminate", lambda _: beyond
            )
        year = year_of(gap)
        evidence: dict[str, Any] = {"unknown_year": year}
        known = Text("", "")
        if isinstance(gap, Bounds):
            evidence.update(gap.evidence())
            known = gap.describe()
        details = Details(W.UNKNOWN_YEAR(known=known, year=year), evidence)
        return Finding(
            *self._base(), record["id"], self.subject_kind, "indeterminate", lambda _: details
        )

    def _findings(self, frame: Frame, ctx: Context) -> list[Finding]:
        """A finding per row of ``frame`` (the rows the rule fired on); what they say is
        worked out when the first of them is read."""
        if not frame.n:
            return []
        batch = _Batch(self, Frame(dict(frame.cols), frame.rows), ctx)
        head = self._base()
        severity, subject_kind, details = self.decl.severity, self.subject_kind, batch.details
        records = frame.cols[self.decl.var]
        if self.each is None:
            return [
                Finding(*head, record["id"], subject_kind, severity, details, i)
                for i, record in enumerate(records)
            ]
        items = frame.cols[self.each[0]]
        return [
            Finding(*head, record["id"], subject_kind, severity, details, i, item_text(item))
            for i, (record, item) in enumerate(zip(records, items, strict=True))
        ]

    def _details(self, frame: Frame, ctx: Context) -> list[Details]:
        """Messages, evidence and explanations of the findings on ``frame``'s rows,
        computed a column at a time."""
        zh = self._choose(self.messages["zh"], "zh", frame, ctx)
        en = self._choose(self.messages["en"], "en", frame, ctx) if "en" in self.messages else zh
        let_names = tuple(name for name, _ in self.lets)
        ev_names = tuple(name for name, _ in self.evidence)
        lets = _rows([_json_col(frame.cols[name]) for name in let_names], frame.n)
        evidence = _rows([_json_col(fn(frame, ctx)) for _, fn in self.evidence], frame.n)
        values: Col = (
            [dict(zip(let_names, row, strict=True)) for row in lets]
            if let_names
            else [_NO_VALUES] * frame.n
        )
        evidence_of: Col = (
            [dict(zip(ev_names, row, strict=True)) for row in evidence] if ev_names else values
        )
        periods_of: Iterable[Callable[[], tuple[Period, ...]]] = repeat(no_periods)
        if self.counts_workdays:
            periods = functools.partial(self._periods, ctx=ctx)
            periods_of = [
                functools.partial(periods, r, self._item(frame, i))
                for i, r in enumerate(frame.cols[self.decl.var])
            ]
            if ctx.calendar.file_years:
                zh, en, evidence_of = self._say_files(frame, ctx, zh, en, evidence_of)
        explanations = map(
            Explanation, repeat(self.article_text), values, periods_of, repeat(self.reading)
        )
        remedies: Iterable[Text | None] = repeat(self.remedy, frame.n)
        if self.remedies:
            by_lang = self.remedies
            rzh = self._choose(by_lang["zh"], "zh", frame, ctx)
            ren = self._choose(by_lang["en"], "en", frame, ctx) if "en" in by_lang else rzh
            remedies = map(Text, rzh, ren)
        return list(map(Details, map(Text, zh, en), evidence_of, explanations, remedies))

    def _say_files(
        self, frame: Frame, ctx: Context, zh: list[str], en: list[str], evidence_of: Col
    ) -> tuple[list[str], list[str], Col]:
        """The findings that read a year of a user's calendar file say so, in the
        message (and so in every format) and as ``calendar_files`` in the evidence:
        the finding is only as right as that file."""
        zh, en, evidence_of = list(zh), list(en), list(evidence_of)
        for i, record in enumerate(frame.cols[self.decl.var]):
            used = self._files_read(record, self._item(frame, i), ctx)
            if not used:
                continue
            evidence_of[i] = {
                **evidence_of[i],
                "calendar_files": [{"year": year, "file": file} for year, file in used],
            }
            files = [W.CALENDAR_FILE(file=file, year=year) for year, file in used]
            joined = W.CALENDAR_FILES_JOINED
            said = W.BY_CALENDAR_FILES(
                files=Text(joined.zh.join(f.zh for f in files), joined.en.join(f.en for f in files))
            )
            zh[i] += said.zh
            en[i] += said.en
        return zh, en, evidence_of

    def _files_read(self, record: dict[str, Any], item: Any, ctx: Context) -> list[tuple[int, str]]:
        """The years of calendar files this finding's working-day functions read."""
        consulted = self._retrace(record, item, ctx)[1]
        files = ctx.calendar.file_years
        years = {y for a, b in consulted for y in range(a.year, b.year + 1) if y in files}
        return [(year, files[year]) for year in sorted(years)]

    def _retrace(self, record: dict[str, Any], item: Any, ctx: Context) -> tuple[Spans, Spans]:
        """This one fact (with its item, for a rule with ``each``) evaluated again with
        tracing on (tracing every fact would slow every rule down): the working-day
        periods it computed, and the spans of days whose schedules were read."""
        frame = Frame({self.decl.var: (record,)}, (0,))
        if self.each is not None:
            frame.cols[self.each[0]] = (item,)
        trace: list[tuple[datetime.date, datetime.date]] = []
        consulted: list[tuple[datetime.date, datetime.date]] = []
        ctx.trace, ctx.consulted = trace, consulted
        saved, ctx.failed = ctx.failed, {}
        try:
            for name, fn in self.lets:
                frame.cols[name] = fn(frame, ctx)
            self.when(frame, ctx)
            return trace, consulted
        finally:
            ctx.trace, ctx.consulted, ctx.failed = None, [], saved

    def _choose(
        self,
        options: tuple[tuple[CFn | None, tuple[str | CFn, ...]], ...],
        lang: str,
        frame: Frame,
        ctx: Context,
    ) -> list[str]:
        """Each finding's message: the first of ``options`` whose condition is true."""
        if len(options) == 1 and options[0][0] is None:
            return self._texts(options[0][1], lang, frame, ctx)
        out: list[str] = [""] * frame.n
        remaining = list(range(frame.n))
        for condition, parts in options:
            if not remaining:
                break
            if condition is None:
                chosen, remaining = remaining, []
            else:
                mask = condition(frame.take(remaining), ctx)
                chosen = [r for r, m in zip(remaining, mask, strict=True) if m is True]
                remaining = [r for r, m in zip(remaining, mask, strict=True) if m is not True]
            if chosen:
                texts = self._texts(parts, lang, frame.take(chosen), ctx)
                for row, text in zip(chosen, texts, strict=True):
                    out[row] = text
        return out

    @staticmethod
    def _texts(parts: tuple[str | CFn, ...], lang: str, frame: Frame, ctx: Context) -> list[str]:
        pieces: list[Iterable[str]] = [
            repeat(p, frame.n) if isinstance(p, str) else _format_col(p(frame, ctx), lang)
            for p in parts
        ]
        if lang == "zh":
            pieces = _unspaced(parts, pieces)
        return ["".join(row) for row in zip(*pieces, strict=True)] if pieces else [""] * frame.n

    def _periods(self, record: dict[str, Any], item: Any, ctx: Context) -> tuple[Period, ...]:
        """The working-day periods a finding counted: this one fact is evaluated again
        with tracing on (tracing every fact would slow every rule down), when the
        explanation is first read."""
        periods = []
        for start, end in dict.fromkeys(self._retrace(record, item, ctx)[0]):
            if not all(y in ctx.calendar.years for y in range(start.year, end.year + 1)):
                continue  # a count the known years only bound: its bounds are the value
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
        return tuple(periods)


def _item_order(value: Any) -> tuple[str, str]:
    """An order for a set's items of any type (facts by id)."""
    key = fact_key(value)
    return (type(key).__name__, str(key))


def _rows(cols: list[Col], n: int) -> Iterable[tuple[Any, ...]]:
    """Columns as rows (``n`` empty rows when there are no columns)."""
    return zip(*cols, strict=True) if cols else repeat((), n)


class _Batch:
    """The findings of one rule in one evaluation, until what they say is first read."""

    __slots__ = ("ctx", "done", "frame", "rule")

    def __init__(self, rule: CompiledRule, frame: Frame, ctx: Context) -> None:
        self.rule, self.frame, self.ctx = rule, frame, ctx
        self.done: list[Details] | None = None

    def details(self, row: int) -> Details:
        if self.done is None:
            # Tens of thousands of small objects at once, beside a million facts: a
            # collection triggered meanwhile would walk them all, and finds no cycle.
            with collector_paused():
                self.done = self.rule._details(self.frame, self.ctx)
        return self.done[row]


# Chinese typesetting puts no space beside full-width punctuation. A message writes a
# space around a value to part it from Chinese words (``应不晚于 {due} 再次测评``), but a
# value that ends in such a mark (``2027-01-05～2027-01-20（2027 年安排未知）``) takes no
# space after it, nor one that starts with such a mark before it.
_CLOSING_MARKS = tuple("，。、；：！？）》」』】〕”’")
_OPENING_MARKS = tuple("（《「『【〔“‘")


def _unspaced(parts: tuple[str | CFn, ...], pieces: list[Iterable[str]]) -> list[Iterable[str]]:
    """``pieces`` (the message's text and its values, column by column) without the
    message's space between a value and the full-width mark it ends or starts with."""
    out: list[Iterable[str]] = list(pieces)
    for i, part in enumerate(parts):
        if isinstance(part, str):
            continue
        values = list(out[i])
        out[i] = values
        after = parts[i + 1] if i + 1 < len(parts) else None
        if isinstance(after, str) and after.startswith(" "):
            out[i + 1] = [after[1:] if v.endswith(_CLOSING_MARKS) else after for v in values]
        before = parts[i - 1] if i > 0 else None
        if isinstance(before, str) and before.endswith(" "):
            prior = list(out[i - 1])
            out[i - 1] = [
                t[:-1] if v.startswith(_OPENING_MARKS) and t.endswith(" ") else t
                for t, v in zip(prior, values, strict=True)
            ]
    return out


def _format_col(col: Col, lang: str) -> Iterable[str]:
    """``_format`` over a column; the checker gives a column one type (or unknown), so
    the common types are told apart once, not per value."""
    unknown = _in(W.UNKNOWN, lang)
    if has_bounds(col):
        return [v.shown(lang) if isinstance(v, Bounds) else _format(v, lang) for v in col]
    kind = type(next((v for v in col if v is not None), None))
    if kind is str:
        return [unknown if v is None else v for v in col]
    if kind is datetime.date:
        return [unknown if v is None else v.isoformat() for v in col]
    if kind is int:
        return [unknown if v is None else str(v) for v in col]
    return [_format(v, lang) for v in col]


def _json_col(col: Col) -> Col:
    """``json_value`` over a column, told apart by type once (see ``_format_col``)."""
    if has_bounds(col):
        return [
            {**v.evidence(), "unknown_year": v.year} if isinstance(v, Bounds) else json_value(v)
            for v in col
        ]
    kind: type = type(next((v for v in col if v is not None), None))
    if kind in (str, int, bool, type(None)):
        return col
    if kind is datetime.date:
        return [None if v is None else v.isoformat() for v in col]
    return [json_value(v) for v in col]


def _format(value: Any, lang: str) -> str:
    """A value inside a message: dates ISO, lists joined, unknown said so."""
    if value is None:
        return _in(W.UNKNOWN, lang)
    if isinstance(value, bool):
        return _in(W.YES if value else W.NO, lang)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict) and "id" in value:
        return str(value["id"])
    if isinstance(value, (list, tuple, set, frozenset)):
        items = json_value(value)
        return _in(Text.listing(str(v) for v in items), lang)
    return str(value)


_NO_VALUES: Mapping[str, Any] = MappingProxyType({})  # a rule without lets


def _in(text: Text, lang: str) -> str:
    """``text`` in a message's language (a message is in ``zh`` or ``en``)."""
    return text.zh if lang == "zh" else text.en
