"""How a policy's fact schema is laid out as a ledger: sheets, columns, and cell text.

Takes a :class:`~policyengine.schema.Schema`; gives the sheets of a ledger (one per
kind of fact, and one per variant of a tagged collection, since their fields differ)
and, for each, its columns in order. Both the template writer and the reader use
this one layout, so a workbook the template makes is one the reader reads. It must
never read or write a file.

A column holds one of:

* a scalar field (``opened_on``), or one of a nested record (``announcement.start``,
  headed by the record's label and the field's: 公告开始);
* one member of a list of enum values (``materials[registration_form]``), as 是/否;
* a list of ids or other text (``maintainers``), in one cell separated by commas or 、.

A list of records cannot be laid out in cells; a schema with one has no ledger.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from policyengine.ledger import catalogue as C
from policyengine.schema import (
    Collection,
    EnumType,
    Field,
    ListType,
    RecordType,
    Schema,
    StrType,
    Type,
)
from policyengine.text import Text

__all__ = [
    "FALSE_WORDS",
    "ID_HEADER",
    "NO",
    "TRUE_WORDS",
    "YES",
    "Column",
    "LayoutError",
    "Sheet",
    "column_letter",
    "sheets",
]

YES, NO = "是", "否"
TRUE_WORDS = frozenset({"是", "true", "yes", "y", "√", "✓"})
FALSE_WORDS = frozenset({"否", "false", "no", "n", "×", "✗"})
"""Cell text read as a boolean (compared in lower case); Excel's own TRUE/FALSE cells
arrive as booleans."""
ID_HEADER = "编号"
"""The header of the ``id`` column, which no policy declares."""
MEMBER_HEADER = "{header}：{label}"
"""The header of one member's 是/否 column of a list of enum values: ``材料：登记表``."""

_SHEET_NAME_MAX = 31
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


class LayoutError(ValueError):
    """The schema has a field that cannot be laid out in cells; ``reason`` says which,
    in both languages (``str()`` of the error is its English)."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.en)
        self.reason = reason


@attrs.frozen
class Column:
    code: str  # the field code under the header: ``announcement.start``, ``materials[open]``
    header: str  # the header people read: ``公告开始``
    path: tuple[str, ...]  # field names from the record down: ``("announcement", "start")``
    field: Field  # the field the column fills (for a member column, the list field)
    member: str | None = None  # for one member of a list of enum values
    required: bool = False  # the record cannot be valid without this column

    @property
    def is_list(self) -> bool:
        return isinstance(self.field.type, ListType)


@attrs.frozen
class Sheet:
    name: str  # the sheet's name (also a CSV file's name, without ``.csv``)
    kind: str  # the kind of fact of its rows: ``account``, ``post``
    collection: Collection
    tag: str | None  # the tag value of its rows in a tagged collection
    columns: tuple[Column, ...]

    def column(self, code: str) -> Column | None:
        for c in self.columns:
            if c.code == code:
                return c
        return None


def sheets(schema: Schema) -> list[Sheet]:
    """The sheets of the ledger of ``schema``, in declaration order.

    Raises :class:`LayoutError` for a field no cell can hold (a list of records).
    """
    out: list[Sheet] = []
    used: set[str] = set()
    for coll in schema.collections.values():
        for kind, variant in coll.variants.items():
            if coll.tag_field is not None and variant.tag is None:
                continue  # the common part of a tagged collection: its variants have sheets
            fields = list(variant.fields)
            if all(f.name != "id" for f in fields):
                fields.insert(0, Field("id", StrType()))
            columns = tuple(
                c
                for f in fields
                if f.name != coll.tag_field
                for c in _columns(f, (), "", True, kind)
            )
            name = _sheet_name(variant.label, kind, used)
            used.add(name)
            out.append(Sheet(name, kind, coll, variant.tag, columns))
    return out


def _sheet_name(label: str | None, kind: str, used: set[str]) -> str:
    """The label when it is a usable, unused sheet name, else the kind's name."""
    if (
        label
        and len(label) <= _SHEET_NAME_MAX
        and not _SHEET_NAME_BAD.search(label)
        and label not in used
    ):
        return label
    return kind[:_SHEET_NAME_MAX]


def _columns(
    f: Field, parents: tuple[str, ...], head: str, required: bool, owner: str
) -> Iterator[Column]:
    path = (*parents, f.name)
    code = ".".join(path)
    header = head + (f.label or ("" if f.name == "id" and not parents else f.name))
    if f.name == "id" and not parents:
        header = ID_HEADER
    need = required and not f.optional
    t: Type = f.type
    if isinstance(t, RecordType):
        for inner in t.fields:
            yield from _columns(inner, path, header, need, owner)
        return
    if isinstance(t, ListType):
        element = t.element
        if isinstance(element, EnumType):
            for member in element.members:
                label = element.labels.get(member, member)
                member_header = MEMBER_HEADER.format(header=header, label=label)
                yield Column(f"{code}[{member}]", member_header, path, f, member, need)
            return
        if isinstance(element, RecordType | ListType):
            raise LayoutError(C.LIST_IN_A_CELL(field=f"{owner}.{code}", element=element))
    yield Column(code, header, path, f, None, need)


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``26`` -> ``AA``: the column as the spreadsheet shows it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
