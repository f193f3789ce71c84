"""The built-in functions of the policy language, each declared once.

Takes nothing; gives :data:`BUILTINS`, one :class:`Builtin` per function with its
signature (read by the checker), its documentation line (docs/language.md, section 7)
and its implementation over columns (read by the compiler). Adding a built-in is one
entry here, a row in that table of the docs, and its tests. A built-in must never do
I/O or anything that may not terminate: policies are untrusted.
"""

from __future__ import annotations

import datetime
import re
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from policyengine import checker_messages
from policyengine.calendar import periods
from policyengine.calendar.periods import Bounds
from policyengine.columns import add_days_col, calendar_col, date_col
from policyengine.diagnostics import Text
from policyengine.frames import CFn, Context
from policyengine.operators import lift
from policyengine.patterns import map_approval_number
from policyengine.schema import BoolType, DateType, IntType, ListType, NullType, StrType, Type

# The argument of a function that accepts any list or set (``size``).
ANY_COLLECTION: Type = ListType(NullType())


@attrs.frozen
class Builtin:
    """One built-in function.

    ``params`` are the argument types ("int" without a unit accepts any unit;
    :data:`ANY_COLLECTION` any list or set); ``build`` takes one column function per
    argument and what the compiler knows of the call (:class:`Call`), and gives the
    function's column. ``counts_workdays`` says that it reads the working-day calendar,
    so it can need a year the calendar lacks (the compiler then evaluates it only where
    it decides, and explanations trace its periods). ``length_units``: the last
    argument is a period's length and must carry one of these units (E301).
    """

    name: str
    params: tuple[Type, ...]
    result: Type
    doc: str
    build: Callable[[list[CFn], Call], CFn]
    counts_workdays: bool = False
    length_units: tuple[str, ...] = ()


@attrs.frozen
class Call:
    """What the compiler knows of one call: the unit of each argument, and whether
    the call's reader can decide with :class:`Bounds` where a year is missing
    (:meth:`policyengine.compiler.analysis.Analysis.bounded`); if not, a missing year
    fails the fact."""

    units: tuple[str | None, ...]
    bounded: bool


def _later(args: list[CFn], call: Call) -> CFn:
    a, b = args
    return lambda frame, ctx: [
        y if x is None else x if y is None or x >= y else y
        for x, y in zip(a(frame, ctx), b(frame, ctx), strict=True)
    ]


def _earlier(args: list[CFn], call: Call) -> CFn:
    a, b = args
    return lambda frame, ctx: [
        y if x is None else x if y is None or x <= y else y
        for x, y in zip(a(frame, ctx), b(frame, ctx), strict=True)
    ]


def _period_workdays(args: list[CFn], call: Call) -> CFn:
    def count(ctx: Context, x: datetime.date, y: datetime.date) -> int:
        if ctx.trace is not None:
            ctx.trace.append((x, y))
            ctx.consulted.append((x, y))
        return periods.period_workdays(ctx.calendar, x, y)

    def count_bounds(ctx: Context, x: datetime.date, y: datetime.date) -> Bounds:
        return periods.period_workdays_bounds(ctx.calendar, x, y)

    a, b = args
    return calendar_col(a, b, count, count_bounds if call.bounded else None)


def _deadline_after(args: list[CFn], call: Call) -> CFn:
    unit = call.units[1]
    # INVARIANT: the checker gives the length of a deadline one of the period units.
    assert unit in periods.UNITS
    length: periods.Unit = unit

    def deadline(ctx: Context, x: datetime.date, n: int) -> datetime.date | None:
        day = periods.deadline_after(ctx.calendar, x, n, length)
        if ctx.trace is not None and day is not None and n > 0:
            if length == "workdays":
                ctx.trace.append((x + datetime.timedelta(days=1), day))
                ctx.consulted.append((x + datetime.timedelta(days=1), day))
            else:  # the calendar decides only whether the period's end moves
                ctx.consulted.append((periods.period_end(x, n, length), day))
        return day

    def deadline_bounds(ctx: Context, x: datetime.date, n: int) -> Bounds:
        return periods.deadline_after_bounds(ctx.calendar, x, n, length)

    a, b = args
    return calendar_col(a, b, deadline, deadline_bounds if call.bounded else None)


# http: or https: and at most two slashes, not followed by a third: what a clerk types
# for the scheme, correctly (https://) or not (https:/, https:), before the host.
_WEB_SCHEME = re.compile(r"https?:/{0,2}(?!/)", re.IGNORECASE)


def _host(url: Any) -> Any:
    """The host name of a URL, or unknown (``None``) when it has none or is malformed.
    A URL written without its scheme (``www.example.cn/a``), as clerks do, or with the
    scheme left to the page (``//www.example.cn/a``, as copied from a page's source),
    is read as if it began with ``https://``; so is one whose web scheme lost a slash
    (``https:/www.example.cn``). A URL of a scheme alone (``https://``) or whose host is
    empty (``https:///a``, ``//``) has no host: no address, not an address elsewhere."""
    if url is None:
        return None
    url = url.strip()
    if scheme := _WEB_SCHEME.match(url):
        url = "//" + url[scheme.end() :]
    elif "://" not in url and not url.startswith("//"):
        url = "//" + url
    try:
        return urllib.parse.urlsplit(url).hostname
    except ValueError:
        return None


def _without_prefix(text: str, prefixes: Iterable[str | None]) -> str:
    """``text`` without the longest of ``prefixes`` it begins with and the spaces after
    it; ``text`` unchanged (but for surrounding spaces) when it begins with none, or
    when nothing would be left."""
    text = text.strip()
    for prefix in sorted((p for p in prefixes if p), key=len, reverse=True):
        rest = text.removeprefix(prefix).lstrip()
        if rest != text and rest:
            return rest
    return text


def _in_domain(host: str, domain: str) -> bool:
    """Whether ``host`` is ``domain`` or a name under it (``a.example.cn`` under
    ``example.cn``; ``example.cn.evil.com`` is not), letter case aside."""
    host, domain = host.lower().rstrip("."), domain.lower().rstrip(".")
    return host == domain or host.endswith("." + domain)


def _lifted(fn: Callable[..., object]) -> Callable[[list[CFn], Call], CFn]:
    """``fn`` applied row by row; unknown when any argument is."""
    return lambda args, call: lift(fn, args)


_DATE, _STR = DateType(), StrType()

_TABLE = (
    Builtin("days", (_DATE, _DATE), IntType("days"),
            "`b − a` in calendar days (0 for the same day; negative if `b` is before `a`): "
            "elapsed time, such as the look-back of staleness; no period convention",
            _lifted(lambda x, y: (y - x).days)),
    Builtin("add_days", (_DATE, IntType("days")), _DATE,
            "`d` plus `n` calendar days (`n`: `days` or unitless), never moved",
            lambda args, call: add_days_col(*args)),
    Builtin("add_months", (_DATE, IntType("months")), _DATE,
            "the corresponding day `n` months after `d`, or that month's last day when it "
            "has none: `add_months(2024-01-31, 1)` is 2024-02-29 (民法典 第二百零二条); "
            "never moved",
            lambda args, call: date_col(periods.add_months, *args)),
    Builtin("add_years", (_DATE, IntType("years")), _DATE,
            "the corresponding day `n` years after `d` (2024-02-29 + 1 year is 2025-02-28); "
            "always `add_months(d, 12 * n)`",
            lambda args, call: date_col(periods.add_years, *args)),
    # The two ways the Civil Code counts a period (docs/language.md, section 7): a
    # deadline or interval after an act, and a stated period with both ends counted.
    Builtin("deadline_after", (_DATE, IntType()), _DATE,
            "**a deadline or interval after an act**: the act's day `d` not counted, "
            "a last day off work moved to the next working day (see below)",
            _deadline_after, counts_workdays=True, length_units=periods.UNITS),
    Builtin("period_workdays", (_DATE, _DATE), IntType("workdays"),
            "**the working days of a stated period** from `a` to `b`, both days counted; "
            "0 if `b` is before `a` (see below)",
            _period_workdays, counts_workdays=True),
    # The later/earlier of two dates, ignoring an unknown one: "the last of these, else that".
    Builtin("later", (_DATE, _DATE), _DATE,
            "the later of two dates; if one is unknown, the other "
            '("the last post, else the opening date")',
            _later),
    Builtin("earlier", (_DATE, _DATE), _DATE,
            "the earlier of two dates, ignoring an unknown one",
            _earlier),
    # An act recorded with a date had, on a given day, happened only if that date is not
    # after it: the check date sees an approval, a decision or a cancellation dated later
    # as not (yet) made.
    Builtin("happened_by", (_DATE, _DATE), _DATE,
            "`d` if it is not after `day`, else unknown: an act dated later had not happened "
            "by then (`happened_by(f.district_approved_on, as_of) is null`: no approval on "
            "the check date); unknown if either is",
            _lifted(lambda d, day: d if d <= day else None)),
    Builtin("host", (_STR,), _STR,
            "the host name of a URL, lower-cased, without port; a URL without its scheme "
            "(`www.jiangchuan.gov.cn/a`, `//www.jiangchuan.gov.cn/a`) or with a slash lost "
            "(`https:/www.jiangchuan.gov.cn`) is read as `https://`; unknown if there is none "
            "(`https://`, `https:///a`)",
            _lifted(_host)),
    Builtin("map_approval_number", (_STR,), _STR,
            "the 审图号 `s` writes, in its usual form `GS(2019)1822号` (half-width letters, "
            "digits and brackets, no spaces, a leading `审图号：` dropped, 号 at the end); "
            "unknown if `s` is not one (section 8)",
            _lifted(map_approval_number)),
    Builtin("in_domain", (_STR, _STR), BoolType(),
            "whether the host name `h` is the domain `d` or a name under it "
            "(`anhua.jiangchuan.gov.cn` is in `jiangchuan.gov.cn`; `jiangchuan.gov.cn.evil.com` "
            "is not)",
            _lifted(_in_domain)),
    Builtin("trim", (_STR,), _STR,
            "`s` without spaces (of any width) at either end: a source of blanks is no source",
            _lifted(str.strip)),
    Builtin("without_prefix", (_STR, ListType(_STR)), _STR,
            "`s` without the longest of `prefixes` it begins with (and the spaces after "
            "it), else `s`: `without_prefix(\"安化乡综合管理办公室\", {\"安化乡\"})` is "
            "`综合管理办公室`",
            _lifted(_without_prefix)),
    Builtin("starts_with", (_STR, _STR), BoolType(),
            "whether `s` begins with `prefix`",
            _lifted(str.startswith)),
    Builtin("size", (ANY_COLLECTION,), IntType("count"),
            "number of items",
            _lifted(len)),
)  # fmt: skip

BUILTINS: Mapping[str, Builtin] = MappingProxyType({b.name: b for b in _TABLE})

# Functions of earlier versions that counted without saying which convention.
RENAMED: Mapping[str, Text] = MappingProxyType(
    {
        "workdays": checker_messages.INSTEAD_OF_WORKDAYS,
        "add_workdays": checker_messages.INSTEAD_OF_ADD_WORKDAYS,
    }
)

# Names a policy can read without declaring them, and their types.
# ``effective`` is the policy's own `effective` date (unknown if it declares none): a
# look-back window counts from the later of the day after the last act and it.
BUILTIN_NAMES: Mapping[str, Type] = MappingProxyType({"as_of": DateType(), "effective": DateType()})
