"""Where the grammar and the shipped policies are read from.

In an installed package they are the data packages ``policyengine._grammar`` and
``policyengine._policies`` (mapped from the top-level ``grammar/`` and ``policies/``
folders by ``pyproject.toml``). In a source checkout that has not been installed
those packages do not exist, so we read the folders beside the package instead.
Takes a name; gives the text. Never reads anything a user named: user files go
through :mod:`policyengine.inputs`.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent
CHECKOUT_GRAMMAR = _CHECKOUT / "grammar" / "policy.lark"
"""The grammar of a source checkout, beside which its tables are regenerated."""
GRAMMAR_TABLES = "policy.tables.json"


def _read(package: str, folder: str, name: str) -> str | None:
    try:
        root = importlib.resources.files(package)
        resource = root / name
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except ModuleNotFoundError:
        pass
    path = _CHECKOUT / folder / name
    if path.is_file():
        return path.read_text(encoding="utf-8")
    return None


def grammar_text() -> str:
    text = _read("policyengine._grammar", "grammar", "policy.lark")
    if text is None:  # pragma: no cover - a broken installation
        raise RuntimeError("the policy grammar is missing from this installation")
    return text


def grammar_tables() -> str | None:
    """The parser's tables built from the grammar (:mod:`policyengine.syntax.tables`)."""
    return _read("policyengine._grammar", "grammar", GRAMMAR_TABLES)


def shipped_policy(name: str) -> str | None:
    """The text of a policy shipped with the package (``anhua``), or None."""
    if not name.isidentifier():
        return None
    return _read("policyengine._policies", "policies", f"{name}.policy")
