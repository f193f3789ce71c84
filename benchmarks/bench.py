#!/usr/bin/env python
"""The policyengine benchmark: load, evaluate and end to end over Anhua-shaped facts,
against the hand-written floor and the JSON parse floor (issue 5).

    python benchmarks/bench.py                          # 10k, 100k and 1M facts
    python benchmarks/bench.py --sizes 1000 --quick     # a smoke run
    python benchmarks/bench.py --sizes 100000 --profile # cProfile of load and evaluate
    python benchmarks/bench.py --runs 3                 # each timing the least of 3 runs

Fact sets are generated with a fixed seed (``benchmarks/generate.py``) as one JSON
document and one JSON Lines file per size, written to ``--out`` (default
``$TMPDIR/policyengine-bench``) and reused by later runs.

Every measurement runs in a fresh interpreter, so that its peak memory
(``ru_maxrss`` of that process, read with ``os.wait4``) is its own and nothing is warm:

* ``cli``: end to end, ``policyengine eval anhua FILE --format json`` (JSON and JSON
  Lines) as a user runs it, findings to /dev/null: the wall time of the process seen
  from outside, interpreter start and exit included. This is the end-to-end figure.
* ``e2e``: the same pipeline in-process, phase by phase: import + compile the policy,
  ``load_facts``, ``Policy.evaluate`` with all the policy's rules, the JSON result written to
  /dev/null, each timed; time spent in the garbage collector is recorded per phase.
* ``parse``: the parse floor, ``orjson.loads``/``msgspec.json.decode`` of the same bytes
  (line by line for JSON Lines), with the garbage collector on and paused.
* ``compare``: the engine restricted to the rules of ``handwritten.SUBSET`` against the
  hand-written loop over the same validated records (best of a few runs), and the
  hand-written loop fed from ``orjson`` directly; each must report the same
  (rule, subject) findings as the engine, or the benchmark fails.
* ``hand-e2e``: the hand-written end to end (orjson, date conversion, the loop).

Timings are never asserted; ``tests/test_benchmark_smoke.py`` runs ``--sizes 1000 --quick``
and checks that the findings agree.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (str(HERE), str(ROOT)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

AS_OF = datetime.date(2026, 11, 20)
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
RESULT = "RESULT "


class Disagreement(Exception):
    pass


# =========================================================================== workers
# Each runs in its own interpreter (``bench.py --worker NAME ...``) and prints one
# ``RESULT {json}`` line.


class _GcTimer:
    """Time spent in garbage collections (wall and CPU), via ``gc.callbacks``."""

    def __init__(self) -> None:
        import gc

        self.total = 0.0
        self.total_cpu = 0.0
        self.collections = 0
        self._start = (0.0, 0.0)
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._start = (time.perf_counter(), time.process_time())
        else:
            self.total += time.perf_counter() - self._start[0]
            self.total_cpu += time.process_time() - self._start[1]
            self.collections += 1

    def now(self) -> tuple[float, float]:
        return self.total, self.total_cpu


class _Phases:
    """Wall and CPU time (this process) of consecutive phases: ``x`` and ``x_cpu``."""

    def __init__(self) -> None:
        self.out: dict[str, float] = {}
        self.start = self.last = (time.perf_counter(), time.process_time())

    def mark(self, name: str) -> None:
        now = (time.perf_counter(), time.process_time())
        self.out[name] = now[0] - self.last[0]
        self.out[name + "_cpu"] = now[1] - self.last[1]
        self.last = now

    def total(self, name: str) -> None:
        self.out[name] = self.last[0] - self.start[0]
        self.out[name + "_cpu"] = self.last[1] - self.start[1]


def worker_e2e(path: str, gc_mode: str) -> dict[str, Any]:
    """In-process end to end, phase by phase (what ``policyengine eval`` does)."""
    ph = _Phases()
    import gc

    from policyengine import render
    from policyengine.collector import collector_paused
    from policyengine.policy import load_facts, load_policy

    gct = _GcTimer()
    policy = load_policy("anhua")
    ph.mark("compile")
    g1 = gct.now()
    if gc_mode == "off":
        gc.disable()
    facts = load_facts([path], policy)
    ph.mark("load")
    g2 = gct.now()
    report = policy.report(facts, as_of=AS_OF)
    ph.mark("eval")
    g3 = gct.now()
    with collector_paused():  # as ``policyengine eval`` renders
        text = render.findings_json(report, "zh", explain=False, ascii_only=False)
    with open(os.devnull, "w", encoding="utf-8") as sink:
        sink.write(text)
    ph.mark("dump")
    ph.total("inside")
    g4 = gct.now()
    return {
        **ph.out,
        "gc_load": g2[0] - g1[0],
        "gc_load_cpu": g2[1] - g1[1],
        "gc_eval": g3[0] - g2[0],
        "gc_eval_cpu": g3[1] - g2[1],
        "gc_dump": g4[0] - g3[0],
        "gc_dump_cpu": g4[1] - g3[1],
        "gc_collections": gct.collections,
        "facts": len(facts),
        "rules": len(policy.rules),
        "findings": len(report.findings),
        "warnings": len(facts.warnings),
    }


def worker_parse(path: str, parser: str, gc_mode: str) -> dict[str, Any]:
    """The parse floor: the same bytes into Python objects, nothing else."""
    import gc

    from generate import files_of

    files = files_of(path)
    import msgspec
    import orjson

    if gc_mode == "off":
        gc.disable()
    ph = _Phases()
    kept: list[Any] = []
    if parser == "orjson":
        for f in files:
            kept.append(orjson.loads(f.read_bytes()))
    elif parser == "msgspec":
        decode = msgspec.json.Decoder().decode
        for f in files:
            kept.append(decode(f.read_bytes()))
    elif parser == "orjson-lines":
        loads = orjson.loads
        for f in files:
            with f.open("rb") as stream:
                kept.extend(loads(line) for line in stream)
    elif parser == "msgspec-lines":
        decode_lines = msgspec.json.Decoder().decode_lines
        for f in files:
            kept.extend(decode_lines(f.read_bytes()))
    else:
        raise ValueError(parser)
    ph.mark("parse")
    return ph.out


def worker_hand_e2e(path: str) -> dict[str, Any]:
    """The hand-written end to end: orjson into dicts, dates converted, the loop, output."""
    ph = _Phases()
    import handwritten
    import orjson
    from generate import files_of

    from policyengine.calendar import WorkdayCalendar

    calendar = WorkdayCalendar.default()
    ph.mark("setup")
    doc = _merged(orjson.loads(f.read_bytes()) for f in files_of(path))
    ph.mark("parse")
    records = handwritten.normalize(doc)
    ph.mark("normalize")
    found, messages = handwritten.check(
        records["units"], records["accounts"], records["filings"], records["events"],
        AS_OF, calendar,
    )  # fmt: skip
    ph.mark("check")
    with open(os.devnull, "wb") as sink:
        sink.write(orjson.dumps([[r, s, m] for (r, s, _), m in zip(found, messages, strict=True)]))
    ph.mark("dump")
    ph.total("inside")
    return {**ph.out, "findings": len(found)}


def _merged(docs: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for d in docs:
        for k, v in d.items():
            if k == "as_of":
                out[k] = v
            else:
                out.setdefault(k, []).extend(v)
    return out


def _best(fn: Any, repeat: int) -> tuple[float, float, Any]:
    """The least wall and the least CPU time over ``repeat`` runs, and the last value."""
    wall, cpu, value = float("inf"), float("inf"), None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        value = fn()
        wall = min(wall, time.perf_counter() - t)
        cpu = min(cpu, time.process_time() - c)
    return wall, cpu, value


def worker_compare(path: str, repeat: int) -> dict[str, Any]:
    """Engine (subset of rules) against the hand-written loop, on the same records."""
    import gc

    import handwritten
    import orjson
    from generate import files_of

    from policyengine.calendar import WorkdayCalendar
    from policyengine.policy import Policy, load_facts, load_policy

    policy = load_policy("anhua")
    calendar = WorkdayCalendar.default()
    calendar.workdays_between(AS_OF, AS_OF)  # build the table before timing anything
    facts = load_facts([path], policy)
    names = set(handwritten.SUBSET)
    unknown = names - {r.decl.name for r in policy.rules}
    if unknown:
        raise Disagreement(f"the policy has no rules {sorted(unknown)}")
    subset = Policy(
        policy.checked, tuple(r for r in policy.rules if r.decl.name in names), policy.text
    )
    by_kind = facts.by_kind

    def hand() -> Any:
        return handwritten.check(
            by_kind["unit"], by_kind["account"], by_kind["filing"], by_kind["event"],
            AS_OF, calendar,
        )  # fmt: skip

    t_full, c_full, full = _best(
        lambda: policy.evaluate(facts, as_of=AS_OF, calendar=calendar), repeat
    )
    t_sub, c_sub, sub = _best(
        lambda: subset.evaluate(facts, as_of=AS_OF, calendar=calendar), repeat
    )

    def subset_read() -> Any:
        """Findings say what they found when first read: this reads every message."""
        result = subset.evaluate(facts, as_of=AS_OF, calendar=calendar)
        for finding in result.findings:
            finding.messages  # noqa: B018
        return result

    t_sub_read, c_sub_read, _ = _best(subset_read, repeat)
    gc.collect()  # the collection the loader deferred must not land in the hand-written timing
    t_hand, c_hand, (found, _) = _best(hand, repeat)

    def key(f: Any) -> tuple[str, str, bool]:
        return (f.rule, f.subject, f.severity == "indeterminate")

    want = Counter(found)
    problems = []
    got_sub = Counter(key(f) for f in sub.findings)
    if got_sub != want:
        problems.append(_diff("engine (subset) vs hand-written", got_sub, want))
    got_full = Counter(key(f) for f in full.findings if f.rule in names)
    if got_full != want:
        problems.append(_diff("engine (all rules) vs hand-written", got_full, want))
    # Free them before parsing the raw JSON (the closures above are done with them).
    facts = full = sub = by_kind = None  # type: ignore[assignment]
    raw = _merged(orjson.loads(f.read_bytes()) for f in files_of(path))
    records = handwritten.normalize(raw)
    raw_found, _ = handwritten.check(
        records["units"], records["accounts"], records["filings"], records["events"],
        AS_OF, calendar,
    )  # fmt: skip
    if Counter(raw_found) != want:
        problems.append(_diff("hand-written from raw JSON vs on the FactSet",
                              Counter(raw_found), want))  # fmt: skip
    per_rule = Counter(r for r, _, _ in found)
    return {
        "eval_full": t_full,
        "eval_full_cpu": c_full,
        "eval_subset": t_sub,
        "eval_subset_cpu": c_sub,
        "hand": t_hand,
        "hand_cpu": c_hand,
        "eval_subset_read": t_sub_read,
        "eval_subset_read_cpu": c_sub_read,
        "subset_findings": sum(want.values()),
        "per_rule": dict(sorted(per_rule.items())),
        "rules_without_findings": sorted(names - set(per_rule)),
        "agree": not problems,
        "problems": problems,
    }


def _diff(what: str, got: Counter[Any], want: Counter[Any]) -> str:
    extra = sorted((got - want).elements())
    missing = sorted((want - got).elements())
    return (
        f"{what}: {len(extra)} findings only in the first, {len(missing)} only in the second; "
        f"e.g. first only {extra[:5]}, second only {missing[:5]}"
    )


def _vm_hwm_mb() -> float | None:
    """This process's peak resident set (VmHWM), which exec resets; ``ru_maxrss`` does not:
    Linux carries the parent's peak over into the child across fork/vfork + exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def worker_generate(path: str) -> dict[str, Any]:
    """Generate (or reuse) one size's files; here, so that the parent stays small."""
    from generate import ensure_facts

    size = int(Path(path).name)
    t0 = time.perf_counter()
    manifest = ensure_facts(size, Path(path).parent)
    manifest["seconds"] = time.perf_counter() - t0
    return manifest


WORKERS = {
    "generate": lambda a: worker_generate(a.path),
    "e2e": lambda a: worker_e2e(a.path, a.gc),
    "parse": lambda a: worker_parse(a.path, a.parser, a.gc),
    "hand-e2e": lambda a: worker_hand_e2e(a.path),
    "compare": lambda a: worker_compare(a.path, a.repeat),
}


def _spawn(cmd: list[str], *, keep_stdout: bool) -> tuple[int, bytes, str, dict[str, Any]]:
    """Run ``cmd`` with this checkout on its path: its exit status, stdout (when kept),
    the end of its stderr, and its wall time, CPU time and ``ru_maxrss`` seen from
    outside (``os.wait4``)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), str(HERE), *filter(None, [env.get("PYTHONPATH")])]
    )
    stdout = subprocess.PIPE if keep_stdout else subprocess.DEVNULL
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=err, env=env)
        out = b""
        if proc.stdout is not None:
            out = proc.stdout.read()
            proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        err.seek(0)
        errors = err.read().decode("utf-8", "replace")[-4000:]
    measured = {
        "wall": wall,
        "wall_cpu": usage.ru_utime + usage.ru_stime,
        "ru_maxrss_mb": usage.ru_maxrss / 1024,  # KiB on Linux
    }
    return os.waitstatus_to_exitcode(status), out, errors, measured


def run_worker(name: str, path: str, *extra: str) -> dict[str, Any]:
    """Run one worker in a fresh interpreter; its result, wall time and peak RSS."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--path", path]
    code, out, errors, measured = _spawn([*cmd, *extra], keep_stdout=True)
    lines = [ln for ln in out.decode("utf-8", "replace").splitlines() if ln.startswith(RESULT)]
    if code != 0 or not lines:
        raise RuntimeError(
            f"worker {name} {path} {' '.join(extra)} failed (exit {code}):\n{errors}"
        )
    result: dict[str, Any] = json.loads(lines[-1][len(RESULT) :])
    result.update(measured)
    hwm = result.get("vm_hwm_mb")
    result["peak_mb"] = hwm if hwm is not None else result["ru_maxrss_mb"]
    return result


def run_cli(path: str) -> dict[str, Any]:
    """``policyengine eval anhua FILE --format json`` as a user runs it: its own process
    (``python -m policyengine``, which ends as the installed script does), the findings
    written to /dev/null; wall time, CPU time and peak memory seen from outside."""
    cmd = [sys.executable, "-m", "policyengine", "eval", "anhua", path, "--format", "json"]
    code, _, errors, measured = _spawn(cmd, keep_stdout=False)
    if code not in (0, 1):  # 1: there are findings
        raise RuntimeError(f"policyengine eval {path} exited with {code}:\n{errors}")
    # ru_maxrss of a child is at least its parent's peak (see _vm_hwm_mb): this
    # process's is small beside the command's.
    return {"status": code, **measured, "peak_mb": measured["ru_maxrss_mb"]}


# =========================================================================== the run


def _least_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One measurement from several runs of it: each time the least of the runs (the
    least disturbed by the rest of the machine), each peak of memory the greatest."""
    best = dict(runs[0])
    for key, value in best.items():
        if isinstance(value, float):
            values = [float(run[key]) for run in runs]
            best[key] = max(values) if key.endswith("_mb") else min(values)
    best["runs"] = len(runs)
    return best


def measure(size: int, out: Path, quick: bool, runs: int, log: Any) -> dict[str, Any]:
    manifest = run_worker("generate", str(out / str(size)))
    how = "reused" if manifest["reused"] else f"generated in {manifest['seconds']:.1f} s"
    log(f"[{size:,}] load average {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores")
    log(
        f"[{size:,}] facts {manifest['facts']:,} ({how}): "
        f"{manifest['json']} {manifest['json_bytes'] / 2**20:.1f} MiB "
        f"({manifest['json_parts']} part(s)), "
        f"{manifest['jsonl']} {manifest['jsonl_bytes'] / 2**20:.1f} MiB"
    )
    j, jl = manifest["json"], manifest["jsonl"]
    r: dict[str, Any] = {"size": size, "manifest": manifest}

    def shown(label: str, res: dict[str, Any]) -> None:
        kept = {k: round(v, 3) if isinstance(v, float) else v for k, v in res.items()
                if k not in ("per_rule", "problems")}  # fmt: skip
        log(f"[{size:,}] {label}: {kept}")

    repeat = "1" if size >= 1_000_000 else "3"

    def compare() -> dict[str, Any]:
        found = run_worker("compare", j, "--repeat", repeat)
        if not found["agree"]:
            raise Disagreement("\n".join(found["problems"]))
        return found

    steps: list[tuple[str, Any]] = [
        ("compare", compare),
        ("e2e_json", lambda: run_worker("e2e", j)),
        ("e2e_jsonl", lambda: run_worker("e2e", jl)),
        ("hand_e2e", lambda: run_worker("hand-e2e", j)),
        ("parse_orjson", lambda: run_worker("parse", j, "--parser", "orjson")),
        ("parse_msgspec", lambda: run_worker("parse", j, "--parser", "msgspec")),
        ("parse_orjson_lines", lambda: run_worker("parse", jl, "--parser", "orjson-lines")),
    ]
    if not quick:
        off = ("--gc", "off")
        steps += [
            ("e2e_json_gc_off", lambda: run_worker("e2e", j, *off)),
            ("e2e_jsonl_gc_off", lambda: run_worker("e2e", jl, *off)),
            ("parse_orjson_gc_off", lambda: run_worker("parse", j, "--parser", "orjson", *off)),
            ("parse_msgspec_gc_off", lambda: run_worker("parse", j, "--parser", "msgspec", *off)),
            ("parse_msgspec_lines", lambda: run_worker("parse", jl, "--parser", "msgspec-lines")),
            ("parse_msgspec_lines_gc_off",
             lambda: run_worker("parse", jl, "--parser", "msgspec-lines", *off)),
            ("parse_orjson_lines_gc_off",
             lambda: run_worker("parse", jl, "--parser", "orjson-lines", *off)),
        ]  # fmt: skip
    steps += [("cli_json", lambda: run_cli(j)), ("cli_jsonl", lambda: run_cli(jl))]
    # Rounds rather than each measurement n times in a row, so that a machine that is
    # slower for a while slows every measurement alike.
    done: dict[str, list[dict[str, Any]]] = {label: [] for label, _ in steps}
    for _ in range(runs):
        for label, run in steps:
            done[label].append(run())
            shown(label, done[label][-1])
    for label, results in done.items():
        r[label] = _least_of(results)
    return r


def summarise(
    results: list[dict[str, Any]], clock: str = "wall"
) -> tuple[list[list[Any]], list[list[Any]]]:
    """The main and the detail rows, in wall time (``clock="wall"``) or in CPU time of the
    measured process (``"cpu"``: what the wall time would be on an idle machine)."""
    sfx = "_cpu" if clock == "cpu" else ""

    def t(d: dict[str, Any], key: str) -> float:
        return float(d[key + sfx])

    def floor(r: dict[str, Any], *labels: str) -> float:
        return min(t(r[k], "parse") for k in labels if k in r)

    main_rows, detail_rows = [], []
    prev: dict[str, Any] | None = None
    for r in results:
        n = r["manifest"]["facts"]
        ej, el, cmp = r["e2e_json"], r["e2e_jsonl"], r["compare"]
        cj, cl = r["cli_json"], r["cli_jsonl"]
        e2e = t(cj, "wall")
        floor_json = floor(r, "parse_orjson", "parse_msgspec", "parse_orjson_gc_off",
                           "parse_msgspec_gc_off")  # fmt: skip
        floor_jsonl = floor(r, "parse_orjson_lines", "parse_orjson_lines_gc_off",
                            "parse_msgspec_lines", "parse_msgspec_lines_gc_off")  # fmt: skip
        scaling = "—"
        if prev is not None:
            pn = prev["manifest"]["facts"]
            pj = prev["e2e_json"]
            per = (e2e / n) / (t(prev["cli_json"], "wall") / pn)
            per_eval = (t(ej, "eval") / n) / (t(pj, "eval") / pn)
            per_load = (t(ej, "load") / n) / (t(pj, "load") / pn)
            scaling = f"{per:.2f} (load {per_load:.2f}, eval {per_eval:.2f})"
        main_rows.append(
            [
                f"{n:,}",
                f"{t(ej, 'load'):.2f} / {t(el, 'load'):.2f}",
                f"{t(ej, 'eval'):.2f}",
                f"{e2e:.2f} / {t(cl, 'wall'):.2f}",
                f"{n / e2e:,.0f}",
                f"{cj['peak_mb']:,.0f} / {cl['peak_mb']:,.0f}",
                f"{t(cmp, 'eval_subset') / t(cmp, 'hand'):.1f} "
                f"({t(cmp, 'eval_subset_read') / t(cmp, 'hand'):.1f})",
                f"{t(ej, 'load') / floor_json:.1f} / {t(el, 'load') / floor_jsonl:.1f}",
                scaling,
            ]
        )
        he = r["hand_e2e"]
        gc_off = r.get("e2e_json_gc_off")
        detail_rows.append(
            [
                f"{n:,}",
                f"{t(r['parse_orjson'], 'parse'):.2f}"
                + (f" ({t(r['parse_orjson_gc_off'], 'parse'):.2f})"
                   if "parse_orjson_gc_off" in r else ""),
                f"{t(r['parse_msgspec'], 'parse'):.2f}"
                + (f" ({t(r['parse_msgspec_gc_off'], 'parse'):.2f})"
                   if "parse_msgspec_gc_off" in r else ""),
                f"{floor_jsonl:.2f}",
                f"{t(ej, 'gc_load'):.2f} / {t(el, 'gc_load'):.2f}",
                f"{t(ej, 'eval'):.2f} ({t(ej, 'gc_eval'):.2f})",
                f"{t(cmp, 'eval_subset'):.4f} / {t(cmp, 'eval_subset_read'):.4f}",
                f"{t(cmp, 'hand'):.4f}",
                f"{t(he, 'wall'):.2f} ({n / t(he, 'wall'):,.0f}/s)",
                f"{t(gc_off, 'wall'):.2f} ({n / t(gc_off, 'wall'):,.0f}/s)" if gc_off else "—",
                f"{t(ej, 'wall'):.2f} ({n / t(ej, 'wall'):,.0f}/s)",
                f"{t(ej, 'compile'):.2f}",
                f"{t(ej, 'dump'):.2f}",
                f"{t(ej, 'wall') - t(ej, 'inside'):.2f}",
                f"{ej['findings']:,}",
            ]
        )  # fmt: skip
        prev = r
    return main_rows, detail_rows


MAIN_HEADERS = [  # {rules}: how many rules the policy has, from the e2e measurement
    "facts",
    "load s\njson / jsonl",
    "eval s\n({rules} rules)",
    "end to end s\njson / jsonl",
    "facts/s\nend to end",
    "peak MB\njson / jsonl",
    "engine ÷ hand\n(messages read)",
    "load ÷ parse floor\njson / jsonl",
    "time per fact ×\nvs previous size",
]
DETAIL_HEADERS = [
    "facts",
    "orjson s\n(GC off)",
    "msgspec s\n(GC off)",
    "JSON Lines\nfloor s",
    "GC in load s\njson / jsonl",
    "eval s\n(GC part)",
    "engine subset s\n/ messages read",
    "hand s\n(subset)",
    "hand end\nto end s",
    "e2e json s\nGC off",
    "in-process\njson s",
    "import +\ncompile s",
    "JSON out s",
    "start+exit s",
    "findings",
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    ap.add_argument("--out", default=None, help="where fact files are written and reused")
    ap.add_argument("--quick", action="store_true", help="skip the GC-off experiments")
    ap.add_argument(
        "--runs",
        type=int,
        default=1,
        help="run every timed measurement this many times (in rounds) and keep the least",
    )
    ap.add_argument("--profile", action="store_true", help="cProfile load and evaluate instead")
    ap.add_argument("--json", dest="json_out", default=None, help="write all results here")
    # worker mode
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    ap.add_argument("--path", help=argparse.SUPPRESS)
    ap.add_argument("--parser", default="orjson", help=argparse.SUPPRESS)
    ap.add_argument("--gc", default="on", choices=("on", "off"), help=argparse.SUPPRESS)
    ap.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        result = WORKERS[args.worker](args)
        result["vm_hwm_mb"] = _vm_hwm_mb()
        print(RESULT + json.dumps(result), flush=True)
        return 0

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    out = Path(args.out) if args.out else Path(tempfile.gettempdir()) / "policyengine-bench"

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    if args.profile:
        from profile_run import profile

        for size in sizes:
            profile(size, out)
        return 0

    from tabulate import tabulate

    results = []
    try:
        for size in sizes:
            results.append(measure(size, out, args.quick, args.runs, log))
    except Disagreement as exc:
        print(f"\nFAILED: the engine and the hand-written loop disagree:\n{exc}", file=sys.stderr)
        return 1
    rules = results[0]["e2e_json"]["rules"]
    headers = [h.format(rules=rules) for h in MAIN_HEADERS]
    print(f"\npolicyengine benchmark — as_of {AS_OF}, policy anhua ({rules} rules), "
          f"os.cpu_count() = {os.cpu_count()}, Python {sys.version.split()[0]}, "
          f"load average now {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    for clock, title in (
        ("wall", "Wall-clock seconds"),
        ("cpu", "CPU seconds of the measured process (user + system): the same table with "
                "the other processes on this machine taken out"),
    ):  # fmt: skip
        main_rows, detail_rows = summarise(results, clock)
        print(f"\n{title}\n")
        print(tabulate(main_rows, headers, tablefmt="simple", stralign="right"))
        print(f"\nDetails ({clock}; each measurement in a fresh process):")
        print(tabulate(detail_rows, DETAIL_HEADERS, tablefmt="simple", stralign="right"))
    import handwritten

    print(f"\nSame checks (engine subset vs hand-written): {', '.join(handwritten.SUBSET)}")
    for r in results:
        cmp = r["compare"]
        print(f"agreement at {r['manifest']['facts']:,} facts: OK — "
              f"{cmp['subset_findings']:,} findings {cmp['per_rule']}"
              + (f"; no findings for {cmp['rules_without_findings']}"
                 if cmp["rules_without_findings"] else ""))  # fmt: skip
    big = [r for r in results if r["manifest"]["facts"] >= 1_000_000]
    mid = [r for r in results if r["manifest"]["facts"] == 100_000]
    if big and mid:
        b, m = big[0], mid[0]
        for key, what in (("wall", "wall"), ("wall_cpu", "CPU")):
            ratio = (b["cli_json"][key] / b["manifest"]["facts"]) / (
                m["cli_json"][key] / m["manifest"]["facts"]
            )
            print(
                f"scaling: end-to-end (policyengine eval) {what} time per fact at 1M ÷ at "
                f"100k = {ratio:.2f}"
            )
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
