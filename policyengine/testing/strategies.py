"""Hypothesis strategies that build valid fact documents from a policy's schema alone.

Takes a policy (and the options of :func:`facts_for`); gives a strategy whose every
draw is a fact document the policy's schema accepts, following the
:class:`~policyengine.testing.plan.Plan` worked out once. Never: draws a document
the schema would refuse, or a date outside the window and the calendar's years.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from policyengine.arguments import (
    bad_value,
    expect,
    expect_bool,
    expect_date,
    expect_int,
    expect_mapping,
    wrong_type,
)
from policyengine.calendar import UnknownYearError, WorkdayCalendar, periods
from policyengine.policy import Policy
from policyengine.schema import (
    BoolType,
    Collection,
    DateType,
    EnumType,
    IntType,
    ListType,
    RecordType,
    RefType,
    StrType,
    Type,
    Variant,
)
from policyengine.testing._schema import real_variants, ref_target, refs_in, variant_of
from policyengine.testing.helpers import FactDocument, expect_policy, note_facts
from policyengine.testing.plan import (
    DEFAULT_WINDOW,
    GENERATED,
    AsOf,
    Plan,
    as_of_strategy,
    date_strategy,
    edge_values,
    expect_window,
    is_required,
    needs_of,
    param_ints,
    param_strings,
)
from policyengine.text import Text

_TEXT = st.text(alphabet="ab安化乡 -", max_size=6)
_FILLED = _TEXT.filter(str.strip)
"""Text for a required field: blank text is no value, and would be refused."""
_MAX_LIST = 3  # elements of a generated list (other than a list of enum members)
_MAX_INT = 1000  # the largest generated int when the schema gives no maximum


# --------------------------------------------------------------------------- the strategy


def facts_for(
    policy: Policy,
    *,
    window: tuple[datetime.date, datetime.date] = DEFAULT_WINDOW,
    max_per_kind: int = 5,
    edges: bool = False,
    as_of: AsOf = GENERATED,
    calendar: WorkdayCalendar | None = None,
    params: Mapping[str, Any] | None = None,
    **pinned: SearchStrategy[Sequence[Mapping[str, Any]]] | Sequence[Mapping[str, Any]],
) -> SearchStrategy[FactDocument]:
    """A strategy of valid fact documents for ``policy``, derived from its schema.

    Each document is a plain ``dict`` in the format of a fact file (``as_of``, then one
    list per collection; dates as ``YYYY-MM-DD`` strings, references as ids), so it can
    be evaluated (:func:`evaluate`) or written out (:func:`to_yaml`).

    * Every collection is generated, and every variant of a tagged collection: a list
      of up to ``max_per_kind`` records of each kind. Ids are ``<kind>-<n>``, unique
      in their collection (the variants of a tagged collection share one id space).
    * Every enum member, optional fields absent, null or set, nested records, lists.
      A reference names a fact of the right kind drawn before it; a required one with
      nothing to name makes that fact on the spot (so cycles and self-references work).
    * Ints within the schema's range (from 0 to 1000 when it gives none). Strings are
      short texts or the values of the policy's string parameters.
    * Dates and ``as_of`` inside ``window`` and inside the years ``calendar`` knows.
      ``as_of``: a date, an ISO string, a strategy, or None for no ``as_of``; by
      default drawn anywhere in the window or in its last month.
    * ``pinned``: a keyword per collection name replaces that collection's generation
      (``filings=st.just([...])``, a strategy of lists, or a list). Ids that pinned
      records refer to are generated in the other collections.
    * ``edges=True`` biases toward the thresholds of the policy's parameters (with
      ``params`` overriding their defaults, as in ``evaluate``): dates on and around
      holidays and worked weekends, pairs of dates in a record whose working-day count
      is a ``workdays`` parameter ± 1, dates a ``days``/``workdays`` parameter ± 1
      before ``as_of`` or away from another date of the record, ints at a parameter
      of their unit ± 1, lists long enough to pass a ``count`` parameter.

    Inside a test the drawn document is noted: the minimal failing example is printed
    as a YAML facts file.
    """
    _check_arguments(policy, window, max_per_kind, edges, as_of, calendar, params, pinned)
    schema = policy.checked.schema
    cal = calendar or WorkdayCalendar.default()
    years = cal.years
    if not years:
        raise bad_value(
            "testing.facts_for(calendar)",
            Text("至少知道一年的日历", "a calendar that knows a year"),
            cal,
        )
    low = max(window[0], datetime.date(min(years), 1, 1))
    high = min(window[1], datetime.date(max(years), 12, 31))
    if low > high:
        raise bad_value(
            "testing.facts_for(window)",
            Text(
                f"与日历的年份（{min(years)}–{max(years)}）相交的时段",
                f"a window that meets the calendar's years ({min(years)}–{max(years)})",
            ),
            window,
        )
    strategies = {
        name: value if isinstance(value, SearchStrategy) else st.just(list(value))
        for name, value in pinned.items()
    }
    ints = param_ints(policy, params)
    dates = date_strategy(low, high, years)
    edge = edge_values(cal, low, high, ints, max_per_kind) if edges else None
    as_of_drawn = as_of_strategy(as_of, dates, low, high, years, edge)
    needs = {
        (coll.name, v.name): needs_of(v.record)
        for coll in schema.collections.values()
        for v in real_variants(coll)
    }
    order = tuple(n for n in schema.collections if n not in strategies)
    plan = Plan(
        schema=schema,
        calendar=cal,
        low=low,
        high=high,
        years=years,
        max_records=max(max_per_kind, max(edge.counts, default=0)) if edge else max_per_kind,
        edges=edge,
        strings=param_strings(policy, params),
        as_of=as_of_drawn,
        pinned=strategies,
        order=order,
        needs=needs,
    )
    return _documents(plan)


def _check_arguments(
    policy: object,
    window: object,
    max_per_kind: object,
    edges: object,
    as_of: object,
    calendar: object,
    params: object,
    pinned: Mapping[str, object],
) -> None:
    """facts_for's arguments, each named when wrong (:mod:`policyengine.arguments`)."""
    where = "testing.facts_for"
    expect_policy(policy, f"{where}(policy)")
    assert isinstance(policy, Policy)  # (for mypy: just checked)
    if not isinstance(window, tuple) or len(window) != 2:
        raise wrong_type(f"{where}(window)", "a tuple of two datetime.date (low, high)", window)
    expect_window(*window, f"{where}(window)", f"{where}(window)")
    expect_int(max_per_kind, f"{where}(max_per_kind)", 0)
    expect_bool(edges, f"{where}(edges)")
    if as_of is not GENERATED and not isinstance(as_of, str | SearchStrategy):
        expect_date(as_of, f"{where}(as_of)")
    if calendar is not None:
        expect(calendar, WorkdayCalendar, f"{where}(calendar)", "a WorkdayCalendar or None")
    expect_mapping(params, f"{where}(params)", "parameter")
    collections = policy.checked.schema.collections
    for name, value in pinned.items():
        if name not in collections:
            raise TypeError(
                f"{where}(): `{name}` is not a collection: the collections of {policy.name} are "
                + ", ".join(collections)
            )
        if not isinstance(value, SearchStrategy):
            _expect_records(value, f"{where}({name})")


def _expect_records(value: object, where: str) -> None:
    """A pinned collection given as a list: a list or tuple of records."""
    if not isinstance(value, list | tuple):
        raise wrong_type(where, "a list of records or a strategy of lists", value)
    function, _, parameter = where.rstrip(")").partition("(")
    for number, record in enumerate(value):
        expect(record, Mapping, f"{function}({parameter}[{number}])", "a record (a mapping)")


_CURRENT: ContextVar[_Draw] = ContextVar("policyengine_testing_draw")


@st.composite
def _documents(draw: st.DrawFn, plan: Plan) -> FactDocument:
    current = _Draw(plan, draw)
    token = _CURRENT.set(current)
    try:
        doc = current.document()
    finally:
        _CURRENT.reset(token)
    note_facts(doc, "facts_for drew")
    return doc


@st.composite
def _one_record(draw: st.DrawFn, collection: str, kind: str) -> None:
    """One record of a kind, made into the document being drawn."""
    current = _CURRENT.get()
    coll = current.schema.collections[collection]
    outer, current.draw = current.draw, draw  # the same data, inside this record's span
    try:
        current.make(coll, coll.variants[kind], None)
    finally:
        current.draw = outer


_BOOL = st.booleans()
_PRESENCE = st.integers(0, 3)  # an optional field: 0 absent, 1 null, 2-3 set
_DELTA = st.sampled_from((0, -1, 1))


class _Draw:
    """One document being drawn.

    Each kind's records are drawn as a hypothesis list (so that the shrinker can delete
    any one of them), in declaration order. A reference names a fact drawn before it;
    a required reference with nothing to name makes that fact on the spot, as part of
    the referring record (deleting the record deletes it too), so a minimal example
    holds exactly the facts its findings need.
    """

    def __init__(self, plan: Plan, draw: st.DrawFn) -> None:
        self.plan = plan
        self.draw = draw
        self.schema = plan.schema
        self.as_of: datetime.date | None = None
        # collection -> variant kind -> ids, pinned and generated
        self.ids: dict[str, dict[str, list[str]]] = {
            name: {v.name: [] for v in real_variants(c)}
            for name, c in self.schema.collections.items()
        }
        self.taken: dict[str, set[str]] = {name: set() for name in self.schema.collections}
        self.numbers: dict[str, int] = {}  # the last number used in a kind's ids
        self.records: dict[str, list[dict[str, Any]]] = {name: [] for name in plan.order}
        self.making: set[str] = set()  # kinds being made on the spot (a cycle guard)

    # -- the document

    def document(self) -> FactDocument:
        plan, draw = self.plan, self.draw
        doc: FactDocument = {}
        raw_as_of = draw(plan.as_of)
        if raw_as_of is not None:
            if isinstance(raw_as_of, datetime.date):
                self.as_of = raw_as_of
                doc["as_of"] = raw_as_of.isoformat()
            else:
                doc["as_of"] = raw_as_of
                if isinstance(raw_as_of, str):
                    try:
                        self.as_of = datetime.date.fromisoformat(raw_as_of)
                    except ValueError:
                        self.as_of = None
        forced = self._pinned(doc)
        for name in plan.order:
            coll = self.schema.collections[name]
            for variant in real_variants(coll):
                for rid in forced.get((name, variant.name), []):
                    if rid not in self.taken[name]:
                        self.make(coll, variant, rid)
                if self._creatable(variant.name, frozenset()):
                    draw(self._records(coll, variant))
        for name in plan.order:
            doc[name] = self.records[name]
        # keep the declaration order of the collections in the output
        ordered: FactDocument = {"as_of": doc["as_of"]} if "as_of" in doc else {}
        for name in self.schema.collections:
            ordered[name] = doc[name]
        return ordered

    def _pinned(self, doc: FactDocument) -> dict[tuple[str, str], list[str]]:
        """Draw the pinned collections; the ids their records refer to in generated
        collections, by (collection, variant kind)."""
        forced: dict[tuple[str, str], list[str]] = {}
        referenced: list[tuple[str, str]] = []
        for name, strategy in self.plan.pinned.items():
            coll = self.schema.collections[name]
            records = list(self.draw(strategy))
            doc[name] = records
            for record in records:
                if not isinstance(record, Mapping):
                    continue
                variant = variant_of(coll, record)
                if variant is None:
                    continue
                rid = record.get("id")
                if isinstance(rid, str):
                    self.ids[name][variant.name].append(rid)
                    self.taken[name].add(rid)
                referenced.extend(refs_in(variant.record, record))
        for kind, rid in referenced:
            coll, variant = ref_target(self.schema, kind)
            if coll.name in self.plan.pinned:
                continue
            target = variant or real_variants(coll)[0]
            ids = forced.setdefault((coll.name, target.name), [])
            if rid not in ids:
                ids.append(rid)
        return forced

    def _records(self, coll: Collection, variant: Variant) -> SearchStrategy[list[None]]:
        """A list of records of one kind (made into ``self.records`` as drawn)."""
        plan = self.plan
        return plan.strategy(
            ("records", coll.name, variant.name),
            lambda: st.lists(_one_record(coll.name, variant.name), max_size=plan.max_records),
        )

    def make(self, coll: Collection, variant: Variant, rid: str | None) -> str:
        """Make one record (its id taken first, so that it may name itself)."""
        if rid is None:
            n = self.numbers.get(variant.name, 0) + 1
            while f"{variant.name}-{n}" in self.taken[coll.name]:
                n += 1
            self.numbers[variant.name] = n
            rid = f"{variant.name}-{n}"
        self.taken[coll.name].add(rid)
        self.ids[coll.name][variant.name].append(rid)
        self.making.add(variant.name)
        try:
            record: dict[str, Any] = {"id": rid}
            if coll.tag_field is not None:
                record[coll.tag_field] = variant.tag
            record.update(self._fields(variant.record, coll.tag_field, []))
        finally:
            self.making.discard(variant.name)
        self.records[coll.name].append(record)
        return rid

    # -- references

    def _pool(self, kind: str) -> list[str]:
        coll, variant = ref_target(self.schema, kind)
        if variant is not None:
            return self.ids[coll.name][variant.name]
        return [rid for ids in self.ids[coll.name].values() for rid in ids]

    def _target(self, kind: str) -> tuple[Collection, Variant]:
        coll, variant = ref_target(self.schema, kind)
        return coll, variant or real_variants(coll)[0]

    def _creatable(self, kind: str, seen: frozenset[str]) -> bool:
        """Whether a record of ``kind`` can be made: every kind it must refer to has a
        fact, or can be made on the spot (not pinned, not already being made)."""
        coll, variant = self._target(kind)
        if coll.name in self.plan.pinned or variant.name in self.making | seen:
            return False
        inner = seen | {variant.name}
        return all(
            self._pool(k) or self._creatable(k, inner)
            for k in self.plan.needs[(coll.name, variant.name)]
        )

    def _ref(self, kind: str) -> str:
        pool = self._pool(kind)
        if pool:
            return pool[self.draw(self._index(len(pool)))]
        coll, variant = self._target(kind)
        return self.make(coll, variant, None)

    def _index(self, n: int) -> SearchStrategy[int]:
        return self.plan.strategy(("index", n), lambda: st.integers(0, n - 1))

    def _possible(self, t: Type, required: bool) -> bool:
        """Whether a value of ``t`` can be made. A required reference may make the fact
        it names; an optional one only names a fact that exists."""
        if isinstance(t, RefType):
            return bool(self._pool(t.kind)) or (required and self._creatable(t.kind, frozenset()))
        if isinstance(t, RecordType):
            return all(
                self._possible(f.type, True) for f in t.fields if is_required(f.optional, f.default)
            )
        return True

    def _fields(
        self, record: RecordType, tag_field: str | None, dates: list[datetime.date]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        local: list[datetime.date] = []  # the dates of this record (not of nested ones)
        for f in record.fields:
            if f.name == "id" or f.name == tag_field:
                continue
            if not is_required(f.optional, f.default):
                if not self._possible(f.type, False):
                    continue
                choice = self.draw(_PRESENCE)  # shrinks toward "absent"
                if choice == 0:
                    continue
                if choice == 1:
                    out[f.name] = None
                    continue
            out[f.name] = self._value(f.type, dates, local, is_required(f.optional, f.default))
        return out

    def _value(
        self,
        t: Type,
        dates: list[datetime.date],
        local: list[datetime.date],
        required: bool = False,
    ) -> Any:
        """A value of ``t``; of a ``required`` field: text that is not blank."""
        draw, plan = self.draw, self.plan
        if isinstance(t, StrType):
            text, key = (_FILLED, "filled") if required else (_TEXT, "str")
            strings = [s for s in plan.strings if s.strip()] if required else plan.strings
            if strings:
                return draw(plan.strategy(key, lambda: st.one_of(text, st.sampled_from(strings))))
            return draw(text)
        if isinstance(t, IntType):
            return draw(plan.strategy(t, lambda: self._int(t)))
        if isinstance(t, BoolType):
            return draw(_BOOL)
        if isinstance(t, DateType):
            d = self._date(dates, local)
            dates.append(d)
            local.append(d)
            return d.isoformat()
        if isinstance(t, EnumType):
            return draw(plan.strategy(t, lambda: st.sampled_from(t.members)))
        if isinstance(t, RefType):
            return self._ref(t.kind)
        if isinstance(t, ListType):
            element = t.element
            if isinstance(element, EnumType):
                members = element.members
                return draw(
                    plan.strategy(
                        t,
                        lambda: st.lists(
                            st.sampled_from(members), unique=True, max_size=len(members)
                        ),
                    )
                )
            if isinstance(element, RefType):
                pool = self._pool(element.kind)
                if not pool:
                    return []
                n = len(pool)
                indexes = plan.strategy(
                    ("indexes", n),
                    lambda: st.lists(st.integers(0, n - 1), unique=True, max_size=_MAX_LIST),
                )
                return [pool[i] for i in draw(indexes)]
            if not self._possible(element, False):
                return []
            n = draw(self._index(_MAX_LIST + 1))
            return [self._value(element, dates, local) for _ in range(n)]
        if isinstance(t, RecordType):
            return self._fields(t, None, dates)
        raise TypeError(f"a fact field cannot have the type {t}")

    def _int(self, t: IntType) -> SearchStrategy[int]:
        low = t.minimum if t.minimum is not None else 0
        high = t.maximum if t.maximum is not None else max(low, _MAX_INT)
        base = st.integers(low, high)
        if self.plan.edges is None:
            return base
        near = [v for v in self.plan.edges.ints.get(t.unit, ()) if low <= v <= high]
        return st.one_of(base, st.sampled_from(near)) if near else base

    # -- dates

    def _date(self, dates: list[datetime.date], local: list[datetime.date]) -> datetime.date:
        """A date in the window; with edges, often one near a threshold: on or next to
        a holiday, a parameter away from ``as_of``, or from an earlier date of the record
        (``local``: the same nested record, ``dates``: the whole fact)."""
        plan, draw = self.plan, self.draw
        edges = plan.edges
        if edges is None:
            return self._uniform()
        paired: bool = bool(local) and draw(_BOOL)
        if paired:  # the second date of a pair: (start, end), (made, published)
            return self._away_from(local[-1], pair=True) or self._uniform()
        mode = draw(self._index(5))  # shrinks toward a plain date
        if mode == 1 and edges.dates:
            return edges.dates[draw(self._index(len(edges.dates)))]
        if mode in (2, 3) and self.as_of is not None:
            return self._away_from(self.as_of, before=True) or self._uniform()
        if mode == 4 and dates:
            back = draw(self._index(len(dates)))  # shrinks toward the latest date
            return self._away_from(dates[-1 - back]) or self._uniform()
        return self._uniform()

    def _uniform(self) -> datetime.date:
        plan = self.plan
        d: datetime.date = self.draw(plan.strategy("dates", lambda: st.dates(plan.low, plan.high)))
        if plan.in_window(d):
            return d
        fallback: datetime.date = self.draw(
            plan.strategy("known dates", lambda: date_strategy(plan.low, plan.high, plan.years))
        )
        return fallback

    def _away_from(
        self, start: datetime.date, *, before: bool = False, pair: bool = False
    ) -> datetime.date | None:
        """A date a threshold ± 1 away from ``start`` (None if none is in the window):

        * ``span``: the working days from ``start`` to it, both counted, are a
          ``workdays`` parameter ± 1 (an announcement period at its minimum);
        * ``workdays``: ``add_workdays(start, ±(n ± 1))`` (a deadline);
        * ``days``: ``start ± (n ± 1)`` days (a staleness limit);
        * ``months``: the corresponding day ``n`` months (a ``years`` parameter: 12 n)
          before or after ``start``, ± 1 day (an interval, 第二百零二条).

        ``before``: only earlier dates (from ``as_of``: the last update before it).
        ``pair``: the second date of a record, half the time a ``span`` from the first.
        """
        plan, draw = self.plan, self.draw
        edges = plan.edges
        assert edges is not None
        lengths = (("workdays", edges.workdays), ("days", edges.days), ("months", edges.months))
        ways = [w for w, ns in lengths if ns]
        if edges.workdays and not before:
            ways.insert(0, "span")
        if not ways:
            return None
        way = "span" if pair and ways[0] == "span" and draw(_BOOL) else None
        way = way or ways[draw(self._index(len(ways)))]
        thresholds = {"days": edges.days, "months": edges.months}.get(way, edges.workdays)
        n = thresholds[draw(self._index(len(thresholds)))]
        delta = draw(_DELTA)
        if way != "months":
            n += delta
        sign = -1 if before or draw(_BOOL) else 1
        cal = plan.calendar
        try:
            if way == "span":
                if n < 1:
                    return None
                d = cal.add_workdays(start, n - 1 if cal.is_workday(start) else n)
            elif way == "workdays":
                d = cal.add_workdays(start, sign * n)
            elif way == "months":
                d = periods.add_months(start, sign * n) + datetime.timedelta(days=delta)
            else:
                d = start + datetime.timedelta(days=sign * n)
        except (UnknownYearError, OverflowError):
            return None
        return d if plan.in_window(d) else None
