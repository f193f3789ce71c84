"""What a fact file becomes before any schema check: :class:`RawDocument`, and the
limits and scalar types every reader shares.

Takes nothing from a file itself: the readers (:mod:`~policyengine.facts.files`,
:mod:`~policyengine.facts.stdin`, :mod:`policyengine.ledger`) build these. Gives the
raw document (records as parsed, where each one is), the readers' size and depth
limits and YAML's undecided scalars. Never: reads a file, checks a record, or knows
the schema.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, Protocol

import attrs

from policyengine.diagnostics import Diagnostic
from policyengine.positions import Place

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

PlaceOrder = Callable[[str], tuple[int, int, int] | None]
"""Where a location a spreadsheet's reader made stands in the workbook, as (sheet,
row, column) to sort by; None for a location it did not make."""

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
    # Errors found while reading that did not stop it (a ledger's value not in its
    # drop-down list): the validation reports them with its own, all at once.
    errors: list[Diagnostic] = attrs.Factory(list)
    # (collection, position, field path) of each field those errors are about; the
    # reader left it out of its record, and the validation does not call it missing.
    reported: set[tuple[str, int, str]] = attrs.Factory(set)
    # Collections the reader could not read at all (a ledger's sheet without a
    # required column): references into them are not checked.
    unread: set[str] = attrs.Factory(set)
    # A spreadsheet's order of the places it names, so that its problems are listed
    # sheet by sheet, cell by cell.
    order: PlaceOrder | None = attrs.field(default=None, repr=False)

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

    def find_fields_with(self, locate: FieldLocate) -> None:
        """Let :meth:`field_positions` find fields with ``locate`` (set by the reader
        that knows where the document came from)."""
        self._fields = locate

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


class TypedReader(Protocol):
    """Reads JSON and JSON Lines straight into valid records of one schema
    (:class:`policyengine.facts.fast.FastReader`); None whenever it is in any doubt,
    and then the file is read as usual."""

    def decode_json(self, data: bytes) -> tuple[Any, bool] | None: ...

    def json_document(self, decoded: tuple[Any, bool], name: str) -> RawDocument: ...

    def jsonl_document(self, path: Path, name: str) -> RawDocument | None: ...


BOM = b"\xef\xbb\xbf"
