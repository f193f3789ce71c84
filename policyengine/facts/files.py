"""One fact file -> a raw document: its bytes read within its format's limit, its
first bytes sniffed, then the reader of its suffix.

Takes a path (and the typed reader, which may take JSON and JSON Lines straight to
valid records); gives a :class:`RawDocument` that can find its records' fields again
for a message, or :class:`~policyengine.facts.problems.FileProblems`. Never: reads
more than the format's limit, or parses a file that cannot begin as its format.
"""

from __future__ import annotations

import codecs
from collections.abc import Collection
from pathlib import Path

import yaml

from policyengine import inputs, positions
from policyengine.diagnostics import Diagnostic, os_reason, syntax_reason
from policyengine.errors import FactError
from policyengine.facts import catalogue as C
from policyengine.facts.document import parsed_document
from policyengine.facts.jsonfile import VALIDATE_FIRST, fast_json, parse_json, refuse_malformed
from policyengine.facts.jsonlines import jsonl_fields, read_jsonl
from policyengine.facts.problems import FileProblems, byte_size, fail, not_utf8, too_large
from policyengine.facts.raw import (
    BOM,
    MAX_JSON_BYTES,
    MAX_YAML_BYTES,
    FieldLocate,
    MiB,
    RawDocument,
    TypedReader,
)
from policyengine.facts.yamlfile import parse_yaml, yaml_error
from policyengine.positions import Place


def read_file(path: Path, typed: TypedReader | None = None) -> RawDocument:
    doc = read_one(path, typed)
    doc.find_fields_with(_field_locator(path))
    return doc


def _field_locator(path: Path) -> FieldLocate:
    """Finds the fields of a file's records by reading it again, when a message asks."""
    suffix = path.suffix.lower()

    def locate(doc: RawDocument, places: Collection[Place]) -> dict[Place, tuple[int, int]]:
        try:
            if suffix == ".jsonl":
                return jsonl_fields(path, doc, places)
            limit = MAX_YAML_BYTES if suffix in (".yaml", ".yml") else _MAX_JSON_LOCATED
            text = inputs.read_limited(path, limit).decode("utf-8-sig")
        except (OSError, inputs.TooLarge, UnicodeDecodeError):
            return {}
        if suffix == ".json":
            return positions.json_positions(text, places)
        return positions.yaml_positions(text, places)

    return locate


_MAX_JSON_LOCATED = 64 * MiB
"""A larger ``.json`` file is not read again to find fields: its messages name the
record only (JSON Lines, read line by line, has no such limit)."""


def read_one(path: Path, typed: TypedReader | None, name: str | None = None) -> RawDocument:
    name = name or str(path)
    suffix = path.suffix.lower()
    limit = MAX_YAML_BYTES if suffix in (".yaml", ".yml") else MAX_JSON_BYTES
    try:
        if suffix == ".jsonl":  # read incrementally: a limit per line and per file
            doc = typed.jsonl_document(path, name) if typed is not None else None
            return doc if doc is not None else read_jsonl(path, name)
        sniff = json_start if suffix == ".json" else yaml_start
        data = inputs.read_limited(path, limit, lambda start: sniff(start, name))
    except inputs.TooLarge as exc:
        if suffix == ".jsonl":
            raise fail(C.JSONL_TOO_LARGE, name, limit=byte_size(exc.limit)) from None
        raise too_large(name, exc.seen, limit, suffix) from None
    except OSError as exc:
        raise fail(C.CANNOT_READ, name, reason=os_reason(exc)) from None
    if suffix == ".json" and typed is not None:
        decoded = typed.decode_json(data)
        if decoded is not None:
            return typed.json_document(decoded, name)
    if suffix == ".json" and len(data) > VALIDATE_FIRST:
        refuse_malformed(data, name)
    if suffix == ".json":
        parsed = fast_json(data)
        if parsed is not None:
            del data
            try:
                return parsed_document(parsed, name)
            except FactError as exc:
                raise FileProblems(list(exc.diagnostics)) from None
    try:
        text = data.decode("utf-8-sig")  # a leading byte-order mark is harmless: drop it
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileProblems([not_utf8(f"{name}:{line}")]) from None
    del data
    if suffix == ".json":
        return parse_json(text, name)
    return parse_yaml(text, name)


_JSON_STARTS = frozenset(b'{["-0123456789tfnNI')
"""The bytes a JSON value can begin with (``N``, ``I``: ``NaN``, ``Infinity``, E409)."""
_JSON_SPACE = b" \t\n\r"


def _first_bad_utf8(start: bytes) -> int | None:
    """The offset of the first byte of ``start`` that is not UTF-8 (a character cut
    off at its end is not bad: the rest of it is further on)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def json_start(start: bytes, name: str) -> None:
    """Refuse a ``.json`` file from its first bytes when they cannot begin JSON text,
    with the diagnostic the whole reading would give, before reading the rest."""
    if start.startswith(BOM):
        start = start[3:]
    at = len(start) - len(start.lstrip(_JSON_SPACE))
    if at == len(start) or start[at] in _JSON_STARTS:
        return
    bad = _first_bad_utf8(start)
    line = start.count(b"\n", 0, at) + 1
    if bad is not None and bad <= at:
        raise FileProblems([not_utf8(f"{name}:{line}")])
    column = at - (start.rfind(b"\n", 0, at) + 1) + 1
    raise FileProblems(
        [
            Diagnostic.of(
                C.INVALID_JSON,
                location=f"{name}:{line}:{column}",
                reason=syntax_reason("Expecting value"),
            )
        ]
    )


def yaml_start(start: bytes, name: str) -> None:
    """Refuse a YAML file from its first bytes when they are not UTF-8 text YAML allows,
    with the diagnostic the whole reading would give, before reading the rest."""
    bad = _first_bad_utf8(start)
    if bad is not None:
        line = start.count(b"\n", 0, bad) + 1
        raise FileProblems([not_utf8(f"{name}:{line}")])
    text = start.decode("utf-8-sig", "ignore")
    control = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if control is not None:
        exc = yaml.reader.ReaderError(
            name, control.start(), ord(control[0]), "unicode", "control characters are not allowed"
        )
        raise FileProblems([yaml_error(exc, name, text)])
