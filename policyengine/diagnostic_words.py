"""The words a diagnostic is rendered with, and other programs' messages in Chinese.

Takes nothing; gives what :mod:`policyengine.diagnostics` renders a problem with (its
level, the help line's word, "and N more") and the Chinese of what the system says
about a file (``strerror``) and of what the JSON and YAML parsers say (English, one
pattern each), so that a message in Chinese does not mix in English. It never
decides what a problem is; :func:`~policyengine.diagnostics.syntax_reason` and
:func:`~policyengine.diagnostics.os_reason` look here.
"""

from __future__ import annotations

import errno
import re

from policyengine.codes import Words
from policyengine.text import Text

LEVELS = {"error": Text("错误", "error"), "warning": Text("警告", "warning")}
HELP = Text("提示", "help")
AND_MORE = Words("…… 另有 {rest} 个问题", "… and {rest} more")

SYSTEM_ERROR = "系统错误"
SYSTEM_ERROR_NAMED = "系统错误 {name}"
UNKNOWN_SYNTAX = "语法错误：`{message}`"
"""A parser's message the table below does not know (a newer parser may say
something new): its own words, in backticks."""
STARTS_AT = "（始于第 {line} 行第 {column} 列）"
IN_CONTEXT = "{context}{at}：{problem}"

OS_REASONS: dict[int, str] = {
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


QUOTED = r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""  # a value as %r shows it
NOUNS = {
    "block collection": "块集合", "block mapping": "块映射", "block node": "块节点",
    "block scalar": "块标量", "flow mapping": "流式映射", "flow sequence": "流式序列",
    "flow node": "流式节点", "node": "节点", "tag": "标签", "directive": "指令",
    "simple key": "键", "quoted scalar": "引号字符串", "double-quoted scalar": "双引号字符串",
    "single-quoted scalar": "单引号字符串", "plain scalar": "普通标量", "anchor": "锚点",
    "alias": "别名", "mapping": "映射", "ordered map": "有序映射", "pairs": "键值对列表",
}  # fmt: skip
SYNTAX_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern.replace("{Q}", QUOTED)), zh)
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
VERBS = {"scanning": "扫描", "parsing": "解析", "constructing": "构造"}
