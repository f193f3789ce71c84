"""The README and docs/ as a reader takes them: every command and code sample works as
written, the output shown is the output given, and nothing points outside the repository.

A page's fenced blocks are taken in order, each page in a directory of its own where
`examples/` and `policies/` are at hand, as in a checkout:

* a block whose first line is a comment naming a file (``# params.yaml``,
  ``# my.policy``) is written to that file, for the commands after it;
* an ``sh`` block is a list of commands, each run as a user types it and required to
  end with status 0 or 1 (2 would mean the input could not be checked). ``policyengine``
  runs in-process (``> FILE`` writes its output to FILE); ``pip install`` and the test
  and benchmark runs are left to CI (``.ci/run`` runs the README's two set-up commands);
* a ``python`` block runs, the blocks of one page in one namespace (docs/testing.md's
  blocks run in tests/test_testing.py, since its first property fails on purpose).

Output shown in a page is compared with what the command gives, for the samples a
reader copies from: the JSON finding and the two error messages of the README, and the
JSON error document of docs/library.md.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from policyengine import cli
from policyengine.codes import CODES

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ROOT / "README.md",
    ROOT / "examples" / "README.md",
    ROOT / "benchmarks" / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
NAMED = re.compile(r"^(?:#|//) ([\w.-]+\.(?:yaml|yml|json|policy))\s*$")
# Commands that install, or run the test suite or the benchmark: CI runs them.
LEFT_TO_CI = re.compile(r"^(?:pip install|python -m pytest|python benchmarks/)|\bpytest\b")


def _name(page: Path) -> str:
    return str(page.relative_to(ROOT))


def _blocks(page: Path) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(page.read_text(encoding="utf-8"))]


def _commands(block: str) -> list[str]:
    """The commands of an ``sh`` block: one per line, comments dropped, ``&&`` split."""
    commands = []
    for line in block.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        while words:
            end = words.index("&&") if "&&" in words else len(words)
            commands.append(shlex.join(words[:end]))
            words = words[end + 1 :]
    return commands


def _run(command: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    words = shlex.split(command)
    assert words[0] == "policyengine", f"a command the docs test cannot run: {command}"
    target = None
    if ">" in words:
        at = words.index(">")
        words, target = words[:at], words[at + 1]
    capsys.readouterr()
    status = cli.main(words[1:])
    out, err = capsys.readouterr()
    if target is not None:
        Path(target).write_text(out, encoding="utf-8")
    return status, out, err


def _run_script(body: str, page: Path) -> None:
    """A block with a loop or other shell commands: run by the shell, as a user would,
    with the installed ``policyengine`` script beside this interpreter."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", body], capture_output=True, text=True, env=env)
    problems = re.findall(r"^(?:错误|error)\[E\d+\].*$|Traceback", done.stderr, re.MULTILINE)
    assert done.returncode in (0, 1) and not problems, f"{_name(page)}:\n{body}\n{done.stderr}"


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory to run a page's commands in, with the repository's examples."""
    for name in ("examples", "policies"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_command_and_sample_works_as_written(
    page: Path, checkout: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    namespace: dict[str, Any] = {}
    for lang, body in _blocks(page):
        first = body.splitlines()[0] if body else ""
        if named := NAMED.match(first):
            (checkout / named.group(1)).write_text(body, encoding="utf-8")
        if lang == "sh":
            commands = [c for c in _commands(body) if not LEFT_TO_CI.search(c)]
            simple = not any(set(c) & set(";|$`()") for c in commands)
            if simple and all(c.startswith("policyengine ") for c in commands):
                for command in commands:
                    status, _out, err = _run(command, capsys)
                    assert status in (0, 1), f"{_name(page)}: `{command}` exited {status}:\n{err}"
                    assert "Traceback" not in err
            else:
                _run_script(body, page)
        elif lang == "python" and page.name != "testing.md":
            monkeypatch.chdir(ROOT)  # the samples name the examples as in a checkout
            exec(compile(body, f"<python block of {_name(page)}>", "exec"), namespace)
            monkeypatch.chdir(checkout)


# --------------------------------------------------------------------------- output shown


def _readme_block(starting: str) -> str:
    blocks = [body for _lang, body in _blocks(ROOT / "README.md") if body.startswith(starting)]
    assert len(blocks) == 1, f"README.md: no single block starting {starting!r}"
    return blocks[0]


def test_the_readme_json_finding_is_the_one_printed(capsys: pytest.CaptureFixture[str]) -> None:
    shown = json.loads(_readme_block("{\n"))
    _status, out, _err = _run(
        "policyengine eval anhua examples/breaches.yaml --format json", capsys
    )
    printed = [
        {key: finding[key] for key in shown}
        for finding in json.loads(out)["findings"]
        if finding["rule"] == shown["rule"] and finding["subject"] == shown["subject"]
    ]
    assert printed == [shown]


def test_the_readme_policy_error_is_the_one_printed(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's type error is its tour policy with a comparison added to a `when`."""
    tour = _readme_block("# my.policy\n")
    shown = _readme_block("错误[E302]")
    added = re.search(r"`(or [^`]+)` added", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert added, "README.md: say which comparison the E302 example adds to the tour"
    when = re.search(r"^  when .*$", tour, re.MULTILINE)
    assert when, "README.md: the tour's rule has no `when`"
    broken = tour.replace(when.group(), f"{when.group()} {added.group(1)}", 1)
    (checkout / "my.policy").write_text(broken, encoding="utf-8")
    status, _out, err = _run("policyengine check my.policy", capsys)
    assert status == 2
    assert err.strip() == shown.strip()


def test_the_readme_facts_error_is_the_one_printed(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = _readme_block("error[E423]").strip().splitlines()
    text = (ROOT / "examples/compliant.yaml").read_text(encoding="utf-8")
    (checkout / "facts.yaml").write_text(
        text.replace("platform: wechat\n", "platform: wechatt\n", 1), encoding="utf-8"
    )
    status, _out, err = _run("policyengine eval anhua facts.yaml --lang en", capsys)
    printed = err.strip().splitlines()
    assert status == 2
    assert [printed[0], printed[-1]] == [shown[0], shown[-1]]
    assert re.fullmatch(r"  --> facts\.yaml:\d+:\d+: accounts\[\d+\]", shown[1])


def test_the_library_error_document_is_the_one_printed(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = ROOT / "docs/library.md"
    shown = [json.loads(body) for lang, body in _blocks(page) if lang == "json"]
    facts = [body for _lang, body in _blocks(page) if body.startswith("# facts.yaml\n")]
    assert len(shown) == 1 and len(facts) == 1
    (checkout / "facts.yaml").write_text(facts[0], encoding="utf-8")
    status, out, _err = _run("policyengine eval anhua facts.yaml --format json --lang en", capsys)
    assert status == 2
    assert json.loads(out) == shown[0]


# --------------------------------------------------------------------------- references


REPO_PATH = re.compile(
    r"(?<![\w/.])((?:docs|examples|tests|policies|policyengine|benchmarks|grammar|\.ci)"
    r"/[\w./-]*[\w/])"
)


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_the_docs_point_only_at_files_in_the_repository(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert "../" not in text, f"{_name(page)}: a path that leaves its folder"
    assert "shared/" not in text, f"{_name(page)}: a path outside the repository"
    missing = sorted({path for path in REPO_PATH.findall(text) if not (ROOT / path).exists()})
    assert missing == [], f"{_name(page)} names paths that do not exist"


# --------------------------------------------------------------------------- error codes


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_s_docs_row_gives_its_level(code: str) -> None:
    """A warning is documented as one (a level column, or a meaning that begins
    `warning:`), and an error is not, so that a reader knows which stop a run."""
    entry = CODES[code]
    page = ROOT / entry.doc.split("#")[0]
    row = re.search(rf"^\| {code} \|(.*)$", page.read_text(encoding="utf-8"), re.MULTILINE)
    assert row, f"{page.name} has no row for {code}"
    cells = [cell.strip() for cell in row.group(1).split(" | ")]
    said = cells[0] if cells[0] in ("error", "warning") else None
    if said is None:
        said = "warning" if cells[0].startswith("warning:") else "error"
    assert said == entry.level, f"{page.name}: {code} is {entry.level}, documented {said}"


# --------------------------------------------------------------------------- --help

COMMANDS = [[], ["eval"], ["check"], ["articles"], ["schema"], ["calendar"]]
COMMANDS += [["calendar", "export"], ["template"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "policyengine")
def test_the_chinese_help_has_no_english_sentence(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`--help` is Chinese by default: no phrase of English words is left in it once
    the usage line, options, metavars, choices, paths and quoted commands are set aside."""
    capsys.readouterr()
    assert cli.main([*command, "--help"]) == 0
    text = capsys.readouterr().out.split("\n\n", 1)[1]  # after the usage
    prose = re.sub(
        r"\{[^}]*\}|--?[\w-]+|\b[A-Z][A-Z_]+\b|docs/\S+|`[^`]*`|“[^”]*”|policyengine|\.\w+",
        "",
        text,
    )
    assert re.findall(r"\b[a-z]{3,}(?:\s+[a-z]{2,})+", prose) == []
