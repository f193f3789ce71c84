"""The compliance statement: for every article of a policy, what was checked and found.

Takes a :class:`~policyengine.policy.Policy` and the :class:`~policyengine.findings.Result`
of evaluating it; gives one :class:`ArticleStatement` per declared article, in the
regulation's order, each with its rules and what each rule examined, passed and
failed. It never evaluates anything itself: the counts are the evaluation's own
(``Result.counts``), so the statement cannot disagree with the findings.

An article's status, the first that applies:

* ``missing``: the issued text skips the number; ``not_checkable``: it states no duty
  facts can show; ``no_rule``: it is declared but no rule implements it yet;
* ``not_in_force``: the check date is before the regulation took effect, so no rule
  judged anything (not the same as met);
* ``breached``: a rule citing it found an ``error``: the regulation's words of obligation
  (须, 不得, 严禁, 坚决 ...) are not met;
* ``warned``: no error, but a rule citing it found a ``warning``. A rule is a warning
  exactly when its clause does not make the mismatch a breach (应, 原则上, which admits a
  justified exception; 第四条, which only assigns departments; a threshold no higher
  document sets), so the article is not called breached: the township is to verify each
  warning and explain or put it right. It outranks the states below, as breached does:
  a warning is a finding, whatever else is undecided (the facts it left undecided and the
  unset parameters are still counted and listed);
* ``indeterminate``: a fact could not be decided (a year the calendar lacks);
* ``nothing_to_check``: its rules apply to no fact at all. Nothing to check is not
  compliance: a township with no filings has not shown that its filings comply;
* ``not_fully_checked``: nothing was found, but a rule citing it left facts undecided:
  a parameter it reads is unset (``low_use_monthly_active_users``), or a fact's value it
  needs was not recorded (a website without its address). A missing value is not held
  against the township, but neither does it show compliance: the duty was not checked
  for those facts, so the article is not shown to be met;
* ``met``: every fact its rules examined passed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from policyengine.diagnostics import Lang
from policyengine.findings import SEVERITIES, Result, RuleCount

if TYPE_CHECKING:
    from policyengine.policy import Policy


STATUSES: dict[str, tuple[str, str]] = {
    "breached": ("违反", "breached"),
    "warned": ("需核实或改进", "warnings"),
    "indeterminate": ("无法判定", "indeterminate"),
    "nothing_to_check": ("无可检查的事实", "nothing to check"),
    "not_in_force": ("检查日本制度尚未施行", "not yet in force on the check date"),
    "not_fully_checked": ("未完全检查", "not fully checked"),
    "met": ("符合", "met"),
    "no_rule": ("尚无规则", "no rule yet"),
    "not_checkable": ("不可检查", "not checkable"),
    "missing": ("原文缺失", "missing from the text"),
}


def status_name(status: str, lang: Lang) -> str:
    names = STATUSES.get(status, (status, status))
    return names[1] if lang == "en" else names[0]


@attrs.frozen
class RuleLine:
    """One rule under an article: its name, title, severity and counts."""

    rule: str
    title: str | None
    severity: str
    subject_kind: str
    count: RuleCount

    @property
    def unchecked(self) -> bool:
        """Whether the rule left facts undecided with a parameter it reads unset."""
        return bool(self.count.unset) and self.count.undecided > 0

    @property
    def short_of_values(self) -> int:
        """The facts the rule left undecided for want of their own values (those of a
        rule reading an unset parameter are put down to the parameter)."""
        return 0 if self.count.unset else self.count.undecided

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "severity": self.severity,
            "subject_kind": self.subject_kind,
            **self.count.to_dict(),
        }


@attrs.frozen
class ArticleStatement:
    article: str
    number: int
    chapter: str | None
    status: str
    reason: str | None  # why it is not checkable or missing
    rules: tuple[RuleLine, ...]
    findings: dict[str, int]  # per severity, findings of the rules citing it

    @property
    def examined(self) -> int:
        return sum(line.count.examined for line in self.rules)

    @property
    def undecided(self) -> int:
        """The facts its rules examined and left undecided, for whatever want."""
        return sum(line.count.undecided for line in self.rules)

    @property
    def short_of_values(self) -> int:
        """The facts its rules left undecided for want of their own values."""
        return sum(line.short_of_values for line in self.rules)

    @property
    def unset_parameters(self) -> tuple[str, ...]:
        """The unset parameters for want of which a rule citing the article left facts
        undecided, in the order the rules read them."""
        names = (name for line in self.rules if line.unchecked for name in line.count.unset)
        return tuple(dict.fromkeys(names))

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        return {
            "article": self.article,
            "number": self.number,
            "chapter": self.chapter,
            "status": self.status,
            "status_text": status_name(self.status, lang),
            "reason": self.reason,
            "unset_parameters": list(self.unset_parameters),
            "undecided_facts": self.undecided,
            "findings": dict(self.findings),
            "rules": [line.to_dict() for line in self.rules],
        }


def _status(
    declared: str, lines: tuple[RuleLine, ...], findings: dict[str, int], in_force: bool
) -> str:
    if declared in ("missing", "not_checkable"):
        return declared
    if not lines:
        return "no_rule"
    if not in_force:
        return "not_in_force"
    if findings["error"]:
        return "breached"
    if findings["warning"]:
        return "warned"
    if findings["indeterminate"]:
        return "indeterminate"
    if not any(line.count.examined for line in lines):
        return "nothing_to_check"
    if any(line.count.undecided for line in lines):
        return "not_fully_checked"
    return "met"


def compliance_statement(policy: Policy, result: Result) -> tuple[ArticleStatement, ...]:
    """Every declared article of ``policy``, in order, with what ``result`` found.

    A rule's findings all have its severity, except the indeterminate ones, so the
    findings per article come from the counts without reading the findings.
    """
    counts = {c.rule: c for c in result.counts}
    lines: dict[int, list[RuleLine]] = {number: [] for number in policy.checked.articles}
    findings = {number: dict.fromkeys(SEVERITIES, 0) for number in policy.checked.articles}
    for rule in policy.rules:
        name = rule.decl.name
        count = counts.get(name, RuleCount(name))
        line = RuleLine(name, rule.decl.title, rule.decl.severity, rule.subject_kind, count)
        for number in dict.fromkeys(c.number for c in rule.decl.cites):
            lines[number].append(line)
            findings[number][rule.decl.severity] += count.failed
            findings[number]["indeterminate"] += count.indeterminate
    return tuple(
        ArticleStatement(
            article.label,
            number,
            article.chapter,
            _status(
                article.status,
                tuple(lines[number]),
                findings[number],
                result.not_yet_in_force is None,
            ),
            article.reason,
            tuple(lines[number]),
            findings[number],
        )
        for number, article in sorted(policy.checked.articles.items())
    )


__all__ = [
    "STATUSES",
    "ArticleStatement",
    "RuleLine",
    "compliance_statement",
    "status_name",
]
