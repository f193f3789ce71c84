"""The parser's LALR tables, built once by the developers and shipped as data.

Takes the grammar (when building) or the shipped file (when loading); gives a lark
parser. Building the parser from ``grammar/policy.lark`` in every process would repeat
the LALR analysis (and lark's check of the terminals against each other when
``interegular`` is installed), which costs more than reading a small fact file. So the
built parser is serialized (lark's ``memo_serialize``) into
``grammar/policy.tables.json`` and loaded with ``Lark.load`` from that dict
(``benchmarks/README.md`` has the figures).

The text is the same whoever builds it: lark numbers the LALR states and the tokens
in the order of sets of strings, which changes with each process's hash seed, so the
states are renumbered in the order they are reached from the start state (tokens by
name), and the JSON has its keys sorted. Regenerating the tables changes the file
only when the grammar (or lark) changed.

JSON, not pickle: lark's own ``cache=True`` loads a pickle from the temp folder,
which anyone who can write there could replace (``input-traps.md``). JSON has no
integer keys and no tuples, so a dict with integer keys is written as
``{"#int": [[key, value], ...]}`` and tuples as lists (lark reads both back).

The tables carry a stamp: the SHA-256 of the grammar, lark's version and the options
they were built with. With anything else (an edited grammar, another lark) they are
not used and the parser is built from the grammar as before, so a stale file costs
time, never correctness; ``tests/test_syntax.py`` fails until it is regenerated
with the other golden files:

    POLICYENGINE_REGEN_GOLDEN=1 pytest tests/test_syntax.py
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from policyengine import resources

OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    "propagate_positions": True,
    "maybe_placeholders": True,
}
_INT_KEYS = "#int"


def build(grammar: str) -> Lark:
    """The parser, built from the grammar's text."""
    return Lark(grammar, **OPTIONS)


def stamp(grammar: str) -> dict[str, str]:
    """What the tables were built from."""
    return {
        "grammar_sha256": hashlib.sha256(grammar.encode("utf-8")).hexdigest(),
        "lark": lark.__version__,
        "options": json.dumps(OPTIONS, sort_keys=True),
    }


def dumps(parser: Lark, grammar: str) -> str:
    """The tables of ``parser`` (built from ``grammar``) as JSON text."""
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    data["parser"]["parser"] = _canonical(data["parser"]["parser"])
    document = {"stamp": stamp(grammar), "data": _encode(data), "memo": _encode(memo)}
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def load() -> Lark | None:
    """The parser from the shipped tables, or None when they are missing or were built
    from another grammar, lark or options."""
    text = resources.grammar_tables()
    if text is None:
        return None
    document = json.loads(text, object_hook=_decode)
    if document.get("stamp") != stamp(resources.grammar_text()):
        return None
    return Lark.load({"data": document["data"], "memo": document["memo"]})


def _canonical(table: dict[str, Any]) -> dict[str, Any]:
    """A serialized LALR parse table numbered independently of the hash seed: tokens
    by name, states breadth first from the start states, each state's actions by token.
    The same automaton: only the numbers differ."""
    names: dict[int, str] = table["tokens"]
    states: dict[int, dict[int, tuple[int, Any]]] = table["states"]
    token_ids = {name: i for i, name in enumerate(sorted(names.values()))}
    order: dict[int, int] = {}  # old state number -> new
    queue = [table["start_states"][start] for start in sorted(table["start_states"])]
    for state in queue:  # (grows as it goes)
        if state in order:
            continue
        order[state] = len(order)
        actions = sorted(states[state].items(), key=lambda item: names[item[0]])
        queue.extend(arg for _, (action, arg) in actions if action == 0)  # 0: shift
    # INVARIANT: every LALR state is reached from a start state.
    assert len(order) == len(states), (len(order), len(states))
    renumbered = {
        order[state]: dict(
            sorted(
                (token_ids[names[token]], (action, order[arg] if action == 0 else arg))
                for token, (action, arg) in actions.items()
            )
        )
        for state, actions in states.items()
    }
    return {
        "tokens": {i: name for name, i in token_ids.items()},
        "states": dict(sorted(renumbered.items())),
        "start_states": {k: order[v] for k, v in sorted(table["start_states"].items())},
        "end_states": {k: order[v] for k, v in sorted(table["end_states"].items())},
    }


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        if all(type(key) is str for key in value):
            return {key: _encode(item) for key, item in value.items()}
        # INVARIANT: lark's serialized tables key their dicts by str or by int only.
        assert all(type(key) is int for key in value), value.keys()
        return {_INT_KEYS: [[key, _encode(item)] for key, item in value.items()]}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    return value


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and _INT_KEYS in obj:
        return {key: item for key, item in obj[_INT_KEYS]}
    return obj
