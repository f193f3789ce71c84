"""The printable HTML report: what a township hands to a leader or an inspector.

Takes a :class:`~policyengine.report.Report` made with its policy (and, for the
subjects' names and the township, its facts); gives one self-contained HTML document
(styles inline, no script, nothing fetched from the network), in Chinese or English,
laid out for A4 with each article on a new page: a header with the township, the
provenance and a summary by severity; the compliance statement; then, article by
article in the regulation's order, the clause quoted and the findings grouped by
subject with the evidence and the remedy, a month calendar for every working-day
count; and the findings that could not be decided in a section of their own.

The document is rendered from the Jinja2 templates in ``policyengine/templates``
with autoescaping on: names and values in the facts are untrusted text. It never
evaluates anything: everything shown is the report's.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import jinja2

from policyengine import provenance
from policyengine.diagnostics import Lang
from policyengine.explain import severity_name, show_value, subject_kind_name, unwrap
from policyengine.findings import SEVERITIES, Finding, Period, Reading
from policyengine.schema import Collection, RefType
from policyengine.statement import ArticleStatement, status_name

if TYPE_CHECKING:
    from policyengine.report import Report


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("policyengine", "templates"),
        autoescape=True,  # INVARIANT: fact text reaches the page only escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


# --------------------------------------------------------------------------- the view


@attrs.frozen
class Day:
    day: int  # 0 for a blank cell before the first or after the last day of the month
    kind: str  # workday, weekend, holiday, adjusted, outside, blank


@attrs.frozen
class Month:
    title: str
    weeks: tuple[tuple[Day, ...], ...]


@attrs.frozen
class PeriodView:
    text: str
    months: tuple[Month, ...]


@attrs.frozen
class FindingView:
    rule: str
    title: str | None
    severity: str
    severity_text: str
    message: str
    evidence: tuple[tuple[str, str], ...]
    remedy: str | None
    periods: tuple[PeriodView, ...]
    reading: tuple[tuple[str, str], ...]  # (word key, text): the rule's legal reading
    also: tuple[str, ...] = ()  # the other articles the rule cites, where it is referred to


@attrs.frozen
class SubjectView:
    heading: str  # 账号 安化微博（wb-1）
    findings: tuple[FindingView, ...]


@attrs.frozen
class Reference:
    """A finding shown under its rule's primary article, named under another article
    the rule cites: the finding is printed once, where the rule is filed."""

    article: str  # where the finding is shown
    severity: str
    severity_text: str
    title: str
    subject: str


@attrs.frozen
class ArticleView:
    statement: ArticleStatement
    status_text: str
    text: str
    subjects: tuple[SubjectView, ...]
    see_also: tuple[Reference, ...] = ()
    unset_parameters: str = ""  # the parameters that left the article not fully checked


def _month(year: int, month: int, period: Period, lang: Lang) -> Month:
    holidays, adjusted = set(period.holidays), set(period.adjusted_workdays)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        days = []
        for d in week:
            if d.month != month:
                days.append(Day(0, "blank"))
            elif not period.start <= d <= period.end:
                days.append(Day(d.day, "outside"))
            elif d in holidays:
                days.append(Day(d.day, "holiday"))
            elif d in adjusted:
                days.append(Day(d.day, "adjusted"))
            elif d.weekday() >= 5:
                days.append(Day(d.day, "weekend"))
            else:
                days.append(Day(d.day, "workday"))
        weeks.append(tuple(days))
    title = f"{year}-{month:02d}" if lang == "en" else f"{year} 年 {month} 月"
    return Month(title, tuple(weeks))


def _months(period: Period, lang: Lang) -> tuple[Month, ...]:
    """The months a period touches, each as a calendar of weeks (Monday first)."""
    out = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        out.append(_month(year, month, period, lang))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)


def _period_view(period: Period, lang: Lang) -> PeriodView:
    from policyengine.explain import period_text

    return PeriodView(period_text(period, lang), _months(period, lang))


class _Subjects:
    """The facts' own names for the subjects of findings (an id alone means little to
    a reader): a fact's ``name``, or the names of the facts it refers to."""

    def __init__(self, report: Report, lang: Lang) -> None:
        self.facts = report.facts
        self.lang = lang

    def record(self, kind: str, rid: str) -> tuple[Collection | None, Mapping[str, Any] | None]:
        """The collection of a subject kind and the subject's record, if known."""
        if self.facts is None:
            return None, None
        collection = self.facts.schema.collection_of_subject(kind)
        if collection is None:
            return None, None
        return collection, self.facts.index.get(collection.name, {}).get(rid)

    def name_of(self, kind: str, rid: str) -> str | None:
        collection, record = self.record(kind, rid)
        if collection is None or record is None:
            return None
        name = record.get("name")
        if isinstance(name, str) and name:
            return name
        return self._referred(collection, record)

    def _referred(self, collection: Collection, record: Mapping[str, Any]) -> str | None:
        """The names of the facts a record refers to (a filing's account)."""
        tag = record.get(collection.tag_field) if collection.tag_field else None
        names = []
        for variant in collection.variants.values():
            if variant.tag is not None and variant.tag != tag:
                continue
            for field in variant.fields:
                target = record.get(field.name)
                if isinstance(field.type, RefType) and isinstance(target, str):
                    _, referred = self.record(field.type.kind, target)
                    name = referred.get("name") if referred is not None else None
                    if isinstance(name, str) and name:
                        names.append(name)
        return "、".join(dict.fromkeys(names)) or None

    def heading(self, kind: str, rid: str) -> str:
        label = subject_kind_name(kind, self.lang)
        name = self.name_of(kind, rid)
        if name is None:
            return f"{label} {rid}"
        return f"{label} {name} ({rid})" if self.lang == "en" else f"{label} {name}（{rid}）"


def _finding_view(finding: Finding, titles: Mapping[str, str | None], lang: Lang) -> FindingView:
    explanation = finding.explanation
    periods = explanation.periods if explanation is not None else ()
    return FindingView(
        finding.rule,
        titles.get(finding.rule),
        finding.severity,
        severity_name(finding.severity, lang),
        finding.messages.get(lang),
        tuple((name, show_value(value, lang)) for name, value in finding.evidence.items()),
        finding.remedy.get(lang) if finding.remedy is not None else None,
        tuple(_period_view(p, lang) for p in periods),
        _reading(explanation.reading if explanation is not None else None, lang),
        finding.articles[1:],
    )


def _reading(reading: Reading | None, lang: Lang) -> tuple[tuple[str, str], ...]:
    if reading is None:
        return ()
    parts = [
        ("reading", reading.text.get(lang) if reading.text is not None else None),
        ("rejected", reading.rejected.get(lang) if reading.rejected is not None else None),
        ("severity_basis", reading.severity_basis),
    ]
    return tuple((key, text) for key, text in parts if text)


def _grouped(
    findings: Iterable[Finding], subjects: _Subjects, titles: Mapping[str, str | None], lang: Lang
) -> tuple[SubjectView, ...]:
    groups: dict[tuple[str, str], list[FindingView]] = {}
    for f in findings:
        groups.setdefault((f.subject_kind, f.subject), []).append(_finding_view(f, titles, lang))
    return tuple(
        SubjectView(subjects.heading(kind, id), tuple(views))
        for (kind, id), views in groups.items()
    )


def _township(report: Report) -> str | None:
    """The township the facts are about: the unit that is a township government, else
    the only or first unit."""
    if report.facts is None:
        return None
    units = report.facts.by_kind.get("unit", [])
    chosen = next((u for u in units if u.get("kind") == "township_government"), None)
    if chosen is None and units:
        chosen = units[0]
    name = chosen.get("name") if chosen is not None else None
    return name if isinstance(name, str) else None


_WORDS: dict[str, tuple[str, str]] = {
    "title": ("合规检查报告", "Compliance report"),
    "check_date": ("检查日期", "Check date"),
    "provenance": ("检查依据", "What was checked"),
    "summary": ("检查结果", "Summary"),
    "facts": ("事实", "facts"),
    "rules": ("规则", "rules"),
    "statement": ("逐条合规情况", "Compliance statement"),
    "article": ("条款", "Article"),
    "status": ("结论", "Status"),
    "rule": ("规则", "Rule"),
    "examined": ("检查对象", "Examined"),
    "passed": ("通过", "Passed"),
    "failed": ("未通过", "Failed"),
    "undecided": ("数据不足", "Undecided"),
    "indeterminate": ("无法判定", "Indeterminate"),
    "clause": ("条文", "The clause"),
    "no_findings": ("本条检查的对象均未发现问题。", "No finding under this article."),
    "nothing": (
        "没有可供本条检查的事实：无法据此认定符合。",
        "No fact to check under this article: this does not show compliance.",
    ),
    "message": ("问题", "Finding"),
    "evidence": ("证据", "Evidence"),
    "remedy": ("整改", "Remedy"),
    "working_days": ("工作日计算", "Working days counted"),
    "legend_workday": ("工作日", "working day"),
    "legend_weekend": ("周末", "weekend"),
    "legend_holiday": ("法定节假日", "public holiday"),
    "legend_adjusted": ("调休上班", "weekend day worked (调休)"),
    "legend_outside": ("期间外", "outside the period"),
    "weekdays": ("一二三四五六日", "MTWTFSS"),
    "undecided_title": ("无法判定的事项", "What could not be decided"),
    "undecided_intro": (
        "以下事项缺少判定所需的数据，检查不完整；补齐后应重新检查。",
        "The data needed to decide these is missing, so the check is incomplete; "
        "supply it and check again.",
    ),
    "undecided_note": (
        "另有 {n} 项检查对象因可选字段为空或参数未设置而未能判断"
        "（见逐条合规情况的“数据不足”一列）。",
        "A further {n} examined facts were left undecided because an optional field is "
        "empty or a parameter is unset (the Undecided column of the statement).",
    ),
    "warned": (
        "本条只有警告，没有错误：警告用于条文未把不符写成违反的情形（“应”“要”“原则上”等规定、"
        "只作分工的规定、没有上级依据的检查标准），故不认定本条违反。请逐项核实：有正当理由的，"
        "说明理由；没有的，予以改进。",
        "This article has warnings and no error: a warning is given where the clause does not "
        "make the mismatch a breach (应 or 要, should; 原则上, as a rule; a clause that only "
        "assigns duties; a standard with no higher source), so the article is not found "
        "breached. Verify each warning: give the reason for a justified exception, or put it "
        "right.",
    ),
    "not_fully_checked": (
        "本条有规则因参数 {params} 未设置，未能判断其检查的事实，本条未完全检查；"
        "设置该参数后应重新检查。",
        "A rule under this article could not decide the facts it examined because the parameter "
        "{params} is unset, so the article was not fully checked; set it and check again.",
    ),
    "short_of_values": (
        "本条有 {n} 项检查对象因缺少所需数据未能判断（见逐条合规情况的“数据不足”一列），"
        "这些事实的合规情况未经检查；补齐数据后应重新检查。",
        "{n} fact(s) under this article could not be judged for want of the data needed "
        "(the Undecided column of the statement), so they were not checked; supply it and "
        "check again.",
    ),
    "see_undecided": (
        "本条有无法判定的事项，见文末“无法判定的事项”。",
        "Some facts under this article could not be decided: see the last section.",
    ),
    "see_also": (
        "本条所涉的以下发现，列在其规则的主要条款下：",
        "These findings under this article are shown under their rule's main article:",
    ),
    "also": ("同时涉及", "Also under"),
    "reading": ("解读", "Reading"),
    "rejected": ("未采纳的解读", "Reading not taken"),
    "severity_basis": ("定级依据", "Severity decided by"),
    "colon": ("：", ": "),
    "sep": ("；", "; "),
}


def _words(lang: Lang) -> dict[str, str]:
    return {key: pair[1] if lang == "en" else pair[0] for key, pair in _WORDS.items()}


def html_report(report: Report, lang: Lang = "zh") -> str:
    """The report as one self-contained HTML document."""
    policy = report.policy
    if policy is None:
        raise ValueError("an HTML report needs the policy the report was made with")
    subjects = _Subjects(report, lang)
    titles = {rule.decl.name: rule.decl.title for rule in policy.rules}
    by_article: dict[int, list[Finding]] = {}
    referred: dict[int, list[Reference]] = {}
    undecided: list[Finding] = []
    for f in report.findings:
        if f.severity == "indeterminate":
            undecided.append(f)
            continue
        # Shown once, under the rule's primary article; named under the others it cites
        # (the statement counts it under each).
        by_article.setdefault(f.article_number, []).append(f)
        for label in dict.fromkeys(f.articles[1:]):
            referred.setdefault(policy.articles[label].number, []).append(
                Reference(
                    f.article,
                    f.severity,
                    severity_name(f.severity, lang),
                    titles.get(f.rule) or f.rule,
                    subjects.heading(f.subject_kind, f.subject),
                )
            )
    articles = tuple(
        ArticleView(
            a,
            status_name(a.status, lang),
            unwrap(policy.checked.articles[a.number].text or ""),
            _grouped(by_article.get(a.number, ()), subjects, titles, lang),
            tuple(referred.get(a.number, ())),
            ("、" if lang == "zh" else ", ").join(a.unset_parameters),
        )
        for a in report.statement
        if a.rules
    )
    result = report.result
    counts = {s: result.count(s) for s in SEVERITIES}
    template = _environment().get_template("report.html.j2")
    return template.render(
        lang=lang,
        w=_words(lang),
        policy_title=policy.checked.title,
        document=policy.checked.document,
        township=_township(report),
        as_of=result.as_of.isoformat(),
        notice=notice.get(lang) if (notice := result.notice()) is not None else None,
        provenance=provenance.lines(report.provenance, lang) if report.provenance else [],
        severities=[(s, severity_name(s, lang), counts[s]) for s in SEVERITIES],
        facts=result.facts,
        rules=result.rules,
        statement=[(a, status_name(a.status, lang)) for a in report.statement],
        articles=articles,
        undecided=_grouped(undecided, subjects, titles, lang),
        undecided_facts=report.summary["undecided"],
    )


__all__ = ["html_report"]
