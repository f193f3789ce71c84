"""Findings for other systems: SARIF 2.1.0, JUnit XML and CSV.

Takes a :class:`~policyengine.report.Report`; gives the text of one document, complete,
for the CLI to write in one go. Never changes the findings: each format says what the
JSON document says, in the shape a code-scanning dashboard, a CI test report or a
spreadsheet reads.

* SARIF: one reporting descriptor per rule (its articles and their text as ``help``),
  one result per finding located at the facts file and the record's line; the
  severity becomes the SARIF ``level`` (``indeterminate`` is a result of kind
  ``open``: the rule could not decide). The warnings about the input (an undeclared
  field ...) are tool notifications, each code a notification descriptor whose
  ``properties.documentation`` is the code's page and anchor under ``docs/``; not
  ``helpUri``, which SARIF wants an absolute URI, and policyengine has no address of
  its own to make one from.
* JUnit (the shape the Jenkins JUnit schema ``junit-10.xsd`` describes, which GitLab
  and pytest's ``xunit2`` share): a test suite per article, a test case per rule and
  subject the rule examined (class ``policy.article.rule``, name the subject's id); a
  finding at or above ``--fail-on`` is a ``failure`` carrying the message and the
  evidence, one below it a passing case that says it, an indeterminate one an
  ``error``, a subject left undecided (an unset parameter, an empty field)
  ``skipped``; a rule with nothing to check has one skipped case. Each suite's
  properties are the provenance.
* CSV: UTF-8 with a byte-order mark (Excel then reads the Chinese), one row per
  finding; a cell that a spreadsheet would take for a formula is quoted with ``'``.
  The provenance is in columns of every row (a CSV has no place for a document's
  header that every reader skips).
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from policyengine import provenance
from policyengine.codes import CODES
from policyengine.diagnostics import Diagnostic, Lang
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
        cited = "、".join(rule["articles"])
        descriptor: dict[str, Any] = {
            "id": rule["name"],
            "name": _limit(rule["name"], 255),
            "shortDescription": {"text": _limit(rule["title"], 1024)},
            "fullDescription": {"text": _limit(help_text or rule["title"], 1024)},
            "help": {"text": help_text or cited},
            "defaultConfiguration": {"level": _SARIF_LEVEL.get(rule["severity"], "warning")},
            "properties": {
                "articles": rule["articles"],
                "severity": rule["severity"],
                "tags": rule["articles"][:_MAX_TAGS],
                "problem.severity": _PROBLEM_SEVERITY.get(rule["severity"], "warning"),
            },
        }
        descriptors.append(descriptor)
    results = [_sarif_result(report, f, lang, index) for f in report.findings]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "policyengine",
                "version": version,
                "semanticVersion": version,
                "rules": descriptors,
            }
        },
        "invocations": [
            # complete: every fact decided (an indeterminate finding makes the exit status 2)
            {"executionSuccessful": not report.result.count("indeterminate")}
        ],
        "results": results,
        "properties": {
            "policy": report.result.policy,
            "as_of": report.result.as_of.isoformat(),
            "summary": report.summary,
        },
    }
    if report.warnings:
        kinds, notifications = _notifications(report.warnings, lang)
        run["tool"]["driver"]["notifications"] = kinds
        run["invocations"][0]["toolExecutionNotifications"] = notifications
    if report.provenance is not None:
        run["artifacts"] = _artifacts(report.provenance, lang)
        run["invocations"][0]["properties"] = {"provenance": report.provenance.to_dict(lang)}
    if lang == "zh":
        run["language"] = "zh-CN"
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=ascii_only, indent=2) + "\n"


_MAX_TAGS = 20  # GitHub code scanning refuses a rule with more tags
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}


def _limit(text: str, most: int) -> str:
    """``text`` cut to ``most`` characters (GitHub refuses longer names and
    descriptions), an ellipsis marking the cut."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _notifications(
    warnings: tuple[Diagnostic, ...], lang: Lang
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The warnings about the input as SARIF tool notifications: a descriptor per code
    (its title, help and documentation: the page and anchor under ``docs/``, relative
    to policyengine's source, in ``properties``, since ``helpUri`` must be absolute),
    and a notification per warning, at its file, line and column when it has them."""
    codes = list(dict.fromkeys(w.code for w in warnings))
    kinds = [
        {
            "id": code,
            "shortDescription": {"text": CODES[code].title.get(lang)},
            "help": {"text": CODES[code].help.get(lang)},
            "defaultConfiguration": {"level": CODES[code].level},
            "properties": {"documentation": CODES[code].doc},
        }
        for code in codes
    ]
    notifications = []
    for w in warnings:
        notification: dict[str, Any] = {
            "descriptor": {"id": w.code, "index": codes.index(w.code)},
            "level": w.level,
            "message": {"text": w.message.get(lang)},
        }
        if w.span is not None:
            region = {"startLine": w.span.line, "startColumn": w.span.column}
            notification["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(w.span.source.name)},
                        "region": region,
                    }
                }
            ]
        elif w.location:
            notification["properties"] = {"location": w.location}
        notifications.append(notification)
    return kinds, notifications


def _artifacts(prov: provenance.Provenance, lang: Lang) -> list[dict[str, Any]]:
    """The files the check read, each with its SHA-256: the policy (role
    ``policy``), the facts (``analysisTarget``) and the calendar files
    (``userSpecifiedConfiguration``)."""
    origin = provenance.label(provenance.POLICY_ORIGINS, prov.policy_origin, lang)
    policy: dict[str, Any] = {
        "description": {"text": f"{prov.policy} ({origin})"},
        "hashes": {"sha-256": prov.policy_sha256},
        "roles": ["policy"],
    }
    if prov.policy_origin != provenance.SHIPPED:
        policy["location"] = {"uri": _uri(prov.policy_origin)}
    out = [policy]
    for path, digest in prov.facts:
        artifact: dict[str, Any] = {"location": {"uri": _uri(path)}, "roles": ["analysisTarget"]}
        if digest is not None:
            artifact["hashes"] = {"sha-256": digest}
        out.append(artifact)
    calendars = dict.fromkeys(
        source for _, source in prov.calendar_years if source not in provenance.CALENDAR_SOURCES
    )
    for path in calendars:
        artifact = {"location": {"uri": _uri(path)}, "roles": ["userSpecifiedConfiguration"]}
        digest = provenance.sha256_file(path)
        if digest is not None:
            artifact["hashes"] = {"sha-256": digest}
        out.append(artifact)
    return out


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
    result["partialFingerprints"] = {"policyengine/subject/v1": f"{f.rule}/{f.label}"}
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
    (``ascii_only``: non-ASCII characters as character references, the same XML).

    Needs to know which subjects passed each rule: a report made by
    :meth:`Policy.report <policyengine.Policy.report>` knows (``outcomes=True``)."""
    failing = () if fail_on == "never" else SEVERITIES[: SEVERITIES.index(fail_on) + 1]
    found: dict[str, dict[str, Finding]] = defaultdict(dict)
    for f in report.findings:
        found[f.rule][f.label] = f  # INVARIANT: a rule finds once per subject (and item)
    counts = {c.rule: c for c in report.result.counts}
    suites: dict[str, list[ET.Element]] = defaultdict(list)
    for rule in _rules(report):
        name = rule["name"]
        count = counts.get(name)
        if count is None or count.outcomes is None:
            raise ValueError(
                f"rule {name!r}: the report does not say which subjects passed it; "
                "make it with Policy.report(..., outcomes=True)"
            )
        article = rule["articles"][0] if rule["articles"] else ""
        classname = f"{report.result.policy}.{article}.{name}" if article else name
        cases = suites[article]
        made = found[name]
        if not (made or count.outcomes.passed or count.outcomes.undecided):
            case = ET.Element("testcase", classname=classname, name=_NOTHING[lang])
            ET.SubElement(case, "skipped", message=_NOTHING_REASON[lang])
            cases.append(case)
            continue
        for subject in sorted(
            (*made, *count.outcomes.passed, *count.outcomes.undecided), key=_natural
        ):
            case = ET.Element("testcase", classname=classname, name=subject)
            finding = made.get(subject)
            if finding is not None:
                _verdict(case, finding, lang, failing)
            elif subject in count.outcomes.undecided:
                ET.SubElement(case, "skipped", message=_undecided(count.unset, lang))
            cases.append(case)
    root = ET.Element("testsuites", name=f"policyengine {report.result.policy}")
    properties = _properties(report)
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for article, cases in suites.items():
        counted = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        attributes = {k: str(v) for k, v in counted.items()}
        attributes["timestamp"] = report.result.as_of.isoformat() + "T00:00:00"
        suite = ET.SubElement(root, "testsuite", {"name": article or name, **attributes})
        if properties is not None:
            suite.append(properties)
        suite.extend(cases)
        for key in totals:
            totals[key] += counted[key]
    root.attrib.update({k: str(v) for k, v in totals.items()})  # junit-10: no `skipped` here
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    if ascii_only:
        body = body.encode("ascii", "xmlcharrefreplace").decode("ascii")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _verdict(case: ET.Element, f: Finding, lang: Lang, failing: tuple[str, ...]) -> None:
    """A finding in its test case: an ``error`` when indeterminate, a ``failure`` at
    or above ``--fail-on``, else output of a case that passes."""
    if f.severity == "indeterminate" or f.severity in failing:
        tag = "error" if f.severity == "indeterminate" else "failure"
        element = ET.SubElement(case, tag, message=f.messages.get(lang), type=f.severity)
    else:
        element = ET.SubElement(case, "system-out")
    element.text = _detail(f, lang)


_NOTHING = {"zh": "（无检查对象）", "en": "(nothing to check)"}
_NOTHING_REASON = {
    "zh": "没有可供本规则检查的事实：无法据此认定符合",
    "en": "no fact for this rule to check: this does not show compliance",
}


def _undecided(unset: tuple[str, ...], lang: Lang) -> str:
    """Why a subject was left undecided: a parameter unset, or an empty field."""
    names = "、".join(f"`{name}`" for name in unset)
    if lang == "en":
        if unset:
            return f"cannot decide: the parameter {names.replace('、', ', ')} is unset"
        return "cannot decide: a field the rule needs is empty"
    if unset:
        return f"无法判断：参数 {names} 未设置"
    return "无法判断：本规则所需的字段为空"


def _natural(subject: str) -> tuple[tuple[int, int | str], ...]:
    """``f-2`` before ``f-10``: the order a person lists ids in."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.split(r"(\d+)", subject)
        if part
    )


def _properties(report: Report) -> ET.Element | None:
    """The provenance as a suite's ``<properties>`` (what a CI dashboard lists with
    the suite), or None without it."""
    if report.provenance is None:
        return None
    element = ET.Element("properties")
    for name, value in provenance.flat(report.provenance):
        ET.SubElement(element, "property", name=name, value=value)
    return element


def _detail(f: Finding, lang: Lang) -> str:
    """A finding's text in a test report: message, subject, articles, evidence."""
    kind = subject_kind_name(f.subject_kind, lang)
    evidence = json.dumps(dict(f.evidence), ensure_ascii=False, sort_keys=True)
    if lang == "en":
        lines = [
            f.messages.en,
            f"{kind} {f.label} · {'、'.join(f.articles)} · {f.rule} · {f.severity}",
            f"evidence: {evidence}",
        ]
    else:
        lines = [
            f.messages.zh,
            f"{kind} {f.label} · {'、'.join(f.articles)} · {f.rule} · "
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
        "文件 SHA-256",
        "检查日期",
        "策略",
        "策略 SHA-256",
        "参数改动",
        "日历",
        "程序版本",
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
        "file_sha256",
        "as_of",
        "policy",
        "policy_sha256",
        "parameters",
        "calendar",
        "engine",
    ],
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A cell as text, with ``'`` before what a spreadsheet would run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_origin(report: Report) -> list[str | None]:
    """The provenance columns, the same on every row but the facts file's digest:
    check date, policy, its SHA-256, the changed parameters (JSON), the calendar's
    years and sources, the engine's version."""
    prov = report.provenance
    head: list[str | None] = [report.result.as_of.isoformat(), report.result.policy]
    if prov is None:
        return [*head, None, None, None, None]
    changed = {p.name: provenance.json_param(p.value) for p in prov.params}
    years = [
        (f"{a}" if a == b else f"{a}-{b}") + f" {source}"
        for a, b, source in provenance.year_spans(prov.calendar_years)
    ]
    return [
        *head,
        prov.policy_sha256,
        json.dumps(changed, ensure_ascii=False, sort_keys=True),
        "; ".join(years),
        prov.version,
    ]


def csv_text(report: Report, lang: Lang) -> str:
    """The findings as CSV, one row per finding, starting with a UTF-8 byte-order mark;
    the provenance in the last columns of every row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_CSV_HEADERS[lang])
    prov = report.provenance
    digests = dict(prov.facts) if prov is not None else {}
    origin = _csv_origin(report)
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
                digests.get(place[0]) if place else None,
                *origin,
            )
        )
    return "\ufeff" + out.getvalue()


__all__ = ["SARIF_SCHEMA", "csv_text", "junit", "sarif"]
