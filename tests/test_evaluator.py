"""The columnar evaluator on small policies: when a year the calendar lacks makes a fact
indeterminate, the aggregates' paths (group-by, index, row by row), the effective date,
and findings that say what they found when first read."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyengine.policy import Policy, compile_policy

HEAD = """
policy t "test"
  effective 2024-01-01
enum kind_of_filing { open, change }
facts accounts of account {
  name: str  status: enum { active, closed }  opened_on: date  closed_on: date?
}
facts filings of filing dated submitted_on {
  account: ref account  kind: kind_of_filing  submitted_on: date
  start: date?  end: date?  given: int?  wait: workdays?
}
parameter min_days: workdays = 3 "minimum" source "s" confidence high
article 第一条 "text"
"""

AS_OF = datetime.date(2026, 6, 1)
# 2024-10-08..10 are three working days; 2030 is a year the calendar does not know,
# so 2030-01-07..09 holds from 0 to 3 working days: whether it is fewer than 3 is open.
SHORT = ("2024-10-08", "2024-10-09")
LONG = ("2024-10-08", "2024-10-10")
FUTURE = ("2030-01-07", "2030-01-09")


def policy_with(rule: str) -> Policy:
    return compile_policy(HEAD + rule, "t.policy")


def filing(fid: str, kind: str, period: tuple[str, str] | None, account: str = "a1") -> Any:
    out: dict[str, Any] = {"id": fid, "account": account, "kind": kind}
    out["submitted_on"] = "2024-10-01"
    if period is not None:
        out["start"], out["end"] = period
    return out


def accounts(*ids: str, opened_on: str = "2024-01-05") -> list[dict[str, Any]]:
    return [{"id": i, "name": i, "status": "active", "opened_on": opened_on} for i in ids]


def verdicts(policy: Policy, filings: list[Any], accts: list[Any] | None = None) -> set[Any]:
    facts = {"accounts": accts or accounts("a1", "a2"), "filings": filings}
    result = policy.evaluate(facts, as_of=AS_OF)
    return {(f.subject, f.severity) for f in result.findings}


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        # `and` counts only where the left side is not false
        (
            "f.kind == open and period_workdays(f.start, f.end) < min_days",
            {("o-short", "error"), ("o-future", "indeterminate")},
        ),
        # `or` counts only where the left side is not true
        (
            "f.kind == change or period_workdays(f.start, f.end) < min_days",
            {("c-future", "error"), ("o-short", "error"), ("o-future", "indeterminate")},
        ),
        # `if` counts only in the branch taken
        (
            "if f.kind == open then period_workdays(f.start, f.end) < min_days else false",
            {("o-short", "error"), ("o-future", "indeterminate")},
        ),
        # `otherwise` counts only where the left side is unknown
        (
            "(f.given otherwise period_workdays(f.start, f.end)) < min_days",
            {("o-short", "error"), ("o-future", "indeterminate"), ("c-future", "error")},
        ),
    ],
)
def test_a_year_the_calendar_lacks_matters_only_where_it_decides(
    when: str, expected: set[Any]
) -> None:
    policy = policy_with(
        f'rule r "t" cites 第一条 severity error for f in filing when {when} message "x"'
    )
    filings = [
        filing("o-short", "open", SHORT),
        filing("o-long", "open", LONG),
        filing("o-future", "open", FUTURE),
        {**filing("c-future", "change", FUTURE), "given": 1},
    ]
    assert verdicts(policy, filings) == expected


@pytest.mark.parametrize(
    ("when", "fires"),
    [
        # unknown and true is unknown, so `not` of it is unknown: no finding
        ("not (f.given > 1 and period_workdays(f.start, f.end) > 1)", False),
        # unknown and false is false
        ("not (f.given > 1 and period_workdays(f.start, f.end) > 5)", True),
        # unknown or false is unknown; unknown or true is true
        ("not (f.given > 1 or period_workdays(f.start, f.end) > 5)", False),
        ("f.given > 1 or period_workdays(f.start, f.end) > 1", True),
        # `otherwise` takes the right side where the left is unknown
        ("(f.given otherwise period_workdays(f.start, f.end)) == 2", True),
    ],
)
def test_unknown_left_operands_still_evaluate_the_right_side(when: str, fires: bool) -> None:
    policy = policy_with(
        f'rule r "t" cites 第一条 severity error for f in filing when {when} message "x"'
    )
    expected = {("f1", "error")} if fires else set()
    assert verdicts(policy, [filing("f1", "open", SHORT)]) == expected


@pytest.mark.parametrize(
    ("lets", "when", "expected"),
    [
        # unknown and false is false, whichever side the unknown is on
        ("", "period_workdays(f.start, f.end) < min_days and f.kind == change",
         {("c-future", "indeterminate")}),
        ("", "f.kind == change and period_workdays(f.start, f.end) < min_days",
         {("c-future", "indeterminate")}),
        # unknown or true is true, whichever side the unknown is on
        ("", "period_workdays(f.start, f.end) < min_days or f.kind == open",
         {("o-short", "error"), ("o-long", "error"), ("o-future", "error"),
          ("c-future", "indeterminate")}),
        ("", "f.kind == open or period_workdays(f.start, f.end) < min_days",
         {("o-short", "error"), ("o-long", "error"), ("o-future", "error"),
          ("c-future", "indeterminate")}),
        # the same through a let that holds the bounds
        ("let n = period_workdays(f.start, f.end)", "n < min_days and f.kind == change",
         {("c-future", "indeterminate")}),
        ("let n = period_workdays(f.start, f.end)", "n >= min_days or f.kind == open",
         {("o-short", "error"), ("o-long", "error"), ("o-future", "error"),
          ("c-future", "indeterminate")}),
    ],
)  # fmt: skip
def test_a_known_side_decides_whatever_the_unknown_year(
    lets: str, when: str, expected: set[Any]
) -> None:
    """``x and false`` is false and ``x or true`` is true even where ``x`` needs a year
    the calendar lacks: such a fact is decided, not indeterminate."""
    policy = policy_with(
        f'rule r "t" cites 第一条 severity error for f in filing {lets} when {when} message "x"'
    )
    filings = [
        filing("o-short", "open", SHORT),
        filing("o-long", "open", LONG),
        filing("o-future", "open", FUTURE),
        filing("c-future", "change", FUTURE),
    ]
    assert verdicts(policy, filings) == expected


PERIOD_DAYS = st.dates(datetime.date(2029, 12, 20), datetime.date(2030, 1, 20))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["open", "change"]), PERIOD_DAYS, PERIOD_DAYS),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["and", "or"]),
)
def test_and_and_or_commute_with_an_unknown_year(
    rows: list[tuple[str, datetime.date, datetime.date]], op: str
) -> None:
    """The order of the operands never changes a verdict (Kleene logic commutes)."""
    facts = [
        filing(f"f{i}", kind, (start.isoformat(), end.isoformat()))
        for i, (kind, start, end) in enumerate(rows)
    ]
    period, kind = "period_workdays(f.start, f.end) < min_days", "f.kind == change"
    rule = 'rule r "t" cites 第一条 severity error for f in filing when {} message "x"'
    results = [
        verdicts(policy_with(rule.format(f"{a} {op} {b}")), facts)
        for a, b in ((period, kind), (kind, period))
    ]
    assert results[0] == results[1]


@pytest.mark.parametrize(
    ("aggregate", "expected"),
    [
        # any: a short period decides, whatever the unknown year would say
        ("any", {("a1", "error"), ("a2", "indeterminate")}),
        # count: every included item must be counted
        ("count", {("a1", "indeterminate"), ("a2", "indeterminate")}),
        # the same, row by row (the filter reads the outer fact beyond the key)
        ("any per row", {("a1", "error"), ("a2", "indeterminate")}),
        ("count per row", {("a1", "indeterminate"), ("a2", "indeterminate")}),
    ],
)
def test_a_year_the_calendar_lacks_inside_a_grouped_aggregate(
    aggregate: str, expected: set[Any]
) -> None:
    test = "period_workdays(f.start, f.end) < min_days"
    if aggregate.endswith("per row"):
        test = f"f.submitted_on >= a.opened_on and {test}"
    if aggregate.startswith("any"):
        cond = f"any(f in filing where f.account == a and {test})"
    else:
        cond = f"count(f in filing where f.account == a and {test}) > 0"
    policy = policy_with(
        f'rule r "t" cites 第一条 severity error for a in account when {cond} message "x"'
    )
    filings = [
        filing("f1", "open", SHORT, "a1"),
        filing("f2", "open", FUTURE, "a1"),
        filing("f3", "open", FUTURE, "a2"),
        filing("f4", "open", LONG, "a2"),
    ]
    assert verdicts(policy, filings) == expected


@pytest.mark.parametrize(
    ("expr", "a1", "a2"),
    [
        # group-by: the rest of the filter reads only the item
        ("count(f in filing where f.account == a and f.kind == open)", 2, 1),
        ("latest(f.submitted_on for f in filing where f.account == a)", "2024-10-03", "2024-10-01"),
        (
            "earliest(f.submitted_on for f in filing where f.account == a)",
            "2024-10-01",
            "2024-10-01",
        ),
        ("sum(f.given for f in filing where f.account == a)", 5, 0),
        ("min(f.given for f in filing where f.account == a)", 2, None),
        ("any(f in filing where f.account == a and f.kind == change)", True, False),
        # index per row: the filter reads the outer fact beyond the key
        ("count(f in filing where f.account == a and f.submitted_on > a.opened_on)", 1, 1),
        ("count(f in filing where f.account == a and f.submitted_on < a.opened_on)", 2, 0),
        # row by row: no key at all
        ("count(f in filing where f.submitted_on > a.opened_on)", 1, 4),
        ("all(f in filing where f.account == a)", False, False),
        ("all(f in filing where f.kind == open or f.kind == change)", True, True),
        # a list field as the source
        ('count(m in a.tags where m == "x")', 1, 0),
    ],
)
def test_aggregates_by_every_path(expr: str, a1: Any, a2: Any) -> None:
    head = HEAD.replace("closed_on: date?", "closed_on: date?  tags: list of str")
    policy = compile_policy(
        head
        + f'rule r "t" cites 第一条 severity info for a in account let v = {expr} when true '
        + 'message "{v}"',
        "t.policy",
    )
    accts = [
        {**accounts("a1")[0], "opened_on": "2024-10-02", "tags": ["x", "y"]},
        {**accounts("a2")[0], "opened_on": "2024-09-30", "tags": []},
    ]
    filings = [
        {**filing("f1", "open", None, "a1"), "given": 2},
        {**filing("f2", "open", None, "a1"), "submitted_on": "2024-10-03", "given": 3},
        {**filing("f3", "change", None, "a1")},
        {**filing("f4", "open", None, "a2")},
    ]
    result = policy.evaluate({"accounts": accts, "filings": filings}, as_of=AS_OF)
    got = {f.subject: f.explanation.values["v"] for f in result.findings if f.explanation}
    assert got == {"a1": a1, "a2": a2}


def test_the_effective_date_skips_earlier_acts_and_keeps_undated_ones() -> None:
    policy = policy_with(
        'rule r "t" cites 第一条 severity error for a in account dated a.closed_on '
        'when a.status == closed message "x"'
    )
    accts = [
        {**accounts("before")[0], "status": "closed", "closed_on": "2023-12-31"},
        {**accounts("after")[0], "status": "closed", "closed_on": "2024-01-01"},
        {**accounts("undated")[0], "status": "closed"},
        accounts("open")[0],
    ]
    assert verdicts(policy, [], accts) == {("after", "error"), ("undated", "error")}


def test_a_year_the_calendar_lacks_in_the_act_date_is_indeterminate() -> None:
    policy = policy_with(
        'rule r "t" cites 第一条 severity error for f in filing '
        "dated deadline_after(f.submitted_on, f.wait) "
        'when f.kind == open message "x"'
    )
    filings = [
        {**filing("near", "open", None), "wait": 1},
        {**filing("far", "open", None), "submitted_on": "2026-12-30", "wait": 30},
    ]
    assert verdicts(policy, filings) == {("near", "error"), ("far", "indeterminate")}


def test_findings_say_what_they_found_when_first_read() -> None:
    policy = policy_with(
        'rule r "t" cites 第一条 severity error for f in filing '
        "let n = period_workdays(f.start, f.end) when n < min_days "
        'message "{f.id} 仅 {n} 个工作日" message en "{f.id}: {n} working days" '
        "evidence days = n"
    )
    facts = {"accounts": accounts("a1"), "filings": [filing("f1", "open", SHORT)]}
    (finding,) = policy.evaluate(facts, as_of=AS_OF).findings
    assert (finding.rule, finding.subject, finding.severity) == ("r", "f1", "error")
    assert finding.message == "f1 仅 2 个工作日"
    assert finding.messages.en == "f1: 2 working days"
    assert finding.evidence == {"days": 2}
    assert finding.details is finding.details  # worked out once
    assert finding.explanation is not None
    (period,) = finding.explanation.periods
    assert (period.start, period.end, period.workdays) == (
        datetime.date(2024, 10, 8),
        datetime.date(2024, 10, 9),
        2,
    )


@pytest.mark.parametrize(
    ("end", "day", "seen"),
    [
        ("2024-10-09", "2024-10-10", "2024-10-09"),  # the day before: it had happened
        ("2024-10-10", "2024-10-10", "2024-10-10"),  # the day itself: it had
        ("2024-10-11", "2024-10-10", None),  # the day after: not yet
        (None, "2024-10-10", None),  # no date: unknown
        ("2024-10-09", None, None),  # no day to see it from: unknown
    ],
)
def test_happened_by_sees_a_date_only_from_its_day(
    end: str | None, day: str | None, seen: str | None
) -> None:
    policy = policy_with(
        'rule r "t" cites 第一条 severity error for f in filing '
        "let seen = happened_by(f.end, f.start) when true "
        'message "{seen}" evidence seen = seen, is_null = seen is null'
    )
    doc = filing("f1", "open", None)
    doc.update({k: v for k, v in (("end", end), ("start", day)) if v is not None})
    (finding,) = policy.evaluate(
        {"accounts": accounts("a1"), "filings": [doc]}, as_of=AS_OF
    ).findings
    assert finding.evidence == {"seen": seen, "is_null": seen is None}


@pytest.mark.parametrize(
    ("name", "zh"),
    [
        ("安化发布", "账号 安化发布 已关停"),  # the message's spaces part a value from Chinese
        ("安化发布（旧）", "账号 安化发布（旧）已关停"),  # none after a closing mark
        ("“安化”", "账号“安化”已关停"),  # nor before an opening one
        ("（旧）安化", "账号（旧）安化 已关停"),
    ],
)
def test_no_space_beside_a_value_s_full_width_mark(name: str, zh: str) -> None:
    policy = policy_with(
        'rule r "t" cites 第一条 severity error for a in account when true '
        'message "账号 {a.name} 已关停" message en "account {a.name} closed"'
    )
    facts = {"accounts": [{"id": "a1", "name": name, "status": "active",
                           "opened_on": "2024-01-05"}]}  # fmt: skip
    (finding,) = policy.evaluate(facts, as_of=AS_OF).findings
    assert (finding.message, finding.messages.en) == (zh, f"account {name} closed")


def test_rules_asking_the_same_question_agree() -> None:
    """Two rules share one group-by table and one attribute column; each still gets
    its own answer."""
    agg = "latest(f.submitted_on for f in filing where f.account == a)"
    policy = policy_with(
        f'rule r1 "t" cites 第一条 severity error for a in account let v = {agg} '
        'when v is null message "x"\n'
        f'rule r2 "t" cites 第一条 severity error for a in account let v = {agg} '
        'when v is not null message "x"\n'
    )
    facts = {"accounts": accounts("a1", "a2"), "filings": [filing("f1", "open", None, "a1")]}
    result = policy.evaluate(facts, as_of=AS_OF)
    assert {(f.rule, f.subject) for f in result.findings} == {("r1", "a2"), ("r2", "a1")}


def test_findings_can_be_pickled_with_what_they_say() -> None:
    """A result sent to another process carries its messages and explanations."""
    import pickle

    policy = policy_with(
        'rule r "t" cites 第一条 severity error for f in filing '
        'let n = period_workdays(f.start, f.end) when n < min_days message "{f.id}: {n}"'
    )
    facts = {"accounts": accounts("a1"), "filings": [filing("f1", "open", SHORT)]}
    result = policy.evaluate(facts, as_of=AS_OF)
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result
    assert [f.to_dict(explain=True) for f in copy.findings] == [
        f.to_dict(explain=True) for f in result.findings
    ]
    assert copy.findings[0].message == "f1: 2"


# --------------------------------------------------------------------------- together = one by one

_DATES = [
    "f.submitted_on", "f.start", "f.end", "as_of", "2024-10-08", "f.account.opened_on",
    "f.account.closed_on", "add_days(f.submitted_on, 3)",
    "deadline_after(f.submitted_on, min_days)",
    "later(f.start, f.end)", "earlier(f.start, f.submitted_on)", "happened_by(f.end, as_of)",
    "latest(g.submitted_on for g in filing where g.account == f.account)",
    "earliest(g.end for g in filing where g.account == f.account and g.start < f.submitted_on)",
]  # fmt: skip
_NUMBERS = [  # by unit: only numbers of one unit compare
    ["period_workdays(f.start, f.end)", "min_days",
     "period_workdays(f.submitted_on, f.account.closed_on)"],
    ["days(f.start, f.end)", "days(f.submitted_on, as_of)"],
    ["count(g in filing where g.account == f.account and g.kind == open)",
     "count(g in filing where g.submitted_on < f.submitted_on)",
     "count(g in filing where g.account == f.account "
     "and period_workdays(g.start, g.end) > min_days)"],
    ["f.given", "3", "(f.given otherwise 2)",
     "sum(g.given for g in filing where g.account == f.account)"],
]  # fmt: skip
_BOOLS = [
    "f.kind == open", "f.kind in {open, change}", "f.account.status == active",
    "f.start is null", "f.given is not null",
    "any(g in filing where g.account == f.account and g.kind == change)",
    "all(g in filing where g.given is not null or g.kind == open)",
]  # fmt: skip


def _conditions() -> Any:
    from hypothesis import strategies as st

    def compare(kinds: list[str]) -> Any:
        return st.tuples(
            st.sampled_from(kinds), st.sampled_from(["<", "<=", "==", "!=", ">"]),
            st.sampled_from(kinds),
        ).map(" ".join)  # fmt: skip

    atoms = st.one_of(st.sampled_from(_BOOLS), compare(_DATES), *map(compare, _NUMBERS))
    return st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or", "otherwise"]), inner).map(
                lambda t: f"(({t[0]}) {t[1]} ({t[2]}))"
            ),
            inner.map(lambda b: f"(not ({b}))"),
            st.tuples(inner, inner, inner).map(lambda t: f"(if {t[0]} then {t[1]} else {t[2]})"),
        ),
        max_leaves=6,
    )


def _one_at_a_time(policy: Policy, facts: Any, as_of: datetime.date) -> set[Any]:
    """The verdicts of the policy's one rule computed for each fact on its own: the same
    column functions, on frames of one row."""
    from policyengine import params as params_mod
    from policyengine.calendar import WorkdayCalendar
    from policyengine.frames import Context, Frame

    (rule,) = policy.rules
    fact_set = policy.facts(facts)
    values = params_mod.resolve(policy.checked.params, {})
    ctx = Context(fact_set, values, WorkdayCalendar.default(), as_of)
    effective = policy.checked.effective
    out = set()
    for record in fact_set.by_kind[rule.kind]:
        ctx.failed = {}
        frame = Frame({rule.decl.var: (record,)}, (0,))
        assert rule.dated is not None and effective is not None
        day = rule.dated[1](frame, ctx)[0]
        if day is not None and not effective <= day <= as_of:
            continue
        decided = rule.where is None or rule.where(frame, ctx)[0] is True
        if decided:
            for name, fn in rule.lets:
                frame.cols[name] = fn(frame, ctx)
            decided = rule.when(frame, ctx)[0] is True
        if ctx.failed:
            out.add((record["id"], "indeterminate"))
        elif decided:
            out.add((record["id"], "error"))
    return out


def test_facts_evaluated_together_get_the_verdicts_they_get_one_by_one() -> None:
    """The law behind the columnar evaluator: selecting rows, gathering columns,
    sharing attribute columns and evaluating operands only where they decide never
    changes a fact's verdict. Random conditions over random facts (dates in the last
    days of 2026 reach 2027, which the calendar lacks)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyengine.testing import facts_for

    window = (datetime.date(2024, 9, 20), datetime.date(2026, 12, 31))
    sample_policy = policy_with(
        'rule r "t" cites 第一条 severity error for f in filing when min_days > 0 message "x"'
    )

    @settings(max_examples=settings.default.max_examples, deadline=None)
    @given(
        where=st.none() | _conditions(),
        let=st.sampled_from(_NUMBERS[0]),
        when=_conditions(),
        data=st.data(),
    )
    def law(where: str | None, let: str, when: str, data: Any) -> None:
        where_clause = f"where {where} " if where is not None else ""
        policy = policy_with(
            f'rule r "t" cites 第一条 severity error for f in filing {where_clause}'
            f'let x = {let} when {when} or x < min_days message "{{f.id}} {{x}}"'
        )
        facts = data.draw(facts_for(sample_policy, window=window, max_per_kind=6, as_of=None))
        result = policy.evaluate(facts, as_of=AS_OF)
        together = {(f.subject, f.severity) for f in result.findings}
        assert together == _one_at_a_time(policy, facts, AS_OF)

    law()


@pytest.mark.parametrize("given", [7, 2**62])  # 4 * 2**62: beyond orjson, rendered by json
def test_json_output_is_what_the_standard_library_writes(given: int) -> None:
    """Facts hold 64-bit integers, but arithmetic on them may go beyond (``4 * 2**62``)."""
    import json

    from policyengine import render

    policy = policy_with(
        'rule r "t" cites 第一条 severity error for f in filing '
        "let big = f.given + f.given + f.given + f.given when f.given > 1 "
        'message "备案 {f.id}：{big}" evidence given = big'
    )
    facts = {
        "accounts": accounts("a1"),
        "filings": [{**filing("f1", "open", SHORT), "given": given}],
    }
    report = policy.report(facts, as_of=AS_OF)
    for explain in (False, True):
        expected = json.dumps(report.to_dict("zh", explain=explain), ensure_ascii=False, indent=2)
        assert render.findings_json(report, "zh", explain=explain) == expected + "\n"
        utf8 = render.findings_json_utf8(report, "zh", explain=explain)
        assert utf8 == (expected + "\n").encode("utf-8")


def test_json_as_utf8_escapes_what_utf8_cannot_hold() -> None:
    """A lone surrogate cannot be written as UTF-8: the bytes written to a UTF-8 target
    escape it, as the ASCII-only text does. Facts holding one are refused (E422), but
    a library caller's policy text, a str, may hold one in a message."""
    import json

    from policyengine import render

    policy = policy_with(
        'rule r "t" cites 第一条 severity error for f in filing when f.given > 1 '
        'message "备案 {f.id}\ud800：{f.given}"'
    )
    facts = {
        "accounts": accounts("a1"),
        "filings": [{**filing("f1", "open", SHORT), "given": 7}],
    }
    report = policy.report(facts, as_of=AS_OF)
    utf8 = render.findings_json_utf8(report, "zh")
    assert utf8 == render.findings_json(report, "zh", ascii_only=True).encode("ascii")
    assert json.loads(utf8)["findings"][0]["message"] == "备案 f1\ud800：7"


def test_an_if_branch_with_an_aggregate_runs_only_on_the_rows_that_take_it() -> None:
    """An `if` whose branch holds an aggregate evaluates it only on the rows taking it:
    looking at every filing for each of 50 accounts would take 5,000 steps; only the
    one account that takes the branch looks (about 150 steps in all)."""
    policy = policy_with("""
rule one "t" cites 第一条 severity warning
  for a in account
  let n = if a.name == "a1" then count(f in filing where f.account != a) else 0
  when n > 0
  message "{a.name}"
""")
    filings = [filing(f"f{i}", "open", SHORT, account="a0") for i in range(100)]
    facts = {"accounts": accounts(*(f"a{i}" for i in range(50))), "filings": filings}
    result = policy.evaluate(facts, as_of=AS_OF, max_steps=1000)
    assert [f.subject for f in result.findings] == ["a1"]


@pytest.mark.parametrize("shared", [False, True], ids=["one rule", "two rules, one where"])
@pytest.mark.parametrize("each", [False, True], ids=["per fact", "per item"])
def test_a_fact_whose_where_is_unknown_is_undecided_not_passed(shared: bool, each: bool) -> None:
    """A `where` that is unknown may select a fact the rule governs: the fact is
    examined and left undecided, in the order of the facts; a false `where` leaves it
    out. Rules sharing a `where` (one selection for both) count alike."""
    source = ", n in {a.name}" if each else ""
    rule = (
        f'rule NAME "t" cites 第一条 severity error for a in account{source} '
        'where a.closed_on 晚于 2024-01-01 when a.status == closed message "x"\n'
    )
    names = ("r1", "r2") if shared else ("r1",)
    policy = policy_with("".join(rule.replace("NAME", name) for name in names))
    accts = [
        {**accounts("unknown")[0], "status": "closed"},  # no closed_on: where unknown
        {**accounts("out")[0], "status": "closed", "closed_on": "2023-12-01"},  # false
        {**accounts("fires")[0], "status": "closed", "closed_on": "2024-06-01"},
        {**accounts("passes")[0], "closed_on": "2024-06-01"},
        accounts("unknown2")[0],
    ]
    result = policy.evaluate({"accounts": accts}, as_of=AS_OF, outcomes=True)
    subject = (lambda i: f"{i}/{i}") if each else (lambda i: i)
    for name in names:
        count = result.count_of(name)
        assert (count.examined, count.failed, count.undecided, count.passed) == (4, 1, 2, 1)
        assert count.outcomes is not None
        assert count.outcomes.undecided == (subject("unknown"), subject("unknown2"))
        assert count.outcomes.passed == (subject("passes"),)
