"""Diagnostics: one problem found in a policy, a fact file or a calendar file.

Takes a catalogued code (:mod:`policyengine.codes`), a message in both languages and
where the problem is (a span in a source text, or a place in a fact file); gives the
text a person reads, in Chinese (the regulation's language) or English. It never
decides what is a problem, and never writes anything. Rendering follows Cedar's style:

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
import unicodedata

import attrs
from wcwidth import wcswidth, wcwidth

from policyengine.codes import Level as Level
from policyengine.codes import catalogued
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

    def where(self) -> str:
        if self.span is not None:
            return str(self.span)
        return self.location or ""

    def render(self, lang: Lang = "zh") -> str:
        level = self.level
        level_text = {"error": "错误", "warning": "警告"}[level] if lang == "zh" else level
        lines = [f"{level_text}[{self.code}]: {self.message.get(lang)}"]
        where = self.where()
        if self.span is None:
            if where:
                lines.append(f"  --> {where}")
        else:
            lines.extend(_snippet(self.span, self.label.get(lang) if self.label else None))
        if self.help is not None:
            pad = " " * (len(str(self.span.line)) + 1) if self.span is not None else "  "
            word = "提示" if lang == "zh" else "help"
            lines.append(f"{pad}= {word}: {self.help.get(lang)}")
        return "\n".join(lines)


_OS_REASONS: dict[int, str] = {
    errno.ENOENT: "文件或目录不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许的操作",
    errno.EISDIR: "这是一个目录",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统只读",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ELOOP: "符号链接循环",
    errno.EIO: "输入输出错误",
}


def os_reason(exc: OSError) -> Text:
    """Why the system refused a file, in both languages: the system's own words
    (``strerror``) are English, and would mix two languages in a Chinese message."""
    en = exc.strerror or str(exc)
    zh = _OS_REASONS.get(exc.errno or 0)
    if zh is None:
        name = errno.errorcode.get(exc.errno or 0)
        zh = f"系统错误 {name}" if name else "系统错误"
    return Text(zh, en)


_SYNTAX_REASONS: dict[str, str] = {
    # json's messages
    "Expecting value": "此处应有一个值",
    "Expecting property name enclosed in double quotes": "此处应有用双引号括起的键名",
    "Expecting ',' delimiter": "此处缺少逗号",
    "Expecting ':' delimiter": "此处缺少冒号",
    "Extra data": "数据结束后还有多余内容",
    "Unterminated string starting at": "字符串没有结束",
    "Invalid control character at": "字符串中有控制字符",
    "Invalid \\escape": "无效的转义",
    # PyYAML's problems
    "mapping values are not allowed here": "此处不允许出现键值对（缺少缩进或引号？）",
    "could not find expected ':'": "缺少冒号",
    "that cannot start any token": "有不能开始任何记号的字符（如制表符）",
    "found undefined alias": "引用了未定义的锚点",
}


def syntax_reason(message: str) -> Text:
    """A JSON or YAML parser's English message with its Chinese, for one language per
    message: a message the table does not know reads 语法错误 in Chinese."""
    for known, zh in _SYNTAX_REASONS.items():
        if known in message:
            return Text(zh, message)
    return Text("语法错误", message)


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
        shown.append(f"…… 另有 {rest} 个问题" if lang == "zh" else f"… and {rest} more")
    return "\n\n".join(shown)
