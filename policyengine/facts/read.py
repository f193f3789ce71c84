"""Fact files -> raw documents: JSON, JSON Lines and YAML, read defensively.

This module knows file formats, not the schema: it turns each file into a
:class:`RawDocument` (per top-level key, the raw records in file order and, where
it is cheap to know, the line of each record) and leaves every check on fields to
:mod:`policyengine.facts.validate`. What it does guard against are the traps of the parsers
themselves (``docs/errors-facts.md``):

* JSON: ``NaN``/``Infinity``/``1e400`` and duplicate keys are accepted silently by
  the standard library, deep nesting raises ``RecursionError`` and a very long
  integer a bare ``ValueError``. ``.json`` and ``.jsonl`` are parsed with ``orjson``
  (when installed), which is several times faster, and what it returns is then
  proved to be what the standard library with our hooks would return: no key was
  dropped as a duplicate (the colons of the input, one per key plus those inside
  strings, are counted against orjson's own rendering of what it read, which has
  one per key kept), no nesting beyond the limit (read off the indentation of that
  rendering), no integer read as a float (orjson does that beyond 64 bits: no run
  of 19 digits in the input). When any of this is in doubt, or orjson refuses the
  input, the file is read again with the standard library and its hooks, which
  give the exact message, line and column.
* YAML: read as YAML 1.2 reads it, not as PyYAML's YAML 1.1 (where ``on:`` is the
  key ``True``, ``no`` false, ``010`` eight and ``2024-01-05`` a date): keys are text
  as written; a plain value is null, text, or a :class:`YamlScalar` when it looks
  like a number or a boolean, and the field's type decides (``id: 001`` is the text
  ``001``). The document is built from the parser's events, with no tags (no
  ``!!python/...``), no aliases (a few hundred bytes of them expand to millions of
  values), no key twice, and nesting checked as it opens (the C composer would
  recurse in C and crash the interpreter on very deep input).

Every problem becomes a :class:`~policyengine.diagnostics.Diagnostic`; problems in
all files are collected and raised together as one
:class:`~policyengine.errors.FactError`.
"""

from __future__ import annotations

import codecs
import datetime
import io
import json
import math
import re
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

import attrs
import msgspec
import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from policyengine import inputs, positions, yaml12
from policyengine.diagnostics import Diagnostic, Text, os_reason, syntax_reason
from policyengine.errors import FactError
from policyengine.positions import Place

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a dependency; the standard library still works
    _orjson = None  # type: ignore[assignment]

MiB = 1024 * 1024
GiB = 1024 * MiB
MAX_JSON_BYTES = GiB
"""Per ``.json`` file: it is read and parsed whole (a 1 GiB file holds about six million
facts and needs several GiB of memory); larger inputs belong in JSON Lines."""
MAX_JSONL_LINE_BYTES = MiB
"""Per line of a ``.jsonl`` file (one record), which is read incrementally."""
MAX_JSONL_BYTES = 4 * GiB
"""Per ``.jsonl`` file (about 20 million facts): it bounds what a device or a pipe that
never ends (``/dev/zero``, ``yes``) can make the reader hold."""
MAX_YAML_BYTES = 8 * MiB
"""Per YAML file: even the C loader reads YAML about 20 times slower than JSON."""
MAX_DEPTH = 16
"""Levels of nesting, the top-level mapping being level 1 and a record level 3."""

AS_OF = "as_of"
SUFFIXES = (".json", ".jsonl", ".yaml", ".yml")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xlam", ".xls", ".xlsb", ".ods")
"""Read as a ledger (:mod:`policyengine.ledger`), as is a folder holding ``.csv`` files;
the reader refuses all but ``.xlsx`` with a reason."""


class YamlScalar(str):
    """A plain (unquoted) YAML scalar that YAML 1.2's core schema would read as a
    number or a boolean, kept as written: the field's type decides what it is
    (``id: 001`` is the text ``001``, ``mlps_level: 2`` the number 2)."""

    __slots__ = ()


class YamlInt(YamlScalar):
    """``12``, ``-3``, ``0o17``, ``0x1F``."""

    __slots__ = ()

    def value(self) -> int | None:
        """The number, or None when Python will not convert that many digits."""
        text = str(self)
        try:
            if text[:2] in ("0o", "0x"):
                return int(text[2:], 8 if text[1] == "o" else 16)
            return int(text)
        except ValueError:
            return None


class YamlFloat(YamlScalar):
    """``1.5``, ``1e3``, ``.inf``."""

    __slots__ = ()


class YamlBool(YamlScalar):
    """``true``, ``False``, ``TRUE`` (``yes``, ``no``, ``on``, ``off`` are text)."""

    __slots__ = ()

    def value(self) -> bool:
        return self.lower() == "true"


FieldLocate = Callable[["RawDocument", Collection[Place]], dict[Place, tuple[int, int]]]
"""Finds where fields of a document's records are (:mod:`policyengine.positions`)."""

Locate = Callable[[], tuple[dict[str, list[int]], dict[str, int]] | None]
"""Finds the lines of a document's records (and top-level keys) when first asked."""

NamePlace = Callable[[str, int | None, tuple[int, int] | None], str]
"""How a document read from a spreadsheet names a place: (top-level key, position of a
record, its field's row and column from :meth:`RawDocument.field_positions`) ->
``台账.xlsx › 账号 › J7（开办日期）``."""

ReadLedger = Callable[[Path], "RawDocument"]
"""Reads a ledger (a workbook, or a folder of CSV files) with the policy's schema."""


@attrs.define(eq=False)
class RawDocument:
    """One fact file as parsed, before any schema check.

    ``collections`` maps each top-level key except ``as_of`` to its records, exactly
    as the parser produced them (dicts, lists, str, int, float, bool, None; from YAML
    dicts, lists, str, :class:`YamlScalar` and None). A record's *position*
    is its index in that list. ``lines`` holds, per key, the line of each record when
    the format tells us (JSON Lines, YAML); plain JSON has none. A JSON Lines file
    does not keep a line per record while it is read: the lines are found by reading
    the file again the first time ``lines``, ``key_lines`` or :meth:`where` is used,
    which only messages about problems do. A document read by a typed reader is
    ``validated``: its records are the engine's own already.
    """

    source: str
    collections: dict[str, list[object]] = attrs.Factory(dict)
    _lines: dict[str, list[int]] = attrs.field(factory=dict, alias="lines")
    # top-level key -> its line, when known
    _key_lines: dict[str, int] = attrs.field(factory=dict, alias="key_lines")
    as_of: object = None  # raw value; None when absent or null
    _locate: Locate | None = attrs.field(default=None, alias="locate", repr=False)
    # Read by a typed reader (:mod:`policyengine.facts.fast`): the records are already
    # valid and in the engine's representation, and ``as_of`` is a date or None.
    validated: bool = False
    # Read from YAML: values may be :class:`YamlScalar`, which only the field's type
    # can make a number, a boolean or text.
    plain_scalars: bool = False
    _fields: FieldLocate | None = attrs.field(default=None, alias="fields", repr=False)
    # A spreadsheet's own names for places (sheet and cell), used by :meth:`where`.
    _names: NamePlace | None = attrs.field(default=None, alias="names", repr=False)
    # Warnings found while reading the file (a ledger's numbers read as text ...).
    warnings: list[Diagnostic] = attrs.Factory(list)

    @property
    def lines(self) -> dict[str, list[int]]:
        self._find_lines()
        return self._lines

    @property
    def key_lines(self) -> dict[str, int]:
        self._find_lines()
        return self._key_lines

    def _find_lines(self) -> None:
        locate = self._locate
        if locate is not None:
            self._locate = None
            found = locate()
            if found is not None:
                self._lines, self._key_lines = found

    def without_records(self) -> RawDocument:
        """The same document with no records: all that :meth:`where` needs."""
        return RawDocument(
            self.source,
            {},
            self._lines,
            self._key_lines,
            locate=self._locate,
            fields=self._fields,
            names=self._names,
        )

    def field_positions(self, places: Collection[Place]) -> dict[Place, tuple[int, int]]:
        """The line and column of each place that can be found (a missing field: of
        the nearest enclosing one), by reading the file again; none for a document
        that was not read from a file. (A ledger gives each place's row and column.)"""
        if self._fields is None or not places:
            return {}
        return self._fields(self, places)

    def where(
        self, key: str, position: int | None = None, at: tuple[int, int] | None = None
    ) -> str:
        """Where a record (``facts.yaml:12: accounts[3]``, ``facts.json: accounts[3]``)
        or, without a position, a top-level key (``facts.yaml:1: as_of``) is; with
        ``at``, the line and column of a field in it (``facts.yaml:14:5: accounts[3]``).
        A ledger names the sheet and cell (``台账.xlsx › 账号 › J7（开办日期）``)."""
        if self._names is not None:
            return self._names(key, position, at)
        if at is not None and position is not None:
            return f"{self.source}:{at[0]}:{at[1]}: {key}[{position}]"
        line: int | None
        if position is None:
            line = self.key_lines.get(key)
            place = key
        else:
            lines = self.lines.get(key)
            line = lines[position] if lines is not None and position < len(lines) else None
            place = f"{key}[{position}]"
        return f"{self.source}:{line}: {place}" if line else f"{self.source}: {place}"


class _Reject(Exception):
    """Raised from inside a parser hook; becomes one diagnostic."""

    def __init__(self, code: str, message: Text) -> None:
        super().__init__(message.en)
        self.code = code
        self.message = message

    def diagnostic(self, location: str) -> Diagnostic:
        return Diagnostic(self.code, self.message, location=location)


def _too_deep() -> _Reject:
    return _Reject(
        "E406",
        Text(
            f"嵌套超过 {MAX_DEPTH} 层",
            f"nested more than {MAX_DEPTH} levels deep",
        ),
    )


# --------------------------------------------------------------------------- public API


def read_documents(paths: Sequence[str | Path]) -> list[RawDocument]:
    """Read fact files and folders; raise one :class:`FactError` for all problems."""
    documents, problems = read_documents_collecting(paths)
    if problems:
        raise FactError(problems)
    return documents


class TypedReader(Protocol):
    """Reads JSON and JSON Lines straight into valid records of one schema
    (:class:`policyengine.facts.fast.FastReader`); None whenever it is in any doubt,
    and then the file is read as usual."""

    def decode_json(self, data: bytes) -> tuple[Any, bool] | None: ...

    def json_document(self, decoded: tuple[Any, bool], name: str) -> RawDocument: ...

    def jsonl_document(self, path: Path, name: str) -> RawDocument | None: ...


def read_documents_collecting(
    paths: Sequence[str | Path],
    typed: TypedReader | None = None,
    ledger: ReadLedger | None = None,
    *,
    stdin_format: str | None = None,
) -> tuple[list[RawDocument], list[Diagnostic]]:
    """Like :func:`read_documents`, but hand back the problems instead of raising.
    A path ``-`` is standard input, of ``stdin_format`` (else told from its start).

    :func:`policyengine.facts.load_facts` uses this to report unreadable files and
    bad records of the readable files in one error, with its ``typed`` reader and its
    ``ledger`` reader (a spreadsheet can only be read knowing the schema).
    """
    documents: list[RawDocument] = []
    problems: list[Diagnostic] = []
    for path in _expand(paths, problems):
        try:
            if path is _STDIN:
                documents.append(_read_stdin(typed, stdin_format))
            elif path.is_dir() or path.suffix.lower() in SPREADSHEET_SUFFIXES:
                documents.append(_read_ledger(path, ledger))
            else:
                documents.append(_read_file(path, typed))
        except _FileProblems as exc:
            problems.extend(exc.diagnostics)
        except FactError as exc:
            problems.extend(exc.diagnostics)
    return documents, problems


STDIN = "-"
"""The facts path that means standard input."""
STDIN_NAME = "<stdin>"
INPUT_FORMATS = ("json", "jsonl", "yaml")
"""What standard input may hold (``--input-format``); without one it is told from its
first bytes (:func:`sniff_format`)."""
_STDIN = Path(STDIN)
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


def _read_stdin(typed: TypedReader | None, input_format: str | None) -> RawDocument:
    """Standard input, read as far as its format's limit, then read as a file of that
    format would be (named ``<stdin>``); its fields are found in the bytes kept."""
    stream = sys.stdin.buffer
    kind = input_format or "yaml"
    try:
        data = stream.read(inputs.SNIFF_BYTES) or b""
        if not data:
            raise _fail("E400", "标准输入是空的", "standard input is empty", STDIN_NAME)
        kind = input_format or sniff_format(data)
        limit = {"yaml": MAX_YAML_BYTES, "json": MAX_JSON_BYTES}.get(kind, MAX_JSONL_BYTES)
        if len(data) > limit:
            raise inputs.TooLarge(limit, len(data))
        if len(data) == inputs.SNIFF_BYTES:  # there may be more
            data += inputs.read_stream(stream, limit - len(data))
    except inputs.TooLarge as exc:
        raise _too_large(
            STDIN_NAME, exc.seen + len(data), exc.limit, _FORMAT_SUFFIX[kind]
        ) from None
    except OSError as exc:
        if "nothing to read" not in str(exc):  # (the rest was empty: all was read)
            reason = exc.strerror or str(exc)
            raise _fail(
                "E400",
                f"无法读取标准输入：{reason}",
                f"cannot read standard input: {reason}",
                STDIN_NAME,
            ) from None
    suffix = _FORMAT_SUFFIX[kind]
    with tempfile.TemporaryDirectory(prefix="policyengine-") as folder:
        path = Path(folder) / f"stdin{suffix}"
        path.write_bytes(data)
        doc = _read_one(path, typed, STDIN_NAME)
        _ = doc.lines  # (found now, while the file is there)
    doc._fields = lambda doc, places: _fields_in(data, suffix, doc, places)
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


def _read_ledger(path: Path, ledger: ReadLedger | None) -> RawDocument:
    if ledger is None:
        raise _fail(
            "E403",
            "读取台账（电子表格）需要策略的事实结构",
            "a ledger (spreadsheet) can only be read with a policy's fact schema",
            str(path),
        )
    return ledger(path)


def document_from_mapping(
    data: object,
    source: str,
    *,
    lines: Mapping[str, Sequence[int]] | None = None,
    key_lines: Mapping[str, int] | None = None,
) -> RawDocument:
    """Check the top level of a parsed file (or of a mapping from a library caller).

    The value must be a mapping with string keys whose values (other than
    ``as_of``) are lists of records or null; unknown keys are kept, because only
    the schema knows which keys are valid.

    Nesting is not checked here: the depth limit protects the parsers, which check
    it themselves. A mapping built in memory is only walked along the fields the
    schema declares, so its depth, shared parts or even cycles cannot make
    validation recurse or blow up.
    """
    return _document(data, source, lines=lines, key_lines=key_lines, own=False)


def _document(
    data: object,
    source: str,
    *,
    lines: Mapping[str, Sequence[int]] | None = None,
    key_lines: Mapping[str, int] | None = None,
    own: bool = True,
) -> RawDocument:
    """:func:`document_from_mapping`; with ``own`` the lists (fresh from a parser) are
    kept as they are instead of copied."""
    problems: list[Diagnostic] = []
    if data is None:  # an empty YAML file
        return RawDocument(source)
    if not isinstance(data, Mapping):
        raise FactError(
            [
                Diagnostic(
                    "E410",
                    Text(
                        "事实文件的顶层应为映射（键为 units、accounts 等），"
                        f"实为{describe(data).zh}",
                        "the top level of a facts file must be a mapping (keys such as "
                        f"units, accounts), got {describe(data).en}",
                    ),
                    location=source,
                )
            ]
        )
    doc = RawDocument(source, key_lines=dict(key_lines or {}))
    for key, value in data.items():
        if not isinstance(key, str):
            problems.append(
                Diagnostic(
                    "E411",
                    Text(
                        f"顶层键 {show(key)} 不是字符串",
                        f"top-level key {show(key)} is not a string",
                    ),
                    location=source,
                    help=QUOTE_HELP,
                )
            )
        elif key == AS_OF:
            doc.as_of = value
        elif value is None:
            doc.collections[key] = []
        elif isinstance(value, list | tuple):
            doc.collections[key] = value if own and type(value) is list else list(value)
            if lines is not None and key in lines:
                doc.lines[key] = list(lines[key])
        else:
            problems.append(
                Diagnostic(
                    "E412",
                    Text(
                        f"`{key}` 应为记录列表，实为{describe(value).zh}",
                        f"`{key}` must be a list of records, got {describe(value).en}",
                    ),
                    location=doc.where(key),
                )
            )
    if problems:
        raise FactError(problems)
    return doc


def _json_too_deep(value: object, limit: int) -> bool:
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


# --------------------------------------------------------------------------- values in messages

QUOTE_HELP = Text("请把这个值写成带引号的文本", "write the value as text, in quotes")


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


_SCALAR_NAMES: tuple[tuple[type | tuple[type, ...], str, str], ...] = (
    ((bool, YamlBool), "布尔值", "boolean"),  # (before int: a bool is an int in Python)
    ((int, YamlInt), "整数", "integer"),
    ((float, YamlFloat), "数字", "number"),
)


def describe(value: object) -> Text:
    """What a value is, for "expected X, got Y": ``the boolean false`` / ``布尔值 false``."""
    for kinds, zh, en in _SCALAR_NAMES:
        if isinstance(value, kinds):
            return Text(f"{zh} {show(value)}", f"the {en} {show(value)}")
    if isinstance(value, str):
        return Text(f"字符串 {show(value)}", f"the string {show(value)}")
    if value is None:
        return Text("null", "null")
    if isinstance(value, datetime.datetime):
        return Text(f"日期时间 {show(value)}", f"the date and time {show(value)}")
    if isinstance(value, datetime.date):
        return Text(f"日期 {show(value)}", f"the date {show(value)}")
    if isinstance(value, Mapping):
        return Text("映射", "a mapping")
    if isinstance(value, list | tuple):
        return Text("列表", "a list")
    name = type(value).__name__
    return Text(f"{name} 类型的值", f"a value of type {name}")


# --------------------------------------------------------------------------- files


class _FileProblems(Exception):
    """Everything wrong with one file, which is then skipped."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics[0].message.en)
        self.diagnostics = diagnostics


def _fail(code: str, zh: str, en: str, location: str, help: Text | None = None) -> _FileProblems:
    return _FileProblems([Diagnostic(code, Text(zh, en), location=location, help=help)])


def _expand(paths: Iterable[str | Path], problems: list[Diagnostic]) -> list[Path]:
    """Files to read, in order: each file as given, each folder's fact files by name
    (and the folder itself, as one ledger, when it holds ``.csv`` files)."""
    files: list[Path] = []
    for given in paths:
        if str(given) == STDIN:
            files.append(_STDIN)
            continue
        path = Path(given)
        if path.is_dir():
            inside = sorted(
                (p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()),
                key=lambda p: p.name,
            )
            if any(p.suffix.lower() == ".csv" for p in path.iterdir()):
                inside.append(path)
            if not inside:
                problems.append(
                    Diagnostic(
                        "E403",
                        Text(
                            "文件夹中没有 .json、.jsonl、.yaml、.yml 或 .csv 文件",
                            "the folder holds no .json, .jsonl, .yaml, .yml or .csv file",
                        ),
                        location=str(path),
                    )
                )
            files.extend(inside)
        elif not path.exists():
            problems.append(
                Diagnostic(
                    "E400",
                    Text("没有这个文件或文件夹", "no such file or folder"),
                    location=str(path),
                )
            )
        elif path.suffix.lower() not in (*SUFFIXES, *SPREADSHEET_SUFFIXES):
            problems.append(
                Diagnostic(
                    "E403",
                    Text(
                        f"不支持的文件类型 `{path.suffix}`，应为 .json、.jsonl、.yaml、.yml "
                        "或 .xlsx（.csv 文件请放在一个文件夹中，作为台账读取）",
                        f"unsupported file type `{path.suffix}`: expected .json, .jsonl, "
                        ".yaml, .yml or .xlsx (.csv files are read as a ledger: give their folder)",
                    ),
                    location=str(path),
                )
            )
        else:
            files.append(path)
    return files


def _read_file(path: Path, typed: TypedReader | None = None) -> RawDocument:
    doc = _read_one(path, typed)
    doc._fields = _field_locator(path)
    return doc


def _field_locator(path: Path) -> FieldLocate:
    """Finds the fields of a file's records by reading it again, when a message asks."""
    suffix = path.suffix.lower()

    def locate(doc: RawDocument, places: Collection[Place]) -> dict[Place, tuple[int, int]]:
        try:
            if suffix == ".jsonl":
                return _jsonl_fields(path, doc, places)
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


def _jsonl_fields(
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


def _read_one(path: Path, typed: TypedReader | None, name: str | None = None) -> RawDocument:
    name = name or str(path)
    suffix = path.suffix.lower()
    limit = MAX_YAML_BYTES if suffix in (".yaml", ".yml") else MAX_JSON_BYTES
    try:
        if suffix == ".jsonl":  # read incrementally: a limit per line and per file
            doc = typed.jsonl_document(path, name) if typed is not None else None
            return doc if doc is not None else _read_jsonl(path, name)
        sniff = _json_start if suffix == ".json" else _yaml_start
        data = inputs.read_limited(path, limit, lambda start: sniff(start, name))
    except inputs.TooLarge as exc:
        if suffix == ".jsonl":
            raise _fail(
                "E402",
                f"文件超过 {_size(exc.limit)}：JSON Lines 事实文件最多 {_size(exc.limit)}",
                f"the file is over {_size(exc.limit)}; JSON Lines fact files are limited to "
                f"{_size(exc.limit)}",
                name,
            ) from None
        raise _too_large(name, exc.seen, limit, suffix) from None
    except OSError as exc:
        reason = os_reason(exc)
        raise _fail(
            "E400", f"无法读取文件：{reason.zh}", f"cannot read the file: {reason.en}", name
        ) from None
    if suffix == ".json" and typed is not None:
        decoded = typed.decode_json(data)
        if decoded is not None:
            return typed.json_document(decoded, name)
    if suffix == ".json" and len(data) > _VALIDATE_FIRST:
        _refuse_malformed(data, name)
    if suffix == ".json":
        parsed = _fast_json(data)
        if parsed is not None:
            del data
            try:
                return _document(parsed, name)
            except FactError as exc:
                raise _FileProblems(list(exc.diagnostics)) from None
    try:
        text = data.decode("utf-8-sig")  # a leading byte-order mark is harmless: drop it
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _FileProblems([_not_utf8(f"{name}:{line}")]) from None
    del data
    if suffix == ".json":
        return _parse_json(text, name)
    return _parse_yaml(text, name)


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


def _json_start(start: bytes, name: str) -> None:
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
        raise _FileProblems([_not_utf8(f"{name}:{line}")])
    column = at - (start.rfind(b"\n", 0, at) + 1) + 1
    raise _FileProblems(
        [
            Diagnostic(
                "E404",
                Text("JSON 格式错误：Expecting value", "invalid JSON: Expecting value"),
                location=f"{name}:{line}:{column}",
            )
        ]
    )


def _yaml_start(start: bytes, name: str) -> None:
    """Refuse a YAML file from its first bytes when they are not UTF-8 text YAML allows,
    with the diagnostic the whole reading would give, before reading the rest."""
    bad = _first_bad_utf8(start)
    if bad is not None:
        line = start.count(b"\n", 0, bad) + 1
        raise _FileProblems([_not_utf8(f"{name}:{line}")])
    text = start.decode("utf-8-sig", "ignore")
    control = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if control is not None:
        exc = yaml.reader.ReaderError(
            name, control.start(), ord(control[0]), "unicode", "control characters are not allowed"
        )
        raise _FileProblems([_yaml_error(exc, name, text)])


_VALIDATE_FIRST = 16 * MiB
"""A ``.json`` file larger than this that the typed reading declined is checked for
well-formedness without building anything before it is parsed, so that a malformed
file is refused holding little more than its bytes. (Smaller files get the standard
library's exact message.)"""


def _refuse_malformed(data: bytes, name: str) -> None:
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
            raise _FileProblems([_not_utf8(f"{name}:{line}")]) from None
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
    raise _FileProblems(
        [
            Diagnostic(
                "E404",
                Text(f"JSON 格式错误：{message}", f"invalid JSON: {message}"),
                location=f"{name}:{line}:{column}",
            )
        ]
    )


def _characters(data: bytes, start: int, end: int) -> int:
    """The characters of UTF-8 ``data[start:end]``, counted without copying it whole."""
    decoder = codecs.getincrementaldecoder("utf-8")("ignore")
    view = memoryview(data)[start:end]
    return sum(len(decoder.decode(view[at : at + MiB])) for at in range(0, len(view), MiB))


def _too_large(name: str, size: int, limit: int, suffix: str) -> _FileProblems:
    kind = "YAML" if suffix in (".yaml", ".yml") else "JSON"
    hint = Text(
        "大量数据请用 JSON 或 JSON Lines（.jsonl）",
        "use JSON or JSON Lines (.jsonl) for large inputs",
    )
    if kind == "JSON":
        hint = Text(
            "更大的输入请用 JSON Lines（.jsonl，逐行读取），或分成多个文件",
            "use JSON Lines (.jsonl, read line by line) or several files for larger inputs",
        )
    return _fail(
        "E402",
        f"文件有 {size / MiB:.1f} MiB，{kind} 事实文件最多 {limit // MiB} MiB",
        f"the file is {size / MiB:.1f} MiB; {kind} fact files are limited to {limit // MiB} MiB",
        name,
        help=hint,
    )


def _line_too_long(location: str) -> Diagnostic:
    limit = MAX_JSONL_LINE_BYTES
    return Diagnostic(
        "E402",
        Text(
            f"这一行超过 {_size(limit)}：JSON Lines 文件每行（一条记录）最多 {_size(limit)}",
            f"the line is longer than {_size(limit)}; JSON Lines lines (one record each) "
            f"are limited to {_size(limit)}",
        ),
        location=location,
    )


def _size(n: int) -> str:
    return f"{n // MiB} MiB" if n % MiB == 0 else f"{n:,} bytes"


def _not_utf8(location: str) -> Diagnostic:
    return Diagnostic(
        "E401", Text("文件不是 UTF-8 编码", "the file is not encoded in UTF-8"), location=location
    )


# --------------------------------------------------------------------------- JSON


def _pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """``object_pairs_hook``: refuse duplicate keys instead of keeping the last one."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Reject(
                    "E408",
                    Text(f"重复的键 {show(key)}", f"duplicate key {show(key)}"),
                )
            seen.add(key)
    return result


def _constant(text: str) -> float:
    """``parse_constant``: ``NaN``, ``Infinity`` and ``-Infinity`` are not JSON."""
    raise _Reject(
        "E409",
        Text(
            f"不允许 `{text}`：它不是 JSON 数字",
            f"`{text}` is not allowed: it is not a JSON number",
        ),
    )


def _float(text: str) -> float:
    """``parse_float``: ``1e400`` would silently become infinity."""
    value = float(text)
    if not math.isfinite(value):
        raise _Reject(
            "E409",
            Text(f"数字 {text} 超出范围", f"the number {text} is out of range"),
        )
    return value


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float)
"""One decoder for every text (``json.loads`` with hooks would build one per call)."""


def _loads(text: str) -> object:
    """``json.loads`` with every trap turned into :class:`_Reject` (or JSONDecodeError)."""
    try:
        if text.startswith("\ufeff"):  # as json.loads words it
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        return _DECODER.decode(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # the standard library's limit on integer digits
        digits = sys.get_int_max_str_digits()
        raise _Reject(
            "E409",
            Text(f"有一个数字超过 {digits} 位", f"a number has more than {digits} digits"),
        ) from None
    except RecursionError:
        raise _too_deep() from None


def _json_syntax(exc: json.JSONDecodeError, name: str, line: int | None = None) -> Diagnostic:
    where = f"{name}:{line}:{exc.colno}" if line is not None else f"{name}:{exc.lineno}:{exc.colno}"
    return Diagnostic(
        "E404",
        Text(f"JSON 格式错误：{syntax_reason(exc.msg).zh}", f"invalid JSON: {exc.msg}"),
        location=where,
    )


def _parse_json(text: str, name: str) -> RawDocument:
    """The exact reading: the standard library with the hooks above."""
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        raise _FileProblems([_json_syntax(exc, name)]) from None
    except _Reject as exc:
        raise _FileProblems([exc.diagnostic(name)]) from None
    if _json_too_deep(data, MAX_DEPTH):
        raise _FileProblems([_too_deep().diagnostic(name)])
    try:
        return _document(data, name)
    except FactError as exc:
        raise _FileProblems(list(exc.diagnostics)) from None


# The fast reading. orjson returns what the standard library would, except that it
# keeps the last of duplicate keys, nests up to 1024 levels and reads an integer
# beyond 64 bits as a float (it refuses NaN, Infinity and 1e400 by itself). Each of
# these is ruled out below at a fraction of the parse's cost; whatever cannot be
# ruled out sends the file to the exact reading.

BOM = b"\xef\xbb\xbf"
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


def _raw_doubts(data: bytes) -> bool:
    """Whether the text holds what orjson's result cannot show: an escaped colon
    (``\\u003a`` would upset the count of keys) or an integer it may have made a float."""
    if data.find(b"\\") >= 0 and (b"\\u003a" in data or b"\\u003A" in data):
        return True
    step, run = MiB, len(_LONG_NUMBER)
    if len(data) <= step:
        return data.translate(_DIGIT_RUNS).find(_LONG_NUMBER) >= 0
    # A MiB at a time, overlapping by a run's length: no translated copy of the whole.
    return any(
        data[at : at + step + run].translate(_DIGIT_RUNS).find(_LONG_NUMBER) >= 0
        for at in range(0, len(data), step)
    )


def _colons(value: object) -> int | None:
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


def _fast_json(data: bytes) -> dict[str, object] | None:
    """The document as orjson reads it, when that is provably what the exact reading
    returns; None when orjson is missing, refuses the text, or there is any doubt.

    Colons outside strings are exactly the keys of the text; inside strings they are
    the same characters in the text and in the strings read (no ``\\u003a``). So the
    colons of the text equal the colons of orjson's rendering of its result only if no
    key was lost, i.e. none was a duplicate.
    """
    if _orjson is None or _raw_doubts(data):  # (before parsing: less memory at once)
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
        inside = _colons(item)
        if inside is None:
            return None
        colons += 1 + key.count(":") + inside
    if colons != text_colons:
        return None
    return value


# --------------------------------------------------------------------------- JSON Lines

_BLOCK = MiB // 4
"""JSON Lines are read 256 KiB at a time: the typed reading makes several passes over
each block (escapes, colons, line starts, newlines, decoding), which run from the
processor's cache when the block fits in it. At 1M facts, 8 MiB blocks took 0.25 to
0.3 s longer to load (median of 8 runs each, 2.97 s against 2.72 s)."""
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


def _read_jsonl(path: Path, name: str) -> RawDocument:
    """One ``{"collection": record}`` object per line."""
    if _orjson is not None:
        doc = _fast_jsonl(path, name)
        if doc is not None:
            return doc
    return _exact_jsonl(path, name)


def _fast_jsonl(path: Path, name: str) -> RawDocument | None:
    """The fast reading of a JSON Lines file (see :func:`_fast_json`), or None when any
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
                if _raw_doubts(text):
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
        inside = _colons(records)
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
                problems.append(_line_too_long(where))
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                problems.append(_not_utf8(where))
                continue
            if not line.strip():
                continue
            try:
                obj = _loads(line)
            except json.JSONDecodeError as exc:
                problems.append(_json_syntax(exc, name, number))
                continue
            except _Reject as exc:
                problems.append(exc.diagnostic(where))
                continue
            if not isinstance(obj, dict) or len(obj) != 1:
                problems.append(_jsonl_shape(obj, where))
                continue
            ((key, value),) = obj.items()
            if _json_too_deep(value, MAX_DEPTH - 2):
                problems.append(_too_deep().diagnostic(where))
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
        raise _FileProblems(problems)
    return doc


_MAX_BAD_LINES = 100
"""Bad lines reported before reading stops: more means the file is not JSON Lines (a
device or a pipe of random bytes would otherwise be read to its limit)."""


def _gave_up(where: str) -> Diagnostic:
    return Diagnostic(
        "E404",
        Text(
            f"已有 {_MAX_BAD_LINES} 行有错，不再往下读：这不像 JSON Lines 文件",
            f"reading stopped after {_MAX_BAD_LINES} bad lines: this does not look like "
            "a JSON Lines file",
        ),
        location=where,
    )


def _jsonl_shape(obj: object, where: str) -> Diagnostic:
    return Diagnostic(
        "E410",
        Text(
            "JSON Lines 的每一行应是只有一个键的对象，例如 "
            f'{{"filings": {{"id": "f-1", ...}}}}，实为{describe(obj).zh}',
            "each JSON Lines line must be an object with exactly one key, such as "
            f'{{"filings": {{"id": "f-1", ...}}}}; got {describe(obj).en}',
        ),
        location=where,
        help=None
        if not isinstance(obj, dict)
        else Text(f"这一行有 {len(obj)} 个键", f"this line has {len(obj)} keys"),
    )


def _as_of_twice(doc: RawDocument, first_line: int, value: object, where: str) -> Diagnostic:
    return Diagnostic(
        "E431",
        Text(
            f"as_of 不一致：第 {first_line} 行为 {show(doc.as_of)}，此处为 {show(value)}",
            f"as_of disagrees: {show(doc.as_of)} on line {first_line}, {show(value)} here",
        ),
        location=where,
    )


# --------------------------------------------------------------------------- YAML

_EventLoader: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
"""Only its parser is used (C when available): the document is built from the events."""


_PLAIN_START = frozenset("-+.0123456789tTfF")
_NULLS = frozenset(["", "~", "null", "Null", "NULL"])
_CORE: tuple[tuple[re.Pattern[str], type[YamlScalar]], ...] = (
    (yaml12.INT, YamlInt),
    (yaml12.FLOAT, YamlFloat),
    (yaml12.BOOL, YamlBool),
)


def _plain(text: str) -> object:
    """A plain scalar: null, a :class:`YamlScalar` for what looks like a number or a
    boolean, else the text."""
    if text in _NULLS:
        return None
    if text[0] in _PLAIN_START:
        for pattern, kind in _CORE:
            if pattern.fullmatch(text):
                return kind(text)
    return text


def _yaml_error(exc: yaml.YAMLError, name: str, text: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if "nesting depth" in str(getattr(exc, "problem", "")):
        # PyYAML 6.0.4 and later stop deep flow collections in the scanner, before our
        # own depth check sees the events: the same problem, so the same error.
        return _too_deep().diagnostic(_at(name, mark))
    if isinstance(exc, yaml.MarkedYAMLError):
        context = exc.context
        if context and exc.context_mark is not None and exc.context_mark is not mark:
            # "while parsing a block mapping (line 3, column 3)": where the construct began
            context += f" (line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
        parts = [p for p in (context, exc.problem) if p]
        message = ": ".join(parts) if parts else str(exc)
    elif isinstance(exc, yaml.reader.ReaderError):
        message = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return Diagnostic(
            "E405",
            Text(f"YAML 格式错误：{message}", f"invalid YAML: {message}"),
            location=f"{name}:{line}:{column}",
        )
    else:
        message = str(exc)
    return Diagnostic(
        "E405",
        Text(f"YAML 格式错误：{message}", f"invalid YAML: {message}"),
        location=_at(name, mark),
    )


def _at(name: str, mark: Any) -> str:
    """``file:line:column`` of a PyYAML mark (the pure and the C loader have their own)."""
    return name if mark is None else f"{name}:{mark.line + 1}:{mark.column + 1}"


_KEY = object()
"""In a mapping's frame: the next node is a key."""


def _build_yaml(loader: Any, name: str) -> tuple[object, dict[str, list[int]], dict[str, int]]:
    """The document (dicts, lists, text, :class:`YamlScalar`, None) built straight from
    the parser's events, with the line of each record and of each top-level key.

    Events are flat, so nothing here recurses, and the C composer (which recurses in C
    and crashes the interpreter on very deep input) is never used. Refused on the way,
    where they are: tags (``!!python/...``, ``!!int``), aliases (a few hundred bytes of
    them expand to millions of values), nesting deeper than :data:`MAX_DEPTH`, a key
    used twice in a mapping, a key that is not a scalar, a second document.
    """
    root: object = None
    # INVARIANT: a frame is [container, pending key]; for a list the key is unused.
    stack: list[list[Any]] = []
    lines: dict[str, list[int]] = {}
    record_lines: list[int] = []  # those of the collection being read
    key_lines: dict[str, int] = {}
    documents = 0
    first_document: Any = None
    while loader.check_event():
        event = loader.get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.tag is not None:
                raise _tag(event, name)
            value: object = _plain(event.value) if event.implicit[0] else event.value
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag is not None:
                raise _tag(event, name)
            if len(stack) >= MAX_DEPTH:
                raise _FileProblems([_too_deep().diagnostic(_at(name, event.start_mark))])
            value = {} if kind is MappingStartEvent else []
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            continue
        elif kind is AliasEvent:
            raise _fail(
                "E407",
                f"不支持 YAML 别名（*{event.anchor}）和锚点：请把内容写出来",
                f"YAML aliases (*{event.anchor}) and anchors are not supported: "
                "write the values out",
                _at(name, event.start_mark),
            )
        else:
            if kind is DocumentStartEvent:
                documents += 1
                if documents == 1:
                    first_document = event.start_mark
                else:
                    raise ComposerError(
                        "expected a single document in the stream",
                        first_document,
                        "but found another document",
                        event.start_mark,
                    )
            continue
        if not stack:
            root = value
        else:
            frame = stack[-1]
            container = frame[0]
            if type(container) is list:
                if len(stack) == 2 and type(stack[0][0]) is dict:  # a top-level collection's record
                    record_lines.append(event.start_mark.line + 1)
                container.append(value)
            elif frame[1] is _KEY:
                if kind is not ScalarEvent:
                    raise _fail(
                        "E405",
                        "YAML 格式错误：键应为文本，不能是列表或映射",
                        "invalid YAML: a key must be text, not a list or a mapping",
                        _at(name, event.start_mark),
                    )
                key = event.value  # as written: `on:`, `yes:`, `001:` are keys like any other
                if key in container:
                    raise _fail(
                        "E408",
                        f"重复的键 {show(key)}",
                        f"duplicate key {show(key)}",
                        _at(name, event.start_mark),
                    )
                frame[1] = key
                if len(stack) == 1:
                    key_lines[key] = event.start_mark.line + 1
                continue
            else:
                container[frame[1]] = value
                if len(stack) == 1 and type(value) is list:
                    lines[frame[1]] = record_lines = []
                frame[1] = _KEY
        if kind is not ScalarEvent:
            stack.append([value, _KEY])
    return root, lines, key_lines


def _tag(event: Any, name: str) -> _FileProblems:
    return _fail(
        "E405",
        f"YAML 格式错误：不支持 YAML 标签（`{event.tag}`）；请直接写值，文本可加引号",
        f"invalid YAML: YAML tags (`{event.tag}`) are not supported; write the value "
        "itself, text in quotes if you like",
        _at(name, event.start_mark),
    )


def _parse_yaml(text: str, name: str) -> RawDocument:
    """A YAML file read as YAML 1.2 means it (:mod:`policyengine.yaml12`): keys are
    text as written, and plain values are typed by the policy's schema later."""
    loader = _EventLoader(text)
    try:
        data, lines, key_lines = _build_yaml(loader, name)
    except yaml.YAMLError as exc:
        raise _FileProblems([_yaml_error(exc, name, text)]) from None
    finally:
        loader.dispose()
    try:
        doc = document_from_mapping(data, name, lines=lines, key_lines=key_lines)
    except FactError as exc:
        raise _FileProblems(list(exc.diagnostics)) from None
    doc.plain_scalars = True
    return doc
