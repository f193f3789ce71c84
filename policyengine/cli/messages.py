"""Every message of the command line, as the catalogue's variants of its codes.

Takes nothing; gives one :class:`~policyengine.codes.Message` per way a command
refuses its arguments or cannot write its output (E605–E608, E610, E620–E622: the wording
in Chinese and English with ``{name}`` fields, the help line), and the notes and
words the commands print on stderr. :mod:`policyengine.cli` names a variant and
passes the user's words; it never spells a sentence. The options' help texts are
:mod:`policyengine.cli.arguments`' own. Nothing here reads an argument.
"""

from __future__ import annotations

from policyengine.codes import Words, message
from policyengine.text import Text

# -- option values (options.py, arguments.py)
AS_OF_NOT_A_DATE = message(
    "E605",
    "--as-of 的值 `{text}` 不是有效日期，应写作 YYYY-MM-DD（如 2024-09-25）",
    "--as-of `{text}` is not a valid date; write it as YYYY-MM-DD (e.g. 2024-09-25)",
)
PARAM_NOT_A_PAIR = message(
    "E606", "--param `{item}` 应写作 NAME=VALUE", "--param `{item}` must be written NAME=VALUE"
)
PARAM_PLACE = "--param {name}"
"""Where an override given as ``--param NAME=VALUE`` is, for E602 and E603."""
PARAMS_FILE = message("E607", "参数文件{why}", "the parameter file {why}")
# why a parameter file is refused
OVER_1_MIB = Text("超过 1 MiB 的上限", "is larger than the 1 MiB limit")
CANNOT_BE_READ = Words("无法读取：{reason}", "cannot be read: {reason}")
NOT_UTF8 = Text("不是 UTF-8 编码的文本", "is not UTF-8 text")
NOT_JSON = Words("不是有效的 JSON：{reason}", "is not valid JSON: {reason}")
NOT_YAML = Words("不是有效的 YAML：{reason}", "is not valid YAML: {reason}")
YAML_VERSION = Words(
    "声明了 YAML {version}（`%YAML {version}`），而参数文件按 YAML 1.2 读取",
    "declares YAML {version} (`%YAML {version}`), but is read as YAML 1.2",
)
YAML_VERSION_HELP = Words(
    "删除 `%YAML {version}` 这一行；YAML 1.2 中 `yes`、`on` 是文字，`010` 是十",
    "remove the `%YAML {version}` line; in YAML 1.2 `yes` and `on` are text and `010` is ten",
)
NOT_A_MAPPING = Text("应为“参数名: 值”的映射", "must be a mapping of parameter names to values")
AT_LEAST = Words(
    "应为不小于 {low} 的整数，而不是 {text!r}",
    "must be a whole number of at least {low}, not {text!r}",
)
MAX_DEGREE_HELP = Words(
    "允许规则的工作量随事实数增长到 N^D（默认 {default}）",
    "allow rules whose work grows as N^D with the facts (default {default})",
)
MAX_STEPS_HELP = Words(
    "求值步数上限（默认 {default:,}；0 表示不限）",
    "the evaluation's step budget (default {default:,}; 0: none)",
)
ARGPARSE_REFUSED = message(
    "E610",
    "{said}",
    "{said}",
    help=("`{prog} --help` 列出它的参数", "`{prog} --help` lists its arguments"),
)
"""What argparse refuses (an unknown option, a value not among the choices, a missing
argument), in the words it said it in on stderr."""
ERROR = Text("：错误：", ": error: ")
"""Between argparse's usage line and its message, as argparse writes it in English."""

# -- output (output.py, commands.py)
CANNOT_WRITE_OUTPUT = message(
    "E608", "无法写入输出文件：{reason}", "cannot write the output file: {reason}"
)
STDOUT_CLOSED = message(
    "E608", "无法写入标准输出：它已关闭", "cannot write to standard output: it is closed"
)
CANNOT_WRITE_STDOUT = message(
    "E608", "无法写入标准输出：{reason}", "cannot write to standard output: {reason}"
)
TERMINAL_CANNOT_SHOW = Text(
    "注意：终端不能显示部分字符（已显示为 ?）；请使用 UTF-8 终端"
    "（如 PYTHONIOENCODING=utf-8），或用 --format json",
    "note: this terminal cannot show some characters (shown as ?); use a "
    "UTF-8 terminal (e.g. PYTHONIOENCODING=utf-8), or --format json",
)
UNDECIDED = Words(
    "注意：{count} 项无法判定，检查不完整（退出状态 2）",
    "note: {count} finding(s) could not be decided; the check is incomplete (exit status 2)",
)
INTERNAL_ERROR = Words(
    "内部错误：{detail}（用 --debug 查看详情）",
    "internal error: {detail} (use --debug for details)",
)

# -- the ledger template (commands.py)
LEDGER_NOT_XLSX = message(
    "E620", "台账文件 `{target}` 应以 .xlsx 结尾", "the ledger `{target}` must end in .xlsx"
)
LEDGER_EXISTS = message(
    "E622",
    "台账文件 `{target}` 已存在，不予覆盖（其中可能已填写了事实）",
    "the ledger `{target}` already exists and is not overwritten (it may hold facts filled in)",
)
NO_LEDGER = message(
    "E621", "这个策略的事实无法排成台账：{reason}", "no ledger for this policy: {reason}"
)
LEDGER_WRITTEN = Words(
    "已写入台账 {target}（{count} 条事实）", "wrote the ledger {target} ({count} facts)"
)
