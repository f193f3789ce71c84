"""YAML 1.2's core schema for PyYAML, which knows only YAML 1.1.

Under YAML 1.1 a plain ``on``, ``no`` or ``y`` is a boolean, ``010`` is 8,
``12:30`` is 750 and ``2024-01-05`` a date; under YAML 1.2's core schema, which is
how people write YAML today, only ``true``/``false`` (three spellings each) are
booleans, only ``null``, ``~`` and nothing are null, numbers are decimal (or
``0o``/``0x``), and everything else is text. This module gives PyYAML those
resolution rules; it reads and writes nothing itself.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.resolver import BaseResolver

__all__ = ["BOOL", "FLOAT", "INT", "NULL", "CoreResolver", "dump", "load", "other_version"]

NULL = re.compile(r"~|null|Null|NULL|")
BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN"
)


class CoreResolver(BaseResolver):
    """Resolves plain scalars by the core schema (the first characters that can
    start each form, as PyYAML's own resolvers are registered)."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML fills it per class


for _tag, _pattern, _first in (
    ("null", NULL, ["~", "n", "N", ""]),
    ("bool", BOOL, list("tTfF")),
    ("int", INT, list("-+0123456789")),
    ("float", FLOAT, list("-+.0123456789")),
):
    CoreResolver.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern.pattern})$"), _first
    )


class _Loader(yaml.SafeLoader):
    """The safe loader, resolving plain scalars by the core schema."""

    yaml_implicit_resolvers = CoreResolver.yaml_implicit_resolvers


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """An integer as YAML 1.2 writes it: ``010`` is ten (PyYAML's YAML 1.1: eight)."""
    text = loader.construct_scalar(node)
    return int(text, 0) if text[:2] in ("0o", "0x") else int(text, 10)


_Loader.add_constructor("tag:yaml.org,2002:int", _int)


def other_version(version: tuple[int, int] | None) -> str | None:
    """The version a document's ``%YAML`` directive declares (``"1.1"``) when it is not
    1.2, else None. A file that declares YAML 1.1 means ``yes`` a boolean and ``010``
    eight; read as YAML 1.2 it would say what its author did not mean, so a reader
    refuses it instead of reading it otherwise."""
    if version is None or version == (1, 2):
        return None
    return f"{version[0]}.{version[1]}"


def load(text: str) -> tuple[Any, str | None]:
    """One YAML document as Python data by the core schema (mappings, lists, str, int,
    float, bool, None; no dates: ``2024-01-05`` stays text), and
    :func:`other_version` of its ``%YAML`` directive. Raises ``yaml.YAMLError``."""
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
        return data, other_version(loader.yaml_version)
    finally:
        loader.dispose()


class _Dumper(yaml.SafeDumper):
    """The safe dumper, quoting a string only where YAML 1.2 would misread it."""

    yaml_implicit_resolvers = CoreResolver.yaml_implicit_resolvers

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # a list under a key indented, as people write it


def dump(data: object, *, width: int = 90) -> str:
    """``data`` (mappings, lists, str, int, bool, None) as block-style YAML 1.2."""
    text: str = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=width, indent=2
    )
    return text
