"""What an evaluation runs in: frames of rows, the evaluation context and its budget.

Takes nothing from the stages before it but a fact set and a calendar (through
:class:`Context`); gives the types every column function is written against: a
:class:`Frame` (the rows being evaluated together, a column per bound variable and
``let``), a :class:`Context` (what one evaluation shares between rules: constants,
group-by tables, the facts in effect, failed rows, the step budget), and the shapes of
column functions (:data:`CFn`, :data:`SFn`). It never compiles, never judges a fact and
never words a finding: the compiler builds functions over these types, the runtime
(:mod:`policyengine.runtime`) runs them.

Values: facts and nested records are dicts, references are id strings, dates are
``datetime.date``, enum members are strings, sets are frozensets, and ``None`` is
*unknown*.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable, Hashable, Sequence
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any

import attrs

from policyengine.calendar import WorkdayCalendar
from policyengine.calendar.periods import Bounds
from policyengine.findings import RuleCount

if TYPE_CHECKING:
    from policyengine.facts import FactSet

Col = Sequence[Any]
Gap = int | Bounds  # why a fact cannot be decided: a missing year, or bounds too wide


class Frame:
    """Rows evaluated together: a column per bound variable and ``let``.

    ``rows`` gives each row's position in the rule's subjects, so that a failure deep
    inside a filtered frame is charged to the right fact. ``paths`` caches attribute
    columns of bound facts (``p.date``, ``p.review.on``): several rules, and several
    places in one rule, read the same fields of the same facts.
    """

    __slots__ = ("cols", "gather", "n", "parent", "paths", "rows")

    def __init__(
        self,
        cols: dict[str, Col],
        rows: Col,
        paths: dict[tuple[str, ...], Col] | None = None,
        parent: Frame | None = None,
        gather: Callable[[Col], Col] | None = None,
    ) -> None:
        self.cols = cols
        self.rows = rows
        self.n = len(rows)
        self.paths: dict[tuple[str, ...], Col] = {} if paths is None else paths
        self.parent = parent
        self.gather = gather

    def take(self, idx: Sequence[int]) -> Frame:
        """The rows at ``idx`` (increasing positions), every column gathered."""
        if len(idx) == self.n:
            return self
        gather = _gatherer(idx)
        cols = {name: gather(col) for name, col in self.cols.items()}
        return Frame(cols, gather(self.rows), None, self, gather)

    def repeat(self, idx: Sequence[int]) -> Frame:
        """The rows at ``idx`` (positions in order, each as often as it appears), every
        column gathered: a row per item of a fact (a rule's ``each``)."""
        gather = _gatherer(idx)
        cols = {name: gather(col) for name, col in self.cols.items()}
        return Frame(cols, gather(self.rows), None, self, gather)

    def own(self) -> Frame:
        """The same rows and columns, with a ``cols`` of its own for a rule's lets."""
        return Frame(dict(self.cols), self.rows, self.paths, self.parent, self.gather)

    def where_true(self, mask: Col) -> Frame:
        return self.take(true_positions(mask))

    def path(self, key: tuple[str, ...], compute: CFn, ctx: Context) -> Col:
        col = self.paths.get(key)
        if col is None:
            parent = self.parent
            if parent is not None and self.gather is not None and key in parent.paths:
                col = self.gather(parent.paths[key])
            else:
                col = compute(self, ctx)
            self.paths[key] = col
        return col


def _gatherer(idx: Sequence[int]) -> Callable[[Col], Col]:
    if not idx:
        return lambda col: ()
    if len(idx) == 1:
        (i,) = idx
        return lambda col: (col[i],)
    return operator.itemgetter(*idx)


def true_positions(mask: Col) -> list[int]:
    return list(compress(range(len(mask)), map(operator.is_, mask, repeat(True))))


@attrs.define(eq=False)
class Context:
    """What one evaluation runs against, and what it computes once and shares."""

    facts: FactSet
    params: dict[str, Any]
    calendar: WorkdayCalendar
    as_of: datetime.date
    # The policy's `effective` date (the built-in name `effective`), if it declares one.
    effective: datetime.date | None = None
    # Values of expressions that read no rule variable, and group-by tables: once each.
    constants: dict[Hashable, Any] = attrs.Factory(dict)
    # The facts of a kind in effect (第三十五条), shared by the rules over that kind.
    scopes: dict[Hashable, Scope] = attrs.Factory(dict)
    # Rows of the frame being evaluated that need a year the calendar lacks: row → that
    # year, or the bounds the known years give (``Gap``).
    failed: dict[int, Gap] = attrs.Factory(dict)
    # Set while explaining a finding: working-day periods computed, in order.
    trace: list[tuple[datetime.date, datetime.date]] | None = None
    # Filled while ``trace`` is set: the days whose schedules the calendar was read for
    # (a period counted, or the last day of a deadline and where it moved to).
    consulted: list[tuple[datetime.date, datetime.date]] = attrs.Factory(list)
    # What each rule examined, passed and failed (RuleCount), by rule name.
    counts: dict[str, RuleCount] = attrs.Factory(dict)
    # Whether each count keeps which subjects passed and which were undecided.
    outcomes: bool = False
    # The years whose schedules a working-day count read.
    years: set[int] = attrs.Factory(set)
    # Attribute columns per list of facts (by identity: the lists live as long as this).
    paths: dict[int, dict[tuple[str, ...], Col]] = attrs.Factory(dict)
    # The rows a ``where`` selects from a list of facts, the rows it leaves unknown, and
    # the rows that failed in it.
    filtered: dict[Hashable, tuple[Frame, Frame, dict[int, Gap]]] = attrs.Factory(dict)
    # The step budget (``runtime.DEFAULT_MAX_STEPS`` by default) and the steps taken so far.
    max_steps: int = 0
    steps: int = 0

    def charge(self, n: int) -> None:
        """Count ``n`` steps (a row of a rule's frame, an item an aggregate looks at);
        raise :class:`StepsSpent` once the budget is spent."""
        self.steps += n
        if self.steps > self.max_steps > 0:
            raise StepsSpent

    def release(self) -> None:
        """Drop the columns kept for sharing between rules once every rule has run:
        findings read later keep this context alive, and need none of them."""
        self.paths.clear()
        self.scopes.clear()
        self.filtered.clear()

    def frame_over(self, var: str, records: Col) -> Frame:
        """A frame of ``records`` bound to ``var``, sharing the attribute columns already
        read from the same list (by another rule, or by an aggregate)."""
        paths = self.paths.get(id(records))
        if paths is None:
            paths = self.paths[id(records)] = {}
        return Frame({var: records}, range(len(records)), paths)


@attrs.frozen
class Scope:
    """A kind's facts in effect, and those whose act date could not be computed."""

    records: Col
    failed: tuple[tuple[dict[str, Any], Gap], ...]


CFn = Callable[[Frame, Context], Col]  # a value per row
SFn = Callable[[Context], Any]  # one value for all rows; may raise UnknownYearError


def fact_key(value: Any) -> Any:
    """Facts compare by id, so ``p.account == a`` holds when p's reference names a."""
    return value["id"] if isinstance(value, dict) else value


def as_set(value: Any) -> frozenset[Any]:
    return frozenset(fact_key(v) for v in value)


class StepsSpent(Exception):
    """The step budget of :class:`Context` is spent."""


def year_of(gap: Gap) -> int:
    return gap.year if isinstance(gap, Bounds) else gap


def has_bounds(*cols: Col) -> bool:
    """Whether a column holds a :class:`Bounds` (where a missing year left a range)."""
    return any(type(v) is Bounds for col in cols for v in col)
