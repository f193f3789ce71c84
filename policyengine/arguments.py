"""Checks of what a library caller passes to the public entry points.

Takes one argument together with the function and parameter it was given to; gives
nothing back when the argument is usable, and otherwise raises, before any work is
done: a :class:`TypeError` when the argument is of the wrong Python type, and an
:class:`~policyengine.errors.ArgumentError` (a :class:`~policyengine.errors.PolicyError`
that is also a :class:`ValueError`, code E609) when its type is right but the function
cannot take its value. Both messages name the function, the parameter, what was
expected and what was given. A check never converts, reads or keeps anything. Without
these checks a wrong argument would surface as an ``AttributeError`` from a later
stage that assumed the type, or, worse, be taken for something else (a path string
read as a sequence of one-letter paths).
"""

from __future__ import annotations

import datetime
import difflib
import os
import reprlib
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from policyengine import policy_messages as M
from policyengine.diagnostics import Diagnostic, Text
from policyengine.errors import ArgumentError

_REPR = reprlib.Repr()
_REPR.maxstring = 60
_REPR.maxother = 60


def shown(value: object) -> str:
    """A given value as a message shows it: its type and a short repr (``str 'x.yaml'``)."""
    if value is None:
        return "None"
    return f"{type(value).__name__} {_REPR.repr(value)}"


def wrong_type(where: str, expected: str, value: object, hint: str = "") -> TypeError:
    """The TypeError for an argument of the wrong type: ``where`` is
    ``function(parameter)``, ``expected`` what the parameter takes."""
    function, _, parameter = where.rstrip(")").partition("(")
    more = f"; {hint}" if hint else ""
    return TypeError(f"{function}(): `{parameter}` must be {expected}, not {shown(value)}{more}")


def bad_value(where: str, expected: Text, value: object, help: Text | None = None) -> ArgumentError:
    """The ArgumentError (E609) for an argument of the right type and a wrong value."""
    function, _, parameter = where.rstrip(")").partition("(")
    given = _REPR.repr(value)
    return ArgumentError(
        [
            Diagnostic.of(
                M.BAD_ARGUMENT,
                help=help,
                function=function,
                parameter=parameter,
                expected=expected,
                given=given,
            )
        ]
    )


def expect(value: object, types: type | tuple[type, ...], where: str, expected: str) -> None:
    """``value`` is an instance of ``types`` (a bool is never taken for a number)."""
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in _tuple(types)):
        raise wrong_type(where, expected, value)


def _tuple(types: type | tuple[type, ...]) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


def expect_bool(value: object, where: str) -> None:
    """``value`` is True or False (a truthy string is a mistake, not a yes)."""
    if not isinstance(value, bool):
        raise wrong_type(where, "True or False", value)


def expect_int(value: object, where: str, minimum: int, *, none: bool = False) -> None:
    """``value`` is an int (not a bool) of at least ``minimum``; or None if ``none``."""
    if value is None and none:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        expected = "an int or None" if none else "an int"
        raise wrong_type(where, expected, value)
    if value < minimum:
        raise bad_value(
            where,
            M.AT_LEAST(minimum=minimum),
            value,
        )


def expect_date(value: object, where: str) -> None:
    """``value`` is a :class:`datetime.date` (not a datetime) or None."""
    if value is None or (
        isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    ):
        return
    if isinstance(value, datetime.datetime):
        hint = "pass its .date()"
    elif isinstance(value, str):
        hint = f"write datetime.date.fromisoformat({value!r})"
    else:
        hint = ""
    raise wrong_type(where, "a datetime.date or None", value, hint)


def expect_choice(value: object, choices: Collection[str], where: str) -> None:
    """``value`` is one of the strings ``choices``."""
    listed = ", ".join(choices)
    if not isinstance(value, str):
        raise wrong_type(where, f"one of the strings {listed}", value)
    if value not in choices:
        near = difflib.get_close_matches(value, list(choices), n=1)
        raise bad_value(
            where,
            M.ONE_OF_CHOICES(listed=listed),
            value,
            M.DID_YOU_MEAN(near=near[0]) if near else None,
        )


def expect_path(value: object, where: str) -> None:
    """``value`` is a path: a str or an :class:`os.PathLike` giving a str."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        hint = "decode it first" if isinstance(value, bytes) else ""
        raise wrong_type(where, "a str or os.PathLike path", value, hint)


def expect_paths(value: object, where: str) -> list[str | os.PathLike[str]]:
    """``value`` is a collection of paths, not a single path; gives them as a list (a
    generator can be read only once)."""
    if isinstance(value, (str, bytes, os.PathLike)):
        raise wrong_type(
            where, "a list of paths", value, f"for one file write [{_REPR.repr(value)}]"
        )
    if not isinstance(value, Iterable) or isinstance(value, Mapping):
        raise wrong_type(where, "a list of paths", value)
    paths: list[Any] = list(value)
    function, _, parameter = where.rstrip(")").partition("(")
    for number, path in enumerate(paths):
        expect_path(path, f"{function}({parameter}[{number}])")
    return paths


def expect_mapping(value: object, where: str, noun: str) -> None:
    """``value`` is None or a mapping whose keys are strings: the names of ``noun`` s."""
    if value is None:
        return
    if not isinstance(value, Mapping):
        raise wrong_type(where, f"a mapping of {noun} names to values, or None", value)
    for key in value:
        if not isinstance(key, str):
            function, _, parameter = where.rstrip(")").partition("(")
            raise TypeError(
                f"{function}(): the keys of `{parameter}` must be str ({noun} names), "
                f"not {shown(key)}"
            )


__all__ = [
    "bad_value",
    "expect",
    "expect_bool",
    "expect_choice",
    "expect_date",
    "expect_int",
    "expect_mapping",
    "expect_path",
    "expect_paths",
    "shown",
    "wrong_type",
]
