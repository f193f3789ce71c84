"""Fact files and in-memory facts -> a validated :class:`FactSet`, one module per stage.

A record goes through these in order:

* :mod:`~policyengine.facts.read` — files and folders (JSON, JSON Lines, YAML,
  standard input, ledgers) -> raw documents; knows file formats, never the schema.
  One module per format beneath it: :mod:`~policyengine.facts.files` (one file:
  its bytes, its first bytes sniffed, the reader of its suffix),
  :mod:`~policyengine.facts.jsonfile`, :mod:`~policyengine.facts.jsonlines`,
  :mod:`~policyengine.facts.yamlfile`, :mod:`~policyengine.facts.stdin`; and what
  they share: :mod:`~policyengine.facts.raw` (:class:`RawDocument`, the limits),
  :mod:`~policyengine.facts.document` (the top level of a parsed file),
  :mod:`~policyengine.facts.problems` (what goes wrong reading a file).
* :mod:`~policyengine.facts.fast` — the typed reading of JSON and JSON Lines straight
  into valid records (msgspec), for files whose records need no message; the msgspec types it
  decodes into are built from the schema in :mod:`~policyengine.facts.fasttypes`.
* :mod:`~policyengine.facts.typed` — each raw value coerced to its declared type.
* :mod:`~policyengine.facts.records` — per collection, the converter of each kind and
  the references each record makes.
* :mod:`~policyengine.facts.validate` — raw documents + the policy's schema -> the
  fact set: ids, duplicates, references, undeclared fields, every problem collected.
* :mod:`~policyengine.facts.factset` — the :class:`FactSet` the runtime evaluates.
* :mod:`~policyengine.facts.messages` — every problem worded for its record (codes
  E42x-E43x, ``docs/errors-facts.md``) and the values it shows, from the variants of
  :mod:`~policyengine.facts.catalogue`, where every fact message's words are.

The public names are re-exported here. Inside the package, a stage module's names
without a leading underscore are what the other stages may use (the typed reading
and the general one share their helpers this way); a name with a leading underscore
is internal to its module.
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
