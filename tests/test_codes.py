"""The catalogue of diagnostic codes against the code that raises them, the tests
that exercise them and the docs that explain them."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from policyengine import checker_messages
from policyengine.codes import CODES, Message, Words, message
from policyengine.diagnostics import Diagnostic, Text
from policyengine.facts import catalogue as facts_catalogue

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "policyengine"
RAISED = re.compile(r"""["']([EW]\d{3})["']""")


def _raised() -> dict[str, list[str]]:
    """Every code written as a string literal in the package, and where."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "codes.py":
            continue
        for code in RAISED.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, []).append(str(path.relative_to(ROOT)))
    return found


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_raised_code_is_catalogued() -> None:
    missing = {code: where for code, where in _raised().items() if code not in CODES}
    assert not missing, f"add these codes to policyengine/codes.py: {missing}"


def test_every_catalogued_code_is_raised() -> None:
    assert sorted(set(CODES) - set(_raised())) == []


def test_every_catalogued_code_is_tested() -> None:
    here = Path(__file__).resolve()
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((ROOT / "tests").rglob("*"))
        if p.is_file() and p != here and p.suffix in (".py", ".txt", ".json", ".md")
    ]
    untested = [c for c in CODES if not any(re.search(rf"\b{c}\b", t) for t in texts)]
    assert untested == [], "no test raises these codes"


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_is_documented_where_the_catalogue_says(code: str) -> None:
    entry = CODES[code]
    page, anchor = entry.doc.split("#")
    text = (ROOT / page).read_text(encoding="utf-8")
    headings = [_slug(h) for h in re.findall(r"^#+ (.*)$", text, re.MULTILINE)]
    assert anchor in headings, f"{page} has no heading #{anchor}"
    assert re.search(rf"^\| {code} \|", text, re.MULTILINE), f"{page} has no row for {code}"


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_entry_says_what_the_code_is_in_both_languages(code: str) -> None:
    entry = CODES[code]
    assert entry.code == code
    for text in (entry.title, entry.help):
        assert text.zh and text.en
        assert text.en[0].islower() or text.en[0] == "`", "lowercase, as help lines are"


def test_a_diagnostic_or_message_with_an_uncatalogued_code_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="E999"):
        Diagnostic("E999", Text.same("nothing"))
    with pytest.raises(ValueError, match="E999"):
        message("E999", "无", "nothing")


def _fields(words: Words) -> tuple[set[str], set[str]]:
    parse = string.Formatter().parse
    return (
        {name for _, name, _, _ in parse(words.zh) if name is not None},
        {name for _, name, _, _ in parse(words.en) if name is not None},
    )


@pytest.mark.parametrize(
    "name",
    sorted(n for n, v in vars(checker_messages).items() if isinstance(v, (Message, Words))),
)
def test_a_message_asks_for_the_same_words_in_both_languages(name: str) -> None:
    entry = getattr(checker_messages, name)
    for words in [entry.words, entry.help] if isinstance(entry, Message) else [entry]:
        if words is not None:
            zh, en = _fields(words)
            assert zh == en, f"{name}: {zh} in Chinese, {en} in English"


def test_words_fill_each_language_from_a_text_argument() -> None:
    words = Words("无法{verb} `{a}`", "cannot {verb} `{a}`")
    assert words(verb=Text("比较", "compare"), a="date") == Text(
        "无法比较 `date`", "cannot compare `date`"
    )


def test_a_diagnostic_of_a_message_takes_its_help_and_level_unless_told() -> None:
    quoted = Diagnostic.of(facts_catalogue.TOP_KEY_NOT_TEXT, location="f.json", key="1")
    assert quoted.message == Text("顶层键 1 不是字符串", "top-level key 1 is not a string")
    assert quoted.help == facts_catalogue.QUOTE_HELP
    assert quoted.level == "error"
    undeclared = facts_catalogue.UNDECLARED_FIELD
    warned = Diagnostic.of(undeclared, subject="s", path="p", ignored="", also="")
    assert (warned.level, warned.message.en) == ("warning", "s: undeclared field `p`")
    strict = Diagnostic.of(
        undeclared, level="error", help=Text.same("h"), subject="s", path="p", ignored="", also=""
    )
    assert (strict.level, strict.help) == ("error", Text.same("h"))
