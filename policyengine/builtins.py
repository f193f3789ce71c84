"""The built-in functions of the policy language, each declared once.

Takes nothing; gives :data:`BUILTINS`, one :class:`Builtin` per function with its
signature (read by the checker), its documentation line (docs/language.md, section 7)
and its implementation over columns (read by the compiler). Adding a built-in is one
entry here, a row in that table of the docs, and its tests. A built-in must never do
I/O or anything that may not terminate: policies are untrusted.
"""

from __future__ import annotations

import datetime
import urllib.parse
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from policyengine.runtime import CFn, Context, add_days_col, calendar_col, lift
from policyengine.schema import BoolType, DateType, IntType, ListType, NullType, StrType, Type

# The argument of a function that accepts any list or set (``size``).
ANY_COLLECTION: Type = ListType(NullType())


@attrs.frozen
class Builtin:
    """One built-in function.

    ``params`` are the argument types ("int" without a unit accepts any unit;
    :data:`ANY_COLLECTION` any list or set); ``build`` takes one column function per
    argument and gives the function's column. ``counts_workdays`` says that it reads the
    working-day calendar, so it can need a year the calendar lacks (the compiler then
    evaluates it only where it decides, and explanations trace its periods).
    """

    name: str
    params: tuple[Type, ...]
    result: Type
    doc: str
    build: Callable[[list[CFn]], CFn]
    counts_workdays: bool = False


def _later(args: list[CFn]) -> CFn:
    a, b = args
    return lambda frame, ctx: [
        y if x is None else x if y is None or x >= y else y
        for x, y in zip(a(frame, ctx), b(frame, ctx), strict=True)
    ]


def _earlier(args: list[CFn]) -> CFn:
    a, b = args
    return lambda frame, ctx: [
        y if x is None else x if y is None or x <= y else y
        for x, y in zip(a(frame, ctx), b(frame, ctx), strict=True)
    ]


def _workdays(args: list[CFn]) -> CFn:
    def count(ctx: Context, x: datetime.date, y: datetime.date) -> int:
        if ctx.trace is not None:
            ctx.trace.append((x, y))
        return ctx.calendar.workdays_between(x, y)

    a, b = args
    return calendar_col(a, b, count)


def _add_workdays(args: list[CFn]) -> CFn:
    def add(ctx: Context, x: datetime.date, n: int) -> datetime.date:
        day = ctx.calendar.add_workdays(x, n)
        if ctx.trace is not None and n > 0:
            ctx.trace.append((x + datetime.timedelta(days=1), day))
        return day

    a, b = args
    return calendar_col(a, b, add)


def _host(url: Any) -> Any:
    """The host name of a URL, or unknown (``None``) when it has none or is malformed."""
    if url is None:
        return None
    try:
        return urllib.parse.urlsplit(url.strip()).hostname
    except ValueError:
        return None


def _lifted(fn: Callable[..., object]) -> Callable[[list[CFn]], CFn]:
    """``fn`` applied row by row; unknown when any argument is."""
    return lambda args: lift(fn, args)


_DATE, _STR = DateType(), StrType()

_TABLE = (
    Builtin("days", (_DATE, _DATE), IntType("days"),
            "`b − a` in calendar days (0 for the same day; negative if `b` is before `a`)",
            _lifted(lambda x, y: (y - x).days)),
    Builtin("workdays", (_DATE, _DATE), IntType("workdays"),
            "working days from `a` to `b`, **both ends counted**; 0 if `b` is before `a`",
            _workdays, counts_workdays=True),
    Builtin("add_days", (_DATE, IntType("days")), _DATE,
            "`d` plus `n` calendar days (`n`: `days` or unitless)",
            lambda args: add_days_col(*args)),
    Builtin("add_workdays", (_DATE, IntType("workdays")), _DATE,
            "the `n`-th working day strictly after `d` (`d` never counted; `n = 0` gives `d`)",
            _add_workdays, counts_workdays=True),
    # The later/earlier of two dates, ignoring an unknown one: "the last of these, else that".
    Builtin("later", (_DATE, _DATE), _DATE,
            "the later of two dates; if one is unknown, the other "
            '("the last post, else the opening date")',
            _later),
    Builtin("earlier", (_DATE, _DATE), _DATE,
            "the earlier of two dates, ignoring an unknown one",
            _earlier),
    Builtin("host", (_STR,), _STR,
            "the host name of a URL, lower-cased, without port; unknown if there is none "
            "(e.g. no `https://`)",
            _lifted(_host)),
    Builtin("starts_with", (_STR, _STR), BoolType(),
            "whether `s` begins with `prefix`",
            _lifted(str.startswith)),
    Builtin("size", (ANY_COLLECTION,), IntType("count"),
            "number of items",
            _lifted(len)),
)  # fmt: skip

BUILTINS: Mapping[str, Builtin] = MappingProxyType({b.name: b for b in _TABLE})

# Names a policy can read without declaring them, and their types.
# ``effective`` is the policy's own `effective` date (unknown if it declares none): a
# look-back window counts from the later of the day after the last act and it.
BUILTIN_NAMES: Mapping[str, Type] = MappingProxyType({"as_of": DateType(), "effective": DateType()})
