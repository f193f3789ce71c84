"""Every message the fact stages raise, as the catalogue's variants of their codes.

Takes nothing; gives one :class:`~policyengine.codes.Message` per way reading or
validating facts reports a problem (E40x-E43x: its code, its wording in Chinese and
English with ``{name}`` fields, its help line), and the :class:`~policyengine.codes.Words`
and :class:`~policyengine.text.Text` fragments those messages are composed of (what a
value is, what was expected, why a date does not exist). A raise site names a variant
and passes the user's words; it never spells a sentence. Nothing here looks at a file
or a record.
"""

from __future__ import annotations

from policyengine.codes import SUGGESTION, Words, message
from policyengine.text import Text

LIST_SEPARATOR = Text("、", ", ")

_QUOTE = ("请把这个值写成带引号的文本", "write the value as text, in quotes")
QUOTE_HELP = Text(*_QUOTE)

# -- reading a file (E400-E403)
CANNOT_READ = message("E400", "无法读取文件：{reason}", "cannot read the file: {reason}")
CANNOT_READ_STDIN = message(
    "E400", "无法读取标准输入：{reason}", "cannot read standard input: {reason}"
)
STDIN_EMPTY = message("E400", "标准输入是空的", "standard input is empty")
STDIN_CLOSED = message("E400", "标准输入已关闭", "standard input is closed")
NO_SUCH_PATH = message("E400", "没有这个文件或文件夹", "no such file or folder")
NOT_UTF8 = message("E401", "文件不是 UTF-8 编码", "the file is not encoded in UTF-8")
TOO_LARGE = message(
    "E402",
    "文件有 {size:.1f} MiB，{kind} 事实文件最多 {limit} MiB",
    "the file is {size:.1f} MiB; {kind} fact files are limited to {limit} MiB",
)
LARGE_YAML_HELP = Text(
    "大量数据请用 JSON 或 JSON Lines（.jsonl）", "use JSON or JSON Lines (.jsonl) for large inputs"
)
LARGE_JSON_HELP = Text(
    "更大的输入请用 JSON Lines（.jsonl，逐行读取），或分成多个文件",
    "use JSON Lines (.jsonl, read line by line) or several files for larger inputs",
)
JSONL_TOO_LARGE = message(
    "E402",
    "文件超过 {limit}：JSON Lines 事实文件最多 {limit}",
    "the file is over {limit}; JSON Lines fact files are limited to {limit}",
)
LINE_TOO_LONG = message(
    "E402",
    "这一行超过 {size}：JSON Lines 文件每行（一条记录）最多 {size}",
    "the line is longer than {size}; JSON Lines lines (one record each) are limited to {size}",
)
LEDGER_NEEDS_SCHEMA = message(
    "E403",
    "读取台账（电子表格）需要策略的事实结构",
    "a ledger (spreadsheet) can only be read with a policy's fact schema",
)
NO_FACT_FILES = message(
    "E403",
    "文件夹中没有 .json、.jsonl、.yaml、.yml 或 .csv 文件",
    "the folder holds no .json, .jsonl, .yaml, .yml or .csv file",
)
UNSUPPORTED_SUFFIX = message(
    "E403",
    "不支持的文件类型 `{suffix}`，应为 .json、.jsonl、.yaml、.yml "
    "或 .xlsx（.csv 文件请放在一个文件夹中，作为台账读取）",
    "unsupported file type `{suffix}`: expected .json, .jsonl, "
    ".yaml, .yml or .xlsx (.csv files are read as a ledger: give their folder)",
)
PIPE_HELP = Text(
    "这是管道：用 `--input-format json|jsonl|yaml` 说明其格式",
    "a pipe: say what it holds with `--input-format json|jsonl|yaml`",
)

# -- parsing (E404-E409)
INVALID_JSON = message("E404", "JSON 格式错误：{reason}", "invalid JSON: {reason}")
GAVE_UP = message(
    "E404",
    "已有 {count} 行有错，不再往下读：这不像 JSON Lines 文件",
    "reading stopped after {count} bad lines: this does not look like a JSON Lines file",
)
INVALID_YAML = message("E405", "YAML 格式错误：{reason}", "invalid YAML: {reason}")
YAML_KEY_NOT_SCALAR = message(
    "E405",
    "YAML 格式错误：键应为文本，不能是列表或映射",
    "invalid YAML: a key must be text, not a list or a mapping",
)
YAML_TAG = message(
    "E405",
    "YAML 格式错误：不支持 YAML 标签（`{tag}`）；请直接写值，文本可加引号",
    "invalid YAML: YAML tags (`{tag}`) are not supported; write the value "
    "itself, text in quotes if you like",
)
YAML_VERSION = message(
    "E405",
    "文件声明了 YAML {version}（`%YAML {version}`），而事实文件按 YAML 1.2 读取",
    "the file declares YAML {version} (`%YAML {version}`), but fact files are read as YAML 1.2",
    help=(
        "删除 `%YAML {version}` 这一行，并按 YAML 1.2 检查文件",
        "remove the `%YAML {version}` line and check the file as YAML 1.2",
    ),
)
TOO_DEEP = message("E406", "嵌套超过 {depth} 层", "nested more than {depth} levels deep")
YAML_ALIAS = message(
    "E407",
    "不支持 YAML 别名（*{anchor}）和锚点：请把内容写出来",
    "YAML aliases (*{anchor}) and anchors are not supported: write the values out",
)
DUPLICATE_KEY = message("E408", "重复的键 {key}", "duplicate key {key}")
NOT_A_JSON_NUMBER = message(
    "E409", "不允许 `{text}`：它不是 JSON 数字", "`{text}` is not allowed: it is not a JSON number"
)
NUMBER_OUT_OF_RANGE = message("E409", "数字 {text} 超出范围", "the number {text} is out of range")
TOO_MANY_DIGITS = message(
    "E409", "有一个数字超过 {digits} 位", "a number has more than {digits} digits"
)

# -- the top level (E410-E412)
TOP_NOT_A_MAPPING = message(
    "E410",
    "事实文件的顶层应为映射（键为 units、accounts 等），实为{got}",
    "the top level of a facts file must be a mapping (keys such as units, accounts), got {got}",
)
JSONL_LINE_SHAPE = message(
    "E410",
    'JSON Lines 的每一行应是只有一个键的对象，例如 {{"filings": {{"id": "f-1", ...}}}}，实为{got}',
    "each JSON Lines line must be an object with exactly one key, such as "
    '{{"filings": {{"id": "f-1", ...}}}}; got {got}',
)
KEYS_ON_THE_LINE = Words("这一行有 {count} 个键", "this line has {count} keys")
TOP_KEY_NOT_TEXT = message(
    "E411", "顶层键 {key} 不是字符串", "top-level key {key} is not a string", help=_QUOTE
)
UNKNOWN_TOP_KEY = message("E411", "未知的顶层键 `{key}`", "unknown top-level key `{key}`")
KEYS_ARE = Words("可用的键：{keys}", "The keys are: {keys}")
NOT_A_LIST = message(
    "E412", "`{key}` 应为记录列表，实为{got}", "`{key}` must be a list of records, got {got}"
)

# -- a record and its fields (E420-E426); a field's problem follows "field `x`: "
RECORD = Words("{subject}：{problem}", "{subject}: {problem}")
RECORD_FIELD = Words("{subject} 的字段 `{path}`：{problem}", "{subject}, field `{path}`: {problem}")
NOT_A_RECORD = message(
    "E420",
    "应为记录（字段映射），实为{got}",
    "expected a record (a mapping of fields), got {got}",
)
FIELD_MISSING = message("E421", "缺少必填字段 `{path}`", "missing required field `{path}`")
FIELD_NULL = message("E421", "必填字段 `{path}` 为 null", "required field `{path}` is null")
FIELD_BLANK = message(
    "E421",
    "必填字段的值 {value} 是空白（只有空格等空白字符），空白不是值",
    "the required field's value {value} is blank (only spaces or other whitespace): no value",
    ("填写该字段", "fill in the field"),
)
WRONG_TYPE = message("E422", "应为{expected}，实为{got}", "expected {expected}, got {got}")
_SURROGATE = (
    "含单独的代理码位 `{escape}`（第 {position} 个字符）："
    "它是 UTF-16 代理对的一半，不是字符，UTF-8 文本无法保存",
    "holds a lone surrogate `{escape}` (character {position}): half of a UTF-16 pair, "
    "not a character, which UTF-8 text cannot hold",
)
_SURROGATE_HELP = (
    "写出字符本身，或写出代理对的两半（如 `\\ud83d\\ude00`）",
    "write the character itself, or both halves of its pair (`\\ud83d\\ude00`)",
)
SURROGATE_IN_TEXT = message(
    "E422", _SURROGATE[0], "the text " + _SURROGATE[1], help=_SURROGATE_HELP
)
SURROGATE_IN_KEY = message(
    "E422",
    "字段名 {name}" + _SURROGATE[0],
    "the field name {name} " + _SURROGATE[1],
    help=_SURROGATE_HELP,
)
KEY_NOT_TEXT = message(
    "E422", "字段名 {key} 不是字符串", "field name {key} is not a string", help=_QUOTE
)
KEY_NOT_TEXT_IN = message(
    "E422",
    "`{path}` 中的字段名 {key} 不是字符串",
    "field name {key} in `{path}` is not a string",
    help=_QUOTE,
)
UNKNOWN_MEMBER = message(
    "E423",
    "未知的取值 {value}，应为以下之一：{members}",
    "unknown value {value}; expected one of {members}",
)
BAD_DATE = message("E424", "{why}", "{why}")
OUT_OF_RANGE = message(
    "E425", "{value} 超出范围，应为{bounds}", "{value} is out of range: expected {bounds}"
)
UNKNOWN_TAG = message(
    "E426",
    "未知的类型 {tag}，应为以下之一：{kinds}",
    "unknown {field} {tag}; expected one of {kinds}",
)
KINDS_ARE = Words("可用的类型：{kinds}", "the kinds are: {kinds}")

# -- what was expected, and what came
EXPECT_STR = Text("字符串", "a string")
EXPECT_INT = Text("整数", "an integer")
EXPECT_BOOL = Text("true 或 false", "true or false")
EXPECT_DATE = Text("YYYY-MM-DD 格式的日期", "a date YYYY-MM-DD")
EXPECT_LIST = Text("列表", "a list")
EXPECT_ID = Words("{kind} 的 id（字符串）", "the id of a {kind} (a string)")
EXPECT_RECORD = Words("{name} 记录（字段映射）", "a {name} record (a mapping of fields)")
ONE_OF = Words("以下之一：{choices}", "one of {choices}")
NON_NEGATIVE = Text(
    "非负整数（至多 2^63−1）", "a whole number that is not negative (at most 2^63−1)"
)
INT64 = Text("64 位整数（−2^63 到 2^63−1）", "a 64-bit integer (−2^63 to 2^63−1)")
AT_LEAST = Words("不小于 {low} 的整数", "an integer of at least {low}")
AT_MOST = Words("不大于 {high} 的整数", "an integer of at most {high}")
BETWEEN = Words("介于 {low} 到 {high} 之间的整数", "an integer from {low} to {high}")
UNQUOTE_BOOL = Text("请写不带引号的 true 或 false", "write true or false without quotes")
ONLY_TRUE_FALSE = Text("只有 true 和 false 是布尔值", "only true and false are booleans")
UNQUOTE_INT = Text("请写不带引号的数字", "write the number without quotes")
NO_TIME = Text("只写日期，不要时间", "leave out the time of day")

A_BOOLEAN = Words("布尔值 {value}", "the boolean {value}")
AN_INTEGER = Words("整数 {value}", "the integer {value}")
A_NUMBER = Words("数字 {value}", "the number {value}")
A_STRING = Words("字符串 {value}", "the string {value}")
A_DATE_TIME = Words("日期时间 {value}", "the date and time {value}")
A_DATE = Words("日期 {value}", "the date {value}")
A_MAPPING = Text("映射", "a mapping")
A_LIST = Text("列表", "a list")
A_VALUE_OF_TYPE = Words("{name} 类型的值", "a value of type {name}")

# -- why a date does not exist
NOT_ISO_DATE = Words(
    "{shown} 不是 YYYY-MM-DD 格式的日期", "{shown} is not a date in the form YYYY-MM-DD"
)
NOT_A_REAL_DATE = Words("{shown} 不是存在的日期：{reason}", "{shown} is not a valid date: {reason}")
NO_YEAR_ZERO = Text("没有公元 0 年", "there is no year 0")
NO_SUCH_MONTH = Words("没有 {month} 月", "there is no month {month}")
NO_DAY_ZERO = Text("没有 0 日", "there is no day 0")
MONTH_LENGTH = Words(
    "{year} 年 {month} 月只有 {days} 天", "{year}-{month:02d} has only {days} days"
)

# -- help lines chosen at the raise site
DID_YOU_MEAN = SUGGESTION  # one wording, declared in codes.py
THEN = Words("{first}{then}", "{first} {then}")
STRICT_HINT = Text(
    "用 `--strict` 可把未声明的字段作为错误", "`--strict` makes an undeclared field an error"
)
NEAR_AND_STRICT = Words("{near}（{strict}）", "{near} ({strict})")

# -- across records and files (E427-E439)
DUPLICATE_ID = message(
    "E427",
    "{kind} `{id}`：`{collection}` 中 id `{id}` 出现了两次，另一处在 {first}",
    "{kind} `{id}`: the id `{id}` appears twice in `{collection}`; it is also at {first}",
)
NO_SUCH_ID = message("E428", "没有 id 为 {value} 的 {kind}", "no {kind} has the id {value}")
UNDECLARED_FIELD = message(
    "E429",
    "{subject}：未声明的字段 `{path}`{ignored}{also}",
    "{subject}: undeclared field `{path}`{ignored}{also}",
)
IGNORED = Text("，已忽略", "; it is ignored")
IN_MORE_RECORDS = Words(
    "（本文件另有 {more} 条记录也有此字段）", " (and in {more} more records of this file)"
)
AS_OF_NOT_A_DATE = message("E430", "`as_of`：{why}", "`as_of`: {why}")
AS_OF_DIFFERS = message(
    "E431",
    "各文件的 as_of 不一致：{first_file} 为 {first}，{file} 为 {date}",
    "as_of differs between files: {first} in {first_file}, {date} in {file}",
)
AS_OF_DIFFERS_BY_LINE = message(
    "E431",
    "as_of 不一致：第 {line} 行为 {first}，此处为 {value}",
    "as_of disagrees: {first} on line {line}, {value} here",
)
TOO_MANY_PROBLEMS = message(
    "E439",
    "问题太多，另有 {count} 个问题未列出",
    "too many problems: {count} more were found but not listed",
)

NOTHING = Text("", "")
