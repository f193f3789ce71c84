"""Standard input as a fact file: ``-`` among the facts paths.

Takes the stream and ``--input-format`` (else the format is told from its first
bytes, :func:`sniff_format`); gives a raw document named ``<stdin>``, read as a file
of that format would be, whose fields are found in the bytes kept. Never: reads past
the format's limit or reads the stream twice.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Collection
from pathlib import Path

from policyengine import inputs, positions
from policyengine.facts.files import read_one
from policyengine.facts.problems import fail, too_large
from policyengine.facts.raw import (
    AS_OF,
    BOM,
    MAX_JSON_BYTES,
    MAX_JSONL_BYTES,
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
    stream = sys.stdin.buffer
    kind = input_format or "yaml"
    try:
        data = stream.read(inputs.SNIFF_BYTES) or b""
        if not data:
            raise fail("E400", "标准输入是空的", "standard input is empty", STDIN_NAME)
        kind = input_format or sniff_format(data)
        limit = {"yaml": MAX_YAML_BYTES, "json": MAX_JSON_BYTES}.get(kind, MAX_JSONL_BYTES)
        if len(data) > limit:
            raise inputs.TooLarge(limit, len(data))
        if len(data) == inputs.SNIFF_BYTES:  # there may be more
            data += inputs.read_stream(stream, limit - len(data))
    except inputs.TooLarge as exc:
        raise too_large(STDIN_NAME, exc.seen + len(data), exc.limit, _FORMAT_SUFFIX[kind]) from None
    except OSError as exc:
        if "nothing to read" not in str(exc):  # (the rest was empty: all was read)
            reason = exc.strerror or str(exc)
            raise fail(
                "E400",
                f"无法读取标准输入：{reason}",
                f"cannot read standard input: {reason}",
                STDIN_NAME,
            ) from None
    suffix = _FORMAT_SUFFIX[kind]
    with tempfile.TemporaryDirectory(prefix="policyengine-") as folder:
        path = Path(folder) / f"stdin{suffix}"
        path.write_bytes(data)
        doc = read_one(path, typed, STDIN_NAME)
        _ = doc.lines  # (found now, while the file is there)
    doc.find_fields_with(lambda doc, places: _fields_in(data, suffix, doc, places))
    return doc


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
