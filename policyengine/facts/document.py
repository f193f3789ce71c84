"""The top level of a parsed fact file: a mapping of collections to lists of records.

Takes what a parser (or a library caller) produced; gives a :class:`RawDocument`,
or E410-E412 when the top level is not a mapping of lists. Never: looks inside a
record, or walks a caller's value beyond its top level (its depth, shared parts or
cycles cannot make this recurse).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from policyengine.diagnostics import Diagnostic
from policyengine.errors import FactError
from policyengine.facts import catalogue as C
from policyengine.facts.messages import describe, show
from policyengine.facts.raw import AS_OF, RawDocument


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
    return parsed_document(data, source, lines=lines, key_lines=key_lines, own=False)


def parsed_document(
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
        raise FactError([Diagnostic.of(C.TOP_NOT_A_MAPPING, location=source, got=describe(data))])
    doc = RawDocument(source, key_lines=dict(key_lines or {}))
    for key, value in data.items():
        if not isinstance(key, str):
            problems.append(Diagnostic.of(C.TOP_KEY_NOT_TEXT, location=source, key=show(key)))
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
                Diagnostic.of(C.NOT_A_LIST, location=doc.where(key), key=key, got=describe(value))
            )
    if problems:
        raise FactError(problems)
    return doc
