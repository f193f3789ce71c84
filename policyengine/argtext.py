"""argparse's own words (``usage:``, ``options``, its error messages) in Chinese.

Takes the language the command line speaks; gives a context in which argparse
formats its usage, help and errors in that language. argparse looks its words up
through :mod:`gettext` by their English text, module-wide; this module swaps that
lookup for the length of one parse or one help text and restores it after, so
that a program importing policyengine and argparse together keeps its own words.
A word this catalogue does not know stays English: a newer Python may add one.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from policyengine.diagnostics import Lang

ZH: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的取值 %(value)r（可选：%(choices)s）"
    ),
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "至多只能有一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 有歧义，可能是 %(matches)s"
    ),
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 中必须给出一个",
    "ignored explicit argument %r": "多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "未知的命令 %(parser_name)r（可选：%(choices)s）"
    ),
    "can't open '%(filename)s': %(error)s": "无法打开 '%(filename)s'：%(error)s",
    # newer Pythons' words
    "%(prog)s: warning: %(message)s\n": "%(prog)s：警告：%(message)s\n",
    "option '%(option)s' is deprecated": "选项 '%(option)s' 已弃用",
    "argument '%(argument_name)s' is deprecated": "参数 '%(argument_name)s' 已弃用",
    "command '%(parser_name)s' is deprecated": "命令 '%(parser_name)s' 已弃用",
    "invalid choice: %(value)r, maybe you meant %(closest)r?": (
        "无效的取值 %(value)r，是否想输入 %(closest)r？"
    ),
}

PROGRAMMER_ERRORS = frozenset(
    {
        "%r is not callable",
        "'required' is an invalid argument for positionals",
        ".__call__() not defined",
        'argument "-" with mode %r',
        "cannot have multiple subparser arguments",
        "cannot merge actions - two groups are named %r",
        "conflicting option string: %s",
        "conflicting option strings: %s",
        "conflicting subparser alias: %s",
        "conflicting subparser: %s",
        "dest= is required for options like %r",
        "invalid conflict_resolution value: %r",
        "invalid option string %(option)r: must start with a character %(prefix_chars)r",
        "mutually exclusive arguments must be optional",
    }
)
"""argparse's words for mistakes in a program's own parser, which a user never sees."""
"""argparse's English words (its gettext message ids) and their Chinese."""


def _gettext_zh(message: str) -> str:
    return ZH.get(message, message)


def _ngettext_zh(singular: str, plural: str, n: int) -> str:
    return ZH.get(singular if n == 1 else plural, singular if n == 1 else plural)


@contextlib.contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """argparse's words in ``lang`` inside the ``with`` block (English is its own)."""
    if lang == "en":
        yield
        return
    module = vars(argparse)
    saved = module["_"], module["ngettext"]
    module["_"], module["ngettext"] = _gettext_zh, _ngettext_zh
    try:
        yield
    finally:
        module["_"], module["ngettext"] = saved


__all__ = ["PROGRAMMER_ERRORS", "ZH", "speaking"]
