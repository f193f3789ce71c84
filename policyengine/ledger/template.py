"""A policy's fact schema -> a ledger workbook to fill in (and, given facts, filled).

Takes a checked policy and, optionally, validated facts; writes an ``.xlsx`` file
laid out by :mod:`policyengine.ledger.layout`: an instructions sheet (what each column
means, which articles read it, the command that checks the ledger, the check date),
one sheet per kind of fact with a Chinese header over the field code, drop-down
lists for enum and 是/否 columns (the lists on a hidden sheet), date columns as
date cells, and text columns formatted as text so that Excel keeps ``001`` as typed.
It must never write a workbook the reader would read differently from the facts it
was filled with (``tests/test_ledger.py`` reads every example back).
"""

from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from policyengine.checker import CheckedPolicy
from policyengine.facts import FactSet
from policyengine.factspec import field_articles
from policyengine.files import file_mode
from policyengine.ledger import catalogue as C
from policyengine.ledger.layout import NO, YES, Column, Sheet, column_letter, sheets
from policyengine.ledger.read import AS_OF_LABEL, INSTRUCTIONS
from policyengine.schema import (
    BoolType,
    DateType,
    EnumType,
    IntType,
    ListType,
    Type,
    type_words,
)

__all__ = ["LISTS", "write_template"]

LISTS = "下拉列表"
"""The hidden sheet holding the drop-down lists."""
DATE_FORMAT = "yyyy-mm-dd"
_LAST_ROW = 1_048_576
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_CODE_FONT = Font(color="808080", size=9)

# The words the template writes into its cells, for the township's clerks: Chinese only
# (a column's type words come from schema.type_words, an enum's from the catalogue).
_TITLE = "台账：{title}"
_TITLE_OF_DOCUMENT = "{title}（{document}）"
_COMMAND = "检查台账的命令"
_HOW = (
    "填写方法",
    "每类事实一个工作表；第一行是中文表头，第二行是字段代码（请勿改动），从第三行起每行一条。"
    "橙色表头为必填列。日期可填日期单元格或 2024-01-05、2024/1/5、2024.1.5、2024年1月5日；"
    "是否类填“是”或“否”；多个编号用“、”或逗号分隔。可以增加“备注”等列，检查时会提示并忽略。",
)
_COLUMNS = ("工作表", "表头", "字段代码", "填写", "必填", "说明", "相关条款")
_REQUIRED = "必填"
_IN_ONE_CELL = "{words}，用“、”或逗号分隔"
_NOT_LISTED = ("不在下拉列表中", "请从下拉列表中选择")  # the title and text Excel shows


def write_template(
    checked: CheckedPolicy,
    target: Path,
    *,
    facts: FactSet | None = None,
    command: str,
) -> None:
    """Write the ledger of ``checked`` to ``target`` (replacing it only once complete).

    ``command`` is how the instructions tell the clerk to check the filled ledger."""
    layout = sheets(checked.schema)
    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = INSTRUCTIONS
    lists = book.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    ranges = _lists(lists, layout)
    for sheet in layout:
        ws = book.create_sheet(sheet.name)
        _header(ws, sheet)
        _validations(ws, sheet, ranges)
        if facts is not None:
            _fill(ws, sheet, facts.by_kind.get(sheet.kind, []))
    _instructions(guide, checked, layout, command, facts.as_of if facts is not None else None)
    book.move_sheet(LISTS, offset=len(book.sheetnames))
    _save(book, target)


def _save(book: Workbook, target: Path) -> None:
    """Write next to the target, then replace it: a crash never leaves half a file."""
    folder = target.parent if str(target.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(suffix=".xlsx", dir=folder)
    os.close(fd)
    try:
        book.save(temporary)
        os.chmod(temporary, file_mode(target))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _enum_of(column: Column) -> EnumType | None:
    t: Type = column.field.type
    return t if isinstance(t, EnumType) else None


def _lists(ws: Worksheet, layout: list[Sheet]) -> dict[str, str]:
    """One column of labels per enum used by a column; its range by enum name."""
    ranges: dict[str, str] = {}
    for sheet in layout:
        for column in sheet.columns:
            enum = _enum_of(column)
            if enum is None or enum.name in ranges:
                continue
            col = column_letter(len(ranges))
            ws.cell(1, len(ranges) + 1, enum.name)
            for row, member in enumerate(enum.members, 2):
                ws.cell(row, len(ranges) + 1, enum.labels.get(member, member))
            last = len(enum.members) + 1
            ranges[enum.name] = f"{quote_sheetname(LISTS)}!${col}$2:${col}${last}"
    return ranges


def _header(ws: Worksheet, sheet: Sheet) -> None:
    for i, column in enumerate(sheet.columns, 1):
        head = ws.cell(1, i, column.header)
        head.font = Font(bold=True)
        head.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="center")
        code = ws.cell(2, i, column.code)
        code.font = _CODE_FONT
        letter = column_letter(i - 1)
        ws.column_dimensions[letter].width = max(12, min(40, 2 * len(column.header) + 4))
        ws.column_dimensions[letter].number_format = _format(column)
    ws.freeze_panes = "B3"


def _format(column: Column) -> str:
    t = column.field.type
    if column.member is not None or isinstance(t, BoolType | EnumType):
        return "General"
    if isinstance(t, DateType):
        return DATE_FORMAT
    if isinstance(t, IntType):
        return "0"
    return "@"  # text: ids keep their leading zeros


def _validations(ws: Worksheet, sheet: Sheet, ranges: Mapping[str, str]) -> None:
    yes_no = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    by_list: dict[str, DataValidation] = {}
    for i, column in enumerate(sheet.columns):
        area = f"{column_letter(i)}3:{column_letter(i)}{_LAST_ROW}"
        enum = _enum_of(column)
        if column.member is not None or isinstance(column.field.type, BoolType):
            yes_no.add(area)
        elif enum is not None:
            dv = by_list.get(enum.name)
            if dv is None:
                dv = DataValidation(
                    type="list",
                    formula1=f"={ranges[enum.name]}",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=_NOT_LISTED[0],
                    error=_NOT_LISTED[1],
                )
                by_list[enum.name] = dv
            dv.add(area)
    for dv in (yes_no, *by_list.values()):
        if dv.sqref:
            ws.add_data_validation(dv)


def _fill(ws: Worksheet, sheet: Sheet, records: list[dict[str, object]]) -> None:
    for row, record in enumerate(records, 3):
        for i, column in enumerate(sheet.columns, 1):
            value = _cell_value(column, record)
            if value is None:
                continue
            cell = ws.cell(row, i, value)
            cell.number_format = _format(column)


CellValue = str | int | datetime.date | None


def _cell_value(column: Column, record: Mapping[str, object]) -> CellValue:
    value: object = record
    for step in column.path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(step)
    if value is None:
        return None
    if column.member is not None:
        return YES if isinstance(value, list) and column.member in value else NO
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return YES if value else NO
    enum = _enum_of(column)
    if enum is not None and isinstance(value, str):
        return enum.labels.get(value, value)
    if isinstance(value, str | int | datetime.date):
        return value
    raise ValueError(f"`{column.code}` holds {value!r}, which no cell of this column can hold")


def _type_words(t: Type) -> str:
    """The column's type in the instructions sheet's words: an enum is its drop-down
    list, a list is written in one cell."""
    words = type_words(t, lambda _: C.DROP_DOWN).zh
    return _IN_ONE_CELL.format(words=words) if isinstance(t, ListType) else words


def _instructions(
    ws: Worksheet,
    checked: CheckedPolicy,
    layout: list[Sheet],
    command: str,
    as_of: datetime.date | None,
) -> None:
    articles = field_articles(checked)
    title = checked.title
    if checked.document:
        title = _TITLE_OF_DOCUMENT.format(title=title, document=checked.document)
    ws.append([_TITLE.format(title=title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_COMMAND, command])
    ws.append([AS_OF_LABEL, as_of])
    ws["B3"].number_format = DATE_FORMAT
    ws.append(list(_HOW))
    ws.append([])
    ws.append(list(_COLUMNS))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for sheet in layout:
        for column in sheet.columns:
            owner = ".".join((sheet.collection.variants[sheet.kind].record.name, *column.path[:-1]))
            cited = articles.get((owner, column.path[-1])) or articles.get(
                (sheet.collection.subject, column.path[-1])
            )
            t = column.field.type
            words = (
                f"{YES}/{NO}"
                if column.member is not None
                else _type_words(
                    t.element if isinstance(t, ListType) and isinstance(t.element, EnumType) else t
                )
            )
            ws.append(
                [
                    sheet.name,
                    column.header,
                    column.code,
                    words,
                    _REQUIRED if column.required else "",
                    column.field.doc or "",
                    "、".join(cited or ()),
                ]
            )
    for letter, width in zip("ABCDEFG", (14, 24, 34, 22, 6, 40, 30), strict=True):
        ws.column_dimensions[letter].width = width
