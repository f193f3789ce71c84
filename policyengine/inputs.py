"""Opening an input file of any kind with a limit on the bytes read from it.

Takes a path to a policy, fact, calendar or parameter file, which may be a regular
file, a device (``/dev/zero``), a named pipe (FIFO) or a pipe (``/dev/fd/63`` from a
shell's ``<(…)``); gives its bytes, or a binary stream of them, and raises
:class:`TooLarge` as soon as more than the limit has been read. The size ``stat``
reports is not trusted: a device or a pipe has none, and a file may grow while it is
read, so the bytes are counted as they arrive.

Must never block on opening: a FIFO is opened without waiting for a writer, and then
read as usual, waiting for a writer's data. A FIFO with no writer reads as empty, and a
device or pipe that gives no byte at all is refused (``OSError``) rather than read as an
empty file, which would pass for a document with no facts.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Callable
from typing import BinaryIO

_CHUNK = 1 << 20
"""Bytes per read from a file whose size is not known in advance (a device, a pipe)."""
SNIFF_BYTES = 64 * 1024
"""The start of a file looked at before the rest is read, to refuse what is not text."""


class TooLarge(Exception):
    """More than ``limit`` bytes were read, or are known to be there."""

    def __init__(self, limit: int, seen: int) -> None:
        super().__init__(f"more than {limit} bytes")
        self.limit = limit
        self.seen = seen


class _Counted(io.FileIO):
    """A file descriptor whose reads count against a limit (the furthest offset read,
    for a file one can seek in, so that reading a part again does not count twice)."""

    def __init__(self, fd: int, limit: int, seekable: bool) -> None:
        super().__init__(fd, "rb", closefd=True)
        self._limit = limit
        self._counted = 0
        self._can_seek = seekable

    def readinto(self, buffer: bytearray | memoryview) -> int | None:  # type: ignore[override]
        n = super().readinto(buffer)
        if n == 0 and self._counted == 0 and not self._can_seek:
            raise nothing_to_read(self.name)
        if n:
            self._counted = max(self._counted, self.tell()) if self._can_seek else self._counted + n
            if self._counted > self._limit:
                raise TooLarge(self._limit, self._counted)
        return n

    def readall(self) -> bytes:
        chunks = []
        while chunk := self.read(_CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return self.readall()
        buffer = bytearray(size)
        n = self.readinto(buffer) or 0
        del buffer[n:]
        return bytes(buffer)


def nothing_to_read(name: object) -> OSError:
    """The error of a stream that gave no byte at all (a named pipe with no writer)."""
    return OSError(
        errno.ENODATA, "nothing to read (a named pipe with no writer reads as empty)", str(name)
    )


def _open_fd(path: str | os.PathLike[str]) -> tuple[int, os.stat_result]:
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        os.set_blocking(fd, True)  # only the open must not wait for a FIFO's writer
    except BaseException:
        os.close(fd)
        raise
    return fd, status


def open_limited(path: str | os.PathLike[str], limit: int) -> io.BufferedReader:
    """A buffered binary stream of the file that raises :class:`TooLarge` once more than
    ``limit`` bytes have been read from it."""
    fd, status = _open_fd(path)
    regular = stat.S_ISREG(status.st_mode)
    try:
        raw = _Counted(fd, limit, seekable=regular)
    except BaseException:
        os.close(fd)
        raise
    return io.BufferedReader(raw, buffer_size=_CHUNK)


def read_limited(
    path: str | os.PathLike[str],
    limit: int,
    check_start: Callable[[bytes], None] | None = None,
) -> bytes:
    """The bytes of the file, at most ``limit`` of them (else :class:`TooLarge`).

    ``check_start``, when callable, is given the first :data:`SNIFF_BYTES` (fewer for a
    shorter file) before the rest is read, and may raise to refuse the file at once.
    A regular file is read in one piece into one buffer of its size, so that its bytes
    are held once; a device or pipe in chunks."""
    fd, status = _open_fd(path)
    with os.fdopen(fd, "rb", buffering=0) as stream:
        if stat.S_ISREG(status.st_mode):
            size = status.st_size
            if size > limit:
                raise TooLarge(limit, size)
            if check_start is not None:
                check_start(os.pread(fd, min(SNIFF_BYTES, size), 0))
            data = stream.read(size + 1) or b""
            if len(data) <= size:  # the whole file (or less, if it shrank)
                return data
            # It grew after stat: read on, counting.
            parts = [data]
            total = len(data)
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise TooLarge(limit, total)
                parts.append(chunk)
            return b"".join(parts)
        return read_stream(stream, limit, check_start, name=str(path))


def read_stream(
    stream: BinaryIO | io.RawIOBase | io.BufferedIOBase,
    limit: int,
    check_start: Callable[[bytes], None] | None = None,
    *,
    name: str = "<stdin>",
) -> bytes:
    """The bytes of a stream that has no size (a device, a pipe, standard input), at
    most ``limit`` of them (else :class:`TooLarge`), read in chunks and counted;
    ``check_start`` as for :func:`read_limited`. A stream that gives nothing at all is
    refused (``OSError``)."""
    parts = []
    total = 0
    checked = check_start is None
    while chunk := stream.read(min(_CHUNK, limit + 1 - total) or 1):
        total += len(chunk)
        if total > limit:
            raise TooLarge(limit, total)
        parts.append(chunk)
        if not checked and total >= SNIFF_BYTES:
            checked = True
            assert check_start is not None
            check_start(b"".join(parts)[:SNIFF_BYTES])
    if not parts:
        raise nothing_to_read(name)
    if not checked:
        assert check_start is not None
        check_start(b"".join(parts))
    return b"".join(parts)
