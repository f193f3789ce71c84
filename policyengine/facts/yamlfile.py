"""A YAML fact file's text -> a raw document, read as YAML 1.2 reads it.

Not as PyYAML's YAML 1.1 (where ``on:`` is the key ``True``, ``no`` false, ``010``
eight and ``2024-01-05`` a date): keys are text as written; a plain value is null,
text, or a :class:`~policyengine.facts.raw.YamlScalar` when it looks like a number or
a boolean, and the field's type decides later (``id: 001`` is the text ``001``).
The document is built from the parser's events, with no tags (no ``!!python/...``),
no aliases (a few hundred bytes of them expand to millions of values), no key twice,
and nesting checked as it opens. Never: uses PyYAML's composer or constructors (the C
composer recurses in C and crashes the interpreter on very deep input).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from policyengine import yaml12
from policyengine.diagnostics import Diagnostic, syntax_reason
from policyengine.errors import FactError
from policyengine.facts import catalogue as C
from policyengine.facts.document import document_from_mapping
from policyengine.facts.messages import show
from policyengine.facts.problems import FileProblems, fail, too_deep
from policyengine.facts.raw import MAX_DEPTH, RawDocument, YamlBool, YamlFloat, YamlInt, YamlScalar

_EventLoader: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
"""Only its parser is used (C when available): the document is built from the events."""


_PLAIN_START = frozenset("-+.0123456789tTfF")
_NULLS = frozenset(["", "~", "null", "Null", "NULL"])
_CORE: tuple[tuple[re.Pattern[str], type[YamlScalar]], ...] = (
    (yaml12.INT, YamlInt),
    (yaml12.FLOAT, YamlFloat),
    (yaml12.BOOL, YamlBool),
)


def _plain(text: str) -> object:
    """A plain scalar: null, a :class:`YamlScalar` for what looks like a number or a
    boolean, else the text."""
    if text in _NULLS:
        return None
    if text[0] in _PLAIN_START:
        for pattern, kind in _CORE:
            if pattern.fullmatch(text):
                return kind(text)
    return text


def yaml_error(exc: yaml.YAMLError, name: str, text: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if "nesting depth" in str(getattr(exc, "problem", "")):
        # PyYAML 6.0.4 and later stop deep flow collections in the scanner, before our
        # own depth check sees the events: the same problem, so the same error.
        return too_deep().diagnostic(_at(name, mark))
    if isinstance(exc, yaml.MarkedYAMLError):
        context = exc.context
        if context and exc.context_mark is not None and exc.context_mark is not mark:
            # "while parsing a block mapping (line 3, column 3)": where the construct began
            context += f" (line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
        parts = [p for p in (context, exc.problem) if p]
        message = ": ".join(parts) if parts else str(exc)
    elif isinstance(exc, yaml.reader.ReaderError):
        message = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return Diagnostic.of(
            C.INVALID_YAML, location=f"{name}:{line}:{column}", reason=syntax_reason(message)
        )
    else:
        message = str(exc)
    return Diagnostic.of(C.INVALID_YAML, location=_at(name, mark), reason=syntax_reason(message))


def _at(name: str, mark: Any) -> str:
    """``file:line:column`` of a PyYAML mark (the pure and the C loader have their own)."""
    return name if mark is None else f"{name}:{mark.line + 1}:{mark.column + 1}"


_KEY = object()
"""In a mapping's frame: the next node is a key."""


def _build_yaml(loader: Any, name: str) -> tuple[object, dict[str, list[int]], dict[str, int]]:
    """The document (dicts, lists, text, :class:`YamlScalar`, None) built straight from
    the parser's events, with the line of each record and of each top-level key.

    Events are flat, so nothing here recurses, and the C composer (which recurses in C
    and crashes the interpreter on very deep input) is never used. Refused on the way,
    where they are: tags (``!!python/...``, ``!!int``), aliases (a few hundred bytes of
    them expand to millions of values), nesting deeper than :data:`MAX_DEPTH`, a key
    used twice in a mapping, a key that is not a scalar, a second document.
    """
    root: object = None
    # INVARIANT: a frame is [container, pending key]; for a list the key is unused.
    stack: list[list[Any]] = []
    lines: dict[str, list[int]] = {}
    record_lines: list[int] = []  # those of the collection being read
    key_lines: dict[str, int] = {}
    documents = 0
    first_document: Any = None
    while loader.check_event():
        event = loader.get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.tag is not None:
                raise _tag(event, name)
            value: object = _plain(event.value) if event.implicit[0] else event.value
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag is not None:
                raise _tag(event, name)
            if len(stack) >= MAX_DEPTH:
                raise FileProblems([too_deep().diagnostic(_at(name, event.start_mark))])
            value = {} if kind is MappingStartEvent else []
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            continue
        elif kind is AliasEvent:
            raise fail(C.YAML_ALIAS, _at(name, event.start_mark), anchor=event.anchor)
        else:
            if kind is DocumentStartEvent:
                if version := yaml12.other_version(event.version):
                    raise fail(C.YAML_VERSION, _at(name, event.start_mark), version=version)
                documents += 1
                if documents == 1:
                    first_document = event.start_mark
                else:
                    raise ComposerError(
                        "expected a single document in the stream",
                        first_document,
                        "but found another document",
                        event.start_mark,
                    )
            continue
        if not stack:
            root = value
        else:
            frame = stack[-1]
            container = frame[0]
            if type(container) is list:
                if len(stack) == 2 and type(stack[0][0]) is dict:  # a top-level collection's record
                    record_lines.append(event.start_mark.line + 1)
                container.append(value)
            elif frame[1] is _KEY:
                if kind is not ScalarEvent:
                    raise fail(C.YAML_KEY_NOT_SCALAR, _at(name, event.start_mark))
                key = event.value  # as written: `on:`, `yes:`, `001:` are keys like any other
                if key in container:
                    raise fail(C.DUPLICATE_KEY, _at(name, event.start_mark), key=show(key))
                frame[1] = key
                if len(stack) == 1:
                    key_lines[key] = event.start_mark.line + 1
                continue
            else:
                container[frame[1]] = value
                if len(stack) == 1 and type(value) is list:
                    lines[frame[1]] = record_lines = []
                frame[1] = _KEY
        if kind is not ScalarEvent:
            stack.append([value, _KEY])
    return root, lines, key_lines


def _tag(event: Any, name: str) -> FileProblems:
    return fail(C.YAML_TAG, _at(name, event.start_mark), tag=event.tag)


def parse_yaml(text: str, name: str) -> RawDocument:
    """A YAML file read as YAML 1.2 means it (:mod:`policyengine.yaml12`): keys are
    text as written, and plain values are typed by the policy's schema later."""
    loader = _EventLoader(text)
    try:
        data, lines, key_lines = _build_yaml(loader, name)
    except yaml.YAMLError as exc:
        raise FileProblems([yaml_error(exc, name, text)]) from None
    finally:
        loader.dispose()
    try:
        doc = document_from_mapping(data, name, lines=lines, key_lines=key_lines)
    except FactError as exc:
        raise FileProblems(list(exc.diagnostics)) from None
    doc.plain_scalars = True
    return doc
