"""Diagnostics: one problem found in a policy, a fact file or a calendar file.

Takes a catalogued code (:mod:`policyengine.codes`), a message in both languages and
where the problem is (a span in a source text, or a place in a fact file); gives the
text a person reads, in Chinese (the regulation's language) or English, with the words
of :mod:`policyengine.diagnostic_words`. It never decides what is a problem, and never
writes anything. Rendering follows Cedar's style:

    error[E302]: cannot compare `date` with `int`
      --> policies/anhua.policy:27:10
       |
    27 |   when filing.submitted_on > 15
       |        ^^^^^^^^^^^^^^^^^^^ `date`
       = help: compare with a date, or use `period_workdays(a, b)`

Carets are placed by terminal display width (``wcwidth``), because a Chinese
character takes two columns.
"""

from __future__ import annotations

import errno
import re
import unicodedata

import attrs
from wcwidth import wcswidth, wcwidth

from policyengine import diagnostic_words as W
from policyengine.codes import Level as Level
from policyengine.codes import Message, catalogued
from policyengine.source import Span
from policyengine.text import LANGS as LANGS
from policyengine.text import Lang as Lang
from policyengine.text import Text as Text


@attrs.frozen
class Diagnostic:
    # INVARIANT: every code is catalogued, so that renderers and docs can look it up.
    code: str = attrs.field(validator=catalogued)
    message: Text
    span: Span | None = None
    label: Text | None = None
    help: Text | None = None
    level: Level = "error"
    # Where the problem is when it has no span in a text (a fact record, a field).
    location: str | None = None

    @classmethod
    def of(
        cls,
        message: Message,
        /,
        *,
        span: Span | None = None,
        location: str | None = None,
        label: Text | None = None,
        help: Text | None = None,
        level: Level | None = None,
        **args: object,
    ) -> Diagnostic:
        """``message`` raised with the user's words ``args``: its own help line unless
        the raise site knows a better one (``help``), its code's level unless the site
        raises it at another (``level``: an undeclared field under ``--strict``)."""
        if help is None and message.help is not None:
            help = message.help(**args)
        return cls(
            message.code,
            message.words(**args),
            span=span,
            label=label,
            help=help,
            level=message.level if level is None else level,
            location=location,
        )

    def where(self) -> str:
        if self.span is not None:
            return str(self.span)
        return self.location or ""

    def render(self, lang: Lang = "zh") -> str:
        level = self.level
        level_text = W.LEVELS[level].get(lang)
        lines = [f"{level_text}[{self.code}]: {self.message.get(lang)}"]
        where = self.where()
        if self.span is None:
            if where:
                lines.append(f"  --> {where}")
        else:
            lines.extend(_snippet(self.span, self.label.get(lang) if self.label else None))
        if self.help is not None:
            pad = " " * (len(str(self.span.line)) + 1) if self.span is not None else "  "
            word = W.HELP.get(lang)
            lines.append(f"{pad}= {word}: {self.help.get(lang)}")
        return "\n".join(lines)


def os_reason(exc: OSError) -> Text:
    """Why the system refused a file, in both languages: the system's own words
    (``strerror``) are English, and would mix two languages in a Chinese message."""
    en = exc.strerror or str(exc)
    zh = W.OS_REASONS.get(exc.errno or 0)
    if zh is None:
        name = errno.errorcode.get(exc.errno or 0)
        zh = W.SYSTEM_ERROR_NAMED.format(name=name) if name else W.SYSTEM_ERROR
    return Text(zh, en)


def _one_reason(message: str) -> str | None:
    for pattern, zh in W.SYNTAX_REASONS:
        found = pattern.search(message)
        if found is None:
            continue
        groups = found.groups()
        if "{verb}" in zh:
            verb, noun = groups
            return zh.format(verb=W.VERBS[verb], noun=W.NOUNS.get(noun, noun))
        return zh.format(*groups)
    return None


def syntax_reason(message: str) -> Text:
    """A JSON or YAML parser's English message with its Chinese, for one language per
    message. A YAML message may be ``context (line L, column C): problem``, each part
    translated; a message the table does not know reads 语法错误 with the parser's
    words in backticks (a newer parser may say something new)."""
    context, at, problem = None, "", message
    head, sep, rest = message.partition(": ")
    if sep and head.startswith("while "):
        context, problem = head, rest
        place = re.search(r" \(line (\d+), column (\d+)\)$", context)
        if place is not None:
            context = context[: place.start()]
            at = W.STARTS_AT.format(line=place.group(1), column=place.group(2))
    zh = _one_reason(problem)
    if zh is None:
        return Text(W.UNKNOWN_SYNTAX.format(message=message), message)
    if context is not None:
        zh = W.IN_CONTEXT.format(context=_one_reason(context) or context, at=at, problem=zh)
    return Text(zh, message)


def display_width(text: str) -> int:
    """Terminal columns taken by ``text`` (tabs count as one, like the snippet)."""
    width = wcswidth(text)
    if width >= 0:
        return width
    return sum(max(wcwidth(ch), 0) for ch in text)


_MAX_LEAD = 80


def _visible(text: str) -> str:
    """Control and bidi-override characters from a file, escaped: a source line must
    not be able to drive the user's terminal."""
    return "".join(
        f"\\u{ord(ch):04x}"
        if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200b\u200d"
        else ch
        for ch in text
    )


def _snippet(span: Span, label: str | None) -> list[str]:
    line_no, col = span.source.line_col(span.start)
    end_line, end_col = span.source.line_col(max(span.end, span.start))
    text = span.source.line_text(line_no).replace("\t", " ")
    gutter = str(line_no)
    pad = " " * len(gutter)
    if end_line != line_no:
        end_col = len(text) + 1
    head, body, tail = (
        _visible(text[: col - 1]),
        _visible(text[col - 1 : end_col - 1]),
        _visible(text[end_col - 1 :]),
    )
    if len(head) > _MAX_LEAD:  # a very long line: keep the part around the caret
        head = "…" + head[-_MAX_LEAD:]
    if len(tail) > _MAX_LEAD:
        tail = tail[:_MAX_LEAD] + "…"
    text = head + body + tail
    caret = " " * display_width(head) + "^" * max(display_width(body), 1)
    if label:
        caret += f" {label}"
    return [
        f"{pad}--> {span.source.name}:{line_no}:{col}",
        f"{pad} |",
        f"{gutter} | {text}",
        f"{pad} | {caret}",
    ]


def render_all(diagnostics: list[Diagnostic], lang: Lang = "zh", limit: int = 20) -> str:
    """Render several diagnostics, at most ``limit``, then "… and N more"."""
    shown = [d.render(lang) for d in diagnostics[:limit]]
    rest = len(diagnostics) - limit
    if rest > 0:
        shown.append(W.AND_MORE(rest=rest).get(lang))
    return "\n\n".join(shown)
