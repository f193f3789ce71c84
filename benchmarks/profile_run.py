"""cProfile of fact loading (JSON and JSON Lines) and of evaluation, for one size.

    python benchmarks/bench.py --sizes 100000 --profile

Prints the top 25 functions by cumulative and by own time for each phase, the time the
garbage collector takes in each, and the time of each rule run on its own.
"""

from __future__ import annotations

import cProfile
import gc
import io
import pstats
import time
from pathlib import Path
from typing import Any

from bench import AS_OF, _GcTimer
from generate import ensure_facts

TOP = 25


def _show(prof: cProfile.Profile, title: str) -> None:
    for order in ("cumulative", "tottime"):
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.strip_dirs().sort_stats(order).print_stats(TOP)
        text = buf.getvalue()
        start = text.find("   ncalls")
        print(f"\n--- {title}: top {TOP} by {order}\n{text[start:].rstrip()}")


def profile(size: int, out: Path) -> None:
    from policyengine.calendar import WorkdayCalendar
    from policyengine.policy import Policy, load_facts, load_policy

    manifest = ensure_facts(size, out)
    policy = load_policy("anhua")
    WorkdayCalendar.default().workdays_between(AS_OF, AS_OF)
    gct = _GcTimer()
    facts: Any = None
    for kind in ("json", "jsonl"):
        path = manifest[kind]
        facts = None
        gc.collect()
        g0, t0 = gct.total, time.perf_counter()
        facts = load_facts([path], policy)
        plain, gc_share = time.perf_counter() - t0, gct.total - g0
        print(f"\n=== load {kind} {size:,} facts: {plain:.2f} s unprofiled, "
              f"of which GC {gc_share:.2f} s ({gct.collections} collections so far)")  # fmt: skip
        facts = None
        gc.collect()
        prof = cProfile.Profile()
        prof.enable()
        facts = load_facts([path], policy)
        prof.disable()
        _show(prof, f"load {kind}")

    g0, t0 = gct.total, time.perf_counter()
    result = policy.evaluate(facts, as_of=AS_OF)
    plain, gc_share = time.perf_counter() - t0, gct.total - g0
    print(f"\n=== evaluate {size:,} facts, 44 rules: {plain:.2f} s unprofiled, of which GC "
          f"{gc_share:.2f} s; {len(result.findings):,} findings")  # fmt: skip
    prof = cProfile.Profile()
    prof.enable()
    policy.evaluate(facts, as_of=AS_OF)
    prof.disable()
    _show(prof, "evaluate")

    print(f"\n=== each rule alone ({size:,} facts), slowest first")
    timings = []
    for rule in policy.rules:
        one = Policy(policy.checked, (rule,), policy.text)
        t0 = time.perf_counter()
        res = one.evaluate(facts, as_of=AS_OF)
        timings.append((time.perf_counter() - t0, rule.decl.name, rule.kind, len(res.findings)))
    total = sum(t for t, *_ in timings)
    for t, name, kind, n in sorted(timings, reverse=True)[:15]:
        print(
            f"{t * 1000:9.1f} ms  {100 * t / total:5.1f}%  {name:32s} over {kind:10s} "
            f"{n:7,} findings"
        )
    print(f"{total * 1000:9.1f} ms  total of the rules run one by one")

    # What the findings cost: the same rules with finding construction counted apart.
    from policyengine.runtime import CompiledRule

    spent = [0.0]
    original = CompiledRule._findings

    def timed_findings(self: Any, *a: Any) -> Any:
        t = time.perf_counter()
        try:
            return original(self, *a)
        finally:
            spent[0] += time.perf_counter() - t

    CompiledRule._findings = timed_findings  # type: ignore[method-assign,assignment]
    try:
        t0 = time.perf_counter()
        result = policy.evaluate(facts, as_of=AS_OF)
        whole = time.perf_counter() - t0
    finally:
        CompiledRule._findings = original  # type: ignore[method-assign]
    print(
        f"\n=== building findings: {spent[0]:.2f} s of {whole:.2f} s evaluating, "
        f"{len(result.findings):,} findings"
    )
    t0 = time.perf_counter()
    for f in result.findings:
        if f.explanation is not None:
            f.explanation.periods  # noqa: B018 - computed when first read
    print(f"=== working-day periods of every explanation: {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    result.to_dict()
    print(f"=== Result.to_dict: {time.perf_counter() - t0:.2f} s")
