"""The ``policyengine`` command: ``eval``, ``check``, ``articles`` and ``schema``.

The commands, options, output formats and exit statuses are a contract with the
scripts and CI jobs that call us (the README and ``docs/``):

* 0 nothing wrong; 1 at least one ``error`` finding and every rule decided;
  2 the input could not be fully checked (bad arguments, policy or facts, or an
  ``indeterminate`` finding); 130 interrupted, 143 terminated (the signals are handled
  by :mod:`policyengine.launch`). Only the findings and errors decide it: a stderr
  that cannot be written is ignored, a stdout that cannot be written is E608.
* Errors go to stderr as the library's diagnostics (file, line or record, field),
  never as a Python traceback unless ``--debug`` is given. The usage errors
  raised here continue the library's E601–E604: E605 a bad ``--as-of``, E606 a
  ``--param`` without ``=``, E607 a bad ``--params`` file, E608 an ``--output``
  file that cannot be written, E610 what argparse refuses (an unknown option, a
  value not among the choices, a missing argument). With ``--format json`` each of
  them is also the JSON error document, so that a calling program never reads
  nothing.

Two output troubles are handled here because only the process sees them:

* a reader that stops early (``| head -1``) closes the pipe; we stop quietly and
  exit with the status the check itself had, so ``set -o pipefail`` reports the
  same thing with or without the pipe;
* a terminal that cannot show Chinese (``PYTHONIOENCODING=ascii`` or ``gbk``): a
  table is written with ``?`` for each character it cannot show, as many as the
  character's display columns so that the columns stay aligned, and a one-line
  hint on stderr (a UTF-8 terminal, or ``--format json``; ``--lang en`` alone
  would not do, as article labels and the facts' names stay Chinese); JSON is
  written with ``\\uXXXX`` escapes, which is the same JSON.

The package, one module per part of that work:

* :mod:`.arguments` the parser (its help in either language);
* :mod:`.options` option values turned into the library's arguments (``--as-of``,
  ``--param``, ``--params``, ``--calendar``), with the E605–E607 usage errors;
* :mod:`.commands` one function per subcommand, from parsed arguments to output;
* :mod:`.output` writing to stdout, an ``--output`` file or stderr, and what the
  terminal can show;
* here, :func:`main` and :func:`entry`: parse, run, turn every error into a
  diagnostic and an exit status. Nothing here reads facts or evaluates.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import NoReturn

from policyengine import argtext
from policyengine.cli import commands
from policyengine.cli import messages as M
from policyengine.cli.arguments import ArgumentError, build_parser, json_asked, lang_of
from policyengine.cli.options import usage
from policyengine.cli.output import emit, say, stderr
from policyengine.diagnostics import Lang
from policyengine.errors import PolicyError
from policyengine.report import SCHEMA_VERSION

__all__ = ["entry", "main"]


def _failure_json(err: PolicyError, output: str | None, lang: Lang) -> None:
    """``--format json`` when the input cannot be checked: the JSON document's other
    form, ``{"schema_version": …, "error": {…}}`` (:meth:`PolicyError.to_dict`), where
    the findings would have gone (``output``, else stdout), so that a calling program
    never reads nothing."""
    document = {"schema_version": SCHEMA_VERSION, "error": err.to_dict(lang)}
    try:
        emit(
            output,
            lambda ascii_only: json.dumps(document, ensure_ascii=ascii_only, indent=2) + "\n",
            json_like=True,
        )
    except PolicyError as again:  # the output file cannot be written either
        stderr(again.render(lang))


def _bad_arguments(exc: ArgumentError) -> PolicyError:
    """argparse's refusal (an unknown option, a value not among the choices, a missing
    argument) as E610, in the words it was said in on stderr."""
    return usage(M.ARGPARSE_REFUSED, said=str(exc), prog=exc.parser.prog)


def entry() -> NoReturn:
    """The ``policyengine`` script and ``python -m policyengine``: :func:`main`, then
    the process ends without freeing, one object at a time, what it built.

    Once the output is written and flushed nothing is left to do; but the facts and
    findings are millions of objects at a million facts, and freeing them one at a
    time as the command returns costs as much as a pass over every fact. So ``eval``
    keeps them (:func:`~policyengine.cli.commands.hold_until_exit`) and the process
    ends with ``os._exit`` (mypy ends the same way). A library caller of :func:`main`
    (the tests) gets the usual return and frees everything.
    """
    commands.hold_until_exit()
    status = main()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # (None: the process started without it, ``>&-``)
            with contextlib.suppress(OSError, ValueError):  # a reader that has left; closed
                stream.flush()
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (the console script exits with it)."""
    argv = sys.argv[1:] if argv is None else argv
    lang_asked = lang_of(argv)
    with argtext.speaking(lang_asked):  # argparse's words are fixed as the parser is built
        parser = build_parser(lang_asked)
        try:
            args = parser.parse_args(argv)
        except ArgumentError as exc:
            error = M.ERROR.get(lang_asked)
            stderr(f"{exc.parser.format_usage()}{exc.parser.prog}{error}{exc}")
            if json_asked(argv):
                # On stdout: the --output that would say otherwise was not read.
                _failure_json(_bad_arguments(exc), None, lang_asked)
            return 2
        except SystemExit as exc:  # --help and --version have printed what was asked
            return exc.code if isinstance(exc.code, int) else 0
    lang: Lang = getattr(args, "lang", "zh")
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except KeyboardInterrupt as exc:  # Ctrl-C; SIGTERM too under the script (its status)
        status: int = getattr(exc, "status", 130)
        return status
    except PolicyError as err:
        if args.debug:
            traceback.print_exc()
        stderr(err.render(lang))
        output = getattr(args, "output", None)
        if getattr(args, "format", None) == "json" and (err.code != "E608" or output):
            # E608: the document's place cannot be written. An --output file's error
            # goes to stdout instead; a stdout's is said once, on stderr.
            _failure_json(err, None if err.code == "E608" else output, lang)
        return 2
    except Exception as exc:
        if args.debug:
            raise
        first_line = next(iter(str(exc).splitlines()), "")
        detail = f"{type(exc).__name__}: {first_line}"
        say(M.INTERNAL_ERROR(detail=detail), lang)
        return 2
