"""Every message reading a ledger raises, as the catalogue's variants of their codes.

Takes nothing; gives one :class:`~policyengine.codes.Message` per way a workbook or a
CSV folder is refused or one of its sheets, columns or cells is reported (E45x, and
the E42x a cell's value gets before validation sees it): its code, its wording in
Chinese and English with ``{name}`` fields, its help line; and the fragments those
messages are composed of. The readers name a variant and pass the clerk's words
(a sheet's name, a cell's text); they never spell a sentence. Nothing here looks at
a workbook. The words the template writes into its cells are the template's own
(a table at the top of ``template.py``), but for how it names an enum's column.
"""

from __future__ import annotations

from policyengine.codes import Words, message
from policyengine.text import Text

# -- the file (E450-E453)
OLD_FORMAT = message(
    "E450",
    "不支持 `{suffix}` 文件",
    "`{suffix}` files are not supported",
    help=("请在 Excel 中“另存为” .xlsx 工作簿", "save it as an .xlsx workbook"),
)
NOT_XLSX = message("E450", "不是有效的 .xlsx 工作簿", "not a valid .xlsx workbook")
NOT_XLSX_BECAUSE = message(
    "E450", "不是有效的 .xlsx 工作簿：{why}", "not a valid .xlsx workbook: {why}"
)
INVALID_CSV = message("E450", "CSV 格式错误：{reason}", "invalid CSV: {reason}")
MACROS = message(
    "E451",
    "这是启用宏的工作簿：为安全起见不予读取",
    "this is a macro-enabled workbook: it is not read, for safety",
    help=("请在 Excel 中“另存为” .xlsx 工作簿（不含宏）", "save it as an .xlsx workbook"),
)
ENCRYPTED = message(
    "E452",
    "工作簿已加密（设有打开密码），或是旧版 .xls 文件：无法读取",
    "the workbook is encrypted (has a password to open), or is an old .xls file: it cannot be read",
    help=(
        "请在 Excel 中去掉打开密码（文件 › 信息 › 保护工作簿），另存为 .xlsx",
        "remove the password to open it and save it as .xlsx",
    ),
)
FILE_TOO_LARGE = message(
    "E453",
    "文件超过 {limit} MiB（已读到 {seen:.1f} MiB），{what}最多 {limit} MiB",
    "the file is over {limit} MiB ({seen:.1f} MiB read); {what} are limited to {limit} MiB",
)
WORKBOOKS = Text("台账工作簿", "ledger workbooks")
CSV_FILES = Text("CSV 文件", "CSV files")
OVER_A_LIMIT = message(
    "E453",
    "工作簿超出读取限制：{what}",
    "the workbook is over a reading limit: {what}",
    help=("过大的台账请分成几个工作簿", "split a very large ledger into several workbooks"),
)
OVER_PARTS = Words("超过 {parts} 个部件", "over {parts} parts")
OVER_UNZIPPED = Words("解压后超过 {limit} MiB", "over {limit} MiB uncompressed")
OVER_CELLS = Words(
    "一个工作表的单元格范围超过 {cells:,} 个", "a sheet's cells span more than {cells:,} cells"
)

# -- sheets and columns (E454-E456)
SECOND_SHEET = message("E454", "`{kind}` 有两个工作表", "a second sheet for `{kind}`")
MISSING_COLUMNS = message(
    "E454",
    "缺少必填的列：{columns}",
    "missing required columns: {columns}",
    help=(
        "请用 `policyengine template` 生成的台账，或补上这些列（第一行中文表头，第二行字段代码）",
        "use a ledger made by `policyengine template`, or add these columns "
        "(Chinese header in the first row, field code in the second)",
    ),
)
MERGED_CELLS = message(
    "E455",
    "数据区有合并单元格：合并后只有左上角的单元格有值",
    "merged cells in the data: only the top-left cell of a merge keeps a value",
    help=("请取消合并，并在每一行填上各自的值", "unmerge them and fill in every row's own value"),
)
UNKNOWN_SHEET = message(
    "E456",
    "工作表“{name}”不是台账的任何一类，已忽略",
    "the sheet “{name}” is not one of the ledger's kinds; it is ignored",
    help=("台账的工作表：{sheets}", "the ledger's sheets are: {sheets}"),
)

# -- cells (E422, E423, E457, E458)
NOT_YES_OR_NO = message(
    "E422", "应填“是”或“否”，实为 {value}", "expected 是 (yes) or 否 (no), got {value}"
)
NOT_IN_THE_LIST = message(
    "E423",
    "{value} 不在下拉列表中",
    "{value} is not in the drop-down list",
    help=("可选：{choices}", "the choices are: {choices}"),
)
NO_SAVED_RESULT = message(
    "E457",
    "公式没有保存的计算结果（或结果为空）",
    "the formula has no saved result (or an empty one)",
    help=(
        "请在 Excel 中打开并保存一次，或直接填写数值",
        "open and save the workbook in Excel, or type the value",
    ),
)
NUMBER_AS_TEXT = message(
    "E458",
    "文本列中的数字 {value} 已按文本“{value}”读取；Excel 会去掉前导零（001 变成 1）{also}",
    "the number {value} in a text column is read as the text “{value}”; "
    "Excel drops leading zeros (001 becomes 1){also}",
    help=(
        "若原值有前导零，请把该列设为“文本”格式后重新输入",
        "if the value had leading zeros, format the column as text and retype it",
    ),
)
MORE_IN_THE_COLUMN = Words("（本列另有 {more} 处）", " (and {more} more in this column)")

# -- a schema no ledger can hold (its message is the command line's E621)
LIST_IN_A_CELL = Words(
    "`{field}` 是 {element} 的列表：没有单元格能容纳它",
    "`{field}` is a list of {element}: no cell can hold it",
)

# -- the template's words for an enum's column (schema.type_words names the others)
DROP_DOWN = Text("下拉选择", "a choice from the drop-down list")
