"""Parameter values: the policy's defaults, overridden by a user.

Takes the checked policy's parameters and overrides from ``--param NAME=VALUE``
(strings), ``--params FILE`` (YAML or JSON values) or a library caller (Python
values); gives every parameter's value, each override converted to the parameter's
declared type, or refused with a message naming the parameter (E602, E603) and
located where the caller gave it (``params["NAME"]``, ``--param NAME``). It never
accepts a value its type does not hold: a rule reads parameters without checking them.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from typing import Any

from policyengine import policy_messages as M
from policyengine.checker import Param
from policyengine.diagnostics import Diagnostic, Text
from policyengine.errors import UsageError
from policyengine.schema import (
    INT_MAX,
    BoolType,
    DateType,
    EnumType,
    IntType,
    MapType,
    StrType,
    Type,
)

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class _Bad(Exception):
    def __init__(self, why: Text) -> None:
        self.text = why


def resolve(
    params: Mapping[str, Param], overrides: Mapping[str, Any], place: str = M.LIBRARY_PLACE
) -> dict[str, Any]:
    """Every parameter's value, the ``overrides`` converted; each problem is located at
    ``place`` with the parameter's ``{name}``: the caller's ``params["name"]`` for the
    library, the option (``--param name``) for the command line."""
    values = {name: p.default for name, p in params.items()}
    problems: list[Diagnostic] = []
    for name, raw in overrides.items():
        param = params.get(name)
        if param is None:
            near = difflib.get_close_matches(name, list(params), n=1)
            problems.append(
                Diagnostic.of(
                    M.UNKNOWN_PARAMETER,
                    location=place.format(name=name),
                    help=M.DID_YOU_MEAN(near=near[0]) if near else None,
                    name=name,
                )
            )
            continue
        try:
            values[name] = None if raw is None and param.optional else convert(raw, param.type)
        except _Bad as bad:
            problems.append(
                Diagnostic.of(
                    M.INVALID_VALUE,
                    location=place.format(name=name),
                    name=name,
                    raw=raw,
                    reason=bad.text,
                )
            )
    if problems:
        raise UsageError(problems)
    return values


def convert(raw: Any, type_: Type) -> Any:
    """A user-supplied value as a value of ``type_`` (strings parsed, others checked)."""
    if isinstance(type_, IntType):
        if isinstance(raw, str) and re.fullmatch(r"-?[0-9]{1,9}", raw.strip()):
            raw = int(raw)
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise _Bad(M.A_WHOLE_NUMBER)
        if raw < 0:
            raise _Bad(M.NEGATIVE)
        if raw > INT_MAX:
            raise _Bad(M.BEYOND_64_BITS)
        return raw
    if isinstance(type_, BoolType):
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        if not isinstance(raw, bool):
            raise _Bad(M.TRUE_OR_FALSE)
        return raw
    if isinstance(type_, DateType):
        if isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime):
            return raw
        if isinstance(raw, str) and _DATE.match(raw):
            try:
                return datetime.date.fromisoformat(raw)
            except ValueError:
                pass
        raise _Bad(M.A_DATE)
    if isinstance(type_, EnumType):
        if raw in type_.members:
            return raw
        raise _Bad(M.ONE_OF(members=Text.listing(type_.members)))
    if isinstance(type_, StrType):
        if not isinstance(raw, str):
            raise _Bad(M.A_STRING)
        return raw
    if isinstance(type_, MapType):
        if isinstance(raw, str):
            pairs = [item.split(":", 1) for item in raw.split(",") if item.strip()]
            if any(len(p) != 2 for p in pairs):
                raise _Bad(M.KEY_VALUE_PAIRS)
            raw = {k.strip(): v.strip() for k, v in pairs}
        if not isinstance(raw, Mapping):
            raise _Bad(M.A_MAPPING)
        return {convert(k, type_.key): convert(v, type_.value) for k, v in raw.items()}
    raise _Bad(M.NOT_OVERRIDABLE)
