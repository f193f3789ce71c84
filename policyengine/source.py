"""Source text and spans: where something was written, for error messages.

Takes a text and its name; gives :class:`Span` s (offsets into it) and their line and
column. Columns are counted in characters (1-based) for ``file:line:column``; carets
are placed by display width (see :mod:`policyengine.diagnostics`) so that Chinese
text lines up in a terminal. It never reads a file: the text is given.
"""

from __future__ import annotations

import bisect
from functools import cached_property

import attrs


@attrs.frozen(eq=False)
class Source:
    """A named text: a policy file, a fact file, or a string given to the library."""

    name: str
    text: str = attrs.field(repr=False)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        for i, ch in enumerate(self.text):
            if ch == "\n":
                starts.append(i + 1)
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based line and column."""
        starts = self._line_starts
        line = max(1, min(line, len(starts)))
        return min(starts[line - 1] + max(column, 1) - 1, len(self.text))

    def line_text(self, line: int) -> str:
        starts = self._line_starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end].rstrip("\r")


@attrs.frozen(eq=False)
class Span:
    """A range of characters ``[start, end)`` in a source."""

    source: Source
    start: int
    end: int

    @property
    def line(self) -> int:
        return self.source.line_col(self.start)[0]

    @property
    def column(self) -> int:
        return self.source.line_col(self.start)[1]

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]

    def to(self, other: Span) -> Span:
        """The span from the start of this one to the end of ``other``."""
        return Span(self.source, min(self.start, other.start), max(self.end, other.end))

    def __str__(self) -> str:
        return f"{self.source.name}:{self.line}:{self.column}"
