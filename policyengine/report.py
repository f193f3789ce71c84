"""A report: the outcome of one check, as a filing system, a CI job or a person reads it.

Takes the :class:`~policyengine.findings.Result` of an evaluation together with what
it was evaluated with (the policy, the facts, the parameter values); gives the
findings, the summary and the provenance as JSON-ready data (:meth:`Report.to_dict`,
the document of ``--format json``, whose JSON Schema ships in the package), and the
same outcome rendered in every output format (:meth:`Report.render`). It never
evaluates anything itself: the command line and a library caller hold the same
object, so they cannot disagree.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, assert_never

import attrs

from policyengine.arguments import expect, expect_bool, expect_choice, expect_int
from policyengine.diagnostics import LANGS, Diagnostic, Lang
from policyengine.findings import SEVERITIES, Finding, Result
from policyengine.provenance import ParamChange, Provenance, changed_params, json_param
from policyengine.statement import ArticleStatement, compliance_statement

if TYPE_CHECKING:
    from policyengine.facts import FactSet
    from policyengine.policy import Policy

SCHEMA_VERSION = "1.4"
"""The version of the JSON document (``schema_version``): the minor number grows when
members are added, the major number when a member changes meaning or goes."""

Format = Literal["table", "json", "jsonl", "html", "sarif", "junit", "csv"]
FORMATS: tuple[Format, ...] = ("table", "json", "jsonl", "html", "sarif", "junit", "csv")
"""The output formats :meth:`Report.render` knows."""

FailOn = Literal["error", "warning", "info", "never"]
FAIL_ON: tuple[FailOn, ...] = ("error", "warning", "info", "never")
"""The least severity that makes a check fail (exit status 1), or ``never``."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document :meth:`Report.to_dict` returns."""
    text = (
        importlib.resources.files("policyengine")
        .joinpath("schemas", "report.schema.json")
        .read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


@attrs.frozen(eq=False)
class Report:
    """The outcome of one check: its findings, summary and provenance, in any format.

    Made by :meth:`Policy.report <policyengine.Policy.report>` (or from a
    :class:`~policyengine.Result` already at hand). ``facts`` locates each finding
    in its file for the formats that point at a line (SARIF); ``params`` are the
    parameter values the rules ran with; ``warnings`` are the problems found in the
    policy and the facts that did not stop the check (an undeclared field).
    """

    result: Result
    policy: Policy | None = None
    facts: FactSet | None = None
    params: Mapping[str, Any] = attrs.field(factory=dict)
    warnings: tuple[Diagnostic, ...] = ()
    provenance: Provenance | None = None

    def __attrs_post_init__(self) -> None:
        # Policy and FactSet import this module: imported here, when a report is made.
        from policyengine.facts import FactSet
        from policyengine.policy import Policy

        expect(self.result, Result, "Report(result)", "a Result")
        expect(self.policy, (Policy, type(None)), "Report(policy)", "a Policy or None")
        expect(self.facts, (FactSet, type(None)), "Report(facts)", "a FactSet or None")
        expect(self.params, Mapping, "Report(params)", "a mapping of parameter values")
        expect(self.warnings, tuple, "Report(warnings)", "a tuple of Diagnostic")
        expect(self.provenance, (Provenance, type(None)), "Report(provenance)",
               "a Provenance or None")  # fmt: skip

    @functools.cached_property
    def statement(self) -> tuple[ArticleStatement, ...]:
        """The compliance statement: every article of the policy with what its rules
        examined and found (empty without the policy)."""
        if self.policy is None:
            return ()
        return compliance_statement(self.policy, self.result)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings, sorted by article number, subject kind, subject and rule."""
        return self.result.findings

    @functools.cached_property
    def changed_params(self) -> tuple[ParamChange, ...]:
        """The parameters whose values differ from the policy's defaults, by name: the
        provenance's list, which every format shows."""
        if self.provenance is not None:
            return self.provenance.params
        if self.policy is None:
            return ()
        defaults = {name: p.default for name, p in self.policy.parameters.items()}
        return changed_params(defaults, self.params)

    @property
    def overridden(self) -> dict[str, Any]:
        """:attr:`changed_params` as a mapping of name to value (JSON-ready)."""
        return {p.name: json_param(p.value) for p in self.changed_params}

    @property
    def skipped_rules(self) -> tuple[str, ...]:
        """The rules that read a parameter left unset: the subjects they examined are
        undecided (counted in the statement's ``undecided``) unless a rule could
        decide one without it."""
        return tuple(c.rule for c in self.result.counts if c.unset)

    @property
    def summary(self) -> dict[str, Any]:
        """Counts: facts, rules, findings, each severity, warnings, the subjects left
        undecided; the rules reading an unset parameter."""
        return {
            **self.result.summary(),
            "undecided": sum(c.undecided for c in self.result.counts),
            "skipped_rules": list(self.skipped_rules),
        }

    def failed(self, fail_on: FailOn = "error") -> bool:
        """Whether a finding at least as severe as ``fail_on`` was made (one of
        :data:`FAIL_ON`; another value raises :class:`~policyengine.errors.ArgumentError`)."""
        expect_choice(fail_on, FAIL_ON, "Report.failed(fail_on)")
        if fail_on == "never":
            return False
        levels = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        return any(f.severity in levels for f in self.result.findings)

    def exit_status(self, fail_on: FailOn = "error") -> int:
        """2 when something could not be decided, else 1 when the check failed
        (see :meth:`failed`), else 0: ``fail_on`` never hides a 2."""
        expect_choice(fail_on, FAIL_ON, "Report.exit_status(fail_on)")
        if self.result.count("indeterminate"):
            return 2
        return 1 if self.failed(fail_on) else 0

    def to_dict(self, lang: Lang = "zh", *, explain: bool = False) -> dict[str, Any]:
        """The JSON document of ``--format json``: ``json.dumps`` takes it as it is."""
        expect_choice(lang, LANGS, "Report.to_dict(lang)")
        expect_bool(explain, "Report.to_dict(explain)")
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "policy": self.result.policy,
            "as_of": self.result.as_of.isoformat(),
            "as_of_source": self.result.as_of_source,
            "findings": [f.to_dict(lang, explain=explain) for f in self.result.findings],
            "summary": self.summary,
        }
        start = self.result.not_yet_in_force
        if start is not None:
            notice = self.result.notice()
            assert notice is not None  # INVARIANT: not_yet_in_force gives a notice
            out["not_in_force"] = {"effective": start.isoformat(), "notice": notice.get(lang)}
        if self.statement:
            out["articles"] = [a.to_dict(lang) for a in self.statement]
        if self.provenance is not None:
            out["provenance"] = self.provenance.to_dict(lang)
        return out

    def location(self, finding: Finding) -> tuple[str, int | None] | None:
        """The facts file and line of the record a finding is about, when known."""
        expect(finding, Finding, "Report.location(finding)", "a Finding")
        if self.facts is None:
            return None
        collection = self.facts.schema.collection_of_subject(finding.subject_kind)
        if collection is None:
            return None
        return self.facts.place(collection.name, finding.subject)

    def subject_name(self, finding: Finding) -> str | None:
        """The ``name`` of the fact a finding is about (a unit's, an account's), if it
        has one."""
        expect(finding, Finding, "Report.subject_name(finding)", "a Finding")
        if self.facts is None:
            return None
        collection = self.facts.schema.collection_of_subject(finding.subject_kind)
        if collection is None:
            return None
        record = self.facts.index.get(collection.name, {}).get(finding.subject)
        name = record.get("name") if isinstance(record, dict) else None
        return name if isinstance(name, str) else None

    def render(
        self,
        format: Format = "table",
        lang: Lang = "zh",
        *,
        explain: bool = False,
        ascii_only: bool = False,
        fail_on: FailOn = "error",
        width: int | None = None,
        colour: bool = False,
    ) -> str:
        """The report as text in an output format (:data:`FORMATS`).

        ``explain`` adds to each finding why it was made; ``ascii_only`` escapes
        every non-ASCII character, for the formats that can (JSON, SARIF, JUnit);
        ``fail_on`` decides which findings a JUnit report counts as failures. The
        table fits a terminal ``width`` columns wide (None: the width of a file,
        independent of any terminal) and marks severities in colour if asked.

        An argument of the wrong type raises :class:`TypeError`; an unknown
        ``format``, ``lang`` or ``fail_on``, or a ``width`` below 1, raises
        :class:`~policyengine.errors.ArgumentError` (E609).
        """
        from policyengine import __version__, formats, render

        expect_choice(format, FORMATS, "Report.render(format)")
        expect_choice(lang, LANGS, "Report.render(lang)")
        for name, flag in (("explain", explain), ("ascii_only", ascii_only), ("colour", colour)):
            expect_bool(flag, f"Report.render({name})")
        expect_choice(fail_on, FAIL_ON, "Report.render(fail_on)")
        expect_int(width, "Report.render(width)", 1, none=True)

        match format:
            case "table":
                return render.findings_table(
                    self, lang, explain=explain, width=width, colour=colour
                )
            case "json":
                return render.findings_json(self, lang, explain=explain, ascii_only=ascii_only)
            case "jsonl":
                return render.findings_jsonl(self, lang, explain=explain, ascii_only=ascii_only)
            case "sarif":
                return formats.sarif(self, lang, version=__version__, ascii_only=ascii_only)
            case "junit":
                return formats.junit(self, lang, fail_on=fail_on, ascii_only=ascii_only)
            case "csv":
                return formats.csv_text(self, lang)
            case "html":
                from policyengine.html import html_report

                page = html_report(self, lang)
                # character references are the same page, for a stream without UTF-8
                return page.encode("ascii", "xmlcharrefreplace").decode() if ascii_only else page
        assert_never(format)


__all__ = ["FAIL_ON", "FORMATS", "SCHEMA_VERSION", "FailOn", "Format", "Report", "json_schema"]
