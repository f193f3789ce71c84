"""The proof of what was checked: rule counts, the compliance statement, provenance.

The JSON ``articles`` and ``provenance`` sections of both examples, in Chinese and
English, are golden files under ``tests/golden/report/`` (the SHA-256 digests are
checked against the files here and written as ``<sha256>`` there, so that an edit to
the policy does not rewrite every golden file). Regenerate them with

    POLICYENGINE_REGEN_GOLDEN=1 pytest tests/test_statement.py

and read the diff.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from golden_files import assert_golden_file
from hypothesis import given
from hypothesis import strategies as st
from test_anhua_rules import APP, build

from policyengine import cli
from policyengine.calendar import WorkdayCalendar, load_calendar_file
from policyengine.diagnostics import Lang
from policyengine.policy import Policy, load_facts, load_policy
from policyengine.provenance import SHIPPED, year_spans
from policyengine.report import Report
from policyengine.statement import compliance_statement
from policyengine.testing import evaluate as evaluate_facts
from policyengine.testing import facts_for

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "report"
EXAMPLES = ("compliant", "breaches")
UNDECIDED = "tests/data/cli/indeterminate.yaml"
CALENDAR_2027 = "tests/data/cli/calendar-2027.yaml"


ANHUA = load_policy("anhua")


@pytest.fixture(scope="module")
def policy() -> Policy:
    return ANHUA


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative paths, as a user gives them, appear in the provenance."""
    monkeypatch.chdir(ROOT)


def evaluate(policy: Policy, *paths: str, **kwargs: Any) -> Report:
    return policy.report(load_facts(list(paths), policy), **kwargs)


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def statuses(report: Report) -> dict[str, str]:
    return {a.article: a.status for a in report.statement}


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize("facts", ["examples/compliant.yaml", "examples/breaches.yaml", UNDECIDED])
def test_counts_add_up_to_the_findings(policy: Policy, facts: str) -> None:
    """Every examined fact is counted once, and the counts are the findings."""
    result = evaluate(policy, facts).result
    assert [c.rule for c in result.counts] == [r.decl.name for r in policy.rules]
    for count in result.counts:
        found = result.by_rule(count.rule)
        assert count.passed >= 0
        assert count.failed == sum(1 for f in found if f.severity != "indeterminate")
        assert count.indeterminate == sum(1 for f in found if f.severity == "indeterminate")
        assert count.examined == count.passed + count.failed + count.undecided + count.indeterminate


def test_counts_of_one_rule(policy: Policy) -> None:
    """第十六条's announcement rule looks at change/shutdown/cancel filings with an
    announcement: f-2 (too short) fails, f-4, f-6, f-7 and f-8 pass; openings are not examined."""
    count = evaluate(policy, "examples/breaches.yaml").result.count_of("announcement_period")
    assert (count.examined, count.passed, count.failed, count.undecided) == (5, 4, 1, 0)


@pytest.mark.parametrize(
    ("opened_on", "examined"), [("2023-10-30", 0), ("2023-10-31", 1), ("2023-11-01", 1)]
)
def test_facts_before_the_effective_date_are_not_examined(
    policy: Policy, opened_on: str, examined: int
) -> None:
    """第三十五条: in force from 2023-10-31; an account opened the day before is not
    examined by a rule dated by the opening, one opened that day is."""
    facts = {
        "as_of": "2026-11-20",
        "units": [{"id": "u", "name": "安化彝族乡人民政府", "kind": "township_government"}],
        "accounts": [
            {"id": "a", "name": "安化发布", "platform": "wechat", "sponsor": "u",
             "opened_as": "individual", "purpose": "general", "status": "active",
             "opened_on": opened_on, "managed_by": "宣传文化中心", "maintainers": ["张三"]}
        ],
    }  # fmt: skip
    count = policy.report(facts).result.count_of("no_personal_account")
    assert (count.examined, count.failed) == (examined, examined)
    assert policy.report(facts).result.count_of("maintained").examined == 1  # not dated


def test_unset_parameter_leaves_facts_undecided(policy: Policy) -> None:
    """low_use_monthly_active_users is unset by default: the active accounts are
    examined but nothing is decided about them, which is not a pass."""
    count = evaluate(policy, "examples/breaches.yaml").result.count_of("low_use_account")
    assert count.examined > 0
    assert (count.passed, count.failed, count.undecided) == (0, 0, count.examined)
    set_ = evaluate(policy, "examples/breaches.yaml", params={"low_use_monthly_active_users": 1})
    # set, it decides the one account that gives its monthly active users
    assert set_.result.count_of("low_use_account").undecided == count.examined - 1


@given(st.one_of(facts_for(ANHUA), facts_for(ANHUA, edges=True)))
def test_law_counts_and_statement_agree_with_the_findings(doc: dict[str, Any]) -> None:
    """For any facts: every examined fact is counted once, a rule's failures are its
    findings, and an article is breached exactly when an error cites it, warned exactly
    when warnings and no error do, met only when its rules examined something, none of
    them found anything and none left a fact undecided (else it is not fully checked)."""
    policy = ANHUA
    result = evaluate_facts(policy, doc)
    for count in result.counts:
        found = result.by_rule(count.rule)
        assert count.passed >= 0 and count.undecided >= 0
        assert count.failed == sum(1 for f in found if f.severity != "indeterminate")
        assert count.indeterminate == sum(1 for f in found if f.severity == "indeterminate")
    for article in compliance_statement(policy, result):
        cited = [f for f in result.findings if article.article in f.articles]
        errors = [f for f in cited if f.severity == "error"]
        breaches = [f for f in cited if f.severity in ("error", "warning")]
        in_force = result.not_yet_in_force is None and bool(article.rules)
        assert (article.status == "breached") == (bool(errors) and in_force)
        assert (article.status == "warned") == (bool(breaches) and not errors and in_force)
        if article.status in ("met", "not_fully_checked"):
            assert article.examined > 0 and not breaches
            assert all(f.severity == "info" for f in cited)
        # not fully checked exactly when a rule left facts undecided, for whatever want
        if article.status in ("met", "not_fully_checked"):
            assert (article.status == "not_fully_checked") == (article.undecided > 0)
            assert article.undecided == sum(line.count.undecided for line in article.rules)
        if article.status == "nothing_to_check":
            assert article.examined == 0 and not cited


# --------------------------------------------------------------------------- statement


def test_article_with_rules_but_no_facts_is_nothing_to_check(policy: Policy) -> None:
    """A township with one unit and nothing else: its filings cannot comply or not."""
    facts = {
        "as_of": "2026-11-20",
        "units": [{"id": "anhua", "name": "安化彝族乡人民政府", "kind": "township_government"}],
    }
    result = policy.report(facts)
    assert result.findings == ()
    got = statuses(result)
    assert got["第十五条"] == "nothing_to_check"  # the opening materials: no filing
    assert got["第十六条"] == "nothing_to_check"
    assert got["第十一条"] == "met"  # one_account_per_unit examined the unit: 0 accounts
    (article,) = (a for a in result.statement if a.article == "第十五条")
    assert article.examined == 0 and article.rules


def test_statuses_on_the_breaches_example(policy: Policy) -> None:
    got = statuses(evaluate(policy, "examples/breaches.yaml"))
    assert list(got) == list(policy.articles)
    assert got["第一条"] == "not_checkable"
    assert got["第六条"] == "missing"
    assert got["第十六条"] == "breached"
    assert got["第二十条"] == "breached"


def test_compliant_example_is_met_once_its_parameters_are_set(policy: Policy) -> None:
    """By default low_use_monthly_active_users and filing_within_workdays are unset: the
    articles whose rules read them are not fully checked, never met; set, they are met."""
    report = evaluate(policy, "examples/compliant.yaml")
    got = statuses(report)
    unchecked = {a: s for a, s in got.items() if s == "not_fully_checked"}
    assert unchecked == dict.fromkeys(["第十一条", "第十四条", "第十七条"], "not_fully_checked")
    assert set(got.values()) <= {"met", "not_fully_checked", "nothing_to_check", "not_checkable",
                                 "missing"}  # fmt: skip
    assert got["第十六条"] == "met"
    by_article = {a.article: a.to_dict("en") for a in report.statement}
    assert by_article["第十一条"]["unset_parameters"] == ["low_use_monthly_active_users"]
    assert by_article["第十一条"]["status_text"] == "not fully checked"
    assert by_article["第十四条"]["unset_parameters"] == ["filing_within_workdays"]
    assert by_article["第十六条"]["unset_parameters"] == []
    (article,) = (a for a in report.statement if a.article == "第十四条")
    assert article.to_dict("zh")["status_text"] == "未完全检查"
    params = {"low_use_monthly_active_users": 100, "filing_within_workdays": 10}
    set_ = statuses(evaluate(policy, "examples/compliant.yaml", params=params))
    assert set(set_.values()) <= {"met", "nothing_to_check", "not_checkable", "missing"}


_ONE_ACCOUNT = {
    "as_of": "2026-11-20",
    "units": [{"id": "anhua", "name": "安化彝族乡人民政府", "kind": "township_government"}],
    "accounts": [{"id": "wx", "name": "安化发布", "platform": "wechat", "platform_approved": True,
                  "sponsor": "anhua", "opened_as": "unit", "purpose": "general",
                  "status": "active", "opened_on": "2023-12-01", "managed_by": "宣传文化中心",
                  "certification": {"verified": True, "shows_sponsor": True},
                  "maintainers": ["chen-li"], "security_officer": "zhao-gang",
                  "monthly_active_users": 3200}],
    "events": [{"id": "p", "kind": "post", "account": "wx", "date": "2026-11-18",
                "repost": False, "review": {"reviewer": "liu-jun", "on": "2026-11-18"}}],
}  # fmt: skip


@pytest.mark.parametrize(
    ("status", "users", "params", "expected"),
    [
        # the parameter unset leaves the active account undecided: not fully checked
        ("active", 3200, {}, "not_fully_checked"),
        # set, the account is decided: met
        ("active", 3200, {"low_use_monthly_active_users": 100}, "met"),
        # set, a figure missing from the facts leaves the account undecided for want of
        # its value: not shown to comply either, so not fully checked
        ("active", None, {"low_use_monthly_active_users": 100}, "not_fully_checked"),
        # unset, but no active account for the rule to examine: nothing it left undecided
        ("closed", 3200, {}, "met"),
    ],
    ids=["unset", "set", "fact-unknown", "nothing-undecided"],
)
def test_an_unset_parameter_leaves_its_article_not_fully_checked(
    policy: Policy, status: str, users: int | None, params: dict[str, int], expected: str
) -> None:
    doc = json.loads(json.dumps(_ONE_ACCOUNT))
    account = doc["accounts"][0]
    account["status"] = status
    if status != "active":
        account["closed_on"] = "2023-10-01"  # before the effective date: no closure rule
    if users is None:
        del account["monthly_active_users"]
    report = policy.report(doc, params=params)
    assert not any("第十一条" in f.articles for f in report.findings)
    (article,) = (a for a in report.statement if a.article == "第十一条")
    assert article.status == expected
    assert article.unset_parameters == (() if params else ("low_use_monthly_active_users",)) * (
        expected == "not_fully_checked"
    )
    assert article.undecided == (expected == "not_fully_checked")
    assert article.to_dict()["undecided_facts"] == article.undecided
    line = report.render("table", "en").splitlines()[-1]
    assert ("not fully checked: 第十一条" in line) == (expected == "not_fully_checked")
    line = report.render("table", "zh").splitlines()[-1]
    assert ("未完全检查的条款：第十一条" in line) == (expected == "not_fully_checked")


def _second_account(**fields: Any) -> dict[str, Any]:
    second = dict(_ONE_ACCOUNT["accounts"][0], id="dy", name="安化抖音", platform="douyin")
    return {**second, **fields}


_SET = {"low_use_monthly_active_users": 100}
_VILLAGE = {"id": "cun", "name": "某村民委员会", "kind": "village_committee"}


@pytest.mark.parametrize(
    ("change", "params", "article", "expected", "severities"),
    [
        # nothing under 第十一条 found, every rule decided: met
        ({}, _SET, "第十一条", "met", {}),
        # an info alone breaks nothing (a village committee's account, out of scope): met
        ({"village": True}, _SET, "第二条", "met", {"info": 1}),
        # an info asking for a value a rule needed (the platform's approval): that rule
        # left the account undecided, so the article is not fully checked
        ({"platform_approved": None}, _SET, "第十一条", "not_fully_checked", {"info": 1}),
        # a second account: 原则上只开办一个 is a warning, so the article is not breached
        ({"second": {}}, _SET, "第十一条", "warned", {"warning": 1}),
        # the warning outranks a duty left unchecked; the unset parameter is still listed
        ({"second": {}}, {}, "第十一条", "warned", {"warning": 1}),
        # the second account opened in a person's name (禁止): an error, so breached
        ({"second": {"opened_as": "individual"}}, _SET, "第十一条", "breached",
         {"error": 1, "warning": 1}),
    ],
    ids=["nothing", "info-only", "info-and-undecided", "warning-only", "warning-and-unset",
         "warning-and-error"],
)  # fmt: skip
def test_an_article_with_warnings_only_is_warned_not_breached(
    policy: Policy,
    change: dict[str, Any],
    params: dict[str, int],
    article: str,
    expected: str,
    severities: dict[str, int],
) -> None:
    """An error makes the article breached (违反); warnings without an error make it
    warned (需核实或改进), whatever else is undecided; an info changes nothing."""
    doc = json.loads(json.dumps(_ONE_ACCOUNT))
    if "second" in change:
        doc["accounts"].append(_second_account(**change["second"]))
    elif "platform_approved" in change:
        del doc["accounts"][0]["platform_approved"]
    elif "village" in change:
        doc["units"].append(_VILLAGE)
        doc["accounts"].append(_second_account(sponsor="cun"))
    report = policy.report(doc, params=params)
    (statement,) = (a for a in report.statement if a.article == article)
    assert statement.status == expected
    assert {s: n for s, n in statement.findings.items() if n} == severities
    assert statement.unset_parameters == (() if params else ("low_use_monthly_active_users",))
    texts = (statement.to_dict("zh")["status_text"], statement.to_dict("en")["status_text"])
    names = {"met": ("符合", "met"), "warned": ("需核实或改进", "warnings"),
             "breached": ("违反", "breached"),
             "not_fully_checked": ("未完全检查", "not fully checked")}  # fmt: skip
    assert texts == names[expected]
    html = report.render("html", "en").split(f'id="{article}"')[1].split("</section>")[0]
    assert ("This article has warnings and no error" in html) == (expected == "warned")
    assert ("the parameter low_use_monthly_active_users is unset" in html) == (not params)


@pytest.mark.parametrize(
    ("shared", "expected", "short"),
    [
        # the only app's platform is not recorded: nothing shown, not met
        ([None], "not_fully_checked", 1),
        # one app shown on the shared platform, another not recorded: still not met
        ([True, None], "not_fully_checked", 1),
        # every app shown on the shared platform: met
        ([True], "met", 0),
        # one app of its own (严禁一单位一应用): breached, whatever the other one holds
        ([False, None], "breached", 1),
    ],
    ids=["only-undecided", "passed-and-undecided", "all-passed", "breach-and-undecided"],
)
def test_an_article_with_a_fact_short_of_its_value_is_not_met(
    policy: Policy, shared: list[bool | None], expected: str, short: int
) -> None:
    """第十二条 (an app on the shared platform): an app whose platform nobody recorded is
    neither a breach nor shown to comply; the article is not fully checked, with the
    count, and the HTML report says how many facts could not be judged."""
    apps = []
    for i, value in enumerate(shared):
        app = {**APP, "id": f"app-{i}", "app": dict(APP["app"])}
        if value is not None:
            app["app"]["shared_platform"] = value
        apps.append(app)
    report = policy.report(_with(apps))
    (article,) = (a for a in report.statement if a.article == "第十二条")
    assert (article.status, article.short_of_values) == (expected, short)
    assert article.unset_parameters == ()
    assert article.to_dict("en")["undecided_facts"] == short
    page = report.render("html", "en").split('id="第十二条"')[1].split("</section>")[0]
    assert (f"{short} fact(s) under this article could not be judged" in page) == bool(short)
    line = report.render("table", "en").splitlines()[-1]
    unchecked = line.split("not fully checked: ")[1].split(";")[0].split(", ")
    assert ("第十二条" in unchecked) == (expected == "not_fully_checked")


def _with(apps: list[dict[str, Any]]) -> dict[str, Any]:
    doc = build()
    doc["accounts"].extend(apps)
    return doc


def test_indeterminate_article(policy: Policy) -> None:
    """A year the calendar lacks makes 第十六条 indeterminate, not met; with the year
    supplied the short announcement breaches it."""
    assert statuses(evaluate(policy, UNDECIDED))["第十六条"] == "indeterminate"
    calendar = WorkdayCalendar.default().with_schedules(load_calendar_file(CALENDAR_2027))
    assert statuses(evaluate(policy, UNDECIDED, calendar=calendar))["第十六条"] == "breached"


def test_a_breach_outranks_an_indeterminate_fact(policy: Policy) -> None:
    """The undecided filing stays, and a change in effect without an announcement is
    added: the article is breached, whatever the other filing turns out to be."""
    doc = yaml.safe_load(Path(UNDECIDED).read_text(encoding="utf-8"))
    doc["filings"].append(
        {"id": "f-10", "account": "wb-old", "kind": "change", "submitted_on": "2026-06-01",
         "collective_decision_on": "2026-05-28", "leader_approved": True,
         "district_filed_on": "2026-06-02", "effective_on": "2026-07-01"}
    )  # fmt: skip
    result = policy.report(doc)
    (article,) = (a for a in result.statement if a.article == "第十六条")
    # f-9 is undecided for its length (it needs 2027); closed after the announced end,
    # it did not cut the announcement short whatever 2027 holds
    assert (article.status, article.findings["indeterminate"]) == ("breached", 1)


# --------------------------------------------------------------------------- provenance


def test_check_date_sources(policy: Policy) -> None:
    facts = load_facts(["examples/breaches.yaml"], policy)
    given = policy.report(facts, as_of=datetime.date(2026, 12, 1)).provenance
    from_facts = policy.report(facts).provenance
    today = policy.report({"units": []}).provenance
    assert given and from_facts and today
    assert (given.as_of_source, given.as_of) == ("given", datetime.date(2026, 12, 1))
    assert (from_facts.as_of_source, from_facts.as_of) == ("facts", datetime.date(2026, 11, 20))
    assert (today.as_of_source, today.as_of) == ("today", datetime.date.today())
    assert today.facts == (("<facts>", None),)  # facts built in memory have no file


def test_parameters_that_differ_from_the_defaults(policy: Policy) -> None:
    result = evaluate(
        policy, "examples/breaches.yaml", params={"stale_days": "30", "announce_min_workdays": 15}
    )
    assert result.provenance is not None
    assert [(p.name, p.value, p.default) for p in result.provenance.params] == [
        ("stale_days", 30, 14)  # the default given again is no change
    ]


def test_calendar_years_and_their_source(policy: Policy) -> None:
    undecided = evaluate(policy, UNDECIDED).provenance
    assert undecided is not None
    assert undecided.missing_years == (2027,)
    calendar = WorkdayCalendar.default().with_schedules(
        load_calendar_file(CALENDAR_2027), source=CALENDAR_2027
    )
    decided = evaluate(policy, UNDECIDED, calendar=calendar).provenance
    assert decided is not None
    assert year_spans(decided.calendar_years)[-2:] == [
        (2026, 2026, "bundled"),
        (2027, 2027, CALENDAR_2027),
    ]
    assert decided.missing_years == ()


def test_policy_digest_is_the_file_s(policy: Policy, tmp_path: Path) -> None:
    """A policy read from a file is hashed as its bytes (CRLF and all)."""
    shipped = evaluate(policy, "examples/breaches.yaml").provenance
    assert shipped is not None and shipped.policy_origin == SHIPPED
    assert shipped.policy_sha256 == sha256("policies/anhua.policy")
    crlf = tmp_path / "anhua.policy"
    crlf.write_bytes(Path("policies/anhua.policy").read_bytes().replace(b"\n", b"\r\n"))
    from_file = load_policy(crlf)
    assert (from_file.origin, from_file.sha256) == (str(crlf), sha256(crlf))


# --------------------------------------------------------------------------- goldens


def _masked(section: dict[str, Any]) -> dict[str, Any]:
    """The provenance with its digests checked against the files, then masked."""
    assert section["policy"]["sha256"] == sha256("policies/anhua.policy")
    section["policy"]["sha256"] = "<sha256>"
    for item in section["facts"]:
        assert item["sha256"] == sha256(item["path"])
        item["sha256"] = "<sha256>"
    section["package_version"] = "<version>"
    return section


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_json_sections_golden(capsys: pytest.CaptureFixture[str], example: str, lang: Lang) -> None:
    cli.main(["eval", "anhua", f"examples/{example}.yaml", "--format", "json", "--lang", lang])
    data = json.loads(capsys.readouterr().out)
    sections = {"articles": data["articles"], "provenance": _masked(data["provenance"])}
    text = json.dumps(sections, ensure_ascii=False, indent=2) + "\n"
    assert_golden_file(GOLDEN / f"{example}.{lang}.json", text)
