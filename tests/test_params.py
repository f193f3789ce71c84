"""Parameter overrides: where a refused one is said to be (the library's `params`,
the command line's `--param` or `--params` file), and a `--params` file read as
YAML 1.2 reads it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyengine import cli
from policyengine.errors import UsageError
from policyengine.policy import load_policy

BREACH = "tests/data/cli/breach.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("params", "code", "message"),
    [
        ({"announce_min_workdays": -1}, "E603", "must not be negative"),
        ({"announce_min_workday": 10}, "E602", "no parameter `announce_min_workday`"),
    ],
)
def test_a_library_caller_is_told_its_params_entry_not_an_option(
    params: dict[str, object], code: str, message: str
) -> None:
    policy = load_policy("anhua")
    with pytest.raises(UsageError) as caught:
        policy.evaluate({}, params=params)
    [problem] = caught.value.diagnostics
    name = next(iter(params))
    assert (problem.code, problem.location) == (code, f'params["{name}"]')
    for lang in ("zh", "en"):
        rendered = caught.value.render(lang)  # type: ignore[arg-type]
        assert "--param" not in rendered and f'--> params["{name}"]' in rendered
    assert message in caught.value.render("en")


def test_the_command_line_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "eval", "anhua", BREACH, "--param", "announce_min_workdays=-1")
    assert status == 2 and "--> --param announce_min_workdays" in err and "params[" not in err


@pytest.mark.parametrize(
    "content", ["announce_min_workdays: 013\n", "%YAML 1.2\n---\nannounce_min_workdays: 013\n"]
)
def test_a_params_file_is_read_as_yaml_1_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str
) -> None:
    # PyYAML's YAML 1.1 reads 013 as eleven, and the breach example's 12 working days
    # would then be long enough; in YAML 1.2 (and to anyone reading it) it is thirteen
    path = tmp_path / "params.yaml"
    path.write_text(content, encoding="utf-8")
    _, out, err = run(capsys, "eval", "anhua", BREACH, "--params", str(path), "--format", "json")
    [short] = [f for f in json.loads(out)["findings"] if f["rule"] == "announcement_period"]
    assert short["evidence"] == {"workdays": 12, "required": 13, "acted_on": "2024-10-16"}, err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_params_file_that_declares_yaml_1_1_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str
) -> None:
    path = tmp_path / "params.yaml"
    path.write_text("%YAML 1.1\n---\nannounce_min_workdays: 010\n", encoding="utf-8")
    status, out, err = run(capsys, "eval", "anhua", BREACH, "--params", str(path), "--lang", lang)
    assert (status, out) == (2, "")
    assert "[E607]" in err and f"--> {path}" in err and "`%YAML 1.1`" in err
    said = {
        "zh": "参数文件声明了 YAML 1.1（`%YAML 1.1`），而参数文件按 YAML 1.2 读取",
        "en": "the parameter file declares YAML 1.1 (`%YAML 1.1`), but is read as YAML 1.2",
    }
    assert said[lang] in err
