"""The one error model: everything a library caller can get derives from PolicyError.

Takes the diagnostics a stage found; gives one exception carrying them all
(:class:`~policyengine.diagnostics.Diagnostic` s, so each with its location: a file,
line and column, or a record and field). The CLI prints them and exits 2; it never
shows a traceback unless ``--debug`` is given. An error here never loses a diagnostic
a stage collected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from policyengine import policy_messages as M
from policyengine.diagnostics import LANGS, Diagnostic, Lang, Text, render_all

_LOCATION = re.compile(
    r"(?P<file>.+?)(?::(?P<line>[0-9]+)(?::(?P<column>[0-9]+))?)?(?:: (?P<place>.+))?"
)
_RECORD = re.compile(r"[^\s\[\]]+\[[0-9]+\]")  # accounts[3]
_FIELD = re.compile(r"field `([^`]+)`")


class PolicyError(Exception):
    """Base class of every error policyengine raises on purpose."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        listed = (
            tuple(diagnostics)
            if isinstance(diagnostics, Iterable) and not isinstance(diagnostics, (str, bytes))
            else None
        )
        if listed is None or not all(isinstance(d, Diagnostic) for d in listed):
            raise TypeError(
                f"{type(self).__name__}(): `diagnostics` must be a sequence of Diagnostic, "
                f"not {type(diagnostics).__name__} {diagnostics!r:.60}; for one message "
                f"write {type(self).__name__}.simple(code, zh, en)"
            )
        if not listed:
            raise ValueError("a PolicyError needs at least one diagnostic")
        self.diagnostics: tuple[Diagnostic, ...] = listed
        super().__init__(self.render("en"))

    @classmethod
    def simple(
        cls,
        code: str,
        zh: str,
        en: str,
        *,
        location: str | None = None,
        help: Text | None = None,
    ) -> PolicyError:
        """An error with one diagnostic, from its code and message in both languages."""
        for name, value in (("code", code), ("zh", zh), ("en", en), ("location", location)):
            if not isinstance(value, str) and not (name == "location" and value is None):
                raise TypeError(f"PolicyError.simple(): `{name}` must be a str, not {value!r:.60}")
        if help is not None and not isinstance(help, Text):
            raise TypeError(
                f"PolicyError.simple(): `help` must be a Text or None, not {help!r:.60}"
            )
        return cls([Diagnostic(code, Text(zh, en), location=location, help=help)])

    @property
    def code(self) -> str:
        """The code of the first problem (``E302``), as the catalogue in docs/ lists it."""
        return self.diagnostics[0].code

    @property
    def location(self) -> str:
        """Where the first problem is: ``file:line:column``, or a record and field."""
        return self.diagnostics[0].where()

    def render(self, lang: Lang = "zh") -> str:
        """The problems as the command line prints them (Chinese, or ``en``)."""
        _expect_lang(lang, "render")
        return render_all(list(self.diagnostics), lang)

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        """The first problem as data, for a program that called us (the ``error`` of the
        JSON document ``--format json`` prints when the input cannot be checked): its
        ``code`` and ``message``; where it is, as far as known (``file``, ``line``,
        ``column``; a fact's ``record``, such as ``accounts[3]``, and ``field``, a
        dotted path such as ``certification.verified``), else null; its ``help``; and
        how many ``problems`` were found in all (the rest are on stderr)."""
        _expect_lang(lang, "to_dict")
        first = self.diagnostics[0]
        out: dict[str, Any] = {
            "code": first.code,
            "message": first.message.get(lang),
            "file": None,
            "line": None,
            "column": None,
            "record": None,
            "field": None,
        }
        if first.span is not None:
            out["file"] = first.span.source.name
            out["line"], out["column"] = first.span.line, first.span.column
        elif first.location and (where := _LOCATION.fullmatch(first.location)):
            out["file"] = where["file"]
            out["line"] = int(where["line"]) if where["line"] else None
            out["column"] = int(where["column"]) if where["column"] else None
            place = where["place"]
            if place and _RECORD.fullmatch(place):
                out["record"] = place
            elif place:  # a top-level key (``as_of``, an unknown collection)
                out["field"] = place
        field = _FIELD.search(first.message.en)
        if field:
            out["field"] = field[1]
        if first.help is not None:
            out["help"] = first.help.get(lang)
        out["problems"] = len(self.diagnostics)
        return out


def _expect_lang(lang: object, method: str) -> None:
    # policyengine.arguments raises errors of this module: the check is spelt out here.
    if lang in LANGS:
        return
    if not isinstance(lang, str):
        raise TypeError(f"PolicyError.{method}(): `lang` must be 'zh' or 'en', not {lang!r:.60}")
    raise ArgumentError(
        [
            Diagnostic.of(
                M.BAD_ARGUMENT,
                function=f"PolicyError.{method}",
                parameter="lang",
                expected=M.ZH_OR_EN,
                given=format(repr(lang), ".60"),
            )
        ]
    )


class PolicySyntaxError(PolicyError):
    """The policy text does not parse (E1xx)."""


class PolicyCheckError(PolicyError):
    """The policy parses but names or types are wrong (E2xx, E3xx)."""


class FactError(PolicyError):
    """A fact file is malformed or does not match the policy's schema (E4xx)."""


class CalendarError(PolicyError):
    """A calendar file is malformed, or a date lies outside the known years (E5xx)."""


class UsageError(PolicyError):
    """Bad command-line arguments or library arguments (E6xx)."""


class ArgumentError(UsageError, ValueError):
    """A library argument of the right type whose value the function cannot take
    (E609): an unknown output format, a negative step budget. It is also a
    :class:`ValueError`, as Python's own functions raise for such a value; an argument
    of the wrong type raises a plain :class:`TypeError`."""


class EvaluationError(PolicyError):
    """A parameter value or another run-time input makes the policy unusable (E7xx)."""
