"""The grammar and the parser: lark stays inside policyengine.syntax."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lark import Lark
from lark.exceptions import UnexpectedInput

from policyengine import resources
from policyengine.errors import PolicySyntaxError
from policyengine.source import Source
from policyengine.syntax import ast, tables
from policyengine.syntax.articles import article_label, article_number
from policyengine.syntax.errors import syntax_diagnostic
from policyengine.syntax.limits import MAX_DEPTH
from policyengine.syntax.parser import parse

REGEN = os.environ.get("POLICYENGINE_REGEN_GOLDEN") == "1"


def test_grammar_has_no_conflicts_or_collisions() -> None:
    # strict=True makes LALR conflicts and terminal collisions fail at build time.
    Lark(resources.grammar_text(), parser="lalr", strict=True)


def test_shipped_parse_tables_are_the_grammars() -> None:
    """``grammar/policy.tables.json`` was built from this grammar, lark and options
    (rewritten when regenerating golden files)."""
    if REGEN:
        grammar = resources.CHECKOUT_GRAMMAR.read_text(encoding="utf-8")
        target = resources.CHECKOUT_GRAMMAR.with_name(resources.GRAMMAR_TABLES)
        target.write_text(tables.dumps(tables.build(grammar), grammar), encoding="utf-8")
    assert tables.load() is not None, (
        "grammar/policy.tables.json is stale: run POLICYENGINE_REGEN_GOLDEN=1 pytest "
        "tests/test_syntax.py"
    )


_GENERATE = (
    "import sys\n"
    "from policyengine import resources\n"
    "from policyengine.syntax import tables\n"
    "grammar = resources.grammar_text()\n"
    "sys.stdout.buffer.write(tables.dumps(tables.build(grammar), grammar).encode())\n"
)


def test_generated_tables_are_the_same_bytes_in_every_process() -> None:
    """lark numbers states and tokens in the order of sets of strings, which follows
    each process's hash seed: two generations (two seeds, as two developers' runs)
    give the same bytes, and those of the shipped file, so regenerating the goldens
    leaves ``grammar/policy.tables.json`` as it is unless the grammar changed."""
    texts = [
        subprocess.run(
            [sys.executable, "-c", _GENERATE],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert texts[0] == texts[1]
    shipped = resources.grammar_tables()
    assert shipped is not None and texts[0] == shipped.encode("utf-8")


BROKEN_POLICIES = [
    "rule x",
    'policy p "t"\narticle 第一条 {',
    'policy p "t"\nfact a { b: }',
    'policy p "t"\nrule r "x" cites 第一条 for a in accounts when a.x > severity error',
    'policy p "t"\n@',
    'policy p "t"\nrule r "x" cites 第一条 for a in accounts when period_workdays(a.b, a.c)',
]


@pytest.mark.parametrize("text", BROKEN_POLICIES)
def test_shipped_tables_parse_as_the_grammar_does(text: str) -> None:
    shipped, built = tables.load(), tables.build(resources.grammar_text())
    assert shipped is not None
    policy = resources.shipped_policy("anhua")
    assert shipped.parse(policy) == built.parse(policy)
    found = []
    source = Source("p.policy", text)
    for parser in (shipped, built):
        with pytest.raises(UnexpectedInput) as info:
            parser.parse(text)
        found.append(syntax_diagnostic(info.value, source, parser))
    for lang in ("en", "zh"):
        assert found[0].render(lang) == found[1].render(lang)


def test_tables_of_another_grammar_are_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    edited = resources.grammar_text() + "\n// edited\n"
    monkeypatch.setattr(resources, "grammar_text", lambda: edited)
    assert tables.load() is None


@pytest.mark.parametrize(
    ("label", "number"),
    [("第一条", 1), ("第十条", 10), ("第十一条", 11), ("第十六条", 16), ("第二十条", 20),
     ("第二十四条", 24), ("第三十五条", 35), ("第一百零二条", 102), ("第一百一十条", 110)],
)  # fmt: skip
def test_article_numbers(label: str, number: int) -> None:
    assert article_number(label) == number
    assert article_label(number) == label


@given(st.integers(min_value=1, max_value=999))
def test_article_label_round_trips(n: int) -> None:
    assert article_number(article_label(n)) == n


def test_spans_are_not_part_of_equality() -> None:
    a = parse('policy p "t"\narticle 第一条 "x"', "a.policy")
    b = parse('policy   p   "t"\n\n\narticle 第一条   "x"', "b.policy")
    assert a == b
    assert a.decls[1].span.line == 2 and b.decls[1].span.line == 4


def test_rule_is_parsed_into_attrs_nodes() -> None:
    module = parse(
        'rule r "t" cites 第十六条 severity error for f in filing\n'
        "  where f.kind in {change, shutdown}\n"
        "  let d = period_workdays(f.announcement.start, f.announcement.end)\n"
        '  when d < 15 message "只有 {d} 天" message en "{d} days"',
        "r.policy",
    )
    (rule,) = module.decls
    assert isinstance(rule, ast.RuleDecl)
    assert rule.cites[0].number == 16
    assert rule.lets[0].expr == ast.Call(
        "period_workdays",
        (
            ast.Attr(ast.Attr(ast.Name("f", None), "announcement", None), "start", None),  # type: ignore[arg-type]
            ast.Attr(ast.Attr(ast.Name("f", None), "announcement", None), "end", None),  # type: ignore[arg-type]
        ),
        None,  # type: ignore[arg-type]
    )
    zh = dict(rule.messages)["zh"]
    assert zh.parts[0] == "只有 " and isinstance(zh.parts[1], ast.Placeholder)


def test_date_literal_and_effective() -> None:
    (p,) = parse('policy p "t" effective 2023-10-31', "p").decls
    assert isinstance(p, ast.PolicyDecl) and p.effective == datetime.date(2023, 10, 31)


def test_impossible_date_literal() -> None:
    with pytest.raises(PolicySyntaxError) as info:
        parse('policy p "t" effective 2024-02-30', "p.policy")
    assert "`2024-02-30` is not a real date" in info.value.render("en")
    assert "p.policy:1:24" in info.value.render("en")


@pytest.mark.parametrize(
    "expr",
    [
        "not " * 100_000 + "x",
        "(x + " * 10_000 + "x" + ")" * 10_000,
        "count(y in b where " * 2_000 + "x" + ")" * 2_000,
    ],
    ids=["not", "parentheses", "aggregates"],
)
def test_deep_nesting_is_refused_before_any_recursive_pass(expr: str) -> None:
    text = f'rule r cites 第一条 severity error for a in b when {expr} message "m"'
    with pytest.raises(PolicySyntaxError) as info:
        parse(text, "deep.policy")
    assert f"nested more than {MAX_DEPTH} levels" in info.value.render("en")


def test_redundant_parentheses_do_not_count_as_nesting() -> None:
    depth = 10_000
    text = "rule r cites 第一条 severity error for a in b when " + "(" * depth + "x" + ")" * depth
    (rule,) = parse(text + ' message "m"', "p").decls
    assert isinstance(rule, ast.RuleDecl) and rule.when == ast.Name("x", None)  # type: ignore[arg-type]


def test_oversized_policy_is_refused() -> None:
    with pytest.raises(PolicySyntaxError) as info:
        parse("# " + "x" * (1024 * 1024), "big.policy")
    assert "larger than the limit" in info.value.render("en")


def test_placeholder_must_be_a_path() -> None:
    with pytest.raises(PolicySyntaxError) as info:
        parse('rule r cites 第一条 severity error for a in b when x message "{a.__class__()}"', "m")
    assert "must be a name or a dotted path" in info.value.render("en")


def test_shipped_policy_parses() -> None:
    text = resources.shipped_policy("anhua")
    assert text is not None
    module = parse(text, "anhua.policy")
    assert sum(isinstance(d, ast.RuleDecl) for d in module.decls) >= 40
