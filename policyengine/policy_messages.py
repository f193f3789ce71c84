"""Every message of the library's entry points, as the catalogue's variants of its codes.

Takes nothing; gives one :class:`~policyengine.codes.Message` per way
:mod:`policyengine.policy` and :mod:`policyengine.params` refuse what a caller gave
them (E601–E604: a policy that cannot be read or found, a parameter the policy does
not have or a value it cannot take, facts of another policy), with its wording in
Chinese and English with ``{name}`` fields and its help line, and the words of a
result's notice (:mod:`policyengine.findings`). The library names a variant and
passes the caller's words; it never spells a sentence. Nothing here looks at a
policy.
"""

from __future__ import annotations

from policyengine.codes import SUGGESTION, Words, message
from policyengine.text import Text

# -- loading a policy (policy.py)
CANNOT_READ_POLICY = message(
    "E601", "无法读取策略文件：{reason}", "cannot read the policy file: {reason}"
)
NOT_UTF8 = Text("不是 UTF-8 编码的文本", "it is not UTF-8 text")
NO_SUCH_POLICY = message(
    "E601",
    "找不到策略 `{name}`",
    "no policy `{name}`",
    help=(
        "给出 .policy 文件的路径，或内置策略名 `anhua`",
        "give the path of a .policy file, or the shipped policy `anhua`",
    ),
)
FACTS_OF_ANOTHER_POLICY = message(
    "E604",
    "这些事实是按另一份策略的模式校验的",
    "these facts were validated against another policy's schema",
)

# -- an argument of the right type that a function cannot take (arguments.py)
BAD_ARGUMENT = message(
    "E609",
    "{function}() 的参数 `{parameter}` 应为{expected}，而不是 {given}",
    "{function}(): `{parameter}` must be {expected}, not {given}",
)
AT_LEAST = Words("不小于 {minimum} 的整数", "a whole number of at least {minimum}")
ONE_OF_CHOICES = Words("{listed} 之一", "one of {listed}")
ZH_OR_EN = Text(" zh 或 en", "one of zh, en")  # (a space between Chinese and a code)

# -- parameters (params.py)
UNKNOWN_PARAMETER = message("E602", "策略没有参数 `{name}`", "the policy has no parameter `{name}`")
DID_YOU_MEAN = SUGGESTION  # one wording, declared in codes.py
INVALID_VALUE = message(
    "E603",
    "参数 `{name}` 的值 `{raw}` 无效：{reason}",
    "invalid value `{raw}` for parameter `{name}`: {reason}",
)
LIBRARY_PLACE = 'params["{name}"]'
"""Where a library caller's override is (``Policy.evaluate(params=...)``); the command
line names its option or file instead."""
# why a value is refused
A_WHOLE_NUMBER = Text("应为整数", "expected a whole number")
NEGATIVE = Text("不能为负数", "must not be negative")
BEYOND_64_BITS = Text(
    "超出 64 位整数的范围（至多 2^63−1）", "is beyond the 64-bit range (at most 2^63−1)"
)
TRUE_OR_FALSE = Text("应为 true 或 false", "expected true or false")
A_DATE = Text("应为日期 YYYY-MM-DD", "expected a date YYYY-MM-DD")
ONE_OF = Words("应为 {members} 之一", "expected one of {members}")
A_STRING = Text("应为字符串", "expected a string")
KEY_VALUE_PAIRS = Text("应写作 键:值,键:值", "expected key:value,key:value")
A_MAPPING = Text("应为映射", "expected a mapping")
NOT_OVERRIDABLE = Text("此类参数不能覆盖", "this kind of parameter cannot be overridden")

# -- a result (findings.py)
NOT_IN_FORCE = Words(
    "注意：检查日 {as_of} 本制度尚未施行（自 {start} 起施行），不作任何认定",
    "note: the regulation was not yet in force on the check date "
    "{as_of} (in force from {start}); nothing was judged",
)
# Said after the check date in the summary line when neither the facts' ``as_of`` nor
# ``--as-of`` gave it: every standing duty is then judged on the day of the run.
AS_OF_NOT_GIVEN = Text("（事实和命令行均未指定，按今天）", " (not given; today)")
