"""Option values turned into the library's arguments, with the command line's usage errors.

Takes: the strings of ``--as-of``, ``--param``, ``--params`` and ``--calendar``.
Gives: a date, a mapping of parameter values (checked against the policy), a
working-day calendar with the calendar files' warnings; or a
:class:`~policyengine.errors.UsageError` naming the option or the file (E605–E607).
Never: writes output or evaluates a policy.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
from collections.abc import Sequence
from typing import Any

import attrs
import yaml

from policyengine import inputs, yaml12
from policyengine.calendar import WorkdayCalendar, read_calendar_file
from policyengine.cli import messages as M
from policyengine.codes import Message
from policyengine.diagnostics import Diagnostic, Text, os_reason, syntax_reason
from policyengine.errors import UsageError
from policyengine.params import resolve
from policyengine.policy import Policy

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PARAMS_FILE_LIMIT = 1 << 20  # a parameter file is a handful of lines; refuse megabytes


def usage(
    message: Message, location: str | None = None, *, help: Text | None = None, **words: Any
) -> UsageError:
    """A bad command-line argument (the message names the option)."""
    return UsageError([Diagnostic.of(message, location=location, help=help, **words)])


def parse_as_of(text: str | None) -> datetime.date | None:
    """``--as-of``: exactly ``YYYY-MM-DD`` (``fromisoformat`` alone takes ``20240925``)."""
    if text is None:
        return None
    if _ISO_DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise usage(M.AS_OF_NOT_A_DATE, text=text)


def _param_pairs(items: Sequence[str]) -> dict[str, str]:
    """``--param NAME=VALUE`` options; the last one for a name wins."""
    pairs: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise usage(M.PARAM_NOT_A_PAIR, item=item)
        pairs[name] = value
    return pairs


def _params_file(path: str) -> dict[str, Any]:
    """``--params FILE``: a mapping of parameter name to value, JSON (``.json``) or YAML."""

    def bad(why: Text, where: str = path) -> UsageError:
        return usage(M.PARAMS_FILE, where, why=why)

    try:
        raw = inputs.read_limited(path, _PARAMS_FILE_LIMIT)
    except inputs.TooLarge:
        raise bad(M.OVER_1_MIB) from None
    except OSError as exc:
        raise bad(M.CANNOT_BE_READ(reason=os_reason(exc))) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise bad(M.NOT_UTF8) from None
    data: object
    if path.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            reason = Text(syntax_reason(exc.msg).zh, exc.msg)
            raise bad(M.NOT_JSON(reason=reason), f"{path}:{exc.lineno}") from None
    else:
        try:
            data, version = yaml12.load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark is not None else path
            problem = getattr(exc, "problem", None) or str(exc)
            raise bad(M.NOT_YAML(reason=Text(syntax_reason(problem).zh, problem)), where) from None
        if version is not None:
            help = M.YAML_VERSION_HELP(version=version)
            raise usage(M.PARAMS_FILE, path, help=help, why=M.YAML_VERSION(version=version))
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise bad(M.NOT_A_MAPPING)
    return data


def parameters(policy: Policy, args: argparse.Namespace) -> dict[str, Any]:
    """``--params FILE`` overridden by ``--param``, as ``Policy.evaluate`` takes them.

    Each value is checked here, so that a bad one is reported where the user wrote
    it: at the file (``params.yaml: name``) or at its option (``--param name``), not
    as the library's ``params["name"]``.
    """
    from_file: dict[str, Any] = {}
    if args.params is not None:
        from_file = _params_file(args.params)
        problems: list[Diagnostic] = []
        for name, value in from_file.items():
            try:
                resolve(policy.parameters, {name: value})
            except UsageError as err:
                where = f"{args.params}: {name}"
                problems.extend(attrs.evolve(d, location=where) for d in err.diagnostics)
        if problems:
            raise UsageError(problems)
    pairs = _param_pairs(args.param)
    resolve(policy.parameters, pairs, M.PARAM_PLACE)  # each problem at its option
    return {**from_file, **pairs}


def workday_calendar(paths: Sequence[str]) -> tuple[WorkdayCalendar | None, list[Diagnostic]]:
    """The built-in calendar with each file's years (None without a file), and the
    files' warnings (docs/calendar.md: E513, E518, E519)."""
    if not paths:
        return None, []
    calendar = WorkdayCalendar.default()
    warnings: list[Diagnostic] = []
    for path in paths:
        calendar, warned = read_calendar_file(path).onto(calendar)
        warnings.extend(warned)
    return calendar, warnings
