"""A ledger (an ``.xlsx`` workbook or a folder of ``.csv`` files) -> a raw document.

Takes the tables of :mod:`policyengine.ledger.workbook` and the policy's schema; gives
a :class:`~policyengine.facts.read.RawDocument` whose records are what the same facts
written in YAML would give, so that they go through the one validation of
:mod:`policyengine.facts`. This stage only undoes what a spreadsheet does to values
(dates as date cells or in the forms clerks type, numbers stored as text, ids made
numbers, 是/否, a list spread over columns or written in one cell); it must never
decide whether a value is valid for its field, except for what only the ledger
knows: a column that is missing, a merged cell, a value not in a drop-down list, a
formula with no saved result. Those problems never stop the reading: they go on with
the document (``RawDocument.errors``), so that a clerk sees them and the validation's
(a date that does not exist, on another sheet) at once.

Every place is named as the clerk sees it: ``ledger.xlsx › 账号 › C7（开办日期）``;
every problem is a variant of :mod:`policyengine.ledger.catalogue`, never a sentence
spelt here.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

import attrs

from policyengine.codes import Message
from policyengine.diagnostics import Diagnostic
from policyengine.facts.messages import show
from policyengine.facts.raw import RawDocument
from policyengine.ledger import catalogue as C
from policyengine.ledger.layout import (
    FALSE_WORDS,
    TRUE_WORDS,
    Column,
    Sheet,
    column_letter,
    sheets,
)
from policyengine.ledger.workbook import (
    Cell,
    Table,
    read_csv_folder,
    read_workbook,
)
from policyengine.positions import Place
from policyengine.schema import (
    BoolType,
    DateType,
    EnumType,
    IntType,
    ListType,
    Schema,
)

__all__ = ["AS_OF_LABEL", "INSTRUCTIONS", "parse_text_date", "read_ledger"]

INSTRUCTIONS = "填写说明"
"""The template's instructions sheet: the reader reads only the check date from it."""
AS_OF_LABEL = "检查日期 as_of"
"""On the instructions sheet, the cell left of the check date (``as_of``)."""

_DATE_FORMS = re.compile(
    r"([0-9]{4})(?:-([0-9]{1,2})-([0-9]{1,2})|/([0-9]{1,2})/([0-9]{1,2})"
    r"|\.([0-9]{1,2})\.([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})日)"
)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_SEPARATORS = re.compile(r"[,，、;；\n]")
_COLUMN = "{header}（{code}）"
"""A required column as a message lists it: ``开办日期（opened_on）``."""
_CELL_HEADER = "（{header}）"
"""A cell as a message names it: ``ledger.xlsx › 账号 › J7（开办日期）``."""
_EMPTY = object()


def parse_text_date(text: str) -> datetime.date | str | None:
    """A date typed as text: ``2024-01-05``, ``2024/1/5``, ``2024.1.5``, ``2024年1月5日``.

    An impossible one (``2023/2/30``) is its ``YYYY-MM-DD`` text, which the validation
    reports with its record and field; None when the text is not in these forms."""
    found = _DATE_FORMS.fullmatch(text)
    if found is None:
        return None
    year, *parts = found.groups()
    month, day = (p for p in parts if p is not None)
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return f"{year}-{int(month):02d}-{int(day):02d}"


def read_ledger(path: Path, schema: Schema) -> RawDocument:
    """Read a workbook, or a folder of CSV files; raises FactError for what stops
    it being read (the file itself). What is wrong in a sheet (its header, merged
    cells, a value not in a drop-down list) goes on with the document, its errors in
    ``errors``, for the validation to report with its own."""
    tables = read_csv_folder(path) if path.is_dir() else read_workbook(path)
    return _Reading(str(path), schema).read(tables)


@attrs.define
class _Located:
    """Where one sheet's columns are: for the messages about its records."""

    table: Table
    sheet: Sheet
    at: dict[str, int]  # column code -> column index
    extra: dict[str, int]  # header of an undeclared column -> column index
    id_col: int
    position: int  # of the sheet in the workbook


class _Reading:
    def __init__(self, source: str, schema: Schema) -> None:
        self.source = source
        self.layout = sheets(schema)
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.collections: dict[str, list[object]] = {s.collection.name: [] for s in self.layout}
        # per collection, for each record: (its sheet, its row number)
        self.rows: dict[str, list[tuple[_Located, int]]] = {name: [] for name in self.collections}
        self.numbers: dict[tuple[str, int], list[object]] = {}  # numbers read as text
        self.as_of: object = None
        # (collection, position, field path) of the fields an error here is about
        self.reported: set[tuple[str, int, str]] = set()
        self.unread: set[str] = set()  # collections whose sheet could not be read
        # each place named in a message -> (sheet, row, column), to list them in order
        self.places: dict[str, tuple[int, int, int]] = {}
        self.sheet = 0  # the sheet being read, by its position in the workbook

    def read(self, tables: list[Table]) -> RawDocument:
        by_name = {s.kind: s for s in self.layout} | {s.name: s for s in self.layout}
        seen: set[str] = set()
        for self.sheet, table in enumerate(tables):
            if table.name == INSTRUCTIONS:
                self.as_of = _as_of(table)
                continue
            if table.hidden:
                continue
            sheet = by_name.get(table.name)
            if sheet is None:
                self.warnings.append(self.unknown_sheet(table))
                continue
            if sheet.kind in seen:
                self.unread.add(sheet.collection.name)
                self.error(C.SECOND_SHEET, table.place, kind=sheet.kind)
                continue
            seen.add(sheet.kind)
            self.read_table(table, sheet)
        self.note_numbers()
        # The errors go on with the document, not raised here: the validation lists
        # them with the problems it finds in the other cells and sheets, in place order.
        doc = RawDocument(self.source, self.collections, fields=self.fields, names=self.names)
        doc.as_of = self.as_of
        doc.warnings.extend(self.warnings)
        doc.errors.extend(self.errors)
        doc.reported |= self.reported
        doc.unread |= self.unread
        doc.order = self.places.get
        return doc

    def error(self, message: Message, where: str, **args: Any) -> None:
        """Report ``message`` about ``where`` with the clerk's words ``args``."""
        self.places.setdefault(where, (self.sheet, 0, 0))  # a sheet's or an area's
        self.errors.append(Diagnostic.of(message, location=where, **args))

    def unknown_sheet(self, table: Table) -> Diagnostic:
        names = "、".join(s.name for s in self.layout)
        return Diagnostic.of(C.UNKNOWN_SHEET, location=table.place, name=table.name, sheets=names)

    # -- one sheet

    def read_table(self, table: Table, sheet: Sheet) -> None:
        rows = table.rows
        header = _first_nonempty(rows)
        if header is None:
            return  # an empty sheet: no facts of this kind
        header_row, headers = header
        texts = [_text(c) for c in headers]
        codes = {c.code for c in sheet.columns}
        labels = {c.header: c.code for c in sheet.columns}
        first = next(rows, None)
        code_row = first is not None and any(_text(c) in codes for c in first[1])
        at: dict[str, int] = {}
        extra: dict[str, int] = {}
        names = [_text(c) for c in first[1]] if first is not None and code_row else []
        for i, text in enumerate(texts):
            code = names[i] if i < len(names) and names[i] in codes else labels.get(text)
            if code is not None and code not in at:
                at[code] = i
            elif text or (i < len(names) and names[i]):
                extra[text or names[i]] = i
        last_header = header_row + (1 if code_row else 0)
        span = f"A{header_row}:{column_letter(max(len(texts), 1) - 1)}{last_header}"
        missing = [c for c in sheet.columns if c.required and c.code not in at]
        if missing:
            listed = "、".join(_COLUMN.format(header=c.header, code=c.code) for c in missing)
            self.error(C.MISSING_COLUMNS, f"{table.place} › {span}", columns=listed)
            self.unread.add(sheet.collection.name)
            return
        merged = [m for m in table.merged if m[1][0] >= last_header]
        for (r0, c0), (r1, c1) in merged:
            area = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
            self.error(C.MERGED_CELLS, f"{table.place} › {area}")
        if merged:
            self.unread.add(sheet.collection.name)
            return
        located = _Located(table, sheet, at, extra, at.get("id", 0), self.sheet)
        convert = self.converters(located)
        more: Iterator[tuple[int, list[Cell]]] = rows
        if first is not None and not code_row:
            more = itertools.chain([first], rows)
        records = self.collections[sheet.collection.name]
        places = self.rows[sheet.collection.name]
        tag_field = sheet.collection.tag_field
        for number, cells in more:
            if all(_blank(c) for c in cells):
                continue
            record, failed = convert(number, cells)
            if tag_field is not None:
                record[tag_field] = sheet.tag
            # A record with a bad cell is still validated, without that cell's field:
            # its other problems are found and references to its id are not dangling.
            self.reported.update((sheet.collection.name, len(records), f) for f in failed)
            records.append(record)
            places.append((located, number))

    def converters(
        self, located: _Located
    ) -> Callable[[int, list[Cell]], tuple[dict[str, object], list[str]]]:
        """The function that turns a row into a raw record and the field paths of the
        cells it reported, made once per sheet."""
        table, sheet = located.table, located.sheet
        steps: list[tuple[str, Callable[[int, list[Cell], dict[str, object]], bool]]] = []
        flags: dict[tuple[str, ...], list[Column]] = {}
        paths: dict[int, str] = {}  # column index -> its field path
        for column in sheet.columns:
            index = located.at.get(column.code)
            if index is None:
                continue
            paths[index] = ".".join(column.path)
            if column.member is not None:
                flags.setdefault(column.path, []).append(column)
                continue
            steps.append((paths[index], self.value_step(located, column, index)))
        for path, members in flags.items():
            steps.append((".".join(path), self.flags_step(located, path, members)))
        for header, index in located.extra.items():
            steps.append((header, _extra_step(header, index)))
        formulas: dict[int, list[int]] = {}
        for row, col in table.formulas:
            if col in paths:
                formulas.setdefault(row + 1, []).append(col)

        def convert(number: int, cells: list[Cell]) -> tuple[dict[str, object], list[str]]:
            record: dict[str, object] = {}
            failed = [path for path, step in steps if not step(number, cells, record)]
            for col in formulas.get(number, ()):
                if _blank(_at(cells, col)):
                    failed.append(paths[col])
                    self.error(C.NO_SAVED_RESULT, self.cell(located, number, col))
            return record, failed

        return convert

    def cell(self, located: _Located, number: int, col: int) -> str:
        header = next(
            (c.header for c in located.sheet.columns if located.at.get(c.code) == col),
            next((h for h, i in located.extra.items() if i == col), ""),
        )
        name = _CELL_HEADER.format(header=header) if header else ""
        place = f"{located.table.place} › {column_letter(col)}{number}{name}"
        self.places.setdefault(place, (located.position, number, col))
        return place

    def value_step(
        self, located: _Located, column: Column, index: int
    ) -> Callable[[int, list[Cell], dict[str, object]], bool]:
        t = column.field.type
        parents, leaf = column.path[:-1], column.path[-1]
        to_value = self.value_of(located, column, index)
        empty_list = isinstance(t, ListType) and column.required

        def step(number: int, cells: list[Cell], record: dict[str, object]) -> bool:
            cell = cells[index] if index < len(cells) else None
            value = to_value(number, cell)
            if value is _EMPTY:
                if not empty_list:
                    return True
                value = []
            elif value is None:
                return False
            _put(record, parents, leaf, value)
            return True

        return step

    def value_of(
        self, located: _Located, column: Column, index: int
    ) -> Callable[[int, Cell], object]:
        """Cell -> raw value, ``_EMPTY``, or None after reporting an error."""
        t = column.field.type
        note = self.numbers.setdefault((located.table.place, index), [])
        if isinstance(t, ListType):
            return lambda number, cell: _list(cell, note, number)
        if isinstance(t, DateType):
            return lambda number, cell: _date(cell)
        if isinstance(t, BoolType):
            return lambda number, cell: _bool(cell)
        if isinstance(t, IntType):
            return lambda number, cell: _int(cell)
        if isinstance(t, EnumType):
            by_text = {m: m for m in t.members} | {
                label: m for m, label in t.labels.items() if label not in t.members
            }
            choices = "、".join(t.labels.get(m, m) for m in t.members)

            def enum(number: int, cell: Cell) -> object:
                if _blank(cell):
                    return _EMPTY
                text = _text(cell)
                found = by_text.get(text)
                if found is not None:
                    return found
                self.error(
                    C.NOT_IN_THE_LIST,
                    self.cell(located, number, index),
                    value=show(text),
                    choices=choices,
                )
                return None

            return enum
        return lambda number, cell: _str(cell, note, number)

    def flags_step(
        self, located: _Located, path: tuple[str, ...], members: list[Column]
    ) -> Callable[[int, list[Cell], dict[str, object]], bool]:
        parents, leaf = path[:-1], path[-1]
        indexed = [(c.member, located.at[c.code]) for c in members]

        def step(number: int, cells: list[Cell], record: dict[str, object]) -> bool:
            chosen: list[object] = []
            seen, ok = False, True
            for member, index in indexed:
                cell = cells[index] if index < len(cells) else None
                if _blank(cell):
                    continue
                seen = True
                value = _bool(cell)
                if value is True:
                    chosen.append(member)
                elif value is not False:
                    ok = False
                    self.error(
                        C.NOT_YES_OR_NO, self.cell(located, number, index), value=show(_text(cell))
                    )
            if seen and ok:
                _put(record, parents, leaf, chosen)
            return ok

        return step

    def note_numbers(self) -> None:
        """One warning per column where numbers were read as text (ids made numbers)."""
        for (place, index), found in self.numbers.items():
            if not found:
                continue
            number, value = found[0], found[1]
            more = len(found) // 2 - 1
            self.warnings.append(
                Diagnostic.of(
                    C.NUMBER_AS_TEXT,
                    location=f"{place} › {column_letter(index)}{number}",
                    value=value,
                    also=C.MORE_IN_THE_COLUMN(more=more) if more else "",
                )
            )

    # -- places in messages about records

    def fields(self, doc: RawDocument, places: Collection[Place]) -> dict[Place, tuple[int, int]]:
        """The row and column (from 0) of each (collection, record, field path): the
        field's column, a nested record's first, a record's id cell."""
        del doc
        out: dict[Place, tuple[int, int]] = {}
        for place in places:
            key, position, field = place
            rows = self.rows.get(key)
            if rows is None or position >= len(rows):
                continue
            located, number = rows[position]
            col = located.id_col
            if field:
                code = re.sub(r"\[[0-9]+\]", "", field)
                found = located.at.get(code)
                if found is None:
                    found = next(
                        (
                            i
                            for c, i in located.at.items()
                            if c.startswith((code + ".", code + "["))
                        ),
                        located.extra.get(code),
                    )
                if found is not None:
                    col = found
            out[place] = (number, col)
        return out

    def names(self, key: str, position: int | None, at: tuple[int, int] | None) -> str:
        """A place as the clerk sees it: ``台账.xlsx › 账号 › J7（开办日期）``; a record
        without a field named by its id cell."""
        rows = self.rows.get(key)
        if position is None or rows is None or position >= len(rows):
            return self.source
        located, number = rows[position]
        if at is None:
            return self.cell(located, number, located.id_col)
        return self.cell(located, at[0], at[1])


def _put(record: dict[str, object], parents: tuple[str, ...], leaf: str, value: object) -> None:
    """Set a field of the record, or of a nested record (made when first needed)."""
    target = record
    for p in parents:
        target = target.setdefault(p, {})  # type: ignore[assignment]
    target[leaf] = value


def _as_of(table: Table) -> object:
    """The check date beside the ``as_of`` label of the instructions sheet: a date,
    text for the validation to judge, or None."""
    for _, cells in table.rows:
        if cells and "as_of" in _text(cells[0]):
            value = _date(_at(cells, 1))
            return None if value is _EMPTY else value
    return None


def _first_nonempty(rows: Iterator[tuple[int, list[Cell]]]) -> tuple[int, list[Cell]] | None:
    for number, cells in rows:
        if not all(_blank(c) for c in cells):
            return number, cells
    return None


def _at(cells: list[Cell], index: int) -> Cell:
    return cells[index] if index < len(cells) else None


def _blank(cell: Cell) -> bool:
    return cell is None or (type(cell) is str and not cell.strip())


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _extra_step(header: str, index: int) -> Callable[[int, list[Cell], dict[str, object]], bool]:
    def step(number: int, cells: list[Cell], record: dict[str, object]) -> bool:
        cell = _at(cells, index)
        if not _blank(cell):
            record[header] = cell
        return True

    return step


def _date(cell: Cell) -> object:
    if _blank(cell):
        return _EMPTY
    if isinstance(cell, datetime.datetime):
        return cell.date() if cell.time() == datetime.time() else cell
    if isinstance(cell, str):
        text = cell.strip()
        found = parse_text_date(text)
        return text if found is None else found
    return cell


def _bool(cell: Cell) -> object:
    if _blank(cell):
        return _EMPTY
    if isinstance(cell, str):
        word = cell.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        return cell.strip()
    return cell


def _int(cell: Cell) -> object:
    if _blank(cell):
        return _EMPTY
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, str):
        text = cell.strip().replace(",", "")
        return int(text) if _INTEGER.fullmatch(text) and len(text) < 20 else cell.strip()
    return cell


def _str(cell: Cell, note: list[object], number: int) -> object:
    if _blank(cell):
        return _EMPTY
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        text = _text(cell)
        note += (number, text)
        return text
    return cell


def _list(cell: Cell, note: list[object], number: int) -> object:
    if _blank(cell):
        return _EMPTY
    value = _str(cell, note, number)
    if isinstance(value, str):
        return [part.strip() for part in _SEPARATORS.split(value) if part.strip()]
    return value
