"""The message of the cost bound, as the catalogue's variant of its code.

Takes nothing; gives the :class:`~policyengine.codes.Message` :mod:`policyengine.cost`
refuses a rule with (E308: its wording in Chinese and English with ``{name}`` fields,
its help line). The cost bound names it and passes the rule's figures; it never
spells a sentence. Nothing here looks at a policy.
"""

from __future__ import annotations

from policyengine.codes import message

TOO_COSTLY = message(
    "E308",
    "规则 `{rule}` 的工作量随事实数 N 增长为 N^{degree}："
    "{depth} 层嵌套的聚合遍历事实，上限为 N^{limit}",
    "the work of rule `{rule}` grows as N^{degree} with the "
    "number of facts N: {depth} nested aggregates over facts; "
    "the limit is N^{limit}",
    help=(
        "用 `where x.key == y` 的等值条件把聚合与外层事实关联，或拆成多条规则；"
        "信任该策略时可用 `--max-degree` 放宽",
        "relate the aggregates to the outer fact by `where` conditions or split "
        "the rule; if the policy is trusted, allow it with `--max-degree`",
    ),
)
