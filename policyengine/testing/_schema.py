"""Walking fact documents with the schema: which variant a record is, and where its
references are.

Takes a schema and a record; gives its variant and its references. Shared by the
strategies and the helpers; nothing here imports hypothesis or changes a record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from policyengine.schema import Collection, ListType, RecordType, RefType, Schema, Type, Variant


def real_variants(coll: Collection) -> list[Variant]:
    """The variants records can have: a tagged collection also lists its subject as an
    untagged variant (so that a policy can say ``ref event``); no record is one."""
    if coll.tag_field is None:
        return list(coll.variants.values())
    return [v for v in coll.variants.values() if v.tag is not None]


def variant_of(coll: Collection, record: Mapping[str, Any]) -> Variant | None:
    """The variant of a raw record (by its tag in a tagged collection)."""
    if coll.tag_field is None:
        variants = real_variants(coll)
        return variants[0] if variants else None
    tag = record.get(coll.tag_field)
    return coll.variant_for_tag(tag) if isinstance(tag, str) else None


def ref_target(schema: Schema, kind: str) -> tuple[Collection, Variant | None]:
    """The collection a ``ref kind`` points into, and the variant the target must be
    (None: any record of the collection)."""
    found = schema.kind(kind)
    if found is not None:
        coll, variant = found
        if coll.tag_field is not None and variant.tag is None:
            return coll, None
        return coll, variant if coll.tag_field is not None else None
    coll_of_subject = schema.collection_of_subject(kind)
    if coll_of_subject is None:
        raise ValueError(f"a reference to the unknown kind {kind!r}")
    return coll_of_subject, None


def map_refs(t: Type, value: Any, fn: Callable[[str, str], str]) -> Any:
    """``value`` (raw, of type ``t``) with every reference id replaced by
    ``fn(kind, id)``; values that do not have the expected shape are kept."""
    if isinstance(t, RefType):
        return fn(t.kind, value) if isinstance(value, str) else value
    if isinstance(t, ListType):
        if isinstance(value, list | tuple):
            return [map_refs(t.element, v, fn) for v in value]
        return value
    if isinstance(t, RecordType):
        if isinstance(value, Mapping):
            return map_record_refs(t, value, fn)
        return value
    return value


def map_record_refs(
    record_type: RecordType, record: Mapping[str, Any], fn: Callable[[str, str], str]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        field = record_type.field(key) if isinstance(key, str) else None
        out[key] = value if field is None else map_refs(field.type, value, fn)
    return out


def refs_in(record_type: RecordType, record: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """The (kind, id) of every reference in a raw record."""
    found: list[tuple[str, str]] = []

    def collect(kind: str, rid: str) -> str:
        found.append((kind, rid))
        return rid

    map_record_refs(record_type, record, collect)
    yield from found
