"""Fact files and in-memory facts -> a validated :class:`FactSet`, one module per stage.

* :mod:`~policyengine.facts.read` — files (JSON, JSON Lines, YAML) -> raw documents;
  knows file formats, never the schema.
* :mod:`~policyengine.facts.fast` — the typed reading of JSON and JSON Lines straight
  into valid records (msgspec), for files whose records need no message.
* :mod:`~policyengine.facts.validate` — raw documents + the policy's schema -> the
  fact set: coercion, references, duplicates, undeclared fields, and the messages of
  every problem (codes E4xx, ``docs/errors-facts.md``).

The public names are re-exported here; the modules' other names are internal.
"""

from policyengine.facts.validate import (
    FactSet,
    facts_from_documents,
    facts_from_mapping,
    load_facts,
    parse_iso_date,
)

__all__ = [
    "FactSet",
    "facts_from_documents",
    "facts_from_mapping",
    "load_facts",
    "parse_iso_date",
]
