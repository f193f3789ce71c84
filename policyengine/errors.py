"""The one error model: everything a library caller can get derives from PolicyError.

Each error carries one or more :class:`~policyengine.diagnostics.Diagnostic` s, and
so its location (a file, line and column, or a record and field). The CLI prints
them and exits 2; it never shows a traceback unless ``--debug`` is given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from policyengine.diagnostics import Diagnostic, Lang, Text, render_all

_LOCATION = re.compile(
    r"(?P<file>.+?)(?::(?P<line>[0-9]+)(?::(?P<column>[0-9]+))?)?(?:: (?P<place>.+))?"
)
_RECORD = re.compile(r"[^\s\[\]]+\[[0-9]+\]")  # accounts[3]
_FIELD = re.compile(r"field `([^`]+)`")


class PolicyError(Exception):
    """Base class of every error policyengine raises on purpose."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        if not diagnostics:
            raise ValueError("a PolicyError needs at least one diagnostic")
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
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
        return render_all(list(self.diagnostics), lang)

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        """The first problem as data, for a program that called us (the ``error`` of the
        JSON document ``--format json`` prints when the input cannot be checked): its
        ``code`` and ``message``; where it is, as far as known (``file``, ``line``,
        ``column``; a fact's ``record``, such as ``accounts[3]``, and ``field``, a
        dotted path such as ``certification.verified``), else null; its ``help``; and
        how many ``problems`` were found in all (the rest are on stderr)."""
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


class EvaluationError(PolicyError):
    """A parameter value or another run-time input makes the policy unusable (E7xx)."""
