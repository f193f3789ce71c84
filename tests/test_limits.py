"""Numbers and dates at the edges of what can be represented.

Integers in facts and parameters are 64-bit (a ``count`` is never negative), refused
where they are read with the field named; date arithmetic that leaves 0001-01-01 ..
9999-12-31 makes the fact's finding indeterminate, naming the rule and the fact, and
never an internal error.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from policyengine import cli, compile_policy, load_facts, load_policy
from policyengine.errors import PolicyError
from policyengine.schema import INT_MAX, INT_MIN

ROOT = Path(__file__).resolve().parent.parent
BREACHES = ROOT / "examples" / "breaches.yaml"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


# --------------------------------------------------------------------------- dates


def _transfer_on(tmp_path: Path, day: str) -> Path:
    text = BREACHES.read_text(encoding="utf-8")
    old = "    date: 2026-03-16\n    staff: wang-fang"
    assert text.count(old) == 1
    path = tmp_path / "facts.yaml"
    path.write_text(text.replace(old, f"    date: {day}\n    staff: wang-fang"), encoding="utf-8")
    return path


@pytest.mark.parametrize(("day", "decided"), [("9999-12-30", True), ("9999-12-31", False)])
def test_date_arithmetic_past_9999_is_indeterminate_naming_the_rule_and_fact(
    tmp_path: Path, day: str, decided: bool
) -> None:
    """With a one-day parameter: from the day before the last date the deadline is a date
    (in 9999, a year the calendar does not know, so at most undecided for that year);
    from the last date it is no date at all."""
    policy = load_policy("anhua")
    facts = load_facts([_transfer_on(tmp_path, day)])
    result = policy.evaluate(
        facts, params={"password_change_within_days": 1}, as_of=datetime.date(9999, 12, 31)
    )
    mine = [f for f in result.findings if f.rule == "transfer_passwords_changed"]
    undecided = [f for f in mine if f.severity == "indeterminate"]
    if decided:
        assert all(f.evidence.get("unknown_year") == 9999 for f in undecided)
        return
    (finding,) = undecided
    assert finding.subject == "e-501"
    assert "transfer_passwords_changed" in finding.messages.en
    assert "9999-12-31" in finding.messages.en
    assert finding.evidence == {"date_out_of_range": True}
    assert result.exit_status == 2


def test_a_huge_day_parameter_is_a_finding_not_an_internal_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["eval", "anhua", str(BREACHES), "--param", "password_change_within_days=3000000"]
    status = cli.main([*argv, "--format", "json"])
    out, err = capsys.readouterr()
    assert "internal error" not in err and "内部错误" not in err
    assert status == 2
    findings = json.loads(out)["findings"]
    ours = [f for f in findings if f["rule"] == "transfer_passwords_changed"]
    assert {f["severity"] for f in ours} == {"indeterminate"}
    assert {f["subject"] for f in ours} == {"e-501", "e-502"}


# --------------------------------------------------------------------------- integers


def _units(value: Any) -> dict[str, Any]:
    """The example facts with the account's ``monthly_active_users`` (a ``count``) set."""
    document = yaml.safe_load(BREACHES.read_text(encoding="utf-8"))
    document = json.loads(json.dumps(document, default=str))  # dates as the text written
    (account,) = [a for a in document["accounts"] if a.get("monthly_active_users") == 35]
    account["monthly_active_users"] = value
    return dict(document)


def _facts(source: Any, tmp_path: Path, suffix: str) -> Any:
    """The document as a mapping, or as a file (JSON is YAML: the same text serves)."""
    if suffix == "mapping":
        return source
    path = tmp_path / f"facts{suffix}"
    path.write_text(json.dumps(source), encoding="utf-8")
    return load_facts([path])


@pytest.mark.parametrize("suffix", [".json", ".yaml", "mapping"])
@pytest.mark.parametrize(
    ("value", "accepted"),
    [(-1, False), (0, True), (INT_MAX, True), (INT_MAX + 1, False), (10**4299, False)],
)
def test_a_count_is_a_non_negative_64_bit_integer(
    tmp_path: Path, suffix: str, value: int, accepted: bool
) -> None:
    policy = load_policy("anhua")
    facts = _facts(_units(value), tmp_path, suffix)
    if accepted:
        policy.evaluate(facts)
        return
    with pytest.raises(PolicyError) as caught:
        policy.evaluate(facts)
    rendered = caught.value.render("en")
    assert caught.value.code == "E425", rendered
    assert "monthly_active_users" in rendered and "out of range" in rendered


def test_the_64_bit_range_is_the_documented_one() -> None:
    assert (INT_MIN, INT_MAX) == (-(2**63), 2**63 - 1)


@pytest.mark.parametrize(("value", "ok"), [(INT_MAX, True), (INT_MAX + 1, False)])
def test_an_integer_parameter_from_a_params_file_is_64_bit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, value: int, ok: bool
) -> None:
    params = tmp_path / "params.json"
    params.write_text(json.dumps({"low_use_monthly_active_users": value}), encoding="utf-8")
    status = cli.main(["eval", "anhua", str(BREACHES), "--params", str(params), "--lang", "en"])
    _, err = capsys.readouterr()
    if ok:
        assert status == 1, err
    else:
        assert status == 2 and "error[E603]" in err and "64-bit" in err, err


# --------------------------------------------------------------------------- step budget

NESTED_HEAD = 'policy p "t"\nfacts units of unit { name: str  size: int }\narticle 第一条 "t"\n'


def _units_of(n: int) -> dict[str, Any]:
    return {"units": [{"id": f"u{i}", "name": "x", "size": i} for i in range(n)]}


@pytest.mark.parametrize(("budget", "spent"), [(99, True), (100, False), (0, False)])
def test_the_step_budget_counts_the_facts_a_rule_looks_at(budget: int, spent: bool) -> None:
    """A rule over 100 units and nothing else takes 100 steps; 0 is no budget."""
    policy = compile_policy(
        NESTED_HEAD + 'rule r "t" cites 第一条 severity error for u in unit when u.size < 0\n'
        'message "x"\n',
        "p.policy",
    )
    if not spent:
        policy.evaluate(_units_of(100), max_steps=budget)
        return
    with pytest.raises(PolicyError) as caught:
        policy.evaluate(_units_of(100), max_steps=budget)
    assert caught.value.code == "E701"


def test_nested_aggregates_stop_at_the_budget_naming_the_rule() -> None:
    """Three nested `any` over 100 units take 38 s without a budget (10^8 steps); the
    budget stops them at once, with the rule and where it is."""
    when = (
        "any(a in unit where a.size != u.size and any(b in unit where b.size != a.size and "
        "any(c in unit where c.size != b.size and c.size < 0)))"
    )
    policy = compile_policy(
        NESTED_HEAD + f'rule nested "t" cites 第一条 severity error for u in unit\n'
        f'  when {when}\n  message "x"\n',
        "p.policy",
        max_degree=4,  # (degree 4: refused unless allowed)
    )
    with pytest.raises(PolicyError) as caught:
        policy.evaluate(_units_of(100), max_steps=100_000)
    error = caught.value
    assert error.code == "E701" and error.location == "p.policy:4:1"
    assert "`nested`" in error.render("en") and "100,000 steps" in error.render("en")


def test_the_anhua_policy_stays_well_inside_the_default_budget(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The examples take under two thousand steps (the per-person training rule judges
    each maintainer against each training); --max-steps is what the CLI passes."""
    argv = ["eval", "anhua", str(BREACHES), "--lang", "en"]
    assert cli.main([*argv, "--max-steps", "2000"]) == 1
    assert cli.main([*argv, "--max-steps", "50"]) == 2
    _, err = capsys.readouterr()
    assert "error[E701]" in err


@pytest.mark.parametrize(
    ("option", "value", "accepted"),
    [
        ("--max-steps", "-1", False),
        ("--max-steps", "0", True),  # no budget
        ("--max-steps", "1", True),
        ("--max-steps", "1e9", False),
        ("--max-degree", "0", False),
        ("--max-degree", "1", True),
        ("--max-degree", "2", True),
    ],
)
def test_the_limits_options_take_whole_numbers_from_their_least(
    option: str, value: str, accepted: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["eval", "anhua", str(BREACHES), "--lang", "en", option, value]
    if accepted:
        assert cli.main(argv) in (1, 2)  # findings, or a policy of degree 2 refused by 1
        return
    assert cli.main(argv) == 2
    _, err = capsys.readouterr()
    least = "0" if option == "--max-steps" else "1"
    assert f"argument {option}: must be a whole number of at least {least}, not '{value}'" in err


# --------------------------------------------------------------------------- cost model


def _nested(depth: int) -> str:
    """A rule over units with ``depth`` nested `any` over units: degree depth + 1."""
    names = "abcdefg"[:depth]
    cond = "u.size < 0"
    for inner, outer in reversed(list(zip(names, "u" + names, strict=False))):
        cond = f"any({inner} in unit where {inner}.size != {outer}.size and {cond})"
    return (
        NESTED_HEAD
        + f'rule r "t" cites 第一条 severity error for u in unit when {cond}\nmessage "x"\n'
    )


@pytest.mark.parametrize(("depth", "refused"), [(2, False), (3, True)])
def test_a_rule_above_the_degree_limit_is_refused_at_compile_time(
    depth: int, refused: bool
) -> None:
    """Degree 3 (two nested aggregates over facts) is the limit; 4 is refused, naming the
    rule and pointing at the innermost aggregate."""
    if not refused:
        compile_policy(_nested(depth), "p.policy")
        return
    with pytest.raises(PolicyError) as caught:
        compile_policy(_nested(depth), "p.policy")
    rendered = caught.value.render("en")
    assert caught.value.code == "E308" and "`r`" in rendered and "N^4" in rendered, rendered
    compile_policy(_nested(depth), "p.policy", max_degree=4)  # the caller's opt-in


def test_the_anhua_policy_is_inside_the_degree_limit() -> None:
    """Two rules reach the default limit: 第十一条's count of a unit's accounts looks at
    each account's filings (a shutdown under way is not counted), and 第二十四条's
    persons, gathered over a unit's accounts, each look at the trainings; the others are
    at most degree 2."""
    from policyengine.cost import MAX_DEGREE, rule_degree

    policy = load_policy("anhua")
    degrees = {r.name: rule_degree(r, policy.checked).degree for r in policy.checked.rules}
    assert {name for name, d in degrees.items() if d > 2} == {
        "one_account_per_unit",
        "staff_security_training",
    }
    assert max(degrees.values()) == MAX_DEGREE == 3
