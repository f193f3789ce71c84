"""Standard input as a fact file (``-`` among the facts paths), and a pipe given as a
path without a fact file's suffix (a shell's ``<(…)``), which can be read only once.

Takes the stream and ``--input-format`` (else the format is told from its first
bytes, :func:`sniff_format`); gives a raw document named ``<stdin>`` or by its path,
read as a file of that format would be, whose fields are found in the bytes kept.
Never: reads past the format's limit (for JSON Lines, past a line over its limit) or
reads the stream twice (the typed reader may decline a text that the exact reader
must then read again: both read the bytes kept).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Collection
from pathlib import Path
from typing import BinaryIO

from policyengine import inputs, positions
from policyengine.diagnostics import os_reason
from policyengine.facts import catalogue as C
from policyengine.facts.files import json_start, read_one, yaml_start
from policyengine.facts.problems import FileProblems, fail, too_large
from policyengine.facts.raw import (
    AS_OF,
    BOM,
    MAX_JSON_BYTES,
    MAX_JSONL_BYTES,
    MAX_JSONL_LINE_BYTES,
    MAX_YAML_BYTES,
    RawDocument,
    TypedReader,
)
from policyengine.positions import Place

STDIN = "-"
"""The facts path that means standard input."""
STDIN_NAME = "<stdin>"
INPUT_FORMATS = ("json", "jsonl", "yaml")
"""What standard input may hold (``--input-format``); without one it is told from its
first bytes (:func:`sniff_format`)."""
_FORMAT_SUFFIX = {"json": ".json", "jsonl": ".jsonl", "yaml": ".yaml"}


def sniff_format(start: bytes) -> str:
    """``json``, ``jsonl`` or ``yaml``, from the first bytes of a facts text: JSON Lines
    when the first line is a whole object of one collection's record (or ``as_of``),
    JSON when it begins with ``{`` or ``[`` otherwise, else YAML (a YAML flow mapping
    ``{units: …}`` on the first line needs ``--input-format yaml``)."""
    text = start[3:] if start.startswith(BOM) else start
    text = text.lstrip(b" \t\r\n")
    if text[:1] == b"[":
        return "json"
    if text[:1] != b"{":
        return "yaml"
    try:
        first = json.loads(text.split(b"\n", 1)[0])
    except ValueError:
        return "json"
    if isinstance(first, dict) and len(first) == 1:
        ((key, value),) = first.items()
        if key == AS_OF or isinstance(value, dict):
            return "jsonl"
    return "json"


def read_stdin(typed: TypedReader | None, input_format: str | None) -> RawDocument:
    """Standard input, read as far as its format's limit, then read as a file of that
    format would be (named ``<stdin>``); its fields are found in the bytes kept."""
    empty = fail(C.STDIN_EMPTY, STDIN_NAME)
    if sys.stdin is None:  # the process started without one (``<&-``)
        raise fail(C.STDIN_CLOSED, STDIN_NAME)
    return _read_stream(sys.stdin.buffer, typed, input_format, STDIN_NAME, empty)


def read_pipe(path: Path, typed: TypedReader | None, input_format: str | None) -> RawDocument:
    """A fact path without a fact file's suffix that is not a regular file (a shell's
    ``<(…)``, ``/dev/stdin``), read as standard input is, as ``input_format`` says."""
    name = str(path)
    try:
        stream = inputs.open_limited(path, MAX_JSONL_BYTES)
    except OSError as exc:
        raise fail(C.CANNOT_READ, name, reason=os_reason(exc)) from None
    empty = fail(C.CANNOT_READ, name, reason=os_reason(inputs.nothing_to_read(name)))
    with stream:
        return _read_stream(stream, typed, input_format, name, empty)


def _read_stream(
    stream: BinaryIO,
    typed: TypedReader | None,
    input_format: str | None,
    name: str,
    empty: FileProblems,
) -> RawDocument:
    kind = input_format or "yaml"
    data = b""
    try:
        data = stream.read(inputs.SNIFF_BYTES) or b""
        if not data:
            raise empty
        kind = input_format or sniff_format(data)
        (yaml_start if kind == "yaml" else json_start)(data, name)  # before reading on
        limit = {"yaml": MAX_YAML_BYTES, "json": MAX_JSON_BYTES}.get(kind, MAX_JSONL_BYTES)
        if len(data) > limit:
            raise inputs.TooLarge(limit, len(data))
        if len(data) == inputs.SNIFF_BYTES:  # there may be more
            data += _rest(stream, limit - len(data), data if kind == "jsonl" else None)
    except inputs.TooLarge as exc:
        raise too_large(name, exc.seen + len(data), exc.limit, _FORMAT_SUFFIX[kind]) from None
    except OSError as exc:
        if "nothing to read" not in str(exc):  # (the rest was empty: all was read)
            unread = C.CANNOT_READ_STDIN if name == STDIN_NAME else C.CANNOT_READ
            raise fail(unread, name, reason=os_reason(exc)) from None
        if not data:
            raise empty from None
    suffix = _FORMAT_SUFFIX[kind]
    with tempfile.TemporaryDirectory(prefix="policyengine-") as folder:
        path = Path(folder) / f"stdin{suffix}"
        path.write_bytes(data)
        doc = read_one(path, typed, name)
        _ = doc.lines  # (found now, while the file is there)
    doc.find_fields_with(lambda doc, places: _fields_in(data, suffix, doc, places))
    return doc


def _rest(stream: BinaryIO, limit: int, lines_after: bytes | None) -> bytes:
    """The rest of a stream, at most ``limit`` bytes. For JSON Lines (``lines_after``:
    the bytes read before) the reading stops at the first line over
    :data:`MAX_JSONL_LINE_BYTES`: the JSON Lines reader then refuses that line (E402)
    without the rest having been held in memory."""
    if lines_after is None:
        return inputs.read_stream(stream, limit)
    parts: list[bytes] = []
    total = 0
    line = len(lines_after) - lines_after.rfind(b"\n") - 1  # the open line's bytes
    while chunk := stream.read(min(inputs.SNIFF_BYTES, limit + 1 - total) or 1):
        total += len(chunk)
        if total > limit:
            raise inputs.TooLarge(limit, total)
        parts.append(chunk)
        first, last = chunk.find(b"\n"), chunk.rfind(b"\n")
        if first < 0:
            line += len(chunk)
        elif line + first > MAX_JSONL_LINE_BYTES:
            break
        else:
            line = len(chunk) - last - 1
        if line > MAX_JSONL_LINE_BYTES:
            break
    return b"".join(parts)


def _fields_in(
    data: bytes, suffix: str, doc: RawDocument, places: Collection[Place]
) -> dict[Place, tuple[int, int]]:
    """:func:`_field_locator` for bytes kept in memory (standard input)."""
    text = data.decode("utf-8-sig", "replace")
    if suffix == ".json":
        return positions.json_positions(text, places)
    if suffix != ".jsonl":
        return positions.yaml_positions(text, places)
    found: dict[Place, tuple[int, int]] = {}
    lines = text.split("\n")
    for collection, position, path in places:
        numbers = doc.lines.get(collection)
        if numbers is None or position >= len(numbers) or numbers[position] > len(lines):
            continue
        number = numbers[position]
        at = positions.json_positions(lines[number - 1], {(collection, 0, path)}, line=number)
        if (collection, 0, path) in at:
            found[(collection, position, path)] = at[(collection, 0, path)]
    return found
