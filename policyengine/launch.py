"""The ``policyengine`` script and ``python -m policyengine``: signals handled from the
first moment, then :func:`policyengine.cli.entry`.

Takes the process as the interpreter starts it; gives it to the command line with
SIGINT (Ctrl-C) and SIGTERM handled: either ends the command with status 130 (SIGINT)
or 143 (SIGTERM), quietly, whenever it comes, and the command's ``finally`` blocks run
first (an ``--output`` file half written is removed). The handlers are installed before
the heavy imports (the parser, YAML, the calendar), which is why this module imports
nothing of the package at its top; a signal during those imports ends the process at
once, without unwinding. Must never be imported by the library: only a command line owns
the process's signals.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from types import FrameType
from typing import NoReturn

STATUS: dict[int, int] = {signal.SIGINT: 130, signal.SIGTERM: 143}
"""The exit status for each signal handled: 128 plus its number, as a shell reports."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the command is, so that it unwinds as after Ctrl-C."""

    status = STATUS[signal.SIGTERM]


_received: list[int] = []


def _handler(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt


def _at_once(signum: int, frame: FrameType | None) -> None:
    """During the imports: end the process here rather than raise. An exception raised
    by a handler while an extension module initialises can leave it half built, and the
    interpreter then crashes (SIGSEGV) instead of reporting the signal."""
    _received.append(signum)
    _quit()


def _quit() -> NoReturn:
    """End at once with the status of the first signal received."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(STATUS.get(_received[0], 130) if _received else 130)


def run() -> NoReturn:
    # (a signal ignored as ``nohup`` or ``&`` left it stays ignored)
    handled = [s for s in STATUS if signal.getsignal(s) is not signal.SIG_IGN]
    for signum in handled:
        signal.signal(signum, _at_once)
    from policyengine.cli import entry

    for signum in handled:
        signal.signal(signum, _handler)
    try:
        entry()
    except KeyboardInterrupt:
        _quit()
