"""Every message the checker raises, as the catalogue's variants of its codes.

Takes nothing; gives one :class:`~policyengine.codes.Message` per way the checker
reports a problem (its code, its wording in Chinese and English with ``{name}`` fields,
its help line) and the help lines the checker chooses among. The checker names a
variant and passes the user's words; it never spells a sentence. Nothing here looks at
a policy.
"""

from __future__ import annotations

from policyengine.codes import SUGGESTION, Words, message
from policyengine.text import Text

# -- the policy declaration
NO_POLICY = message(
    "E213",
    "策略文件须有且仅有一个 `policy` 声明",
    "a policy file needs exactly one `policy` declaration",
    help=('在文件开头写 `policy 名称 "标题"`', 'start the file with `policy name "title"`'),
)
SECOND_POLICY = message(
    "E213",
    "策略文件须有且仅有一个 `policy` 声明，这是第二个",
    "a policy file needs exactly one `policy` declaration: this is a second one",
    help=(
        "第一个在第 {line} 行；删除这一个，或把它放到单独的文件中",
        "the first is on line {line}; remove this one, or move it to a file of its own",
    ),
)

# -- declared twice (E205)
RULE_TWICE = message("E205", "规则 `{name}` 重复声明", "rule `{name}` is declared twice")
ENUM_TWICE = message("E205", "枚举 `{name}` 重复声明", "enum `{name}` is declared twice")
FIELD_TWICE = message(
    "E205", "字段 `{name}` 在 `{owner}` 中重复", "field `{name}` is declared twice in `{owner}`"
)
COLLECTION_TWICE = message(
    "E205", "事实集合 `{name}` 重复声明", "fact collection `{name}` is declared twice"
)
ARTICLE_TWICE = message("E205", "`{article}` 重复声明", "`{article}` is declared twice")
PARAM_TWICE = message("E205", "参数 `{name}` 重复声明", "parameter `{name}` is declared twice")
NAME_BOUND = message("E205", "名称 `{name}` 已被使用", "the name `{name}` is already bound")
DEFINE_TWICE = message(
    "E205",
    "定义 `{name}` 重复声明，或与内置函数同名",
    "definition `{name}` is declared twice, or has a built-in function's name",
)
DEFINE_SHADOWED = message(
    "E205",
    "规则绑定了名称 `{name}`，而定义 `{define}` 读取同名的参数或内置名称",
    "the rule binds `{name}`, which definition `{define}` reads as a parameter or built-in name",
    help=("给规则中的 `{name}` 另起一个名称", "rename the rule's `{name}`"),
)
READING_TWICE = message(
    "E205",
    "规则 `{rule}` 的 `{lang}` 解读重复",
    "rule `{rule}` has two `{lang}` readings",
    help=("每种语言只写一个 `reading`", "write one `reading` per language"),
)

# -- parameters
UNUSED_PARAM = message(
    "E211",
    "参数 `{name}` 已声明但未被任何规则使用",
    "parameter `{name}` is declared but never used",
    help=("删除它，或在规则中使用它", "remove it, or use it in a rule"),
)
PARAM_WITHOUT_DEFAULT = message(
    "E307",
    "参数 `{name}` 没有默认值，须声明为可选（`?`）",
    "parameter `{name}` has no default, so it must be optional (`?`)",
)

# -- types and kinds
MAP_KEY_TYPE = message(
    "E204",
    "映射的键不能是 `{key}`",
    "the keys of a map cannot be `{key}`",
    help=("键须是 str、int、bool、date 或枚举", "a key must be a str, int, bool, date or enum"),
)
UNKNOWN_TYPE = message("E204", "未知的类型 `{name}`", "unknown type `{name}`")
UNKNOWN_KIND = message("E203", "未知的事实种类 `{name}`", "unknown fact kind `{name}`")
VARIANTS_UNTAGGED = message(
    "E206",
    "只有用 `tagged` 声明的集合才能有 `variant`",
    "only a `tagged` collection can have variants",
)
DATED_NOT_A_DATE_FIELD = message(
    "E202",
    "`dated {field}` 须指向 `{subject}` 的一个日期字段",
    "`dated {field}` must name a date field of `{subject}`",
)

# -- defaults
NOT_A_MEMBER = message(
    "E210", "`{name}` 不是 `{enum}` 的成员", "`{name}` is not a member of `{enum}`"
)
MAP_KEY_NOT_SINGLE = message("E307", "映射的键须是单个值", "a key of a map must be a single value")
DEFAULT_MISFITS = message(
    "E307", "默认值与类型 `{type}` 不符", "the default value does not fit the type `{type}`"
)

# -- articles
ARTICLE_WITHOUT_TEXT = message(
    "E206",
    "`{article}` 缺少条文",
    "`{article}` needs its text, quoted from the regulation",
    help=(
        '在条号后用 """……""" 引用条文；原文缺失的条写 `missing "原因"`',
        'quote the text after the number in """…"""; for an article absent from the text '
        'write `missing "why"`',
    ),
)
ARTICLE_UNDECLARED = message(
    "E206",
    "引用了未声明的 `{article}`",
    "`{article}` is cited but not declared",
    help=('先声明 `article {article} """……"""`', 'declare it with `article {article} """…"""`'),
)
CITES_MISSING_ARTICLE = message(
    "E207",
    "`{article}` 在发布的原文中缺失，不能被规则引用",
    "`{article}` is missing from the issued text; a rule cannot cite it",
)
CITES_UNCHECKABLE_ARTICLE = message(
    "E207",
    "`{article}` 被声明为不可检查，却被规则引用",
    "`{article}` is declared not checkable but a rule cites it",
    help=(
        "删除 `not checkable`，或不要在规则中引用它",
        "remove `not checkable`, or do not cite it",
    ),
)

# -- rules: messages and remedies
NO_CHINESE_MESSAGE = message(
    "E214",
    "规则 `{rule}` 缺少中文消息",
    "rule `{rule}` has no Chinese message",
    help=('加上 `message "……"`', 'add `message "…"`'),
)
LAST_MESSAGE_CONDITIONAL = message(
    "E214",
    "规则 `{rule}` 最后一条 `{lang}` 消息带有 `if`，条件不成立时没有消息",
    "the last `{lang}` message of rule `{rule}` has an `if`: there is no message when it is false",
    help=("在其后加一条不带 `if` 的消息", "add a message without `if` after it"),
)
REMEDY_TWICE = message(
    "E218",
    "规则 `{rule}` 在不带 `if` 的 `remedy {lang}` 之后还有 `remedy {lang}`，它不会被用到",
    "rule `{rule}` has a `remedy {lang}` after its `remedy {lang}` without `if`: it is never used",
    help=(
        "每种语言只写一条不带 `if` 的 `remedy`，放在带 `if` 的之后",
        "write one `remedy` without `if` per language, after those with `if`",
    ),
)
LAST_REMEDY_CONDITIONAL = message(
    "E218",
    "规则 `{rule}` 最后一条 `remedy {lang}` 带有 `if`，条件不成立时没有整改建议",
    "the last `remedy {lang}` of rule `{rule}` has an `if`: there is no remedy when it is false",
    help=("在其后加一条不带 `if` 的 `remedy`", "add a `remedy` without `if` after it"),
)
REMEDY_ONLY_ENGLISH = message(
    "E218",
    "规则 `{rule}` 只有英文 `remedy`，缺少中文",
    "rule `{rule}` has an English `remedy` but no Chinese one",
    help=('加上 `remedy "……"`', 'add `remedy "…"`'),
)

# -- expressions
UNKNOWN_NAME = message("E201", "未知的名称 `{name}`", "unknown name `{name}`")
NO_SUCH_FIELD = message("E202", "`{record}` 没有字段 `{name}`", "`{record}` has no field `{name}`")
NO_FIELDS = message("E305", "`{type}` 没有字段 `{name}`", "`{type}` has no fields, so no `{name}`")
NOT_A_MAP = message("E305", "`{type}` 不能用 `[…]` 查找", "cannot look up `[…]` in `{type}`")
UNKNOWN_FUNCTION = message("E208", "未知的函数 `{name}`", "unknown function `{name}`")
ARGUMENT_COUNT = message(
    "E303",
    "`{name}` 需要 {want} 个参数，这里有 {got} 个",
    "`{name}` takes {want} arguments, not {got}",
)
UNKNOWN_PATTERN = message(
    "E209",
    "未知的内置模式 `{name}`",
    "unknown built-in pattern `{name}`",
    help=("可用的模式：{patterns}", "built-in patterns: {patterns}"),
)
MAP_OUTSIDE_DEFAULT = message(
    "E306", "映射只能作为参数的默认值", "a map can only be a parameter's default value"
)
DATE_ARITHMETIC = message(
    "E306",
    "日期不能直接加减",
    "dates cannot be added or subtracted with `+`/`-`",
    help=(
        "用 `add_days`、`add_months`、`add_years`、`deadline_after`、`days` 或 `period_workdays`",
        "use `add_days`, `add_months`, `add_years`, `deadline_after`, `days` or `period_workdays`",
    ),
)

# -- collections (E304)
COUNT_NOT_A_COLLECTION = message(
    "E304", "`{type}` 不是集合，不能计数", "cannot count `{type}`: it is not a list or a set"
)
EMPTY_NOT_A_COLLECTION = message(
    "E304",
    "`{type}` 不是集合，不能判断是否为空",
    "`{type}` is not a collection; it cannot be empty",
)
AGGREGATE_OVER_NON_COLLECTION = message(
    "E304",
    "`{type}` 不是事实种类或集合，不能遍历",
    "cannot aggregate over `{type}`: it is neither a fact kind nor a list",
)
UNION_OF_NON_COLLECTION = message(
    "E304",
    "`{type}` 不是列表或集合，union 只能合并列表或集合的各项",
    "union gathers the items of lists or sets; `{type}` is neither",
)
EACH_OVER_NON_COLLECTION = message(
    "E304",
    "`{type}` 不是列表或集合，规则不能逐项判断",
    "a rule cannot judge each item of `{type}`: it is neither a list nor a set",
)
IN_NOT_A_COLLECTION = message(
    "E304",
    "`in` 的右边须是列表或集合，而这里是 `{type}`",
    "the right side of `in` must be a list or a set, not `{type}`",
)

# -- wrong type (E301) and comparisons (E302)
MISMATCH = message("E301", "应为 `{want}`，而这里是 `{got}`", "expected `{want}`, found `{got}`")
DATED_NOT_A_DATE = message(
    "E301", "`dated` 须是日期，而这里是 `{type}`", "`dated` needs a date, found `{type}`"
)
NOT_A_CONDITION = message(
    "E301",
    "`{clause}` 须是真假条件，而这里是 `{type}`",
    "`{clause}` needs a condition (`bool`), found `{type}`",
)
COMPARISON_EXPECTED = message(
    "E301",
    "`{shown}` 之后应有比较：`{clause}` 须是真假条件，而这里是 `{type}`",
    "expected a comparison after `{shown}`: `{clause}` needs a condition (`bool`), found `{type}`",
)
LENGTH_WITHOUT_UNIT = message(
    "E301",
    "期限的长度须带单位（{units}），这里是 `{type}`",
    "the length of a deadline needs a unit ({units}), found `{type}`",
    help=(
        "用带单位的参数，如 `parameter within: workdays = 20`",
        "use a parameter with a unit, e.g. `parameter within: workdays = 20`",
    ),
)
CANNOT_COMPARE = message("E302", "无法{verb} `{a}` 与 `{b}`", "cannot {verb} `{a}` with `{b}`")
WRONG_THRESHOLD_WORD = message(
    "E302",
    "`{word}` 不用于比较{what}",
    "`{word}` does not compare {what}",
    help=(
        "比较{what}写作 `{instead}`（同样的比较）",
        "write `{instead}` to compare {what} (the same comparison)",
    ),
)

# -- the words these messages are built with
COMPARE = Text("比较", "compare")
ADD_OR_SUBTRACT = Text("相加减", "add or subtract")
COMBINE = Text("合并", "combine")
USE_TOGETHER = Text("合用", "combine")
DATES = Text("日期", "dates")
NUMBERS = Text("数量", "numbers")

# -- help lines the checker chooses among
DID_YOU_MEAN = SUGGESTION  # one wording, declared in codes.py
FUNCTIONS = Words("可用的函数：{functions}", "functions: {functions}")
MEMBERS = Words("成员：{members}", "members: {members}")
DATE_WITH_NUMBER = Words(
    "与日期比较，或用 `days(a, b)`、`period_workdays(a, b)` 得到天数，"
    "或用 `deadline_after(d, n)` 得到期限的最后一日",
    "compare with a date, or use `days(a, b)` or `period_workdays(a, b)`, "
    "or `deadline_after(d, n)` for the last day of a deadline",
)
WORKDAYS_WITH_DAYS = Words(
    "工作日与自然日不能混用：两边都用 `period_workdays(a, b)` 或都用 "
    "`days(a, b)` 计算；参数的单位须与计算结果一致",
    "working days and calendar days do not mix: compute both sides "
    "with `period_workdays(a, b)` or both with `days(a, b)`, and give a "
    "parameter the unit of the value it is compared with",
)
DIFFERENT_UNITS = Words(
    "`{a}` 与 `{b}` 的单位不同：参数的单位须与计算结果一致",
    "`{a}` and `{b}` are different units: give a parameter the unit "
    "of the value it is compared with",
)
COMPARE_WITH_NUMBER = Words(
    "与一个数比较，例如 `{shown} > 15`", "compare it with a number, e.g. `{shown} > 15`"
)
COMPARE_WITH_DATE = Words(
    "与一个日期比较，例如 `{shown} < as_of`", "compare it with a date, e.g. `{shown} < as_of`"
)
COMPARE_WITH_MEMBER = Words(
    "与一个成员比较，例如 `{shown} == {member}`",
    "compare it with a member, e.g. `{shown} == {member}`",
)
TEST_EMPTY = Words(
    "例如 `{shown} is empty` 或 `{shown} is not empty`",
    "e.g. `{shown} is empty` or `{shown} is not empty`",
)
TEST_NULL = Words(
    "例如 `{shown} is null` 或 `{shown} is not null`",
    "e.g. `{shown} is null` or `{shown} is not null`",
)

# -- functions of earlier versions (builtins.RENAMED): what to write instead
INSTEAD_OF_WORKDAYS = Text(
    "公告等规定期间（首尾两日均计入）用 `period_workdays(start, end)`；"
    "某行为之后的期限用 `deadline_after(d, n)`",
    "a stated period with both ends counted is `period_workdays(start, end)`; "
    "a deadline after an act is `deadline_after(d, n)`",
)
INSTEAD_OF_ADD_WORKDAYS = Text(
    "某行为之后的期限（当日不计入）用 `deadline_after(d, n)`",
    "a deadline after an act (its day not counted) is `deadline_after(d, n)`",
)
