"""The table fits the terminal it is shown on, and nothing else changes it.

Goldens at 60 (compact: a block per finding under its article), 100 and 200
columns (a grid filling the width) on the breaches example, whose accounts have
Chinese names; piped output without ``COLUMNS`` is the fixed layout of
``tests/golden/cli/`` whatever the terminal. Colour only on a terminal, never with
``NO_COLOR``.

Regenerate after a deliberate change with
``POLICYENGINE_REGEN_GOLDEN=1 pytest tests/test_table.py`` and read the diff.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from golden_files import assert_golden_file
from wcwidth import wcswidth

import policyengine
from policyengine import cli
from policyengine.cli import output
from policyengine.render import COMPACT_BELOW

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "table"
BREACHES = "examples/breaches.yaml"
AS_OF = datetime.date(2026, 11, 20)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def table(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    columns: int | None,
    *argv: str,
) -> str:
    if columns is not None:
        monkeypatch.setenv("COLUMNS", str(columns))
    status = cli.main(["eval", "anhua", *argv])
    out, err = capsys.readouterr()
    assert status in (0, 1), err
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("columns", [60, 100, 200])
def test_golden_at_widths(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int, lang: str
) -> None:
    out = table(capsys, monkeypatch, columns, BREACHES, "--lang", lang)
    assert_golden_file(GOLDEN / f"breaches.{columns}.{lang}.txt", _hashes_hidden(out))


def _hashes_hidden(text: str) -> str:
    """The SHA-256s of the provenance (the policy's changes with every edit of it)
    replaced, also where a narrow terminal wrapped one."""
    return re.sub(r"[0-9a-f]{20,}(?:\n[0-9a-f]+\b)?", "<sha256>", text)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "facts", [BREACHES, "examples/compliant.yaml", "tests/data/cli/breach.yaml"]
)
@pytest.mark.parametrize("columns", [40, 60, 80, 99, 100, 101, 120, 160, 200, 240])
def test_nothing_runs_past_the_edge(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    columns: int,
    facts: str,
    lang: str,
) -> None:
    out = table(capsys, monkeypatch, columns, facts, "--lang", lang)
    assert max(wcswidth(line) for line in out.splitlines()) <= columns


@pytest.mark.parametrize("columns", [140, 200])
def test_grid_columns_align_by_display_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    out = table(capsys, monkeypatch, columns, BREACHES)
    lines = [line for line in out.splitlines() if line.startswith(("+", "|"))]
    assert len(lines) > 10
    assert {wcswidth(line) for line in lines} == {max(wcswidth(line) for line in lines)}
    borders = {
        tuple(wcswidth(line[:i]) for i, ch in enumerate(line) if ch in "+|") for line in lines
    }
    assert len(borders) == 1
    assert "安化彝族乡人民政府网" in out  # the subject's name beside its id
    # Grouped by article: each article is named once, on its first row.
    first_cells = [line.split("|")[1].strip() for line in lines if line.startswith("|")]
    named = [cell for cell in first_cells if cell.startswith("第")]
    assert len(named) == len(set(named))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compact_blocks_align_by_display_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    out = table(capsys, monkeypatch, 60, BREACHES, "--lang", lang)
    assert "+---" not in out
    document = policyengine.load_policy("anhua").report(
        policyengine.load_facts([BREACHES]), as_of=AS_OF
    )
    # A finding's first line: two spaces, its severity padded by display width,
    # then the subject; the subjects start in one column.
    heads = [line for line in out.splitlines() if re.match(r"  \S", line)]
    assert len(heads) == len(document.findings)
    starts = {wcswidth(re.match(r"  \S+ +", line).group(0)) for line in heads}  # type: ignore[union-attr]
    assert len(starts) == 1
    articles = [line for line in out.splitlines() if line.startswith("第")]
    assert articles == list(dict.fromkeys(f.article for f in document.findings))


def test_compact_below_the_threshold_and_grid_at_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    narrow = table(capsys, monkeypatch, COMPACT_BELOW - 1, "tests/data/cli/breach.yaml")
    wide = table(capsys, monkeypatch, COMPACT_BELOW, "tests/data/cli/breach.yaml")
    assert "+---" not in narrow and "+---" in wide


def test_piped_without_columns_is_the_fixed_layout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No COLUMNS and no terminal: the layout of tests/golden/cli/ (messages wrapped
    at 60 columns, every row naming its article), as a process sees it too."""
    out = table(capsys, monkeypatch, None, "tests/data/cli/breach.yaml")
    golden = (ROOT / "tests" / "golden" / "cli" / "breach.zh.txt").read_text(encoding="utf-8")
    assert _hashes_hidden(out) == _hashes_hidden(golden)
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    process = subprocess.run(
        [sys.executable, "-m", "policyengine", "eval", "anhua", "tests/data/cli/breach.yaml"],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        timeout=120,
    )
    assert _hashes_hidden(process.stdout.decode("utf-8")) == _hashes_hidden(golden)


def test_colour_only_on_a_terminal_and_never_with_no_color(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    piped = table(capsys, monkeypatch, None, BREACHES)
    assert "\x1b[" not in piped
    monkeypatch.setattr(output, "isatty", lambda stream: True)
    coloured = table(capsys, monkeypatch, 160, BREACHES)
    assert "\x1b[31m错误\x1b[0m" in coloured and "\x1b[33m警告\x1b[0m" in coloured
    plain = ANSI.sub("", coloured)
    lines = [line for line in plain.splitlines() if line.startswith(("+", "|"))]
    assert len({wcswidth(line) for line in lines}) == 1  # colour codes take no columns
    table(capsys, monkeypatch, 160, BREACHES, "--output", str(tmp_path / "t.txt"))
    assert "\x1b[" not in (tmp_path / "t.txt").read_text(encoding="utf-8")
    monkeypatch.setenv("NO_COLOR", "1")
    assert table(capsys, monkeypatch, 160, BREACHES) == plain
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert table(capsys, monkeypatch, 160, BREACHES) == plain


def test_terminal_width_when_no_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "isatty", lambda stream: True)
    monkeypatch.setattr(output.shutil, "get_terminal_size", lambda: os.terminal_size((87, 24)))
    assert output.terminal_width() == 87
    monkeypatch.setenv("COLUMNS", "132")
    assert output.terminal_width() == 132
    monkeypatch.setenv("COLUMNS", "wide")
    assert output.terminal_width() == 87
    monkeypatch.setattr(output, "isatty", lambda stream: False)
    monkeypatch.delenv("COLUMNS")
    assert output.terminal_width() is None
