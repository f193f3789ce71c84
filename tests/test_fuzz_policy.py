"""Fuzzing the policy front end: nothing but ``PolicyError`` may escape ``compile_policy``.

Four sources of input, one test each:

* random text (``st.text()``, any Unicode, up to 2,000 characters);
* random mutations of the shipped ``policies/anhua.policy``: deleting, duplicating or
  swapping a slice, inserting random characters or a keyword, truncating, replacing
  a name or an operator by another of the policy's own (one to three mutations per
  example);
* a prefix of the shipped policy, an opener never closed (a triple quote, a quote, a brace…)
  and a tail around a long run of one character (up to 64 newlines, spaces, quotes):
  the inputs on which a backtracking lexer pattern explodes;
* near-valid programs drawn from the grammar itself with
  ``hypothesis.extra.lark.from_lark``, with explicit strategies for the regex
  terminals (names, strings, dates, article numbers) and for the keywords (so that
  tokens are separated by spaces), optionally after a small valid schema so that the
  names resolve and the checker and compiler run on them.

Each example must end, quickly, either with a compiled policy or with a
``PolicyError`` whose English and Chinese renderings work and name a location.

Each compilation has a CPU-time bound of 1 s per 10 KB of input (1 s below 10 KB),
enforced by an alarm so that a hang fails at once. Example counts: CI runs 200 examples
per test, derandomized (800 inputs in the four fuzz tests, plus 50 drawn to check the
grammar strategy; about 20 s here). The unterminated-opener test finds the former
``LONG_STRING`` pattern's exponential backtracking (a triple quote and 24 newlines: over
1 s, doubling per newline) among its 200. The ``thorough`` profile
(``POLICYENGINE_HYPOTHESIS_PROFILE=thorough``, see tests/conftest.py) runs 2,000 per
test; ``POLICYENGINE_FUZZ_EXAMPLES=N`` runs N per test, with a fresh random seed each time, e.g.
``POLICYENGINE_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz_policy.py``.
"""

from __future__ import annotations

import ast
import datetime
import os
import re
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark

import policyengine
from policyengine import resources
from policyengine.errors import PolicyError
from policyengine.policy import compile_policy
from policyengine.syntax.articles import article_label
from policyengine.syntax.errors import KEYWORDS

_THOROUGH = os.environ.get("POLICYENGINE_HYPOTHESIS_PROFILE") == "thorough"
_ASKED = os.environ.get("POLICYENGINE_FUZZ_EXAMPLES")
EXAMPLES = int(_ASKED or (2000 if _THOROUGH else 200))
# CPU seconds for one compile_policy: 1 s for an input under 10 KB, 1 s per 10 KB above
# that. The shipped policy (45 KB) compiles in under 0.1 s, so this is generous on a
# slow, shared CI machine (CPU time, not wall time); what it catches is a blow-up like
# the lexer's once exponential backtracking on an unterminated triple quote (over 25 s at
# 30 newlines, over 1 s at 22).
SECONDS_PER_10KB = 1.0

settings.register_profile(
    "policyengine-fuzz",
    max_examples=EXAMPLES,
    deadline=None,  # timing is asserted by each test, in CPU time, with a margin
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # Reproducible in CI (like tests/conftest.py's `ci` profile); a longer run asked
    # for explicitly explores new inputs each time.
    derandomize=not (_ASKED or _THOROUGH),
)
FUZZ = settings.get_profile("policyengine-fuzz")

ANHUA = resources.shipped_policy("anhua") or ""

# A small valid schema, so that grammar-generated rules find names to resolve.
HEADER = """\
policy p "测试"
enum kind_of_filing { open, change }
facts accounts of account { name: str  opened_on: date  maintainers: list of str }
facts filings of filing dated submitted_on {
  account: ref account  kind: kind_of_filing  submitted_on: date
  announcement: { start: date  end: date }?
}
parameter min_days: workdays = 15 "公示期"
article 第一条 "总则" not checkable "principles"
article 第六条 missing "absent"
article 第十六条 "公示不少于十五个工作日"
"""


class _TooSlow(Exception):
    pass


def _too_slow(signum: int, frame: object) -> None:
    raise _TooSlow


def assert_only_policy_error(text: str) -> None:
    """Compile; a PolicyError is fine if it renders with a location, anything else fails.

    A CPU-time alarm (``ITIMER_PROF``) stops a compilation that overruns its bound, so a
    hang fails the test at once instead of stalling the run."""
    bound = SECONDS_PER_10KB * max(1.0, len(text.encode()) / 10_000)
    previous = signal.signal(signal.SIGPROF, _too_slow)
    signal.setitimer(signal.ITIMER_PROF, bound)
    try:
        compile_policy(text, "fuzz.policy")
    except PolicyError as exc:
        for lang in ("en", "zh"):
            rendered = exc.render(lang)  # type: ignore[arg-type]
            assert "-->" in rendered, rendered
        assert all(d.where() for d in exc.diagnostics), exc.render("en")
    except _TooSlow:
        raise AssertionError(f"compile_policy took over {bound:.1f} s of CPU time") from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


# --------------------------------------------------------------------------- (a) random text


@FUZZ
@given(st.text(max_size=2_000))
def test_random_text(text: str) -> None:
    assert_only_policy_error(text)


# --------------------------------------------------------------------------- (b) mutations

_INSERTS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(KEYWORDS).map(lambda k: f" {k} "),
    st.sampled_from(KEYWORDS),
    st.sampled_from(['"', '"""', "(", ")", "{", "}", "[", "]", ",", ".", "=", "==", "<", "-",
                     "#", "\n", "第十六条", "第16条", "2024-02-30", "9" * 30, "（", "“", "\\"]),
)  # fmt: skip


_WORD = re.compile(r"[^\W\d]\w*|==|!=|<=|>=|[<>+-]")
_VOCABULARY = sorted(set(_WORD.findall(ANHUA)))


@st.composite
def mutated(draw: st.DrawFn, text: str = ANHUA) -> str:
    for _ in range(draw(st.integers(1, 3))):
        n = len(text)
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + 300)))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate",
                                   "replace_word", "replace_word"]))  # fmt: skip
        if op == "replace_word":
            # A name or an operator for another of the policy's own: near-valid programs
            # that reach the checker and the compiler.
            m = _WORD.search(text, a)
            if m is not None:
                text = text[: m.start()] + draw(st.sampled_from(_VOCABULARY)) + text[m.end() :]
        elif op == "delete":
            text = text[:a] + text[b:]
        elif op == "duplicate":
            text = text[:b] + text[a:b] + text[b:]
        elif op == "swap":
            c = draw(st.integers(b, n))
            d = draw(st.integers(c, min(n, c + 300)))
            text = text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]
        elif op == "insert":
            text = text[:a] + draw(_INSERTS) + text[a:]
        else:
            text = text[:a]
    return text


@FUZZ
@given(mutated())
def test_mutations_of_the_shipped_policy(text: str) -> None:
    assert_only_policy_error(text)


# --------------------------------------------------------------------------- (b2) unterminated

_OPENERS = ['"""', '"', "{", "(", "[", "#", "\\", "“"]
_FILLER = st.text(alphabet=st.sampled_from(["\n", " ", "x", '"', "\\", "第", "{", "}"]),
                  max_size=20)  # fmt: skip
# A long run of one character: what makes a backtracking pattern's time explode.
_RUN = st.tuples(st.sampled_from(["\n", " ", "x", '"', "\\", "\r\n"]), st.integers(0, 64))


@st.composite
def unterminated(draw: st.DrawFn) -> str:
    """A prefix of the shipped policy, an opener that is never closed, and a tail of
    text around a long run of one character: where a lexer's pattern can backtrack
    without end."""
    prefix = ANHUA[: draw(st.integers(0, len(ANHUA)))]
    char, times = draw(_RUN)
    return prefix + draw(st.sampled_from(_OPENERS)) + draw(_FILLER) + char * times + draw(_FILLER)


@FUZZ
@given(unterminated())
def test_unterminated_openers(text: str) -> None:
    assert_only_policy_error(text)


def test_an_unterminated_long_string_over_many_lines_fails_at_once() -> None:
    """The case the fuzzing above found: over 25 s at 30 lines before the fix."""
    text = 'policy p "测试"\narticle 第一条 """x' + "\n" * 2_000
    assert_only_policy_error(text)
    with pytest.raises(PolicyError) as caught:
        compile_policy(text, "p.policy")
    assert caught.value.code == "E101" and caught.value.location == "p.policy:2:13"


# --------------------------------------------------------------------------- (c) the grammar

_GRAMMAR = Lark(resources.grammar_text(), parser="lalr", start="start")
_SPACE = st.sampled_from([" ", "  ", "\n", "\n  "])
_NAMES = [
    "f", "d", "x", "p", "filing", "filings", "account", "accounts", "kind", "open", "change",
    "submitted_on", "announcement", "start", "end", "maintainers", "name", "opened_on",
    "min_days", "as_of", "workdays", "days", "add_days", "add_workdays", "size", "host",
    "starts_with", "身份证", "phone", "url", "kind_of_filing",
]  # fmt: skip


def _padded(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(_SPACE, strategy, _SPACE).map("".join)


def _explicit() -> dict[str, st.SearchStrategy[str]]:
    regex_terminals: dict[str, st.SearchStrategy[str]] = {
        "NAME": st.one_of(
            st.sampled_from(_NAMES), st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
        ),
        "STRING": st.one_of(
            st.sampled_from(
                [
                    '"x"',
                    '""',
                    '"只有 {d} 天"',
                    '"{f.kind}"',
                    '"{x.y.z}"',
                    '"\\{ \\}"',
                    '"a\\"b\\\\c\\n"',
                    '"{f.announcement.start}"',
                    '"{ }"',
                ]
            ),
            st.from_regex(r'"[a-z{} .]{0,10}"', fullmatch=True),
        ),
        "LONG_STRING": st.sampled_from(['"""条文"""', '"""\n  第一行\n  第二行\n"""', '""""""']),
        "DATE": st.one_of(
            *[st.dates().map(datetime.date.isoformat)] * 7,
            st.sampled_from(["2024-02-30", "0000-00-00", "2023-13-01"]),
        ),
        "ARTICLE": st.one_of(
            st.sampled_from(["第一条", "第六条", "第十六条"]),
            st.integers(1, 999).map(article_label),
            st.sampled_from(["第零条", "第十十条", "第千千条"]),
        ),
        "SIGNED_INT": st.one_of(*[st.integers(0, 10**6).map(str)] * 7, st.just("9" * 40)),
        "COMP_OP": st.sampled_from(["==", "!=", "<", "<=", ">", ">="]),
        "ADD_OP": st.sampled_from(["+", "-"]),
    }
    explicit = {name: _padded(s) for name, s in regex_terminals.items()}
    # Between tokens from_lark sometimes draws an ignored terminal: keep comments to
    # their own line, or they would swallow the rest of the program.
    explicit["COMMENT"] = st.sampled_from(["  # 注释\n", "#\n"])
    explicit["__IGNORE_1"] = _SPACE
    for terminal in _GRAMMAR.terminals:
        if terminal.name in explicit:
            continue
        assert terminal.pattern.type == "str", terminal.name  # every regex one is above
        explicit[terminal.name] = _padded(st.just(terminal.pattern.value))
    return explicit


PROGRAMS = from_lark(_GRAMMAR, start="start", explicit=_explicit())


@FUZZ
@given(st.sampled_from(["", HEADER]), PROGRAMS)
def test_programs_from_the_grammar(header: str, program: str) -> None:
    assert_only_policy_error(header + program)


def test_the_grammar_strategy_produces_programs_that_parse() -> None:
    """The strategy is only useful if most of what it draws gets past the parser."""
    from policyengine.errors import PolicySyntaxError
    from policyengine.syntax.parser import parse

    parsed = []

    @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
    @given(PROGRAMS)
    def draw(program: str) -> None:
        try:
            parse(program, "g.policy")
        except PolicySyntaxError:
            parsed.append(False)
        else:
            parsed.append(True)

    draw()
    assert sum(parsed) >= len(parsed) // 2, f"{sum(parsed)} of {len(parsed)} parsed"


# --------------------------------------------------------------------------- no code from data

_FORBIDDEN_CALLS = {"exec", "eval", "compile", "__import__", "breakpoint"}
_FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle"}


def test_no_module_runs_code_made_from_data() -> None:
    """A policy and its facts are untrusted (docs/language.md, section 10): no module of
    the package compiles or runs text (``exec``, ``eval``, ``compile``) or unpickles.
    ``re.compile`` and methods called ``compile`` are fine: only the builtins count."""
    package = Path(policyengine.__file__).resolve().parent
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in _FORBIDDEN_CALLS
            ):
                found.append(f"{path.name}:{node.lineno}: {node.func.id}()")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                names.append(getattr(node, "module", None) or "")
                bad = {n.split(".")[0] for n in names} & _FORBIDDEN_MODULES
                if bad:
                    found.append(f"{path.name}:{node.lineno}: import {', '.join(sorted(bad))}")
    assert found == []
