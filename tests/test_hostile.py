"""A corpus of hostile inputs, each refused with its own error code, run through the CLI.

The files under ``tests/data/hostile/`` are named for the code they must give
(``E404-nul-bytes.json``: ``facts/`` are given as FACTS with the shipped policy,
``policies/`` as POLICY). What cannot be a file in a repository is made here: links to
the devices ``/dev/zero`` and ``/dev/urandom``, named pipes (FIFOs) with no writer and
with a writer that never stops, a policy over the size limit.

Each case must end within its time bound (a wall-clock alarm: a hang fails instead of
stalling the run) with exit status 2 and ``error[CODE]`` on stderr, never a traceback
or an internal error.
"""

from __future__ import annotations

import functools
import os
import signal
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyengine import Policy, cli, load_facts, load_policy
from policyengine.errors import PolicyError

CORPUS = Path(__file__).parent / "data" / "hostile"
SECONDS = 30
"""Wall-clock bound per case: generous on a shared machine; each takes under a second."""


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hang


def refuse(capsys: pytest.CaptureFixture[str], argv: list[str], codes: set[str]) -> None:
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, SECONDS)
    try:
        status = cli.main(argv)
    except _Hang:
        pytest.fail(f"policyengine {' '.join(argv)} did not end within {SECONDS} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    _, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err and "内部错误" not in err, err
    assert status == 2, err
    assert any(f"error[{code}]" in err for code in codes), err


def _cases(folder: str) -> list[Path]:
    return sorted((CORPUS / folder).iterdir())


@pytest.mark.parametrize("path", _cases("facts"), ids=lambda p: p.name)
def test_hostile_fact_files(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    code = path.name.split("-")[0]
    refuse(capsys, ["eval", "anhua", str(path), "--lang", "en"], {code})


@pytest.mark.parametrize("path", _cases("policies"), ids=lambda p: p.name)
def test_hostile_policies(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    code = path.name.split("-")[0]
    refuse(capsys, ["check", str(path), "--lang", "en"], {code})


def test_a_policy_over_the_size_limit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "big.policy"
    path.write_text('policy p "测试"\n' + "# padding comment line\n" * 50_000, encoding="utf-8")
    refuse(capsys, ["check", str(path), "--lang", "en"], {"E104"})


# --------------------------------------------------------------------------- devices, FIFOs

DEVICES = [
    ("zero.json", "/dev/zero", {"E404"}),  # NUL cannot begin JSON: refused from its first bytes
    ("zero.yaml", "/dev/zero", {"E405"}),  # NUL is not allowed in YAML
    ("zero.jsonl", "/dev/zero", {"E402"}),  # one line that never ends (read line by line)
    # Random bytes that happen to begin like JSON (`[`, `{`, white space) are read on
    # to the size limit: E402 is as clean a refusal as E401/E404.
    ("random.json", "/dev/urandom", {"E401", "E402", "E404"}),
    ("random.yaml", "/dev/urandom", {"E401", "E405"}),
    ("random.jsonl", "/dev/urandom", {"E401", "E402", "E404"}),  # reading stops at 100 bad lines
]


@pytest.mark.parametrize(("name", "device", "codes"), DEVICES, ids=[d[0] for d in DEVICES])
def test_devices_named_as_fact_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, device: str, codes: set[str]
) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    link = tmp_path / name
    link.symlink_to(device)
    refuse(capsys, ["eval", "anhua", str(link), "--lang", "en"], codes)


@pytest.fixture
def fifo(tmp_path: Path) -> Callable[[str], Path]:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")

    def make(name: str) -> Path:
        path = tmp_path / name
        os.mkfifo(path)
        return path

    return make


@pytest.mark.parametrize("name", ["f.json", "f.yaml", "f.jsonl"])
def test_a_fifo_with_no_writer_is_refused_at_once(
    capsys: pytest.CaptureFixture[str], fifo: Callable[[str], Path], name: str
) -> None:
    """Not a wait for ever, nor an empty document that would pass for no facts."""
    refuse(capsys, ["eval", "anhua", str(fifo(name)), "--lang", "en"], {"E400"})


@pytest.fixture
def endless_writer() -> Iterator[Callable[[Path, bytes], None]]:
    """A thread writing the same bytes to a FIFO until its reader goes away."""
    threads = []
    stop = threading.Event()

    def start(path: Path, chunk: bytes) -> None:
        def write() -> None:
            try:
                fd = os.open(path, os.O_WRONLY)
            except OSError:
                return
            try:
                while not stop.is_set():
                    os.write(fd, chunk)
            except OSError:  # the reader has closed the pipe (EPIPE)
                pass
            finally:
                os.close(fd)

        thread = threading.Thread(target=write, daemon=True)
        thread.start()
        threads.append(thread)

    previous = signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    yield start
    stop.set()
    for thread in threads:
        thread.join(timeout=5)
    signal.signal(signal.SIGPIPE, previous)


def test_a_fifo_that_never_ends_is_cut_at_the_size_limit(
    capsys: pytest.CaptureFixture[str],
    fifo: Callable[[str], Path],
    endless_writer: Callable[[Path, bytes], None],
) -> None:
    """A YAML stream of comments forever: refused once 8 MiB have been read."""
    path = fifo("endless.yaml")
    endless_writer(path, b"# " + b"x" * 4094 + b"\n")
    refuse(capsys, ["eval", "anhua", str(path), "--lang", "en"], {"E402"})


@pytest.fixture
def once_writer() -> Iterator[Callable[[Path, bytes], None]]:
    """A thread writing some bytes to a FIFO once its reader opens it, then closing it."""
    threads = []

    def start(path: Path, data: bytes) -> None:
        def write() -> None:
            with open(path, "wb") as stream:  # waits for the reader
                stream.write(data)

        thread = threading.Thread(target=write, daemon=True)
        thread.start()
        threads.append(thread)
        time.sleep(0.2)  # into open(): a reader finding no writer yet refuses at once

    yield start
    for thread in threads:
        thread.join(timeout=5)


_WRONG_LINES = (
    b'{"units": {"id": "u-1", "name": "x", "kind": "othr"}}\n'
    b'{"units": {"id": "u-2", "name": "y", "kind": "other"}}\n'
)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (_WRONG_LINES, 'error[E423]: unit `u-1`, field `kind`: unknown value "othr"'),
        (_WRONG_LINES.replace(b'"kind": "other"', b'"kind": "other", "id": "u-3"'), "error[E408]"),
        (_WRONG_LINES.replace(b'"x"', b'"a\\u003ab"'), "error[E423]"),  # an escaped colon
    ],
    ids=["a wrong value", "a duplicate key", "an escaped colon"],
)
def test_a_named_pipe_of_json_lines_is_read_once(
    capsys: pytest.CaptureFixture[str],
    fifo: Callable[[str], Path],
    once_writer: Callable[[Path, bytes], None],
    lines: bytes,
    message: str,
) -> None:
    """A fast reader that declines must not leave the pipe empty for the exact reader
    (it would say "no writer"): a pipe is read once, by the exact reader, which names
    the line."""
    path = fifo("facts.jsonl")
    once_writer(path, lines)
    status = cli.main(["eval", "anhua", str(path), "--lang", "en", "--as-of", "2024-01-01"])
    _, err = capsys.readouterr()
    assert status == 2
    assert err.startswith(message), err
    assert f"--> {path}:" in err, err


def test_a_pipe_without_a_suffix_is_read_as_input_format_says(
    capsys: pytest.CaptureFixture[str],
    fifo: Callable[[str], Path],
    once_writer: Callable[[Path, bytes], None],
) -> None:
    """A shell's ``<(…)`` is a path such as /dev/fd/63: no suffix tells its format."""
    path = fifo("63")
    argv = ["eval", "anhua", str(path), "--lang", "en", "--as-of", "2024-01-01"]
    assert cli.main(argv) == 2
    _, err = capsys.readouterr()
    assert "error[E403]" in err and "a pipe: say what it holds with `--input-format" in err
    once_writer(path, _WRONG_LINES)
    assert cli.main([*argv, "--input-format", "jsonl"]) == 2
    _, err = capsys.readouterr()
    assert err.startswith("error[E423]") and f"--> {path}:1:38: units[0]" in err, err
    once_writer(path, _WRONG_LINES.replace(b"othr", b"other"))
    assert cli.main([*argv, "--input-format", "jsonl"]) == 0


def test_a_params_file_that_is_a_fifo_with_no_writer(
    capsys: pytest.CaptureFixture[str], fifo: Callable[[str], Path]
) -> None:
    path = fifo("params.json")
    argv = ["eval", "anhua", "examples/compliant.yaml", "--params", str(path), "--lang", "en"]
    refuse(capsys, argv, {"E607"})


def test_a_calendar_file_that_is_a_device(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    link = tmp_path / "calendar.yaml"
    link.symlink_to("/dev/zero")
    argv = ["eval", "anhua", "examples/compliant.yaml", "--calendar", str(link), "--lang", "en"]
    refuse(capsys, argv, {"E501", "E502", "E503"})


def test_a_mistake_at_the_end_of_a_minified_file_is_located_at_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A minified JSON file is one line: finding a field's column must not count that
    line's newlines again for each token (1 MB took over two minutes so)."""
    import json

    units = [{"id": f"u-{n}", "name": "x", "kind": "other"} for n in range(20_000)]
    units[-1]["kind"] = "othr"
    text = json.dumps({"units": units})
    path = tmp_path / "minified.json"
    path.write_text(text, encoding="utf-8")
    started = time.process_time()
    refuse(capsys, ["eval", "anhua", str(path), "--lang", "en"], {"E423"})
    assert time.process_time() - started < SECONDS / 3
    with pytest.raises(PolicyError) as caught:
        load_facts([path], load_policy("anhua"))
    column = text.rindex('"kind"') + 1  # the field's key, as in every format
    assert caught.value.location == f"{path}:1:{column}: units[19999]"


# --------------------------------------------------------------------------- memory

BIG = 40 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "body", "code"),
    [
        (
            "bad-in-the-middle.json",
            b'"abc", 12, ' * (BIG // 22) + b"x, " + b"1, " * (BIG // 6),
            "E404",
        ),
        ("truncated.json", b'"abc", 12, ' * (BIG // 11), "E404"),
        ("bad-byte-at-the-end.json", b'"abc", 12, ' * (BIG // 11) + b'"\xff"]}', "E401"),
    ],
)
def test_a_large_malformed_file_is_refused_in_little_more_than_its_size(
    tmp_path: Path, name: str, body: bytes, code: str
) -> None:
    """Peak memory (as tracemalloc sees it) under 1.5 times the file: the standard
    library would build every value before the bad spot, about 8 times the file."""
    path = tmp_path / name
    path.write_bytes(b'{"units": [' + body)
    size = path.stat().st_size
    del body
    tracemalloc.start()
    try:
        with pytest.raises(PolicyError) as caught:
            load_facts([path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.code == code
    assert peak < 1.5 * size, f"peak {peak / size:.2f} times the file's {size} bytes"


# --------------------------------------------------------------------------- policy text


def test_a_policy_with_a_byte_order_mark_is_read_as_fact_files_are(tmp_path: Path) -> None:
    """Editors on Windows write one; it is not a column (the error below is at 2:1)."""
    from policyengine import load_policy

    text = (CORPUS.parent.parent.parent / "policies" / "anhua.policy").read_bytes()
    path = tmp_path / "bom.policy"
    path.write_bytes(b"\xef\xbb\xbf" + text)
    assert load_policy(path).name == load_policy("anhua").name
    path.write_bytes(b'\xef\xbb\xbfpolicy p "t"\n@')
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert caught.value.location.endswith("bom.policy:2:1")


@pytest.mark.parametrize(
    ("message", "column"), [('"x {f.id"', 12), ('"x } y"', 12), ('"\\{ {f.id} }"', 20)]
)
def test_an_unmatched_brace_in_a_message_is_refused_at_check_time(
    message: str, column: int
) -> None:
    from policyengine import compile_policy

    text = (
        'policy p "t"\nfacts units of unit { name: str }\narticle 第一条 "t"\n'
        f'rule r "t" cites 第一条 severity error for f in unit when true\nmessage {message}\n'
    )
    with pytest.raises(PolicyError) as caught:
        compile_policy(text, "p.policy")
    assert caught.value.code == "E103"
    assert caught.value.location == f"p.policy:5:{column}", caught.value.render("en")


# --------------------------------------------------------------------------- lone surrogates

_ESCAPES = [
    ("\\ud83d\\ude00", None),  # a whole pair: one character, 😀
    ("\\ud800", "\\ud800"),  # a high half alone
    ("\\udfff", "\\udfff"),  # a low half alone
    ("\\ude00\\ud83d", "\\ude00"),  # both halves, the wrong way round
    ("a\\ud83d", "\\ud83d"),  # a high half at the end
]


@pytest.mark.parametrize(("escape", "lone"), _ESCAPES)
@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
@pytest.mark.parametrize("field", ["name", "id"])
def test_a_lone_surrogate_in_a_fact_is_refused_with_its_record_and_field(
    tmp_path: Path, escape: str, lone: str | None, suffix: str, field: str
) -> None:
    """A JSON escape can write half a UTF-16 pair; no UTF-8 text (the JSON output, a
    SARIF file) can hold it, so it is refused where it is read, not passed on."""
    from policyengine import load_policy

    record = {"id": "u-1", "name": "x", "kind": "other"}
    record[field] = f"{record[field]}{escape}"
    body = ", ".join(f'"{k}": "{v}"' for k, v in record.items())
    text = f'{{"units": [{{{body}}}]}}' if suffix == ".json" else f'{{"units": {{{body}}}}}\n'
    path = tmp_path / f"facts{suffix}"
    path.write_text(text, encoding="ascii")
    policy = load_policy("anhua")
    if lone is None:
        assert len(load_facts([path], policy)) == 1
        return
    with pytest.raises(PolicyError) as caught:
        load_facts([path], policy)
    error = caught.value.to_dict("en")
    assert (error["code"], error["record"], error["field"]) == ("E422", "units[0]", field)
    assert error["file"] == str(path)
    assert f"lone surrogate `{lone}`" in error["message"]


@pytest.mark.parametrize(
    "record",
    [
        {"id": "u-1", "name": "\ud800", "kind": "other"},
        {"id": "\udc00", "name": "x", "kind": "other"},
        {"id": "u-1", "name": "x", "kind": "other", "note\ud800": 1},
    ],
)
def test_a_lone_surrogate_in_a_callers_mapping_is_refused(record: dict[str, object]) -> None:
    from policyengine import load_policy

    with pytest.raises(PolicyError) as caught:
        load_policy("anhua").facts({"units": [record]})
    assert caught.value.code == "E422"
    assert "lone surrogate" in caught.value.render("en")
    assert load_policy("anhua").facts({"units": [{"id": "u-1", "name": "😀", "kind": "other"}]})


# --------------------------------------------------------------------------- bidi controls

_TINY = 'policy p "标题"\nfacts units of unit {\n  name: str\n}\n'


@pytest.mark.parametrize("char", [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))])
@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (_TINY.replace("标题", "标{}题"), 1, 12),  # in a string literal
        (_TINY + "# 注{}释\n", 5, 4),  # in a comment
        (_TINY + '# """ {}\n', 5, 7),  # in a comment that looks like a long string
    ],
)
def test_a_bidi_control_in_a_string_or_comment_is_a_warning_at_its_place(
    char: str, text: str, line: int, column: int
) -> None:
    from policyengine import compile_policy

    policy = compile_policy(text.replace("{}", char), "p.policy")
    (warning,) = policy.warnings
    assert (warning.code, warning.level) == ("E107", "warning")
    assert warning.where() == f"p.policy:{line}:{column}"
    assert f"U+{ord(char):04X}" in warning.message.en


@pytest.mark.parametrize("char", ["\u202e", "\u2067"])
def test_a_bidi_control_outside_strings_and_comments_is_refused_at_its_place(char: str) -> None:
    from policyengine import compile_policy

    with pytest.raises(PolicyError) as caught:
        compile_policy(_TINY.replace("name: str", f"name:{char} str"), "p.policy")
    assert caught.value.code == "E101"
    assert caught.value.location == "p.policy:3:8"


@pytest.mark.parametrize("char", ["\u2029", "\u202f", "\u2065", "\u206a", "\u200f"])
def test_characters_beside_the_bidi_controls_are_no_warning(char: str) -> None:
    from policyengine import compile_policy

    assert compile_policy(_TINY + f"# {char}\n", "p.policy").warnings == []


# --------------------------------------------------------------------------- mutated facts

_BREACHES = CORPUS.parent.parent.parent / "examples" / "breaches.yaml"
_HOSTILE_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(
        ["2024-02-30", "9999-12-31", "0001-01-01", "\u202e", "\ud800", "\x1b[2J", "第十六条"]
    ),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


@functools.cache
def _anhua() -> Policy:
    return load_policy("anhua")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_mutated_fact_is_refused_by_code_or_reported_in_every_format(
    data: st.DataObject,
) -> None:
    """A real facts file with some fields set to anything: either a PolicyError with a
    code, or a report that every format renders as text UTF-8 can hold."""
    import datetime
    import json

    import yaml

    doc = json.loads(json.dumps(yaml.safe_load(_BREACHES.read_text("utf-8")), default=str))
    for _ in range(data.draw(st.integers(1, 4))):
        collection = data.draw(
            st.sampled_from(sorted(k for k, v in doc.items() if isinstance(v, list)))
        )
        record = data.draw(st.sampled_from(doc[collection]))
        field = data.draw(st.sampled_from([*sorted(record), "undeclared"]))
        record[field] = data.draw(_HOSTILE_VALUES)
    try:
        report = _anhua().report(doc, as_of=datetime.date(2026, 11, 25))
    except PolicyError as error:
        assert error.code.startswith("E4"), error.render("en")
        error.render("zh").encode("utf-8")
        return
    for format in ("table", "json", "jsonl", "sarif", "junit", "csv", "html"):
        report.render(format, "en", explain=True).encode("utf-8")
