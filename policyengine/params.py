"""Parameter values: the policy's defaults, overridden by a user.

Takes the checked policy's parameters and overrides from ``--param NAME=VALUE``
(strings), ``--params FILE`` (YAML or JSON values) or a library caller (Python
values); gives every parameter's value, each override converted to the parameter's
declared type, or refused with a message naming the parameter (E602, E603). It never
accepts a value its type does not hold: a rule reads parameters without checking them.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from typing import Any

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
    def __init__(self, zh: str, en: str) -> None:
        self.text = Text(zh, en)


def resolve(params: Mapping[str, Param], overrides: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: p.default for name, p in params.items()}
    problems: list[Diagnostic] = []
    for name, raw in overrides.items():
        param = params.get(name)
        if param is None:
            near = difflib.get_close_matches(name, list(params), n=1)
            problems.append(
                Diagnostic(
                    "E602",
                    Text(f"策略没有参数 `{name}`", f"the policy has no parameter `{name}`"),
                    location=f"--param {name}",
                    help=Text(f"是否想写 `{near[0]}`？", f"did you mean `{near[0]}`?")
                    if near
                    else None,
                )
            )
            continue
        try:
            values[name] = None if raw is None and param.optional else convert(raw, param.type)
        except _Bad as bad:
            problems.append(
                Diagnostic(
                    "E603",
                    Text(f"参数 `{name}` 的值 `{raw}` 无效：{bad.text.zh}",
                         f"invalid value `{raw}` for parameter `{name}`: {bad.text.en}"),
                    location=f"--param {name}",
                )
            )  # fmt: skip
    if problems:
        raise UsageError(problems)
    return values


def convert(raw: Any, type_: Type) -> Any:
    """A user-supplied value as a value of ``type_`` (strings parsed, others checked)."""
    if isinstance(type_, IntType):
        if isinstance(raw, str) and re.fullmatch(r"-?[0-9]{1,9}", raw.strip()):
            raw = int(raw)
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise _Bad("应为整数", "expected a whole number")
        if raw < 0:
            raise _Bad("不能为负数", "must not be negative")
        if raw > INT_MAX:
            raise _Bad(
                "超出 64 位整数的范围（至多 2^63−1）", "is beyond the 64-bit range (at most 2^63−1)"
            )
        return raw
    if isinstance(type_, BoolType):
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        if not isinstance(raw, bool):
            raise _Bad("应为 true 或 false", "expected true or false")
        return raw
    if isinstance(type_, DateType):
        if isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime):
            return raw
        if isinstance(raw, str) and _DATE.match(raw):
            try:
                return datetime.date.fromisoformat(raw)
            except ValueError:
                pass
        raise _Bad("应为日期 YYYY-MM-DD", "expected a date YYYY-MM-DD")
    if isinstance(type_, EnumType):
        if raw in type_.members:
            return raw
        raise _Bad("应为 " + "、".join(type_.members) + " 之一",
                   "expected one of " + ", ".join(type_.members))  # fmt: skip
    if isinstance(type_, StrType):
        if not isinstance(raw, str):
            raise _Bad("应为字符串", "expected a string")
        return raw
    if isinstance(type_, MapType):
        if isinstance(raw, str):
            pairs = [item.split(":", 1) for item in raw.split(",") if item.strip()]
            if any(len(p) != 2 for p in pairs):
                raise _Bad("应写作 键:值,键:值", "expected key:value,key:value")
            raw = {k.strip(): v.strip() for k, v in pairs}
        if not isinstance(raw, Mapping):
            raise _Bad("应为映射", "expected a mapping")
        return {convert(k, type_.key): convert(v, type_.value) for k, v in raw.items()}
    raise _Bad("此类参数不能覆盖", "this kind of parameter cannot be overridden")
