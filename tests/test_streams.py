"""The command's exit status depends only on the findings and the errors, never on
whether its output streams can be written, and signals end it cleanly.

Run as a process, since what is tested is what happens to its file descriptors:
stdout or stderr on a full disk (``/dev/full``), Ctrl-C (SIGINT) at any moment, and
SIGTERM while ``--output`` is being written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPLIANT = ROOT / "examples" / "compliant.yaml"
BREACHES = ROOT / "examples" / "breaches.yaml"
BAD = ROOT / "tests" / "data" / "hostile" / "facts" / "E404-truncated.json"

needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHONIOENCODING")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _run(*argv: str, stdout: str | None = None, stderr: str | None = None) -> tuple[int, str]:
    """Exit status and stderr (empty when stderr went to ``stderr``)."""
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
    err = open(stderr, "wb") if stderr else subprocess.PIPE  # noqa: SIM115
    try:
        done = subprocess.run(
            [sys.executable, "-m", "policyengine", *argv],
            cwd=ROOT,
            env=_env(),
            stdout=out,
            stderr=err,
            timeout=120,
        )
    finally:
        for stream in (out, err):
            if not isinstance(stream, int):
                stream.close()
    return done.returncode, (done.stderr or b"").decode("utf-8", "replace")


@pytest.fixture
def with_warning(tmp_path: Path) -> Path:
    """Compliant facts with a field the policy does not declare: warning E429."""
    text = COMPLIANT.read_text(encoding="utf-8")
    assert "units:\n  - id:" in text
    path = tmp_path / "warning.yaml"
    path.write_text(text.replace("units:\n  - id:", "units:\n  - colour: red\n    id:", 1))
    return path


@needs_dev_full
def test_stdout_on_a_full_disk_is_e608_not_an_internal_error() -> None:
    status, err = _run("eval", "anhua", str(BREACHES), "--lang", "en", stdout="/dev/full")
    assert status == 2, err
    assert "error[E608]" in err and "standard output" in err and "<stdout>" in err, err
    assert "internal error" not in err and "Traceback" not in err


@needs_dev_full
@pytest.mark.parametrize("where", [["--output", "/dev/full"], []], ids=["output", "stdout"])
def test_a_json_report_that_cannot_be_written_is_said_once(where: list[str]) -> None:
    """The JSON error document would go where the report could not: it is not tried."""
    argv = ["eval", "anhua", str(BREACHES), "--lang", "en", "--format", "json", *where]
    status, err = _run(*argv, stdout=None if where else "/dev/full")
    assert status == 2, err
    assert err.count("error[E608]") == 1, err


@pytest.mark.parametrize(
    ("argv", "closed", "message"),
    [
        (["eval", "anhua", str(BREACHES)], 1, "error[E608]: cannot write to standard output"),
        (["articles", "anhua"], 1, "error[E608]: cannot write to standard output"),
        (["eval", "anhua", "-"], 0, "error[E400]: standard input is closed"),
    ],
)
def test_a_command_started_without_stdout_or_stdin_says_so(
    argv: list[str], closed: int, message: str
) -> None:
    """``>&-`` or ``<&-``: Python then has no stream at all (None), not one that fails."""
    redirect = f"{closed}>&-" if closed else "<&-"
    command = " ".join([sys.executable, "-m", "policyengine", *argv, "--lang", "en", redirect])
    done = subprocess.run(
        ["/bin/sh", "-c", command], cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, timeout=120,
    )  # fmt: skip
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert err.startswith(message), err
    assert "Traceback" not in err and "internal error" not in err


@needs_dev_full
@pytest.mark.parametrize(
    ("facts", "status"), [("warning", 0), ("breaches", 1), ("bad", 2)], ids=str
)
def test_an_unwritable_stderr_does_not_change_the_exit_status(
    with_warning: Path, facts: str, status: int
) -> None:
    path = {"warning": with_warning, "breaches": BREACHES, "bad": BAD}[facts]
    normal, err = _run("eval", "anhua", str(path))
    assert normal == status, err
    assert (facts == "warning") <= ("E429" in err)
    full, _ = _run("eval", "anhua", str(path), stderr="/dev/full")
    assert full == status


# --------------------------------------------------------------------------- signals


def _handles_sigterm(pid: int) -> bool:
    """Whether the process has installed its own SIGTERM handler (``SigCgt`` in
    /proc): the moment the command's signal handling begins."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return False
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) & (1 << (signal.SIGTERM - 1)))


def _interrupt_after(delay: float, signum: int, *argv: str) -> tuple[int, str]:
    """Start the command with the signal's default disposition (a shell's ``&`` or a CI
    runner may have left it ignored, which the command respects), signal it ``delay``
    seconds after it installed its handlers; its status and stderr. (Counting from the
    start instead would, on a loaded machine, signal the interpreter's own start-up,
    which no code of the package can handle.)"""
    process = subprocess.Popen(
        [sys.executable, "-m", "policyengine", *argv],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signum, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not _handles_sigterm(process.pid) and process.poll() is None:
        assert time.monotonic() < deadline, "the command never installed its handlers"
        time.sleep(0.001)
    time.sleep(delay)
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    return process.returncode, err.decode("utf-8", "replace")


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="no /proc")
@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_ends_the_command_quietly_with_its_status(signum: int, status: int) -> None:
    """During the imports (at once after the handlers are installed) and later; a run
    that finished before the signal exits 1 (breaches), which only the last may."""
    got = []
    for delay in (0.0, 0.15, 0.3):
        code, err = _interrupt_after(delay, signum, "eval", "anhua", str(BREACHES), "--explain")
        assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
        got.append(code)
    assert got[:2] == [status, status] and got[2] in (status, 1), got


def test_an_output_file_half_written_is_removed_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary file beside the target is named for the target and policyengine,
    and is removed when a signal (here raised where ``fsync`` runs) ends the write."""
    from policyengine.cli import output

    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    seen: list[str] = []

    def interrupted(fd: int) -> None:
        seen.extend(p.name for p in tmp_path.iterdir() if p != target)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomically(str(target), b"new")
    (name,) = seen
    assert name.startswith(".report.json.policyengine-") and name.endswith(".tmp")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    assert target.read_text(encoding="utf-8") == "old"


def test_the_launcher_handles_signals_before_the_heavy_imports() -> None:
    """Importing the package and its launcher imports none of the engine (the parser,
    YAML, the calendar), so the handlers are in place before those take their time."""
    code = (
        "import sys, signal; import policyengine.launch; "
        "print(sorted(m for m in sys.modules if m.startswith(('policyengine', 'lark', 'yaml'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_env(), capture_output=True, text=True
    )
    assert done.stdout.strip() == "['policyengine', 'policyengine.launch']", done.stderr
