"""The library surface: what ``import policyengine`` offers a filing system.

Every public name says what it is for; nothing private leaks into the namespace;
findings and reports are JSON-ready; the JSON document matches the JSON Schema
that ships in the package (and in docs/).
"""

from __future__ import annotations

import datetime
import inspect
import json
import pydoc
import types
from pathlib import Path
from typing import Any

import pytest

import policyengine
from policyengine.report import json_schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / "breaches.yaml", ROOT / "examples" / "compliant.yaml"]
POLICY = policyengine.load_policy("anhua")
AS_OF = datetime.date(2026, 11, 25)


def _public_members(obj: type) -> list[tuple[str, Any]]:
    return [
        (name, member)
        for name, member in vars(obj).items()
        if not name.startswith("_") and (callable(member) or isinstance(member, property))
    ]


def test_every_public_name_has_a_docstring() -> None:
    assert policyengine.__doc__ and "load_policy" in policyengine.__doc__
    undocumented = []
    for name in policyengine.__all__:
        value = getattr(policyengine, name)
        if isinstance(value, str):  # SCHEMA_VERSION, __version__: documented in the source
            continue
        if not inspect.getdoc(value):
            undocumented.append(name)
        if inspect.isclass(value):
            for member_name, member in _public_members(value):
                target = member.fget if isinstance(member, property) else member
                if not getattr(target, "__doc__", None) and not getattr(member, "__doc__", None):
                    undocumented.append(f"{name}.{member_name}")
    assert undocumented == []


def test_nothing_private_is_exported() -> None:
    assert all(not name.startswith("_") or name == "__version__" for name in policyengine.__all__)
    for name in policyengine.__all__:  # the names are imported when first used
        getattr(policyengine, name)
    public = {
        name
        for name, value in vars(policyengine).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(policyengine.__all__) - {"__version__"}
    for leaked in ("PackageNotFoundError", "version"):
        assert not hasattr(policyengine, leaked)


def test_help_reads_well() -> None:
    text = pydoc.render_doc(policyengine, renderer=pydoc.plaintext)
    assert "load a policy once" in text
    assert "PackageNotFoundError" not in text
    for name in ("Report", "Finding", "load_policy"):
        assert name in text


def test_articles_and_findings_share_a_key() -> None:
    report = POLICY.report(policyengine.load_facts([EXAMPLES[0]]), as_of=AS_OF)
    assert report.findings
    for finding in report.findings:
        article = POLICY.articles[finding.article]
        assert article.number == finding.article_number
        assert finding.rule in POLICY.rules_for(finding.article)
    assert next(iter(POLICY.articles)) == "第一条"
    assert POLICY.rules_for("第十六条") == POLICY.rules_for(16)


@pytest.mark.parametrize("explain", [False, True])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_findings_and_reports_are_json_ready(example: Path, lang: str, explain: bool) -> None:
    report = POLICY.report(policyengine.load_facts([example]), as_of=AS_OF)
    for finding in report.findings:
        data = finding.to_dict(lang, explain=explain)  # type: ignore[arg-type]
        assert json.loads(json.dumps(data)) == data
    document = report.to_dict(lang, explain=explain)  # type: ignore[arg-type]
    assert json.loads(json.dumps(document)) == document
    assert json.loads(report.render("json", lang, explain=explain)) == document  # type: ignore[arg-type]
    lines = report.render("jsonl", lang, explain=explain).splitlines()  # type: ignore[arg-type]
    assert [json.loads(line) for line in lines] == document["findings"]


def test_report_summary_and_exit_status() -> None:
    report = POLICY.report(policyengine.load_facts([EXAMPLES[0]]), as_of=AS_OF)
    summary = report.summary
    assert summary["findings"] == len(report.findings)
    assert sum(summary[s] for s in ("error", "warning", "info", "indeterminate")) == len(
        report.findings
    )
    assert report.exit_status() == 1
    assert report.exit_status("never") == 0
    clean = POLICY.report(policyengine.load_facts([EXAMPLES[1]]), as_of=AS_OF)
    assert clean.exit_status() == 0


def test_skipped_rules_and_overridden_parameters() -> None:
    facts = policyengine.load_facts([EXAMPLES[1]])
    defaults = POLICY.report(facts, as_of=AS_OF)
    # Unset by default: the rules reading them cannot run.
    assert defaults.skipped_rules == ("low_use_account", "systems_filed_in_time")
    assert defaults.summary["skipped_rules"] == ["low_use_account", "systems_filed_in_time"]
    assert defaults.overridden == {}
    for rule in defaults.skipped_rules:
        needs = POLICY.rule_parameters()[rule]
        assert any(POLICY.parameters[name].default is None for name in needs)
    given = POLICY.report(
        facts,
        as_of=AS_OF,
        params={"filing_within_workdays": 10, "low_use_monthly_active_users": 100},
    )
    assert given.skipped_rules == ()
    assert given.overridden == {"filing_within_workdays": 10, "low_use_monthly_active_users": 100}
    same = POLICY.report(facts, as_of=AS_OF, params={"announce_min_workdays": 15})
    assert same.overridden == {}


@pytest.mark.parametrize(
    "params",
    [{}, {"filing_within_workdays": 10}, {"announce_min_workdays": 20, "stale_days": 3}],
)
@pytest.mark.parametrize("example", EXAMPLES)
def test_one_source_for_skipped_rules_undecided_and_changed_parameters(
    example: str, params: dict[str, int]
) -> None:
    """The summary, the statement and the provenance give the same numbers: the
    skipped rules are the statement's rules with unset parameters, the summary's
    undecided is the statement's, the overridden parameters are the provenance's."""
    report = POLICY.report(policyengine.load_facts([example]), as_of=AS_OF, params=params)
    document = report.to_dict()
    lines = {line["rule"]: line for a in document["articles"] for line in a["rules"]}
    assert document["summary"]["skipped_rules"] == [
        rule for rule, line in lines.items() if line["unset_parameters"]
    ]
    assert document["summary"]["undecided"] == sum(line["undecided"] for line in lines.values())
    changed = {p["name"]: p["value"] for p in document["provenance"]["parameters"]}
    assert changed == report.overridden
    assert {k: v for k, v in params.items() if v != POLICY.parameters[k].default} == changed
    for line in lines.values():  # a rule reading an unset parameter decides nothing here
        if line["unset_parameters"]:
            assert line["passed"] == line["failed"] == 0
            assert line["undecided"] == line["examined"]


def test_unknown_format_is_refused() -> None:
    report = POLICY.report(policyengine.load_facts([EXAMPLES[1]]), as_of=AS_OF)
    with pytest.raises(ValueError, match="`format` must be one of table, json"):
        report.render("yaml")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- JSON Schema


def test_schema_ships_in_the_package_and_in_docs() -> None:
    shipped = json_schema()
    docs = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    assert shipped == docs
    assert shipped["$defs"]["schema_version"]["pattern"].startswith(
        "^" + policyengine.SCHEMA_VERSION.split(".")[0]
    )


@pytest.mark.parametrize("explain", [False, True])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_json_document_matches_its_schema(example: Path, lang: str, explain: bool) -> None:
    jsonschema = pytest.importorskip("jsonschema")  # in the `test` extra
    report = POLICY.report(policyengine.load_facts([example]), as_of=AS_OF)
    document = json.loads(report.render("json", lang, explain=explain))  # type: ignore[arg-type]
    jsonschema.Draft202012Validator.check_schema(json_schema())
    jsonschema.validate(document, json_schema(), cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.pop("schema_version"),
        lambda d: d["findings"][0].update(severity="fatal"),
        lambda d: d["findings"][0].update(as_of="2026-11-25"),
        lambda d: d.update(as_of="25/11/2026"),
        lambda d: d["summary"].pop("warnings"),
    ],
)
def test_schema_rejects_a_wrong_document(change: Any) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    report = POLICY.report(policyengine.load_facts([EXAMPLES[0]]), as_of=AS_OF)
    document = report.to_dict()
    change(document)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, json_schema(), cls=jsonschema.Draft202012Validator)


# --------------------------------------------------------------------------- one language


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--calendar", "tests/data/nope/calendar.yaml"], "E502"),
        (["--params", "tests/data/nope/params.yaml"], "E607"),
        (["--output", "tests/data/nope/out.txt"], "E608"),
    ],
)
def test_a_file_the_system_refuses_is_named_in_one_language(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: str
) -> None:
    """The system's reason (strerror) is English; a Chinese message says it in Chinese."""
    import re

    from policyengine import cli

    facts = str(ROOT / "tests" / "data" / "cli" / "breach.yaml")
    for lang, reason in (("zh", "文件或目录不存在"), ("en", "No such file or directory")):
        assert cli.main(["eval", "anhua", facts, *argv, "--lang", lang]) == 2
        first = capsys.readouterr().err.splitlines()[0]
        assert code in first and reason in first
        if lang == "zh":
            message = first.split("]: ", 1)[1]
            assert not re.search(r"[A-Za-z]{3,}", message), message


def test_parser_messages_in_both_languages() -> None:
    from policyengine.diagnostics import os_reason, syntax_reason

    assert syntax_reason("Expecting value").zh == "此处应有一个值"
    assert syntax_reason("mapping values are not allowed here").zh.startswith("此处不允许")
    assert syntax_reason("something new").zh == "语法错误：`something new`"
    assert syntax_reason("something new").en == "something new"
    assert os_reason(PermissionError(13, "Permission denied")).zh == "没有权限"
    assert os_reason(OSError(1234, "Odd")).en == "Odd"
