"""Formats for other systems (SARIF, JUnit, CSV) and ``--fail-on``.

Each format is checked three ways: a golden file per example (what a dashboard
receives), a validation by the format's own reader (the official SARIF 2.1.0
schema, a JUnit XML parser, the csv module and a spreadsheet library), and
agreement with the JSON document finding by finding.

The SARIF schema under ``tests/data/sarif/`` is the OASIS SARIF 2.1.0 schema with
its approved errata (errata01, JSON Schema draft-04), copied unchanged from the
OASIS technical committee's repository (oasis-tcs/sarif-spec,
``sarif-2.1/schema/sarif-schema-2.1.0.json``, commit e0583813964e); its SHA-256
is checked below.

Regenerate the goldens after a deliberate change with
``POLICYENGINE_REGEN_GOLDEN=1 pytest tests/test_formats.py`` and read the diff.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from policyengine import cli
from policyengine.formats import _cell
from policyengine.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "formats"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"
SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
REGEN = os.environ.get("POLICYENGINE_REGEN_GOLDEN") == "1"

EXAMPLES = ["examples/breaches.yaml", "examples/compliant.yaml"]
BREACH = "tests/data/cli/breach.yaml"
UNDECIDED = "tests/data/cli/indeterminate.yaml"
SUFFIX = {"sarif": "sarif.json", "junit": "junit.xml", "csv": "csv", "json": "json"}


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def document(capsys: pytest.CaptureFixture[str], facts: str, *extra: str) -> dict[str, Any]:
    _, out, _ = run(capsys, "eval", "anhua", facts, "--format", "json", *extra)
    data: dict[str, Any] = json.loads(out)
    return data


def assert_golden(name: str, text: str) -> None:
    """As ``golden_files.assert_golden_file``, byte for byte: a CSV ends its lines
    with CRLF, which reading as text would turn into LF."""
    path = GOLDEN / name
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.is_file(), f"{path} is missing: run with POLICYENGINE_REGEN_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["sarif", "junit", "csv", "json"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_golden(capsys: pytest.CaptureFixture[str], example: str, fmt: str, lang: str) -> None:
    status, out, err = run(capsys, "eval", "anhua", example, "--format", fmt, "--lang", lang)
    assert status == (1 if "breaches" in example else 0)
    assert "Traceback" not in err
    if fmt == "json":  # the policy's hash changes with every edit of the policy
        data = json.loads(out)
        data["provenance"]["policy"]["sha256"] = "(the policy's SHA-256)"
        out = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert_golden(f"{Path(example).stem}.{lang}.{SUFFIX[fmt]}", out)


# --------------------------------------------------------------------------- SARIF


def test_vendored_sarif_schema_is_the_official_one() -> None:
    assert hashlib.sha256(SARIF_SCHEMA.read_bytes()).hexdigest() == SARIF_SCHEMA_SHA256
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"


@pytest.mark.parametrize("facts", [*EXAMPLES, BREACH, UNDECIDED])
def test_sarif_is_valid_and_says_what_json_says(
    capsys: pytest.CaptureFixture[str], facts: str
) -> None:
    jsonschema = pytest.importorskip("jsonschema")  # in the `test` extra
    _, out, _ = run(capsys, "eval", "anhua", facts, "--format", "sarif")
    log = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)
    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    # one descriptor per rule
    assert len(rules) == len({r["id"] for r in rules}) == len(load_policy("anhua").rules)
    findings = document(capsys, facts)["findings"]
    assert len(sarif_run["results"]) == len(findings)
    levels = {"error": "error", "warning": "warning", "info": "note", "indeterminate": "none"}
    for result, finding in zip(sarif_run["results"], findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding["rule"]
        assert result["level"] == levels[finding["severity"]]
        assert ("kind" in result) == (finding["severity"] == "indeterminate")
        assert result["message"]["text"] == finding["message"]
        assert result["properties"]["evidence"] == finding["evidence"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == facts
        assert physical["region"]["startLine"] >= 1
    for rule in rules:
        assert rule["help"]["text"].startswith(rule["properties"]["articles"][0])


def test_sarif_points_at_the_record_line(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "eval", "anhua", BREACH, "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    lines = Path(BREACH).read_text(encoding="utf-8").splitlines()
    for result in results:
        line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
        subject = result["properties"]["subject"]
        assert lines[line - 1].strip() == f"- id: {subject}"
    assert [r["properties"]["subject"] for r in results] == ["f-2", "f-2", "f-3", "e-1"]


def test_sarif_without_lines_and_with_odd_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Plain JSON gives no lines: the result points at the file alone; a path with
    spaces and Chinese is percent-encoded, an absolute one is a file: URI."""
    data = yaml.safe_load(Path(BREACH).read_text(encoding="utf-8"))
    target = tmp_path / "台账 2024.json"
    target.write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")
    _, out, _ = run(capsys, "eval", "anhua", str(target), "--format", "sarif")
    location = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    uri = location["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and uri.endswith("/%E5%8F%B0%E8%B4%A6%202024.json")
    assert "region" not in location


# --------------------------------------------------------------------------- JUnit


def _junit(capsys: pytest.CaptureFixture[str], facts: str, *extra: str) -> tuple[int, Any]:
    junitparser = pytest.importorskip("junitparser")  # in the `test` extra
    status, out, _ = run(capsys, "eval", "anhua", facts, "--format", "junit", *extra)
    ET.fromstring(out.encode("utf-8"))  # well-formed XML
    return status, junitparser.JUnitXml.fromstring(out.encode("utf-8"))


@pytest.mark.parametrize("facts", [*EXAMPLES, BREACH])
def test_junit_has_a_case_per_rule_and_failing_subject(
    capsys: pytest.CaptureFixture[str], facts: str
) -> None:
    _, xml = _junit(capsys, facts)
    findings = document(capsys, facts)["findings"]
    cases = [case for suite in xml for case in suite]
    rule_cases = [c for c in cases if " " not in c.name]
    assert len(rule_cases) == len(load_policy("anhua").rules)
    failing = [f for f in findings if f["severity"] == "error"]
    failed = [c for c in cases if any(type(r).__name__ == "Failure" for r in c.result)]
    assert sorted(c.name for c in failed) == sorted(f"{f['rule']} {f['subject']}" for f in failing)
    assert xml.failures == len(failing)
    by_name = {c.name: c for c in failed}
    for f in failing:
        (failure,) = by_name[f"{f['rule']} {f['subject']}"].result
        assert failure.message == f["message"]
        assert json.dumps(f["evidence"], ensure_ascii=False, sort_keys=True) in failure.text
    suites = {suite.name for suite in xml}
    assert {f["article"] for f in findings} <= suites
    tallies = {c.name: c.system_out for c in rule_cases if c.system_out}
    for f in findings:  # the rule's own case counts the subjects it found wanting
        made = sum(
            1 for g in findings if g["rule"] == f["rule"] and g["severity"] != "indeterminate"
        )
        assert re.search(rf"(?<!\d){made} 项不符合", tallies[f["rule"]])


def test_junit_fail_on_moves_warnings_into_failures(capsys: pytest.CaptureFixture[str]) -> None:
    _, default = _junit(capsys, BREACH)
    _, strict = _junit(capsys, BREACH, "--fail-on", "warning")
    _, never = _junit(capsys, BREACH, "--fail-on", "never")
    assert (default.failures, strict.failures, never.failures) == (3, 4, 0)


def test_junit_undecided_is_an_error_and_skipped_rules_are_skipped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, xml = _junit(capsys, UNDECIDED)
    assert status == 2
    assert xml.errors >= 1
    assert xml.skipped == 2  # low_use_account, systems_filed_in_time: parameters unset
    _, given = _junit(
        capsys,
        UNDECIDED,
        "--param",
        "low_use_monthly_active_users=10",
        "--param",
        "filing_within_workdays=10",
    )
    assert given.skipped == 0


# --------------------------------------------------------------------------- CSV


def _rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("facts", [*EXAMPLES, BREACH])
def test_csv_reads_back(capsys: pytest.CaptureFixture[str], facts: str, lang: str) -> None:
    _, out, _ = run(capsys, "eval", "anhua", facts, "--format", "csv", "--lang", lang)
    header, *rows = _rows(out)
    findings = document(capsys, facts, "--lang", lang)["findings"]
    assert len(rows) == len(findings)
    assert all(len(row) == len(header) for row in rows)
    for row, finding in zip(rows, findings, strict=True):
        assert (row[0], row[2], row[6], row[7]) == (
            finding["article"],
            finding["subject"],
            finding["rule"],
            finding["message"],
        )
        assert json.loads(row[8]) == finding["evidence"]
        assert row[9] == facts and int(row[10]) >= 1


def test_csv_is_utf8_with_bom_in_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "findings.csv"
    run(capsys, "eval", "anhua", BREACH, "--format", "csv", "--output", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "第十六条" in raw.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+86 123", "'+86 123"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=x", "'\t=x"),
        ("a=b", "a=b"),
        ("第十六条", "第十六条"),
        (16, "16"),
        (None, ""),
    ],
)
def test_csv_cell_against_formula_injection(value: object, cell: str) -> None:
    assert _cell(value) == cell


def test_csv_defuses_formulas_from_the_facts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A subject id and a name from the facts that a spreadsheet would run as a
    formula arrive as text, in the csv module and in a spreadsheet library."""
    data = yaml.safe_load(Path(BREACH).read_text(encoding="utf-8"))
    hostile = '=HYPERLINK("http://example.invalid","x")'
    for filing in data["filings"]:
        if filing["id"] == "f-2":
            filing["id"] = "@f-2"
    data["units"][0]["name"] = hostile
    facts = tmp_path / "hostile.yaml"
    facts.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _, out, err = run(capsys, "eval", "anhua", str(facts), "--format", "csv")
    assert "Traceback" not in err
    _, *rows = _rows(out)
    cells = [cell for row in rows for cell in row]
    assert "'@f-2" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.Workbook().active
    for row in _rows(out):
        sheet.append(row)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


# --------------------------------------------------------------------------- --fail-on


@pytest.mark.parametrize(
    ("fail_on", "status"), [("error", 1), ("warning", 1), ("info", 1), ("never", 0)]
)
def test_fail_on_with_errors(capsys: pytest.CaptureFixture[str], fail_on: str, status: int) -> None:
    assert run(capsys, "eval", "anhua", BREACH, "--fail-on", fail_on)[0] == status


def test_fail_on_with_warnings_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = yaml.safe_load(Path(BREACH).read_text(encoding="utf-8"))
    data["filings"] = [f for f in data["filings"] if f["id"] not in ("f-2", "f-3")]
    for account in data["accounts"]:  # closed before 2023-10-31: no shutdown filing needed
        account["closed_on"] = "2023-09-30"
    facts = tmp_path / "warnings.yaml"
    facts.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    severities = {f["severity"] for f in document(capsys, str(facts))["findings"]}
    assert severities == {"warning"}
    statuses = [
        run(capsys, "eval", "anhua", str(facts), "--fail-on", level)[0]
        for level in ("error", "warning", "info", "never")
    ]
    assert statuses == [0, 1, 1, 0]


@pytest.mark.parametrize("fail_on", ["error", "warning", "info", "never"])
def test_fail_on_never_hides_2(capsys: pytest.CaptureFixture[str], fail_on: str) -> None:
    assert run(capsys, "eval", "anhua", UNDECIDED, "--fail-on", fail_on)[0] == 2


def test_fail_on_refuses_other_values(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "eval", "anhua", BREACH, "--fail-on", "fatal")
    assert status == 2 and out == ""
    assert "--fail-on" in err
