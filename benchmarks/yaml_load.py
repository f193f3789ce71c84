"""YAML load time: an Anhua-shaped fact set of N records written as block YAML, as a
person writes it, and loaded with ``policyengine.facts.load_facts``.

    python benchmarks/yaml_load.py --size 100000 --runs 3

YAML files are limited to 8 MiB (``policyengine.facts.raw.MAX_YAML_BYTES``); 100,000
records are about 17 MiB, so the limit is raised for the measurement. Each run is a
fresh interpreter; the least of the runs is printed, in wall-clock seconds.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

_RUN = """
import sys, time
import policyengine
from policyengine.facts import files, stdin
from policyengine.facts import load_facts
files.MAX_YAML_BYTES = stdin.MAX_YAML_BYTES = 1 << 31
schema = policyengine.load_policy("anhua").checked.schema
start = time.perf_counter()
facts = load_facts([sys.argv[1]], schema)
print(time.perf_counter() - start, len(facts))
"""


def write_yaml(size: int, out: Path) -> Path:
    """The fact set of ``size`` records as YAML (made once per size and reused)."""
    from generate import generate

    from policyengine.yaml12 import dump

    path = out / f"facts-{size}.yaml"
    if not path.exists():
        path.write_text(dump(generate(size), width=1000), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "policyengine-bench"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    path = write_yaml(args.size, args.out)
    times = []
    for _ in range(args.runs):
        done = subprocess.run(
            [sys.executable, "-c", _RUN, str(path)], capture_output=True, text=True, check=True
        )
        seconds, facts = done.stdout.split()
        times.append(float(seconds))
    size_mib = path.stat().st_size / (1 << 20)
    print(
        f"{facts} facts, {size_mib:.1f} MiB of YAML: least {min(times):.2f} s "
        f"of {', '.join(f'{t:.2f}' for t in times)}"
    )


if __name__ == "__main__":
    main()
