"""Thresholds written with the regulation's words, and both sides of each.

民法典 第一千二百五十九条: 以上、以下、以内、届满 count the number itself, 不满、超过、以外 do
not. A policy writes a threshold with a word that says which (``超过``, ``不少于``,
``晚于``…, docs/language.md section 4), never with a bare ``<``; every threshold of
policies/anhua.policy is tested here below it, at it and above it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_anhua_rules import (
    AS_OF,
    BASE,
    DELETE,
    SELF_HOSTED,
    VILLAGE,
    acc,
    add,
    add_app,
    build,
    ev,
    fil,
    seq,
)

from policyengine.errors import PolicyError
from policyengine.policy import Policy, _nodes, compile_policy, load_policy
from policyengine.syntax import ast
from policyengine.syntax.parser import parse

ROOT = Path(__file__).resolve().parent.parent
ANHUA = ROOT / "policies" / "anhua.policy"


@pytest.fixture(scope="module")
def anhua() -> Policy:
    return load_policy(ANHUA)


# --------------------------------------------------------------------------- the words


def test_the_grammar_lists_exactly_the_threshold_words() -> None:
    grammar = (ROOT / "grammar" / "policy.lark").read_text(encoding="utf-8")
    rule = re.search(r"^!threshold_word:(.*?)\n(?=\S|\n)", grammar, re.S | re.M)
    assert rule is not None
    assert set(re.findall(r'"([^"]+)"', rule.group(1))) == set(ast.THRESHOLD_WORDS)


def test_the_words_count_the_number_as_the_civil_code_says() -> None:
    """不少于 and 不超过 (以上、以下、以内、届满) include the number; 少于, 不满, 超过
    (以外) exclude it; each English form means the same comparison."""
    words = ast.THRESHOLD_WORDS
    assert [w for w, t in words.items() if t.includes and t.compares == "number"] == [
        "不少于", "at_least", "不超过", "at_most",
    ]  # fmt: skip
    assert [w for w, t in words.items() if not t.includes and t.compares == "number"] == [
        "少于", "不满", "fewer_than", "超过", "more_than",
    ]  # fmt: skip
    for word, meaning in words.items():
        assert meaning.includes == (meaning.op in ("<=", ">=")), word


_KIND = """
policy p "p"
facts items of item { n: count  d: date }
parameter limit: count = 0 "a limit"
parameter day: date = 2024-01-01 "a day"
article 第一条 "t"
"""


def _policy(condition: str) -> Policy:
    return compile_policy(
        _KIND + f'rule r "r" cites 第一条 severity error for i in item when {condition} '
        'message "m"\n'
    )


def _fires(policy: Policy, n: int, d: datetime.date, params: Mapping[str, Any]) -> bool:
    facts = {"items": [{"id": "x", "n": n, "d": d.isoformat()}]}
    result = policy.evaluate(facts, params=params, as_of=datetime.date(2024, 6, 1))
    return [f.rule for f in result.findings] == ["r"]


_NUMBER_POLICIES = {w: _policy(f"i.n {w} limit") for w, t in ast.THRESHOLD_WORDS.items()
                    if t.compares == "number"}  # fmt: skip
_DATE_POLICIES = {w: _policy(f"i.d {w} day") for w, t in ast.THRESHOLD_WORDS.items()
                  if t.compares == "date"}  # fmt: skip
_OPS = {"<": int.__lt__, "<=": int.__le__, ">": int.__gt__, ">=": int.__ge__}


@given(st.sampled_from(sorted(_NUMBER_POLICIES)), st.integers(0, 40), st.integers(0, 40))
def test_a_number_word_is_its_comparison(word: str, n: int, limit: int) -> None:
    expected = _OPS[ast.THRESHOLD_WORDS[word].op](n, limit)
    day = datetime.date(2024, 1, 1)
    assert _fires(_NUMBER_POLICIES[word], n, day, {"limit": limit}) == expected


@pytest.mark.parametrize("word", sorted(_DATE_POLICIES))
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_a_date_word_on_the_day_before_the_day_and_the_day_after(word: str, offset: int) -> None:
    day = datetime.date(2024, 3, 1)
    expected = _OPS[ast.THRESHOLD_WORDS[word].op](offset, 0)
    d = day + datetime.timedelta(days=offset)
    assert _fires(_DATE_POLICIES[word], 0, d, {"day": day}) == expected


@pytest.mark.parametrize(
    ("condition", "instead"),
    [("i.d 超过 day", "晚于"), ("i.n 晚于 limit", "超过"), ("i.d more_than day", "later_than"),
     ("i.n no_later_than limit", "at_most")],
)  # fmt: skip
def test_a_word_of_dates_is_refused_for_numbers_and_back(condition: str, instead: str) -> None:
    with pytest.raises(PolicyError) as caught:
        _policy(condition)
    [diagnostic] = [d for d in caught.value.diagnostics if d.level == "error"]
    assert diagnostic.code == "E302"
    assert diagnostic.help is not None and f"`{instead}`" in diagnostic.help.en


def test_a_word_needs_spaces_around_it() -> None:
    """``n超过limit`` is one name, as ``nandm`` would be: the word is a keyword."""
    with pytest.raises(PolicyError):
        _policy("i.n超过limit")


# --------------------------------------------------------------------------- the Anhua policy


def _words_by_rule() -> dict[tuple[str, str], int]:
    """Each threshold word, by the rule or the definition (``define``) it is written in;
    and each date field read through ``happened_by`` (``d 不晚于 day``, inside the
    built-in), by the field: ``happened_by:district_approved_on``."""
    module = parse(ANHUA.read_text(encoding="utf-8"), str(ANHUA))
    found: dict[tuple[str, str], int] = {}
    for decl in module.decls:
        if isinstance(decl, (ast.RuleDecl, ast.DefineDecl)):
            for node in _nodes(decl):
                key: tuple[str, str] | None = None
                if isinstance(node, ast.Binary) and node.op in _OPS:
                    assert node.word is not None, (
                        f"rule {decl.name} writes a threshold as `{node.op}`: write the word "
                        "the regulation means (超过, 不少于, 晚于, …)"
                    )
                    key = (decl.name, node.word)
                elif isinstance(node, ast.Call) and node.func == "happened_by":
                    field = node.args[0]
                    key = (f"happened_by:{getattr(field, 'name', '')}", "不晚于")
                if key is not None:
                    found[key] = found.get(key, 0) + 1
    return found


class Side(NamedTuple):
    label: str  # below, at or above the threshold (the day before, the day, the day after)
    patch: Any
    finding: bool
    params: Mapping[str, Any] = {}


class Threshold(NamedTuple):
    rule: str  # the rule whose findings show the threshold
    word: str
    subject: str
    sides: tuple[Side, Side, Side]
    params: Mapping[str, Any] | None = None
    # the definition the word is written in, if not the rule; `happened_by:FIELD` for a
    # date field read through the built-in
    define: str | None = None

    @property
    def where(self) -> str:
        return self.define or self.rule


def _sides(patch: Any, values: tuple[Any, Any, Any], findings: tuple[bool, bool, bool]) -> Any:
    return tuple(
        Side(label, patch(value), finding)
        for label, value, finding in zip(("below", "at", "above"), values, findings, strict=True)
    )


def _param_sides(name: str, values: tuple[Any, Any, Any], findings: tuple[bool, bool, bool]) -> Any:
    return tuple(
        Side(label, lambda doc: None, finding, {name: value})
        for label, value, finding in zip(("below", "at", "above"), values, findings, strict=True)
    )


def _old_post_and_one_on(post: Mapping[str, Any], d: str) -> Any:
    """The base post 30 days before AS_OF, and another one on ``d``."""
    old = "2026-10-21"
    again = {**post, "id": f"{post['id']}-2", "date": d, "review": {"reviewer": "r", "on": d}}
    return seq(ev(post["id"], date=old, review__on=old), add("events", again))


WX_USERS = BASE["accounts"][1]["monthly_active_users"]
SITE_ASSESSED = {"id": "sa-new", "kind": "security_assessment", "account": "site",
                 "passed": True}  # fmt: skip
FAILED_WX = {"id": "sa-wx", "kind": "security_assessment", "account": "wx",
             "date": "2026-09-01", "passed": False}  # fmt: skip
PASSED_WX = {**FAILED_WX, "id": "sa-wx-ok", "passed": True}
# wx's shutdown under way on AS_OF: filed, announced 2026-11-02..11-29, effective 11-30
SHUT_WX = {"id": "f-wx", "account": "wx", "kind": "shutdown", "submitted_on": "2026-10-28",
           "collective_decision_on": "2026-10-27", "leader_approved": True,
           "district_approved_on": "2026-10-30", "national_system_filed_on": "2026-10-30",
           "municipal_system_filed_on": "2026-10-30",
           "announcement": {"start": "2026-11-02", "end": "2026-11-29"},
           "effective_on": "2026-11-30"}  # fmt: skip
UNMAINTAINED_WX = acc("wx", maintainers=[])
# a post and a map on tt, which BASE records as closed on 2024-04-01
POST_TT = {"id": "p-tt", "kind": "post", "account": "tt", "repost": False}
MAP_TT = {"id": "m-tt", "kind": "map_use", "account": "tt", "map_kind": "standard"}


def _after_closure_rows(fact: Mapping[str, Any], define: str) -> list[Any]:
    """posted_after_closure's words for a publication ``fact`` on tt: after the closing
    day (the day itself is consistent), by the check date, and not before the
    regulation took effect (tt then closed before it)."""

    def on(d: str, closed_on: str = "2024-04-01") -> Any:
        return seq(acc("tt", closed_on=closed_on), add("events", {**fact, "date": d}))

    return [
        Threshold("posted_after_closure", "晚于", "tt", _sides(
            on, ("2024-03-31", "2024-04-01", "2024-04-02"), (False, False, True)),
            define=define),
        Threshold("posted_after_closure", "不晚于", "tt", _sides(
            on, ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, False)),
            define=define),
        Threshold("posted_after_closure", "不早于", "tt", _sides(
            lambda d: on(d, "2023-10-01"), ("2023-10-30", "2023-10-31", "2023-11-01"),
            (False, True, True)), define=define),
    ]  # fmt: skip


FAILED_SITE = {"id": "sa-site", "kind": "security_assessment", "account": "site",
               "date": "2026-09-01", "passed": False}  # fmt: skip
UNRECORDED_TRAINING = {"id": "tr-2", "kind": "training", "unit": "anhua", "date": "2026-06-18",
                       "staff": ["li-min"], "topic": "security"}  # fmt: skip

# the township's other persons (the website's li-min and zhao-gang) trained in time, so
# that a row moving chen-li's training judges chen-li alone
OTHERS_TRAINED = add("events", {"id": "tr-others", "kind": "training", "unit": "anhua",
                                "date": "2026-06-18", "staff": ["li-min", "zhao-gang"],
                                "topic": "security", "assessed": True})  # fmt: skip

# Each threshold of the policy with the values that put the checked quantity just below
# it, on it and just above it (or the day before, the day and the day after), and
# whether the rule then reports. AS_OF is Friday 2026-11-20.
THRESHOLDS: list[Threshold] = [
    # 原则上只开办一个: more than max_active_accounts (1) is reported
    Threshold("one_account_per_unit", "超过", "anhua", _sides(
        lambda n: seq(*[add("accounts", {**BASE["accounts"][1], "id": f"wb{i}",
                                         "platform": "weibo"}) for i in range(n - 1)])
        if n else acc("wx", status="closed", closed_on="2026-11-01"),
        (0, 1, 2), (False, False, True))),
    # fewer monthly users than low_use_monthly_active_users
    # (the users are below, at and above the parameter)
    Threshold("low_use_account", "少于", "wx", _param_sides(
        "low_use_monthly_active_users", (WX_USERS + 1, WX_USERS, WX_USERS - 1),
        (True, False, False))),
    # 24 months (level 2) after the last test; 2026-11-21 is a Saturday, so a test on
    # 2024-11-21 is due on Monday 2026-11-23
    Threshold("app_security_tested", "晚于", "app", _sides(
        lambda d: add_app(app__mlps_tested_on=d), ("2024-11-19", "2024-11-20", "2024-11-21"),
        (True, False, False))),
    Threshold("decision_before_submission", "晚于", "f-open", _sides(
        lambda d: fil("f-open", collective_decision_on=d),
        ("2023-11-19", "2023-11-20", "2023-11-21"), (False, False, True))),
    # approved Friday 2023-11-24, one working day: due Monday 11-27
    Threshold("systems_filed_in_time", "晚于", "f-open", _sides(
        lambda d: fil("f-open", national_system_filed_on=d, municipal_system_filed_on=d),
        ("2023-11-26", "2023-11-27", "2023-11-28"), (False, False, True)),
        {"filing_within_workdays": 1}),
    Threshold("opened_before_approval", "晚于", "wx", _sides(
        lambda d: fil("f-open", district_approved_on=d),
        ("2023-11-30", "2023-12-01", "2023-12-02"), (False, False, True))),
    Threshold("opened_before_decision", "晚于", "wx", _sides(
        lambda d: fil("f-open", collective_decision_on=d, submitted_on=d,
                      district_approved_on=d),
        ("2023-11-30", "2023-12-01", "2023-12-02"), (False, False, True))),
    # from Friday 2024-03-01: 03-20 is the 14th working day, 03-21 the 15th, 03-22 the 16th
    # tt stopped running on 2024-04-01: an approval or a decision of that day comes first
    Threshold("closed_before_approval", "晚于", "tt", _sides(
        lambda d: fil("f-shut", district_approved_on=d), ("2024-03-31", "2024-04-01", "2024-04-02"),
        (False, False, True))),
    Threshold("closed_before_decision", "晚于", "tt", _sides(
        lambda d: fil("f-shut", collective_decision_on=d, submitted_on=d),
        ("2024-03-31", "2024-04-01", "2024-04-02"), (False, False, True))),
    Threshold("announcement_period", "少于", "f-shut", _sides(
        lambda d: fil("f-shut", announcement__end=d),
        ("2024-03-20", "2024-03-21", "2024-03-22"), (True, False, False))),
    # closed on 03-21 after 14 working days, on 03-22 after 15, on Monday 03-25 after 16
    Threshold("closed_in_minimum_notice", "不满", "f-shut", _sides(
        lambda d: acc("tt", closed_on=d), ("2024-03-21", "2024-03-22", "2024-03-25"),
        (True, False, False))),
    Threshold("closed_before_notice_end", "不少于", "f-shut", _sides(
        lambda d: acc("tt", closed_on=d), ("2024-03-21", "2024-03-22", "2024-03-25"),
        (False, True, True))),
    # a filing counts from the day it is submitted: on the check date, not after
    Threshold("decision_and_leader", "不晚于", "f-open", _sides(
        lambda d: fil("f-open", submitted_on=d, leader_approved=False),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, False)),
        define="filed_by_as_of"),
    # announced 2024-03-01..03-14 (10 working days): an act on or before the stated end
    # cut the announcement short; the day after, it ran its course (announcement_period's)
    Threshold("closed_in_minimum_notice", "不晚于", "f-shut", _sides(
        lambda d: seq(fil("f-shut", announcement__end="2024-03-14"), acc("tt", closed_on=d)),
        ("2024-03-13", "2024-03-14", "2024-03-15"), (True, True, False))),
    # an act before the announcement began says so: the word picks the message, not the
    # finding (test_a_closure_before_the_announcement_says_so)
    Threshold("closed_in_minimum_notice", "早于", "f-shut", _sides(
        lambda d: acc("tt", closed_on=d), ("2024-02-29", "2024-03-01", "2024-03-02"),
        (True, True, True))),
    # the announcement's stated end, 2024-03-29, included
    Threshold("closed_before_notice_end", "不晚于", "f-shut", _sides(
        lambda d: acc("tt", closed_on=d), ("2024-03-28", "2024-03-29", "2024-03-30"),
        (True, True, False))),
    # idle days from the day after the last post to AS_OF, both counted: 13, 14, 15
    Threshold("stale_account", "超过", "wx", _sides(
        lambda d: ev("p-wx", date=d, review__on=d), ("2026-11-07", "2026-11-06", "2026-11-05"),
        (False, False, True))),
    # a post counts up to the check date, that day included
    Threshold("stale_account", "不晚于", "wx", _sides(
        lambda d: _old_post_and_one_on(BASE["events"][1], d),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True))),
    Threshold("security_not_ensured", "不晚于", "wx", _sides(
        lambda d: add("events", {**FAILED_WX, "rectified_on": d}),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)),
        define="happened_by:rectified_on"),
    # an assessment counts up to the check date, that day included
    Threshold("security_not_ensured", "不晚于", "wx", _sides(
        lambda d: add("events", {**FAILED_WX, "date": d}),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, False)),
        define="last_assessed_on"),
    # a passed assessment restores security up to the check date, that day included
    Threshold("security_not_ensured", "不晚于", "wx", _sides(
        lambda d: seq(add("events", FAILED_WX), add("events", {**PASSED_WX, "date": d})),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)),
        define="security_unrestored"),
    # a pass the day before the failure does not restore it; one the same day or later does
    Threshold("security_not_ensured", "早于", "wx", _sides(
        lambda d: seq(add("events", FAILED_WX), add("events", {**PASSED_WX, "date": d})),
        ("2026-08-31", "2026-09-01", "2026-09-02"), (True, False, False)),
        define="security_unrestored"),
    # in use on the check date: opened on it or before; closed only after it
    Threshold("maintained", "不晚于", "wx", _sides(
        lambda d: seq(UNMAINTAINED_WX, acc("wx", opened_on=d)),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, False)), define="in_use"),
    Threshold("maintained", "晚于", "wx", _sides(
        lambda d: seq(UNMAINTAINED_WX, acc("wx", status="closed", closed_on=d)),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)), define="in_use"),
    # recorded as running with a closing day: unknown (no finding) if that day has come,
    # in use (consistent: a closure planned) if it is still to come
    Threshold("maintained", "不晚于", "wx", _sides(
        lambda d: seq(UNMAINTAINED_WX, acc("wx", closed_on=d)),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)), define="in_use"),
    Threshold("status_contradicts_closed_on", "不晚于", "wx", _sides(
        lambda d: acc("wx", closed_on=d),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, False))),
    Threshold("status_contradicts_closed_on", "不晚于", "wx", _sides(
        lambda d: acc("wx", opened_on=d, closed_on="2026-11-20"),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, False))),
    # a publication after the recorded closing day (that day itself is consistent), by
    # the check date, and not before the regulation took effect
    *(row for fact, define in ((POST_TT, "post_after_closure"), (MAP_TT, "map_use_after_closure"))
      for row in _after_closure_rows(fact, define)),
    # closed on the check date only if opened by then (the day of closing not recorded)
    Threshold("certification_cancelled", "不晚于", "tt", _sides(
        lambda d: acc("tt", opened_on=d, closed_on=DELETE, certification__cancelled_on=DELETE),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, False)), define="out_of_use"),
    # a shutdown under way from its announcement's first day, that day included ...
    Threshold("maintained", "不晚于", "wx", _sides(
        lambda d: seq(UNMAINTAINED_WX, add("filings", {**SHUT_WX, "announcement": {
            "start": d, "end": "2026-11-29"}})),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)),
        define="closure_announced_until"),
    # ... to the day before it takes effect
    Threshold("maintained", "早于", "wx", _sides(
        lambda d: seq(UNMAINTAINED_WX, add("filings", {**SHUT_WX, "effective_on": d})),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, False)),
        define="closure_announced_until"),
    # a filing, and its approval, decision and record, exist from their day: one dated
    # after the check date did not exist on it
    Threshold("account_opening_filed", "不晚于", "wx", _sides(
        lambda d: fil("f-open", submitted_on=d),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)),
        define="filed_by_as_of"),
    Threshold("district_approval", "不晚于", "f-open", _sides(
        lambda d: fil("f-open", district_approved_on=d),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)),
        define="happened_by:district_approved_on"),
    Threshold("decision_and_leader", "不晚于", "f-open", _sides(
        lambda d: fil("f-open", collective_decision_on=d),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)),
        define="happened_by:collective_decision_on"),
    Threshold("district_record", "不晚于", "f-shut", _sides(
        lambda d: fil("f-shut", district_approved_on=DELETE, district_filed_on=d),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)),
        define="happened_by:district_filed_on"),
    # 第十六条 须经: tt closed 2024-04-01; decided the day before, the day, the day after,
    # the leader not consenting
    Threshold("decided_after_act", "晚于", "f-shut", _sides(
        lambda d: fil("f-shut", collective_decision_on=d, leader_approved=False),
        ("2024-03-31", "2024-04-01", "2024-04-02"), (False, False, True))),
    # the website's failed assessment: rectified by the check date, or not yet
    Threshold("failed_assessment_rectified", "不晚于", "sa-site", _sides(
        lambda d: seq(SELF_HOSTED, add("events", {**FAILED_SITE, "rectified_on": d})),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)),
        define="happened_by:rectified_on"),
    # its latest assessment counts up to the check date, that day included
    Threshold("failed_assessment_rectified", "不晚于", "sa-site", _sides(
        lambda d: seq(SELF_HOSTED, add("events", {**FAILED_SITE, "date": d})),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, False))),
    # 20 working days: made 10-19 → due 11-16; 10-21 → 11-18 (the post's day); 10-22 → 11-19
    Threshold("disclosed_in_time", "晚于", "p-wx", _sides(
        lambda d: ev("p-wx", info_made_on=d), ("2026-10-22", "2026-10-21", "2026-10-19"),
        (False, False, True))),
    # one working day: a deadline on Monday 2023-10-30 ran out before the effective date
    # (2023-10-31), one on 10-31 or 11-01 did not
    Threshold("disclosed_in_time", "不早于", "p-wx", _sides(
        lambda d: ev("p-wx", info_made_on=d), ("2023-10-27", "2023-10-30", "2023-10-31"),
        (False, True, True)), {"disclose_within_workdays": 1}),
    Threshold("website_updated", "超过", "site", _sides(
        lambda d: ev("p-site", date=d, review__on=d, info_made_on=d),
        ("2026-11-07", "2026-11-06", "2026-11-05"), (False, False, True))),
    Threshold("website_updated", "不晚于", "site", _sides(
        lambda d: _old_post_and_one_on(BASE["events"][0], d),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True))),
    # 公通字〔2007〕43号 第十五条: only a system of level 2 or above (以上) is filed
    Threshold("mlps_graded_and_filed", "不少于", "site", _sides(
        lambda d: seq(SELF_HOSTED, acc("site", mlps_level=d, mlps_filed_on=DELETE)), (1, 2, 3),
        (False, True, True))),
    # an app with no recorded post: idle days from the day after its opening, both ends
    # counted: 13, 14, 15
    Threshold("app_updates_unrecorded", "超过", "app", _sides(
        lambda d: add_app(opened_on=d), ("2026-11-07", "2026-11-06", "2026-11-05"),
        (False, False, True))),
    # a post counts as a record up to the check date, that day included
    Threshold("app_updates_unrecorded", "不晚于", "app", _sides(
        lambda d: seq(add_app(), add("events", {"id": "p-app", "kind": "post", "account": "app",
                                                "date": d, "repost": False})),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True))),
    # opened before the effective date (2023-10-31): the day before only
    Threshold("nonconforming_account", "早于", "wx", _sides(
        lambda d: acc("wx", opened_on=d, opened_as="individual"),
        ("2023-10-30", "2023-10-31", "2023-11-01"), (True, False, False))),
    # a post before the opening (2026-11-01) is no update since it: the word picks the
    # message, not the finding (test_a_post_before_the_opening_is_no_update_since)
    Threshold("stale_account", "早于", "wx", _sides(
        lambda d: seq(acc("wx", opened_on="2026-11-01"), ev("p-wx", date=d)),
        ("2026-10-31", "2026-11-01", "2026-11-02"), (True, True, True))),
    Threshold("website_updated", "早于", "site", _sides(
        lambda d: seq(acc("site", opened_on="2026-11-01"), ev("p-site", date=d)),
        ("2026-10-31", "2026-11-01", "2026-11-02"), (True, True, True))),
    Threshold("reviewed_before_publishing", "晚于", "p-wx", _sides(
        lambda d: ev("p-wx", review__on=d), ("2026-11-17", "2026-11-18", "2026-11-19"),
        (False, False, True))),
    # level 2: 24 months after the assessment (2026-11-21 a Saturday: due Monday 11-23)
    Threshold("website_assessed", "晚于", "site", _sides(
        lambda d: seq(SELF_HOSTED, ev("sa", date=d)), ("2024-11-19", "2024-11-20", "2024-11-21"),
        (True, False, False))),
    # an assessment, a test or a training counts up to the check date, that day included;
    # without one the interval runs from the effective date and is long over
    Threshold("website_assessed", "不晚于", "site", _sides(
        lambda d: seq(SELF_HOSTED, ev("sa", date="2019-01-02"),
                      add("events", {**SITE_ASSESSED, "date": d})),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True))),
    Threshold("app_security_tested", "不晚于", "app", _sides(
        lambda d: add_app(app__mlps_tested_on=d), ("2026-11-19", "2026-11-20", "2026-11-21"),
        (False, False, True)), define="happened_by:mlps_tested_on"),
    Threshold("app_security_tested", "不晚于", "app", _sides(
        lambda d: seq(add_app(app__mlps_tested_on=None),
                      add("events", {**SITE_ASSESSED, "account": "app", "date": d})),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True))),
    # a training after the check date had not happened on it
    Threshold("regular_security_training", "不晚于", "anhua", _sides(
        lambda d: ev("tr", date=d), ("2026-11-19", "2026-11-20", "2026-11-21"),
        (False, False, True)), define="possibly_assessed"),
    Threshold("training_assessment_unknown", "不晚于", "anhua", _sides(
        lambda d: seq(ev("tr", date=d), add("events", UNRECORDED_TRAINING)),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)),
        define="recorded_assessed"),
    Threshold("regular_security_training", "晚于", "anhua", _sides(
        lambda d: ev("tr", date=d), ("2025-11-19", "2025-11-20", "2025-11-21"),
        (True, False, False))),
    # an assessed training a year before the check date, and one after it whose assessment
    # is not recorded: the note only once the assessed one no longer covers the check date
    Threshold("training_assessment_unknown", "晚于", "anhua", _sides(
        lambda d: seq(ev("tr", date=d), add("events", UNRECORDED_TRAINING)),
        ("2025-11-19", "2025-11-20", "2025-11-21"), (True, False, False))),
    # the only training's assessment is not recorded: the note while it would be in time
    # with one, the warning (regular_security_training) once it would not
    Threshold("training_assessment_unknown", "不晚于", "anhua", _sides(
        lambda d: ev("tr", date=d, assessed=DELETE), ("2025-11-19", "2025-11-20", "2025-11-21"),
        (False, True, True))),
    # a training whose assessment is not recorded, dated after the check date, had not
    # happened on it: the note only for one held by then
    Threshold("training_assessment_unknown", "不晚于", "anhua", _sides(
        lambda d: seq(ev("tr", date="2025-06-01"),
                      add("events", {**UNRECORDED_TRAINING, "date": d})),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, False)),
        define="possibly_assessed"),
    # 第二十四条 对相关人员: the township's person chen-li (wx's maintainer and security
    # officer) last trained on d; one year later, moved to the next working day, is the
    # last day in time
    Threshold("staff_security_training", "晚于", "anhua", _sides(
        lambda d: seq(acc("wx", security_officer="chen-li"), OTHERS_TRAINED, ev("tr", date=d)),
        ("2025-11-19", "2025-11-20", "2025-11-21"), (True, False, False))),
    # a person transferred away by the check date is the transfer rules' (an overdue one,
    # chen-li, leaves on d): not one of the unit's persons (account_staff); one leaving
    # after it is still judged
    Threshold("staff_security_training", "不晚于", "anhua", _sides(
        lambda d: seq(acc("wx", security_officer="chen-li"), OTHERS_TRAINED,
                      ev("tr", date="2025-06-01"),
                      add("events", {"id": "mv-2", "kind": "personnel_transfer",
                                     "unit": "anhua", "date": d, "staff": "chen-li",
                                     "handover": True, "confidentiality_pledge": True,
                                     "passwords_changed_on": d})),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)),
        define="account_staff"),
    # the person's training after the check date had not happened on it
    Threshold("staff_security_training", "不晚于", "anhua", _sides(
        lambda d: seq(acc("wx", security_officer="chen-li"), OTHERS_TRAINED,
                      ev("tr", date="2025-06-01"),
                      add("events", {**UNRECORDED_TRAINING, "date": d, "staff": ["chen-li"]})),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)),
        define="possibly_assessed"),
    # the transfer day (2026-03-16) is the last day to change passwords: a check on it
    # finds nothing yet, the day after finds the change missing
    Threshold("transfer_passwords_changed", "晚于", "mv", _sides(
        lambda d: seq(ev("mv", passwords_changed_on=None), lambda doc: doc.update(as_of=d)),
        ("2026-03-15", "2026-03-16", "2026-03-17"), (False, False, True))),
    # a change recorded after the check date is no change on it: reported either way,
    # and the evidence says which (test_a_change_after_the_check_date_is_not_yet_made)
    Threshold("transfer_passwords_changed", "不晚于", "mv", _sides(
        lambda d: seq(ev("mv", passwords_changed_on=d), lambda doc: doc.update(as_of="2026-11-20")),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, True)),
        define="happened_by:passwords_changed_on"),
    # a certification cancelled after the check date was still held on it
    Threshold("certification_cancelled", "不晚于", "tt", _sides(
        lambda d: acc("tt", certification__cancelled_on=d),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (False, False, True)),
        define="happened_by:cancelled_on"),
    # password_change_within_days 0: by the day of the transfer, 2026-03-16
    Threshold("transfer_passwords_changed", "晚于", "mv", _sides(
        lambda d: ev("mv", passwords_changed_on=d), ("2026-03-15", "2026-03-16", "2026-03-17"),
        (False, False, True))),
    # a village committee's account opened on or before the check date is noted
    Threshold("village_committee_account", "不晚于", "wx", _sides(
        lambda d: seq(add("units", VILLAGE), acc("wx", sponsor="cun", opened_on=d)),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, False))),
    # a transfer on or before the check date has happened on it
    Threshold("maintainers_transferred", "不晚于", "wx", _sides(
        lambda d: seq(acc("wx", maintainers=["he-ping"]), ev("mv", date=d)),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, False))),
    Threshold("security_officer_transferred", "不晚于", "wx", _sides(
        lambda d: seq(acc("wx", security_officer="he-ping"), ev("mv", date=d)),
        ("2026-11-19", "2026-11-20", "2026-11-21"), (True, True, False))),
    # announced 2024-03-01..03-14 (10 working days): the announcement ran its course when
    # the act came after its stated end; on or before it, the act cut it short
    # (closed_in_minimum_notice's): one short announcement, one error
    Threshold("announcement_period", "晚于", "f-shut", _sides(
        lambda d: seq(fil("f-shut", announcement__end="2024-03-14"), acc("tt", closed_on=d)),
        ("2024-03-13", "2024-03-14", "2024-03-15"), (False, False, True))),
]  # fmt: skip


def test_every_threshold_of_the_policy_is_written_with_a_word_and_tested() -> None:
    assert set(_words_by_rule()) == {(t.where, t.word) for t in THRESHOLDS}


def _cases() -> list[Any]:
    cases = []
    for t in THRESHOLDS:
        for i, side in enumerate(t.sides):
            cases.append(pytest.param(t, i, id=f"{t.rule}-{t.word}-{side.label}"))
    return cases


@pytest.mark.parametrize(("threshold", "index"), _cases())
def test_both_sides_of_every_threshold(anhua: Policy, threshold: Threshold, index: int) -> None:
    side = threshold.sides[index]
    params = {**(threshold.params or {}), **side.params}
    result = anhua.evaluate(build(side.patch), params=params)
    subjects = [f.subject for f in result.by_rule(threshold.rule)]
    assert subjects.count(threshold.subject) == side.finding, (AS_OF, side.label)


def test_a_change_after_the_check_date_is_not_yet_made(anhua: Policy) -> None:
    for changed, shown in (("2026-11-20", "2026-11-20"), ("2026-11-21", None)):
        result = anhua.evaluate(build(ev("mv", passwords_changed_on=changed)))
        [finding] = result.by_rule("transfer_passwords_changed")
        assert finding.evidence["passwords_changed_on"] == shown
        assert ("没有更换口令的记录" in finding.messages.zh) == (shown is None)
