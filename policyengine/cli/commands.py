"""One function per subcommand: parsed arguments in, output written, exit status out.

Takes: the namespace :mod:`policyengine.cli.arguments` parsed. Gives: the command's
output through :mod:`policyengine.cli.output` and its exit status. Never: catches a
:class:`~policyengine.errors.PolicyError` (:func:`policyengine.cli.main` turns it
into a diagnostic and status 2) or prints a traceback.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from policyengine import render
from policyengine.calendar import UnknownYearError, chinese_calendar_schedules, export_year
from policyengine.cli import messages as M
from policyengine.cli.options import parameters, parse_as_of, usage, workday_calendar
from policyengine.cli.output import colour, emit, stderr, terminal_width, warn
from policyengine.codes import CODES
from policyengine.collector import collector_paused
from policyengine.diagnostics import Lang
from policyengine.facts import load_facts
from policyengine.factspec import json_schema
from policyengine.findings import Result
from policyengine.ledger.layout import LayoutError
from policyengine.ledger.template import write_template
from policyengine.policy import load_policy

_held: list[object] | None = None
"""The facts and report of ``eval``, kept until the process ends once
:func:`hold_until_exit` has been called (see :func:`policyengine.cli.entry`)."""


def hold_until_exit() -> None:
    """Keep what ``eval`` builds alive until the process ends, so that it is never
    freed object by object (:func:`policyengine.cli.entry` ends with ``os._exit``)."""
    global _held
    _held = []


def run_eval(args: argparse.Namespace) -> int:
    lang: Lang = args.lang
    as_of = parse_as_of(args.as_of)
    policy = load_policy(args.policy, max_degree=args.max_degree)
    warn(policy.warnings, lang)
    params = parameters(policy, args)
    calendar, calendar_warnings = workday_calendar(args.calendar)
    warn(calendar_warnings, lang)
    facts = load_facts(
        args.facts, policy.checked.schema, strict=args.strict, stdin_format=args.input_format
    )
    warn(facts.warnings, lang)
    args.format = args.format or _format_of(args.output)
    report = policy.report(
        facts, as_of=as_of, params=params, calendar=calendar, max_steps=args.max_steps,
        outcomes=args.format == "junit",  # which subjects passed: JUnit's test cases
    )  # fmt: skip
    result = report.result
    if _held is not None:
        _held.extend((facts, report))

    def make(ascii_only: bool) -> str:
        return report.render(
            args.format,
            lang,
            explain=args.explain,
            ascii_only=ascii_only,
            fail_on=args.fail_on,
            width=terminal_width(),
            colour=args.output is None and colour(),
        )

    def make_utf8() -> bytes:
        return render.findings_json_utf8(report, lang, explain=args.explain)

    with collector_paused():  # rendering allocates per finding; the facts have no cycles
        emit(
            args.output,
            make,
            json_like=args.format not in ("table", "csv"),
            make_utf8=make_utf8 if args.format == "json" else None,
            lang=lang,
        )
    _note_undecided(result, lang)
    notice = result.notice()
    if notice is not None:
        stderr(notice.get(lang))
    return report.exit_status(args.fail_on)


def _format_of(output: str | None) -> str:
    """The format ``--output`` implies when ``--format`` is not given: a printable
    report for ``report.html``, the table otherwise."""
    if output is not None and output.lower().endswith((".html", ".htm")):
        return "html"
    return "table"


def _note_undecided(result: Result, lang: Lang) -> None:
    """Tell a script reading only the exit status why it is 2 although output was printed."""
    undecided = result.count("indeterminate")
    if undecided:
        stderr(M.UNDECIDED(count=undecided).get(lang))


def run_check(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    warn(policy.warnings, args.lang)
    emit(
        None,
        lambda ascii_only: render.check_line(policy, args.lang),
        json_like=False,
        lang=args.lang,
    )
    return 0


def run_articles(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    warn(policy.warnings, args.lang)
    if args.format == "json":
        emit(
            args.output,
            lambda ascii_only: render.articles_json(policy, ascii_only=ascii_only),
            json_like=True,
        )
    else:
        emit(
            args.output,
            lambda ascii_only: render.articles_table(policy, args.lang),
            json_like=False,
            lang=args.lang,
        )
    return 0


def run_schema(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    warn(policy.warnings, args.lang)
    document = json_schema(
        policy.checked.schema, title=f"Facts for the {policy.name} policy ({policy.checked.title})"
    )
    emit(
        args.output,
        lambda ascii_only: json.dumps(document, ensure_ascii=ascii_only, indent=2) + "\n",
        json_like=True,
    )
    return 0


def run_calendar_export(args: argparse.Namespace) -> int:
    schedules = chinese_calendar_schedules()
    schedule = schedules.get(args.year)
    if schedule is None:
        raise UnknownYearError(args.year, schedules.keys())
    text = export_year(schedule)
    emit(args.output, lambda ascii_only: text, json_like=False, lang=args.lang)
    return 0


def run_template(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    warn(policy.warnings, args.lang)
    target = Path(args.ledger)
    if target.suffix.lower() != ".xlsx":
        raise usage(M.LEDGER_NOT_XLSX, target=target)
    if target.exists() and not args.force:
        raise usage(M.LEDGER_EXISTS, str(target), help=CODES["E622"].help, target=target)
    facts = None
    if args.from_facts:
        facts = load_facts(args.from_facts, policy.checked.schema, strict=args.strict)
        warn(facts.warnings, args.lang)
    try:
        write_template(
            policy.checked,
            target,
            facts=facts,
            command=f"policyengine eval {args.policy} {target.name}",
        )
    except LayoutError as exc:
        raise usage(M.NO_LEDGER, reason=exc.reason) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise usage(M.CANNOT_WRITE_OUTPUT, str(target), reason=reason) from None
    count = len(facts) if facts is not None else 0
    stderr(M.LEDGER_WRITTEN(target=target, count=count).get(args.lang))
    return 0
