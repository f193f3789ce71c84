"""Writing the command's output: stdout, an ``--output`` file or stderr.

Takes: the text (or UTF-8 bytes) a command built and where it goes. Gives: the
output written whole (a file replaced atomically), degraded to what the terminal's
encoding can show, and the layout facts of the terminal (width, colour). Never:
decides an exit status: a reader that left and an unwritable stderr are silenced
here, and an unwritable stdout or file is E608 for the caller to report.
"""

from __future__ import annotations

import codecs
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from policyengine.cli import messages as M
from policyengine.cli.options import usage
from policyengine.diagnostics import (
    Diagnostic,
    Lang,
    Text,
    display_width,
    os_reason,
    render_all,
)
from policyengine.errors import UsageError
from policyengine.files import file_mode


def terminal_width() -> int | None:
    """The width a table should fit: ``COLUMNS`` if set, else the terminal's when
    stdout is one; None when piped, so that scripts and files see one layout."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if isatty(sys.stdout):
        return shutil.get_terminal_size().columns
    return None


def colour() -> bool:
    """Colour on a terminal only, and never when ``NO_COLOR`` is set (no-color.org)
    or the terminal says it cannot (``TERM=dumb``)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return isatty(sys.stdout)


def isatty(stream: object) -> bool:
    try:
        return bool(getattr(stream, "isatty", lambda: False)())
    except (OSError, ValueError):  # closed
        return False


def warn(diagnostics: Sequence[Diagnostic], lang: Lang) -> None:
    if diagnostics:
        stderr(render_all(list(diagnostics), lang))


def encodable(text: str, encoding: str | None) -> bool:
    try:
        text.encode(encoding or "utf-8")
    except UnicodeEncodeError:
        return False
    except LookupError:  # an encoding name Python does not know: let the write decide
        return True
    return True


def write_atomically(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data``: a crash leaves the old file or the new, never half."""
    target = Path(path)

    def cannot(exc: OSError) -> UsageError:
        return usage(M.CANNOT_WRITE_OUTPUT, path, reason=os_reason(exc))

    if target.exists() and not target.is_file():
        # A device or a pipe (``--output /dev/null``): renaming onto it would replace
        # the device itself, so write straight into it.
        try:
            with open(target, "wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise cannot(exc) from None
        return
    try:
        fd, tmp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.policyengine-", suffix=".tmp"
        )
    except OSError as exc:
        raise cannot(exc) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), file_mode(target))
            os.fsync(stream.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise cannot(exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit(
    output: str | None,
    make: Callable[[bool], str],
    *,
    json_like: bool,
    make_utf8: Callable[[], bytes] | None = None,
    lang: Lang = "zh",
) -> None:
    """Write the output built by ``make(ascii_only)`` to ``--output`` (UTF-8) or stdout.

    JSON falls back to ASCII escapes where the text cannot be encoded (a stdout
    that is not UTF-8); a table cannot, and shows ``?`` instead (:func:`_degrade`).
    ``make_utf8``: the same output as UTF-8, written as it is where the target
    takes UTF-8.
    """
    if output is None and sys.stdout is None:  # started with no stdout at all (``>&-``)
        raise usage(M.STDOUT_CLOSED, "<stdout>")
    encoding = "utf-8" if output is not None else getattr(sys.stdout, "encoding", None)
    stdout_bytes = getattr(sys.stdout, "buffer", None) if output is None else None
    takes_bytes = output is not None or stdout_bytes is not None
    data: bytes | None = None
    text = ""
    if make_utf8 is not None and takes_bytes and _is_utf8(encoding):
        data = make_utf8()
    else:
        text = make(False)
        if not encodable(text, encoding):
            if json_like:
                text = make(True)
            else:
                text = _degrade(text, encoding)
                say(M.TERMINAL_CANNOT_SHOW, lang)
    if output is not None:
        write_atomically(output, data if data is not None else text.encode("utf-8"))
        return
    try:
        if data is not None and stdout_bytes is not None:
            sys.stdout.flush()
            stdout_bytes.write(data)
            stdout_bytes.flush()
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader has all it wanted: stop writing, quietly.
        silence(sys.stdout)
    except OSError as exc:  # a full disk (``>/dev/full``), a closed terminal
        silence(sys.stdout)  # (what is still buffered must not be written at exit)
        raise usage(M.CANNOT_WRITE_STDOUT, "<stdout>", reason=exc.strerror or exc) from None


def _degrade(text: str, encoding: str | None) -> str:
    """``text`` with each character the encoding lacks shown as ``?``, once per
    display column, so that a table's columns still line up."""
    out = []
    for ch in text:
        if encodable(ch, encoding):
            out.append(ch)
        else:
            out.append("?" * max(display_width(ch), 1))
    return "".join(out)


def _is_utf8(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "utf-8").name == "utf-8"
    except LookupError:
        return False


def silence(stream: TextIO) -> None:
    """After a failed write, point the stream's file at /dev/null so that the
    interpreter's final flush does not raise again (the recipe in the ``signal``
    module's documentation, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (captured in tests)
        pass


def stderr(text: str) -> None:
    """A message on stderr; if stderr cannot take it (a pipe whose reader has left,
    ``2>&1 | head``; a full disk, ``2>/dev/full``; closed), the message is dropped and
    the command goes on: the exit status depends only on the findings and the errors."""
    if sys.stderr is None:  # no stream at all (print would write to stdout instead)
        return
    try:
        print(text, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        silence(sys.stderr)


def say(text: Text, lang: Lang) -> None:
    """A one-line message on stderr, in English if stderr cannot show Chinese."""
    english = lang == "en" or not encodable(text.zh, getattr(sys.stderr, "encoding", None))
    stderr(text.en if english else text.zh)
