"""A calendar file's text -> a tree of scalars, lists and mappings that remembers
where each value was written.

Takes the text (YAML or JSON) or data already loaded; gives the tree that
:mod:`policyengine.calendar.checks` validates, so that YAML (with lines), JSON (with
duplicate keys kept) and plain Python data are checked by the same code, and the
:class:`Problems` collector they share. YAML is read from the parser's event stream,
not constructed into Python objects: scalars stay the text the clerk wrote
(``20270101`` is no integer, ``2027-02-30`` is reported with its line). Never:
constructs an object from a tag, or expands an alias (both are refused first).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal, Protocol

import attrs
import yaml

from policyengine import yaml12
from policyengine.calendar import messages as M
from policyengine.codes import Message
from policyengine.diagnostics import Diagnostic, Level, Text, syntax_reason
from policyengine.errors import CalendarError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

Key = Literal["holidays", "workdays"]


# A calendar document as a tree that remembers where each value was written, so
# that YAML (with lines), JSON (with duplicate keys kept) and plain Python data
# are validated by the same code.


@attrs.frozen
class Scalar:
    value: object
    line: int | None


@attrs.frozen
class Seq:
    items: tuple[Node, ...]
    line: int | None


@attrs.frozen
class Map:
    pairs: tuple[tuple[Node, Node], ...]
    line: int | None


Node = Scalar | Seq | Map

# Python data deeper than a calendar document is cut off here; the validator
# reports the container it finds at this depth without looking inside.
_MAX_DEPTH = 4


class _JsonObject(list[tuple[str, object]]):
    """A JSON object as its key/value pairs, so that a duplicate key is not lost."""


def from_python(value: object, depth: int = 1) -> Node:
    if isinstance(value, Mapping | _JsonObject):
        items = value.items() if isinstance(value, Mapping) else value
        if depth >= _MAX_DEPTH:
            return Map((), None)
        return Map(
            tuple((Scalar(k, None), from_python(v, depth + 1)) for k, v in items),
            None,
        )
    if isinstance(value, list | tuple):
        if depth >= _MAX_DEPTH:
            return Seq((), None)
        return Seq(tuple(from_python(v, depth + 1) for v in value), None)
    return Scalar(value, None)


class Problems:
    """The diagnostics found in one calendar document (errors and warnings), and the
    line of each year's key."""

    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.found: list[Diagnostic] = []
        self.year_lines: dict[int, int | None] = {}

    def errors(self) -> int:
        return sum(1 for d in self.found if d.level == "error")

    def where(self, line: int | None, column: int | None = None) -> str:
        if line is None:
            return self.source_name
        if column is None:
            return f"{self.source_name}:{line}"
        return f"{self.source_name}:{line}:{column}"

    def add(
        self,
        message: Message,
        line: int | None,
        *,
        help: Text | None = None,
        column: int | None = None,
        level: Level | None = None,
        **words: Any,
    ) -> None:
        """Note the variant ``message`` at ``line`` (and ``column``) with the file's
        ``words``."""
        where = self.where(line, column)
        self.found.append(Diagnostic.of(message, location=where, help=help, level=level, **words))

    def raise_if_any(self) -> None:
        """Stop at the errors found so far (every diagnostic is listed, warnings too)."""
        if self.errors():
            raise CalendarError(self.found)

    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.found if d.level == "warning")


class _JsonConstant(ValueError):
    pass


def _reject_constant(name: str) -> object:
    raise _JsonConstant(name)


def read_json(text: str, problems: Problems) -> Node:
    try:
        data = json.loads(text, object_pairs_hook=_JsonObject, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        reason = Text(syntax_reason(exc.msg).zh, exc.msg)
        problems.add(M.NOT_JSON, exc.lineno, column=exc.colno, reason=reason)
    except _JsonConstant as exc:
        problems.add(M.JSON_CONSTANT, None, name=exc)
    except (ValueError, RecursionError) as exc:
        problems.add(M.NOT_JSON, None, reason=exc)
    problems.raise_if_any()
    return from_python(data)


def read_yaml(text: str, problems: Problems) -> Node:
    """Build the tree from YAML events, refusing aliases and tags."""
    # Each open container: its kind, its children so far and its line.
    stack: list[tuple[type[Seq] | type[Map], list[Node], int | None]] = []
    root: Node | None = None
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            line, column = _position(event.start_mark)
            node: Node | None = None
            if isinstance(event, yaml.DocumentStartEvent):
                if version := yaml12.other_version(event.version):
                    problems.add(M.YAML_VERSION, line, version=version)
                documents += 1
                if documents == 2:
                    problems.add(M.TWO_DOCUMENTS, line)
            elif isinstance(event, yaml.AliasEvent):
                problems.add(M.YAML_ALIAS, line, column=column, anchor=event.anchor)
                node = Scalar(None, line)
            elif isinstance(event, yaml.NodeEvent):
                tag = getattr(event, "tag", None)
                if tag is not None:
                    problems.add(M.YAML_TAG, line, column=column, tag=clip(tag))
                if isinstance(event, yaml.ScalarEvent):
                    plain = event.implicit[0]
                    node = Scalar(
                        None if plain and event.value in _YAML_NULLS else event.value, line
                    )
                elif isinstance(event, yaml.SequenceStartEvent):
                    stack.append((Seq, [], line))
                elif isinstance(event, yaml.MappingStartEvent):
                    stack.append((Map, [], line))
            elif isinstance(event, yaml.CollectionEndEvent):
                kind, children, start = stack.pop()
                if kind is Seq:
                    node = Seq(tuple(children), start)
                else:
                    node = Map(tuple(zip(children[::2], children[1::2], strict=True)), start)
            if node is not None:
                if stack:
                    stack[-1][1].append(node)
                elif root is None:
                    root = node
    except yaml.MarkedYAMLError as exc:
        line, column = _position(exc.problem_mark or exc.context_mark)
        problem = exc.problem or exc.context or "syntax error"
        reason = Text(syntax_reason(problem).zh, problem)
        problems.add(M.NOT_YAML, line, column=column, reason=reason)
    except yaml.reader.ReaderError as exc:
        # Raised for a control character; it gives a character offset, not a mark.
        line = text.count("\n", 0, exc.position) + 1
        character = f"#x{exc.character:04x}" if isinstance(exc.character, int) else "?"
        problems.add(M.YAML_CHARACTER, line, character=character)
    except yaml.YAMLError as exc:  # any other parser error PyYAML may add
        problems.add(M.NOT_YAML, None, reason=exc)
    problems.raise_if_any()
    return root if root is not None else Scalar(None, None)


class _Mark(Protocol):
    """A position in YAML text, from the Python or the C parser (0-based)."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


def _position(mark: _Mark | None) -> tuple[int | None, int | None]:
    """A YAML mark (0-based) as a 1-based line and column."""
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


def clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
