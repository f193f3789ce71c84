"""The command line against its contract (README and docs/).

Most tests run ``main([...])`` in-process (fast, with ``capsys``); the ones about
the process itself (exit statuses seen by a shell, a closed pipe, a terminal
that cannot encode Chinese, hash randomization) run ``python -m policyengine``.

The tables are compared with golden files under ``tests/golden/cli/``. After a
deliberate change of output, rewrite them with

    POLICYENGINE_REGEN_GOLDEN=1 pytest tests/test_cli.py

and read the diff: the golden files show what an officer sees.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import inspect
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from golden_files import assert_golden_file
from hypothesis import given
from hypothesis import strategies as st
from wcwidth import wcswidth

import policyengine
from policyengine import argtext, cli, render
from policyengine.cli import commands
from policyengine.cli.arguments import build_parser, lang_of
from policyengine.diagnostics import display_width
from policyengine.explain import explain_text, printable
from policyengine.facts import stdin as stdin_reading
from policyengine.render import MESSAGE_WIDTH, wrap

ROOT = Path(__file__).resolve().parent.parent
DATA = Path("tests/data/cli")  # relative to ROOT: file names appear in the output
GOLDEN = ROOT / "tests" / "golden" / "cli"

BREACH = str(DATA / "breach.yaml")
CLEAN = str(DATA / "clean.yaml")
UNDECIDED = str(DATA / "indeterminate.yaml")
CALENDAR_2027 = str(DATA / "calendar-2027.yaml")

FINDING_KEYS = {
    "rule",
    "article",
    "article_number",
    "articles",
    "subject",
    "subject_kind",
    "severity",
    "message",
    "evidence",
    "remedy",
}


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, so that relative paths in messages are stable."""
    monkeypatch.chdir(ROOT)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_process(
    *argv: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHONIOENCODING")}
    full_env["PYTHONPATH"] = str(ROOT)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "policyengine", *argv],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        input=stdin,
    )


def assert_golden(name: str, text: str) -> None:
    """``text`` equals ``tests/golden/cli/NAME`` (rewritten when regenerating); the
    provenance's SHA-256 digests are masked (tests/test_statement.py checks them), so
    that an edit to the policy does not rewrite every golden file."""
    assert_golden_file(GOLDEN / name, re.sub(r"SHA-256 [0-9a-f]{64}", "SHA-256 <sha256>", text))


def table_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(("+", "|"))]


def json_out(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    status, out, err = run(capsys, "eval", "anhua", *argv, "--format", "json")
    assert "Traceback" not in err
    return status, json.loads(out)


# --------------------------------------------------------------------------- tables


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_golden(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    status, out, err = run(capsys, "eval", "anhua", BREACH, "--lang", lang)
    assert status == 1
    assert err == ""
    assert_golden(f"breach.{lang}.txt", out)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_golden(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    status, out, _ = run(capsys, "eval", "anhua", BREACH, "--lang", lang, "--explain")
    assert status == 1
    assert_golden(f"breach.explain.{lang}.txt", out)


def test_indeterminate_golden(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "eval", "anhua", UNDECIDED)
    assert status == 2
    assert_golden("indeterminate.zh.txt", out)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("facts", [BREACH, "examples/breaches.yaml"])
def test_table_columns_line_up(capsys: pytest.CaptureFixture[str], lang: str, facts: str) -> None:
    """Every line of the table takes the same number of terminal columns, Chinese
    characters counting two, and every border sits in the same column."""
    _, out, _ = run(capsys, "eval", "anhua", facts, "--lang", lang)
    lines = table_lines(out)
    assert len(lines) > 4
    assert len({wcswidth(line) for line in lines}) == 1
    borders = {
        tuple(wcswidth(line[:i]) for i, ch in enumerate(line) if ch in "+|") for line in lines
    }
    assert len(borders) == 1


def test_table_wraps_long_messages(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "eval", "anhua", "examples/breaches.yaml")
    messages = [line.rsplit("|", 2)[1] for line in table_lines(out) if line.startswith("|")]
    assert max(wcswidth(m.strip()) for m in messages) <= MESSAGE_WIDTH


def test_summary_and_no_findings(capsys: pytest.CaptureFixture[str]) -> None:
    rules = len(policyengine.load_policy("anhua").rules)
    status, out, err = run(capsys, "eval", "anhua", CLEAN)
    assert status == 0
    assert err == ""
    assert out.splitlines()[0] == "未发现违反策略 anhua 的情况。"
    assert out.splitlines()[-1] == (
        f"检查日期 2026-11-20，共检查 4 项事实、{rules} 条规则：发现 0 项错误、0 项警告、0 项提示、"
        "0 项无法判定；1 项数据不足；2 条规则所需参数未设置；未完全检查的条款：第十一条、第十七条"
    )
    status, out, _ = run(capsys, "eval", "anhua", CLEAN, "--lang", "en")
    assert out.splitlines()[0] == "No breach of policy anhua was found."
    assert out.splitlines()[-1] == (
        f"as of 2026-11-20, checked 4 facts against {rules} rules: 0 errors, 0 warnings, 0 info, "
        "0 indeterminate; 1 fact undecided; 2 rules reading an unset parameter; "
        "not fully checked: 第十一条, 第十七条"
    )
    given = ("--param", "filing_within_workdays=10", "--param", "announce_min_workdays=20")
    _, out, _ = run(capsys, "eval", "anhua", CLEAN, "--lang", "en", *given)
    assert out.splitlines()[-1].endswith(
        "0 indeterminate; 1 fact undecided; 1 rule reading an unset parameter; "
        "not fully checked: 第十一条, 第十七条; 2 parameters overridden"
    )


@pytest.mark.parametrize(
    ("argv", "source", "note"),
    [
        ((), "today", True),  # neither the facts nor the command line give the date
        (("--as-of", "2026-11-20"), "given", False),
    ],
)
def test_a_check_date_nobody_gave_is_marked(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    argv: tuple[str, ...],
    source: str,
    note: bool,
) -> None:
    """A ledger exported months ago and checked without a date is judged on the day of
    the run: the summary line and the JSON say so, so nobody reads it as chosen."""
    doc = yaml.safe_load(Path(CLEAN).read_text(encoding="utf-8"))
    del doc["as_of"]
    facts = tmp_path / "undated.yaml"
    facts.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    day = "2026-11-20" if argv else datetime.date.today().isoformat()
    _, out, _ = run(capsys, "eval", "anhua", str(facts), *argv)
    zh = f"检查日期 {day}（事实和命令行均未指定，按今天），"
    en = f"as of {day} (not given; today), "
    assert out.splitlines()[-1].startswith(zh if note else f"检查日期 {day}，")
    _, out, _ = run(capsys, "eval", "anhua", str(facts), *argv, "--lang", "en")
    assert out.splitlines()[-1].startswith(en if note else f"as of {day}, ")
    _, data = json_out(capsys, str(facts), *argv)
    assert (data["as_of"], data["as_of_source"]) == (day, source)
    assert data["provenance"]["as_of_source"] == source


def test_explain_names_holidays_and_adjusted_workdays(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "eval", "anhua", BREACH, "--explain")
    assert (
        "工作日：2024-09-25 至 2024-10-15：15 个周一至周五，其中节假日 2024-10-01、2024-10-02、"
        "2024-10-03、2024-10-04、2024-10-07（5 天）；调休上班 2024-09-29、2024-10-12（2 天）；"
        "共 15 − 5 + 2 = 12 个工作日"
    ) in out
    assert "条文：因工作原因需要变更、关停、注销的政务新媒体" in out
    assert "取值：workdays = 12；required = 15" in out
    assert out.splitlines()[-1].startswith("检查日期 2026-11-20，共检查 6 项事实")


def test_table_escapes_control_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A name in the facts cannot move the cursor or clear the screen."""
    facts = tmp_path / "evil.json"
    account = {
        "id": "w",
        "name": "安化\u001b[2J\u202e发布",
        "platform": "wechat",
        "platform_approved": True,
        "sponsor": "anhua",
        "opened_as": "unit",
        "purpose": "event",
        "status": "active",
        "opened_on": "2024-01-01",
        "managed_by": "宣传文化中心",
        "maintainers": ["x"],
    }
    unit = {"id": "anhua", "name": "安化", "kind": "township_government"}
    facts.write_text(json.dumps({"units": [unit], "accounts": [account]}), encoding="utf-8")
    status, out, _ = run(capsys, "eval", "anhua", str(facts), "--as-of", "2026-01-01")
    assert status == 1
    assert "\u001b" not in out and "\u202e" not in out
    assert "安化\\x1b[2J\\u202e发布" in out
    assert len({wcswidth(line) for line in table_lines(out)}) == 1


# --------------------------------------------------------------------------- JSON


def test_json_structure(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = json_out(capsys, BREACH)
    assert status == 1
    assert set(data) == {
        "schema_version", "policy", "as_of", "as_of_source", "findings", "summary", "articles",
        "provenance",
    }  # fmt: skip
    assert data["schema_version"] == policyengine.SCHEMA_VERSION
    assert data["policy"] == "anhua"
    assert (data["as_of"], data["as_of_source"]) == ("2026-11-20", "facts")
    for finding in data["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] in {"error", "warning", "info", "indeterminate"}
        assert finding["subject_kind"] in {"unit", "account", "filing", "event"}
        assert finding["article"] == finding["articles"][0]
    assert [(f["article"], f["subject"], f["rule"]) for f in data["findings"]] == [
        ("第十六条", "f-2", "announcement_period"),
        ("第十六条", "f-3", "public_announcement"),
        ("第十八条", "e-1", "standard_or_approved_map"),
    ]
    f2 = data["findings"][0]
    assert f2 == {
        "rule": "announcement_period",
        "article": "第十六条",
        "article_number": 16,
        "articles": ["第十六条"],
        "subject": "f-2",
        "subject_kind": "filing",
        "severity": "error",
        "message": "公告期 2024-09-25 至 2024-10-15 仅 12 个工作日，少于 15 个工作日；"
        "关停于 2024-10-16 生效",
        "evidence": {"workdays": 12, "required": 15, "acted_on": "2024-10-16"},
        # the shutdown took effect in 2024: explained, not announced again
        "remedy": "本次变更、关停或注销已经生效：向社会补充说明其情况；今后公告时间不少于"
        "15个工作日（节假日不计，调休上班日计入），期满后再生效",
    }
    summary = data["summary"]
    rules = len(policyengine.load_policy("anhua").rules)
    assert (summary["facts"], summary["rules"], summary["findings"]) == (6, rules, 3)
    assert summary["warnings"] == 0  # about the input: none here


def test_json_sorted_by_article_kind_subject_rule(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = json_out(capsys, "examples/breaches.yaml")
    keys = [
        (f["article_number"], f["subject_kind"], f["subject"], f["rule"]) for f in data["findings"]
    ]
    assert keys == sorted(keys)
    assert len(keys) > 20


def test_json_english_keeps_article_labels(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = json_out(capsys, BREACH, "--lang", "en")
    f2 = data["findings"][0]
    assert f2["article"] == "第十六条"
    assert f2["message"] == (
        "the announcement from 2024-09-25 to 2024-10-15 lasted 12 working days, fewer than 15;"
        " the shutdown took effect on 2024-10-16"
    )


def test_json_explain_adds_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = json_out(capsys, BREACH, "--explain")
    explanation = data["findings"][0]["explanation"]
    assert explanation["periods"] == [
        {
            "start": "2024-09-25",
            "end": "2024-10-15",
            "workdays": 12,
            "weekdays": 15,
            "holidays": ["2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"],
            "adjusted_workdays": ["2024-09-29", "2024-10-12"],
        }
    ]
    assert "公告时间不少于15个工作日" in explanation["article_text"]


def test_jsonl_is_one_finding_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    _, whole = json_out(capsys, BREACH)
    status, out, _ = run(capsys, "eval", "anhua", BREACH, "--format", "jsonl")
    assert status == 1
    assert [json.loads(line) for line in out.splitlines()] == whole["findings"]
    status, out, _ = run(capsys, "eval", "anhua", CLEAN, "--format", "jsonl")
    assert (status, out) == (0, "")


def test_as_of_overrides_the_facts(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = json_out(capsys, CLEAN)
    assert (status, data["as_of"], data["findings"]) == (0, "2026-11-20", [])
    status, data = json_out(capsys, CLEAN, "--as-of", "2026-12-31")
    assert (status, data["as_of"]) == (1, "2026-12-31")
    assert [f["rule"] for f in data["findings"]] == ["stale_account"]


# --------------------------------------------------------------------------- undecided


def test_indeterminate_names_the_year(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = json_out(capsys, UNDECIDED)
    assert status == 2
    # the announcement's length needs 2027; closed after the announced end, the closure
    # did not cut it short (nor come before that end) whatever 2027 holds
    assert {f["rule"] for f in data["findings"]} == {"announcement_period"}
    [finding] = [f for f in data["findings"] if f["rule"] == "announcement_period"]
    assert finding["severity"] == "indeterminate"
    assert "2027" in finding["message"]
    assert finding["evidence"] == {"unknown_year": 2027, "at_least": 9, "at_most": 17}
    status, out, err = run(capsys, "eval", "anhua", UNDECIDED, "--lang", "en")
    assert status == 2
    assert "2027" in out
    assert "could not be decided" in err


def test_calendar_file_decides(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = json_out(capsys, UNDECIDED, "--calendar", CALENDAR_2027)
    assert status == 1
    [finding] = [f for f in data["findings"] if f["rule"] == "announcement_period"]
    assert (finding["severity"], finding["evidence"]) == ("error", {
        "workdays": 14, "required": 15, "acted_on": "2027-01-11",
        "calendar_files": [{"year": 2027, "file": CALENDAR_2027}],
    })  # fmt: skip
    assert finding["message"].endswith(f"（依据日历文件：{CALENDAR_2027} 的 2027 年安排）")
    assert all(f["severity"] != "indeterminate" for f in data["findings"])


def test_shipped_example_calendar_decides(capsys: pytest.CaptureFixture[str]) -> None:
    example = ROOT / "examples" / "calendar-2027.yaml"
    if not example.is_file():
        pytest.skip("examples/calendar-2027.yaml is not there")
    status, data = json_out(capsys, UNDECIDED, "--calendar", str(example))
    assert status in (0, 1)
    assert all(f["severity"] != "indeterminate" for f in data["findings"])


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("day", ["20240925", "2024-9-25", "2024-02-30", "2024-W39-3", "today"])
def test_bad_as_of(capsys: pytest.CaptureFixture[str], day: str) -> None:
    status, out, err = run(capsys, "eval", "anhua", CLEAN, "--as-of", day)
    assert status == 2
    assert out == ""
    assert f"--as-of 的值 `{day}` 不是有效日期，应写作 YYYY-MM-DD" in err
    assert len(err.strip().splitlines()) == 1


def test_bad_as_of_is_e605(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "eval", "anhua", CLEAN, "--as-of", "2024-02-30", "--lang", "en")
    assert status == 2
    assert err.startswith("error[E605]: --as-of `2024-02-30` is not a valid date")


def test_unknown_policy(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "eval", "policies/nope.policy", CLEAN, "--lang", "en")
    assert (status, out) == (2, "")
    assert "E601" in err and "policies/nope.policy" in err
    assert "Traceback" not in err


def test_missing_facts_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "eval", "anhua", "tests/data/cli/nope.yaml")
    assert (status, out) == (2, "")
    assert "tests/data/cli/nope.yaml" in err


def test_unknown_parameter_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "eval", "anhua", BREACH, "--param", "announce_min_workday=10")
    assert status == 2
    assert "E602" in err and "是否想写 `announce_min_workdays`？" in err


@pytest.mark.parametrize(
    ("option", "code"), [("announce_min_workdays=-1", "E603"), ("announce_min_workdays", "E606")]
)
def test_bad_parameter_value(capsys: pytest.CaptureFixture[str], option: str, code: str) -> None:
    status, out, err = run(capsys, "eval", "anhua", BREACH, "--param", option)
    assert (status, out) == (2, "")
    assert code in err


def test_params_file_and_param_precedence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    yaml_file = tmp_path / "params.yaml"
    yaml_file.write_text("announce_min_workdays: 10\n", encoding="utf-8")
    json_file = tmp_path / "params.json"
    json_file.write_text('{"announce_min_workdays": 10}', encoding="utf-8")
    for path in (yaml_file, json_file):
        _, data = json_out(capsys, BREACH, "--params", str(path))
        assert "announcement_period" not in [f["rule"] for f in data["findings"]]
    _, data = json_out(
        capsys, BREACH, "--params", str(yaml_file), "--param", "announce_min_workdays=13"
    )
    [short] = [f for f in data["findings"] if f["rule"] == "announcement_period"]
    assert short["evidence"] == {"workdays": 12, "required": 13, "acted_on": "2024-10-16"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("announce_min_workday: 10\n", "params.yaml: announce_min_workday"),
        ("announce_min_workdays: many\n", "params.yaml: announce_min_workdays"),
        ("- announce_min_workdays\n", "E607"),
        ("announce_min_workdays: [1\n", "params.yaml:2"),
    ],
)
def test_bad_params_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "params.yaml"
    path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "eval", "anhua", BREACH, "--params", str(path))
    assert (status, out) == (2, "")
    assert expected in err
    assert "Traceback" not in err


def test_fact_warnings_go_to_stderr(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts = tmp_path / "extra.yaml"
    facts.write_text(
        (ROOT / CLEAN)
        .read_text(encoding="utf-8")
        .replace(
            "    managed_by: 宣传文化中心\n", "    managed_by: 宣传文化中心\n    colour: red\n"
        ),
        encoding="utf-8",
    )
    status, out, err = run(capsys, "eval", "anhua", str(facts))
    assert status == 0
    assert "colour" in err and "警告" in err and "--strict" in err
    assert "colour" not in out
    assert out.endswith("；另有 1 条关于输入的警告，见标准错误输出\n")
    status, out, err = run(capsys, "eval", "anhua", str(facts), "--lang", "en")
    assert out.endswith("; 1 warning about the input, on stderr\n")
    assert "= help: did you mean `columns`? (`--strict` makes an undeclared field an error)" in err
    status, data = json_out(capsys, str(facts))
    assert data["summary"]["warnings"] == 1
    status, out, err = run(capsys, "eval", "anhua", str(facts), "--strict")
    assert (status, out) == (2, "")
    assert "colour" in err


def test_policy_warnings_go_to_stderr(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts = tmp_path / "filings.yaml"
    facts.write_text(
        "filings:\n  - id: f-1\n    kind: change\n    submitted_on: 2024-09-20\n"
        "    announcement: {start: 2024-09-25, end: 2024-10-15}\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, "eval", str(DATA / "mini.policy"), str(facts), "--lang", "en")
    assert status == 1
    assert "warning[E211]" in err and "grace_days" in err
    assert "announced for only 12 working days" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["eval", "anhua", CLEAN, "--format", "xml"],
        ["eval", "anhua"],
        ["eval", "anhua", CLEAN, "--as", "2024-01-01"],  # no abbreviations
        ["frobnicate"],
        [],
    ],
)
def test_bad_arguments(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert "用法：policyengine" in err and "：错误：" in err
    assert "usage:" not in err and "error:" not in err
    status, out, err = run(capsys, *argv, "--lang", "en")
    assert (status, out) == (2, "")
    assert "usage: policyengine" in err and ": error: " in err
    assert not re.search(r"[\u4e00-\u9fff]", err)


@pytest.mark.parametrize(
    ("argv", "zh", "en"),
    [
        (["eval", "anhua"], "缺少必需的参数：FACTS", "the following arguments are required: FACTS"),
        (
            ["eval", "anhua", CLEAN, "--fail-on", "fatal"],
            "参数 --fail-on：无效的取值 'fatal'（可选：",
            "argument --fail-on: invalid choice: 'fatal' (choose from",
        ),
        (["eval", "anhua", CLEAN, "--bogus"], "无法识别的参数：--bogus", "unrecognized arguments"),
        (["eval", "anhua", CLEAN, "--as-of"], "参数 --as-of：需要一个值", "expected one argument"),
    ],
)
def test_argument_errors_speak_one_language(
    capsys: pytest.CaptureFixture[str], argv: list[str], zh: str, en: str
) -> None:
    _, _, err = run(capsys, *argv)
    assert zh in err
    _, _, err = run(capsys, *argv, "--lang=en")
    assert en in err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    status, out, _ = run(capsys, "eval", "--help", "--lang", lang)
    assert status == 0
    assert "--as-of DATE" in out and "--explain" in out
    english = ("usage:", "options", "positional arguments", "show this help message")
    if lang == "zh":
        assert out.startswith("用法：policyengine eval")
        assert "显示本帮助并退出" in out and "检查日期 YYYY-MM-DD" in out
        assert not any(word in out for word in english)
    else:
        assert all(word in out for word in english)
        assert not re.search(r"[\u4e00-\u9fff]", out.replace("(anhua)", ""))
    assert max(wcswidth(line) for line in out.splitlines()) <= 80 or "COLUMNS" in os.environ


def _argparse_words() -> set[str]:
    """Every message id argparse passes to gettext (``_`` and ``ngettext``)."""
    tree = ast.parse(inspect.getsource(argparse))
    words = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            count = {"_": 1, "ngettext": 2}.get(node.func.id, 0)
            for arg in node.args[:count]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    words.add(arg.value)
    return words


def test_every_word_argparse_shows_a_user_is_translated() -> None:
    """A newer Python that adds a message fails here, naming it, instead of showing
    English in the Chinese interface."""
    words = _argparse_words()
    assert len(words) > 20
    assert sorted(words - argtext.PROGRAMMER_ERRORS - set(argtext.ZH)) == []


COMMANDS = [[], ["eval"], ["check"], ["articles"], ["schema"], ["calendar"],
            ["calendar", "export"], ["template"]]  # fmt: skip
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_option_of_every_command_has_help_in_the_language(lang: str) -> None:
    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}")
                continue
            assert action.help, (path, action.dest)
            text = str(action.help)
            assert bool(CJK.search(text)) == (lang == "zh"), (path, action.dest, text)
        assert parser.description is None or bool(CJK.search(parser.description)) == (
            lang == "zh"
        ), path

    with argtext.speaking(lang):  # as main() builds it: argparse's own help in lang
        walk(build_parser(lang), "policyengine")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("before", [True, False])
def test_help_of_every_command_in_both_languages(
    capsys: pytest.CaptureFixture[str], command: list[str], before: bool
) -> None:
    """``--lang en`` before the command or after it; the Chinese help without one
    English word of argparse's and with Chinese colons after its headings."""
    english = ("usage:", "options:", "positional arguments", "show this help message")
    argv = ["--lang", "en", *command, "--help"] if before else [*command, "--help", "--lang=en"]
    status, out, err = run(capsys, *argv)
    assert (status, err) == (0, "")
    assert out.startswith("usage: policyengine")
    assert not CJK.search(out.replace("(anhua)", "")), out
    status, out, err = run(capsys, *command, "--help")
    assert (status, err) == (0, "")
    assert out.startswith("用法：policyengine")
    assert not any(word in out for word in english), out
    assert not re.search(r"(?m)^[^\x00-\x7f].*:$", out)


@pytest.mark.parametrize(
    ("argv", "lang"),
    [
        (["--lang", "en", "eval", "anhua", "x.yaml"], "en"),
        (["eval", "anhua", "x.yaml", "--lang", "en"], "en"),
        (["eval", "anhua", "x.yaml"], "zh"),
        (["--lang", "en", "calendar", "export", "2024"], "en"),
        (["calendar", "--lang", "en", "export", "2024"], "en"),
        (["calendar", "export", "2024", "--lang", "en"], "en"),
        (["--lang", "en", "eval", "anhua", "x.yaml", "--lang", "zh"], "zh"),
    ],
)
def test_lang_anywhere_on_the_line(argv: list[str], lang: str) -> None:
    assert lang_of(argv) == lang
    args = build_parser(lang).parse_args(argv)
    assert args.lang == lang and args.debug is False


def test_top_level_lang_reaches_the_output(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--lang", "en", "eval", "anhua", CLEAN)
    assert status == 0 and out.splitlines()[0] == "No breach of policy anhua was found."


def test_a_bad_year_is_said_in_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "calendar", "export", "abc")
    assert "参数 YEAR：应为不小于 1 的整数，而不是 'abc'" in err
    _, _, err = run(capsys, "--lang", "en", "calendar", "export", "abc")
    assert "argument YEAR: must be a whole number of at least 1, not 'abc'" in err


def test_argparse_keeps_its_own_words_after_a_run(capsys: pytest.CaptureFixture[str]) -> None:
    """A program that imports argparse beside policyengine keeps argparse's English."""
    run(capsys, "eval", "--help")
    other = argparse.ArgumentParser(prog="other")
    assert other.format_usage().startswith("usage: other")
    assert "show this help message and exit" in other.format_help()


# --------------------------------------------------------------------------- check, articles


def test_check(capsys: pytest.CaptureFixture[str]) -> None:
    policy = policyengine.load_policy("anhua")
    counts = (len(policy.articles), len(policy.rules), len(policy.parameters))
    status, out, err = run(capsys, "check", "anhua")
    assert (status, err) == (0, "")
    assert out == "策略 anhua 检查通过：{} 条条款、{} 条规则、{} 个参数\n".format(*counts)
    status, out, _ = run(capsys, "check", "anhua", "--lang", "en")
    assert out == "policy anhua checks out: {} articles, {} rules, {} parameters\n".format(*counts)


def test_check_reports_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "check", str(DATA / "mini.policy"))
    assert status == 0
    assert out == "策略 mini 检查通过：1 条条款、1 条规则、2 个参数\n"
    assert "警告[E211]" in err


def test_check_bad_policy(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "check", str(DATA / "bad-type.policy"))
    assert (status, out) == (2, "")
    assert "tests/data/cli/bad-type.policy:11:8" in err
    assert "E302" in err
    assert "Traceback" not in err


def test_debug_shows_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "check", str(DATA / "bad-type.policy"), "--debug")
    assert status == 2
    assert "Traceback (most recent call last)" in err
    assert "tests/data/cli/bad-type.policy:11:8" in err


def test_articles(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "articles", "anhua")
    assert (status, err) == (0, "")
    rows = {
        line.split("|")[1].strip(): line for line in table_lines(out) if line.startswith("| 第")
    }
    assert "原文缺失" in rows["第六条"]
    assert "不可检查" in rows["第一条"]
    assert "实施规则" in rows["第十六条"] and "decision_or_leader" in rows["第十六条"]
    assert len({wcswidth(line) for line in table_lines(out)}) == 1
    assert out.splitlines()[-1].startswith("策略 anhua 共 35 条条款：")
    _, out, _ = run(capsys, "articles", "anhua", "--lang", "en")
    assert "| missing " in out and "| not checkable " in out
    assert out.splitlines()[-1].startswith("35 articles in policy anhua: ")


def test_articles_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "articles", "anhua", "--format", "json")
    assert status == 0
    items = json.loads(out)
    assert [item["number"] for item in items] == sorted(item["number"] for item in items)
    by_label = {item["article"]: item for item in items}
    assert set(by_label["第六条"]) == {"article", "number", "chapter", "status", "rules", "reason"}
    assert (by_label["第六条"]["status"], by_label["第六条"]["rules"]) == ("missing", [])
    assert by_label["第一条"]["status"] == "not_checkable"
    assert "announcement_period" in by_label["第十六条"]["rules"]


# --------------------------------------------------------------------------- output file


def test_output_file_is_replaced(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    status, out, _ = run(
        capsys, "eval", "anhua", BREACH, "--format", "json", "--output", str(target)
    )
    assert (status, out) == (1, "")
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["findings"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_json_is_the_same_to_a_file_to_stdout_and_to_a_process(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """JSON for a UTF-8 target is written as UTF-8 bytes (no text in between): to
    ``--output``, to stdout, and from the command run as a process, it is the text of
    :func:`render.findings_json`."""
    target = tmp_path / "out.json"
    args = ("eval", "anhua", BREACH, "--format", "json", "--explain")
    _, out, _ = run(capsys, *args)
    run(capsys, *args, "--output", str(target))
    policy = policyengine.load_policy("anhua")
    report = policy.report(policyengine.load_facts([BREACH], policy))
    expected = render.findings_json(report, "zh", explain=True)
    assert out == expected
    assert target.read_bytes() == expected.encode("utf-8")
    assert run_process(*args).stdout == expected


def test_output_file_unwritable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "out.txt"
    status, _, err = run(capsys, "eval", "anhua", BREACH, "--output", str(target))
    assert status == 2
    assert "E608" in err


# --------------------------------------------------------------------------- failures


def test_internal_error_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("boom\nmore detail")

    monkeypatch.setattr(commands, "load_facts", boom)
    status, out, err = run(capsys, "eval", "anhua", CLEAN)
    assert (status, out) == (2, "")
    assert err == "内部错误：RuntimeError: boom（用 --debug 查看详情）\n"
    with pytest.raises(RuntimeError):
        cli.main(["eval", "anhua", CLEAN, "--debug"])


def test_interrupt_is_quiet(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(commands, "load_facts", interrupted)
    assert run(capsys, "eval", "anhua", CLEAN) == (130, "", "")


# --------------------------------------------------------------------------- processes


def test_process_exit_statuses() -> None:
    assert run_process("eval", "anhua", CLEAN).returncode == 0
    assert run_process("eval", "anhua", BREACH).returncode == 1
    undecided = run_process("eval", "anhua", UNDECIDED)
    assert undecided.returncode == 2
    assert "2027" in undecided.stdout
    bad = run_process("check", str(DATA / "bad-type.policy"))
    assert bad.returncode == 2
    assert "bad-type.policy:11:8" in bad.stderr and "Traceback" not in bad.stderr


def test_process_output_does_not_depend_on_hash_seed() -> None:
    outputs = {
        run_process(
            "eval", "anhua", "examples/breaches.yaml", "--format", "json", env={"PYTHONHASHSEED": s}
        ).stdout
        for s in ("1", "2")
    }
    assert len(outputs) == 1


@pytest.mark.parametrize("unbuffered", [False, True])
def test_process_closed_pipe_is_quiet(tmp_path: Path, unbuffered: bool) -> None:
    """``policyengine eval … | head -1``: the reader leaves after one line.

    The output (megabytes) is far larger than a pipe holds, so the writer is still
    writing when the reader leaves. With a buffered stdout (the default) that raises
    BrokenPipeError, which must end quietly; with ``PYTHONUNBUFFERED`` CPython drops
    the rest of a partial write without an error, which must be quiet too.
    """
    filings = "".join(
        f"  - {{id: f-{i}, account: wb, kind: change, submitted_on: 2025-03-10,"
        f" leader_approved: false}}\n"
        for i in range(3000)
    )
    facts = tmp_path / "many.yaml"
    facts.write_text(
        "as_of: 2026-11-20\n"
        "units: [{id: anhua, name: 安化, kind: township_government}]\n"
        "accounts:\n"
        "  - {id: wb, name: 安化微博, platform: weibo, sponsor: anhua, opened_as: unit,\n"
        "     purpose: general, status: closed, opened_on: 2020-01-01,\n"
        "     managed_by: 宣传文化中心, maintainers: []}\n"
        f"filings:\n{filings}",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUNBUFFERED")}
    env["PYTHONPATH"] = str(ROOT)
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    proc = subprocess.Popen(
        [sys.executable, "-m", "policyengine", "eval", "anhua", str(facts)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"+")
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 1  # the check's own status: there were errors
    assert stderr == b""


@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
def test_process_terminal_without_chinese(encoding: str) -> None:
    """A table on a terminal that cannot show every character degrades: a ``?`` per
    display column of what it lacks (the columns stay aligned), a one-line hint on
    stderr, and the check's own exit status; JSON is escaped instead."""
    env = {"PYTHONIOENCODING": encoding}
    argv = ("eval", "anhua", "examples/breaches.yaml", "--explain")
    table = subprocess.run(
        [sys.executable, "-m", "policyengine", *argv],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        timeout=120,
    )
    assert table.returncode == 1
    err = table.stderr.decode(encoding)
    assert "Traceback" not in err
    assert err.count("\n") == 1
    assert "UTF-8" in err and "--format json" in err
    out = table.stdout.decode(encoding)
    assert "第十六条" in out or encoding == "ascii"
    lines = table_lines(out)
    assert len(lines) > 4
    assert len({wcswidth(line) for line in lines}) == 1
    if encoding == "ascii":
        escaped = run_process("eval", "anhua", BREACH, "--format", "json", env=env)
        assert escaped.returncode == 1
        assert escaped.stdout.isascii()
        utf8 = run_process("eval", "anhua", BREACH, "--format", "json")
        assert json.loads(escaped.stdout) == json.loads(utf8.stdout)


# --------------------------------------------------------------------------- library


def test_library_api() -> None:
    assert set(policyengine.__all__) >= {
        "load_policy",
        "load_facts",
        "compile_policy",
        "Policy",
        "PolicyError",
        "Finding",
        "Result",
        "WorkdayCalendar",
    }
    assert isinstance(policyengine.__version__, str)
    policy = policyengine.load_policy("anhua")
    facts = policyengine.load_facts([ROOT / BREACH])
    result = policy.evaluate(facts)
    assert isinstance(result, policyengine.Result)
    finding = result.findings[0]
    assert isinstance(finding, policyengine.Finding)
    text = explain_text(finding, "en")
    assert text.splitlines()[0] == "第十六条 · filing f-2 · announcement_period · error"
    assert "15 − 5 + 2 = 12 working days in all" in text
    with pytest.raises(policyengine.PolicyError):
        policyengine.load_policy("nope")


def test_printable() -> None:
    assert printable("安化发布") == "安化发布"
    assert printable("a\tb\u0007\u202ec") == "a\\tb\\x07\\u202ec"


@given(
    text=st.text(alphabet="安化发布，。（）ab c-1 ", min_size=1, max_size=120),
    width=st.integers(min_value=2, max_value=70),
)
def test_wrap_fills_lines_within_width(text: str, width: int) -> None:
    wrapped = wrap(text, width)
    assert all(display_width(line) <= width for line in wrapped.split("\n"))
    assert wrapped.replace("\n", "").replace(" ", "") == text.replace(" ", "")


# --------------------------------------------------------------------------- the error document


def _failure(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[dict[str, Any], str]:
    status, out, err = run(capsys, *argv, "--format", "json", "--lang", "en")
    assert status == 2 and "Traceback" not in err
    document: dict[str, Any] = json.loads(out)
    assert set(document) == {"schema_version", "error"}
    assert document["schema_version"] == policyengine.SCHEMA_VERSION
    try:
        import jsonschema
    except ImportError:  # a test extra; the shape is checked below all the same
        pass
    else:
        from policyengine.report import json_schema

        jsonschema.Draft202012Validator(json_schema()).validate(document)
    return document["error"], err


def test_bad_facts_with_json_give_an_error_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    facts = tmp_path / "bad.yaml"
    facts.write_text(
        "units:\n  - id: a\n    name: x\n    kind: othr\n  - id: b\n    name: y\n", "utf-8"
    )
    error, err = _failure(capsys, "eval", "anhua", str(facts))
    assert error == {
        "code": "E423",
        "message": 'unit `a`, field `kind`: unknown value "othr"; expected one of '
        "township_government, internal_office, village_committee, other",
        "file": str(facts),
        "line": 4,
        "column": 5,
        "record": "units[0]",
        "field": "kind",
        "help": "did you mean `other`?",
        "problems": 2,
    }
    assert "error[E423]" in err and "error[E421]" in err  # every problem, on stderr


def test_a_bad_policy_with_json_gives_an_error_document(
    capsys: pytest.CaptureFixture[str],
) -> None:
    error, err = _failure(capsys, "eval", str(DATA / "bad-type.policy"), CLEAN)
    assert (error["code"], error["file"], error["record"], error["field"]) == (
        "E302",
        str(DATA / "bad-type.policy"),
        None,
        None,
    )
    assert isinstance(error["line"], int) and isinstance(error["column"], int)
    assert f"--> {DATA / 'bad-type.policy'}:{error['line']}:{error['column']}" in err


def test_a_bad_option_and_a_yaml_syntax_error_with_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    error, _ = _failure(capsys, "eval", "anhua", CLEAN, "--as-of", "2024-13-01")
    assert (error["code"], error["file"], error["line"]) == ("E605", None, None)
    facts = tmp_path / "dup.yaml"
    facts.write_text("units:\n  - id: a\n    id: b\n", "utf-8")
    error, _ = _failure(capsys, "eval", "anhua", str(facts))
    assert (error["code"], error["file"], error["line"], error["column"]) == (
        "E408",
        str(facts),
        3,
        5,
    )
    error, _ = _failure(capsys, "eval", "anhua", str(tmp_path / "missing.yaml"))
    assert (error["code"], error["file"]) == ("E400", str(tmp_path / "missing.yaml"))


# Every way the command line refuses its arguments, with --format json: argparse's own
# (E610) and the options read afterwards. ``{tmp}`` is a fresh folder.
BAD_ARGUMENTS = [
    ("E610", ("eval", "anhua", CLEAN, "--bogus")),
    ("E610", ("evaluate", "anhua", CLEAN)),
    ("E610", ("eval",)),
    ("E610", ("eval", "anhua", CLEAN, "--fail-on", "sometimes")),
    ("E610", ("eval", "anhua", CLEAN, "--max-steps", "-1")),
    ("E610", ("eval", "anhua", CLEAN, "--lang", "fr")),
    ("E610", ("eval", "anhua", CLEAN, "--as-of")),
    ("E610", ("check", "anhua")),  # `check` has no --format
    ("E601", ("eval", "no-such-policy", CLEAN)),
    ("E602", ("eval", "anhua", CLEAN, "--param", "no_such_parameter=1")),
    ("E603", ("eval", "anhua", CLEAN, "--param", "announce_min_workdays=many")),
    ("E605", ("eval", "anhua", CLEAN, "--as-of", "2024-02-30")),
    ("E606", ("eval", "anhua", CLEAN, "--param", "announce_min_workdays")),
    ("E607", ("eval", "anhua", CLEAN, "--params", "{tmp}/params.yaml")),
    ("E400", ("eval", "anhua", "{tmp}/missing.yaml")),
    ("E608", ("eval", "anhua", CLEAN, "--output", "{tmp}/no/such/folder/report.json")),
]


@pytest.mark.parametrize(("code", "argv"), BAD_ARGUMENTS, ids=lambda a: " ".join(a))
def test_bad_arguments_with_json_give_an_error_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, code: str, argv: tuple[str, ...]
) -> None:
    """The contract: bad arguments exit 2, the message on stderr and one JSON error
    document on stdout (an --output file that cannot be written too: stdout instead)."""
    (tmp_path / "params.yaml").write_text("- announce_min_workdays\n", "utf-8")
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    error, err = _failure(capsys, *args)
    assert error["code"] == code and error["message"] and error["problems"] == 1
    assert error["message"] in err or f"error[{code}]" in err
    if code == "E610":
        assert "usage: policyengine" in err and error["help"].endswith(
            "--help` lists its arguments"
        )


def test_the_format_asked_is_read_from_arguments_that_do_not_parse(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--format=json`` and a prefix argparse takes (``--form``) ask for the document;
    another format, or json then another, does not; nor does an argument after ``--``."""
    for asked in (["--format=json"], ["--form", "json"], ["--fo=json"]):
        status, out, _ = run(capsys, "eval", "anhua", CLEAN, "--bogus", *asked)
        assert status == 2 and json.loads(out)["error"]["code"] == "E610"
    for asked in (
        ["--format", "xml"],
        ["--format", "json", "--format", "csv"],
        ["--", "--format", "json"],
    ):
        status, out, err = run(capsys, "eval", "anhua", CLEAN, "--bogus", *asked)
        assert (status, out) == (2, "") and "：错误：" in err
    status, out, err = run(
        capsys, "--lang", "zh", "eval", "anhua", CLEAN, "--bogus", "--format", "json"
    )
    assert status == 2 and json.loads(out)["error"]["message"] == "无法识别的参数：--bogus"
    assert "用法：policyengine" in err


def test_as_of_field_in_the_error_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    facts = tmp_path / "a.yaml"
    facts.write_text("as_of: 2026-02-30\n", "utf-8")
    error, _ = _failure(capsys, "eval", "anhua", str(facts))
    assert (error["code"], error["line"], error["record"], error["field"]) == (
        "E430",
        1,
        None,
        "as_of",
    )


# --------------------------------------------------------------------------- standard input


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_facts_from_standard_input_in_each_format(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    yaml_text = (ROOT / CLEAN).read_bytes()
    _stdin(monkeypatch, yaml_text)
    status, out, _ = run(capsys, "eval", "anhua", "-", "--format", "json")
    from_file = run(capsys, "eval", "anhua", CLEAN, "--format", "json")[1]
    assert status == 0
    assert json.loads(out)["findings"] == json.loads(from_file)["findings"]
    data = yaml.safe_load(yaml_text)
    as_json = json.dumps(data, default=str).encode()
    as_jsonl = (
        b"".join(
            json.dumps({k: r}, default=str).encode() + b"\n"
            for k, v in data.items()
            if isinstance(v, list)
            for r in v
        )
        + json.dumps({"as_of": str(data["as_of"])}).encode()
    )
    for text, kind in ((as_json, "json"), (as_jsonl, "jsonl")):
        assert stdin_reading.sniff_format(text) == kind
        _stdin(monkeypatch, text)
        status, out, err = run(capsys, "eval", "anhua", "-", "--format", "json")
        assert (status, err) == (0, "")
        assert json.loads(out)["findings"] == json.loads(from_file)["findings"]


def test_standard_input_errors_name_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, b'{"units": {"id": "a", "name": "x", "kind": "othr"}}\n')
    status, _, err = run(capsys, "eval", "anhua", "-", "--lang", "en")
    assert status == 2
    assert "  --> <stdin>:1:36: units[0]" in err
    _stdin(monkeypatch, b"")
    status, _, err = run(capsys, "eval", "anhua", "-", "--lang", "en")
    assert (status, err) == (2, "error[E400]: standard input is empty\n  --> <stdin>\n")
    # A YAML flow mapping on the first line reads as JSON unless told.
    _stdin(monkeypatch, b"{units: []}\n")
    assert run(capsys, "eval", "anhua", "-", "--lang", "en")[2].startswith("error[E404]")
    _stdin(monkeypatch, b"{units: []}\n")
    assert run(capsys, "eval", "anhua", "-", "--input-format", "yaml")[0] == 0


@pytest.mark.parametrize("good_lines", [0, 1, 3])
def test_a_json_lines_line_on_standard_input_is_cut_at_its_limit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, good_lines: int
) -> None:
    """Reading stops at the first line over the limit: a stream of one line that never
    ends is refused (E402, at its line) holding little more than the limit in memory."""
    monkeypatch.setattr(stdin_reading, "MAX_JSONL_LINE_BYTES", 100_000)
    monkeypatch.setattr("policyengine.facts.jsonlines.MAX_JSONL_LINE_BYTES", 100_000)
    good = b'{"units": {"id": "u-%d", "name": "x", "kind": "other"}}\n'
    head = b"".join(good % n for n in range(good_lines))
    kept: list[int] = []

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            data = (head + b'{"units": {"id": "') if not kept else b"a" * len(buffer)
            data = data[: len(buffer)]
            kept.append(len(data))
            assert sum(kept) < 1_000_000, "read on past the line's limit"
            buffer[: len(data)] = data
            return len(data)

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    status, _, err = run(capsys, "eval", "anhua", "-", "--lang", "en", "--input-format", "jsonl")
    assert status == 2
    assert err.startswith("error[E402]: the line is longer than"), err
    assert f"  --> <stdin>:{good_lines + 1}" in err


def test_standard_input_is_bounded_by_its_format_limit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stdin_reading, "MAX_YAML_BYTES", 100_000)
    _stdin(monkeypatch, b"# " + b"x" * 200_000 + b"\n")
    status, _, err = run(capsys, "eval", "anhua", "-", "--lang", "en")
    assert status == 2
    assert err.startswith("error[E402]: the file is 0.1 MiB; YAML fact files are limited to")
    assert "  --> <stdin>" in err


def test_standard_input_of_a_process() -> None:
    text = "units:\n  - id: 001\n    name: yes\n    kind: other\n    on: 2024-01-05\n"
    done = run_process("eval", "anhua", "-", "--lang", "en", stdin=text)
    assert done.returncode == 0
    assert "warning[E429]: unit `001`: undeclared field `on`" in done.stderr
    assert "--> <stdin>:5:5: units[0]" in done.stderr
