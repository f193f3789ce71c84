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

import policyengine
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
    # the policy's hash changes with every edit of the policy
    out = out.replace(policyengine.load_policy("anhua").sha256, "(the policy's SHA-256)")
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


@pytest.mark.parametrize("facts", [*EXAMPLES, BREACH, UNDECIDED])
def test_sarif_meets_github_code_scanning(capsys: pytest.CaptureFixture[str], facts: str) -> None:
    """What GitHub code scanning requires beyond the schema ("SARIF support for code
    scanning"; its limits): a tool name and rules; per rule an id, a name of at most
    255 characters, short and full descriptions of at most 1,024, help text, none of
    them empty, a default level among note, warning and error, at most 20 tags; per
    result a message, a physical location with a relative URI and a start line,
    partial fingerprints; at most 25,000 results and rules per run, 20 runs."""
    _, out, _ = run(capsys, "eval", "anhua", facts, "--format", "sarif")
    log = json.loads(out)
    assert log["version"] == "2.1.0" and log["$schema"]
    assert 1 <= len(log["runs"]) <= 20
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "policyengine" and driver["semanticVersion"]
    assert 1 <= len(driver["rules"]) <= 25_000
    for rule in driver["rules"]:
        assert rule["id"] and 0 < len(rule["name"]) <= 255
        for key in ("shortDescription", "fullDescription"):
            assert 0 < len(rule[key]["text"]) <= 1024
        assert rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
        assert 0 < len(rule["properties"]["tags"]) <= 20
        assert rule["properties"]["problem.severity"] in ("error", "warning", "recommendation")
    assert len(sarif_run["results"]) <= 25_000
    for result in sarif_run["results"]:
        assert result["message"]["text"] and result["ruleId"]
        assert 1 <= len(result["locations"]) <= 10
        physical = result["locations"][0]["physicalLocation"]
        assert not physical["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert physical["region"]["startLine"] >= 1
        assert result["partialFingerprints"]


def test_sarif_carries_the_provenance(capsys: pytest.CaptureFixture[str]) -> None:
    """The files read, with their SHA-256, are the run's artifacts; the rest of the
    provenance (check date, parameters, calendar, version) is the invocation's."""
    extra = ("--param", "stale_days=10", "--calendar", "examples/calendar-2027.yaml")
    _, out, _ = run(capsys, "eval", "anhua", UNDECIDED, "--format", "sarif", *extra)
    (sarif_run,) = json.loads(out)["runs"]
    prov = document(capsys, UNDECIDED, *extra)["provenance"]
    (invocation,) = sarif_run["invocations"]
    assert invocation["properties"]["provenance"] == prov
    assert invocation["executionSuccessful"] is True  # 2027 is in the calendar file
    artifacts = {tuple(a["roles"]): a for a in sarif_run["artifacts"]}
    assert artifacts[("policy",)]["hashes"]["sha-256"] == prov["policy"]["sha256"]
    target = artifacts[("analysisTarget",)]
    assert target["location"]["uri"] == UNDECIDED
    assert target["hashes"]["sha-256"] == prov["facts"][0]["sha256"]
    calendar = artifacts[("userSpecifiedConfiguration",)]
    assert calendar["location"]["uri"] == "examples/calendar-2027.yaml"
    digest = hashlib.sha256(Path("examples/calendar-2027.yaml").read_bytes()).hexdigest()
    assert calendar["hashes"]["sha-256"] == digest
    _, out, _ = run(capsys, "eval", "anhua", UNDECIDED, "--format", "sarif")
    (undecided_run,) = json.loads(out)["runs"]
    assert undecided_run["invocations"][0]["executionSuccessful"] is False


def test_sarif_names_the_warnings_and_the_documentation_of_their_codes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The warnings about the input are tool notifications; each code's descriptor
    names its page and anchor under docs/ (``helpUri`` would have to be absolute), and
    a policy's warning is at its file, line and column."""
    jsonschema = pytest.importorskip("jsonschema")
    from policyengine.codes import CODES

    policy = tmp_path / "p.policy"
    policy.write_text("# \u202e\n" + Path("policies/anhua.policy").read_text("utf-8"), "utf-8")
    facts = tmp_path / "f.yaml"
    text = Path(BREACH).read_text("utf-8").replace("- id: f-2\n", "- id: f-2\n    colour: red\n")
    facts.write_text(text, "utf-8")
    _, out, err = run(capsys, "eval", str(policy), str(facts), "--format", "sarif", "--lang", "en")
    log = json.loads(out)
    jsonschema.validate(
        log, json.loads(SARIF_SCHEMA.read_text("utf-8")), cls=jsonschema.Draft4Validator
    )
    (sarif_run,) = log["runs"]
    kinds = sarif_run["tool"]["driver"]["notifications"]
    assert [k["id"] for k in kinds] == ["E107", "E429"]
    for kind in kinds:
        code = CODES[kind["id"]]
        assert kind["properties"]["documentation"] == code.doc
        page, anchor = code.doc.split("#")
        assert Path(page).is_file() and anchor
        assert "helpUri" not in kind
        assert kind["shortDescription"]["text"] == code.title.en
        assert kind["defaultConfiguration"]["level"] == "warning"
    bidi, undeclared = sarif_run["invocations"][0]["toolExecutionNotifications"]
    assert bidi["descriptor"] == {"id": "E107", "index": 0} and bidi["level"] == "warning"
    (place,) = bidi["locations"]
    assert place["physicalLocation"]["artifactLocation"]["uri"] == f"file://{policy}"
    assert place["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 3}
    assert undeclared["descriptor"] == {"id": "E429", "index": 1}
    assert "`colour`" in undeclared["message"]["text"] and undeclared["message"]["text"] in err
    assert undeclared["properties"]["location"].startswith(f"{facts}:")
    # no warning, no notification
    _, out, _ = run(capsys, "eval", "anhua", BREACH, "--format", "sarif")
    (quiet,) = json.loads(out)["runs"]
    assert "notifications" not in quiet["tool"]["driver"]
    assert "toolExecutionNotifications" not in quiet["invocations"][0]


def test_sarif_points_at_the_record_line(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "eval", "anhua", BREACH, "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    lines = Path(BREACH).read_text(encoding="utf-8").splitlines()
    for result in results:
        line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
        subject = result["properties"]["subject"]
        assert lines[line - 1].strip() == f"- id: {subject}"
    assert [r["properties"]["subject"] for r in results] == ["f-2", "f-3", "e-1"]


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
    assert_junit10(ET.fromstring(out.encode("utf-8")))
    return status, junitparser.JUnitXml.fromstring(out.encode("utf-8"))


# What the Jenkins xUnit plugin's schema junit-10.xsd allows (pytest validates its
# xunit2 reports against it; GitLab and Jenkins read the same shape): per element,
# its attributes, those required, and the elements it may hold. Written out here
# rather than vendored, so that the test says which constraints it checks.
_JUNIT10: dict[str, tuple[set[str], set[str], set[str]]] = {
    "testsuites": ({"name", "time", "tests", "failures", "errors"}, set(), {"testsuite"}),
    "testsuite": (
        {"name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp",
         "hostname", "id", "package", "file", "log", "url", "version"},
        {"name", "tests", "failures", "errors"},
        {"testsuite", "properties", "testcase", "system-out", "system-err"},
    ),
    "properties": (set(), set(), {"property"}),
    "property": ({"name", "value"}, {"name", "value"}, set()),
    "testcase": (
        {"name", "time", "classname", "group"},
        {"name"},
        {"skipped", "error", "failure", "system-out", "system-err"},
    ),
    "failure": ({"type", "message"}, set(), set()),
    "error": ({"type", "message"}, set(), set()),
    "skipped": ({"type", "message"}, set(), set()),
    "system-out": (set(), set(), set()),
    "system-err": (set(), set(), set()),
}  # fmt: skip


def assert_junit10(element: ET.Element) -> None:
    """``element`` and everything under it as junit-10.xsd allows, and the counts
    of each suite those of its test cases."""
    allowed, required, children = _JUNIT10[element.tag]
    assert set(element.attrib) <= allowed, (element.tag, set(element.attrib) - allowed)
    assert required <= set(element.attrib), (element.tag, required - set(element.attrib))
    for child in element:
        assert child.tag in children, (element.tag, child.tag)
        assert_junit10(child)
    if element.tag == "testsuite":
        cases = element.findall("testcase")
        assert int(element.get("tests", "")) == len(cases)
        for tag, attribute in (
            ("failure", "failures"),
            ("error", "errors"),
            ("skipped", "skipped"),
        ):
            assert int(element.get(attribute, "0")) == sum(c.find(tag) is not None for c in cases)


@pytest.mark.parametrize("facts", [*EXAMPLES, BREACH, UNDECIDED])
def test_junit_has_a_case_per_rule_and_subject(
    capsys: pytest.CaptureFixture[str], facts: str
) -> None:
    """Every subject each rule examined is one test case, under the rule's class in
    its primary article's suite; failures and errors are the findings, skipped the
    undecided subjects, and the counts are the statement's."""
    _, xml = _junit(capsys, facts)
    data = document(capsys, facts)
    findings = data["findings"]
    lines = {line["rule"]: (a["article"], line) for a in data["articles"] for line in a["rules"]}
    primary = {f["rule"]: f["article"] for f in findings}
    cases: dict[str, list[Any]] = {}
    for suite in xml:
        for case in suite:
            policy, article, rule = case.classname.split(".")
            assert (policy, article) == ("anhua", suite.name)
            assert primary.get(rule, article) == article
            cases.setdefault(rule, []).append(case)
    assert set(cases) == set(lines)  # every rule of the policy is there
    names = [(c.classname, c.name) for group in cases.values() for c in group]
    assert len(names) == len(set(names))
    for rule, (_, line) in lines.items():
        kinds = [type(r).__name__ for c in cases[rule] for r in c.result]
        if line["examined"] == 0:
            assert kinds == ["Skipped"]
            continue
        assert len(cases[rule]) == line["examined"]
        failed = kinds.count("Failure") + kinds.count("Error")
        assert failed == (line["failed"] + line["indeterminate"] if line["severity"] == "error"
                          else line["indeterminate"])  # fmt: skip
        assert kinds.count("Skipped") == line["undecided"]
    by_case = {(c.classname.rsplit(".", 1)[1], c.name): c for g in cases.values() for c in g}
    for f in findings:
        # a rule judging each item of its fact has a case per fact and item (wx/li-min)
        label = f["subject"] + (f"/{f['item']}" if "item" in f else "")
        case = by_case[(f["rule"], label)]
        if f["severity"] in ("error", "indeterminate"):
            (verdict,) = case.result
            assert verdict.message == f["message"]
            assert verdict.type == f["severity"]
            text = verdict.text
        else:  # below --fail-on: a passing case that says what was found
            assert not case.result
            text = case.system_out
        assert json.dumps(f["evidence"], ensure_ascii=False, sort_keys=True) in text
    assert xml.failures == sum(1 for f in findings if f["severity"] == "error")
    assert xml.errors == sum(1 for f in findings if f["severity"] == "indeterminate")


def test_junit_names_subjects_in_a_person_s_order(capsys: pytest.CaptureFixture[str]) -> None:
    _, xml = _junit(capsys, "examples/breaches.yaml")
    for suite in xml:
        by_class: dict[str, list[str]] = {}
        for case in suite:
            by_class.setdefault(case.classname, []).append(case.name)
        for names in by_class.values():
            numbered = [n for n in names if re.fullmatch(r"[a-z]+-[0-9]+", n)]
            prefixes = {n.split("-")[0] for n in numbered}
            for prefix in prefixes:
                numbers = [int(n.split("-")[1]) for n in numbered if n.startswith(prefix + "-")]
                assert numbers == sorted(numbers)


def test_junit_fail_on_moves_warnings_into_failures(capsys: pytest.CaptureFixture[str]) -> None:
    _, default = _junit(capsys, BREACH)
    _, strict = _junit(capsys, BREACH, "--fail-on", "warning")
    _, never = _junit(capsys, BREACH, "--fail-on", "never")
    assert (default.failures, strict.failures, never.failures) == (2, 3, 0)
    assert default.tests == strict.tests == never.tests


def test_junit_undecided_is_an_error_and_unset_parameters_skip(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, xml = _junit(capsys, UNDECIDED)
    assert status == 2
    findings = document(capsys, UNDECIDED)["findings"]
    assert xml.errors == sum(f["severity"] == "indeterminate" for f in findings) >= 1
    skipped = [
        (case.classname, r.message)
        for suite in xml
        for case in suite
        for r in case.result
        if type(r).__name__ == "Skipped"
    ]
    unset = [c for c, message in skipped if "参数" in message]
    # its approved filing is undecided for want of filing_within_workdays; it has no
    # active account for low_use_account to examine
    assert unset == ["anhua.第十四条.systems_filed_in_time"]
    _, breaches = _junit(capsys, "examples/breaches.yaml", "--lang", "en")
    messages = {
        case.classname.rsplit(".", 1)[1]: r.message
        for suite in breaches
        for case in suite
        for r in case.result
        if type(r).__name__ == "Skipped"
    }
    assert messages["low_use_account"] == (
        "cannot decide: the parameter `low_use_monthly_active_users` is unset"
    )
    assert messages["opened_before_approval"] == "cannot decide: a field the rule needs is empty"


def test_junit_carries_the_provenance(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "eval", "anhua", BREACH, "--format", "junit", "--param", "stale_days=10"
    )
    root = ET.fromstring(out.encode("utf-8"))
    prov = document(capsys, BREACH, "--param", "stale_days=10")["provenance"]
    for suite in root.iter("testsuite"):
        pairs = {p.get("name"): p.get("value") for p in suite.iter("property")}
        assert pairs["policy.sha256"] == prov["policy"]["sha256"]
        assert pairs["facts.1.path"] == BREACH
        assert pairs["facts.1.sha256"] == prov["facts"][0]["sha256"]
        assert pairs["as_of"] == prov["as_of"]
        assert pairs["parameter.stale_days"] == "10"
        assert pairs["parameter.stale_days.default"] == "14"
        assert pairs["policyengine.version"] == prov["package_version"]
        assert {k for k in pairs if k.startswith("calendar.")} == {
            f"calendar.{c['year']}" for c in prov["calendar"]
        }


def test_junit_needs_the_outcomes() -> None:
    """A report made without the subjects that passed cannot list them: JUnit says
    so instead of leaving them out."""
    policy = policyengine.load_policy("anhua")
    facts = policyengine.load_facts([BREACH])
    assert "<testcase" in policy.report(facts).render("junit")
    bare = policyengine.Report(policy.evaluate(facts), policy)
    with pytest.raises(ValueError, match="outcomes=True"):
        bare.render("junit")


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


def test_csv_carries_the_provenance_in_every_row(capsys: pytest.CaptureFixture[str]) -> None:
    extra = ("--param", "stale_days=10", "--lang", "en")
    _, out, _ = run(capsys, "eval", "anhua", BREACH, "--format", "csv", *extra)
    header, *rows = _rows(out)
    prov = document(capsys, BREACH, *extra)["provenance"]
    assert header[-7:] == [
        "file_sha256", "as_of", "policy", "policy_sha256", "parameters", "calendar", "engine"
    ]  # fmt: skip
    assert [c["year"] for c in prov["calendar"]] == [2024]
    assert rows
    for row in rows:
        cells = dict(zip(header, row, strict=True))
        assert cells["file_sha256"] == prov["facts"][0]["sha256"]
        assert cells["as_of"] == prov["as_of"] and cells["policy"] == "anhua"
        assert cells["policy_sha256"] == prov["policy"]["sha256"]
        assert json.loads(cells["parameters"]) == {"stale_days": 10}
        assert cells["calendar"] == "2024 bundled"
        assert cells["engine"] == prov["package_version"]


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
    # the map used on tt-old after that closing day is also a notice (posted_after_closure)
    assert severities == {"warning", "info"}
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
