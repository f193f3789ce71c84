"""What goes wrong while reading a file, before any record is checked.

Takes a variant of :mod:`policyengine.facts.catalogue` and the user's words; gives
:class:`FileProblems` (everything wrong with one file, which is then skipped) and
:class:`Reject` (raised from inside a parser's hook, becoming one diagnostic where the
parser stopped). Never: reads a file, decides whether something is wrong (the readers
do, and raise these) or spells a sentence.
"""

from __future__ import annotations

from typing import Any

from policyengine.codes import Message
from policyengine.diagnostics import Diagnostic, Text
from policyengine.facts import catalogue as C
from policyengine.facts.raw import MAX_DEPTH, MiB


class Reject(Exception):
    """Raised from inside a parser hook; becomes one diagnostic: ``message`` with the
    user's words ``args``."""

    def __init__(self, message: Message, **args: Any) -> None:
        super().__init__(message.words(**args).en)
        self.message = message
        self.words = args

    def diagnostic(self, location: str) -> Diagnostic:
        return Diagnostic.of(self.message, location=location, **self.words)


def too_deep() -> Reject:
    return Reject(C.TOO_DEEP, depth=MAX_DEPTH)


class FileProblems(Exception):
    """Everything wrong with one file, which is then skipped."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics[0].message.en)
        self.diagnostics = diagnostics


def fail(message: Message, location: str, help: Text | None = None, **args: Any) -> FileProblems:
    """One file's one problem: ``message`` with the user's words ``args``."""
    return FileProblems([Diagnostic.of(message, location=location, help=help, **args)])


def too_large(name: str, size: int, limit: int, suffix: str) -> FileProblems:
    yaml = suffix in (".yaml", ".yml")
    return fail(
        C.TOO_LARGE,
        name,
        help=C.LARGE_YAML_HELP if yaml else C.LARGE_JSON_HELP,
        size=size / MiB,
        kind="YAML" if yaml else "JSON",
        limit=limit // MiB,
    )


def byte_size(n: int) -> str:
    return f"{n // MiB} MiB" if n % MiB == 0 else f"{n:,} bytes"


def not_utf8(location: str) -> Diagnostic:
    return Diagnostic.of(C.NOT_UTF8, location=location)
