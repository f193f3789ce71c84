"""The three-valued operators over columns, and the grouped reductions of aggregates.

Takes columns (a value per row; ``None`` is *unknown*); gives columns by Kleene's
logic: ``and`` is false where either side is false and unknown where either is
unknown and neither false; a comparison with an unknown value is unknown.
:func:`group_reduce` reduces the items of each key in one pass. Never: raises on an
unknown value, or looks at anything but the columns it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policyengine.frames import CFn, Col, fact_key

EMPTY_SET: frozenset[Any] = frozenset()
# of no items (else unknown)
EMPTY: dict[str, Any] = {"count": 0, "any": False, "all": True, "sum": 0, "union": EMPTY_SET}


def is_decided(op: str, result: Any) -> bool:
    """``any`` already true, or ``all`` already false: no other item can change it."""
    return op in ("any", "all") and result is (op == "any")


def group_reduce(op: str, keys: Col, tests: Col, values: Col | None) -> dict[Any, Any]:
    """An aggregate per key in one pass over the items. ``tests`` is the filter per item
    (the predicate, for ``any`` and ``all``), ``values`` the value per item (for
    ``union`` a list or set, whose known items are gathered into one set). Keys that no
    item counts for are left out: they get the aggregate of nothing (``EMPTY``)."""
    out: dict[Any, Any] = {}
    get = out.get
    if op == "count":
        for k, t in zip(keys, tests, strict=True):
            if t is True and k is not None:
                out[k] = get(k, 0) + 1
    elif op in ("any", "all"):
        want = op == "any"  # any: one true decides; all: one false decides
        for k, t in zip(keys, tests, strict=True):
            if k is not None and t is not (not want) and get(k) is not want:
                out[k] = t  # the deciding value, or None (unknown) until one comes
    elif op == "sum":
        assert values is not None
        for k, t, v in zip(keys, tests, values, strict=True):
            if t is True and k is not None and v is not None:
                out[k] = get(k, 0) + v
    elif op == "union":
        assert values is not None
        for k, t, v in zip(keys, tests, values, strict=True):
            if t is True and k is not None and v is not None:
                out[k] = get(k, EMPTY_SET) | {fact_key(x) for x in v if x is not None}
    elif op in ("max", "latest"):
        assert values is not None
        for k, t, v in zip(keys, tests, values, strict=True):
            if t is True and k is not None and v is not None:
                cur = get(k)
                if cur is None or v > cur:
                    out[k] = v
    else:
        assert values is not None
        for k, t, v in zip(keys, tests, values, strict=True):
            if t is True and k is not None and v is not None:
                cur = get(k)
                if cur is None or v < cur:
                    out[k] = v
    return out


def lift(fn: Callable[..., Any], cols: list[CFn]) -> CFn:
    """``fn`` applied row by row to one or two columns; unknown when any argument is."""
    if len(cols) == 1:
        (a,) = cols
        return lambda frame, ctx: [None if x is None else fn(x) for x in a(frame, ctx)]
    a, b = cols
    return lambda frame, ctx: [
        None if x is None or y is None else fn(x, y)
        for x, y in zip(a(frame, ctx), b(frame, ctx), strict=True)
    ]


def kleene_and(xs: Col, ys: Col) -> Col:
    return [
        False if x is False or y is False else None if x is None or y is None else True
        for x, y in zip(xs, ys, strict=True)
    ]


def _or(xs: Col, ys: Col) -> Col:
    return [
        True if x is True or y is True else None if x is None or y is None else False
        for x, y in zip(xs, ys, strict=True)
    ]


def _otherwise(xs: Col, ys: Col) -> Col:
    return [y if x is None else x for x, y in zip(xs, ys, strict=True)]


COMBINE: dict[str, Callable[[Col, Col], Col]] = {
    "and": kleene_and,
    "or": _or,
    "otherwise": _otherwise,
}
# Comparisons written out per operator: a call per row would double their cost.
AGAINST: dict[str, Callable[[Col, Any], Col]] = {
    "==": lambda xs, y: [None if x is None else x == y for x in xs],
    "!=": lambda xs, y: [None if x is None else x != y for x in xs],
    "<": lambda xs, y: [None if x is None else x < y for x in xs],
    "<=": lambda xs, y: [None if x is None else x <= y for x in xs],
    ">": lambda xs, y: [None if x is None else x > y for x in xs],
    ">=": lambda xs, y: [None if x is None else x >= y for x in xs],
}
PAIRWISE: dict[str, Callable[[Col, Col], Col]] = {
    "==": lambda xs, ys: [
        None if x is None or y is None else x == y for x, y in zip(xs, ys, strict=True)
    ],
    "!=": lambda xs, ys: [
        None if x is None or y is None else x != y for x, y in zip(xs, ys, strict=True)
    ],
    "<": lambda xs, ys: [
        None if x is None or y is None else x < y for x, y in zip(xs, ys, strict=True)
    ],
    "<=": lambda xs, ys: [
        None if x is None or y is None else x <= y for x, y in zip(xs, ys, strict=True)
    ],
    ">": lambda xs, ys: [
        None if x is None or y is None else x > y for x, y in zip(xs, ys, strict=True)
    ],
    ">=": lambda xs, ys: [
        None if x is None or y is None else x >= y for x, y in zip(xs, ys, strict=True)
    ],
}
