"""The command line's parser: every command and option, its help in Chinese or English.

Takes: the ``--lang`` given (read ahead of parsing by :func:`lang_of`). Gives: an
:class:`argparse.ArgumentParser` whose parsed namespace carries ``run``, the
command's function in :mod:`policyengine.cli.commands`. Never: exits the process
(a bad argument raises :class:`ArgumentError` for :func:`policyengine.cli.main` to
report), reads a file or evaluates anything.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from policyengine import __version__, render
from policyengine.cli import messages as M
from policyengine.cli.commands import (
    run_articles,
    run_calendar_export,
    run_check,
    run_eval,
    run_schema,
    run_template,
)
from policyengine.cost import MAX_DEGREE
from policyengine.diagnostics import Lang
from policyengine.facts.stdin import INPUT_FORMATS
from policyengine.report import FAIL_ON, FORMATS
from policyengine.runtime import DEFAULT_MAX_STEPS


class ArgumentError(Exception):
    """argparse found bad arguments; ``main`` reports it and returns 2 instead of exiting."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser


class HelpFormatter(argparse.HelpFormatter):
    """Help text wrapped by display width: argparse's own wrapping counts characters
    and breaks only at spaces, so a line of Chinese ran past the terminal's edge."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return render.wrap(" ".join(text.split()), width).split("\n")

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = render.wrap(" ".join(text.split()), width - len(indent)).split("\n")
        return "\n".join(indent + line for line in lines)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of calling ``sys.exit``, so that
    ``main(argv)`` always returns its status (tests and library callers rely on it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise ArgumentError(self, message)

    def format_help(self) -> str:
        # argparse ends a section's heading with an ASCII colon; a Chinese one takes `：`
        return re.sub(r"(?m)^([^\x00-\x7f][^\n]*):$", r"\1：", super().format_help())


def lang_of(argv: Sequence[str]) -> Lang:
    """The ``--lang`` given (the last one, as argparse takes it), read before parsing so
    that the parser itself, its help and its errors speak it."""
    lang: Lang = "zh"
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        if arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in ("zh", "en"):
            lang = "en" if value == "en" else "zh"
    return lang


def json_asked(argv: Sequence[str]) -> bool:
    """Whether the last ``--format`` given (``--format json``, ``--format=json``, or a
    prefix argparse takes, ``--form json``) is ``json``: read without parsing, for
    the arguments that cannot be parsed."""
    asked = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        name, equals, value = arg.partition("=")
        if len(name) >= len("--fo") and "--format".startswith(name):
            asked = value if equals else (argv[i + 1] if i + 1 < len(argv) else None)
    return asked == "json"


def _common(say: Callable[[str, str], str], parser: argparse.ArgumentParser) -> None:
    """The options every command takes, added to ``parser``: the top level's give the
    defaults, a command's (``argparse.SUPPRESS``) only what is given after it, so
    that ``policyengine --lang en eval …`` and ``policyengine eval … --lang en`` agree
    (a subcommand's default would otherwise overwrite the top level's value)."""
    top = isinstance(parser, Parser) and parser.add_help
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh" if top else argparse.SUPPRESS,
        help=say("消息和表头的语言（默认 zh）", "language of messages and headers (default: zh)"),
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help=say("出错时显示 Python 回溯", "show a Python traceback for an error"),
    )


def _common_parent(say: Callable[[str, str], str]) -> Parser:
    parent = Parser(add_help=False)
    _common(say, parent)
    return parent


def build_parser(lang: Lang = "zh") -> Parser:
    """The command line's parser, its help in ``lang``."""

    def say(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    common = _common_parent(say)
    output_help = say(
        "把输出写入 FILE（整体替换）", "write the output to FILE (replaced atomically)"
    )
    parser = Parser(
        prog="policyengine",
        description=say(
            "按编码为策略的规章检查事实。", "Check facts against a regulation encoded as a policy."
        ),
        allow_abbrev=False,  # `--as` must not silently mean `--as-of`: options are a contract
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"policyengine {__version__}",
        help=say("显示版本号并退出", "show the version and exit"),
    )
    _common(say, parser)
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", title=say("命令", "commands")
    )

    ev = commands.add_parser(
        "eval",
        parents=[common],
        allow_abbrev=False,
        help=say("用策略检查事实文件", "evaluate a policy over fact files"),
        description=say(
            "用 POLICY 检查 FACTS，每项发现输出一行。",
            "Evaluate POLICY over FACTS and print one row per finding.",
        ),
    )
    ev.add_argument(
        "policy",
        metavar="POLICY",
        help=say("策略文件（.policy），或内置策略名（anhua）",
                 "a .policy file, or a shipped name (anhua)"),
    )  # fmt: skip
    ev.add_argument(
        "facts",
        metavar="FACTS",
        nargs="+",
        help=say("事实文件或文件夹（- 为标准输入）", "fact files or folders (- for stdin)"),
    )
    ev.add_argument(
        "--as-of",
        metavar="DATE",
        help=say("检查日期 YYYY-MM-DD（默认：事实文件中的 as_of，其次为今天）",
                 "the check date YYYY-MM-DD (default: the facts' as_of, then today)"),
    )  # fmt: skip
    ev.add_argument(
        "--format",
        choices=FORMATS,
        help=say("输出格式（默认 table；--output 以 .html 结尾时为 html）",
                 "output format (default: table; html when --output ends in .html)"),
    )  # fmt: skip
    ev.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="error",
        help=say(
            "退出状态为 1 所需的最低严重程度（默认 error）；never：不使用 1；"
            "有无法判定的发现时仍为 2",
            "the least severity that makes the exit status 1 (default: error); "
            "never: 1 is not used; an undecided finding still gives 2",
        ),
    )
    ev.add_argument(
        "--calendar",
        metavar="FILE",
        action="append",
        default=[],
        help=say(
            "补充或替换某些年份节假日的日历文件（见 docs/calendar.md）；可重复，后者优先",
            "a calendar file adding or replacing years of holidays (docs/calendar.md); "
            "repeatable, later files win",
        ),
    )
    ev.add_argument(
        "--param",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help=say("覆盖一个参数（可重复；优先于 --params）",
                 "override a parameter (repeatable; wins over --params)"),
    )  # fmt: skip
    ev.add_argument(
        "--params",
        metavar="FILE",
        help=say("参数文件（YAML 或 JSON 映射）", "a YAML or JSON mapping of parameters"),
    )
    ev.add_argument(
        "--strict",
        action="store_true",
        help=say("把未声明的事实字段当作错误", "treat undeclared fact fields as errors"),
    )

    def at_least(low: int) -> Callable[[str], int]:
        def whole_number(text: str) -> int:
            if not re.fullmatch(r"\s*[+-]?[0-9]{1,18}\s*", text) or int(text) < low:
                raise argparse.ArgumentTypeError(M.AT_LEAST(low=low, text=text).get(lang))
            return int(text)

        return whole_number

    ev.add_argument(
        "--max-degree",
        type=at_least(1),
        default=MAX_DEGREE,
        metavar="D",
        help=M.MAX_DEGREE_HELP(default=MAX_DEGREE).get(lang),
    )
    ev.add_argument(
        "--max-steps",
        type=at_least(0),
        default=DEFAULT_MAX_STEPS,
        metavar="N",
        help=M.MAX_STEPS_HELP(default=DEFAULT_MAX_STEPS).get(lang),
    )
    ev.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        help=say(
            "标准输入（-）或无后缀管道（如 <(…)）的格式（默认：按开头几个字节判断）",
            "the format of standard input (-) or of a pipe without a suffix, such as <(…) "
            "(default: told from its first bytes)",
        ),
    )
    ev.add_argument(
        "--explain",
        action="store_true",
        help=say(
            "为每项发现附上条款原文、决定结果的取值和计入的工作日",
            "add, for each finding, the article's text, the deciding values and the "
            "working days counted",
        ),
    )
    ev.add_argument("--output", metavar="FILE", help=output_help)
    ev.set_defaults(run=run_eval)

    ck = commands.add_parser(
        "check",
        parents=[common],
        allow_abbrev=False,
        help=say("解析并检查策略的类型", "parse and type-check a policy"),
        description=say("解析 POLICY 并检查类型，不做评估。",
                        "Parse and type-check POLICY without evaluating it."),
    )  # fmt: skip
    policy_help = say("策略文件（.policy），或内置策略名（anhua）",
                      "a .policy file, or a shipped name (anhua)")  # fmt: skip
    ck.add_argument("policy", metavar="POLICY", help=policy_help)
    ck.set_defaults(run=run_check)

    ar = commands.add_parser(
        "articles",
        parents=[common],
        allow_abbrev=False,
        help=say("列出每条条款及实施它的规则，或没有规则的原因",
                 "list each article with the rules that implement it, or why none do"),
        description=say("列出 POLICY 的每条条款及其规则，或没有规则的原因。",
                        "List each article of POLICY with its rules, or why it has none."),
    )  # fmt: skip
    ar.add_argument("policy", metavar="POLICY", help=policy_help)
    ar.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=say("输出格式（默认 table）", "output format (default: table)"),
    )
    ar.add_argument("--output", metavar="FILE", help=output_help)
    ar.set_defaults(run=run_articles)

    sc = commands.add_parser(
        "schema",
        parents=[common],
        allow_abbrev=False,
        help=say("输出 POLICY 的事实文件 JSON Schema",
                 "print the JSON Schema of a facts file for POLICY"),
        description=say(
            "输出 POLICY 的事实文件的 JSON Schema（2020-12），供编辑器和发送事实的系统使用"
            "（见 docs/facts.md）。",
            "Print the JSON Schema (2020-12) of a facts file for POLICY, for editors "
            "and for systems that send facts (docs/facts.md).",
        ),
    )  # fmt: skip
    sc.add_argument("policy", metavar="POLICY", help=policy_help)
    sc.add_argument("--format", choices=("json-schema",), default="json-schema",
                    help=say("输出格式（目前只有 json-schema）",
                             "output format (json-schema, the only one so far)"))  # fmt: skip
    sc.add_argument("--output", metavar="FILE", help=output_help)
    sc.set_defaults(run=run_schema)

    cal = commands.add_parser(
        "calendar",
        parents=[common],
        allow_abbrev=False,
        help=say("工作日日历", "the working-day calendar"),
        description=say("工作日日历的操作（见 docs/calendar.md）。",
                        "Work with the working-day calendar (docs/calendar.md)."),
    )  # fmt: skip
    cal_commands = cal.add_subparsers(dest="calendar_command", metavar="COMMAND", required=True)
    ex = cal_commands.add_parser(
        "export",
        parents=[common],
        allow_abbrev=False,
        help=say("以日历文件格式输出内置的某一年", "write a built-in year as a calendar file"),
        description=say(
            "以日历文件格式输出内置日历中 YEAR 年的安排，作为下一年日历文件的起点。",
            "Write the built-in schedule of YEAR in the calendar-file format, as the "
            "starting point for next year's file.",
        ),
    )  # fmt: skip
    ex.add_argument("year", metavar="YEAR", type=at_least(1),
                    help=say("公历年份，如 2026", "a year, such as 2026"))  # fmt: skip
    ex.add_argument("--output", metavar="FILE", help=output_help)
    ex.set_defaults(run=run_calendar_export)

    tp = commands.add_parser(
        "template",
        parents=[common],
        allow_abbrev=False,
        help=say("写一份记录 POLICY 事实的台账（Excel 工作簿）",
                 "write a ledger (an Excel workbook) to keep POLICY's facts in"),
        description=say(
            "写出 LEDGER：按 POLICY 的事实排好的 .xlsx 工作簿，每类事实一张表，中文表头下是"
            "字段代码，带下拉列表和日期单元格（见 docs/ledger.md）。填好后用"
            "“policyengine eval POLICY LEDGER”检查。已有同名文件时不写，除非加 --force。",
            "Write LEDGER, an .xlsx workbook laid out for POLICY's facts: one sheet per "
            "kind, Chinese headers over the field codes, drop-down lists, date cells "
            "(docs/ledger.md). `policyengine eval POLICY LEDGER` checks it once filled in. "
            "An existing file of that name is left alone unless --force is given.",
        ),
    )  # fmt: skip
    tp.add_argument("policy", metavar="POLICY", help=policy_help)
    tp.add_argument(
        "ledger", metavar="LEDGER", help=say("要写出的 .xlsx 文件", "the .xlsx file to write")
    )
    tp.add_argument(
        "--from",
        dest="from_facts",
        metavar="FACTS",
        nargs="+",
        help=say("用这些事实填写台账（文件或文件夹，同 eval）",
                 "fill the ledger with these facts (files or folders, as for eval)"),
    )  # fmt: skip
    tp.add_argument(
        "--strict",
        action="store_true",
        help=say("把未声明的事实字段当作错误", "treat undeclared fact fields as errors"),
    )
    tp.add_argument(
        "--force",
        action="store_true",
        help=say("替换已有的同名文件（其中填写的内容会丢失）",
                 "replace an existing file of that name (what was filled in is lost)"),
    )  # fmt: skip
    tp.set_defaults(run=run_template)
    return parser
