"""No stage spells a message at its raise site: the sentences a user reads are the
variants of a stage's message table (``codes.Message``, ``codes.Words``), which the
raise site names and fills with the user's words.

Read from each module's syntax tree, so that a comment or a docstring in Chinese is
not a message. A module listed in ``SCANNED`` may not

1. call a message's maker (``Diagnostic``, ``Text``, ``Text.same``, ``Words``,
   ``message``, ``SomeError.simple``, ``SomeError(...)``, ...) with a string literal in
   Chinese anywhere in its arguments, nor
2. write an f-string with Chinese in it (a sentence put together in place);

and a module under a folder listed in ``STRICT`` may not

3. write Chinese at all, anywhere but in a docstring or a module-level table of plain
   data (an assignment that calls no maker): its raise sites go through helpers
   (``fail(...)``, ``self.error(...)``) that rules 1 and 2 do not know.

A module listed in ``TABLES`` is where such words belong. One test for every stage:
add a module to ``SCANNED`` once its messages are in a table.
"""

from __future__ import annotations

import ast
import importlib
import re
import string
from pathlib import Path

import pytest

from policyengine.codes import Message, Words

PACKAGE = Path(__file__).resolve().parent.parent / "policyengine"

SCANNED = (
    "checker.py",
    "runtime.py",
    "cost.py",
    "syntax",
    "calendar",
    "diagnostics.py",
    "params.py",
    "policy.py",
    "findings.py",
    "builtins.py",
    "arguments.py",
    "errors.py",
    "cli",
    "facts",
    "ledger",
)
"""Files and folders under ``policyengine/`` whose messages are all in tables."""

TABLES = (
    "checker_messages.py",
    "cost_messages.py",
    "runtime_messages.py",
    "syntax/messages.py",
    "calendar/messages.py",
    "diagnostic_words.py",
    "policy_messages.py",
    "cli/messages.py",
    "facts/catalogue.py",
    "ledger/catalogue.py",
)
"""The message tables: the only modules of ``SCANNED`` that may spell a message."""

NOT_MESSAGES = {
    "syntax/articles.py": "an article's label (第十六条) is the regulation's numbering",
}
"""Modules of ``SCANNED`` whose Chinese is data, not a message, and why."""

STRICT = ("facts", "ledger")
"""Folders of ``SCANNED`` held to rule 3 as well."""

_CHINESE = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_MAKERS = frozenset({"Diagnostic", "Text", "same", "Words", "Message", "message", "simple", "of"})


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _chinese_literals(node: ast.AST) -> list[ast.Constant]:
    return [
        n
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and _CHINESE.search(n.value)
    ]


def inline_messages(source: str) -> list[str]:
    """Where ``source`` spells a message in Chinese outside a table: ``line: why``, one
    a line."""
    found: dict[int, str] = {}
    for node in ast.walk(ast.parse(source)):
        literals: list[ast.Constant] = []
        if isinstance(node, ast.Call):
            name = _name(node)
            if name in _MAKERS or name.endswith("Error"):
                args = [*node.args, *(k.value for k in node.keywords)]
                literals = [c for a in args for c in _chinese_literals(a)]
                why = f"{name}() with"
        elif isinstance(node, ast.JoinedStr):
            literals = _chinese_literals(node)
            why = "an f-string with"
        for literal in literals[:1]:
            found.setdefault(literal.lineno, f"{literal.lineno}: {why} {str(literal.value)[:30]!r}")
    return [found[line] for line in sorted(found)]


def _files(entry: str) -> list[Path]:
    path = PACKAGE / entry
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def _scanned(entries: tuple[str, ...] = SCANNED) -> list[Path]:
    """The modules of ``entries`` that are neither tables nor data."""
    skipped = {PACKAGE / t for t in (*TABLES, *NOT_MESSAGES)}
    return [p for e in entries for p in _files(e) if p not in skipped]


@pytest.mark.parametrize("path", _scanned(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_stage_names_its_messages_instead_of_spelling_them(path: Path) -> None:
    found = inline_messages(path.read_text(encoding="utf-8"))
    assert found == [], f"move these into a message table: {path.name}: {found}"


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


def inline_chinese(source: str) -> list[int]:
    """Rule 3: the lines where ``source`` writes Chinese words (Han characters) outside
    a docstring (or a string said about a name) and a module-level table of plain data
    (a sheet's name, the words a clerk types for yes)."""
    tree = ast.parse(source)
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            allowed.add(id(node.value))
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign | ast.AnnAssign) and not any(
            isinstance(n, ast.Call) and (_name(n) in _MAKERS or _name(n).endswith("Error"))
            for n in ast.walk(stmt)
        ):
            allowed.update(id(n) for n in ast.walk(stmt))
    return sorted(
        {
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _HAN.search(node.value)
            and id(node) not in allowed
        }
    )


@pytest.mark.parametrize("path", _scanned(STRICT), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_strict_stage_writes_no_chinese_outside_its_tables(path: Path) -> None:
    lines = inline_chinese(path.read_text(encoding="utf-8"))
    assert lines == [], (
        f"move the Chinese on these lines into a message table: {path.name}: {lines}"
    )


def test_rule_3_finds_chinese_passed_through_a_helper_or_a_name() -> None:
    spelt = """
def f(p):
    raise fail("E400", "标准输入是空的", "standard input is empty", p)
def g(near):
    zh = "用 `--strict` 可把未声明的字段作为错误"
    return Text(zh, "`--strict` makes an undeclared field an error")
HELP = Text("请另存为", "save it")
"""
    assert inline_chinese(spelt) == [3, 5, 7]
    table = 'YES, NO = "是", "否"\n"""The words a clerk types."""\nSHEET = "填写说明"\n'
    assert inline_chinese(table) == []


def test_the_check_finds_each_way_of_spelling_a_message_in_place() -> None:
    spelt = """
def f(name, span):
    Diagnostic("E201", Text("未知的名称", "unknown name"), span=span)
    Diagnostic("E201", Text.same(f"{name}"), help=Text(*("检查拼写", "check the spelling")))
    raise UsageError.simple("E605", "日期无效", "not a date")
    raise CalendarError([Diagnostic.of(M.X, label=Text("这里", "here"))])
    return f"注意：{name}"
"""
    assert [line.split(":")[0] for line in inline_messages(spelt)] == ["3", "4", "5", "6", "7"]


def test_the_check_leaves_docstrings_comments_data_and_named_variants_alone() -> None:
    clean = '''
"""第十六条: a docstring in Chinese is no message."""
_FULL_WIDTH = {"（": "("}  # data the lexer compares with, not a message
def f(name, span):
    # 未知的名称
    return Diagnostic.of(M.UNKNOWN_NAME, span=span, name=name)
'''
    assert inline_messages(clean) == []


def test_every_listed_module_exists_and_tables_are_not_scanned() -> None:
    for entry in (*SCANNED, *TABLES, *NOT_MESSAGES):
        assert (PACKAGE / entry).exists(), entry
    assert set(STRICT) <= set(SCANNED)
    assert not {PACKAGE / t for t in TABLES} & set(_scanned())


def _fields(words: Words) -> tuple[set[str], set[str]]:
    parse = string.Formatter().parse
    return (
        {name for _, name, _, _ in parse(words.zh) if name is not None},
        {name for _, name, _, _ in parse(words.en) if name is not None},
    )


def _table(table: str) -> object:
    return importlib.import_module("policyengine." + table.removesuffix(".py").replace("/", "."))


def _entries() -> list[tuple[str, str]]:
    return [
        (table, name)
        for table in TABLES
        for name, value in vars(_table(table)).items()
        if isinstance(value, (Message, Words))
    ]


ONE_LANGUAGE = {
    ("calendar/messages.py", "IN_ANOTHER_YEAR"): {"name"},  # the English names no list
    ("facts/catalogue.py", "UNKNOWN_TAG"): {"field"},  # the Chinese says 类型 for any tag
}
"""Fields one language's wording leaves out."""


@pytest.mark.parametrize(("table", "name"), _entries())
def test_a_variant_asks_for_the_same_words_in_both_languages(table: str, name: str) -> None:
    entry = getattr(_table(table), name)
    left_out = ONE_LANGUAGE.get((table, name), set())
    if isinstance(entry, Message):
        checked = [(entry.words, left_out), (entry.help, set())]
    else:
        checked = [(entry, left_out)]
    for words, allowed in checked:
        if words is not None:
            zh, en = _fields(words)
            assert zh ^ en == allowed, f"{table} {name}: {zh} in Chinese, {en} in English"
