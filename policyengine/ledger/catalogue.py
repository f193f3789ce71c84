"""Every message reading a ledger raises, as the catalogue's variants of their codes.

Takes nothing; gives one :class:`~policyengine.codes.Message` per way a workbook or a
CSV folder is refused or one of its sheets, columns or cells is reported (E45x, and
the E42x a cell's value gets before validation sees it): its code, its wording in
Chinese and English with ``{name}`` fields, its help line; and the fragments those
messages are composed of. The readers name a variant and pass the clerk's words
(a sheet's name, a cell's text); they never spell a sentence. Nothing here looks at
a workbook. The words the template writes into its cells are the template's own.
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

# -- a schema no ledger can hold (its message is the command line's E621)
LIST_IN_A_CELL = Words(
    "`{field}` 是 {element} 的列表：没有单元格能容纳它",
    "`{field}` is a list of {element}: no cell can hold it",
)
