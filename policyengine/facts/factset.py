"""The fact set: validated records by kind, their ids, and where each one came from.

Takes the records :mod:`policyengine.facts.validate` has checked; gives the
:class:`FactSet` the runtime evaluates. It never checks or converts a record, and
keeps where a record came from as one packed integer per record, turned into a place
only when a message needs it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from policyengine.arguments import expect
from policyengine.diagnostics import Diagnostic
from policyengine.facts.raw import RawDocument
from policyengine.schema import (
    Schema,
)

POSITION_BITS = 32  # origin = document index << 32 | position in the file's list


def origin_place(documents: Sequence[RawDocument], collection: str, packed: int) -> str:
    """The place (``file:line: accounts[3]``) of a packed origin."""
    position = packed & ((1 << POSITION_BITS) - 1)
    return documents[packed >> POSITION_BITS].where(collection, position)


@attrs.define(eq=False)
class FactSet:
    """Validated facts, merged over all files.

    ``by_kind`` has a (possibly empty) list for every kind of the schema, records in
    input order (files in the order given, records in file order); when a tagged
    collection's subject is a kind (``event``), its list holds every record of the
    collection. ``index`` has a mapping for every collection, by id (all variants of a
    tagged collection share it); for a collection no reference points into, it is
    built when first looked up (:class:`IdIndex`).
    """

    schema: Schema
    by_kind: dict[str, list[dict[str, object]]]
    index: dict[str, Mapping[str, dict[str, object]]]
    as_of: datetime.date | None = None
    warnings: list[Diagnostic] = attrs.Factory(list)
    _origins: Origins = attrs.field(factory=lambda: Origins(), repr=False)
    _documents: list[RawDocument] = attrs.field(factory=list, repr=False)

    def origin(self, collection: str, id: str) -> str:
        """Where a fact was read: ``examples/x.yaml:12: accounts[3]``.

        Facts not read from a document (a FactSet built by hand) are named by
        collection and id.
        """
        _expect_key(collection, id, "FactSet.origin")
        packed = self._origins.get(collection, id)
        if packed is None:
            return f"{collection} `{id}`"
        return origin_place(self._documents, collection, packed)

    def place(self, collection: str, id: str) -> tuple[str, int | None] | None:
        """The file a fact was read from and its record's line (None when the format
        gives no lines, as plain JSON); None for a fact not read from a file."""
        _expect_key(collection, id, "FactSet.place")
        packed = self._origins.get(collection, id)
        if packed is None:
            return None
        document = self._documents[packed >> POSITION_BITS]
        lines = document.lines.get(collection)
        position = packed & ((1 << POSITION_BITS) - 1)
        line = lines[position] if lines is not None and position < len(lines) else None
        return document.source, line

    @property
    def sources(self) -> tuple[str, ...]:
        """The files (or names) the facts were read from, in order, each once."""
        return tuple(dict.fromkeys(d.source for d in self._documents))

    def __len__(self) -> int:
        """The number of facts (a tagged collection's records are listed twice in
        ``by_kind``, under their variant and under the collection's subject)."""
        return sum(len(by_id) for by_id in self.index.values())


def _expect_key(collection: object, id: object, method: str) -> None:
    expect(collection, str, f"{method}(collection)", "a collection's name")
    expect(id, str, f"{method}(id)", "a fact's id")


class IdIndex(Mapping[str, dict[str, object]]):
    """A collection's facts by id, built when first looked up.

    A dict of a million ids costs a quarter of a second; for a collection that no
    reference points into (the events), nothing needs it while loading or evaluating,
    and ids used twice are found with a set, in less than half the time."""

    __slots__ = ("_built", "_parts", "_size")

    def __init__(self, parts: list[tuple[list[str], list[dict[str, object]]]], size: int) -> None:
        self._parts = parts
        self._size = size
        self._built: dict[str, dict[str, object]] | None = None

    def _dict(self) -> dict[str, dict[str, object]]:
        if self._built is None:
            built: dict[str, dict[str, object]] = {}
            for ids, records in self._parts:
                built.update(zip(ids, records, strict=True))
            self._built, self._parts = built, []
        return self._built

    def __getitem__(self, rid: str) -> dict[str, object]:
        return self._dict()[rid]

    def get(self, rid: str, default: Any = None) -> Any:
        return self._dict().get(rid, default)

    def __contains__(self, rid: object) -> bool:
        return rid in self._dict()

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict())

    def __len__(self) -> int:
        return self._size


class Origins:
    """Where each record was read, found only when asked (by messages and
    :meth:`FactSet.origin`), so that loading keeps nothing per record for it.

    Per collection, the record lists of the documents in order; the origin of an id is
    the first (document, position) of a record (a mapping) with that ``id``, valid or
    not. The lists are scanned once, as far as the questions need.
    """

    def __init__(self) -> None:
        self.lists: dict[str, list[tuple[int, Sequence[object]]]] = {}
        self.found: dict[str, dict[str, int]] = {}
        self.cursor: dict[str, tuple[int, int]] = {}

    def add(self, collection: str, number: int, records: Sequence[object]) -> None:
        self.lists.setdefault(collection, []).append((number, records))

    def get(self, collection: str, rid: str) -> int | None:
        """``document number << 32 | position`` of the first record with this id."""
        found = self.found.setdefault(collection, {})
        packed = found.get(rid)
        if packed is not None:
            return packed
        lists = self.lists.get(collection, [])
        i, position = self.cursor.get(collection, (0, 0))
        try:
            while i < len(lists):
                number, records = lists[i]
                while position < len(records):
                    record = records[position]
                    other = record.get("id") if isinstance(record, Mapping) else None
                    position += 1
                    if isinstance(other, str) and other not in found:
                        found[other] = number << POSITION_BITS | (position - 1)
                        if other == rid:
                            return found[other]
                i, position = i + 1, 0
            return None
        finally:
            self.cursor[collection] = (i, position)
