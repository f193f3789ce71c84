"""Wrong arguments at the library's public entry points.

Every function and method a caller reaches from ``policyengine.__all__`` checks its
arguments before doing any work: a wrong Python type raises :class:`TypeError`, a
value of the right type that the function cannot take raises
:class:`~policyengine.errors.ArgumentError` (E609, a PolicyError and a ValueError);
both name the function and the parameter. Never an ``AttributeError`` from a later
stage, and never a wrong argument taken for something else (a path string read as a
list of one-letter paths).
"""

from __future__ import annotations

import datetime
import inspect
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policyengine
import policyengine.testing
from policyengine import PolicyError, WorkdayCalendar
from policyengine.diagnostics import Diagnostic, Text
from policyengine.errors import ArgumentError

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "examples" / "breaches.yaml"
ANHUA = policyengine.load_policy("anhua")
TEXT = 'policy tiny "小"\n\nfacts units of unit {\n  name: str\n}\n'
TINY = policyengine.compile_policy(TEXT)
TINY_FACTS = {"units": [{"id": "u-1", "name": "一"}]}
DAY = datetime.date(2024, 3, 1)
REPORT = ANHUA.report(policyengine.load_facts([FACTS]), as_of=datetime.date(2026, 11, 25))
RESULT = REPORT.result
FINDING = REPORT.findings[0]
CALENDAR = WorkdayCalendar.default()
ERROR = PolicyError.simple("E601", "找不到", "not found")

Call = Callable[[], object]
# The entry points typed Any, to call them with what their annotations forbid.
pe: Any = policyengine
A: Any = ANHUA
R: Any = REPORT
S: Any = RESULT
F: Any = FINDING
C: Any = CALENDAR
E: Any = ERROR
PE: Any = PolicyError
WC: Any = WorkdayCalendar
W = "WorkdayCalendar."
T: Any = policyengine.testing
DOC = {"units": [{"id": "u-1", "name": "一"}]}
CH, ch = "testing.assert_only_rules_changed", T.assert_only_rules_changed
FF, ff = "testing.facts_for", T.facts_for
BD, bd = "testing.boundary_dates", T.boundary_dates
Y1990 = (datetime.date(1990, 1, 1), datetime.date(1990, 12, 31))

# (entry point, parameter, call, the exception it raises): for each a value of the wrong
# type, and for each parameter with a range, a value outside it.
CASES: list[tuple[str, str, Call, type[Exception]]] = [
    ("load_policy", "name_or_path", lambda: pe.load_policy(None), TypeError),
    ("load_policy", "name_or_path", lambda: pe.load_policy(b"anhua"), TypeError),
    ("load_policy", "max_degree", lambda: pe.load_policy("anhua", max_degree="3"), TypeError),
    ("load_policy", "max_degree", lambda: pe.load_policy("anhua", max_degree=0), ArgumentError),
    ("compile_policy", "text", lambda: pe.compile_policy(None), TypeError),
    ("compile_policy", "text", lambda: pe.compile_policy(TEXT.encode()), TypeError),
    ("compile_policy", "name", lambda: pe.compile_policy(TEXT, 1), TypeError),
    ("compile_policy", "sha256", lambda: pe.compile_policy(TEXT, sha256=None), TypeError),
    ("compile_policy", "max_degree", lambda: pe.compile_policy(TEXT, max_degree=True), TypeError),
    ("compile_policy", "max_degree", lambda: pe.compile_policy(TEXT, max_degree=0), ArgumentError),
    ("load_facts", "paths", lambda: pe.load_facts(None), TypeError),
    ("load_facts", "paths", lambda: pe.load_facts(str(FACTS)), TypeError),
    ("load_facts", "paths", lambda: pe.load_facts(FACTS), TypeError),
    ("load_facts", "paths[1]", lambda: pe.load_facts([FACTS, 3]), TypeError),
    ("load_facts", "policy", lambda: pe.load_facts([FACTS], "anhua"), TypeError),
    ("load_facts", "strict", lambda: pe.load_facts([FACTS], strict="yes"), TypeError),
    ("Policy.facts", "data", lambda: A.facts(str(FACTS)), TypeError),
    ("Policy.facts", "strict", lambda: A.facts({}, strict=1), TypeError),
    ("Policy.evaluate", "facts", lambda: A.evaluate(None), TypeError),
    ("Policy.evaluate", "facts", lambda: A.evaluate("facts.yaml"), TypeError),
    ("Policy.evaluate", "facts", lambda: A.evaluate([1]), TypeError),
    ("Policy.evaluate", "as_of", lambda: A.evaluate({}, as_of="2024-01-01"), TypeError),
    ("Policy.evaluate", "as_of", lambda: A.evaluate({}, as_of=datetime.datetime.now()), TypeError),
    ("Policy.evaluate", "params", lambda: A.evaluate({}, params="x"), TypeError),
    ("Policy.evaluate", "params", lambda: A.evaluate({}, params={1: 2}), TypeError),
    ("Policy.evaluate", "calendar", lambda: A.evaluate({}, calendar="x"), TypeError),
    ("Policy.evaluate", "strict", lambda: A.evaluate({}, strict="no"), TypeError),
    ("Policy.evaluate", "max_steps", lambda: A.evaluate({}, max_steps="9"), TypeError),
    ("Policy.evaluate", "max_steps", lambda: A.evaluate({}, max_steps=-1), ArgumentError),
    ("Policy.report", "facts", lambda: A.report(FACTS), TypeError),
    ("Policy.report", "as_of", lambda: A.report({}, as_of=20240101), TypeError),
    ("Policy.report", "params", lambda: A.report({}, params=[("a", 1)]), TypeError),
    ("Policy.report", "calendar", lambda: A.report({}, calendar={}), TypeError),
    ("Policy.report", "strict", lambda: A.report({}, strict=None), TypeError),
    ("Policy.report", "max_steps", lambda: A.report({}, max_steps=1.5), TypeError),
    ("Policy.evaluate", "outcomes", lambda: A.evaluate({}, outcomes="yes"), TypeError),
    ("Policy.report", "outcomes", lambda: A.report({}, outcomes=1), TypeError),
    ("Policy.rules_for", "article", lambda: A.rules_for(None), TypeError),
    ("Report", "result", lambda: pe.Report(None), TypeError),
    ("Report", "policy", lambda: pe.Report(RESULT, "anhua"), TypeError),
    ("Report", "facts", lambda: pe.Report(RESULT, facts={}), TypeError),
    ("Report", "params", lambda: pe.Report(RESULT, params=None), TypeError),
    ("Report", "warnings", lambda: pe.Report(RESULT, warnings=None), TypeError),
    ("Report", "provenance", lambda: pe.Report(RESULT, provenance={}), TypeError),
    ("Report.render", "format", lambda: R.render("pdf"), ArgumentError),
    ("Report.render", "format", lambda: R.render(None), TypeError),
    ("Report.render", "lang", lambda: R.render("json", "fr"), ArgumentError),
    ("Report.render", "explain", lambda: R.render(explain="yes"), TypeError),
    ("Report.render", "ascii_only", lambda: R.render(ascii_only=1), TypeError),
    ("Report.render", "fail_on", lambda: R.render("junit", fail_on="errors"), ArgumentError),
    ("Report.render", "width", lambda: R.render(width="80"), TypeError),
    ("Report.render", "width", lambda: R.render(width=0), ArgumentError),
    ("Report.render", "colour", lambda: R.render(colour="red"), TypeError),
    ("Report.to_dict", "lang", lambda: R.to_dict(None), TypeError),
    ("Report.to_dict", "explain", lambda: R.to_dict(explain="no"), TypeError),
    ("Report.failed", "fail_on", lambda: R.failed("x"), ArgumentError),
    ("Report.exit_status", "fail_on", lambda: R.exit_status(2), TypeError),
    ("Report.location", "finding", lambda: R.location("f-1"), TypeError),
    ("Report.subject_name", "finding", lambda: R.subject_name(None), TypeError),
    ("Result.count_of", "rule", lambda: S.count_of(1), TypeError),
    ("Result.count", "severity", lambda: S.count("errors"), ArgumentError),
    ("Result.by_rule", "rule", lambda: S.by_rule(None), TypeError),
    ("Result.by_article", "article", lambda: S.by_article(16.0), TypeError),
    ("Result.to_dict", "lang", lambda: S.to_dict("EN"), ArgumentError),
    ("Result.to_dict", "explain", lambda: S.to_dict(explain=None), TypeError),
    ("Finding.to_dict", "lang", lambda: F.to_dict("de"), ArgumentError),
    ("Finding.to_dict", "explain", lambda: F.to_dict(explain="1"), TypeError),
    ("FactSet.origin", "collection", lambda: R.facts.origin(None, "u"), TypeError),
    ("FactSet.origin", "id", lambda: R.facts.origin("units", 1), TypeError),
    ("FactSet.place", "collection", lambda: R.facts.place(0, "u"), TypeError),
    ("FactSet.place", "id", lambda: R.facts.place("units", None), TypeError),
    ("WorkdayCalendar", "schedules", lambda: WC(None), TypeError),
    ("WorkdayCalendar", "schedules", lambda: WC({2024: "x"}), TypeError),
    ("WorkdayCalendar", "source", lambda: WC({}, source=None), TypeError),
    (W + "with_schedules", "schedules", lambda: C.with_schedules("x"), TypeError),
    (W + "with_schedules", "source", lambda: C.with_schedules({}, 1), TypeError),
    (W + "source", "year", lambda: C.source("2024"), TypeError),
    (W + "schedule", "year", lambda: C.schedule(2024.0), TypeError),
    (W + "is_workday", "d", lambda: C.is_workday("2024-03-01"), TypeError),
    (W + "workdays_between", "a", lambda: C.workdays_between(None, DAY), TypeError),
    (W + "workdays_between", "b", lambda: C.workdays_between(DAY, 5), TypeError),
    (W + "add_workdays", "d", lambda: C.add_workdays("x", 0), TypeError),
    (W + "add_workdays", "n", lambda: C.add_workdays(DAY, "3"), TypeError),
    (W + "nth_workday_from", "d", lambda: C.nth_workday_from(1, 1), TypeError),
    (W + "nth_workday_from", "n", lambda: C.nth_workday_from(DAY, 1.0), TypeError),
    (W + "nth_workday_from", "n", lambda: C.nth_workday_from(DAY, 0), ArgumentError),
    (W + "holidays_in", "a", lambda: C.holidays_in([], DAY), TypeError),
    (W + "holidays_in", "b", lambda: C.holidays_in(DAY, "x"), TypeError),
    (W + "adjusted_workdays_in", "a", lambda: C.adjusted_workdays_in(0, DAY), TypeError),
    (W + "adjusted_workdays_in", "b", lambda: C.adjusted_workdays_in(DAY, None), TypeError),
    ("PolicyError", "diagnostics", lambda: PE("not found"), TypeError),
    ("PolicyError.simple", "code", lambda: PE.simple(601, "x", "x"), TypeError),
    ("PolicyError.simple", "zh", lambda: PE.simple("E601", None, "x"), TypeError),
    ("PolicyError.simple", "en", lambda: PE.simple("E601", "x", b"x"), TypeError),
    ("PolicyError.simple", "location", lambda: PE.simple("E601", "x", "x", location=1), TypeError),
    ("PolicyError.simple", "help", lambda: PE.simple("E601", "x", "x", help="h"), TypeError),
    ("PolicyError.render", "lang", lambda: E.render("english"), ArgumentError),
    ("PolicyError.to_dict", "lang", lambda: E.to_dict(None), TypeError),
    # policyengine.testing, the policy authors' helpers
    ("testing.evaluate", "policy", lambda: T.evaluate("anhua", DOC), TypeError),
    ("testing.evaluate", "facts", lambda: T.evaluate(TINY, "facts.yaml"), TypeError),
    ("testing.evaluate", "facts[1]", lambda: T.evaluate(TINY, [DOC, None]), TypeError),
    ("testing.evaluate", "as_of", lambda: T.evaluate(TINY, DOC, as_of="2024-03-01"), TypeError),
    ("testing.evaluate", "params", lambda: T.evaluate(TINY, DOC, params=[]), TypeError),
    ("testing.evaluate", "calendar", lambda: T.evaluate(TINY, DOC, calendar=2024), TypeError),
    ("testing.evaluate", "strict", lambda: T.evaluate(TINY, DOC, strict="no"), TypeError),
    ("testing.note_facts", "facts", lambda: T.note_facts("units: []"), TypeError),
    ("testing.note_facts", "label", lambda: T.note_facts(DOC, None), TypeError),
    ("testing.to_yaml", "doc", lambda: T.to_yaml([DOC]), TypeError),
    ("testing.findings_by_rule", "result", lambda: T.findings_by_rule(None), TypeError),
    ("testing.findings_by_rule", "result[0]", lambda: T.findings_by_rule(["x"]), TypeError),
    ("testing.findings_by_article", "result", lambda: T.findings_by_article("第十六条"), TypeError),
    ("testing.finding_key", "f", lambda: T.finding_key(FINDING.to_dict()), TypeError),
    (CH, "policy", lambda: ch(None, DOC, DOC, []), TypeError),
    (CH, "before", lambda: ch(TINY, 1, DOC, []), TypeError),
    (CH, "after", lambda: ch(TINY, DOC, "x", []), TypeError),
    (CH, "rules", lambda: ch(A, DOC, DOC, "stale_account"), TypeError),
    (CH, "rules", lambda: ch(A, DOC, DOC, [1]), TypeError),
    (CH, "rules", lambda: ch(A, DOC, DOC, ["stale"]), ArgumentError),
    (CH, "colour", lambda: ch(TINY, DOC, DOC, [], colour=1), TypeError),
    ("testing.rename_ids", "policy", lambda: T.rename_ids("anhua", DOC, lambda c, i: i), TypeError),
    ("testing.rename_ids", "doc", lambda: T.rename_ids(TINY, None, lambda c, i: i), TypeError),
    ("testing.rename_ids", "rename", lambda: T.rename_ids(TINY, DOC, {"u-1": "u-2"}), TypeError),
    ("testing.fact_ids", "policy", lambda: T.fact_ids(DOC, TINY), TypeError),
    ("testing.fact_ids", "doc", lambda: T.fact_ids(TINY, "units"), TypeError),
    (BD, "low", lambda: bd(None), TypeError),
    (BD, "low", lambda: bd(datetime.datetime(2024, 1, 1)), TypeError),
    (BD, "high", lambda: bd(DAY, "2024-12-31"), TypeError),
    (BD, "high", lambda: bd(DAY, DAY - datetime.timedelta(1)), ArgumentError),
    (FF, "policy", lambda: ff("anhua"), TypeError),
    (FF, "window", lambda: ff(TINY, window=DAY), TypeError),
    (FF, "window", lambda: ff(TINY, window=(DAY, "2025-01-01")), TypeError),
    (FF, "window", lambda: ff(TINY, window=(DAY, datetime.date(2023, 1, 1))), ArgumentError),
    (FF, "window", lambda: ff(TINY, window=Y1990), ArgumentError),
    (FF, "max_per_kind", lambda: ff(TINY, max_per_kind="5"), TypeError),
    (FF, "max_per_kind", lambda: ff(TINY, max_per_kind=-1), ArgumentError),
    (FF, "edges", lambda: ff(TINY, edges="yes"), TypeError),
    (FF, "as_of", lambda: ff(TINY, as_of=20240301), TypeError),
    (FF, "calendar", lambda: ff(TINY, calendar={}), TypeError),
    (FF, "params", lambda: ff(TINY, params=1), TypeError),
    (FF, "calendar", lambda: ff(TINY, calendar=WC({})), ArgumentError),
    (FF, "accounts", lambda: ff(TINY, accounts=[]), TypeError),
    (FF, "units", lambda: ff(TINY, units="u-1"), TypeError),
    (FF, "units[0]", lambda: ff(TINY, units=["u-1"]), TypeError),
]  # fmt: skip

# Entry points whose parameters take every value (or that the library, not a caller, makes).
EXEMPT = {
    "FactSet": "made by load_facts and Policy.facts, never by a caller",
    "Finding": "made by an evaluation",
    "Policy": "made by load_policy and compile_policy",
    "Result": "made by an evaluation",
    "Result.build": "how an evaluation makes a Result",
}


@pytest.mark.parametrize(
    ("entry", "parameter", "call", "raised"),
    CASES,
    ids=[f"{entry}({parameter})-{n}" for n, (entry, parameter, _, _) in enumerate(CASES)],
)
def test_a_wrong_argument_is_named(
    entry: str, parameter: str, call: Call, raised: type[Exception]
) -> None:
    with pytest.raises(Exception) as caught:  # the type is checked below
        call()
    error = caught.value
    assert type(error) is raised, error
    text = error.render("en") if isinstance(error, PolicyError) else str(error)
    assert f"{entry}()" in text
    assert f"`{parameter}`" in text
    if isinstance(error, ArgumentError):
        assert isinstance(error, ValueError)
        assert error.code == "E609"
        assert f"`{parameter}`" in error.render("zh")


def _entry_points() -> dict[str, list[str]]:
    """Every public function and method reachable from ``policyengine.__all__`` and
    ``policyengine.testing.__all__`` (named ``testing.…``), with its parameters (``self``
    and ``cls`` left out; ``**name`` for one taking any keyword)."""
    found: dict[str, list[str]] = {}

    def add(name: str, function: Any) -> None:
        names = [
            f"**{p.name}" if p.kind is p.VAR_KEYWORD else p.name
            for p in inspect.signature(function).parameters.values()
            if p.name not in ("self", "cls")
        ]
        if names:
            found[name] = names

    for name in policyengine.testing.__all__:
        value = getattr(policyengine.testing, name)
        if inspect.isfunction(value):
            add(f"testing.{name}", value)
    for name in policyengine.__all__:
        value = getattr(policyengine, name)
        if inspect.isfunction(value):
            add(name, value)
        elif inspect.isclass(value):
            add(name, value)
            for member_name, member in vars(value).items():
                target = getattr(member, "__func__", member)
                if not member_name.startswith("_") and inspect.isfunction(target):
                    add(f"{name}.{member_name}", target)
    return found


def test_every_parameter_of_every_entry_point_has_a_case() -> None:
    """A ``**name`` parameter is covered by a case naming a keyword the entry point
    does not declare (``facts_for(units=...)``)."""
    entries = _entry_points()
    covered = {(entry, parameter.partition("[")[0]) for entry, parameter, _, _ in CASES}
    covered |= {
        (entry, star)
        for entry, parameter, _, _ in CASES
        for star in entries.get(entry, ())
        if star.startswith("**") and parameter.partition("[")[0] not in entries[entry]
    }
    missing = [
        f"{entry}({parameter})"
        for entry, parameters in entries.items()
        if entry not in EXEMPT
        for parameter in parameters
        if (entry, parameter) not in covered
    ]
    assert missing == []
    assert set(EXEMPT) <= set(_entry_points())


def test_right_arguments_still_work() -> None:
    assert policyengine.load_facts([]).documents == ()  # type: ignore[union-attr]
    assert pe.load_facts(iter([str(FACTS)])).documents
    result = TINY.evaluate(TINY_FACTS, as_of=DAY, params={}, calendar=CALENDAR, max_steps=0)
    assert result.facts == 1
    assert REPORT.render("table", width=1)
    assert ANHUA.rules_for(16) == ANHUA.rules_for("第十六条")
    assert CALENDAR.add_workdays(DAY, 0) == DAY
    assert PolicyError([Diagnostic("E601", Text("x", "x"))]).code == "E601"


def test_a_path_string_is_never_read_as_a_list_of_paths() -> None:
    with pytest.raises(TypeError, match=r"for one file write \["):
        policyengine.load_facts(str(FACTS))
    with pytest.raises(TypeError, match=r"read a file with load_facts\(\["):
        ANHUA.evaluate(os.fspath(FACTS))  # type: ignore[arg-type]


_ANY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.binary(max_size=8),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just(object()),
)

# One usable call per entry point, to change one argument of.
_CALLS: dict[str, tuple[Callable[..., object], dict[str, Any]]] = {
    "compile_policy": (policyengine.compile_policy, {"text": TEXT, "max_degree": 3}),
    "load_facts": (policyengine.load_facts, {"paths": [FACTS], "policy": None, "strict": False}),
    "Policy.evaluate": (
        TINY.evaluate,
        {"facts": TINY_FACTS, "as_of": DAY, "params": None, "calendar": None, "strict": False,
         "max_steps": 10},
    ),
    "Report.render": (
        REPORT.render,
        {"format": "csv", "lang": "en", "explain": False, "fail_on": "error", "width": None},
    ),
    "Report.to_dict": (REPORT.to_dict, {"lang": "zh", "explain": False}),
    "Report.exit_status": (REPORT.exit_status, {"fail_on": "error"}),
    "Result.by_article": (RESULT.by_article, {"article": 16}),
    "WorkdayCalendar.add_workdays": (CALENDAR.add_workdays, {"d": DAY, "n": 3}),
    "WorkdayCalendar.workdays_between": (CALENDAR.workdays_between, {"a": DAY, "b": DAY}),
    "PolicyError.to_dict": (ERROR.to_dict, {"lang": "en"}),
}  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entry=st.sampled_from(sorted(_CALLS)), data=st.data(), value=_ANY)
def test_any_value_works_or_is_refused_by_name(entry: str, data: st.DataObject, value: Any) -> None:
    """Whatever value one argument takes, the call works or raises TypeError or a
    PolicyError; a TypeError names the argument."""
    function, arguments = _CALLS[entry]
    parameter = data.draw(st.sampled_from(sorted(arguments)))
    try:
        function(**{**arguments, parameter: value})
    except TypeError as exc:
        assert f"`{parameter}" in str(exc) or f"of `{parameter}`" in str(exc), exc
    except PolicyError:
        pass
