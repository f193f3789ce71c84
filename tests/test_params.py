"""Parameter overrides: where a refused one is said to be (the library's `params`,
the command line's `--param` or `--params` file)."""

from __future__ import annotations

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
