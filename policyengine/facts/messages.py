"""The words of every problem found in facts: the diagnostics of E42x and E43x.

Takes what the checks found (a problem, a record, a place); gives a
:class:`~policyengine.diagnostics.Diagnostic` in Chinese and English, worded by the
variants of :mod:`policyengine.facts.catalogue` (this module fills them in; it spells
no sentence itself). Messages are built only for the records that fail, never for
valid ones; this module never decides whether something is a problem.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from collections.abc import Mapping, Sequence

import attrs

from policyengine.codes import Message, Words
from policyengine.diagnostics import Diagnostic, Text
from policyengine.facts import catalogue as C
from policyengine.facts.raw import AS_OF, RawDocument, YamlBool, YamlFloat, YamlInt, YamlScalar

SUGGEST_REFS = 20  # fuzzy-matching a missing id against a large index is slow: only this many
SUGGEST_AMONG = 10_000  # ... and only among this many ids


def show(value: object, limit: int = 60) -> str:
    """A value as the user wrote it, roughly: ``"abc"``, ``false``, ``750``, ``2024-01-05``."""
    if isinstance(value, YamlScalar):
        text = str(value)  # written without quotes
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif value is None or isinstance(value, bool):
        text = json.dumps(value)
    elif isinstance(value, int):
        if value.bit_length() < 200:
            text = str(value)
        elif value.bit_length() < 14_000:  # (str() refuses more than 4,300 digits)
            text = f"{str(value)[:20]}…"
        else:
            text = f"<an integer of about {value.bit_length() * 30103 // 100000:,} digits>"

    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, datetime.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        return describe(value).en
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    # Lone surrogates (valid in JSON escapes) would break printing the message.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


_SHOWN: tuple[tuple[type | tuple[type, ...], Words], ...] = (
    ((bool, YamlBool), C.A_BOOLEAN),  # (before int: a bool is an int in Python)
    ((int, YamlInt), C.AN_INTEGER),
    ((float, YamlFloat), C.A_NUMBER),
    (str, C.A_STRING),
    (datetime.datetime, C.A_DATE_TIME),  # (before date: a datetime is a date)
    (datetime.date, C.A_DATE),
)


def describe(value: object) -> Text:
    """What a value is, for "expected X, got Y": ``the boolean false`` / ``布尔值 false``."""
    for kinds, words in _SHOWN:
        if isinstance(value, kinds):
            return words(value=show(value))
    if value is None:
        return Text.same("null")
    if isinstance(value, Mapping):
        return C.A_MAPPING
    if isinstance(value, list | tuple):
        return C.A_LIST
    return C.A_VALUE_OF_TYPE(name=type(value).__name__)


def listing(items: Sequence[str]) -> Text:
    """Names listed as each language lists them: ``a、b`` / ``a, b``."""
    return Text(C.LIST_SEPARATOR.zh.join(items), C.LIST_SEPARATOR.en.join(items))


class BadValue(Exception):
    """A value failed its converter; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems
        self.kind: str | None = None  # the record's kind, set once it is known


@attrs.frozen
class Problem:
    code: str
    path: str  # dotted field path; "" for the record itself
    message: Text  # "expected a string, got ..." (after "field `x`: ") or a whole sentence
    help: Text | None = None
    about_field: bool = True  # False: message names the field itself ("missing field `x`")

    @classmethod
    def of(
        cls,
        message: Message,
        path: str,
        /,
        *,
        help: Text | None = None,
        about_field: bool = True,
        **args: object,
    ) -> Problem:
        """``message`` with the user's words ``args``; its own help line unless the
        raise site gives one (a near name)."""
        if help is None and message.help is not None:
            help = message.help(**args)
        return cls(message.code, path, message.words(**args), help, about_field)


def wrong_type(path: str, value: object, expected: Text, help: Text | None = None) -> BadValue:
    return BadValue(
        [Problem.of(C.WRONG_TYPE, path, help=help, expected=expected, got=describe(value))]
    )


def scalar_not_text(value: object) -> bool:
    """Values that text must be quoted to be (in JSON, or from a library caller)."""
    return isinstance(value, bool | int | float | datetime.date)


def suggestion(word: str, choices: Sequence[str]) -> Text | None:
    close = difflib.get_close_matches(word, choices, n=1)
    if not close:
        return None
    return C.DID_YOU_MEAN(near=close[0])


def missing_field(path: str, null: bool) -> Problem:
    return Problem.of(C.FIELD_NULL if null else C.FIELD_MISSING, path, about_field=False, path=path)


def blank_field(path: str, value: object) -> Problem:
    """A required text field whose value is blank, which is read as no value (see
    :func:`policyengine.facts.typed.blank`)."""
    return Problem.of(C.FIELD_BLANK, path, value=show(value))


SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone surrogate: half of a UTF-16 pair, which a JSON escape (``\\ud800``) can write
but no UTF-8 text can hold; Python keeps one in a str, other programs cannot."""


def lone_surrogate(text: str, path: str, *, key: bool = False) -> Problem:
    """The problem of a string (or a field name, with ``key``) holding a lone surrogate."""
    found = SURROGATE.search(text)
    assert found is not None  # INVARIANT: called only for text SURROGATE finds
    return Problem.of(
        C.SURROGATE_IN_KEY if key else C.SURROGATE_IN_TEXT,
        path,
        about_field=not key,
        name=show(text),
        escape=f"\\u{ord(found[0]):04x}",
        position=found.start() + 1,
    )


def key_not_text(key: object, path: str) -> Problem:
    message = C.KEY_NOT_TEXT_IN if path else C.KEY_NOT_TEXT
    return Problem.of(message, path, about_field=False, key=show(key), path=path)


def with_strict_hint(near: Text | None) -> Text:
    """The help of an undeclared-field warning: the nearest declared field, and that
    ``--strict`` (``strict=True``) refuses such fields instead of ignoring them."""
    if near is None:
        return C.STRICT_HINT
    return C.NEAR_AND_STRICT(near=near, strict=C.STRICT_HINT)


def record_diagnostic(problem: Problem, subject: str, where: str) -> Diagnostic:
    if problem.about_field and problem.path:
        text = C.RECORD_FIELD(subject=subject, path=problem.path, problem=problem.message)
    else:
        text = C.RECORD(subject=subject, problem=problem.message)
    return Diagnostic(problem.code, text, location=where, help=problem.help)


def as_of_disagrees(
    first: tuple[datetime.date, str], date: datetime.date, doc: RawDocument
) -> Diagnostic:
    return Diagnostic.of(
        C.AS_OF_DIFFERS,
        location=doc.where(AS_OF, None),
        first=first[0],
        first_file=first[1],
        date=date,
        file=doc.source,
    )


def too_many_problems(count: int) -> Diagnostic:
    return Diagnostic.of(C.TOO_MANY_PROBLEMS, count=count)
