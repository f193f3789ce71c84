"""The catalogue of diagnostic codes: every ``E…``/``W…`` code once, and the type of
the messages each is raised with.

Takes nothing; gives :data:`CODES`, one :class:`Code` per diagnostic code with its
level, its title and a general help line in Chinese and English, and the page and
anchor in ``docs/`` that documents it; and :class:`Message`, one way a code is raised
(its wording with ``{name}`` fields, its help line), which a stage's message table
(``checker_messages.py``) declares and its raise sites name. Neither a
:class:`Message` nor a :class:`~policyengine.diagnostics.Diagnostic` can carry a code
that is not here (``tests/test_codes.py`` also keeps codes, docs and tests in step).
It never looks at a policy or a fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from policyengine.text import Text

Level = Literal["error", "warning"]

LANGUAGE = "docs/language.md#11-error-codes"
FACTS = "docs/errors-facts.md#fact-file-errors-e4xx"
CALENDAR = "docs/calendar.md#error-codes"


@attrs.frozen
class Code:
    """One diagnostic code: ``level`` is the level it is raised at by default."""

    code: str
    level: Level
    title: Text
    help: Text
    doc: str  # page#anchor under docs/


def _e(code: str, doc: str, title: tuple[str, str], help_: tuple[str, str]) -> Code:
    return Code(code, "error", Text(*title), Text(*help_), doc)


def _w(code: str, doc: str, title: tuple[str, str], help_: tuple[str, str]) -> Code:
    return Code(code, "warning", Text(*title), Text(*help_), doc)


_TABLE = (
    # -- syntax (E1xx)
    _e(
        "E100",
        LANGUAGE,
        ("语法错误：意外的词或文件结尾", "syntax error: unexpected word or end of file"),
        (
            "检查缺少的子句、`=` 与 `==`、关键字拼写和括号是否成对",
            "check for a missing clause, `=` for `==`, a misspelt keyword or an unmatched bracket",
        ),
    ),
    _e(
        "E101",
        LANGUAGE,
        ("意外的字符", "unexpected character"),
        (
            '用半角标点和直引号 `"`；`and`/`or`/`not` 代替 `&&`/`||`/`!`',
            'use ASCII punctuation and straight quotes `"`; `and`/`or`/`not` for `&&`/`||`/`!`',
        ),
    ),
    _e(
        "E102",
        LANGUAGE,
        ("不存在的日期", "a date that does not exist"),
        ("日期写作 `YYYY-MM-DD`，且须真实存在", "write dates `YYYY-MM-DD`, and only real ones"),
    ),
    _e(
        "E103",
        LANGUAGE,
        ("消息占位符不是名称或点路径", "a message placeholder that is not a name or path"),
        (
            "先用 `let` 计算，再在消息中写 `{名称}`",
            "compute it with `let` first, then write `{name}`",
        ),
    ),
    _e(
        "E104",
        LANGUAGE,
        ("策略文件过大", "the policy file is too large"),
        ("策略文件不能超过 1 MiB", "a policy file is at most 1 MiB"),
    ),
    _e(
        "E105",
        LANGUAGE,
        ("嵌套层数过多", "nested too deeply"),
        ("用 `let` 拆分表达式", "split the expression with `let`"),
    ),
    _e(
        "E106",
        LANGUAGE,
        ("整数位数过多", "an integer with too many digits"),
        ("整数最多 18 位", "integers have at most 18 digits"),
    ),
    _w(
        "E107",
        LANGUAGE,
        ("字符串或注释中的双向控制字符", "a bidirectional control inside a string or comment"),
        (
            "这一行显示的顺序可能与读取的顺序不同；除非文字需要，删除它",
            "the line may display in another order than it is read; remove it unless needed",
        ),
    ),
    # -- names (E2xx)
    _e(
        "E201",
        LANGUAGE,
        ("未知的名称", "unknown name"),
        ("先声明再使用；检查拼写", "declare it before use; check the spelling"),
    ),
    _e(
        "E202",
        LANGUAGE,
        ("没有这个字段", "no such field"),
        ("检查字段名，或在事实声明中加上它", "check the field name, or declare it in the facts"),
    ),
    _e(
        "E203",
        LANGUAGE,
        ("未知的事实种类", "unknown fact kind"),
        ("用 `facts` 声明过的种类", "use a kind declared with `facts`"),
    ),
    _e(
        "E204",
        LANGUAGE,
        ("未知的类型", "unknown type"),
        (
            "用内置类型或已声明的枚举、事实种类；映射的键须是标量",
            "use a built-in type or a declared enum or kind; map keys are scalars",
        ),
    ),
    _e(
        "E205",
        LANGUAGE,
        ("重复声明", "declared twice"),
        ("每个名称只声明一次", "declare each name once"),
    ),
    _e(
        "E206",
        LANGUAGE,
        ("条款缺失或未声明", "an article missing or undeclared"),
        ("引用已声明的条款，并引出条款原文", "cite declared articles and quote their text"),
    ),
    _e(
        "E207",
        LANGUAGE,
        ("规则引用了缺失或无法检查的条款", "a rule cites a missing or uncheckable article"),
        ("只引用可检查的条款", "cite only checkable articles"),
    ),
    _e(
        "E208",
        LANGUAGE,
        ("未知的函数", "unknown function"),
        (
            "只能用内置函数（docs/language.md 第 7 节）",
            "use a built-in function (docs/language.md section 7)",
        ),
    ),
    _e(
        "E209",
        LANGUAGE,
        ("未知的内置格式", "unknown built-in pattern"),
        ("用 docs/language.md 列出的格式", "use a pattern listed in docs/language.md"),
    ),
    _e(
        "E210",
        LANGUAGE,
        ("不是该枚举的成员", "not a member of the enum"),
        ("检查枚举成员的拼写", "check the spelling of the member"),
    ),
    _w(
        "E211",
        LANGUAGE,
        ("没有规则使用的参数", "a parameter no rule uses"),
        ("删除该参数，或在规则中使用它", "remove the parameter or use it in a rule"),
    ),
    _e(
        "E213",
        LANGUAGE,
        ("`policy` 声明不是恰好一个", "not exactly one `policy` declaration"),
        ("文件开头写一个 `policy` 声明", "begin the file with one `policy` declaration"),
    ),
    _e(
        "E214",
        LANGUAGE,
        ("规则缺少中文消息", "a rule without a Chinese message"),
        ('加上 `message "…"`', 'add `message "…"`'),
    ),
    _e(
        "E218",
        LANGUAGE,
        (
            "整改建议重复、缺少兜底或缺少中文",
            "a remedy repeated, without a fallback, or without Chinese",
        ),
        (
            "每种语言最后一条 `remedy` 不带 `if`，其后不再有；英文须有中文对应",
            "end each language's remedies with one without `if`; English only beside Chinese",
        ),
    ),
    # -- types (E3xx)
    _e(
        "E301",
        LANGUAGE,
        ("类型不对", "wrong type"),
        ("给出所需类型的值", "give a value of the type required"),
    ),
    _e(
        "E302",
        LANGUAGE,
        ("无法比较或合并", "cannot compare or combine"),
        ("两边的类型、单位和枚举须一致", "both sides need the same type, unit and enum"),
    ),
    _e(
        "E303",
        LANGUAGE,
        ("参数个数不对", "wrong number of arguments"),
        (
            "按函数的签名传参（docs/language.md 第 7 节）",
            "pass the arguments the function takes (docs/language.md section 7)",
        ),
    ),
    _e(
        "E304",
        LANGUAGE,
        ("不是列表或集合", "not a list or set"),
        ("只能对列表或集合计数、判空、聚合", "count, test or aggregate only lists and sets"),
    ),
    _e(
        "E305",
        LANGUAGE,
        ("不能取字段或查找", "no fields or lookup on this value"),
        ("`.字段` 用于记录，`[…]` 用于映射", "use `.field` on records and `[…]` on maps"),
    ),
    _e(
        "E306",
        LANGUAGE,
        ("此处不允许的运算", "an operation not allowed here"),
        (
            "日期用 `add_days`、`days` 等函数；映射只作参数默认值",
            "use `add_days`, `days` and the like for dates; maps only as parameter defaults",
        ),
    ),
    _e(
        "E307",
        LANGUAGE,
        ("参数默认值不对", "a bad parameter default"),
        (
            "给出符合类型的默认值，或将参数标为可选",
            "give a default of its type, or make it optional",
        ),
    ),
    # -- fact files (E4xx)
    _e(
        "E400",
        FACTS,
        ("无法读取事实文件", "a fact file cannot be read"),
        ("检查路径和权限", "check the path and the permissions"),
    ),
    _e(
        "E401",
        FACTS,
        ("事实文件不是 UTF-8", "a fact file is not UTF-8"),
        ("以 UTF-8 保存文件", "save the file as UTF-8"),
    ),
    _e(
        "E402",
        FACTS,
        ("事实文件过大", "a fact file is too large"),
        ("拆分为多个文件，或用 JSON Lines", "split it into several files, or use JSON Lines"),
    ),
    _e(
        "E403",
        FACTS,
        ("不支持的文件类型", "an unsupported file type"),
        (
            "用 `.json`、`.jsonl`、`.yaml`、`.yml`，或台账（`.xlsx`，或放 `.csv` 文件的文件夹）",
            "use `.json`, `.jsonl`, `.yaml`, `.yml`, or a ledger (`.xlsx`, or a folder of `.csv`)",
        ),
    ),
    _e(
        "E404",
        FACTS,
        ("JSON 无效", "invalid JSON"),
        ("在所指的行列修正 JSON", "fix the JSON at the line and column given"),
    ),
    _e(
        "E405",
        FACTS,
        ("YAML 无效", "invalid YAML"),
        (
            "在所指的行列修正 YAML；不要用标签",
            "fix the YAML at the line and column given; use no tags",
        ),
    ),
    _e(
        "E406",
        FACTS,
        ("嵌套过深", "nested too deeply"),
        ("事实最多嵌套 16 层", "facts nest at most 16 levels"),
    ),
    _e(
        "E407",
        FACTS,
        ("YAML 别名或锚点", "a YAML alias or anchor"),
        ("把内容写出来，不用 `&`/`*`", "write the content out instead of `&`/`*`"),
    ),
    _e("E408", FACTS, ("重复的键", "a key given twice"), ("每个键只写一次", "give each key once")),
    _e(
        "E409",
        FACTS,
        ("不允许的数", "a number that is not allowed"),
        (
            "不用 `NaN`、`Infinity` 或超出范围的数",
            "use no `NaN`, `Infinity` or out-of-range number",
        ),
    ),
    _e(
        "E410",
        FACTS,
        ("顶层结构不对", "the top level has the wrong shape"),
        (
            "顶层是映射；JSON Lines 每行一个只有一个键的对象",
            "the top level is a mapping; each JSON Lines line an object with one key",
        ),
    ),
    _e(
        "E411",
        FACTS,
        ("未知的顶层键", "an unknown top-level key"),
        ("用策略声明的集合名", "use the collection names the policy declares"),
    ),
    _e(
        "E412",
        FACTS,
        ("集合不是列表", "a collection that is not a list"),
        ("把记录写成列表", "write the records as a list"),
    ),
    _e(
        "E420",
        FACTS,
        ("记录不是映射", "a record that is not a mapping"),
        ("每条记录写成映射", "write each record as a mapping"),
    ),
    _e(
        "E421",
        FACTS,
        ("缺少必填字段", "a required field is missing"),
        ("填上该字段", "fill in the field"),
    ),
    _e(
        "E422",
        FACTS,
        ("值的类型不对", "a value of the wrong type"),
        ("按 `policyengine schema` 给出的类型填写", "give the type `policyengine schema` shows"),
    ),
    _e(
        "E423",
        FACTS,
        ("未知的枚举值", "an unknown enum value"),
        ("用列出的值之一", "use one of the values listed"),
    ),
    _e(
        "E424",
        FACTS,
        ("日期无效", "an invalid date"),
        ("日期写作 `YYYY-MM-DD`，且须真实存在", "write dates `YYYY-MM-DD`, and only real ones"),
    ),
    _e(
        "E425",
        FACTS,
        ("整数超出范围", "an integer out of range"),
        ("给出声明范围内的值", "give a value within the declared bounds"),
    ),
    _e(
        "E426",
        FACTS,
        ("未知的事件种类", "an unknown event kind"),
        ("用策略声明的种类", "use a kind the policy declares"),
    ),
    _e(
        "E427",
        FACTS,
        ("重复的 id", "an id used twice"),
        ("每个 id 只用一次", "give each record its own id"),
    ),
    _e(
        "E428",
        FACTS,
        ("引用了不存在的 id", "a reference to an id that does not exist"),
        ("检查 id 的拼写，或补上被引用的记录", "check the id, or add the record it names"),
    ),
    _w(
        "E429",
        FACTS,
        ("未声明的字段", "a field the schema does not declare"),
        ("检查字段名；`--strict` 时为错误", "check the field name; an error with `--strict`"),
    ),
    _e(
        "E430",
        FACTS,
        ("`as_of` 不是有效日期", "`as_of` is not a valid date"),
        ("写作 `YYYY-MM-DD`", "write it `YYYY-MM-DD`"),
    ),
    _e(
        "E431",
        FACTS,
        ("`as_of` 不一致", "`as_of` differs between files"),
        ("所有文件用同一个 `as_of`", "give every file the same `as_of`"),
    ),
    _e(
        "E439",
        FACTS,
        ("问题过多", "too many problems"),
        ("先修正列出的问题", "fix the problems listed first"),
    ),
    # -- ledgers: workbooks and CSV folders (E45x)
    _e(
        "E450",
        FACTS,
        ("不是可读的 .xlsx 工作簿或 CSV 文件", "not a readable .xlsx workbook or CSV file"),
        ("在 Excel 中另存为 .xlsx 工作簿", "save it as an .xlsx workbook"),
    ),
    _e(
        "E451",
        FACTS,
        ("启用宏的工作簿", "a macro-enabled workbook"),
        ("另存为不含宏的 .xlsx 工作簿", "save it as an .xlsx workbook without macros"),
    ),
    _e(
        "E452",
        FACTS,
        ("加密的工作簿", "an encrypted workbook"),
        ("去掉打开密码后另存为 .xlsx", "remove the password to open it and save it as .xlsx"),
    ),
    _e(
        "E453",
        FACTS,
        ("台账超出读取限制", "a ledger over a reading limit"),
        ("把过大的台账分成几个工作簿", "split a very large ledger into several workbooks"),
    ),
    _e(
        "E454",
        FACTS,
        ("工作表缺少必填列", "a sheet without a required column"),
        (
            "用 `policyengine template` 生成的台账，或补上这些列",
            "use a ledger made by `policyengine template`, or add the columns",
        ),
    ),
    _e(
        "E455",
        FACTS,
        ("数据区有合并单元格", "merged cells in the data"),
        ("取消合并，每行填上各自的值", "unmerge them and fill in every row's own value"),
    ),
    _w(
        "E456",
        FACTS,
        ("不属于台账的工作表", "a sheet that is not one of the ledger's kinds"),
        ("该表被忽略；检查工作表名称", "it is ignored; check the sheet's name"),
    ),
    _e(
        "E457",
        FACTS,
        ("公式没有保存的计算结果", "a formula with no saved result"),
        ("在 Excel 中打开并保存一次，或直接填写数值", "save it once in Excel, or type the value"),
    ),
    _w(
        "E458",
        FACTS,
        ("文本列中的数字", "a number in a text column"),
        (
            "把该列设为“文本”格式，以保留前导零",
            "format the column as text, to keep leading zeros",
        ),
    ),
    # -- calendars (E5xx)
    _e(
        "E501",
        CALENDAR,
        ("日历不含该年", "the calendar does not cover the year"),
        ("用 `--calendar` 提供该年的安排", "supply that year's schedule with `--calendar FILE`"),
    ),
    _e(
        "E502",
        CALENDAR,
        ("无法读取日历文件", "the calendar file cannot be read"),
        (
            "检查路径、权限和编码（UTF-8）",
            "check the path, the permissions and the encoding (UTF-8)",
        ),
    ),
    _e(
        "E503",
        CALENDAR,
        ("日历文件过大", "the calendar file is too large"),
        ("日历文件不能超过 1 MiB", "a calendar file is at most 1 MiB"),
    ),
    _e(
        "E504",
        CALENDAR,
        ("日历文件不是有效的 YAML 或 JSON", "the calendar file is not valid YAML or JSON"),
        ("在所指的行列修正文件", "fix the file at the line and column given"),
    ),
    _e(
        "E505",
        CALENDAR,
        ("YAML 别名或标签", "a YAML alias or tag"),
        ("把日期写出来，不用 `&`/`*`/`!!`", "write the dates out, without `&`/`*`/`!!`"),
    ),
    _e(
        "E506",
        CALENDAR,
        ("日历文件结构不对", "the calendar file has the wrong shape"),
        ("按年份写 `holidays` 和 `workdays` 列表", "give per year lists `holidays` and `workdays`"),
    ),
    _e(
        "E507",
        CALENDAR,
        ("未知的键", "an unknown key"),
        ("用四位年份、`holidays` 或 `workdays`", "use four-digit years, `holidays` or `workdays`"),
    ),
    _e(
        "E508",
        CALENDAR,
        ("重复的年份或列表", "a year or list given twice"),
        ("每年、每个列表只写一次", "give each year and each list once"),
    ),
    _e(
        "E509",
        CALENDAR,
        ("条目格式不对", "an entry in the wrong form"),
        (
            "写作 `YYYY-MM-DD` 或 `YYYY-MM-DD..YYYY-MM-DD`",
            "write `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`",
        ),
    ),
    _e(
        "E510",
        CALENDAR,
        ("不存在的日期", "a date that does not exist"),
        ("照通知核对日期", "check the date against the notice"),
    ),
    _e(
        "E511",
        CALENDAR,
        ("日期不在所列年份", "a date listed under another year"),
        ("把日期列在它所在的年份下", "list the date under its own year"),
    ),
    _e(
        "E512",
        CALENDAR,
        ("范围的结束早于开始", "a range that ends before it starts"),
        ("交换起止日期", "swap the first and last day"),
    ),
    _w(
        "E513",
        CALENDAR,
        ("假期不含工作日", "a holiday entry with no weekday"),
        ("只列占用周一至周五的假期", "list only holidays that fall on a Monday to Friday"),
    ),
    _e(
        "E514",
        CALENDAR,
        ("调休上班日是周一至周五", "a worked day that is a Monday to Friday"),
        (
            "`workdays` 只列调休上班的周六、周日",
            "list only worked Saturdays and Sundays under `workdays`",
        ),
    ),
    _e(
        "E515",
        CALENDAR,
        ("日期同时在两个列表中", "a date in both lists"),
        ("每个日期只列在一个列表中", "list each date in one list"),
    ),
    _e(
        "E516",
        CALENDAR,
        ("日期在同一列表中重复", "a date listed twice in one list"),
        ("每个日期只列一次", "list each date once"),
    ),
    _e(
        "E517",
        CALENDAR,
        ("某年没有假期", "a year with no holidays"),
        ("照通知列出该年的假期", "list that year's holidays from the notice"),
    ),
    _w(
        "E518",
        CALENDAR,
        ("某年的安排似乎不完整", "a year that looks partial"),
        (
            "照国务院办公厅的通知写出全年的放假和调休上班日期",
            "give every holiday and worked weekend of the State Council's notice",
        ),
    ),
    _w(
        "E519",
        CALENDAR,
        ("文件中的一年替换了不同的已知安排", "a year that replaces a different known schedule"),
        (
            "核对国务院办公厅的通知；内置数据无误时从文件中删除该年",
            "check the State Council's notice, and remove the year if the built-in data is right",
        ),
    ),
    _e(
        "E308",
        LANGUAGE,
        ("规则的工作量增长过快", "a rule whose work grows too fast"),
        (
            "用等值条件关联嵌套的聚合，或拆分规则；信任该策略时用 `--max-degree`",
            "relate nested aggregates by equalities or split the rule; `--max-degree` if trusted",
        ),
    ),
    # -- evaluation (E7xx)
    _e(
        "E701",
        LANGUAGE,
        ("求值步数预算用完", "the evaluation's step budget is spent"),
        (
            "规则的嵌套聚合随事实数成倍增长；需要时用 `--max-steps` 放宽",
            "the rule's nested aggregates multiply with the facts; raise `--max-steps` if wanted",
        ),
    ),
    # -- usage (E6xx)
    _e(
        "E601",
        LANGUAGE,
        ("找不到或无法读取策略", "the policy is not found or unreadable"),
        ("给出内置策略名或 `.policy` 文件路径", "give a shipped policy's name or a `.policy` file"),
    ),
    _e(
        "E602",
        LANGUAGE,
        ("未知的参数", "unknown parameter"),
        (
            "`policyengine articles` 列出策略的参数",
            "`policyengine articles` lists the policy's parameters",
        ),
    ),
    _e(
        "E603",
        LANGUAGE,
        ("参数值无效", "an invalid parameter value"),
        ("给出符合参数类型的值", "give a value of the parameter's type"),
    ),
    _e(
        "E604",
        LANGUAGE,
        ("事实是按另一策略校验的", "facts validated against another policy"),
        ("用同一策略读取和评估事实", "read and evaluate the facts with one policy"),
    ),
    _e(
        "E605",
        LANGUAGE,
        ("`--as-of` 日期无效", "a bad `--as-of` date"),
        ("写作 `YYYY-MM-DD`", "write it `YYYY-MM-DD`"),
    ),
    _e(
        "E606",
        LANGUAGE,
        ("`--param` 缺少 `=`", "`--param` without `=`"),
        ("写作 `--param 名称=值`", "write `--param NAME=VALUE`"),
    ),
    _e(
        "E607",
        LANGUAGE,
        ("参数文件无效", "a bad `--params` file"),
        (
            "给出参数名到值的 YAML 或 JSON 映射",
            "give a YAML or JSON mapping of parameter names to values",
        ),
    ),
    _e(
        "E608",
        LANGUAGE,
        ("无法写入输出文件", "an output file that cannot be written"),
        ("检查路径和权限", "check the path and the permissions"),
    ),
    _e(
        "E609",
        LANGUAGE,
        ("库函数的参数值无效", "a library argument with a value the function cannot take"),
        (
            "按函数说明传入取值范围内的值",
            "pass a value the function's docstring allows",
        ),
    ),
    _e(
        "E610",
        LANGUAGE,
        ("命令行参数无效", "bad command-line arguments"),
        ("`--help` 列出命令的参数", "`--help` lists the command's arguments"),
    ),
    _e(
        "E620",
        LANGUAGE,
        ("台账文件名不以 .xlsx 结尾", "a ledger whose name does not end in .xlsx"),
        ("给台账文件加上 .xlsx 后缀", "name the ledger `….xlsx`"),
    ),
    _e(
        "E621",
        LANGUAGE,
        ("事实字段无法排成台账的列", "a fact field no ledger column can hold"),
        (
            "台账只能容纳标量、嵌套记录和标量列表",
            "a ledger holds scalars, nested records and lists of scalars",
        ),
    ),
    _e(
        "E622",
        LANGUAGE,
        ("台账文件已存在", "a ledger file that already exists"),
        (
            "换一个文件名；确要替换（丢弃其中内容）时加 `--force`",
            "choose another name, or add `--force` to replace it and lose its contents",
        ),
    ),
)

CODES: Mapping[str, Code] = MappingProxyType({c.code: c for c in _TABLE})


# --------------------------------------------------------------------------- messages


@attrs.frozen
class Words:
    """Wording in Chinese and English with ``{name}`` fields (``str.format``) that the
    raise site fills in with the user's text; an argument given as a :class:`Text`
    gives each language its own words."""

    zh: str
    en: str

    def __call__(self, **args: object) -> Text:
        return Text(
            self.zh.format(**{k: v.zh if isinstance(v, Text) else v for k, v in args.items()}),
            self.en.format(**{k: v.en if isinstance(v, Text) else v for k, v in args.items()}),
        )


SUGGESTION = Words("是否想写 `{near}`？", "did you mean `{near}`?")
"""The help line every stage gives with the nearest known name to a misspelt one."""


def catalogued(_: object, __: object, code: str) -> None:
    """An attrs validator: ``code`` is in the catalogue."""
    if code not in CODES:
        raise ValueError(f"{code} is not in the catalogue (policyengine/codes.py)")


@attrs.frozen
class Message:
    """One way a code is raised (Cedar's ``ToASTErrorKind``: each variant carries its
    message and its help): the raise site names the variant and gives the user's words,
    never the sentence. ``help`` is the variant's own help line, when it has one."""

    code: str = attrs.field(validator=catalogued)
    words: Words
    help: Words | None = None

    @property
    def level(self) -> Level:
        return CODES[self.code].level


def message(code: str, zh: str, en: str, help: tuple[str, str] | None = None) -> Message:
    """A :class:`Message` from its code, its wording and its help, each ``(zh, en)``."""
    return Message(code, Words(zh, en), None if help is None else Words(*help))
