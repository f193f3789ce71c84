"""A ledger file or folder -> its tables of cells, read defensively.

Takes an ``.xlsx`` workbook, or a folder of ``.csv`` files (one per kind of fact);
gives, per sheet or file, its rows of cell values as the spreadsheet holds them
(text, numbers, booleans, dates), with merged ranges and formulas that have no
saved result. It knows nothing of the schema and must never interpret a value.

A workbook is untrusted input. Before the reader library sees it, it is refused
when it is a macro-enabled workbook (``.xlsm``, or any ``vbaProject.bin`` inside),
an encrypted one (Excel stores those in an OLE compound file, not a zip), or a zip
bomb: every part is decompressed once, as a stream, counting the bytes actually
produced against :data:`MAX_UNZIPPED_BYTES` (the sizes a zip declares can lie), and
the cells of every worksheet are counted and their extent measured with the
standard library's non-validating XML parser (expat: no DTD, no entities), because
the reader (calamine) allocates the whole rectangle a sheet's cells span: a 5 KB
file with cells at ``A1`` and ``XFD1048576`` would ask for 17 billion cells.
Values are then read with python-calamine, which reads cells several times faster
than openpyxl's read-only mode (figures in ``benchmarks/README.md``). A refusal is a
variant of :mod:`policyengine.ledger.catalogue`.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

import attrs
import python_calamine

from policyengine import inputs
from policyengine.codes import Message
from policyengine.diagnostics import Diagnostic, Text
from policyengine.errors import FactError
from policyengine.facts import catalogue as facts
from policyengine.ledger import catalogue as C

__all__ = [
    "MAX_CELLS",
    "MAX_FILE_BYTES",
    "MAX_UNZIPPED_BYTES",
    "Cell",
    "Table",
    "read_csv_folder",
    "read_workbook",
]

MiB = 1024 * 1024
MAX_FILE_BYTES = 64 * MiB
"""A workbook on disk, and each CSV file (a 100,000-row ledger is a few MiB)."""
MAX_UNZIPPED_BYTES = 512 * MiB
"""All parts of a workbook, decompressed."""
MAX_CELLS = 8_000_000
"""Cells in the rectangle each sheet's cells span (250,000 rows of 32 columns)."""
_MAX_PARTS = 10_000
_CHUNK = 1 << 16
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: encrypted, or old .xls
_ZIP = b"PK\x03\x04"
_MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
_OLD_SUFFIXES = (".xls", ".xlsb", ".xlt", ".et", ".ods", ".numbers")
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_DIGITS = "0123456789"

Cell = str | int | float | bool | datetime.date | datetime.time | datetime.timedelta | None
"""A cell's value as read (``datetime.datetime`` is a ``datetime.date``)."""


def _fail(message: Message, where: str, **args: Any) -> FactError:
    return FactError([Diagnostic.of(message, location=where, **args)])


@attrs.define(eq=False)
class Table:
    """One sheet of a workbook, or one CSV file.

    ``rows`` yields ``(row number, cells)`` from the first row, numbered as the
    spreadsheet shows them (from 1); ``merged`` holds merged ranges as
    ``((first row, first column), (last row, last column))``, both from 0;
    ``formulas`` the ``(row, column)`` (from 0) of its formula cells.
    """

    name: str
    place: str  # how a message names it: ``ledger.xlsx › 账号``, ``台账/账号.csv``
    rows: Iterator[tuple[int, list[Cell]]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = attrs.Factory(list)
    formulas: set[tuple[int, int]] = attrs.Factory(set)
    hidden: bool = False


# --------------------------------------------------------------------------- workbooks


def read_workbook(path: Path) -> list[Table]:
    """The sheets of a workbook, checked as the module says; raises FactError."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix in _MACRO_SUFFIXES:
        raise _macro(name)
    if suffix in _OLD_SUFFIXES:
        raise _fail(C.OLD_FORMAT, name, suffix=suffix)
    data = _read(path, name, C.WORKBOOKS)
    if data[:8] == _CFB:
        raise _fail(C.ENCRYPTED, name)
    if data[:4] != _ZIP:
        raise _not_xlsx(name)
    parts, formulas = _inspect(io.BytesIO(data), name)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        tables = []
        for meta in book.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            tables.append(
                Table(
                    meta.name,
                    f"{path.name} › {meta.name}",
                    _numbered(sheet),
                    list(sheet.merged_cell_ranges or []),
                    formulas.get(parts.get(meta.name, ""), set()),
                    hidden=meta.visible != python_calamine.SheetVisibleEnum.Visible,
                )
            )
        return tables
    except python_calamine.CalamineError as exc:
        raise _not_xlsx(name, str(exc)) from None


def _numbered(sheet: python_calamine.CalamineSheet) -> Iterator[tuple[int, list[Cell]]]:
    start = sheet.start
    first_row, first_col = start if start is not None else (0, 0)
    pad: list[Cell] = [""] * first_col
    for number, row in enumerate(sheet.iter_rows(), first_row + 1):
        cells: list[Cell] = list(row)  # (a datetime is a date)
        yield number, pad + cells if first_col else cells


def _unreadable(reason: str, name: str) -> FactError:
    return _fail(facts.CANNOT_READ, name, reason=reason)


def _macro(name: str) -> FactError:
    return _fail(C.MACROS, name)


def _not_xlsx(name: str, why: str = "") -> FactError:
    return _fail(C.NOT_XLSX_BECAUSE, name, why=why) if why else _fail(C.NOT_XLSX, name)


def _bomb(name: str, what: Text) -> FactError:
    return _fail(C.OVER_A_LIMIT, name, what=what)


def _read(path: Path, name: str, what: Text) -> bytes:
    """The file's bytes, at most :data:`MAX_FILE_BYTES` of them, counted as they are
    read (a device or a pipe has no size to trust)."""
    try:
        return inputs.read_limited(path, MAX_FILE_BYTES)
    except inputs.TooLarge as exc:
        raise _fail(
            C.FILE_TOO_LARGE, name, limit=MAX_FILE_BYTES // MiB, seen=exc.seen / MiB, what=what
        ) from None
    except OSError as exc:
        raise _unreadable(exc.strerror or str(exc), name) from None


def _inspect(data: io.BytesIO, name: str) -> tuple[dict[str, str], dict[str, set[tuple[int, int]]]]:
    """Decompress every part once, within the limits; gives the worksheet part of
    each sheet name, and per worksheet part its formula cells."""
    try:
        with zipfile.ZipFile(data) as zf:
            infos = zf.infolist()
            if len(infos) > _MAX_PARTS:
                raise _bomb(name, C.OVER_PARTS(parts=_MAX_PARTS))
            if any("vbaproject" in i.filename.lower() for i in infos):
                raise _macro(name)
            total = 0
            formulas: dict[str, set[tuple[int, int]]] = {}
            for info in infos:
                if info.is_dir():
                    continue
                with zf.open(info) as part:
                    if info.filename.startswith("xl/worksheets/") and info.filename.endswith(
                        ".xml"
                    ):
                        scan = _SheetScan(name)
                        total = scan.run(part, total)
                        formulas[info.filename] = scan.formulas
                    else:
                        total = _drain(part, total, name)
            return _sheet_parts(zf, name), formulas
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise _not_xlsx(name, str(exc)) from None
    except OSError as exc:
        raise _unreadable(exc.strerror or str(exc), name) from None


def _count(total: int, more: int, name: str) -> int:
    total += more
    if total > MAX_UNZIPPED_BYTES:
        limit = MAX_UNZIPPED_BYTES // MiB
        raise _bomb(name, C.OVER_UNZIPPED(limit=limit))
    return total


def _drain(part: IO[bytes], total: int, name: str) -> int:
    while chunk := part.read(_CHUNK):
        total = _count(total, len(chunk), name)
    return total


class _SheetScan:
    """One pass of expat over a worksheet part: the extent of its cells (refused past
    :data:`MAX_CELLS`) and its formula cells (``<f>``). A formula's saved result is the
    cell's value; one that reads as empty has none (openpyxl, for one, saves ``<v/>``).

    This runs for every cell of every sheet, so the common case is kept cheap: a cell's
    reference (``AB12``) is turned into numbers only when it could be the sheet's widest
    or lowest yet, or when the cell holds a formula.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.row = 0
        self.col = 0  # the current cell's column (from 1), when ``ref`` is None
        self.ref: str | None = None  # the current cell's reference, when it gave one
        self.widest = ""  # the letters of the widest reference seen (a quick filter)
        self.lowest = "0"  # the digits of the lowest row seen
        self.max_row = 0
        self.max_col = 0
        self.formulas: set[tuple[int, int]] = set()
        parser = expat.ParserCreate()
        parser.StartElementHandler = self.start
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.doctype
        parser.buffer_text = True
        self.parser = parser

    def run(self, part: IO[bytes], total: int) -> int:
        try:
            while chunk := part.read(_CHUNK):
                total = _count(total, len(chunk), self.name)
                self.parser.Parse(chunk, False)
            self.parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise _not_xlsx(self.name, str(exc)) from None
        return total

    def doctype(self, *_: object) -> None:
        raise _not_xlsx(self.name, "a worksheet declares a DTD")

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "c" or tag.endswith(":c"):
            ref = attributes.get("r")
            if ref is None:  # the cell after the previous one
                self.col = self.column() + 1
                self.ref = None
                if self.col > self.max_col:
                    self.widen(self.col)
                return
            self.ref = ref
            letters = ref.rstrip(_DIGITS)
            widest = self.widest
            if len(letters) > len(widest) or (len(letters) == len(widest) and letters > widest):
                self.widest = letters
                self.widen(self.column())
            # The reader places a cell by its own reference, whatever row holds it.
            digits, lowest = ref[len(letters) :], self.lowest
            if len(digits) > len(lowest) or (len(digits) == len(lowest) and digits > lowest):
                self.lower(int(digits) if digits.isdigit() else self.row)
        elif tag == "row" or tag.endswith(":row"):
            r = attributes.get("r")
            self.row = int(r) if r is not None and r.isdigit() else self.row + 1
            self.col, self.ref = 0, None
            self.lower(self.row)
        elif tag == "f" or tag.endswith(":f"):
            self.formulas.add((self.row - 1, self.column() - 1))

    def column(self) -> int:
        """The current cell's column, from 1 (0 before the first cell of a row)."""
        if self.ref is None:
            return self.col
        found = _REF.fullmatch(self.ref)
        if found is None:
            raise _not_xlsx(self.name, f"a cell reference {self.ref[:20]!r}")
        self.col, self.ref = _column_number(found.group(1)), None
        return self.col

    def lower(self, row: int) -> None:
        if row > self.max_row:
            self.max_row, self.lowest = row, str(row)
            self.check()

    def widen(self, col: int) -> None:
        if col > self.max_col:
            self.max_col = col
            self.check()

    def check(self) -> None:
        if self.max_row * self.max_col > MAX_CELLS:
            raise _bomb(self.name, C.OVER_CELLS(cells=MAX_CELLS))


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _sheet_parts(zf: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Sheet name -> its worksheet part (``xl/worksheets/sheet1.xml``), read from the
    workbook and its relationships with expat (both are small)."""
    sheets: dict[str, str] = {}
    targets: dict[str, str] = {}

    def parse(part: str, on_start: Callable[[str, dict[str, str]], None]) -> None:
        parser = expat.ParserCreate()
        parser.StartElementHandler = on_start
        parser.StartDoctypeDeclHandler = lambda *_: _raise(_not_xlsx(name, "a DTD"))
        with contextlib.suppress(KeyError, expat.ExpatError):
            parser.Parse(zf.read(part), True)

    ids: dict[str, str] = {}

    def book(tag: str, a: dict[str, str]) -> None:
        if tag.rpartition(":")[2] == "sheet":
            rid = next((v for k, v in a.items() if k.rpartition(":")[2] == "id"), None)
            if rid is not None and "name" in a:
                ids[a["name"]] = rid

    def rels(tag: str, a: dict[str, str]) -> None:
        if tag.rpartition(":")[2] == "Relationship" and "Id" in a and "Target" in a:
            target = a["Target"].lstrip("/")
            targets[a["Id"]] = target if target.startswith("xl/") else f"xl/{target}"

    parse("xl/workbook.xml", book)
    parse("xl/_rels/workbook.xml.rels", rels)
    for sheet, rid in ids.items():
        if rid in targets:
            sheets[sheet] = targets[rid]
    return sheets


def _raise(exc: Exception) -> None:
    raise exc


# --------------------------------------------------------------------------- CSV


def read_csv_folder(folder: Path) -> list[Table]:
    """The ``.csv`` files of a folder, by name; each is UTF-8 (with or without a BOM)
    or, failing that, GB18030 (what Chinese Excel writes as "CSV")."""
    tables = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.suffix.lower() != ".csv" or not path.is_file():
            continue
        name = f"{folder.name}/{path.name}"
        data = _read(path, name, C.CSV_FILES)
        tables.append(Table(path.stem, name, _csv_rows(_decode(data), name)))
    return tables


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def _csv_rows(text: str, name: str) -> Iterator[tuple[int, list[Cell]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            yield reader.line_num, list(row)
    except csv.Error as exc:
        raise _fail(C.INVALID_CSV, f"{name}:{reader.line_num}", reason=exc) from None
