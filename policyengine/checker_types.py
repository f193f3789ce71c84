"""Names and types as the checker sees them, beside the schema's types.

Takes nothing but types and names; gives what a name resolves to (:class:`Resolution`),
the names in scope at a point of a rule (:class:`Scope`), the type of bare member names
not yet tied to an enum (:class:`MembersType`), the family a type is compared within,
and the nearest name to a misspelt one. It never reports a problem and never reads a
policy: :mod:`policyengine.checker` and :mod:`policyengine.checker_exprs` do, with these.
# INVARIANT: a checked policy's ``resolutions`` map every Name to a :class:`Resolution`;
# the compiler reads them (``what``: var, let, param, builtin, member or kind).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

import attrs

from policyengine import checker_messages as M
from policyengine.diagnostics import Text
from policyengine.schema import (
    BoolType,
    DateType,
    EnumType,
    FactType,
    IntType,
    ListType,
    MapType,
    NullType,
    RecordType,
    RefType,
    SetType,
    StrType,
    Type,
)


@attrs.frozen
class MembersType:
    """Bare enum member names not yet tied to an enum: ``{change, shutdown}``."""

    names: frozenset[str]

    def __str__(self) -> str:
        return "{" + ", ".join(sorted(self.names)) + "}"


AnyType = Type | MembersType


@attrs.frozen
class Resolution:
    """What a Name refers to."""

    what: str  # var | let | param | builtin | member | kind
    value: str


def _nearest(name: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(name: str, candidates: Iterable[str]) -> Text | None:
    """A help line naming the candidate closest to a misspelt ``name``, if one is close."""
    near = _nearest(name, candidates)
    if near is None:
        return None
    return M.DID_YOU_MEAN(near=near)


def family(t: AnyType) -> str:
    """The family a type belongs to for compatibility: units and enum names aside."""
    if isinstance(t, IntType):
        return "int"
    if isinstance(t, (EnumType, MembersType)):
        return "enum"
    if isinstance(t, (FactType, RefType)):
        return "fact"
    return type(t).__name__


class Scope:
    """Variables visible at a point in a rule: the rule's fact, lets, aggregate vars."""

    def __init__(self, names: dict[str, tuple[str, AnyType]]) -> None:
        self.names = names

    def child(self, name: str, what: str, type_: AnyType) -> Scope:
        return Scope({**self.names, name: (what, type_)})


def literal_type(value: object) -> AnyType:
    """The type of a literal's value (a date when it is none of the others)."""
    if value is None:
        return NullType()
    if isinstance(value, bool):
        return BoolType()
    if isinstance(value, int):
        return IntType()
    if isinstance(value, str):
        return StrType()
    return DateType()


def enum_members(t: Type) -> Iterator[str]:
    """Every enum member a value of type ``t`` can hold, however deep."""
    if isinstance(t, EnumType):
        yield from t.members
    elif isinstance(t, (ListType, SetType)):
        yield from enum_members(t.element)
    elif isinstance(t, MapType):
        yield from enum_members(t.key)
        yield from enum_members(t.value)
    elif isinstance(t, RecordType):
        for f in t.fields:
            yield from enum_members(f.type)
