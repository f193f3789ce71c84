"""Fact files and folders -> raw documents: the readers' front door.

Takes the paths given (files, folders, ``-`` for standard input, ledgers); gives the
raw documents in order and every problem of the files that could not be read, each
a :class:`~policyengine.diagnostics.Diagnostic` (E40x, E41x), raised together as one
:class:`~policyengine.errors.FactError` by :func:`read_documents`. Each format has its
own module (:mod:`~policyengine.facts.jsonfile`, :mod:`~policyengine.facts.jsonlines`,
:mod:`~policyengine.facts.yamlfile`, :mod:`~policyengine.facts.stdin`, a ledger in
:mod:`policyengine.ledger`); the traps of each parser are in ``docs/errors-facts.md``.
Never: knows the schema (every check on fields is in
:mod:`~policyengine.facts.validate`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from policyengine.diagnostics import Diagnostic
from policyengine.errors import FactError
from policyengine.facts import catalogue as C
from policyengine.facts.files import read_file
from policyengine.facts.problems import FileProblems, fail
from policyengine.facts.raw import (
    SPREADSHEET_SUFFIXES,
    SUFFIXES,
    RawDocument,
    ReadLedger,
    TypedReader,
)
from policyengine.facts.stdin import STDIN, read_pipe, read_stdin

_STDIN = Path(STDIN)


def read_documents(paths: Sequence[str | Path]) -> list[RawDocument]:
    """Read fact files and folders; raise one :class:`FactError` for all problems."""
    documents, problems = read_documents_collecting(paths)
    if problems:
        raise FactError(problems)
    return documents


def read_documents_collecting(
    paths: Sequence[str | Path],
    typed: TypedReader | None = None,
    ledger: ReadLedger | None = None,
    *,
    stdin_format: str | None = None,
) -> tuple[list[RawDocument], list[Diagnostic]]:
    """Like :func:`read_documents`, but hand back the problems instead of raising.
    A path ``-`` is standard input, of ``stdin_format`` (else told from its start).

    :func:`policyengine.facts.load_facts` uses this to report unreadable files and
    bad records of the readable files in one error, with its ``typed`` reader and its
    ``ledger`` reader (a spreadsheet can only be read knowing the schema).
    """
    documents: list[RawDocument] = []
    problems: list[Diagnostic] = []
    for path in _expand(paths, problems, stdin_format):
        try:
            if path is _STDIN:
                documents.append(read_stdin(typed, stdin_format))
            elif path.is_dir() or path.suffix.lower() in SPREADSHEET_SUFFIXES:
                documents.append(_read_ledger(path, ledger))
            elif path.suffix.lower() not in SUFFIXES:  # a pipe that --input-format names
                documents.append(read_pipe(path, typed, stdin_format))
            elif path.suffix.lower() == ".jsonl" and not path.is_file():
                # A named pipe can be read only once: by the exact reader, which reads
                # line by line within its limits, since the typed one may decline.
                documents.append(read_file(path, None))
            else:
                documents.append(read_file(path, typed))
        except FileProblems as exc:
            problems.extend(exc.diagnostics)
        except FactError as exc:
            problems.extend(exc.diagnostics)
    return documents, problems


def _read_ledger(path: Path, ledger: ReadLedger | None) -> RawDocument:
    if ledger is None:
        raise fail(C.LEDGER_NEEDS_SCHEMA, str(path))
    return ledger(path)


def _expand(
    paths: Iterable[str | Path], problems: list[Diagnostic], input_format: str | None = None
) -> list[Path]:
    """Files to read, in order: each file as given, each folder's fact files by name
    (and the folder itself, as one ledger, when it holds ``.csv`` files); a path
    without a fact file's suffix that is not a regular file when ``input_format``
    says what it holds."""
    files: list[Path] = []
    for given in paths:
        if str(given) == STDIN:
            files.append(_STDIN)
            continue
        path = Path(given)
        if path.is_dir():
            inside = sorted(
                (p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()),
                key=lambda p: p.name,
            )
            if any(p.suffix.lower() == ".csv" for p in path.iterdir()):
                inside.append(path)
            if not inside:
                problems.append(Diagnostic.of(C.NO_FACT_FILES, location=str(path)))
            files.extend(inside)
        elif not path.exists():
            problems.append(Diagnostic.of(C.NO_SUCH_PATH, location=str(path)))
        elif path.suffix.lower() not in SUFFIXES and not path.is_file() and input_format:
            files.append(path)  # a pipe (a shell's ``<(…)``), read as standard input is
        elif path.suffix.lower() not in (*SUFFIXES, *SPREADSHEET_SUFFIXES):
            problems.append(
                Diagnostic.of(
                    C.UNSUPPORTED_SUFFIX,
                    location=str(path),
                    help=None if path.is_file() else C.PIPE_HELP,
                    suffix=path.suffix,
                )
            )
        else:
            files.append(path)
    return files
