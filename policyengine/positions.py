"""Where each field of a fact record is in its file, for the messages about it.

Takes the text of a facts file (YAML, JSON, or one line of JSON Lines) and the places
a message needs, each a record (``accounts``, 3) and a field path within it as the
validation names it (``certification.verified``, ``maintainers[1]``, ``""`` for the
record itself); gives each place's line and column (1-based, in characters). A place
that is not in the text (a missing field) gets the position of the nearest enclosing
one that is: ``certification.shows_sponsor`` missing points at ``certification``.

Reading a file for its values never pays for this: it is done again, and only when a
message needs it. Must never raise on text the readers accepted, nor recurse (the
text nests at most as deep as the readers allowed, but is walked with a stack anyway).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from typing import Any

import yaml
from yaml.events import (
    CollectionEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceStartEvent,
)

__all__ = ["Place", "json_positions", "yaml_positions"]

Place = tuple[str, int, str]
"""(collection, position of the record in it, field path within the record)."""
Position = tuple[int, int]


def _nearest(found: dict[str, Position], path: str) -> Position | None:
    """The position of ``path``, or of the nearest enclosing path found."""
    while True:
        if path in found:
            return found[path]
        if not path:
            return None
        cut = max(path.rfind("."), path.rfind("["))
        path = path[: max(cut, 0)]


class _Stop(Exception):
    """Every record asked about has been passed: the rest of the text is not needed."""


class _Walk:
    """Builds field paths while a document is walked node by node, keeping the
    positions of the nodes inside the records asked about only.

    A record is an element of a top-level collection's list (``record_depth`` 2), or,
    in a JSON Lines line, the value of the line's one key (``record_depth`` 1)."""

    def __init__(self, wanted: Collection[Place], record_depth: int) -> None:
        self.records = {(collection, position) for collection, position, _ in wanted}
        self.record_depth = record_depth
        # INVARIANT: a frame is [is_mapping, state, record, path]; the state of a mapping
        # is its pending key (None: a key comes next), of a list the next index.
        self.stack: list[list[Any]] = []
        self.found: dict[tuple[str, int], dict[str, Position]] = {}

    def expects_key(self) -> bool:
        return bool(self.stack) and self.stack[-1][0] and self.stack[-1][1] is None

    def key(self, key: str, at: Position) -> None:
        frame = self.stack[-1]
        frame[1] = key
        record, path = frame[2], frame[3]
        if record is not None:
            self.found[record][f"{path}.{key}" if path else key] = at

    def value(self, at: Position, opens: bool | None) -> None:
        """A value node starts; ``opens``: it opens a mapping (True) or a list (False)."""
        record: tuple[str, int] | None = None
        path = ""
        if self.stack:
            frame = self.stack[-1]
            depth = len(self.stack)
            if frame[0]:  # the value of a key
                key, frame[1] = frame[1], None
                if frame[2] is not None:
                    record, path = frame[2], f"{frame[3]}.{key}" if frame[3] else key
                elif depth == 1 and self.record_depth == 1:
                    record = self._start((key, 0), at)
                elif depth == 1:
                    path = key  # a collection's list: its name
            else:  # an element of a list
                index, frame[1] = frame[1], frame[1] + 1
                if frame[2] is not None:
                    record, path = frame[2], f"{frame[3]}[{index}]"
                    self.found[record][path] = at
                elif depth == 2 and self.record_depth == 2:
                    record = self._start((frame[3], index), at)
        if opens is not None:
            self.stack.append([opens, None if opens else 0, record, path])

    def _start(self, record: tuple[str, int], at: Position) -> tuple[str, int] | None:
        if len(self.found) == len(self.records):
            raise _Stop
        if record not in self.records:
            return None
        self.found[record] = {"": at}
        return record

    def end(self) -> None:
        self.stack.pop()

    def positions(self, wanted: Collection[Place], line: int = 0) -> dict[Place, Position]:
        out: dict[Place, Position] = {}
        for collection, position, path in wanted:
            found = self.found.get((collection, position))
            if found is not None:
                at = _nearest(found, path)
                if at is not None:
                    out[(collection, position, path)] = (at[0] + line, at[1])
        return out


def yaml_positions(text: str, wanted: Collection[Place]) -> dict[Place, Position]:
    """The places of a YAML file's records; those that cannot be found are left out."""
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)(text)
    walk = _Walk(wanted, 2)
    try:
        while loader.check_event():
            event: Any = loader.get_event()
            if isinstance(event, CollectionEndEvent):
                walk.end()
            elif isinstance(event, NodeEvent):
                mark: Any = event.start_mark
                at = (mark.line + 1, mark.column + 1)
                if walk.expects_key() and isinstance(event, ScalarEvent):
                    walk.key(event.value, at)
                elif isinstance(event, MappingStartEvent | SequenceStartEvent):
                    walk.value(at, isinstance(event, MappingStartEvent))
                else:
                    walk.value(at, None)
    except (_Stop, yaml.YAMLError, IndexError):
        pass
    finally:
        loader.dispose()
    return walk.positions(wanted)


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def _tokens(text: str) -> Iterator[tuple[str, Position]]:
    """JSON tokens with their line and column (in characters).

    The newlines are counted from the previous token on, never from the start of the
    line: a minified file is one line, and counting from its start for every token
    would take time growing with the square of its size."""
    line, line_start, scanned = 1, 0, 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        newlines = text.count("\n", scanned, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", scanned, start) + 1
        scanned = start
        yield match[0], (line, start - line_start + 1)


def json_positions(
    text: str, wanted: Collection[Place], *, line: int | None = None
) -> dict[Place, Position]:
    """The places of a JSON file's records, or (``line`` given) of the one record on
    that line of a JSON Lines file, whose places name position 0; those that cannot be
    found are left out."""
    walk = _Walk(wanted, 2 if line is None else 1)
    try:
        for token, at in _tokens(text):
            if token in ("}", "]"):
                walk.end()
            elif token in (",", ":"):
                continue
            elif token[0] == '"' and walk.expects_key():
                walk.key(json.loads(token), at)
            else:
                walk.value(at, token == "{" if token in ("{", "[") else None)
    except (_Stop, ValueError, IndexError):
        pass
    return walk.positions(wanted, 0 if line is None else line - 1)
