"""The benchmark (benchmarks/bench.py) at 1k facts: it runs, and the engine and the
hand-written loop report the same findings, also on the township of edge cases the
generator adds (what the compared rules leave out beside what they just reach). No
timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policyengine.policy import load_policy

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"

pytest.importorskip("orjson")
pytest.importorskip("msgspec")
pytest.importorskip("tabulate")


@pytest.fixture(scope="module")
def bench_modules():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCH))
    try:
        import bench
        import generate
        import handwritten

        yield bench, generate, handwritten
    finally:
        sys.path.remove(str(BENCH))


def test_engine_agrees_with_the_hand_written_loop(bench_modules, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bench, generate, handwritten = bench_modules
    manifest = generate.ensure_facts(1000, tmp_path)
    assert manifest["facts"] == 1000
    doc = json.loads(Path(manifest["json"]).read_text(encoding="utf-8"))
    assert generate.EDGE_UNIT in {u["id"] for u in doc["units"]}
    result = bench.worker_compare(manifest["json"], repeat=1)
    assert result["agree"], result["problems"]
    # unit 0 plants a violation of every compared rule, so each comparison means something
    assert result["rules_without_findings"] == []
    assert set(result["per_rule"]) == set(handwritten.SUBSET)


def test_generation_is_deterministic(bench_modules) -> None:  # type: ignore[no-untyped-def]
    _, generate, _ = bench_modules
    assert generate.generate(500) == generate.generate(500)


def test_benchmark_script_runs(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH / "bench.py"), "--sizes", "1000", "--quick",
         "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "agreement at 1,000 facts: OK" in proc.stdout
    assert f"policy anhua ({len(load_policy('anhua').rules)} rules)" in proc.stdout
    assert "os.cpu_count()" in proc.stdout
    assert (tmp_path / "facts-1000.json").is_file()
    assert (tmp_path / "facts-1000.jsonl").is_file()
