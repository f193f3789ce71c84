"""Typed values: each field's raw value coerced to the type the schema declares.

Takes the policy's schema; gives converter closures, built once per schema, that turn
a raw record into the record the evaluator reads (dates as ``datetime.date``, enum
members as strings, defaults filled in) or raise the problem with its message. The
typed fast path (:mod:`policyengine.facts.fast`) accepts exactly what these accept;
converters never look beyond their record (references and duplicates are
:mod:`policyengine.facts.validate`'s).

Blank text (``""``, spaces, tabs, the full-width space: only characters
``str.isspace`` takes) is no value, whatever the field's type, as an empty cell is
none: an optional field that is blank is read as missing (its default, if any,
filled in); a required one is an error (E421); a blank item of a list is no item and
is left out. Text that is not blank is kept as written, surrounding spaces included:
an id or a name is never changed.
# INVARIANT: no text the evaluator reads is blank; a rule asks ``is null`` or ``is
# empty``, never trims to find out whether a value was given.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Mapping, Sequence

from policyengine.diagnostics import Text
from policyengine.facts import catalogue as C
from policyengine.facts.messages import (
    SURROGATE,
    BadValue,
    Problem,
    blank_field,
    key_not_text,
    listing,
    lone_surrogate,
    missing_field,
    scalar_not_text,
    show,
    suggestion,
    wrong_type,
)
from policyengine.facts.raw import YamlBool, YamlInt, YamlScalar
from policyengine.schema import (
    INT_MAX,
    INT_MIN,
    BoolType,
    DateType,
    EnumType,
    Field,
    IntType,
    ListType,
    RecordType,
    RefType,
    Schema,
    StrType,
    Type,
)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ Tt][0-9]")


def parse_iso_date(text: str) -> datetime.date | None:
    """``YYYY-MM-DD`` exactly, or None.

    ``date.fromisoformat`` alone also takes ``20240925`` and ``2024-W39-3``.
    """
    if not _DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def date_problem(text: str, shown: str) -> Text:
    """Why ``text`` (shown as ``shown``) is not a date; for a well-formed but
    impossible one, say exactly why, since "2024-02-30" looks right at a glance."""
    if not _DATE.fullmatch(text):
        return C.NOT_ISO_DATE(shown=shown)
    year, month, day = int(text[:4]), int(text[5:7]), int(text[8:])
    if year == 0:
        reason = C.NO_YEAR_ZERO
    elif not 1 <= month <= 12:
        reason = C.NO_SUCH_MONTH(month=month)
    elif day == 0:
        reason = C.NO_DAY_ZERO
    else:
        days = calendar.monthrange(year, month)[1]
        reason = C.MONTH_LENGTH(year=year, month=month, days=days)
    return C.NOT_A_REAL_DATE(shown=shown, reason=reason)


Conv = Callable[[object, str], object]
"""Converts one raw value (at a dotted field path) to the record representation, or
raises BadValue."""
RecordConv = Callable[[object, str], dict[str, object]]


def blank(value: object) -> bool:
    """Whether ``value`` is text holding nothing but whitespace (or nothing at all)."""
    return isinstance(value, str) and (not value or value.isspace())


def _text_conv(expected: Text) -> Conv:
    search = SURROGATE.search

    def conv(value: object, path: str) -> object:
        if isinstance(value, str):
            if not value.isascii() and search(value):
                raise BadValue([lone_surrogate(value, path)])
            return value if type(value) is str else str(value)
        raise wrong_type(path, value, expected, C.QUOTE_HELP if scalar_not_text(value) else None)

    return conv


def _int_conv(t: IntType) -> Conv:
    low, high = t.bounds()
    if high == INT_MAX and low == 0:
        bounds = C.NON_NEGATIVE
    elif high == INT_MAX and low == INT_MIN:
        bounds = C.INT64
    elif high == INT_MAX:
        bounds = C.AT_LEAST(low=low)
    elif low == INT_MIN:
        bounds = C.AT_MOST(high=high)
    else:
        bounds = C.BETWEEN(low=low, high=high)

    def conv(value: object, path: str) -> object:
        number = _plain_int(value, path)
        if number < low or number > high:
            raise BadValue([Problem.of(C.OUT_OF_RANGE, path, value=show(number), bounds=bounds)])
        return number

    return conv


def _bool_conv(value: object, path: str) -> object:
    if value is True or value is False:
        return value
    if isinstance(value, YamlBool):
        return value.value()
    word = value.strip().lower() if isinstance(value, str) else ""
    if word in ("true", "false"):
        raise wrong_type(path, value, C.EXPECT_BOOL, C.UNQUOTE_BOOL)
    # YAML 1.1 took these for booleans; YAML 1.2 and JSON do not.
    yes_no = word in ("yes", "no", "y", "n", "on", "off")
    raise wrong_type(path, value, C.EXPECT_BOOL, C.ONLY_TRUE_FALSE if yes_no else None)


def _date_conv(cache: dict[str, datetime.date]) -> Conv:
    """Dates; the same few hundred date strings recur in large inputs, so cache them."""

    def conv(value: object, path: str) -> object:
        if type(value) is str:
            date = cache.get(value)
            if date is None:
                date = parse_iso_date(value)
                if date is None:
                    timed = _DATE_TIME.match(value) is not None
                    problem = Problem.of(
                        C.BAD_DATE,
                        path,
                        help=C.NO_TIME if timed else None,
                        why=date_problem(value, show(value)),
                    )
                    raise BadValue([problem])
                if len(cache) < _DATE_CACHE:
                    cache[value] = date
            return date
        if type(value) is datetime.date:
            return value
        if isinstance(value, str):
            return conv(str(value), path)
        if isinstance(value, datetime.datetime):
            raise wrong_type(path, value, C.EXPECT_DATE, C.NO_TIME)
        if isinstance(value, datetime.date):
            return value
        raise wrong_type(path, value, C.EXPECT_DATE)

    return conv


def _enum_conv(t: EnumType) -> Conv:
    members = frozenset(t.members)
    listed = listing(t.members)
    expected = C.ONE_OF(choices=listed)

    def conv(value: object, path: str) -> object:
        if type(value) is str and value in members:
            return value
        if not isinstance(value, str):
            quote = C.QUOTE_HELP if scalar_not_text(value) else None
            raise wrong_type(path, value, expected, quote)
        if value in members:
            return str(value)
        raise BadValue(
            [
                Problem.of(
                    C.UNKNOWN_MEMBER,
                    path,
                    help=suggestion(value, t.members),
                    value=show(value),
                    members=listed,
                )
            ]
        )

    return conv


def _list_conv(element: Conv, element_has_records: bool) -> Conv:
    """A list, without its blank items."""

    def conv(value: object, path: str) -> object:
        if type(value) is not list:
            if not isinstance(value, list | tuple):
                raise wrong_type(path, value, C.EXPECT_LIST)
            value = list(value)
        if not element_has_records:  # paths of elements only matter when one is bad
            try:
                return [element(x, path) for x in value if not blank(x)]
            except BadValue:
                pass
        out: list[object] = []
        problems: list[Problem] = []
        for i, x in enumerate(value):
            if blank(x):
                continue
            try:
                out.append(element(x, f"{path}[{i}]"))
            except BadValue as bad:
                problems.extend(bad.problems)
        if problems:
            raise BadValue(problems)
        return out

    return conv


def _copy_default(default: object) -> object:
    return list(default) if isinstance(default, list | tuple) else default


class RecordConverters:
    """Builds the converters for one schema, once; ``undeclared`` collects field
    names a record has but does not declare, drained after each record."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.date_cache: dict[str, datetime.date] = {}
        self.undeclared: list[tuple[str, str, tuple[str, ...]]] = []

    def type_conv(self, t: Type) -> tuple[Conv, bool]:
        """The converter of a type, and whether it contains records."""
        if isinstance(t, StrType):
            return _text_conv(C.EXPECT_STR), False
        if isinstance(t, RefType):
            return _text_conv(C.EXPECT_ID(kind=t.kind)), False
        if isinstance(t, IntType):
            return _int_conv(t), False
        if isinstance(t, BoolType):
            return _bool_conv, False
        if isinstance(t, DateType):
            return _date_conv(self.date_cache), False
        if isinstance(t, EnumType):
            return _enum_conv(t), False
        if isinstance(t, ListType):
            element, has_records = self.type_conv(t.element)
            return _list_conv(element, has_records), has_records
        if isinstance(t, RecordType):
            return self.record_conv(t.fields, f"`{t.name}`"), True
        raise ValueError(f"a fact field cannot have the type {t}")

    def record_conv(
        self, fields: Sequence[Field], name: str, also_allowed: frozenset[str] = frozenset()
    ) -> RecordConv:
        """A record: every declared field converted, problems of all fields collected.

        ``also_allowed`` are keys handled by the caller (the tag field of a variant).
        """
        specs: list[tuple[str, Conv, bool, object]] = []
        for f in fields:
            if f.name in also_allowed:
                continue
            conv, _ = self.type_conv(f.type)
            required = not f.optional and f.default is None
            specs.append((f.name, conv, required, f.default))
        declared = frozenset(f.name for f in fields) | also_allowed
        names = tuple(sorted(declared))
        expected = C.EXPECT_RECORD(name=name)
        sink = self.undeclared

        def record(raw: object, path: str) -> dict[str, object]:
            if type(raw) is not dict and not isinstance(raw, Mapping):
                raise wrong_type(path, raw, expected)
            prefix = path + "." if path else ""
            out: dict[str, object] = {}
            problems: list[Problem] | None = None
            for field_name, field_conv, required, default in specs:
                value = raw.get(field_name)
                if value is None or blank(value):
                    if default is not None:
                        out[field_name] = _copy_default(default)
                    elif required and value is not None:
                        problems = problems or []
                        problems.append(blank_field(prefix + field_name, value))
                    elif required:
                        problems = problems or []
                        problems.append(missing_field(prefix + field_name, field_name in raw))
                    continue
                try:
                    out[field_name] = field_conv(value, prefix + field_name)
                except BadValue as bad:
                    problems = problems or []
                    problems.extend(bad.problems)
            if not declared.issuperset(raw):
                for key in raw:
                    if key in declared:
                        continue
                    if isinstance(key, str) and (key.isascii() or not SURROGATE.search(key)):
                        sink.append((prefix, key, names))
                    elif isinstance(key, str):
                        problems = problems or []
                        problems.append(lone_surrogate(key, path, key=True))
                    else:
                        problems = problems or []
                        problems.append(key_not_text(key, path))
            if problems:
                raise BadValue(problems)
            return out

        return record


def _plain_int(value: object, path: str) -> int:
    """An int without bounds; ``True`` is an int in Python but not here."""
    if type(value) is int:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, YamlInt):
        number = value.value()
        if number is not None:
            return number
    numeric = (
        isinstance(value, str)
        and not isinstance(value, YamlScalar)
        and value.strip().lstrip("+-").isdigit()
    )
    raise wrong_type(path, value, C.EXPECT_INT, C.UNQUOTE_INT if numeric else None)


_DATE_CACHE = 100_000
CHUNK = 4096
"""Records converted by one call of the typed reader: a record it refuses sends only
its chunk through the converters."""
