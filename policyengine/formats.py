"""Findings for other systems: SARIF 2.1.0, JUnit XML and CSV.

Takes a :class:`~policyengine.report.Report`; gives the text of one document, complete,
for the CLI to write in one go. Never changes the findings: each format says what the
JSON document says, in the shape a code-scanning dashboard, a CI test report or a
spreadsheet reads.

* SARIF: one reporting descriptor per rule (its articles and their text as ``help``),
  one result per finding located at the facts file and the record's line; the
  severity becomes the SARIF ``level`` (``indeterminate`` is a result of kind
  ``open``: the rule could not decide).
* JUnit: a test suite per article, a test case per rule and subject found wanting,
  and one per rule for the subjects that passed it (its output says how many the
  rule examined, passed and failed); a finding at or above
  ``--fail-on`` is a ``failure`` carrying the message and the evidence, an
  indeterminate one an ``error``, a rule skipped for an unset parameter ``skipped``.
* CSV: UTF-8 with a byte-order mark (Excel then reads the Chinese), one row per
  finding; a cell that a spreadsheet would take for a formula is quoted with ``'``.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from policyengine.diagnostics import Lang
from policyengine.explain import severity_name, subject_kind_name
from policyengine.findings import SEVERITIES, Finding

if TYPE_CHECKING:
    from policyengine.report import FailOn, Report

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note", "indeterminate": "none"}


# --------------------------------------------------------------------------- rules


def _rules(report: Report) -> list[dict[str, Any]]:
    """Each rule of the policy (or, without one, of the findings): name, title,
    severity, the articles it cites and their text."""
    if report.policy is not None:
        articles = report.policy.checked.articles
        return [
            {
                "name": rule.decl.name,
                "title": rule.decl.title or rule.decl.name,
                "severity": rule.decl.severity,
                "articles": [c.label for c in rule.decl.cites],
                "text": [
                    (c.label, articles[c.number].text or "")
                    for c in rule.decl.cites
                    if c.number in articles
                ],
            }
            for rule in report.policy.rules
        ]
    seen: dict[str, dict[str, Any]] = {}
    for f in report.findings:
        seen.setdefault(
            f.rule,
            {
                "name": f.rule,
                "title": f.rule,
                "severity": f.severity,
                "articles": list(f.articles),
                "text": [],
            },
        )
    return list(seen.values())


def _uri(path: str) -> str:
    """A facts file's path as a URI reference: relative paths stay relative."""
    pure = PurePath(path)
    if pure.is_absolute():
        return "file://" + urllib.parse.quote(pure.as_posix())
    return urllib.parse.quote(pure.as_posix())


# --------------------------------------------------------------------------- SARIF


def sarif(report: Report, lang: Lang, *, version: str, ascii_only: bool = False) -> str:
    """The report as a SARIF 2.1.0 log with one run (``ascii_only``: non-ASCII
    characters escaped, the same JSON)."""
    rules = _rules(report)
    index = {rule["name"]: i for i, rule in enumerate(rules)}
    descriptors = []
    for rule in rules:
        help_text = "\n\n".join(
            f"{label}：{text}" if text else label for label, text in rule["text"]
        )
        descriptor: dict[str, Any] = {
            "id": rule["name"],
            "name": rule["name"],
            "shortDescription": {"text": rule["title"]},
            "help": {"text": help_text or "、".join(rule["articles"])},
            "defaultConfiguration": {"level": _SARIF_LEVEL.get(rule["severity"], "warning")},
            "properties": {"articles": rule["articles"], "severity": rule["severity"]},
        }
        descriptors.append(descriptor)
    results = [_sarif_result(report, f, lang, index) for f in report.findings]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "policyengine",
                "version": version,
                "rules": descriptors,
            }
        },
        "results": results,
        "properties": {
            "policy": report.result.policy,
            "as_of": report.result.as_of.isoformat(),
            "summary": report.summary,
        },
    }
    if lang == "zh":
        run["language"] = "zh-CN"
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=ascii_only, indent=2) + "\n"


def _sarif_result(report: Report, f: Finding, lang: Lang, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": f.rule}
    if f.rule in index:
        result["ruleIndex"] = index[f.rule]
    if f.severity == "indeterminate":
        result["kind"] = "open"  # the rule could not decide; SARIF then wants level none
    result["level"] = _SARIF_LEVEL.get(f.severity, "warning")
    result["message"] = {"text": f.messages.get(lang)}
    location: dict[str, Any] = {
        "logicalLocations": [
            {"name": f.subject, "fullyQualifiedName": f"{f.subject_kind}/{f.subject}"}
        ]
    }
    place = report.location(f)
    if place is not None:
        path, line = place
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(path)}}
        if line is not None:
            physical["region"] = {"startLine": line}
        location["physicalLocation"] = physical
    result["locations"] = [location]
    result["partialFingerprints"] = {"policyengine/subject/v1": f"{f.rule}/{f.subject}"}
    result["properties"] = {
        "article": f.article,
        "articles": list(f.articles),
        "subject": f.subject,
        "subject_kind": f.subject_kind,
        "severity": f.severity,
        "evidence": dict(f.evidence),
    }
    return result


# --------------------------------------------------------------------------- JUnit


def junit(
    report: Report, lang: Lang, *, fail_on: FailOn = "error", ascii_only: bool = False
) -> str:
    """The report as JUnit XML: a suite per article, a case per rule and subject
    (``ascii_only``: non-ASCII characters as character references, the same XML)."""
    failing = () if fail_on == "never" else SEVERITIES[: SEVERITIES.index(fail_on) + 1]
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_rule[f.rule].append(f)
    skipped = set(report.skipped_rules)
    suites: dict[str, list[ET.Element]] = defaultdict(list)
    for rule in _rules(report):
        name = rule["name"]
        article = rule["articles"][0] if rule["articles"] else ""
        classname = f"{report.result.policy}.{article}"
        for f in by_rule.get(name, []):
            case = ET.Element("testcase", name=f"{name} {f.subject}", classname=classname)
            detail = _detail(f, lang)
            if f.severity == "indeterminate":
                ET.SubElement(
                    case, "error", message=f.messages.get(lang), type=f.severity
                ).text = detail
            elif f.severity in failing:
                ET.SubElement(
                    case, "failure", message=f.messages.get(lang), type=f.severity
                ).text = detail
            else:
                ET.SubElement(case, "system-out").text = detail
            suites[article].append(case)
        case = ET.Element("testcase", name=name, classname=classname)
        if name in skipped:
            reason = (
                "a parameter this rule needs is unset" if lang == "en" else "本规则所需的参数未设置"
            )
            ET.SubElement(case, "skipped", message=reason)
        else:
            ET.SubElement(case, "system-out").text = _tally(report, name, lang)
        suites[article].append(case)
    root = ET.Element("testsuites", name=f"policyengine {report.result.policy}")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for article, cases in suites.items():
        counts = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        attributes = {k: str(v) for k, v in counts.items()}
        attributes["timestamp"] = report.result.as_of.isoformat() + "T00:00:00"
        suite = ET.SubElement(root, "testsuite", {"name": article, **attributes})
        suite.extend(cases)
        for key, value in counts.items():
            totals[key] += value
    root.attrib.update({k: str(v) for k, v in totals.items()})
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    if ascii_only:
        body = body.encode("ascii", "xmlcharrefreplace").decode("ascii")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _tally(report: Report, rule: str, lang: Lang) -> str:
    """What a rule examined: the subjects that passed it are this test case."""
    c = report.result.count_of(rule)
    if lang == "en":
        return (
            f"examined {c.examined}: {c.passed} passed, {c.failed} failed, "
            f"{c.undecided} undecided, {c.indeterminate} indeterminate"
        )
    return (
        f"检查 {c.examined} 项：{c.passed} 项通过、{c.failed} 项不符合、"
        f"{c.undecided} 项条件未知、{c.indeterminate} 项无法判定"
    )


def _detail(f: Finding, lang: Lang) -> str:
    """A finding's text in a test report: message, subject, articles, evidence."""
    kind = subject_kind_name(f.subject_kind, lang)
    evidence = json.dumps(dict(f.evidence), ensure_ascii=False, sort_keys=True)
    if lang == "en":
        lines = [
            f.messages.en,
            f"{kind} {f.subject} · {'、'.join(f.articles)} · {f.rule} · {f.severity}",
            f"evidence: {evidence}",
        ]
    else:
        lines = [
            f.messages.zh,
            f"{kind} {f.subject} · {'、'.join(f.articles)} · {f.rule} · "
            f"{severity_name(f.severity, lang)}",
            f"依据数据：{evidence}",
        ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- CSV

_CSV_HEADERS = {
    "zh": [
        "条款",
        "条款序号",
        "对象",
        "对象名称",
        "类型",
        "严重程度",
        "规则",
        "说明",
        "依据数据",
        "文件",
        "行",
    ],
    "en": [
        "article",
        "article_number",
        "subject",
        "subject_name",
        "kind",
        "severity",
        "rule",
        "message",
        "evidence",
        "file",
        "line",
    ],
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A cell as text, with ``'`` before what a spreadsheet would run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(report: Report, lang: Lang) -> str:
    """The findings as CSV, one row per finding, starting with a UTF-8 byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_CSV_HEADERS[lang])
    for f in report.findings:
        place = report.location(f)
        writer.writerow(
            _cell(value)
            for value in (
                f.article,
                f.article_number,
                f.subject,
                report.subject_name(f),
                subject_kind_name(f.subject_kind, lang),
                severity_name(f.severity, lang),
                f.rule,
                f.messages.get(lang),
                json.dumps(dict(f.evidence), ensure_ascii=False, sort_keys=True),
                place[0] if place else None,
                place[1] if place else None,
            )
        )
    return "\ufeff" + out.getvalue()


__all__ = ["SARIF_SCHEMA", "csv_text", "junit", "sarif"]
