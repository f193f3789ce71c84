"""A ``.json`` fact file's bytes -> its parsed value, read defensively.

The standard library accepts ``NaN``/``Infinity``/``1e400`` and duplicate keys
silently, raises ``RecursionError`` on deep nesting and a bare ``ValueError`` on a
very long integer: the exact reading here (:func:`parse_json`) turns each into a
diagnostic with its line and column. The fast reading (:func:`fast_json`) parses with
``orjson`` (when installed) and then proves that what it returns is what the exact
reading would: no key was dropped as a duplicate (the colons of the input, one per key
plus those inside strings, are counted against orjson's own rendering of what it
read, which has one per key kept), no nesting beyond the limit (read off the
indentation of that rendering), no integer read as a float (orjson does that beyond
64 bits: no run of 19 digits in the input). When any of this is in doubt the exact
reading decides. Never: knows the schema, or returns a value the exact reading
would refuse.
"""

from __future__ import annotations

import codecs
import json
import math
import re
import sys
from collections.abc import Iterable
from typing import Any

import msgspec

from policyengine.diagnostics import Diagnostic, Text, syntax_reason
from policyengine.errors import FactError
from policyengine.facts import catalogue as C
from policyengine.facts.document import parsed_document
from policyengine.facts.messages import show
from policyengine.facts.problems import FileProblems, Reject, not_utf8, too_deep
from policyengine.facts.raw import BOM, MAX_DEPTH, MiB, RawDocument

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a dependency; the standard library still works
    _orjson = None  # type: ignore[assignment]


def json_too_deep(value: object, limit: int) -> bool:
    """Whether parsed JSON nests more than ``limit`` levels (``value`` is level 1).

    Level by level, without recursion; parsed JSON holds only dicts and lists as
    containers and shares none of them, so every container is visited once.
    """
    level: list[Any] = [value] if type(value) is dict or type(value) is list else []
    for _ in range(limit):
        below: list[Any] = []
        for container in level:
            items = container.values() if type(container) is dict else container
            below += [x for x in items if type(x) is dict or type(x) is list]
        if not below:
            return False
        level = below
    return True


VALIDATE_FIRST = 16 * MiB
"""A ``.json`` file larger than this that the typed reading declined is checked for
well-formedness without building anything before it is parsed, so that a malformed
file is refused holding little more than its bytes. (Smaller files get the standard
library's exact message.)"""


def refuse_malformed(data: bytes, name: str) -> None:
    """Refuse a ``.json`` file that is not UTF-8 (E401, at the line of the first bad
    byte, as the whole reading would) or not well-formed JSON: the spot found by msgspec's
    syntax check, which builds no values (the standard library would build every value
    up to the spot, several times the file's size), is E404 in msgspec's words, at its
    line and column. Both checks hold little more than the bytes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for at in range(0, len(data), MiB):  # (a MiB at a time: no copy of the whole)
        try:
            decoder.decode(view[at : at + MiB], final=at + MiB >= len(data))
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, at + exc.start) + 1
            raise FileProblems([not_utf8(f"{name}:{line}")]) from None
    try:
        msgspec.json.decode(data, type=msgspec.Raw)
        return
    except msgspec.DecodeError as exc:
        found = re.search(r"\(byte (\d+)\)$", str(exc))
        spot = int(found[1]) if found else len(data)
        reason = re.sub(r"^JSON is malformed: | \(byte \d+\)$", "", str(exc))
    line = data.count(b"\n", 0, spot) + 1
    column = _characters(data, data.rfind(b"\n", 0, spot) + 1, spot) + 1
    message = reason if found else "the text ends before the JSON does"
    raise FileProblems(
        [
            Diagnostic.of(
                C.INVALID_JSON, location=f"{name}:{line}:{column}", reason=Text.same(message)
            )
        ]
    )


def _characters(data: bytes, start: int, end: int) -> int:
    """The characters of UTF-8 ``data[start:end]``, counted without copying it whole."""
    decoder = codecs.getincrementaldecoder("utf-8")("ignore")
    view = memoryview(data)[start:end]
    return sum(len(decoder.decode(view[at : at + MiB])) for at in range(0, len(view), MiB))


def _pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """``object_pairs_hook``: refuse duplicate keys instead of keeping the last one."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise Reject(C.DUPLICATE_KEY, key=show(key))
            seen.add(key)
    return result


def _constant(text: str) -> float:
    """``parse_constant``: ``NaN``, ``Infinity`` and ``-Infinity`` are not JSON."""
    raise Reject(C.NOT_A_JSON_NUMBER, text=text)


def _float(text: str) -> float:
    """``parse_float``: ``1e400`` would silently become infinity."""
    value = float(text)
    if not math.isfinite(value):
        raise Reject(C.NUMBER_OUT_OF_RANGE, text=text)
    return value


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float)
"""One decoder for every text (``json.loads`` with hooks would build one per call)."""


def loads_checked(text: str) -> object:
    """``json.loads`` with every trap turned into :class:`Reject` (or JSONDecodeError)."""
    try:
        if text.startswith("\ufeff"):  # as json.loads words it
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        return _DECODER.decode(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # the standard library's limit on integer digits
        digits = sys.get_int_max_str_digits()
        raise Reject(C.TOO_MANY_DIGITS, digits=digits) from None
    except RecursionError:
        raise too_deep() from None


def json_syntax(exc: json.JSONDecodeError, name: str, line: int | None = None) -> Diagnostic:
    where = f"{name}:{line}:{exc.colno}" if line is not None else f"{name}:{exc.lineno}:{exc.colno}"
    return Diagnostic.of(C.INVALID_JSON, location=where, reason=syntax_reason(exc.msg))


def parse_json(text: str, name: str) -> RawDocument:
    """The exact reading: the standard library with the hooks above."""
    try:
        data = loads_checked(text)
    except json.JSONDecodeError as exc:
        raise FileProblems([json_syntax(exc, name)]) from None
    except Reject as exc:
        raise FileProblems([exc.diagnostic(name)]) from None
    if json_too_deep(data, MAX_DEPTH):
        raise FileProblems([too_deep().diagnostic(name)])
    try:
        return parsed_document(data, name)
    except FactError as exc:
        raise FileProblems(list(exc.diagnostics)) from None


# The fast reading. orjson returns what the standard library would, except that it
# keeps the last of duplicate keys, nests up to 1024 levels and reads an integer
# beyond 64 bits as a float (it refuses NaN, Infinity and 1e400 by itself). Each of
# these is ruled out below at a fraction of the parse's cost; whatever cannot be
# ruled out sends the file to the exact reading.

_DIGIT_RUNS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
"""``bytes.translate`` table: digits become ``0``, everything else a space."""
_LONG_NUMBER = b"0" * 19
"""After that translation, a run of 19 digits: the shortest integer orjson may read as
a float (below -2**63; from 2**64 up it always does)."""
_DUMP_CHUNK = 4096
"""Records per ``orjson.dumps`` call of the check (bounds its memory)."""
_DEEP = b"\n" + b" " * (2 * (MAX_DEPTH - 1))
"""A line indented this far in ``orjson.dumps(value, option=OPT_INDENT_2)`` of a value at
level 2 (a collection) is inside level 16: something there may be a level-17 container."""


def escaped_colon(data: bytes) -> bool:
    """Whether the text escapes a colon (``\\u003a``), which a count of keys made by
    counting colons cannot tell from a key given twice (shared with the typed reading,
    :mod:`policyengine.facts.fast`)."""
    return data.find(b"\\") >= 0 and (b"\\u003a" in data or b"\\u003A" in data)


def raw_doubts(data: bytes) -> bool:
    """Whether the text holds what orjson's result cannot show: an escaped colon
    (``\\u003a`` would upset the count of keys) or an integer it may have made a float."""
    if escaped_colon(data):
        return True
    step, run = MiB, len(_LONG_NUMBER)
    if len(data) <= step:
        return data.translate(_DIGIT_RUNS).find(_LONG_NUMBER) >= 0
    # A MiB at a time, overlapping by a run's length: no translated copy of the whole.
    return any(
        data[at : at + step + run].translate(_DIGIT_RUNS).find(_LONG_NUMBER) >= 0
        for at in range(0, len(data), step)
    )


def rendered_colons(value: object) -> int | None:
    """The colons orjson writes for ``value``, a value at level 2 (a collection, or the
    list of one collection's records from a JSON Lines file): one per key of every
    mapping inside, plus those inside strings. None when it may nest too deep (then the
    exact reading decides)."""
    assert _orjson is not None
    dumps, indent = _orjson.dumps, _orjson.OPT_INDENT_2
    parts: Iterable[object] = (value,)
    if type(value) is list and len(value) > _DUMP_CHUNK:
        parts = (value[i : i + _DUMP_CHUNK] for i in range(0, len(value), _DUMP_CHUNK))
    total = 0
    for part in parts:
        try:
            text = dumps(part, option=indent)
        except _orjson.JSONEncodeError:  # more than 255 levels
            return None
        if _DEEP in text:
            return None
        total += text.count(b":")
    return total


def fast_json(data: bytes) -> dict[str, object] | None:
    """The document as orjson reads it, when that is provably what the exact reading
    returns; None when orjson is missing, refuses the text, or there is any doubt.

    Colons outside strings are exactly the keys of the text; inside strings they are
    the same characters in the text and in the strings read (no ``\\u003a``). So the
    colons of the text equal the colons of orjson's rendering of its result only if no
    key was lost, i.e. none was a duplicate.
    """
    if _orjson is None or raw_doubts(data):  # (before parsing: less memory at once)
        return None
    text_colons = data.count(b":")
    try:
        value = _orjson.loads(memoryview(data)[3:] if data.startswith(BOM) else data)
    except _orjson.JSONDecodeError:
        return None
    if type(value) is not dict:
        return None
    colons = 0
    for key, item in value.items():
        inside = rendered_colons(item)
        if inside is None:
            return None
        colons += 1 + key.count(":") + inside
    if colons != text_colons:
        return None
    return value
