"""Fact files and in-memory facts -> a validated :class:`FactSet`, one module per stage.

A record goes through these in order:

* :mod:`~policyengine.facts.read` — files (JSON, JSON Lines, YAML) -> raw documents;
  knows file formats, never the schema.
* :mod:`~policyengine.facts.fast` — the typed reading of JSON and JSON Lines straight
  into valid records (msgspec), for files whose records need no message.
* :mod:`~policyengine.facts.typed` — each raw value coerced to its declared type.
* :mod:`~policyengine.facts.records` — per collection, the converter of each kind and
  the references each record makes.
* :mod:`~policyengine.facts.validate` — raw documents + the policy's schema -> the
  fact set: ids, duplicates, references, undeclared fields, every problem collected.
* :mod:`~policyengine.facts.factset` — the :class:`FactSet` the runtime evaluates.
* :mod:`~policyengine.facts.messages` — the words of every problem (codes E42x-E43x,
  ``docs/errors-facts.md``).

The public names are re-exported here; a name with a leading underscore is internal
to this package.
"""

from policyengine.facts.factset import FactSet
from policyengine.facts.typed import parse_iso_date
from policyengine.facts.validate import facts_from_documents, facts_from_mapping, load_facts

__all__ = [
    "FactSet",
    "facts_from_documents",
    "facts_from_mapping",
    "load_facts",
    "parse_iso_date",
]
