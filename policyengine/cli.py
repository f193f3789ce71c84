"""The ``policyengine`` command: ``eval``, ``check``, ``articles`` and ``schema``.

The commands, options, output formats and exit statuses are a contract with the
scripts and CI jobs that call us (the README and ``docs/``):

* 0 nothing wrong; 1 at least one ``error`` finding and every rule decided;
  2 the input could not be fully checked (bad arguments, policy or facts, or an
  ``indeterminate`` finding); 130 interrupted, 143 terminated (the signals are handled
  by :mod:`policyengine.launch`). Only the findings and errors decide it: a stderr
  that cannot be written is ignored, a stdout that cannot be written is E608.
* Errors go to stderr as the library's diagnostics (file, line or record, field),
  never as a Python traceback unless ``--debug`` is given. The usage errors
  raised here continue the library's E601–E604: E605 a bad ``--as-of``, E606 a
  ``--param`` without ``=``, E607 a bad ``--params`` file, E608 an ``--output``
  file that cannot be written.

Two output troubles are handled here because only the process sees them:

* a reader that stops early (``| head -1``) closes the pipe; we stop quietly and
  exit with the status the check itself had, so ``set -o pipefail`` reports the
  same thing with or without the pipe;
* a terminal that cannot show Chinese (``PYTHONIOENCODING=ascii`` or ``gbk``): a
  table is written with ``?`` for each character it cannot show, as many as the
  character's display columns so that the columns stay aligned, and a one-line
  hint on stderr (a UTF-8 terminal, or ``--format json``; ``--lang en`` alone
  would not do, as article labels and the facts' names stay Chinese); JSON is
  written with ``\\uXXXX`` escapes, which is the same JSON.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import datetime
import json
import os
import re
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

import attrs
import yaml

from policyengine import __version__, argtext, inputs, render
from policyengine.calendar import (
    UnknownYearError,
    WorkdayCalendar,
    chinese_calendar_schedules,
    export_year,
    load_calendar_file,
)
from policyengine.collector import collector_paused
from policyengine.cost import MAX_DEGREE
from policyengine.diagnostics import (
    Diagnostic,
    Lang,
    Text,
    display_width,
    os_reason,
    render_all,
    syntax_reason,
)
from policyengine.errors import PolicyError, UsageError
from policyengine.facts import load_facts
from policyengine.facts.read import INPUT_FORMATS
from policyengine.factspec import json_schema
from policyengine.findings import Result
from policyengine.ledger.layout import LayoutError
from policyengine.ledger.template import write_template
from policyengine.params import resolve
from policyengine.policy import Policy, load_policy
from policyengine.report import FAIL_ON, FORMATS, SCHEMA_VERSION
from policyengine.runtime import DEFAULT_MAX_STEPS

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PARAMS_FILE_LIMIT = 1 << 20  # a parameter file is a handful of lines; refuse megabytes

# --------------------------------------------------------------------------- arguments


class _ArgumentError(Exception):
    """argparse found bad arguments; ``main`` reports it and returns 2 instead of exiting."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser


class _HelpFormatter(argparse.HelpFormatter):
    """Help text wrapped by display width: argparse's own wrapping counts characters
    and breaks only at spaces, so a line of Chinese ran past the terminal's edge."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return render.wrap(" ".join(text.split()), width).split("\n")

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = render.wrap(" ".join(text.split()), width - len(indent)).split("\n")
        return "\n".join(indent + line for line in lines)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of calling ``sys.exit``, so that
    ``main(argv)`` always returns its status (tests and library callers rely on it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise _ArgumentError(self, message)


def _lang_of(argv: Sequence[str]) -> Lang:
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


def _common(say: Callable[[str, str], str]) -> _Parser:
    """Options every command takes."""
    parent = _Parser(add_help=False)
    parent.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help=say("消息和表头的语言（默认 zh）", "language of messages and headers (default: zh)"),
    )
    parent.add_argument(
        "--debug",
        action="store_true",
        help=say("出错时显示 Python 回溯", "show a Python traceback for an error"),
    )
    return parent


def _parser(lang: Lang = "zh") -> _Parser:
    """The command line's parser, its help in ``lang``."""

    def say(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    common = _common(say)
    output_help = say(
        "把输出写入 FILE（整体替换）", "write the output to FILE (replaced atomically)"
    )
    parser = _Parser(
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
    ev.add_argument(
        "--max-degree",
        type=int,
        default=MAX_DEGREE,
        metavar="D",
        help=say(
            f"允许规则的工作量随事实数增长到 N^D（默认 {MAX_DEGREE}）",
            f"allow rules whose work grows as N^D with the facts (default {MAX_DEGREE})",
        ),
    )
    ev.add_argument(
        "--max-steps",
        type=int,
        default=DEFAULT_MAX_STEPS,
        metavar="N",
        help=say(
            f"求值步数上限（默认 {DEFAULT_MAX_STEPS:,}；0 表示不限）",
            f"the evaluation's step budget (default {DEFAULT_MAX_STEPS:,}; 0: none)",
        ),
    )
    ev.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        help=say(
            "标准输入（-）的格式（默认：按开头几个字节判断）",
            "the format of standard input (-) (default: told from its first bytes)",
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
    ev.set_defaults(run=_eval)

    ck = commands.add_parser(
        "check",
        parents=[common],
        allow_abbrev=False,
        help=say("解析并检查策略的类型", "parse and type-check a policy"),
        description=say("解析 POLICY 并检查类型，不做评估。",
                        "Parse and type-check POLICY without evaluating it."),
    )  # fmt: skip
    ck.add_argument("policy", metavar="POLICY")
    ck.set_defaults(run=_check)

    ar = commands.add_parser(
        "articles",
        parents=[common],
        allow_abbrev=False,
        help=say("列出每条条款及实施它的规则，或没有规则的原因",
                 "list each article with the rules that implement it, or why none do"),
        description=say("列出 POLICY 的每条条款及其规则，或没有规则的原因。",
                        "List each article of POLICY with its rules, or why it has none."),
    )  # fmt: skip
    ar.add_argument("policy", metavar="POLICY")
    ar.add_argument("--format", choices=("table", "json"), default="table")
    ar.add_argument("--output", metavar="FILE", help=output_help)
    ar.set_defaults(run=_articles)

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
    sc.add_argument("policy", metavar="POLICY")
    sc.add_argument("--format", choices=("json-schema",), default="json-schema")
    sc.add_argument("--output", metavar="FILE", help=output_help)
    sc.set_defaults(run=_schema)

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
    ex.add_argument("year", metavar="YEAR", type=int)
    ex.add_argument("--output", metavar="FILE", help=output_help)
    ex.set_defaults(run=_calendar_export)

    tp = commands.add_parser(
        "template",
        parents=[common],
        allow_abbrev=False,
        help="write a ledger (an Excel workbook) to keep POLICY's facts in",
        description="Write LEDGER, an .xlsx workbook laid out for POLICY's facts: one sheet "
        "per kind, Chinese headers over the field codes, drop-down lists, date cells "
        "(docs/ledger.md). `policyengine eval POLICY LEDGER` checks it once filled in.",
    )
    tp.add_argument("policy", metavar="POLICY")
    tp.add_argument("ledger", metavar="LEDGER", help="the .xlsx file to write")
    tp.add_argument(
        "--from",
        dest="from_facts",
        metavar="FACTS",
        nargs="+",
        help="fill the ledger with these facts (files or folders, as for eval)",
    )
    tp.add_argument("--strict", action="store_true", help="treat undeclared fact fields as errors")
    tp.set_defaults(run=_template)
    return parser


# --------------------------------------------------------------------------- helpers


def _usage(code: str, zh: str, en: str, location: str | None = None) -> UsageError:
    """A bad command-line argument (the message names the option)."""
    return UsageError([Diagnostic(code, Text(zh, en), location=location)])


def _as_of(text: str | None) -> datetime.date | None:
    """``--as-of``: exactly ``YYYY-MM-DD`` (``fromisoformat`` alone takes ``20240925``)."""
    if text is None:
        return None
    if _ISO_DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise _usage(
        "E605",
        f"--as-of 的值 `{text}` 不是有效日期，应写作 YYYY-MM-DD（如 2024-09-25）",
        f"--as-of `{text}` is not a valid date; write it as YYYY-MM-DD (e.g. 2024-09-25)",
    )


def _param_pairs(items: Sequence[str]) -> dict[str, str]:
    """``--param NAME=VALUE`` options; the last one for a name wins."""
    pairs: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise _usage(
                "E606",
                f"--param `{item}` 应写作 NAME=VALUE",
                f"--param `{item}` must be written NAME=VALUE",
            )
        pairs[name] = value
    return pairs


def _params_file(path: str) -> dict[str, Any]:
    """``--params FILE``: a mapping of parameter name to value, JSON (``.json``) or YAML."""

    def bad(zh: str, en: str, where: str = path) -> UsageError:
        return _usage("E607", f"参数文件{zh}", f"the parameter file {en}", where)

    try:
        raw = inputs.read_limited(path, _PARAMS_FILE_LIMIT)
    except inputs.TooLarge:
        raise bad("超过 1 MiB 的上限", "is larger than the 1 MiB limit") from None
    except OSError as exc:
        reason = os_reason(exc)
        raise bad(f"无法读取：{reason.zh}", f"cannot be read: {reason.en}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise bad("不是 UTF-8 编码的文本", "is not UTF-8 text") from None
    data: object
    if path.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise bad(
                f"不是有效的 JSON：{syntax_reason(exc.msg).zh}",
                f"is not valid JSON: {exc.msg}",
                f"{path}:{exc.lineno}",
            ) from None
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark is not None else path
            problem = getattr(exc, "problem", None) or str(exc)
            raise bad(
                f"不是有效的 YAML：{syntax_reason(problem).zh}",
                f"is not valid YAML: {problem}",
                where,
            ) from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise bad("应为“参数名: 值”的映射", "must be a mapping of parameter names to values")
    return data


def _parameters(policy: Policy, args: argparse.Namespace) -> dict[str, Any]:
    """``--params FILE`` overridden by ``--param``, as ``Policy.evaluate`` takes them.

    The file's values are checked here, one by one, so that a bad one is reported
    at the file (``params.yaml: name``) rather than as a ``--param`` option.
    """
    from_file: dict[str, Any] = {}
    if args.params is not None:
        from_file = _params_file(args.params)
        problems: list[Diagnostic] = []
        for name, value in from_file.items():
            try:
                resolve(policy.parameters, {name: value})
            except UsageError as err:
                where = f"{args.params}: {name}"
                problems.extend(attrs.evolve(d, location=where) for d in err.diagnostics)
        if problems:
            raise UsageError(problems)
    return {**from_file, **_param_pairs(args.param)}


def _calendar(paths: Sequence[str]) -> WorkdayCalendar | None:
    if not paths:
        return None
    calendar = WorkdayCalendar.default()
    for path in paths:
        calendar = calendar.with_schedules(load_calendar_file(path), source=path)
    return calendar


def _terminal_width() -> int | None:
    """The width a table should fit: ``COLUMNS`` if set, else the terminal's when
    stdout is one; None when piped, so that scripts and files see one layout."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if _isatty(sys.stdout):
        return shutil.get_terminal_size().columns
    return None


def _colour() -> bool:
    """Colour on a terminal only, and never when ``NO_COLOR`` is set (no-color.org)
    or the terminal says it cannot (``TERM=dumb``)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return _isatty(sys.stdout)


def _isatty(stream: object) -> bool:
    try:
        return bool(getattr(stream, "isatty", lambda: False)())
    except (OSError, ValueError):  # closed
        return False


def _warn(diagnostics: Sequence[Diagnostic], lang: Lang) -> None:
    if diagnostics:
        _stderr(render_all(list(diagnostics), lang))


def _encodable(text: str, encoding: str | None) -> bool:
    try:
        text.encode(encoding or "utf-8")
    except UnicodeEncodeError:
        return False
    except LookupError:  # an encoding name Python does not know: let the write decide
        return True
    return True


def _file_mode(target: Path) -> int:
    """The permissions the output file keeps (an existing file's), or a new file's
    under the umask; ``mkstemp`` alone would leave it readable by its owner only."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_atomically(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data``: a crash leaves the old file or the new, never half."""
    target = Path(path)

    def cannot(exc: OSError) -> UsageError:
        reason = os_reason(exc)
        return _usage(
            "E608",
            f"无法写入输出文件：{reason.zh}",
            f"cannot write the output file: {reason.en}",
            path,
        )

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
            os.fchmod(stream.fileno(), _file_mode(target))
            os.fsync(stream.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise cannot(exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _emit(
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
    encoding = "utf-8" if output is not None else getattr(sys.stdout, "encoding", None)
    stdout_bytes = getattr(sys.stdout, "buffer", None) if output is None else None
    takes_bytes = output is not None or stdout_bytes is not None
    data: bytes | None = None
    text = ""
    if make_utf8 is not None and takes_bytes and _is_utf8(encoding):
        data = make_utf8()
    else:
        text = make(False)
        if not _encodable(text, encoding):
            if json_like:
                text = make(True)
            else:
                text = _degrade(text, encoding)
                _say(
                    "注意：终端不能显示部分字符（已显示为 ?）；请使用 UTF-8 终端"
                    "（如 PYTHONIOENCODING=utf-8），或用 --format json",
                    "note: this terminal cannot show some characters (shown as ?); use a "
                    "UTF-8 terminal (e.g. PYTHONIOENCODING=utf-8), or --format json",
                    lang,
                )
    if output is not None:
        _write_atomically(output, data if data is not None else text.encode("utf-8"))
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
        _silence(sys.stdout)
    except OSError as exc:  # a full disk (``>/dev/full``), a closed terminal
        _silence(sys.stdout)  # (what is still buffered must not be written at exit)
        reason = exc.strerror or str(exc)
        raise _usage(
            "E608",
            f"无法写入标准输出：{reason}",
            f"cannot write to standard output: {reason}",
            "<stdout>",
        ) from None


def _degrade(text: str, encoding: str | None) -> str:
    """``text`` with each character the encoding lacks shown as ``?``, once per
    display column, so that a table's columns still line up."""
    out = []
    for ch in text:
        if _encodable(ch, encoding):
            out.append(ch)
        else:
            out.append("?" * max(display_width(ch), 1))
    return "".join(out)


def _is_utf8(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "utf-8").name == "utf-8"
    except LookupError:
        return False


# --------------------------------------------------------------------------- commands


def _eval(args: argparse.Namespace) -> int:
    lang: Lang = args.lang
    as_of = _as_of(args.as_of)
    policy = load_policy(args.policy, max_degree=args.max_degree)
    _warn(policy.warnings, lang)
    params = _parameters(policy, args)
    calendar = _calendar(args.calendar)
    facts = load_facts(
        args.facts, policy.checked.schema, strict=args.strict, stdin_format=args.input_format
    )
    _warn(facts.warnings, lang)
    report = policy.report(
        facts, as_of=as_of, params=params, calendar=calendar, max_steps=args.max_steps
    )
    result = report.result
    args.format = args.format or _format_of(args.output)
    if _HOLD_UNTIL_EXIT:
        _HELD.extend((facts, report))

    def make(ascii_only: bool) -> str:
        return report.render(
            args.format,
            lang,
            explain=args.explain,
            ascii_only=ascii_only,
            fail_on=args.fail_on,
            width=_terminal_width(),
            colour=args.output is None and _colour(),
        )

    def make_utf8() -> bytes:
        return render.findings_json_utf8(report, lang, explain=args.explain)

    with collector_paused():  # rendering allocates per finding; the facts have no cycles
        _emit(
            args.output,
            make,
            json_like=args.format not in ("table", "csv"),
            make_utf8=make_utf8 if args.format == "json" else None,
            lang=lang,
        )
    _note_undecided(result, lang)
    notice = result.notice()
    if notice is not None:
        _stderr(notice.get(lang))
    return report.exit_status(args.fail_on)


def _format_of(output: str | None) -> str:
    """The format ``--output`` implies when ``--format`` is not given: a printable
    report for ``report.html``, the table otherwise."""
    if output is not None and output.lower().endswith((".html", ".htm")):
        return "html"
    return "table"


def _note_undecided(result: Result, lang: Lang) -> None:
    """Tell a script reading only the exit status why it is 2 although output was printed."""
    undecided = result.count("indeterminate")
    if undecided:
        _stderr(
            f"注意：{undecided} 项无法判定，检查不完整（退出状态 2）"
            if lang == "zh"
            else f"note: {undecided} finding(s) could not be decided; the check is "
            "incomplete (exit status 2)"
        )


def _check(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    _warn(policy.warnings, args.lang)
    _emit(
        None,
        lambda ascii_only: render.check_line(policy, args.lang),
        json_like=False,
        lang=args.lang,
    )
    return 0


def _articles(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    _warn(policy.warnings, args.lang)
    if args.format == "json":
        _emit(
            args.output,
            lambda ascii_only: render.articles_json(policy, ascii_only=ascii_only),
            json_like=True,
        )
    else:
        _emit(
            args.output,
            lambda ascii_only: render.articles_table(policy, args.lang),
            json_like=False,
            lang=args.lang,
        )
    return 0


def _schema(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    _warn(policy.warnings, args.lang)
    document = json_schema(
        policy.checked.schema, title=f"Facts for the {policy.name} policy ({policy.checked.title})"
    )
    _emit(
        args.output,
        lambda ascii_only: json.dumps(document, ensure_ascii=ascii_only, indent=2) + "\n",
        json_like=True,
    )
    return 0


def _calendar_export(args: argparse.Namespace) -> int:
    schedules = chinese_calendar_schedules()
    schedule = schedules.get(args.year)
    if schedule is None:
        raise UnknownYearError(args.year, schedules.keys())
    text = export_year(schedule)
    _emit(args.output, lambda ascii_only: text, json_like=False, lang=args.lang)
    return 0


def _template(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    _warn(policy.warnings, args.lang)
    target = Path(args.ledger)
    if target.suffix.lower() != ".xlsx":
        raise _usage(
            "E620",
            f"台账文件 `{target}` 应以 .xlsx 结尾",
            f"the ledger `{target}` must end in .xlsx",
        )
    facts = None
    if args.from_facts:
        facts = load_facts(args.from_facts, policy.checked.schema, strict=args.strict)
        _warn(facts.warnings, args.lang)
    try:
        write_template(
            policy.checked,
            target,
            facts=facts,
            command=f"policyengine eval {args.policy} {target.name}",
        )
    except LayoutError as exc:
        raise _usage(
            "E621", f"这个策略的事实无法排成台账：{exc}", f"no ledger for this policy: {exc}"
        ) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _usage(
            "E608",
            f"无法写入输出文件：{reason}",
            f"cannot write the output file: {reason}",
            str(target),
        ) from None
    count = len(facts) if facts is not None else 0
    _stderr(
        f"已写入台账 {target}（{count} 条事实）"
        if args.lang == "zh"
        else f"wrote the ledger {target} ({count} facts)"
    )
    return 0


# --------------------------------------------------------------------------- main


def _failure_json(err: PolicyError, args: argparse.Namespace, lang: Lang) -> None:
    """``--format json`` when the input cannot be checked: the JSON document's other
    form, ``{"schema_version": …, "error": {…}}`` (:meth:`PolicyError.to_dict`), where
    the findings would have gone, so that a calling program never reads nothing."""
    document = {"schema_version": SCHEMA_VERSION, "error": err.to_dict(lang)}
    try:
        _emit(
            getattr(args, "output", None),
            lambda ascii_only: json.dumps(document, ensure_ascii=ascii_only, indent=2) + "\n",
            json_like=True,
        )
    except PolicyError as again:  # the output file cannot be written either
        _stderr(again.render(lang))


def _silence(stream: TextIO) -> None:
    """After a failed write, point the stream's file at /dev/null so that the
    interpreter's final flush does not raise again (the recipe in the ``signal``
    module's documentation, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (captured in tests)
        pass


def _stderr(text: str) -> None:
    """A message on stderr; if stderr cannot take it (a pipe whose reader has left,
    ``2>&1 | head``; a full disk, ``2>/dev/full``; closed), the message is dropped and
    the command goes on: the exit status depends only on the findings and the errors."""
    if sys.stderr is None:  # no stream at all (print would write to stdout instead)
        return
    try:
        print(text, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        _silence(sys.stderr)


def _say(zh: str, en: str, lang: Lang) -> None:
    """A one-line message on stderr, in English if stderr cannot show Chinese."""
    text = en if lang == "en" or not _encodable(zh, getattr(sys.stderr, "encoding", None)) else zh
    _stderr(text)


_HOLD_UNTIL_EXIT = False
_HELD: list[object] = []
"""The facts and result of ``eval``, held by :func:`entry` until the process ends."""


def entry() -> NoReturn:
    """The ``policyengine`` script and ``python -m policyengine``: :func:`main`, then
    the process ends without freeing, one object at a time, what it built.

    Once the output is written and flushed nothing is left to do; but the facts and
    findings are millions of objects at a million facts, and freeing them as the
    command returns took 0.4 to 1.3 s (after a run of about 9 s), the time of a
    pass over every fact. So ``eval`` leaves them in :data:`_HELD` and the process
    ends with ``os._exit`` (mypy ends the same way). A library caller of :func:`main`
    (the tests) gets the usual return and frees everything.
    """
    global _HOLD_UNTIL_EXIT
    _HOLD_UNTIL_EXIT = True
    status = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that has left; closed
            stream.flush()
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (the console script exits with it)."""
    argv = sys.argv[1:] if argv is None else argv
    lang_asked = _lang_of(argv)
    with argtext.speaking(lang_asked):  # argparse's words are fixed as the parser is built
        parser = _parser(lang_asked)
        try:
            args = parser.parse_args(argv)
        except _ArgumentError as exc:
            error = ": error: " if lang_asked == "en" else "：错误："
            _stderr(f"{exc.parser.format_usage()}{exc.parser.prog}{error}{exc}")
            return 2
        except SystemExit as exc:  # --help and --version have printed what was asked
            return exc.code if isinstance(exc.code, int) else 0
    lang: Lang = getattr(args, "lang", "zh")
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except KeyboardInterrupt as exc:  # Ctrl-C; SIGTERM too under the script (its status)
        status: int = getattr(exc, "status", 130)
        return status
    except PolicyError as err:
        if args.debug:
            traceback.print_exc()
        _stderr(err.render(lang))
        if getattr(args, "format", None) == "json":
            _failure_json(err, args, lang)
        return 2
    except Exception as exc:
        if args.debug:
            raise
        first_line = next(iter(str(exc).splitlines()), "")
        detail = f"{type(exc).__name__}: {first_line}"
        _say(
            f"内部错误：{detail}（用 --debug 查看详情）",
            f"internal error: {detail} (use --debug for details)",
            lang,
        )
        return 2
