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
import re
import unicodedata

import attrs
from wcwidth import wcswidth, wcwidth

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


_QUOTED = r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""  # a value as %r shows it
_NOUNS = {
    "block collection": "块集合", "block mapping": "块映射", "block node": "块节点",
    "block scalar": "块标量", "flow mapping": "流式映射", "flow sequence": "流式序列",
    "flow node": "流式节点", "node": "节点", "tag": "标签", "directive": "指令",
    "simple key": "键", "quoted scalar": "引号字符串", "double-quoted scalar": "双引号字符串",
    "single-quoted scalar": "单引号字符串", "plain scalar": "普通标量", "anchor": "锚点",
    "alias": "别名", "mapping": "映射", "ordered map": "有序映射", "pairs": "键值对列表",
}  # fmt: skip
_SYNTAX_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern.replace("{Q}", _QUOTED)), zh)
    for pattern, zh in (
        # json's messages
        (r"Expecting value", "此处应有一个值"),
        (r"Expecting property name enclosed in double quotes", "此处应有用双引号括起的键名"),
        (r"Expecting ',' delimiter", "此处缺少逗号"),
        (r"Expecting ':' delimiter", "此处缺少冒号"),
        (r"Extra data", "数据结束后还有多余内容"),
        (r"Unterminated string starting at", "字符串没有结束"),
        (r"Invalid control character", "字符串中有控制字符"),
        (r"Invalid \\uXXXX escape", "无效的 \\uXXXX 转义"),
        (r"Invalid \\escape", "无效的转义"),
        (r"Unexpected UTF-8 BOM", "文件以字节序标记（BOM）开头"),
        (r"Illegal trailing comma", "结尾多了一个逗号"),
        # PyYAML's problems
        (r"found character {Q} that cannot start any token",
         "字符 {0} 不能开始任何记号（如制表符）"),
        (r"found undefined alias {Q}", "引用了未定义的锚点 {0}"),
        (r"found undefined tag handle {Q}", "标签句柄 {0} 未定义"),
        (r"found unknown escape character {Q}", "未知的转义字符 {0}"),
        (r"found duplicate anchor {Q}; first occurrence", "锚点 {0} 重复；第一次出现"),
        (r"found duplicate YAML directive", "YAML 指令重复"),
        (r"found incompatible YAML document", "YAML 文档的版本不兼容（应为 1.x）"),
        (r"found unexpected document separator", "出现了意外的文档分隔符"),
        (r"found unexpected end of stream", "文件意外结束（引号或括号没有闭合？）"),
        (r"found unexpected ':'", "出现了意外的冒号"),
        (r"duplicate tag handle {Q}", "标签句柄 {0} 重复"),
        (r"but found another document", "却又出现了一个文档"),
        (r"expected a single document in the stream", "文件中应只有一个文档"),
        (r"second occurrence", "第二次出现"),
        (r"could not find expected ':'", "缺少冒号"),
        (r"mapping values are not allowed here", "此处不允许出现键值对（缺少缩进或引号？）"),
        (r"mapping keys are not allowed here", "此处不允许出现键"),
        (r"sequence entries are not allowed here", "此处不允许出现列表项（缩进不对？）"),
        (r"expected <block end>, but found {Q}", "缩进不一致：此处应结束上一块，却是 {0}"),
        (r"expected '<document start>', but found {Q}", "此处应为文档开始（---），却是 {0}"),
        (r"expected the node content, but found {Q}", "此处应有值，却是 {0}"),
        (r"expected a comment or a line break, but found {Q}", "此处应为注释或换行，却是 {0}"),
        (r"expected alphabetic or numeric character, but found {Q}",
         "此处应为字母或数字，却是 {0}"),
        (r"expected chomping or indentation indicators, but found {Q}",
         "此处应为块标量的截取或缩进指示符，却是 {0}"),
        (r"expected indentation indicator in the range 1-9, but found 0",
         "缩进指示符应在 1 到 9 之间，却是 0"),
        (r"expected escape sequence of (\d+) hexadecimal numbers, but found {Q}",
         "转义序列应为 {0} 位十六进制数字，却是 {1}"),
        (r"expected URI escape sequence of 2 hexadecimal numbers, but found {Q}",
         "URI 转义应为 2 位十六进制数字，却是 {0}"),
        (r"expected URI, but found {Q}", "此处应为 URI，却是 {0}"),
        (r"expected a digit, but found {Q}", "此处应为数字，却是 {0}"),
        (r"expected a digit or (' '|'\.'), but found {Q}", "此处应为数字或 {0}，却是 {1}"),
        (r"expected ('[^']*'), but found {Q}", "此处应为 {0}，却是 {1}"),
        (r"expected (',' or '[\]}]'), but got {Q}", "此处应为 {0}，却是 {1}"),
        (r"unacceptable character (#x[0-9a-fA-F]+)", "不可接受的字符 {0}"),
        (r"while (scanning|parsing|constructing) an? ([a-z -]+)$", "{verb}{noun}时"),
        (r"while scanning for the next token", "寻找下一个记号时"),
    )
)  # fmt: skip
_VERBS = {"scanning": "扫描", "parsing": "解析", "constructing": "构造"}


def _one_reason(message: str) -> str | None:
    for pattern, zh in _SYNTAX_REASONS:
        found = pattern.search(message)
        if found is None:
            continue
        groups = found.groups()
        if "{verb}" in zh:
            verb, noun = groups
            return zh.format(verb=_VERBS[verb], noun=_NOUNS.get(noun, noun))
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
            at = f"（始于第 {place.group(1)} 行第 {place.group(2)} 列）"
    zh = _one_reason(problem)
    if zh is None:
        return Text(f"语法错误：`{message}`", message)
    if context is not None:
        zh = f"{_one_reason(context) or context}{at}：{zh}"
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
        shown.append(f"…… 另有 {rest} 个问题" if lang == "zh" else f"… and {rest} more")
    return "\n\n".join(shown)
