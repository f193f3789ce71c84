"""A ``.jsonl`` fact file -> a raw document, one ``{"collection": record}`` per line.

Takes a path; gives a :class:`RawDocument` (fast: orjson, proved as for JSON in
:mod:`~policyengine.facts.jsonfile`, with the lines of records found again only when
a message needs one; exact: line by line with the standard library, every bad line
named), and :func:`regions`, the file a block of whole lines at a time, which the
typed reading (:mod:`~policyengine.facts.fast`) shares. Never: holds a line over
:data:`MAX_JSONL_LINE_BYTES`, or knows the schema.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import IO

from policyengine import inputs, positions
from policyengine.diagnostics import Diagnostic
from policyengine.facts import catalogue as C
from policyengine.facts.jsonfile import (
    json_syntax,
    json_too_deep,
    loads_checked,
    raw_doubts,
    rendered_colons,
)
from policyengine.facts.messages import describe, show
from policyengine.facts.problems import FileProblems, Reject, byte_size, not_utf8, too_deep
from policyengine.facts.raw import (
    AS_OF,
    BOM,
    MAX_DEPTH,
    MAX_JSONL_BYTES,
    MAX_JSONL_LINE_BYTES,
    Locate,
    MiB,
    RawDocument,
)
from policyengine.positions import Place

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a dependency; the standard library still works
    _orjson = None  # type: ignore[assignment]


_BLOCK = MiB // 4
"""JSON Lines are read 256 KiB at a time: the typed reading makes several passes over
each block (escapes, colons, line starts, newlines, decoding), which run from the
processor's cache when the block fits in it (``benchmarks/README.md`` has the figures)."""
_FIRST_KEY = re.compile(rb'[ \t\r]*\{[ \t\r]*"([^"\\]*)"')


class LineTooLong(Exception):
    """A JSON Lines line over :data:`MAX_JSONL_LINE_BYTES`."""


def regions(stream: IO[bytes]) -> Iterator[bytes]:
    """A file a block at a time, as whole lines: the block's text without its last
    ``\\n`` (the file's first without a byte-order mark). Raises
    :class:`LineTooLong` at a line over the limit, before reading all of it."""
    limit = MAX_JSONL_LINE_BYTES
    carry = b""
    first = True
    while True:
        block = stream.read(_BLOCK)
        if block:
            buffer = carry + block if carry else block
            cut = buffer.rfind(b"\n") + 1
            if cut and not carry and len(block) - cut <= limit and stream.seekable():
                # The partial last line is read again with the next block rather than
                # carried over: no copy of the block to put it in front.
                region = buffer[: cut - 1]
                stream.seek(cut - len(block), io.SEEK_CUR)
            else:
                region, carry = buffer[: cut - 1], buffer[cut:]
            if len(carry) > limit:
                raise LineTooLong
            if not cut:
                continue
        elif carry:
            region, carry = carry, b""
        else:
            return
        # Every line fits when each window of limit + 1 bytes from a line's start holds
        # a newline: jumping to the last one in each window takes a few steps per block.
        start = 0
        while len(region) - start > limit:
            newline = region.rfind(b"\n", start, start + limit + 1)
            if newline < 0:
                raise LineTooLong
            start = newline + 1
        if first:
            first = False
            if region.startswith(BOM):
                region = region[3:]
        yield region


def _blocks(stream: IO[bytes]) -> Iterator[tuple[bytes, list[bytes]]]:
    """:func:`regions` with their lines (without their ``\\n``)."""
    for region in regions(stream):
        yield region, region.split(b"\n")


def read_jsonl(path: Path, name: str) -> RawDocument:
    """One ``{"collection": record}`` object per line.

    A path that is not a regular file (a named pipe) can be read only once: by the
    exact reader, which never declines, since the fast one may."""
    if _orjson is not None and path.is_file():
        doc = _fast_jsonl(path, name)
        if doc is not None:
            return doc
    return _exact_jsonl(path, name)


def _fast_jsonl(path: Path, name: str) -> RawDocument | None:
    """The fast reading of a JSON Lines file (see :func:`fast_json`), or None when any
    line is in doubt: then :func:`_exact_jsonl` reads it again and names every problem.

    Only the records are kept, not a line number per record: those are found again
    when a message needs one.
    """
    assert _orjson is not None
    loads, error = _orjson.loads, _orjson.JSONDecodeError
    collections: dict[str, list[object]] = {}
    text_colons = 0
    last: object = None  # the key of the previous line, and its list's append
    append: Callable[[object], None] = list[object]().append
    with inputs.open_limited(path, MAX_JSONL_BYTES) as stream:
        try:
            for text, lines in _blocks(stream):
                if raw_doubts(text):
                    return None
                text_colons += text.count(b":")
                for line in lines:
                    try:
                        obj = loads(line)
                    except error:
                        if line.strip():
                            return None
                        continue  # a blank line
                    if type(obj) is not dict or len(obj) != 1:
                        return None
                    key, value = obj.popitem()
                    if key is not last:  # (orjson reuses the str of a key it has seen)
                        records = collections.get(key)
                        if records is None:
                            records = collections[key] = []
                        append, last = records.append, key
                    append(value)
        except LineTooLong:
            return None
    return _fast_jsonl_document(name, path, collections, text_colons)


def _fast_jsonl_document(
    name: str, path: Path, collections: dict[str, list[object]], text_colons: int
) -> RawDocument | None:
    as_of = collections.pop(AS_OF, None)
    if as_of and any(v != as_of[0] for v in as_of):
        return None  # the exact reading names the line
    colons = 0
    for key, records in ((AS_OF, as_of or []), *collections.items()):
        inside = rendered_colons(records)
        if inside is None:
            return None
        colons += len(records) * (1 + key.count(":")) + inside
    if colons != text_colons:
        return None
    counts = {key: len(records) for key, records in collections.items()}
    return RawDocument(
        name, collections, as_of=as_of[0] if as_of else None, locate=jsonl_locator(path, counts)
    )


def jsonl_locator(path: Path, counts: dict[str, int]) -> Locate:
    """Finds the line of every record (and of each key's first record) of a JSON Lines
    file read by :func:`_fast_jsonl`, by reading it again; None if it has changed."""

    def locate() -> tuple[dict[str, list[int]], dict[str, int]] | None:
        lines: dict[str, list[int]] = {}
        key_lines: dict[str, int] = {}
        number = 0
        try:
            with inputs.open_limited(path, MAX_JSONL_BYTES) as stream:
                for _, block in _blocks(stream):
                    for line in block:
                        number += 1
                        if not line.strip():
                            continue
                        match = _FIRST_KEY.match(line)
                        if match:
                            key = match[1].decode("utf-8")
                        else:
                            obj = json.loads(line)
                            if type(obj) is not dict or len(obj) != 1:
                                return None
                            (key,) = obj
                        if key not in key_lines:
                            key_lines[key] = number
                            if key != AS_OF:
                                lines[key] = []
                        if key != AS_OF:
                            lines[key].append(number)
        except (OSError, ValueError, KeyError, LineTooLong, inputs.TooLarge):
            return None
        if {key: len(found) for key, found in lines.items()} != counts:
            return None
        return lines, key_lines

    return locate


def _exact_jsonl(path: Path, name: str) -> RawDocument:
    """The exact reading of a JSON Lines file: line by line with the standard library,
    so that every bad line (a bad byte, bad JSON, a trap, a line too long) is reported
    with its number while the other lines are still checked."""
    doc = RawDocument(name)
    problems: list[Diagnostic] = []
    as_of_line = 0
    limit = MAX_JSONL_LINE_BYTES
    with inputs.open_limited(path, MAX_JSONL_BYTES) as stream:
        number = 0
        while True:
            raw = stream.readline(limit + 1)
            if not raw:
                break
            number += 1
            where = f"{name}:{number}"
            if len(problems) >= _MAX_BAD_LINES:
                problems.append(_gave_up(where))
                break
            if len(raw) > limit and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                    raw = stream.readline(_BLOCK)
                problems.append(line_too_long(where))
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                problems.append(not_utf8(where))
                continue
            if not line.strip():
                continue
            try:
                obj = loads_checked(line)
            except json.JSONDecodeError as exc:
                problems.append(json_syntax(exc, name, number))
                continue
            except Reject as exc:
                problems.append(exc.diagnostic(where))
                continue
            if not isinstance(obj, dict) or len(obj) != 1:
                problems.append(_jsonl_shape(obj, where))
                continue
            ((key, value),) = obj.items()
            if json_too_deep(value, MAX_DEPTH - 2):
                problems.append(too_deep().diagnostic(where))
            elif key == AS_OF:
                if as_of_line and value != doc.as_of:
                    problems.append(_as_of_twice(doc, as_of_line, value, where))
                elif not as_of_line:
                    doc.as_of, as_of_line = value, number
                    doc.key_lines[AS_OF] = number
            else:
                records = doc.collections.get(key)
                if records is None:
                    records = doc.collections[key] = []
                    doc.lines[key] = []
                    doc.key_lines[key] = number
                records.append(value)
                doc.lines[key].append(number)
    if problems:
        raise FileProblems(problems)
    return doc


_MAX_BAD_LINES = 100
"""Bad lines reported before reading stops: more means the file is not JSON Lines (a
device or a pipe of random bytes would otherwise be read to its limit)."""


def _gave_up(where: str) -> Diagnostic:
    return Diagnostic.of(C.GAVE_UP, location=where, count=_MAX_BAD_LINES)


def _jsonl_shape(obj: object, where: str) -> Diagnostic:
    return Diagnostic.of(
        C.JSONL_LINE_SHAPE,
        location=where,
        help=C.KEYS_ON_THE_LINE(count=len(obj)) if isinstance(obj, dict) else None,
        got=describe(obj),
    )


def _as_of_twice(doc: RawDocument, first_line: int, value: object, where: str) -> Diagnostic:
    return Diagnostic.of(
        C.AS_OF_DIFFERS_BY_LINE,
        location=where,
        line=first_line,
        first=show(doc.as_of),
        value=show(value),
    )


def line_too_long(location: str) -> Diagnostic:
    size = byte_size(MAX_JSONL_LINE_BYTES)
    return Diagnostic.of(C.LINE_TOO_LONG, location=location, size=size)


def jsonl_fields(
    path: Path, doc: RawDocument, places: Collection[Place]
) -> dict[Place, tuple[int, int]]:
    """The places of a JSON Lines file, each found on its record's line."""
    by_line: dict[int, list[Place]] = {}
    for place in places:
        lines = doc.lines.get(place[0])
        if lines is not None and place[1] < len(lines):
            by_line.setdefault(lines[place[1]], []).append(place)
    found: dict[Place, tuple[int, int]] = {}
    with inputs.open_limited(path, MAX_JSONL_BYTES) as stream:
        for number, raw in enumerate(stream, 1):
            wanted = by_line.pop(number, None)
            if wanted is None:
                continue
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8", "replace")
            at = positions.json_positions(text, {(c, 0, f) for c, _, f in wanted}, line=number)
            found.update({(c, p, f): at[(c, 0, f)] for c, p, f in wanted if (c, 0, f) in at})
            if not by_line:
                break
    return found
