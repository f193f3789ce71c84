"""The laws of the Anhua policy (安政发〔2023〕29号), as properties over generated facts.

A law is something a lawyer would state about the regulation, whatever the facts:
handing in more materials never adds a 第十五条 finding, the order of the facts never
matters, acts before the regulation took effect are never judged ... Facts come from
:func:`policyengine.testing.facts_for`, derived from the policy's schema alone.

Example counts (tests/conftest.py): every law runs the profile's count (100 in CI),
the four monotonicity laws, which only bite when the facts hold the right records,
twice that (200); the ``thorough`` profile (``POLICYENGINE_HYPOTHESIS_PROFILE=thorough``)
runs 2000 and 4000. ``POLICYENGINE_LAWS_POLICY=path.policy`` holds a changed copy of
the policy to the same laws.
"""

from __future__ import annotations

import copy
import datetime
import os
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policyengine.calendar import WorkdayCalendar
from policyengine.findings import Finding, Result
from policyengine.policy import _nodes, load_policy
from policyengine.syntax import ast
from policyengine.syntax.parser import parse
from policyengine.testing import (
    assert_only_rules_changed,
    evaluate,
    fact_ids,
    facts_for,
    finding_key,
    findings_by_article,
    rename_ids,
)

# A changed copy of the policy can be held to the same laws:
# POLICYENGINE_LAWS_POLICY=/tmp/anhua-changed.policy python -m pytest tests/test_laws.py
POLICY = load_policy(os.environ.get("POLICYENGINE_LAWS_POLICY", "anhua"))
SCHEMA = POLICY.checked.schema
CAL = WorkdayCalendar.default()
assert POLICY.checked.effective == datetime.date(2023, 10, 31)
EFFECTIVE = POLICY.checked.effective
DAY = datetime.timedelta(days=1)
WINDOW = (datetime.date(2023, 1, 1), datetime.date(2026, 12, 31))

# The regulation's text, when the shared folder sits beside the repository (as in CI).
REGULATION = Path(__file__).resolve().parents[2] / "shared/regulation/anhua-2023-29.txt"

LAW = settings(max_examples=settings.default.max_examples)
# Laws that only bite when the facts hold the right records (an open filing, an
# announcement, an active account that has posted) get more examples.
FOCUSED_LAW = settings(max_examples=settings.default.max_examples * 2)
CALENDAR_LAW = settings(max_examples=settings.default.max_examples)

# Plain facts, and facts pushed toward the thresholds of the parameters.
facts = st.one_of(facts_for(POLICY), facts_for(POLICY, edges=True))


def full(result: Result) -> list[dict[str, Any]]:
    """Everything a user sees of the findings, in the order they are reported."""
    return [f.to_dict(explain=True) for f in result.findings]


def keys(findings: list[Finding]) -> set[tuple[str, str, str, str]]:
    return {finding_key(f) for f in findings}


def article(number: int) -> str:
    return POLICY.checked.articles[number].label


# --------------------------------------------------------------------------- calendar

FIRST = datetime.date(min(CAL.years), 1, 1)
LAST = datetime.date(max(CAL.years), 12, 31)
_special = sorted(
    {
        d + k * DAY
        for d in (*CAL.holidays_in(FIRST, LAST), *CAL.adjusted_workdays_in(FIRST, LAST))
        for k in (-1, 0, 1)
    }
    & {FIRST + i * DAY for i in range((LAST - FIRST).days + 1)}
)
# Any known date, half of them on or next to a holiday or a worked weekend day.
known_dates = st.one_of(st.dates(FIRST, LAST), st.sampled_from(_special))


@CALENDAR_LAW
@given(st.lists(known_dates, min_size=3, max_size=3).map(sorted))
def test_working_days_add_up_over_adjacent_periods(dates: list[datetime.date]) -> None:
    """workdays[a, c] == workdays[a, b] + workdays[b+1, c] for a <= b <= c."""
    a, b, c = dates
    assert CAL.workdays_between(a, c) == CAL.workdays_between(a, b) + CAL.workdays_between(
        b + DAY, c
    )


@CALENDAR_LAW
@given(known_dates, st.integers(1, 400))
def test_adding_working_days_and_counting_back_gives_n(day: datetime.date, n: int) -> None:
    """workdays[d+1, add_workdays(d, n)] == n, and the same backwards."""
    later = day + n * 2 * DAY  # n working days need fewer than 2n calendar days
    if later <= LAST:
        end = CAL.add_workdays(day, n)
        assert CAL.is_workday(end)
        assert CAL.workdays_between(day + DAY, end) == n
    if day - n * 2 * DAY >= FIRST:
        start = CAL.add_workdays(day, -n)
        assert CAL.is_workday(start)
        assert CAL.workdays_between(start, day - DAY) == n


@CALENDAR_LAW
@given(known_dates)
def test_a_working_day_is_a_weekday_unless_a_holiday_or_a_worked_weekend_day(
    day: datetime.date,
) -> None:
    """Against the published schedules (the chinese_calendar data), not the table."""
    weekday = day.weekday() < 5
    published_holiday = day in chinese_calendar.holidays
    declared_working = day in chinese_calendar.workdays
    expected = (weekday and not published_holiday) or (not weekday and declared_working)
    assert CAL.is_workday(day) == expected
    assert (day in CAL.holidays_in(day, day)) == (weekday and not expected)
    assert (day in CAL.adjusted_workdays_in(day, day)) == (not weekday and expected)


# --------------------------------------------------------------------------- monotonicity

MATERIALS = SCHEMA.enums["material"].members


@FOCUSED_LAW
@given(facts, st.data())
def test_handing_in_more_materials_never_adds_a_15th_article_finding(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    after = copy.deepcopy(doc)
    for filing in after["filings"]:
        extra = data.draw(st.lists(st.sampled_from(MATERIALS), unique=True), label="extra")
        filing["materials"] = sorted(set(filing.get("materials") or []) | set(extra))
    rules = POLICY.rules_for(15)
    before_r, after_r = assert_only_rules_changed(POLICY, doc, after, rules)
    label = article(15)
    assert keys(findings_by_article(after_r).get(label, [])) <= keys(
        findings_by_article(before_r).get(label, [])
    )


def _announced(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in doc["filings"] if isinstance(f.get("announcement"), dict)]


# The rules an announcement can change: those of 第十六条, and those that read an
# announcement otherwise (an account is not charged under 第十一条 or 第十七条 while an
# announced closure runs), definitions put in place.
ANNOUNCED = sorted(
    set(POLICY.rules_for(16))
    | {r.decl.name for r in POLICY.rules
       if any(isinstance(n, ast.Attr) and n.name == "announcement" for n in _nodes(r.decl))}
)  # fmt: skip


@FOCUSED_LAW
@given(facts, st.data())
def test_starting_an_announcement_earlier_never_adds_a_16th_article_finding(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    after = copy.deepcopy(doc)
    for filing in _announced(after):
        start = datetime.date.fromisoformat(filing["announcement"]["start"])
        earlier = data.draw(st.dates(WINDOW[0], start), label="new start")
        filing["announcement"]["start"] = earlier.isoformat()
    before_r, after_r = assert_only_rules_changed(POLICY, doc, after, ANNOUNCED)
    label = article(16)
    old = keys(findings_by_article(before_r).get(label, []))
    # an act too early for the old start may meet the minimum from the new one: its
    # error becomes the warning for acting before the announced end
    too_early = {f.subject for f in before_r.by_rule("closed_in_minimum_notice")}
    new = {
        k for k in keys(findings_by_article(after_r).get(label, []))
        if not (k[0] == "closed_before_notice_end" and k[2] in too_early)
    }  # fmt: skip
    assert new <= old


@FOCUSED_LAW
@given(facts, st.data())
def test_ending_an_announcement_later_never_makes_it_too_short(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    """Lengthening at the end never adds an `announcement_period` finding. It may add
    a `closed_before_notice_end` one, rightly: the act then takes effect before the
    (now later) end of its announcement."""
    after = copy.deepcopy(doc)
    for filing in _announced(after):
        end = datetime.date.fromisoformat(filing["announcement"]["end"])
        later = data.draw(st.dates(end, WINDOW[1]), label="new end")
        filing["announcement"]["end"] = later.isoformat()
    before_r, after_r = assert_only_rules_changed(POLICY, doc, after, ANNOUNCED)
    old = keys(findings_by_article(before_r).get(article(16), []))
    too_short = {f.subject for f in before_r.by_rule("announcement_period")}
    ends = {f["id"]: f["announcement"]["end"] for f in _announced(after)}
    for f in findings_by_article(after_r).get(article(16), []):
        if finding_key(f) in old:
            continue
        # the act now falls within the announcement: early (a warning), or, where the
        # announcement was already too short, cut short (the same one error)
        assert f.rule == "closed_before_notice_end" or (
            f.rule == "closed_in_minimum_notice" and f.subject in too_short
        ), f
        assert f.evidence["acted_on"] <= ends[f.subject]


STALENESS = {"stale_account", "website_updated"}  # the rules that judge an account's last post
# An app or mini program without any recorded post is not judged stale but noted as
# unknown: its first recorded post may show it stale.
UNRECORDED = "app_updates_unrecorded"
# A post after a closed account's closing day is reported as a publication after closure.
AFTER_CLOSURE = "posted_after_closure"
POST_RULES = {r.decl.name for r in POLICY.rules if r.kind in ("post", "event")}


@FOCUSED_LAW
@given(facts, st.data())
def test_adding_a_post_never_makes_an_account_staler(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    """A post on or after the account's opening date (see the next test for one before).
    Half the time the account is made a running one (status active): staleness is
    about accounts still running, and most generated accounts are not."""
    if not doc["accounts"]:
        return
    doc = copy.deepcopy(doc)
    posting = {e["account"] for e in doc["events"] if e["kind"] == "post"}
    with_posts = [a["id"] for a in doc["accounts"] if a["id"] in posting]
    accounts = st.sampled_from([a["id"] for a in doc["accounts"]])
    if with_posts:  # half the time an account that has posted already
        accounts = st.one_of(st.sampled_from(with_posts), accounts)
    chosen = data.draw(accounts, label="account")
    account = next(a for a in doc["accounts"] if a["id"] == chosen)
    if data.draw(st.booleans(), label="running"):
        account["status"] = "active"
    opened = datetime.date.fromisoformat(account["opened_on"])
    # A date just before the account's first post or just after its last, one next to
    # any of its posts, or any date from the opening on.
    posted = sorted(
        datetime.date.fromisoformat(e["date"])
        for e in doc["events"]
        if e["kind"] == "post" and e["account"] == account["id"]
    )
    ends = [posted[0] - DAY, posted[-1] + DAY] if posted else []
    near = [d + k * DAY for d in posted for k in (-1, 0, 1)]
    choices = [
        st.sampled_from(ds)
        for ds in (
            [d for d in ends if opened <= d <= WINDOW[1]],
            [d for d in near if opened <= d <= WINDOW[1]],
        )
        if ds
    ]
    day = data.draw(st.one_of(*choices, st.dates(opened, WINDOW[1])), label="post date")
    post = {"id": "added-post", "kind": "post", "date": day.isoformat(), "account": account["id"]}
    post["repost"] = data.draw(st.booleans(), label="repost")
    after = copy.deepcopy(doc)
    after["events"].append(post)
    before_r, after_r = assert_only_rules_changed(
        POLICY, doc, after, STALENESS | POST_RULES | {UNRECORDED, AFTER_CLOSURE}
    )
    idle_before = {
        f.subject: f.evidence["idle_days"] for f in before_r.findings if f.rule in STALENESS
    }
    unknown_before = {f.subject for f in before_r.findings if f.rule == UNRECORDED}
    for f in after_r.findings:
        if f.rule in STALENESS and f.subject not in unknown_before:
            assert f.subject in idle_before, f"{f.subject} became stale"
            assert f.evidence["idle_days"] <= idle_before[f.subject]


# A regression: the minimal example hypothesis found for the law above when the post
# may be dated before the opening. The rules used to take the latest post as the last
# update and fall back on the opening date only when there was no post, so a post older
# than the opening made the account staler (a post imported from a predecessor account,
# or a wrong date). They now take the later of the two.
_OPENED_AFTER_ITS_POST = """
as_of: '2023-02-01'
units:
- {id: unit-1, name: a, kind: township_government}
accounts:
- id: account-1
  name: a
  platform: website
  sponsor: unit-1
  opened_as: unit
  purpose: general
  status: active
  opened_on: '2023-02-01'
  managed_by: ''
  maintainers: []
filings: []
events: []
"""


def test_a_post_dated_before_the_opening_never_makes_an_account_staler() -> None:
    doc = yaml.safe_load(_OPENED_AFTER_ITS_POST)
    after = copy.deepcopy(doc)
    after["events"].append(
        {"id": "p", "kind": "post", "date": "2023-01-01", "account": "account-1", "repost": False}
    )
    stale = [f for f in evaluate(POLICY, after).findings if f.rule in STALENESS]
    assert [f for f in evaluate(POLICY, doc).findings if f.rule in STALENESS] == []
    assert stale == []


# --------------------------------------------------------------------------- messages

_UNKNOWN_WORDS = ("未知", "unknown")


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


@LAW
@given(facts)
def test_no_message_says_unknown_as_if_it_were_a_value(doc: dict[str, Any]) -> None:
    """A decided finding's message never prints 未知/unknown in place of a value (an
    absent date, address or source has its own wording), in either language."""
    given_text = " ".join(_strings(doc)).lower()
    for f in evaluate(POLICY, doc).findings:
        if f.severity == "indeterminate":
            continue  # says which year the calendar lacks, by design
        for lang, word in zip(("zh", "en"), _UNKNOWN_WORDS, strict=True):
            message = f.messages.get(lang)
            if word in message.lower() and word not in given_text:
                raise AssertionError(f"{f.rule} ({lang}): {message}")


# --------------------------------------------------------------------------- independence


@LAW
@given(facts, st.data())
def test_the_order_of_the_facts_never_matters(doc: dict[str, Any], data: st.DataObject) -> None:
    keys_order = data.draw(st.permutations(list(doc)), label="keys")
    shuffled = {
        k: (data.draw(st.permutations(doc[k]), label=k) if k != "as_of" else doc[k])
        for k in keys_order
    }
    assert full(evaluate(POLICY, shuffled)) == full(evaluate(POLICY, doc))


@LAW
@given(facts, st.data())
def test_splitting_the_facts_across_files_never_matters(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    n = data.draw(st.integers(2, 4), label="files")
    as_of_everywhere = data.draw(st.booleans(), label="as_of in every file")
    files: list[dict[str, Any]] = [{} for _ in range(n)]
    if "as_of" in doc:
        for i, part in enumerate(files):
            if as_of_everywhere or i == n - 1:
                part["as_of"] = doc["as_of"]
    for name in SCHEMA.collections:
        for record in doc[name]:
            i = data.draw(st.integers(0, n - 1), label=f"file of {record['id']}")
            files[i].setdefault(name, []).append(record)
    assert full(evaluate(POLICY, files)) == full(evaluate(POLICY, doc))


def _renaming(doc: Mapping[str, Any]) -> st.SearchStrategy[dict[str, dict[str, str]]]:
    """A one-to-one renaming of the ids of each collection."""
    names = list(SCHEMA.collections)
    sizes = [len(doc[n]) for n in names]
    # (an id is never blank: blank text is no value)
    new_ids = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1).filter(
        str.strip
    )
    return st.tuples(
        *(st.lists(new_ids, unique=True, min_size=size, max_size=size) for size in sizes)
    ).map(
        lambda lists: {
            name: dict(zip([r["id"] for r in doc[name]], new, strict=True))
            for name, new in zip(names, lists, strict=True)
        }
    )


@LAW
@given(facts, st.data())
def test_renaming_ids_consistently_renames_the_findings(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    mapping = data.draw(_renaming(doc), label="renaming")
    renamed = rename_ids(POLICY, doc, lambda coll, rid: mapping[coll][rid])
    by_kind = {c.subject: c.name for c in SCHEMA.collections.values()}

    def renamed_key(f: Finding) -> tuple[str, str, str, str, str]:
        subject = mapping[by_kind[f.subject_kind]][f.subject]
        return (f.rule, f.article, f.subject_kind, subject, f.severity)

    expected = Counter(renamed_key(f) for f in evaluate(POLICY, doc).findings)
    got = Counter(
        (f.rule, f.article, f.subject_kind, f.subject, f.severity)
        for f in evaluate(POLICY, renamed).findings
    )
    assert got == expected


# --------------------------------------------------------------------------- effective date

DATED_COLLECTIONS = {c.subject: c for c in SCHEMA.collections.values() if c.dated_by}
before_effective = facts_for(POLICY, window=(WINDOW[0], EFFECTIVE - DAY), edges=True)
FILING_RULES = {r.decl.name for r in POLICY.rules if r.kind == "filing"}


@LAW
@given(before_effective)
def test_acts_dated_before_the_effective_date_produce_no_findings(doc: dict[str, Any]) -> None:
    """Every filing and event (and as_of) dated before 2023-10-31: none is judged.
    (Accounts are judged as they stand on the check date, whenever they were opened.)"""
    result = evaluate(POLICY, doc)
    judged = [f for f in result.findings if f.subject_kind in DATED_COLLECTIONS]
    assert judged == []


@st.composite
def _acts_before_papers_after(draw: st.DrawFn) -> dict[str, Any]:
    """Facts whose filings are all handed in on or after 2023-10-31 (and by the check
    date) for acts done before it: every account a filing is about opened before, every
    shutdown or cancellation done before (the account closed), every change in effect
    before."""
    doc = draw(facts_for(POLICY, edges=True, as_of=st.dates(EFFECTIVE, WINDOW[1])))
    as_of = datetime.date.fromisoformat(doc["as_of"])
    accounts = {a["id"]: a for a in doc["accounts"]}
    before = st.dates(WINDOW[0], EFFECTIVE - 2 * DAY)
    for filing in doc["filings"]:
        filing["submitted_on"] = draw(st.dates(EFFECTIVE, as_of), label="paper").isoformat()
        account = accounts[filing["account"]]
        if datetime.date.fromisoformat(account["opened_on"]) >= EFFECTIVE - DAY:
            account["opened_on"] = draw(before, label="opened").isoformat()
        if filing["kind"] in ("change", "shutdown", "cancel"):
            filing["effective_on"] = draw(
                st.dates(datetime.date.fromisoformat(account["opened_on"]), EFFECTIVE - DAY),
                label="in effect",
            ).isoformat()
        if filing["kind"] in ("shutdown", "cancel"):
            if account["status"] == "active":
                account["status"] = "closed"
            closed = account.get("closed_on")
            if closed is None or closed >= EFFECTIVE.isoformat() or closed < account["opened_on"]:
                account["closed_on"] = filing["effective_on"]
    return doc


@LAW
@given(_acts_before_papers_after())
def test_no_finding_rests_on_an_act_before_the_effective_date(doc: dict[str, Any]) -> None:
    """第三十五条 with 第十四条–第十六条: a filing handed in after 2023-10-31 for an act done
    before it (an opening, a change, a shutdown, a cancellation) brings no finding of
    any filing rule, however incomplete the paper."""
    result = evaluate(POLICY, doc)
    assert [(f.rule, f.subject) for f in result.findings if f.rule in FILING_RULES] == []


# the rules as written, before their definitions are put in place
_WRITTEN = {d.name: d for d in parse(POLICY.text, POLICY.origin).decls
            if isinstance(d, ast.RuleDecl)}  # fmt: skip


def _act_field(rule_name: str) -> str | None:
    """The field a rule's own `dated` clause reads (`dated a.opened_on`), or the
    definition it is dated by (`dated acted_on(f)`), whose day the evidence gives as
    `acted_on`."""
    decl = _WRITTEN[rule_name]
    if decl.dated is None:
        return None
    if isinstance(decl.dated, ast.Call):
        return decl.dated.func
    assert isinstance(decl.dated, ast.Attr) and isinstance(decl.dated.obj, ast.Name), decl.dated
    return decl.dated.name


@LAW
@given(facts)
def test_no_finding_about_an_act_outside_the_time_scope(doc: dict[str, Any]) -> None:
    """The same law over any window: a finding's act, when it has a date, is dated from
    2023-10-31 to the check date (the collection's `dated by` field, or the rule's
    `dated`): before, the regulation did not govern it; after, it had not happened. A
    request's own defect (`dated request_judged_on(f)`) is judged for an act still to
    come too, on a paper handed in by the check date; for an act of unknown day, on a
    paper from 2023-10-31."""
    records = {(c.subject, r["id"]): r for name, c in SCHEMA.collections.items() for r in doc[name]}
    result = evaluate(POLICY, doc)
    for f in result.findings:
        record = records[(f.subject_kind, f.subject)]
        field = _act_field(f.rule)
        if field is None and f.subject_kind in DATED_COLLECTIONS:
            field = DATED_COLLECTIONS[f.subject_kind].dated_by
        if field in ("acted_on", "request_judged_on"):
            day = f.evidence["acted_on"]
            paper = datetime.date.fromisoformat(record["submitted_on"])
            assert paper <= result.as_of, (f.rule, f.subject)
            if field == "request_judged_on" and day is None:
                day = record["submitted_on"]
            elif field == "request_judged_on" and day > result.as_of.isoformat():
                continue  # an act still to come: governed by the regulation
            assert day is not None, (f.rule, f.subject)
        else:
            day = record.get(field or "")
        if field is not None and day is not None:
            act = datetime.date.fromisoformat(day)
            assert EFFECTIVE <= act <= result.as_of, (f.rule, f.subject)


def _opened_by(account: dict[str, Any], day: datetime.date) -> bool:
    return datetime.date.fromisoformat(account["opened_on"]) <= day


def _sponsors_counted_as(doc: dict[str, Any], unit: str) -> set[str]:
    """The sponsors whose accounts count as ``unit``'s: itself and, when it is the only
    township government in the facts, its internal offices (第十一条 as the policy reads it)."""
    units = doc.get("units", [])
    townships = [u["id"] for u in units if u.get("kind") == "township_government"]
    if townships != [unit]:
        return {unit}
    return {unit} | {u["id"] for u in units if u.get("kind") == "internal_office"}


@LAW
@given(facts, st.data())
def test_an_earlier_check_date_never_judges_an_account_not_yet_opened(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    """Moving the check date earlier never makes a finding rest on an account not yet
    opened on that date: none is about such an account, and no unit is charged for
    accounts (too many, or untrained staff) counting one. An account has no date of its
    own, so this is the policy's `in_use`, not the engine's `dated` scope."""
    latest = datetime.date.fromisoformat(doc["as_of"]) if doc.get("as_of") else WINDOW[1]
    day = data.draw(st.dates(EFFECTIVE, max(EFFECTIVE, latest)), label="earlier as_of")
    result = evaluate(POLICY, {**doc, "as_of": day.isoformat()})
    accounts = {a["id"]: a for a in doc["accounts"]}
    for f in result.findings:
        if f.subject_kind == "account":
            assert _opened_by(accounts[f.subject], day), (f.rule, f.subject, day)
        if f.subject_kind == "unit" and f.rule in (
            "one_account_per_unit",
            "regular_security_training",
        ):
            counted = _sponsors_counted_as(doc, f.subject)
            opened = [a for a in doc["accounts"]
                      if a["sponsor"] in counted and _opened_by(a, day)]  # fmt: skip
            assert opened, (f.rule, f.subject, day)
            if f.rule == "one_account_per_unit":
                assert f.evidence["accounts"] <= len(opened)


# --------------------------------------------------------------------------- articles and subjects

_regulation_text = REGULATION.read_text(encoding="utf-8") if REGULATION.is_file() else None
_labels = {a.label: a for a in POLICY.articles.values()}


@LAW
@given(facts)
def test_every_finding_cites_a_declared_article_about_a_fact_of_the_input(
    doc: dict[str, Any],
) -> None:
    ids = fact_ids(POLICY, doc)
    for f in evaluate(POLICY, doc).findings:
        assert f.article == f.articles[0]
        for label in f.articles:
            declared = _labels.get(label)
            assert declared is not None, f"{f.rule} cites the undeclared {label}"
            assert declared.status != "missing", f"{f.rule} cites {label}, absent from the text"
            assert 1 <= declared.number <= 35
            if _regulation_text is not None:
                assert label in _regulation_text
        assert _labels[f.article].number == f.article_number
        assert f.subject in ids[f.subject_kind], f"{f.rule}: no {f.subject_kind} {f.subject}"


@pytest.mark.skipif(_regulation_text is None, reason="shared/regulation is not beside the repo")
def test_every_checkable_article_is_in_the_regulation_text() -> None:
    assert _regulation_text is not None
    for a in POLICY.articles.values():
        assert (a.label in _regulation_text) == (a.status != "missing"), a.label


checked_before_effective = facts_for(POLICY, as_of=st.dates(WINDOW[0], EFFECTIVE - DAY), edges=True)


@LAW
@given(checked_before_effective)
def test_a_check_dated_before_the_effective_date_finds_nothing(doc: dict[str, Any]) -> None:
    """Whatever the facts (acts before and after 2023-10-31), a check dated before the
    regulation took effect judges nothing, and says so."""
    result = evaluate(POLICY, doc)
    assert result.findings == ()
    assert result.not_yet_in_force == EFFECTIVE and result.notice() is not None
    assert result.exit_status == 0


# The acts that only serve as the start of a look-back window or an interval.
_WINDOW_ACTS = {"post", "training", "security_assessment"}


def _shift_before_effective(doc: dict[str, Any], days: int) -> dict[str, Any]:
    """``doc`` with every date before the effective date of those acts, and of the
    accounts (opened, tested, closed), moved ``days`` further back (their order among
    themselves is kept)."""
    shifted = copy.deepcopy(doc)

    def move(record: dict[str, Any]) -> None:
        for key, value in record.items():
            if isinstance(value, dict):
                move(value)
            elif isinstance(value, str) and len(value) == 10 and value[4] == "-":
                day = datetime.date.fromisoformat(value)
                if day < EFFECTIVE:
                    record[key] = (day - datetime.timedelta(days=days)).isoformat()

    for event in shifted["events"]:
        if event["kind"] in _WINDOW_ACTS and event["date"] < EFFECTIVE.isoformat():
            move(event)
    for account in shifted["accounts"]:  # an account's opening starts its windows too
        move(account)
    return shifted


# Checked within 400 days of the effective date, where a window can reach back before it.
near_effective = facts_for(
    POLICY,
    window=(EFFECTIVE - 60 * DAY, EFFECTIVE + 400 * DAY),
    as_of=st.one_of(
        st.dates(EFFECTIVE, EFFECTIVE + 30 * DAY), st.dates(EFFECTIVE, EFFECTIVE + 400 * DAY)
    ),
)


@FOCUSED_LAW
@given(near_effective, st.integers(1, 300))
def test_time_before_the_effective_date_never_counts_in_a_window(
    doc: dict[str, Any], days: int
) -> None:
    """Moving a post, a training or an assessment that lies before 2023-10-31 further
    back changes no finding: a look-back window or an interval counts from the later of
    the day after the last act and the effective date, so how long before the regulation
    the last act was cannot matter."""
    before = {finding_key(f) for f in evaluate(POLICY, doc).findings}
    after = {finding_key(f) for f in evaluate(POLICY, _shift_before_effective(doc, days)).findings}
    assert after == before
