"""Every message the policy parser raises, as the catalogue's variants of its codes.

Takes nothing; gives one :class:`~policyengine.codes.Message` per way a policy's text
is refused (E100–E107: its wording in Chinese and English with ``{name}`` fields, its
help line), the labels under the carets, and the words the syntax errors name what
was expected with. The parser and :mod:`.errors` name a variant and pass the policy's
text; they never spell a sentence. Nothing here looks at a policy.
"""

from __future__ import annotations

from policyengine.codes import SUGGESTION, Words, message
from policyengine.text import Text

# -- limits (parser.py, literals.py, transform.py)
TOO_LARGE = message(
    "E104",
    "策略文件超过 {kib} KiB 的上限",
    "the policy is larger than the limit of {kib} KiB",
)
NESTED_TOO_DEEP = message(
    "E105", "嵌套超过 {depth} 层", "the policy is nested more than {depth} levels deep"
)
NESTING_HELP = Text(
    "用 `let` 给中间结果命名，减少括号嵌套",
    "name intermediate results with `let` instead of nesting",
)
CHAIN_HELP = Text(
    "每个 `and`/`or` 都算一层：用 `let` 给一部分条件命名，如 `let recent = a and b`",
    "each `and`/`or` counts as a level: name some of the conditions with `let`, "
    "e.g. `let recent = a and b`",
)
PLACEHOLDER_TOO_DEEP = message(
    "E105",
    "消息中的占位符超过 {depth} 层",
    "a placeholder in a message is nested more than {depth} levels deep",
)
INTEGER_TOO_LONG = message(
    "E106",
    "整数超过 {digits} 位",
    "a whole number cannot have more than {digits} digits",
)
NOT_A_DATE = message("E102", "不存在的日期 `{token}`", "`{token}` is not a real date")

# -- message templates (literals.py); a literal brace is written `{{` `}}` here
UNMATCHED_BRACE = message(
    "E103",
    "消息中有不成对的 `{brace}`",
    "an unmatched `{brace}` in a message",
    help=(
        "占位符写作 `{{名称}}`；字面的花括号写作 `\\{{` `\\}}`",
        "write a placeholder as `{{name}}` and a literal brace as `\\{{` or `\\}}`",
    ),
)
BAD_PLACEHOLDER = message(
    "E103",
    "消息中的占位符 `{{{inner}}}` 只能是名称或以点连接的路径",
    "a placeholder in a message must be a name or a dotted path, not `{{{inner}}}`",
    help=(
        "先用 `let` 计算该值，再写 `{{名称}}`；字面的花括号写作 `\\{{` `\\}}`",
        "compute the value with `let` and write `{{name}}`; "
        "write a literal brace as `\\{{` or `\\}}`",
    ),
)

# -- characters (errors.py)
BIDI_CONTROL = message(
    "E107",
    "字符串或注释中有双向控制字符 {char}：这一行显示的顺序可能与程序读取的顺序不同",
    "bidirectional control character {char} inside a string "
    "or comment: the line may display in another order than it is read",
    help=(
        "删除它，除非这段文字确实需要；编辑器可以显示不可见字符",
        "remove it unless the text needs it; an editor can show invisible characters",
    ),
)
CURLY_QUOTE = message(
    "E101",
    "这里不能用弯引号 `{char}`",
    "curly quote `{char}`",
    help=(
        '字符串用英文直引号 `"` 包围（切换到英文输入法）',
        'quote strings with the straight quote `"` (switch the input method to English)',
    ),
)
FULL_WIDTH = message(
    "E101",
    "这里不能用全角符号 `{char}`",
    "full-width `{char}` is not allowed here",
    help=(
        "改用半角的 `{ascii}`（切换到英文输入法）",
        "write the ASCII `{ascii}` (switch the input method to English)",
    ),
)
NOT_AN_OPERATOR = message(
    "E101",
    "策略语言不用 `{typed}`",
    "`{typed}` is not an operator of the policy language",
    help=("写作 `{word}`", "write `{word}`"),
)
SINGLE_QUOTE = message(
    "E101",
    "字符串须用双引号",
    "strings are written in double quotes",
    help=("把 `'` 换成 `\"`", "replace `'` with `\"`"),
)
UNEXPECTED_CHARACTER = message("E101", "这里不能出现 {char}", "unexpected character {char}")
UNCLOSED_LONG_STRING = message(
    "E101",
    '`"""` 包围的条文没有结束',
    'unterminated `"""` text',
    help=('在条文末尾再写一个 `"""`', 'end the text with another `"""`'),
)
STARTS_HERE = Text("从这里开始", "starts here")
UNKNOWN_ESCAPE = message(
    "E101",
    "字符串中有未知的转义 `{bad}`",
    "unknown escape `{bad}` in a string",
    help=(
        '可用的转义：`\\"` `\\\\` `\\n` `\\t` `\\{{` `\\}}`；反斜杠本身写作 `\\\\`',
        'the escapes are `\\"` `\\\\` `\\n` `\\t` `\\{{` `\\}}`; write a backslash as `\\\\`',
    ),
)
UNCLOSED_STRING = message(
    "E101",
    "字符串没有结束的引号",
    "unclosed string",
    help=(
        '在同一行内用 `"` 结束字符串；跨行的条文用 `"""` 包围',
        'close the string with `"` on the same line; quote text that spans lines with `"""`',
    ),
)

# -- tokens (errors.py): `{found}` is a token in backticks, or the end of the file
UNEXPECTED_END = message("E100", "文件意外结束", "unexpected end of file")
END_HERE = message("E100", "文件在此处意外结束", "unexpected end of file")
UNEXPECTED = message("E100", "意外的{found}", "unexpected {found}")
EXPECTED_FOUND = message(
    "E100", "应为{expected}，却遇到了{found}", "expected {expected}, found {found}"
)
EXPECTED = Words("应为{expected}", "expected {expected}")
CLAUSE_AFTER_OPERATOR = message(
    "E100",
    "`{op}` 之后应有表达式，却遇到了 `{word}`",
    "expected an expression after `{op}`, found `{word}`",
    help=(
        "`{op}` 之后的表达式缺失：在 `{word}` 之前把它补全",
        "the expression after `{op}` is missing: complete it before `{word}`",
    ),
)
BEGINS_CLAUSE = Words("`{word}` 开始了新的子句", "`{word}` begins the next clause")
OPERAND_EXPECTED = message(
    "E100", "`{op}` 之后应有{what}，却遇到了{found}", "expected {what} after `{op}`, found {found}"
)
A_CONDITION = Text("条件", "a condition")
AN_EXPRESSION = Text("表达式", "an expression")
COMPARISON_EXPECTED = message(
    "E100",
    "`{before}` 之后应有比较，却遇到了{found}",
    "expected a comparison after `{before}`, found {found}",
)
A_COMPARISON = Text(
    "应为 `<`、`>=`、`==` 等比较", "expected a comparison such as `<`, `>=` or `==`"
)
PUT_AN_OPERATOR = Words(
    "在两者之间写上运算符，例如 `{before} >= {shown}`",
    "put an operator between them, e.g. `{before} >= {shown}`",
)
EQUAL_FOR_COMPARISON = message(
    "E100",
    "`=` 不是比较运算符",
    "`=` is not a comparison",
    help=(
        "`=` 只用于 `let` 和默认值；比较用 `==` 或 `!=`",
        "`=` only names a `let` or gives a default; compare with `==` or `!=`",
    ),
)
COMPARE_WITH_DOUBLE_EQUAL = Text("比较相等写作 `==`", "write `==` to compare")
DID_YOU_MEAN = SUGGESTION  # one wording, declared in codes.py
ARABIC_ARTICLE = message(
    "E100",
    "条号须用中文数字书写，而不是 `{token}`",
    "write the article number in Chinese numerals, not `{token}`",
    help=("写作 `{numerals}`", "write `{numerals}`"),
)
UNMATCHED_CLOSER = message(
    "E100",
    "多余的 `{closer}`",
    "unmatched `{closer}`",
    help=("删除它，或补上缺少的 `{opener}`", "remove it, or add the missing `{opener}`"),
)
NO_OPENER = Words("前面没有与之配对的 `{opener}`", "no `{opener}` before it is open")
UNCLOSED_OPENER = message(
    "E100",
    "`{opener}` 没有闭合",
    "unclosed `{opener}`",
    help=(
        "第 {line} 行第 {column} 列的 `{opener}` 缺少 `{closer}`",
        "the `{opener}` at {line}:{column} needs a `{closer}`",
    ),
)
EXPECTED_CLOSER = Words("应为 `{closer}`", "expected `{closer}`")
WHEN_BEFORE_MESSAGE = message(
    "E100",
    "规则在 `message` 之前须有 `when` 条件",
    "a rule needs a `when` condition before its `message`",
)

# What each clause of a rule is for, when it is the one missing.
REQUIRED = {
    "CITES": Text(
        "每条规则在名称和标题之后须写 `cites 第X条`，说明它实施哪一条",
        "every rule needs `cites 第X条` after its name and title, naming the article it implements",
    ),
    "SEVERITY": Text(
        "每条规则在 `cites` 之后须写 `severity error`、`severity warning` 或 `severity info`",
        "every rule needs `severity error`, `severity warning` or `severity info` after `cites`",
    ),
    "FOR": Text(
        "每条规则在 `severity` 之后须写它检查的事实，如 `for f in filing`",
        "every rule names the facts it checks after `severity`, e.g. `for f in filing`",
    ),
    "WHEN": Text(
        "在 `message` 之前加上 `when 条件`：条件成立时规则报告问题",
        "add `when <condition>` before `message`: the rule reports a finding when it holds",
    ),
    "MESSAGE": Text(
        '每条规则在 `when` 条件之后须至少有一条 `message "……"`',
        'every rule needs at least one `message "…"` after its `when` condition',
    ),
}

# -- what was expected, in words (errors.py). Keywords and punctuation are shown by
# their literal text.
TERMINALS: dict[str, Text] = {
    "NAME": Text("名称", "a name"),
    "STRING": Text("带引号的字符串", "a quoted string"),
    "LONG_STRING": Text('三引号 `"""` 包围的条文', 'a `"""`-quoted text'),
    "SIGNED_INT": Text("整数", "a whole number"),
    "DATE": Text("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"),
    "ARTICLE": Text("条号，如 `第十六条`", "an article such as `第十六条`"),
    "COMP_OP": Text("比较运算符（== != < <= > >=）", "a comparison (== != < <= > >=)"),
    "ADD_OP": Text("`+` 或 `-`", "`+` or `-`"),
    "OPTIONAL": Text("`?`", "`?`"),
    "$END": Text("文件结尾", "the end of the file"),
}
AN_OPERATOR = Text("运算符（`and`、`or`、`<`、`+` 等）", "an operator (`and`, `or`, `<`, `+`, …)")
A_DECLARATION = Text("新的声明（`rule`、`article` 等）", "a new declaration (`rule`, `article`, …)")
AND_MORE = Text("……", "…")
LIST_COMMA = Text("、", ", ")
LIST_OR = Text("或", " or ")
