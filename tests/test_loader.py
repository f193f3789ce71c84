"""Files -> raw documents: formats, limits, and every JSON/YAML trap of input-traps.md."""

from __future__ import annotations

import io
import json
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from factschema import anhua_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyengine.errors import FactError, PolicyError
from policyengine.facts import files, jsonfile, jsonlines, load_facts, raw
from policyengine.facts.raw import RawDocument, YamlBool, YamlFloat, YamlInt, YamlScalar
from policyengine.facts.read import read_documents

SCHEMA = anhua_schema()


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read_one(path: Path) -> RawDocument:
    (doc,) = read_documents([path])
    return doc


def failure(paths: list[Path] | Path) -> FactError:
    with pytest.raises(FactError) as info:
        read_documents(paths if isinstance(paths, list) else [paths])
    return info.value


def rendered(tmp_path: Path, error: FactError, lang: str = "en") -> str:
    return error.render(lang).replace(str(tmp_path) + "/", "")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- JSON


def test_json_document(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.json", '{"as_of": "2026-11-25", "units": [{"id": "u"}], "events": null}'
    )
    doc = read_one(path)
    assert doc.source == str(path)
    assert doc.as_of == "2026-11-25"
    assert doc.collections == {"units": [{"id": "u"}], "events": []}
    assert doc.lines == {}  # plain JSON gives no line per record
    assert doc.where("units", 0) == f"{path}: units[0]"


def test_json_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.json", b'\xef\xbb\xbf{"units": []}')
    assert read_one(path).collections == {"units": []}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"units": [{"n": NaN}]}', "error[E409]: `NaN` is not allowed: it is not a JSON number"),
        (
            '{"units": [{"n": Infinity}]}',
            "error[E409]: `Infinity` is not allowed: it is not a JSON number",
        ),
        (
            '{"units": [{"n": -Infinity}]}',
            "error[E409]: `-Infinity` is not allowed: it is not a JSON number",
        ),
        ('{"units": [{"n": 1e400}]}', "error[E409]: the number 1e400 is out of range"),
        ('{"units": [{"id": "a", "id": "b"}]}', 'error[E408]: duplicate key "id"'),
        ('{"units": [], "units": []}', 'error[E408]: duplicate key "units"'),
        (
            '{"units": [{"n": ' + "9" * 5000 + "}]}",
            "error[E409]: a number has more than 4300 digits",
        ),
        ("[" * 10_000 + "]" * 10_000, "error[E406]: nested more than 16 levels deep"),
        (
            '{"units": [' + '{"a": ' * 15 + "1" + "}" * 15 + "]}",
            "error[E406]: nested more than 16 levels deep",
        ),
        (
            "[1, 2]",
            "error[E410]: the top level of a facts file must be a mapping (keys such as units, "
            "accounts), got a list",
        ),
        ('{"units": {"id": "u"}}', "error[E412]: `units` must be a list of records, got a mapping"),
        ('{"units": "u"}', 'error[E412]: `units` must be a list of records, got the string "u"'),
    ],
    ids=[
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "duplicate key",
        "duplicate top-level key",
        "5000 digits",
        "10k levels",
        "17 levels",
        "top-level list",
        "collection mapping",
        "collection string",
    ],
)
def test_json_traps(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, "bad.json", text)
    where = "bad.json: units" if "E412" in expected else "bad.json"
    assert rendered(tmp_path, failure(path)) == f"{expected}\n  --> {where}"


def test_json_nesting_of_sixteen_levels_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.json", '{"units": [' + '{"a": ' * 14 + "1" + "}" * 14 + "]}")
    assert len(read_one(path).collections["units"]) == 1


def test_json_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", '{\n  "units": [\n    {"id": "u",}\n  ]\n}')
    error = failure(path)
    assert rendered(tmp_path, error) == (
        "error[E404]: invalid JSON: Expecting property name enclosed in double quotes\n"
        "  --> bad.json:3:16"
    )
    assert rendered(tmp_path, error, "zh") == (
        "错误[E404]: JSON 格式错误：此处应有用双引号括起的键名\n  --> bad.json:3:16"
    )


def test_json_refused_from_its_first_bytes_is_worded_as_its_whole_reading_would_be(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "bad.json", "  x" + " " * 70_000)  # refused before all is read
    error = failure(path)
    assert (
        rendered(tmp_path, error)
        == "error[E404]: invalid JSON: Expecting value\n  --> bad.json:1:3"
    )
    assert rendered(tmp_path, error, "zh") == (
        "错误[E404]: JSON 格式错误：此处应有一个值\n  --> bad.json:1:3"
    )


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.json", b'{"units": [\n{"name": "caf\xe9"}]}')
    assert rendered(tmp_path, failure(path)) == (
        "error[E401]: the file is not encoded in UTF-8\n  --> latin.json:2"
    )


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_records_and_lines(tmp_path: Path) -> None:
    text = (
        '{"as_of": "2026-11-25"}\n'
        "\n"
        '{"units": {"id": "u1"}}\n'
        '{"filings": {"id": "f-1"}}\n'
        "   \n"
        '{"units": {"id": "u2"}}\n'
    )
    doc = read_one(write(tmp_path, "big.jsonl", text))
    assert doc.as_of == "2026-11-25"
    assert doc.collections == {"units": [{"id": "u1"}, {"id": "u2"}], "filings": [{"id": "f-1"}]}
    assert doc.lines == {"units": [3, 6], "filings": [4]}
    assert doc.where("units", 1) == f"{tmp_path}/big.jsonl:6: units[1]"


def test_jsonl_reports_every_bad_line(tmp_path: Path) -> None:
    text = (
        '{"units": {"id": "u1"}}\n'
        '{"units": {"id": "u2"}, "filings": {"id": "f"}}\n'
        "[1]\n"
        '{"units": {"id": NaN}}\n'
        '{"units": {"id": "u3"\n'
        '{"as_of": "2026-11-25"}\n'
        '{"as_of": "2026-11-26"}\n'
        '{"units": {"id": "x", "id": "y"}}\n'
    )
    assert rendered(tmp_path, failure(write(tmp_path, "bad.jsonl", text))) == (
        "error[E410]: each JSON Lines line must be an object with exactly one key, such as "
        '{"filings": {"id": "f-1", ...}}; got a mapping\n'
        "  --> bad.jsonl:2\n"
        "  = help: this line has 2 keys\n\n"
        "error[E410]: each JSON Lines line must be an object with exactly one key, such as "
        '{"filings": {"id": "f-1", ...}}; got a list\n'
        "  --> bad.jsonl:3\n\n"
        "error[E409]: `NaN` is not allowed: it is not a JSON number\n"
        "  --> bad.jsonl:4\n\n"
        "error[E404]: invalid JSON: Expecting ',' delimiter\n"
        "  --> bad.jsonl:5:22\n\n"
        'error[E431]: as_of disagrees: "2026-11-25" on line 6, "2026-11-26" here\n'
        "  --> bad.jsonl:7\n\n"
        'error[E408]: duplicate key "id"\n'
        "  --> bad.jsonl:8"
    )


def test_jsonl_bom_and_bad_utf8(tmp_path: Path) -> None:
    good = write(tmp_path, "bom.jsonl", b'\xef\xbb\xbf{"units": {"id": "u"}}\n')
    assert read_one(good).collections == {"units": [{"id": "u"}]}
    bad = write(tmp_path, "bad.jsonl", b'{"units": {"id": "u"}}\n{"units": {"id": "\xff"}}\n')
    assert rendered(tmp_path, failure(bad)) == (
        "error[E401]: the file is not encoded in UTF-8\n  --> bad.jsonl:2"
    )


def test_jsonl_deep_record(tmp_path: Path) -> None:
    line = '{"units": ' + '{"a": ' * 15 + "1" + "}" * 16 + "\n"
    assert rendered(tmp_path, failure(write(tmp_path, "deep.jsonl", line))) == (
        "error[E406]: nested more than 16 levels deep\n  --> deep.jsonl:1"
    )


# --------------------------------------------------------------------------- YAML


def test_yaml_document_with_lines_and_dates(tmp_path: Path) -> None:
    text = "as_of: 2026-11-25\nunits:\n  - id: u1\n  - id: u2\n    founded: 2024-02-30\nevents:\n"
    doc = read_one(write(tmp_path, "a.yaml", text))
    assert doc.as_of == "2026-11-25"  # a date when the schema says so, not before
    assert doc.collections == {
        "units": [{"id": "u1"}, {"id": "u2", "founded": "2024-02-30"}],
        "events": [],
    }
    assert doc.lines == {"units": [3, 4]}
    assert doc.where("units", 1) == f"{tmp_path}/a.yaml:4: units[1]"
    assert doc.where("as_of") == f"{tmp_path}/a.yaml:1: as_of"


def test_yaml_empty_file_is_no_facts(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "empty.yml", "# nothing yet\n"))
    assert doc.collections == {} and doc.as_of is None


def test_yaml_python_tags_are_not_executed(tmp_path: Path) -> None:
    path = write(tmp_path, "evil.yaml", "units: !!python/object/apply:os.system ['touch pwned']\n")
    text = rendered(tmp_path, failure(path))
    assert text == (
        "error[E405]: invalid YAML: YAML tags (`tag:yaml.org,2002:python/object/apply:os.system`)"
        " are not supported; write the value itself, text in quotes if you like\n"
        "  --> evil.yaml:1:8"
    )
    assert not (Path.cwd() / "pwned").exists()


ALIAS_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    start = time.perf_counter()
    error = failure(write(tmp_path, "bomb.yaml", ALIAS_BOMB))
    assert time.perf_counter() - start < 1
    assert rendered(tmp_path, error) == (
        "error[E407]: YAML aliases (*a) and anchors are not supported: write the values out\n"
        "  --> bomb.yaml:2:8"
    )
    assert rendered(tmp_path, error, "zh") == (
        "错误[E407]: 不支持 YAML 别名（*a）和锚点：请把内容写出来\n  --> bomb.yaml:2:8"
    )


def test_yaml_merge_key_alias_is_refused(tmp_path: Path) -> None:
    text = "units:\n  - &base {id: a, kind: other}\n  - <<: *base\n    id: b\n"
    assert failure(write(tmp_path, "m.yaml", text)).code == "E407"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: " + "[" * 100_000 + "]" * 100_000,
            # PyYAML >= 6.0.4 stops this in its scanner, at its own depth (column 1003);
            # older ones let our event check stop it at column 19: same error either way.
            "error[E406]: nested more than 16 levels deep\n  --> deep.yaml:1:",
        ),
        (
            "".join("  " * i + "k:\n" for i in range(1000)),
            "error[E406]: nested more than 16 levels deep\n  --> deep.yaml:17:33",
        ),
        ("units:\n  - id: a\n    id: b\n", 'error[E408]: duplicate key "id"\n  --> deep.yaml:3:5'),
        (
            "units:\n  - id: a\n  bad\n",
            "error[E405]: invalid YAML: while scanning a simple key (line 3, column 3): "
            "could not find expected ':'\n"
            "  --> deep.yaml:4:1",
        ),
        (
            "a: 1\n---\nb: 2\n",
            "error[E405]: invalid YAML: expected a single document in the stream (line 1, column "
            "1): but found another document\n  --> deep.yaml:2:1",
        ),
        (
            "units: [\x07]\n",
            "error[E405]: invalid YAML: unacceptable character #x0007: control characters are not "
            "allowed\n  --> deep.yaml:1:9",
        ),
        (
            "units: !!int abc\n",
            "error[E405]: invalid YAML: YAML tags (`tag:yaml.org,2002:int`) are not supported; "
            "write the value itself, text in quotes if you like\n  --> deep.yaml:1:8",
        ),
        (
            "units:\n  - !!str 010\n",
            "error[E405]: invalid YAML: YAML tags (`tag:yaml.org,2002:str`) are not supported; "
            "write the value itself, text in quotes if you like\n  --> deep.yaml:2:5",
        ),
        (
            "units:\n  - !local {id: a}\n",
            "error[E405]: invalid YAML: YAML tags (`!local`) are not supported; "
            "write the value itself, text in quotes if you like\n  --> deep.yaml:2:5",
        ),
        (
            "units: " + "9" * 5000 + "\n",
            "error[E412]: `units` must be a list of records, got the integer "
            + "9" * 59
            + "…\n  --> deep.yaml:1: units",
        ),
        (
            "units:\n  - ? [a]\n    : b\n",
            "error[E405]: invalid YAML: a key must be text, not a list or a mapping\n"
            "  --> deep.yaml:2:7",
        ),
        (
            "- units\n",
            "error[E410]: the top level of a facts file must be a mapping (keys such as units, "
            "accounts), got a list\n  --> deep.yaml",
        ),
    ],
    ids=[
        "100k flow levels",
        "1000 block levels",
        "duplicate key",
        "syntax",
        "two documents",
        "control character",
        "!!int abc",
        "!!str",
        "local tag",
        "5000 digits",
        "complex key",
        "top-level list",
    ],
)
def test_yaml_traps(tmp_path: Path, text: str, expected: str) -> None:
    got = rendered(tmp_path, failure(write(tmp_path, "deep.yaml", text)))
    assert got == expected or (expected.endswith(":") and got.startswith(expected))


def test_yaml_declaring_version_1_1_is_refused_at_its_directive(tmp_path: Path) -> None:
    """Read as YAML 1.2, a YAML 1.1 file's ``on: yes`` would not be the boolean its
    author meant: refused, not read otherwise (PyYAML refuses other versions itself)."""
    version = "1.1"
    path = write(tmp_path, "old.yaml", f"# units\n%YAML {version}\n---\nunits:\n  - id: u1\n")
    error = failure(path)
    assert rendered(tmp_path, error) == (
        f"error[E405]: the file declares YAML {version} (`%YAML {version}`), but fact files "
        f"are read as YAML 1.2\n  --> old.yaml:2:1\n"
        f"  = help: remove the `%YAML {version}` line and check the file as YAML 1.2"
    )
    assert rendered(tmp_path, error, "zh").startswith(
        f"错误[E405]: 文件声明了 YAML {version}（`%YAML {version}`），而事实文件按 YAML 1.2 读取"
    )


def test_yaml_declaring_version_1_2_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "new.yaml", "%YAML 1.2\n---\nunits:\n  - id: u1\n")
    assert read_one(path).collections == {"units": [{"id": "u1"}]}


def test_yaml_values_are_kept_as_written(tmp_path: Path) -> None:
    """YAML 1.1 reads most of these as booleans, numbers or dates; YAML 1.2 does not, and
    what looks like a number or a boolean is left for the field's type to decide."""
    text = (
        "units:\n  - {a: NO, b: 010, c: 12:30, d: 2024-01-05 10:00:00, e: .nan, f: on, g: y,\n"
        "     h: 2024-01-05, i: '010', j: true, k: 0x1F, l: 1e3, m: ~, n: , o: Null, p: yes}\n"
    )
    (record,) = read_one(write(tmp_path, "t.yaml", text)).collections["units"]
    assert record == {
        "a": "NO",
        "b": "010",
        "c": "12:30",
        "d": "2024-01-05 10:00:00",
        "e": ".nan",
        "f": "on",
        "g": "y",
        "h": "2024-01-05",
        "i": "010",
        "j": "true",
        "k": "0x1F",
        "l": "1e3",
        "m": None,
        "n": None,
        "o": None,
        "p": "yes",
    }
    kinds = {k: type(v) for k, v in record.items() if isinstance(v, YamlScalar)}
    assert kinds == {"b": YamlInt, "e": YamlFloat, "j": YamlBool, "k": YamlInt, "l": YamlFloat}
    assert type(record["i"]) is str  # quoted: text, whatever it looks like
    assert YamlInt("0x1F").value() == 31 and YamlInt("0o17").value() == 15
    assert YamlInt("010").value() == 10  # decimal in YAML 1.2, not octal


def test_yaml_keys_are_text_as_written(tmp_path: Path) -> None:
    text = "units:\n  - {on: 1, off: 2, yes: 3, no: 4, y: 5, n: 6, 001: 7, true: 8, null: 9}\n"
    (record,) = read_one(write(tmp_path, "k.yaml", text)).collections["units"]
    assert list(record) == ["on", "off", "yes", "no", "y", "n", "001", "true", "null"]
    assert all(type(k) is str for k in record)


def test_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = write(tmp_path, "big.yaml", b"#" * (8 * raw.MiB + 1))
    assert rendered(tmp_path, failure(big)) == (
        "error[E402]: the file is 8.0 MiB; YAML fact files are limited to 8 MiB\n"
        "  --> big.yaml\n"
        "  = help: use JSON or JSON Lines (.jsonl) for large inputs"
    )
    assert raw.GiB == raw.MAX_JSON_BYTES == files.MAX_JSON_BYTES
    monkeypatch.setattr(files, "MAX_JSON_BYTES", raw.MiB)
    path = write(tmp_path, "big.json", b" " * (raw.MiB + 1))
    assert rendered(tmp_path, failure(path)) == (
        "error[E402]: the file is 1.0 MiB; JSON fact files are limited to 1 MiB\n"
        "  --> big.json\n"
        "  = help: use JSON Lines (.jsonl, read line by line) or several files for larger inputs"
    )
    # JSON Lines has no limit per file, only per line.
    small = write(tmp_path, "small.jsonl", b'{"units": {"id": "u"}}\n' * 50_000)
    assert len(read_one(small).collections["units"]) == 50_000


@pytest.mark.parametrize("fast", [True, False], ids=["orjson", "stdlib"])
def test_jsonl_line_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool) -> None:
    if not fast:
        monkeypatch.setattr(jsonlines, "_orjson", None)
    monkeypatch.setattr(jsonlines, "MAX_JSONL_LINE_BYTES", 1000)
    monkeypatch.setattr(jsonlines, "_BLOCK", 700)  # lines longer than a block, and across blocks
    ok = '{"units": {"id": "u%d", "name": "%s"}}\n'
    text = "".join(ok % (i, "x" * (i * 37 % 900)) for i in range(40))
    long_line = '{"units": {"id": "long", "name": "' + "y" * 5000 + '"}}\n'
    edge = '{"units": {"id": "edge", "name": "' + "z" * (1000 - 37) + '"}}\n'
    assert len(edge) == 1001  # 1000 bytes and the newline: allowed
    path = write(tmp_path, "lines.jsonl", text + edge + long_line + text + long_line.rstrip())
    assert rendered(tmp_path, failure(path)) == (
        "error[E402]: the line is longer than 1,000 bytes; JSON Lines lines (one record each) "
        "are limited to 1,000 bytes\n  --> lines.jsonl:42\n\n"
        "error[E402]: the line is longer than 1,000 bytes; JSON Lines lines (one record each) "
        "are limited to 1,000 bytes\n  --> lines.jsonl:83"
    )
    path = write(tmp_path, "lines.jsonl", text + edge + text)
    doc = read_one(path)
    assert [r["id"] for r in doc.collections["units"]][39:42] == ["u39", "edge", "u0"]  # type: ignore[index]
    assert doc.lines["units"] == list(range(1, 82))


# --------------------------------------------------------------------------- paths


def test_folder_is_read_in_name_order_not_recursively(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    (folder / "sub").mkdir(parents=True)
    write(folder, "b.yml", "units: [{id: b}]\n")
    write(folder, "a.json", '{"units": [{"id": "a"}]}')
    write(folder, "c.jsonl", '{"units": {"id": "c"}}\n')
    write(folder, "d.yaml", "units: [{id: d}]\n")
    write(folder, "notes.txt", "not facts")
    write(folder / "sub", "e.yaml", "units: [{id: e}]\n")
    docs = read_documents([folder])
    assert [Path(d.source).name for d in docs] == ["a.json", "b.yml", "c.jsonl", "d.yaml"]


def test_path_problems_are_collected(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    paths = [
        tmp_path / "missing.yaml",
        tmp_path / "empty",
        write(tmp_path, "facts.csv", "id\n"),
        write(tmp_path, "bad.json", "{"),
        write(tmp_path, "good.yaml", "units: []\n"),
    ]
    assert rendered(tmp_path, failure(paths)) == (
        "error[E400]: no such file or folder\n  --> missing.yaml\n\n"
        "error[E403]: the folder holds no .json, .jsonl, .yaml, .yml or .csv file\n"
        "  --> empty\n\n"
        "error[E403]: unsupported file type `.csv`: expected .json, .jsonl, .yaml, .yml or "
        ".xlsx (.csv files are read as a ledger: give their folder)\n"
        "  --> facts.csv\n\n"
        "error[E404]: invalid JSON: Expecting property name enclosed in double quotes\n"
        "  --> bad.json:1:2"
    )


def test_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "x.yaml"
    folder.mkdir()
    (folder / "inner.yaml").write_text("units: []\n")
    # A folder named like a file is a folder: its files are read.
    assert [Path(d.source).name for d in read_documents([folder])] == ["inner.yaml"]


# --------------------------------------------------------------------------- robustness

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=30,
)
YAML_ALPHABET = st.sampled_from(
    [*"abc01:-[]{},&*!|>'\"#%@` \n\t?.", "NO", "2024-02-30", "12:30", "<<", "---", "\u3000"]
    + [
        f"!!{tag} "
        for tag in (
            "int",
            "float",
            "bool",
            "timestamp",
            "binary",
            "set",
            "omap",
            "pairs",
            "null",
            "str",
            "python/name:os.system",
        )
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(YAML_ALPHABET, max_size=60).map("".join) | st.text(max_size=80))
def test_random_yaml_text_only_raises_fact_errors(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            load_facts([path], SCHEMA)  # read, then validate what was read
        except FactError as error:
            assert isinstance(error, PolicyError)
            error.render("zh")


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_random_json_and_yaml_documents_only_raise_fact_errors(value: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        json_path = Path(folder) / "r.json"
        json_path.write_text(json.dumps(value), encoding="utf-8")
        yaml_path = Path(folder) / "r.yaml"
        yaml_path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
        for path in (json_path, yaml_path):
            try:
                load_facts([path], SCHEMA)
            except FactError as error:
                error.render("en")


def test_yaml_collection_that_is_not_a_list_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", "as_of: 2026-11-25\nunits:\n  id: anhua\n")
    assert rendered(tmp_path, failure(path)) == (
        "error[E412]: `units` must be a list of records, got a mapping\n  --> m.yaml:2: units"
    )


# --------------------------------------------------------------------------- orjson, checked
#
# .json and .jsonl files are parsed with orjson and then proved to read as the standard
# library with the loader's hooks reads them (duplicate keys, nesting, numbers); in any
# doubt the file is read again that exact way. Both ways must always agree.


def outcome(path: Path) -> tuple[object, ...]:
    try:
        (doc,) = read_documents([path])
    except FactError as error:
        return ("error", error.render("en"), error.render("zh"))
    return ("ok", doc.collections, doc.as_of, doc.lines, doc.key_lines)


def both_ways(path: Path) -> tuple[object, ...]:
    """What the loader reads, checked to be what the standard library alone reads."""
    fast = outcome(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonfile, "_orjson", None)
        patch.setattr(jsonlines, "_orjson", None)
        exact = outcome(path)
    assert fast == exact
    return fast


VALID_SCALARS = [
    "1",
    "-0",
    "0.5",
    "1E2",
    "12345678901234567890",
    "-9223372036854775809",
    "18446744073709551616",
    "9" * 40,
    '"x"',
    '"a:b"',
    '"https://www.gov.cn/a?b=1"',
    '"\\u003a"',
    '"x\\u003A:"',
    '"\\\\u003a"',
    '"\\ud800"',
    '"\\"quoted\\""',
    "true",
    "null",
    '"2024-01-05"',
    '"\ufeff"',
    '"彝族乡"',
    "{}",
    "[[[]]]",
]
INVALID_SCALARS = ["1e400", "-1e309", "NaN", "-Infinity", "<5000 digits>", "[", '"open']
SCALARS = VALID_SCALARS * 8 + INVALID_SCALARS
KEYS = ['"id"', '"a"', '"a:b"', '"a\\u003ab"', '"a\\u003Ab"', '"\\u0061"', '"units"', '""', '"é"']
SEPARATORS = [":", " : ", ":\n", "\t:"]


def _nested(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


def _objects(children: st.SearchStrategy[str], unique: bool) -> st.SearchStrategy[str]:
    pairs = st.tuples(st.sampled_from(KEYS), st.sampled_from(SEPARATORS), children)
    return st.lists(pairs, max_size=4, unique_by=(lambda p: p[0]) if unique else None).map(
        lambda pairs: "{" + ",".join(k + s + v for k, s, v in pairs) + "}"
    )


json_texts = st.recursive(
    # (by index: a strategy's repr would hold the whole list, once per use)
    st.integers(0, len(SCALARS) - 1).map(
        lambda i: "9" * 5000 if SCALARS[i] == "<5000 digits>" else SCALARS[i]
    )
    | st.integers(12, 17).map(_nested),
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        _objects(children, unique=True),
        _objects(children, unique=True),
        _objects(children, unique=False),
    ),
    max_leaves=12,
)
TOP_KEYS = ['"as_of"', '"units"', '"events"', '"a:b"', '"\\u0075nits"']
json_documents = st.tuples(
    st.booleans(),
    st.lists(
        st.tuples(
            st.sampled_from(TOP_KEYS),
            st.sampled_from(SEPARATORS),
            st.lists(json_texts, max_size=4).map(lambda xs: "[" + ",\n".join(xs) + "]")
            | json_texts,
        ),
        max_size=4,
        unique_by=lambda t: t[0],
    ),
).map(lambda t: ("\ufeff" if t[0] else "") + "{" + ",\n".join(k + s + v for k, s, v in t[1]) + "}")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_documents)
def test_json_orjson_reads_as_the_standard_library(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.json"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        both_ways(path)


json_lines = st.one_of(
    st.tuples(st.sampled_from(['"units"', '"events"', '"as_of"', '"a:b"']), json_texts).map(
        lambda t: "{" + t[0] + ": " + t[1] + "}"
    ),
    st.sampled_from(["", "  ", "\t", "\u3000", "\r", '{"as_of": "2026-11-25"}']),
    json_texts,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.booleans(),
    st.lists(json_lines, max_size=8),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
    st.sampled_from([jsonlines._BLOCK, 16, 100]),
    st.sampled_from([jsonlines.MAX_JSONL_LINE_BYTES, 60]),
)
def test_jsonl_orjson_reads_as_the_standard_library(
    bom: bool, lines: list[str], newline: str, final: bool, block: int, line_limit: int
) -> None:
    text = ("\ufeff" if bom else "") + newline.join(lines) + (newline if final else "")
    saved = jsonlines._BLOCK, jsonlines.MAX_JSONL_LINE_BYTES
    jsonlines._BLOCK, jsonlines.MAX_JSONL_LINE_BYTES = block, line_limit
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "r.jsonl"
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
            both_ways(path)
    finally:
        jsonlines._BLOCK, jsonlines.MAX_JSONL_LINE_BYTES = saved


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The colons inside strings (URLs) do not hide a duplicate from the count ...
        (
            '{"units": [{"url": "https://a.cn", "id": "a", "id": "b", "note": "x:y"}]}',
            'error[E408]: duplicate key "id"',
        ),
        # ... nor does an escaped colon: `\u003a` sends the file to the exact reading.
        ('{"units": [{"a:b": 1, "a\\u003ab": 2}]}', 'error[E408]: duplicate key "a:b"'),
        ('{"units": [{"a": 1, "a" : 2}]}', 'error[E408]: duplicate key "a"'),
        ('{"as_of": "2026-11-25", "units": [], "as_of": "2026-11-25"}', "error[E408]"),
        # orjson reads integers beyond 64 bits as floats; these stay integers.
        (
            '{"units": [{"n": 123456789012345678901234567890}]}',
            {"n": 1234567890123456789 * 10**11 + 1234567890},
        ),
        ('{"units": [{"n": -9223372036854775809}]}', {"n": -(2**63) - 1}),
        ('{"units": [{"n": 18446744073709551615}]}', {"n": 2**64 - 1}),
        ('{"units": [{"n": 1e400}]}', "error[E409]: the number 1e400 is out of range"),
        ('{"units": [{"n": NaN}]}', "error[E409]: `NaN` is not allowed"),
        # orjson nests up to 1024 levels and writes up to 255.
        ('{"units": [' + _nested(300) + "]}", "error[E406]: nested more than 16 levels deep"),
        ('{"units": [' + _nested(2000) + "]}", "error[E406]: nested more than 16 levels deep"),
        ('{"units": [' + _nested(14) + "]}", json.loads(_nested(14))),
        ('{"units": [[' + "[" * 14 + "]" * 14 + "]]}", "error[E406]"),  # 17 levels
        ('{"units": [{"s": "\\ud800"}]}', {"s": "\ud800"}),  # a lone surrogate: orjson refuses it
        ('{"units": [{"s": "\\"[[[[[[[[[[[[[[[[[[[[:"}]}', {"s": '"[[[[[[[[[[[[[[[[[[[[:'}),
    ],
)
def test_json_traps_both_ways(tmp_path: Path, text: str, expected: object) -> None:
    path = write(tmp_path, "t.json", text)
    result = both_ways(path)
    if isinstance(expected, str) and expected.startswith("error["):
        assert result[0] == "error" and str(result[1]).startswith(expected)
    else:
        assert result[0] == "ok"
        (record,) = result[1]["units"]  # type: ignore[index]
        assert record == expected
        assert [type(v) for v in record.values()] == [type(v) for v in expected.values()]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '{"units": {"id": "a", "url": "https://a.cn", "id": "b"}}',
            'error[E408]: duplicate key "id"',
        ),
        ('{"units": {"id": "a"}, "units": {"id": "b"}}', 'error[E408]: duplicate key "units"'),
        ('{"units": {"a:b": 1, "a\\u003ab": 2}}', 'error[E408]: duplicate key "a:b"'),
        ('{"units": {"n": 123456789012345678901}}', {"n": 123456789012345678901}),
        ('{"units": {"n": 1e400}}', "error[E409]: the number 1e400 is out of range"),
        ('{"units": ' + _nested(15) + "}", "error[E406]: nested more than 16 levels deep"),
        ('{"units": ' + _nested(300) + "}", "error[E406]: nested more than 16 levels deep"),
        ('{"units": ' + _nested(14) + "}", json.loads(_nested(14))),
        ('{"as_of": "2026-11-25"}\n{"as_of": "2026-11-26"}', "error[E431]"),
        ('{"as_of": "2026-11-25"}\n{"units": {"id": "u"}}\n{"as_of": "2026-11-25"}', {"id": "u"}),
    ],
)
def test_jsonl_traps_both_ways(tmp_path: Path, line: str, expected: object) -> None:
    lines = ['{"units": {"id": "x", "url": "http://x.cn:8080/"}}', "", line, '{"filings": {}}']
    result = both_ways(write(tmp_path, "t.jsonl", "\n".join(lines)))
    if isinstance(expected, str):
        assert result[0] == "error" and str(result[1]).startswith(expected)
        assert f"t.jsonl:{3 + ('E431' in expected)}" in str(result[1])
    else:
        assert result[0] == "ok"
        assert result[1]["units"][-1] == expected  # type: ignore[index]


def test_ordinary_files_take_the_fast_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def exact(*args: object) -> None:
        raise AssertionError("read the exact way")

    monkeypatch.setattr(files, "parse_json", exact)
    monkeypatch.setattr(jsonlines, "_exact_jsonl", exact)
    record = {
        "id": "u-1",
        "name": "安化彝族乡：人民政府",
        "url": "https://www.gov.cn/x?a=1",
        "n": 999_999_999_999_999_999,  # 18 digits (19 send the file the exact way)
        "x": {"y": [1.5, None, True, {"z": "[{"}]},
    }
    data = {"as_of": "2026-11-25", "units": [record] * 3, "events": None}
    doc = read_one(write(tmp_path, "a.json", "\ufeff" + json.dumps(data, ensure_ascii=False)))
    assert doc.collections == {"units": [record] * 3, "events": []}
    lines = [{"as_of": "2026-11-25"}, *({"units": dict(record, id=f"u-{i}")} for i in range(5))]
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n\n"
    doc = read_one(write(tmp_path, "a.jsonl", text))
    assert doc.as_of == "2026-11-25"
    assert [r["id"] for r in doc.collections["units"]] == [f"u-{i}" for i in range(5)]  # type: ignore[index]
    assert doc.lines == {"units": [2, 3, 4, 5, 6]}
    assert doc.key_lines == {"as_of": 1, "units": 2}


def test_jsonl_lines_of_a_changed_file_are_left_out(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", '{"units": {"id": "a"}}\n{"units": {"id": "b"}}\n')
    doc = read_one(path)
    path.write_text('{"units": {"id": "a"}}\n')
    assert doc.where("units", 1) == f"{path}: units[1]"


@pytest.mark.parametrize("seekable", [True, False], ids=["seek", "carry"])
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=30), st.booleans())
@settings(max_examples=60, deadline=None)
def test_regions_are_the_file_as_whole_lines(
    seekable: bool, lengths: list[int], final_newline: bool
) -> None:
    """Blocks end at a line's end whether the partial last line of a block is read
    again (a file) or carried over (a stream that cannot seek): joined, they are the
    file."""
    lines = [bytes([97 + i % 26]) * n for i, n in enumerate(lengths)]
    data = b"\n".join(lines) + (b"\n" if final_newline else b"")

    class Stream(io.BytesIO):
        def seekable(self) -> bool:
            return seekable

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonlines, "_BLOCK", 16)
        patch.setattr(jsonlines, "MAX_JSONL_LINE_BYTES", 40)
        found = list(jsonlines.regions(Stream(data)))
    assert b"\n".join(found) == data.removesuffix(b"\n")  # a last newline ends the last line
