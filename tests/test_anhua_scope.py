"""The regulation's time scope (第三十五条: 本制度自发布之日起施行, 2023-10-31 in force).

Examples at each boundary (the day before, the day, the day after):

* a check dated before 2023-10-31 judges nothing: no finding, exit status 0, and a
  notice (zh/en) on stderr saying the regulation was not yet in force;
* a look-back window (长期无更新, the periodic duties) never counts time before the
  effective date: it runs from the later of the day after the last act and 2023-10-31,
  both ends counted, so with `stale_days` 14 an account silent since before then is
  first stale on 2023-11-14;
* a deadline that ran out before the effective date is out of scope;
* an act dated after the check date had not happened on the day the check speaks of:
  no finding rests on it (the mirror of the effective date).

The laws behind them (for any facts) are in tests/test_laws.py.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from test_anhua_rules import acc, add, build, ev, evaluate, of_rule

from policyengine.calendar import WorkdayCalendar
from policyengine.cli import main
from policyengine.policy import Policy, load_policy

D = datetime.date
EFFECTIVE = D(2023, 10, 31)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


# --------------------------------------------------------------------------- the check date


@pytest.mark.parametrize(
    ("as_of", "judged"),
    [(D(2023, 10, 30), False), (D(2023, 10, 31), True), (D(2023, 11, 1), True)],
    ids=["day-before", "the-day", "day-after"],
)
def test_a_check_before_the_effective_date_judges_nothing(
    policy: Policy, as_of: datetime.date, judged: bool
) -> None:
    # an individual's account (禁止) opened long before: on the day itself the
    # standing duties (a maintainer, 第十七条) are judged
    doc = build(acc("wx", maintainers=[], opened_on="2023-01-05"))
    result = evaluate(policy, doc, as_of=as_of)
    assert result.not_yet_in_force == (None if judged else EFFECTIVE)
    assert bool(result.findings) == judged
    assert ("wx" in {f.subject for f in result.by_rule("maintained")}) == judged
    notice = result.notice()
    if judged:
        assert notice is None and result.exit_status == 1
    else:
        assert notice is not None and result.exit_status == 0
        assert "2023-10-30" in notice.zh and "尚未施行" in notice.zh and "2023-10-31" in notice.zh
        assert "not yet in force" in notice.en
        assert {c.examined for c in result.counts} == {0}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_before_the_effective_date_exits_0_with_a_notice(
    capsys: pytest.CaptureFixture[str], lang: str, tmp_path: Any
) -> None:
    import yaml

    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(build(acc("wx", maintainers=[])), allow_unicode=True))
    status = main(["eval", "anhua", str(path), "--as-of", "2023-10-30", "--lang", lang])
    _, err = capsys.readouterr()
    assert status == 0
    expected = "尚未施行" if lang == "zh" else "not yet in force"
    assert expected in err and "2023-10-31" in err
    assert main(["eval", "anhua", str(path), "--as-of", "2023-10-31", "--lang", lang]) == 1
    assert expected not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("as_of", "in_force"), [("2023-10-30", False), ("2023-10-31", True), ("2023-11-01", True)]
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_output_says_the_regulation_was_not_yet_in_force(
    capsys: pytest.CaptureFixture[str], lang: str, as_of: str, in_force: bool, tmp_path: Any
) -> None:
    """The table's first and last lines, the JSON document and the HTML report say it,
    and no article reads as checked (nothing_to_check or met) on a day before 2023-10-31."""
    import json

    import yaml

    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(build(acc("wx", maintainers=[])), allow_unicode=True))
    base = ["eval", "anhua", str(path), "--as-of", as_of, "--lang", lang]
    said = "尚未施行" if lang == "zh" else "not yet in force"
    main(base)
    lines = capsys.readouterr().out.strip().splitlines()
    assert (said in lines[0] and said in lines[-1]) == (not in_force)
    assert said not in lines[-1] or "2023-10-31" in lines[-1]
    main([*base, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    statuses = {a["status"] for a in doc["articles"]}
    if in_force:
        assert "not_in_force" not in doc and "not_in_force" not in statuses
    else:
        assert doc["not_in_force"]["effective"] == "2023-10-31"
        assert said in doc["not_in_force"]["notice"]
        assert statuses == {"not_in_force", "not_checkable", "missing"}
    main([*base, "--format", "html"])
    page = capsys.readouterr().out
    assert (said in page) == (not in_force)


# --------------------------------------------------------------------------- look-back windows


def _silent_since_2023(as_of: str) -> dict[str, Any]:
    # wx opened 2023-09-01 and posted last on 2023-09-20; the site posts daily
    doc = build(
        acc("wx", opened_on="2023-09-01"),
        ev("p-wx", date="2023-09-20", review__on="2023-09-20"),
        ev("p-site", date=as_of, review__on=as_of, info_made_on=as_of),
    )
    doc["as_of"] = as_of
    return doc


@pytest.mark.parametrize(
    ("as_of", "stale"),
    [("2023-11-13", False), ("2023-11-14", True), ("2023-11-15", True)],
)
def test_staleness_counts_from_the_effective_date(policy: Policy, as_of: str, stale: bool) -> None:
    found = of_rule(evaluate(policy, _silent_since_2023(as_of)), "stale_account")
    # tt, closed only on 2024-04-01, still ran in 2023 and never posted: stale alike
    assert [f.subject for f in found] == (["tt", "wx"] if stale else [])
    if stale:
        finding = found[1]
        assert finding.evidence["counted_from"] == "2023-10-31"
        assert finding.evidence["last_update"] == "2023-09-20"
        idle = (D.fromisoformat(as_of) - EFFECTIVE).days + 1
        assert finding.evidence["idle_days"] == idle
        assert f"自 2023-10-31 起连续 {idle} 天无更新" in finding.messages.zh


@pytest.mark.parametrize(
    ("last_post", "as_of", "stale"),
    # after the effective date the window runs from the day after the last post
    [("2024-03-01", "2024-03-15", False), ("2024-03-01", "2024-03-16", True)],
)
def test_staleness_after_the_effective_date_is_unchanged(
    policy: Policy, last_post: str, as_of: str, stale: bool
) -> None:
    doc = build(
        ev("p-wx", date=last_post, review__on=last_post),
        ev("p-site", date=as_of, review__on=as_of, info_made_on=as_of),
    )
    doc["as_of"] = as_of
    found = of_rule(evaluate(policy, doc), "stale_account")
    assert [(f.subject, f.evidence["idle_days"]) for f in found] == ([("wx", 15)] if stale else [])


@pytest.mark.parametrize(
    ("as_of", "stale"), [("2023-11-13", False), ("2023-11-14", True), ("2023-11-15", True)]
)
def test_website_staleness_counts_from_the_effective_date(
    policy: Policy, as_of: str, stale: bool
) -> None:
    doc = build(
        ev("p-site", date="2023-08-01", review__on="2023-08-01", info_made_on="2023-08-01"),
        ev("p-wx", date=as_of, review__on=as_of),
    )
    doc["as_of"] = as_of
    found = of_rule(evaluate(policy, doc), "website_updated")
    assert [f.subject for f in found] == (["site"] if stale else [])


# A periodic duty: the interval counts from the day before the effective date when the last
# act is older (or there is none). One year after 2023-10-30 ends on the corresponding day,
# Wednesday 2024-10-30, a working day (民法典 第二百零一条、第二百零二条).
@pytest.mark.parametrize(
    ("as_of", "late"), [("2024-10-30", False), ("2024-10-31", True), ("2024-11-01", True)]
)
@pytest.mark.parametrize("last", ["2021-05-10", None], ids=["old-training", "never"])
def test_training_interval_counts_from_the_effective_date(
    policy: Policy, as_of: str, late: bool, last: str | None
) -> None:
    patch = ev("tr", date=last) if last else ev("tr", topic="other")
    found = of_rule(evaluate(policy, build(patch), as_of=D.fromisoformat(as_of)),
                    "regular_security_training")  # fmt: skip
    assert [f.subject for f in found] == (["anhua"] if late else [])
    if late:
        (finding,) = found
        assert finding.evidence["counted_from"] == "2023-10-30"
        if last is None:
            assert "从未组织" in finding.messages.zh and "未知" not in finding.messages.zh
            assert "never held" in finding.messages.en


def _deadline(made: datetime.date) -> datetime.date:
    return WorkdayCalendar.default().add_workdays(made, 20)


def _made_for(deadline: datetime.date) -> datetime.date:
    """A day the information can be made on so that its 20-working-day deadline is
    ``deadline`` (a working day)."""
    day = deadline
    while _deadline(day) != deadline:
        day -= datetime.timedelta(days=1)
    return day


@pytest.mark.parametrize(
    ("deadline", "judged"),
    [(D(2023, 10, 30), False), (D(2023, 10, 31), True), (D(2023, 11, 1), True)],
)
def test_a_deadline_ended_before_the_effective_date_is_out_of_scope(
    policy: Policy, deadline: datetime.date, judged: bool
) -> None:
    made = _made_for(deadline)
    late = "2023-11-06"  # published after each deadline, and after the effective date
    doc = build(
        add("events", {"id": "p-late", "kind": "post", "account": "wx", "date": late,
                       "repost": False, "info_made_on": made.isoformat(),
                       "review": {"reviewer": "liu-jun", "on": late}}),
    )  # fmt: skip
    found = of_rule(evaluate(policy, doc), "disclosed_in_time")
    assert [f.subject for f in found] == (["p-late"] if judged else [])


# --------------------------------------------------------------------------- after the check date


@pytest.mark.parametrize(
    ("posted", "judged"),
    [("2026-11-19", True), ("2026-11-20", True), ("2026-11-21", False)],
    ids=["day-before", "the-day", "day-after"],
)
def test_an_act_after_the_check_date_is_not_judged(
    policy: Policy, posted: str, judged: bool
) -> None:
    """A repost without a source (必须注明, an error) on, before and after 2026-11-20."""
    doc = build(ev("p-wx", date=posted, source="", review__on=posted))
    found = of_rule(evaluate(policy, doc, as_of=D(2026, 11, 20)), "repost_cites_source")
    assert [f.subject for f in found] == (["p-wx"] if judged else [])


@pytest.mark.parametrize(
    ("opened", "judged"),
    [("2026-11-19", True), ("2026-11-20", True), ("2026-11-21", False)],
    ids=["day-before", "the-day", "day-after"],
)
def test_an_account_opened_after_the_check_date_needs_no_filing_yet(
    policy: Policy, opened: str, judged: bool
) -> None:
    doc = build(acc("wx", opened_on=opened), _drop_opening_filing)
    found = of_rule(evaluate(policy, doc, as_of=D(2026, 11, 20)), "account_opening_filed")
    assert [f.subject for f in found] == (["wx"] if judged else [])


def _drop_opening_filing(doc: dict[str, Any]) -> None:
    doc["filings"] = [
        f for f in doc["filings"] if not (f["account"] == "wx" and f["kind"] == "open")
    ]
