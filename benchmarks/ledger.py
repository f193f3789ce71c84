"""Reading a ledger: facts per second from an .xlsx workbook, beside YAML and JSON.

```
python benchmarks/ledger.py                 # 100,000 facts (writing the workbook takes a while)
python benchmarks/ledger.py --size 10000
```

The facts are ``generate.py``'s Anhua-shaped set; the workbook is written by
``policyengine template --from`` (so every kind has its own sheet, 28 columns for the
accounts, 25 for the filings). Each reading is ``load_facts`` as ``policyengine eval``
calls it, the least of ``--runs`` runs in this process, CPU seconds. Beside them, the
two libraries the ledger reader could stand on, reading the same workbook's cells and
nothing more: python-calamine (used) and openpyxl in read-only mode.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import orjson
import python_calamine
import yaml
from generate import generate  # (run as a script: its folder is on the path)

from policyengine.facts import load_facts
from policyengine.ledger import workbook
from policyengine.ledger.template import write_template
from policyengine.policy import load_policy

YAML_FACTS = 40_000


def _least(fn: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def _safety(path: Path) -> object:
    """What the reader does before calamine sees the workbook."""
    return workbook._inspect(io.BytesIO(path.read_bytes()), str(path))


def _calamine(path: Path) -> int:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)


def _openpyxl(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for ws in book.worksheets for _ in ws.iter_rows(values_only=True))
    finally:
        book.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "pe-ledger")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    policy = load_policy("anhua")
    schema = policy.checked.schema
    doc = generate(args.size)
    # A YAML file is limited to 8 MiB (about 50,000 of these facts): it gets fewer.
    yaml_size = min(args.size, YAML_FACTS)
    files = {
        "json": args.out / f"facts-{args.size}.json",
        "yaml": args.out / f"facts-{yaml_size}.yaml",
        "xlsx": args.out / f"ledger-{args.size}.xlsx",
    }
    if not files["json"].exists():
        files["json"].write_bytes(orjson.dumps(doc))
    if not files["yaml"].exists():
        files["yaml"].write_text(
            yaml.dump(generate(yaml_size), Dumper=yaml.CSafeDumper, allow_unicode=True),
            encoding="utf-8",
        )
    if not files["xlsx"].exists():
        start = time.perf_counter()
        facts = load_facts([files["json"]], schema)
        write_template(policy.checked, files["xlsx"], facts=facts, command="bench")
        print(f"wrote {files['xlsx']} in {time.perf_counter() - start:.1f} s")
    counts = {kind: len(load_facts([path], schema)) for kind, path in files.items()}
    print(f"{os.cpu_count()} cores; least of {args.runs} runs, CPU seconds\n")
    print(f"{'reading':<34}{'facts':>9}{'MB':>8}{'s':>9}{'facts/s':>12}")
    rows: list[tuple[str, str, Callable[[], object]]] = [
        (f"load_facts {kind}", kind, functools.partial(load_facts, [path], schema))
        for kind, path in files.items()
    ]
    rows += [
        ("safety pass only (docs/ledger.md)", "xlsx", lambda: _safety(files["xlsx"])),
        ("cells only: python-calamine", "xlsx", lambda: _calamine(files["xlsx"])),
        ("cells only: openpyxl read-only", "xlsx", lambda: _openpyxl(files["xlsx"])),
    ]
    for name, kind, fn in rows:
        seconds = _least(fn, args.runs if "openpyxl" not in name else 1)
        size = files[kind].stat().st_size / 1e6
        n = counts[kind]
        print(f"{name:<34}{n:>9,}{size:>8.1f}{seconds:>9.2f}{n / seconds:>12,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
