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

from policyengine import inputs
from policyengine.calendar import WorkdayCalendar, read_calendar_file
from policyengine.diagnostics import Diagnostic, Text, os_reason, syntax_reason
from policyengine.errors import UsageError
from policyengine.params import resolve
from policyengine.policy import Policy

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PARAMS_FILE_LIMIT = 1 << 20  # a parameter file is a handful of lines; refuse megabytes


def usage(
    code: str, zh: str, en: str, location: str | None = None, *, help: Text | None = None
) -> UsageError:
    """A bad command-line argument (the message names the option)."""
    return UsageError([Diagnostic(code, Text(zh, en), location=location, help=help)])


def parse_as_of(text: str | None) -> datetime.date | None:
    """``--as-of``: exactly ``YYYY-MM-DD`` (``fromisoformat`` alone takes ``20240925``)."""
    if text is None:
        return None
    if _ISO_DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise usage(
        "E605",
        f"--as-of 的值 `{text}` 不是有效日期，应写作 YYYY-MM-DD（如 2024-09-25）",
        f"--as-of `{text}` is not a valid date; write it as YYYY-MM-DD (e.g. 2024-09-25)",
    )


def _param_pairs(items: Sequence[str]) -> dict[str, str]:
    """``--param NAME=VALUE`` options; the last one for a name wins."""
    pairs: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise usage(
                "E606",
                f"--param `{item}` 应写作 NAME=VALUE",
                f"--param `{item}` must be written NAME=VALUE",
            )
        pairs[name] = value
    return pairs


def _params_file(path: str) -> dict[str, Any]:
    """``--params FILE``: a mapping of parameter name to value, JSON (``.json``) or YAML."""

    def bad(zh: str, en: str, where: str = path) -> UsageError:
        return usage("E607", f"参数文件{zh}", f"the parameter file {en}", where)

    try:
        raw = inputs.read_limited(path, _PARAMS_FILE_LIMIT)
    except inputs.TooLarge:
        raise bad("超过 1 MiB 的上限", "is larger than the 1 MiB limit") from None
    except OSError as exc:
        reason = os_reason(exc)
        raise bad(f"无法读取：{reason.zh}", f"cannot be read: {reason.en}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise bad("不是 UTF-8 编码的文本", "is not UTF-8 text") from None
    data: object
    if path.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise bad(
                f"不是有效的 JSON：{syntax_reason(exc.msg).zh}",
                f"is not valid JSON: {exc.msg}",
                f"{path}:{exc.lineno}",
            ) from None
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark is not None else path
            problem = getattr(exc, "problem", None) or str(exc)
            raise bad(
                f"不是有效的 YAML：{syntax_reason(problem).zh}",
                f"is not valid YAML: {problem}",
                where,
            ) from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise bad("应为“参数名: 值”的映射", "must be a mapping of parameter names to values")
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
    resolve(policy.parameters, pairs, "--param {name}")  # each problem at its option
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
