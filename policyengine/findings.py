"""Findings: what a rule found about one fact, and the result of an evaluation.

Takes what the runtime decided for each fact (rule, subject, severity, the values that
decided it); gives :class:`Finding` and :class:`Result`, whose messages are filled in
only when read. It never decides anything about the law: severities and messages are
the policy's. The JSON form of a finding is a contract (README, "What an officer
sees"); everything else here (the explanation) is an extension.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from policyengine import policy_messages as M
from policyengine.arguments import expect, expect_bool, expect_choice
from policyengine.diagnostics import LANGS, Lang, Text

SEVERITIES = ("error", "warning", "info", "indeterminate")


def json_value(value: object) -> Any:
    """A value as it appears in JSON evidence: dates ISO, sets sorted, facts by id."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, list, tuple)):
        items = [json_value(v) for v in value if v is not None]
        if isinstance(value, (set, frozenset)):
            items.sort(key=lambda v: (str(type(v)), v))
        return items
    if isinstance(value, dict):
        # A fact is shown by its id; a nested record (an announcement) by its fields.
        if "id" in value:
            return value["id"]
        return {k: json_value(v) for k, v in value.items()}
    return value


@attrs.frozen
class Period:
    """A working-day count that decided a finding, with what a reader will doubt."""

    start: datetime.date
    end: datetime.date
    workdays: int
    weekdays: int
    holidays: tuple[datetime.date, ...]  # weekdays off (public holidays)
    adjusted_workdays: tuple[datetime.date, ...]  # weekend days worked (调休上班)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "workdays": self.workdays,
            "weekdays": self.weekdays,
            "holidays": [d.isoformat() for d in self.holidays],
            "adjusted_workdays": [d.isoformat() for d in self.adjusted_workdays],
        }


def no_periods() -> tuple[Period, ...]:
    return ()


@attrs.frozen
class Known:
    """A value already worked out, standing in for the function that would work it out."""

    value: Any

    def __call__(self, *args: object) -> Any:
        return self.value


@attrs.frozen
class Reading:
    """How the rule behind a finding reads its clause: the interpretation taken, the one
    rejected and why, and the word of the clause that decides the severity."""

    text: Text | None
    rejected: Text | None = None
    severity_basis: str | None = None

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        return {
            "text": self.text.get(lang) if self.text is not None else None,
            "rejected": self.rejected.get(lang) if self.rejected is not None else None,
            "severity_basis": self.severity_basis,
        }


@attrs.frozen
class Explanation:
    """Why a finding was made: the clause it breaks and the values that decided it.

    The working-day periods are worked out when first read (``--explain`` reads them;
    a plain run never does): re-running a rule on one fact with tracing on costs more
    than the finding itself.
    """

    article_text: str
    values: Mapping[str, Any]  # the rule's `let` values, JSON-ready
    periods_of: Callable[[], tuple[Period, ...]] = attrs.field(
        default=no_periods, eq=False, repr=False
    )
    reading: Reading | None = None  # the rule's legal reading

    @functools.cached_property
    def periods(self) -> tuple[Period, ...]:
        return self.periods_of()

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (sent to another process) with the periods worked out.
        state = (self.article_text, dict(self.values), Known(self.periods), self.reading)
        return (Explanation, state)

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        out = {
            "article_text": self.article_text,
            "values": dict(self.values),
            "periods": [p.to_dict() for p in self.periods],
        }
        if self.reading is not None:
            out["reading"] = self.reading.to_dict(lang)
        return out


@attrs.frozen
class Details:
    """What a finding says: its message in both languages, the evidence and the
    explanation."""

    messages: Text
    evidence: Mapping[str, Any]
    explanation: Explanation | None = None
    remedy: Text | None = None  # the rule's: what the township should do about it


@attrs.frozen
class Finding:
    """What a rule found about one fact.

    The rule, article, subject and severity are decided by the evaluation; what the
    finding *says* (``messages``, ``evidence``, ``explanation``) is worked out when
    first read, for all the findings of a rule together: a caller that only needs
    the verdict (a filing system reading the exit status, a count per rule) does not
    pay for formatting tens of thousands of messages. The facts must not be changed
    while their findings are still to be read. Equality and ordering use the
    decided fields only.
    """

    rule: str
    article: str
    article_number: int
    articles: tuple[str, ...]
    subject: str
    subject_kind: str
    severity: str
    details_of: Callable[[int], Details] = attrs.field(eq=False, repr=False)
    row: int = attrs.field(default=0, eq=False, repr=False)  # passed to ``details_of``
    # a rule that judges each item of its fact (``for a in account, m in a.maintainers``)
    # finds once per item: which one (a staff id), shown as text; None for other rules
    item: str | None = None

    @functools.cached_property
    def details(self) -> Details:
        """What the finding says, worked out for its rule's findings together."""
        return self.details_of(self.row)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (sent to another process) with what it says worked out.
        decided = (self.rule, self.article, self.article_number, self.articles, self.subject)
        said = (self.subject_kind, self.severity, Known(self.details), 0, self.item)
        return (Finding, (*decided, *said))

    @property
    def messages(self) -> Text:
        """The message in both languages (``.zh``, ``.en``, ``.get(lang)``)."""
        return self.details.messages

    @property
    def evidence(self) -> Mapping[str, Any]:
        """The values that decided the finding, JSON-ready (dates ISO)."""
        return self.details.evidence

    @property
    def explanation(self) -> Explanation | None:
        """Why the finding was made: the article's text and the deciding values."""
        return self.details.explanation

    @property
    def remedy(self) -> Text | None:
        """What the township should do about the finding, in both languages, if the
        rule says."""
        return self.details.remedy

    @property
    def message(self) -> str:
        """The message in Chinese, the regulation's language."""
        return self.messages.zh

    @property
    def label(self) -> str:
        """The subject as a report lists it: the fact's id, and its item if any."""
        return subject_label(self.subject, self.item)

    def sort_key(self) -> tuple[int, str, str, str]:
        """The contract's order: article number, subject kind, subject, rule."""
        return _SORT_KEY(self)

    def to_dict(self, lang: Lang = "zh", *, explain: bool = False) -> dict[str, Any]:
        """The finding as JSON-ready data (``json.dumps`` takes it; dates ISO), the
        message in ``lang``; ``explain`` adds why it was made."""
        if lang not in LANGS:
            expect_choice(lang, LANGS, "Finding.to_dict(lang)")
        expect_bool(explain, "Finding.to_dict(explain)")
        out: dict[str, Any] = {
            "rule": self.rule,
            "article": self.article,
            "article_number": self.article_number,
            "articles": list(self.articles),
            "subject": self.subject,
            "subject_kind": self.subject_kind,
            "severity": self.severity,
            "message": self.messages.get(lang),
            "evidence": dict(self.evidence),
        }
        if self.item is not None:
            out["item"] = self.item
        if self.remedy is not None:
            out["remedy"] = self.remedy.get(lang)
        if explain and self.explanation is not None:
            out["explanation"] = self.explanation.to_dict(lang)
        return out


_SORT_KEY = operator.attrgetter("article_number", "subject_kind", "subject", "rule")


def item_text(value: Any) -> str:
    """An item of a rule's ``each`` as a finding names it: a fact by its id."""
    return str(value["id"]) if isinstance(value, dict) else str(value)


def subject_label(subject: str, item: Any) -> str:
    """A finding's subject as a report lists it: the fact's id, and for a rule that
    judges each item of its fact, the item after a slash (``wx/li-min``)."""
    return subject if item is None else f"{subject}/{item_text(item)}"


@attrs.frozen
class Outcomes:
    """The ids of the subjects a rule examined that passed it, and of those it left
    undecided (a condition unknown), each in the order of the facts. The subjects it
    failed are its findings."""

    passed: tuple[str, ...] = ()
    undecided: tuple[str, ...] = ()


@attrs.frozen
class RuleCount:
    """What one rule examined in one evaluation.

    ``examined`` counts the facts the rule may apply to (in effect, and its ``where``
    true or unknown); each of them either ``failed`` (a finding), was ``undecided`` (its
    ``where`` or condition was unknown: an optional field empty, a record that
    contradicts itself, or a parameter unset), was
    ``indeterminate`` (it needs a year the calendar lacks), or ``passed``.
    """

    rule: str
    examined: int = 0
    failed: int = 0
    undecided: int = 0
    indeterminate: int = 0
    unset: tuple[str, ...] = ()
    """The parameters the rule reads that were left unset: what it examined is
    undecided unless it could be decided without them."""
    outcomes: Outcomes | None = attrs.field(default=None, eq=False, repr=False)
    """Which subjects passed and which were undecided, when the evaluation was asked
    to keep them (``outcomes=True``)."""

    @property
    def passed(self) -> int:
        return self.examined - self.failed - self.undecided - self.indeterminate

    def to_dict(self) -> dict[str, Any]:
        return {
            "examined": self.examined,
            "passed": self.passed,
            "failed": self.failed,
            "undecided": self.undecided,
            "indeterminate": self.indeterminate,
            "unset_parameters": list(self.unset),
        }


@attrs.frozen
class Result:
    """What one evaluation found: the findings in contract order (article number,
    subject kind, subject, rule), with the number of facts and rules checked."""

    policy: str
    as_of: datetime.date
    findings: tuple[Finding, ...]
    facts: int
    rules: int
    warnings: int = 0
    """Warnings about the input (the policy's and the facts', such as an undeclared
    field), which are not findings: the command line prints them on stderr."""
    counts: tuple[RuleCount, ...] = ()
    """What each rule examined, in the policy's order: the proof of what was checked."""
    as_of_source: str = "given"
    """Where the check date came from: ``given`` (the caller, ``--as-of``), ``facts``
    (the facts' ``as_of``) or ``today``."""
    calendar_years: tuple[tuple[int, str], ...] = ()
    """The years whose holiday schedules a working-day count read, each with the
    calendar's source for it (``bundled``, or a calendar file's path)."""
    not_yet_in_force: datetime.date | None = None
    """The regulation's effective date when the check date is before it: the
    regulation did not yet apply, so nothing was judged (see :meth:`notice`)."""

    def notice(self) -> Text | None:
        """Why a check found nothing although nothing was checked: the regulation was
        not yet in force on the check date. None for an ordinary check."""
        start = self.not_yet_in_force
        if start is None:
            return None
        return M.NOT_IN_FORCE(as_of=self.as_of.isoformat(), start=start.isoformat())

    @staticmethod
    def build(
        policy: str,
        as_of: datetime.date,
        findings: Iterable[Finding],
        facts: int,
        rules: int,
        warnings: int = 0,
        **decided: Any,
    ) -> Result:
        """A result with the findings put in the contract's order; ``decided``: the
        optional fields (``counts``, ``as_of_source``, ``calendar_years``)."""
        ordered = tuple(sorted(findings, key=_SORT_KEY))
        return Result(policy, as_of, ordered, facts, rules, warnings, **decided)

    def count_of(self, rule: str) -> RuleCount:
        """What ``rule`` examined (all zero for a rule that did not run)."""
        expect(rule, str, "Result.count_of(rule)", "a rule name")
        return next((c for c in self.counts if c.rule == rule), RuleCount(rule))

    def unknown_years(self) -> tuple[int, ...]:
        """The years the calendar lacked that left a fact undecided."""
        if not any(c.indeterminate for c in self.counts):
            return ()
        years = {
            f.evidence["unknown_year"]
            for f in self.findings
            if f.severity == "indeterminate" and "unknown_year" in f.evidence
        }
        return tuple(sorted(years))

    def count(self, severity: str) -> int:
        """The number of findings of a severity (``error``, ``warning``, ...)."""
        expect_choice(severity, SEVERITIES, "Result.count(severity)")
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def exit_status(self) -> int:
        """0 clean, 1 an error finding, 2 something could not be decided."""
        if self.count("indeterminate"):
            return 2
        if self.count("error"):
            return 1
        return 0

    def by_rule(self, rule: str) -> list[Finding]:
        """The findings a rule made."""
        expect(rule, str, "Result.by_rule(rule)", "a rule name")
        return [f for f in self.findings if f.rule == rule]

    def by_article(self, article: str | int) -> list[Finding]:
        """The findings under an article, by label (``第十六条``) or number."""
        expect(article, (str, int), "Result.by_article(article)", "an article label or number")
        return [f for f in self.findings if article in (f.article, f.article_number)]

    def to_dict(self, lang: Lang = "zh", *, explain: bool = False) -> dict[str, Any]:
        """The findings and their counts as JSON-ready data (:meth:`Report.to_dict
        <policyengine.Report.to_dict>` is the full document of ``--format json``)."""
        expect_choice(lang, LANGS, "Result.to_dict(lang)")
        expect_bool(explain, "Result.to_dict(explain)")
        return {
            "policy": self.policy,
            "as_of": self.as_of.isoformat(),
            "as_of_source": self.as_of_source,
            "findings": [f.to_dict(lang, explain=explain) for f in self.findings],
            "summary": self.summary(),
        }

    def summary(self) -> dict[str, int]:
        """The counts: facts, rules, findings, findings of each severity, warnings."""
        return {
            "facts": self.facts,
            "rules": self.rules,
            "findings": len(self.findings),
            **{s: self.count(s) for s in SEVERITIES},
            "warnings": self.warnings,
        }
