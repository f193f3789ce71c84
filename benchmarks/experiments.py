"""Measured evidence for optimisation proposals (nothing here changes policyengine).

    python benchmarks/experiments.py [--size 100000] [--out DIR] [NAME ...]

Every timing is CPU time of this process (``time.process_time``), best of ``--repeat``
runs, so that other processes on a shared machine disturb it little. Experiments:

* ``parse``       the loader's JSON parse (stdlib json with its hooks) against plain stdlib,
                  orjson and msgspec; and its nesting check against a type()-based one.
* ``validate``    schema validation of already-parsed documents (``facts_from_documents``)
                  with the garbage collector on, paused, and after ``gc.freeze``; and a
                  prototype per-kind validator generated from the schema (fast path only).
* ``quadratic``   ``regular_security_training`` alone at several sizes, as written and with
                  its aggregate made index-friendly, to show the O(units x trainings) scan.
* ``findings``    what building a finding costs, with and without its explanation.
* ``closures``    the engine's closures against a few specialised ones (a Compiler subclass).
* ``startup``     building the LALR parser for the policy grammar, and lark's cache.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
for _p in (str(HERE), str(HERE.parent)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from generate import AS_OF, ensure_facts, files_of  # noqa: E402

REPEAT = 3


def cpu(fn: Callable[[], Any], repeat: int | None = None) -> tuple[float, Any]:
    """Least CPU time of ``repeat`` runs. With the collector on, a run's GC cost depends on
    everything else alive in this process: compare the "GC paused" lines with each other."""
    best, value = float("inf"), None
    for _ in range(repeat or REPEAT):
        value = None
        gc.collect()
        t = time.process_time()
        value = fn()
        best = min(best, time.process_time() - t)
    return best, value


def show(label: str, seconds: float, base: float | None = None) -> None:
    ratio = f"  ({seconds / base:5.2f}x)" if base else ""
    print(f"  {label:62s} {seconds:8.3f} s{ratio}")


# --------------------------------------------------------------------------- parse


def exp_parse(manifest: dict[str, Any]) -> None:
    import msgspec
    import orjson

    from policyengine import loader

    files = files_of(manifest["json"])
    data = [f.read_bytes() for f in files]
    texts = [d.decode("utf-8") for d in data]
    print(f"\n[parse] {manifest['facts']:,} facts, {sum(map(len, data)) / 2**20:.1f} MiB JSON")
    t_loader, docs = cpu(lambda: [loader._loads(t) for t in texts])
    show("stdlib json.loads + the loader's hooks (_pairs, parse_float...)", t_loader)
    t_plain, _ = cpu(lambda: [json.loads(t) for t in texts])
    show("stdlib json.loads, no hooks", t_plain, t_loader)
    t_or, _ = cpu(lambda: [orjson.loads(d) for d in data])
    show("orjson.loads", t_or, t_loader)
    t_ms, _ = cpu(lambda: [msgspec.json.decode(d) for d in data])
    show("msgspec.json.decode", t_ms, t_loader)
    gc.disable()
    try:
        t_loader_nogc, _ = cpu(lambda: [loader._loads(t) for t in texts])
        t_or_nogc, _ = cpu(lambda: [orjson.loads(d) for d in data])
    finally:
        gc.enable()
    show("stdlib json.loads + hooks, GC paused", t_loader_nogc, t_loader)
    show("orjson.loads, GC paused", t_or_nogc, t_loader)

    nesting = getattr(loader, "_json_too_deep", None) or getattr(loader, "nesting_exceeds", None)
    if nesting is not None:
        t_nest, _ = cpu(lambda: [nesting(d, loader.MAX_DEPTH) for d in docs])
        show(f"loader.{nesting.__name__}(data, 16) over the parsed tree", t_nest)
    lines = files_of(manifest["jsonl"])
    raw_lines = [ln for f in lines for ln in f.read_bytes().splitlines()]
    t_jl, objs = cpu(lambda: [loader._loads(ln.decode()) for ln in raw_lines])
    show("JSONL: the loader's _loads per line", t_jl)
    if nesting is not None:
        t_jl_nest, _ = cpu(lambda: [nesting(o, 14) for o in objs])
        show(f"JSONL: {nesting.__name__} per line", t_jl_nest)
    t_jl_or, _ = cpu(lambda: [orjson.loads(ln) for ln in raw_lines])
    show("JSONL: orjson.loads per line", t_jl_or, t_jl)


# --------------------------------------------------------------------------- validate


def _fast_validators(schema: Any) -> Callable[[str, dict[str, Any]], Any]:
    """A prototype: per (collection, tag) a validator generated from the schema that only
    accepts records which are valid as they stand (exact types, known dates, enum members,
    no undeclared field) and returns None for anything else, which the real (slow, precise)
    converter would then handle and report. Source is generated from field *names* of the
    checked schema; every value is passed in as a constant, never as code."""
    from policyengine.facts import parse_iso_date
    from policyengine.schema import (
        BoolType,
        DateType,
        EnumType,
        IntType,
        ListType,
        RecordType,
        RefType,
        StrType,
    )

    dates: dict[str, datetime.date] = {}
    consts: dict[str, Any] = {"dates": dates, "parse_iso_date": parse_iso_date, "_Slow": _Slow}
    counter = [0]

    def const(value: Any) -> str:
        counter[0] += 1
        name = f"c{counter[0]}"
        consts[name] = value
        return name

    def conv(t: Any, src: str, out: list[str], ind: str) -> str:
        """Statements checking ``src``; returns the expression of the converted value."""
        if isinstance(t, StrType | RefType):
            out.append(f"{ind}if type({src}) is not str: raise _Slow")
            return src
        if isinstance(t, BoolType):
            out.append(f"{ind}if {src} is not True and {src} is not False: raise _Slow")
            return src
        if isinstance(t, IntType):
            cond = [f"type({src}) is not int"]
            if t.minimum is not None:
                cond.append(f"{src} < {int(t.minimum)}")
            if t.maximum is not None:
                cond.append(f"{src} > {int(t.maximum)}")
            out.append(f"{ind}if {' or '.join(cond)}: raise _Slow")
            return src
        if isinstance(t, EnumType):
            out.append(f"{ind}if {src} not in {const(frozenset(t.members))}: raise _Slow")
            return src
        if isinstance(t, DateType):
            out.append(f"{ind}d = dates.get({src}) if type({src}) is str else None")
            out.append(f"{ind}if d is None:")
            out.append(f"{ind}    d = parse_iso_date({src}) if type({src}) is str else None")
            out.append(f"{ind}    if d is None: raise _Slow")
            out.append(f"{ind}    dates[{src}] = d")
            return "d"
        if isinstance(t, ListType):
            el = t.element
            out.append(f"{ind}if type({src}) is not list: raise _Slow")
            if isinstance(el, EnumType):
                out.append(f"{ind}if not {const(frozenset(el.members))}.issuperset({src}): "
                           "raise _Slow")  # fmt: skip
                return f"list({src})"
            if isinstance(el, StrType | RefType):
                out.append(f"{ind}for e in {src}:")
                out.append(f"{ind}    if type(e) is not str: raise _Slow")
                return f"list({src})"
            raise _Slow  # not needed by the Anhua schema
        if isinstance(t, RecordType):
            return f"{record_fn(t.fields, frozenset())}({src})"
        raise _Slow

    def record_fn(fields: Any, also: frozenset[str]) -> str:
        name = f"r{counter[0] + 1}"
        counter[0] += 1
        declared = frozenset(f.name for f in fields) | also
        body = [f"def {name}(raw):", "    if type(raw) is not dict: raise _Slow",
                f"    if not {const(declared)}.issuperset(raw): raise _Slow",
                "    out = {}", "    get = raw.get"]  # fmt: skip
        for f in fields:
            if f.name in also:
                continue
            v = f"v_{f.name}"
            body.append(f"    {v} = get({f.name!r})")
            required = not f.optional and f.default is None
            body.append(f"    if {v} is None:")
            if f.default is not None:
                default = const(f.default)
                body.append(f"        out[{f.name!r}] = list({default}) if type({default}) "
                            f"is list else {default}")  # fmt: skip
            elif required:
                body.append("        raise _Slow")
            else:
                body.append("        pass")
            body.append("    else:")
            stmts: list[str] = []
            expr = conv(f.type, v, stmts, "        ")
            body += stmts
            body.append(f"        out[{f.name!r}] = {expr}")
        body.append("    return out")
        exec("\n".join(body), consts)  # a prototype; field names only
        return name

    from policyengine.schema import Field

    table: dict[tuple[str, Any], tuple[str, Callable[[Any], Any], str | None]] = {}
    for cname, coll in schema.collections.items():
        also = frozenset([coll.tag_field]) if coll.tag_field else frozenset()
        for kind, variant in coll.variants.items():
            if coll.tag_field is not None and variant.tag is None:
                continue
            fields = list(variant.fields)
            if all(f.name != "id" for f in fields):
                fields.insert(0, Field("id", StrType()))
            fn = consts[record_fn(fields, also)]
            table[(cname, variant.tag)] = (kind, fn, coll.tag_field)

    def validate(collection: str, raw: dict[str, Any]) -> Any:
        tag_field = schema.collections[collection].tag_field
        tag = raw.get(tag_field) if tag_field else None
        entry = table.get((collection, tag))
        if entry is None:
            return None
        kind, fn, tf = entry
        try:
            rec = fn(raw)
        except _Slow:
            return None
        if tf is not None:
            rec[tf] = tag
        return kind, rec

    return validate


class _Slow(Exception):
    pass


def exp_validate(manifest: dict[str, Any]) -> None:
    from policyengine.facts import facts_from_documents
    from policyengine.loader import read_documents
    from policyengine.policy import load_policy

    policy = load_policy("anhua")
    schema = policy.checked.schema
    paths = files_of(manifest["json"])
    print(f"\n[validate] {manifest['facts']:,} facts")
    t_read, docs = cpu(lambda: read_documents(paths))
    show("read_documents (loader: stdlib json + hooks + nesting check)", t_read)
    t_val, facts = cpu(lambda: facts_from_documents(docs, schema))
    show("facts_from_documents (validation + index + reference check)", t_val)

    def paused() -> Any:
        gc.disable()
        try:
            return facts_from_documents(docs, schema)
        finally:
            gc.enable()

    t_val_nogc, _ = cpu(paused)
    show("facts_from_documents, GC paused", t_val_nogc, t_val)

    def whole_paused() -> Any:
        gc.disable()
        try:
            return facts_from_documents(read_documents(paths), schema)
        finally:
            gc.enable()

    t_whole, _ = cpu(lambda: facts_from_documents(read_documents(paths), schema))
    show("read + validate (what load_facts does)", t_whole)
    t_whole_nogc, _ = cpu(whole_paused)
    show("read + validate, GC paused for the whole load", t_whole_nogc, t_whole)

    fast = _fast_validators(schema)

    def prototype() -> tuple[dict[str, list[Any]], dict[str, dict[str, Any]], int]:
        by_kind: dict[str, list[Any]] = {k: [] for k in schema.kinds()}
        index: dict[str, dict[str, Any]] = {c: {} for c in schema.collections}
        slow = 0
        for doc in docs:
            for cname, records in doc.collections.items():
                idx = index[cname]
                common = "event" if cname == "events" else None
                common_list = by_kind[common] if common else None
                for raw in records:
                    got = fast(cname, raw)
                    if got is None:
                        slow += 1
                        continue
                    kind, rec = got
                    rid = rec["id"]
                    if rid in idx:
                        slow += 1
                        continue
                    idx[rid] = rec
                    by_kind[kind].append(rec)
                    if common_list is not None:
                        common_list.append(rec)
        return by_kind, index, slow

    t_proto, (by_kind, _index, slow) = cpu(prototype)
    show("prototype: generated per-kind validators (fast path only)", t_proto, t_val)
    same = all(by_kind[k] == facts.by_kind[k] for k in schema.kinds())
    print(f"    prototype records equal to the engine's: {same}; records sent to the slow "
          f"path: {slow}")  # fmt: skip

    def proto_paused() -> Any:
        gc.disable()
        try:
            return prototype()
        finally:
            gc.enable()

    t_proto_nogc, _ = cpu(proto_paused)
    show("prototype, GC paused", t_proto_nogc, t_val)
    import orjson

    t_or, _ = cpu(lambda: [orjson.loads(p.read_bytes()) for p in paths])
    show("orjson.loads of the same files (the parse floor)", t_or)

    def orjson_plus_proto() -> Any:
        gc.disable()
        try:
            nonlocal docs
            from policyengine.loader import document_from_mapping

            docs = [document_from_mapping(orjson.loads(p.read_bytes()), str(p))
                    for p in paths]  # fmt: skip
            return prototype()
        finally:
            gc.enable()

    t_combo, _ = cpu(orjson_plus_proto)
    show("orjson + prototype validators, GC paused (a load floor)", t_combo, t_whole)


# --------------------------------------------------------------------------- quadratic


def exp_quadratic(out: Path, sizes: list[int]) -> None:
    from policyengine.policy import Policy, compile_policy, load_facts, load_policy
    from policyengine.resources import shipped_policy

    policy = load_policy("anhua")
    text = shipped_policy("anhua")
    assert text is not None
    old = """  let single_unit = count(x in unit) == 1
  let last_training = latest(t.date for t in training
                             where t.topic == security and t.assessed == true
                               and (t.unit == u or (t.unit is null and single_unit)))"""
    new = """  let by_unit = latest(t.date for t in training
                       where t.unit == u and t.topic == security and t.assessed == true)
  let single_unit = not any(x in unit where x != u)
  let unlabelled = if single_unit then latest(t.date for t in training
                     where t.unit is null and t.topic == security and t.assessed == true)
                   else null
  let last_training = if by_unit is null then unlabelled
                      else if unlabelled is null then by_unit
                      else if by_unit > unlabelled then by_unit else unlabelled"""
    assert old in text, "the rule changed; update the experiment"
    indexed = compile_policy(text.replace(old, new), "anhua-indexed.policy")
    name = "regular_security_training"
    as_written = Policy(policy.checked, tuple(r for r in policy.rules if r.decl.name == name),
                        policy.text)  # fmt: skip
    rewritten = Policy(indexed.checked, tuple(r for r in indexed.rules if r.decl.name == name),
                       indexed.text)  # fmt: skip
    print(f"\n[quadratic] {name}: the key `t.unit == u` sits inside an `or`, so no index is "
          "used; `count(x in unit)` is recomputed per unit. Rewritten: the indexed aggregate, "
          "the null-unit one, `not any(x in unit where x != u)`")  # fmt: skip
    for size in sizes:
        manifest = ensure_facts(size, out)
        facts = load_facts([manifest["json"]], policy)
        facts2 = load_facts([manifest["json"]], indexed)
        units = len(facts.by_kind["unit"])
        trainings = len(facts.by_kind["training"])
        repeat = 1 if size >= 1_000_000 else REPEAT
        t1, r1 = cpu(lambda: as_written.evaluate(facts, as_of=AS_OF), repeat)  # noqa: B023
        t2, r2 = cpu(lambda: rewritten.evaluate(facts2, as_of=AS_OF), repeat)  # noqa: B023
        same = [(f.rule, f.subject) for f in r1.findings] == [
            (f.rule, f.subject) for f in r2.findings
        ]
        print(f"  {size:>9,} facts ({units:,} units x {trainings:,} trainings): as written "
              f"{t1:7.3f} s, index-friendly {t2:7.3f} s ({t1 / t2:5.1f}x); "
              f"same findings: {same}")  # fmt: skip
        facts = facts2 = None


# --------------------------------------------------------------------------- findings


def exp_findings(manifest: dict[str, Any]) -> None:
    from policyengine.compiler import CompiledRule
    from policyengine.policy import Policy, load_facts, load_policy

    policy = load_policy("anhua")
    facts = load_facts([manifest["json"]], policy)
    no_training = Policy(
        policy.checked,
        tuple(r for r in policy.rules if r.decl.name != "regular_security_training"),
        policy.text,
    )
    print(f"\n[findings] {manifest['facts']:,} facts, 43 rules (without the quadratic one)")
    t_all, res = cpu(lambda: no_training.evaluate(facts, as_of=AS_OF))
    show(f"evaluate ({len(res.findings):,} findings)", t_all)
    orig = CompiledRule._explain
    CompiledRule._explain = lambda self, record, ctx: None  # type: ignore[assignment,method-assign,return-value]
    try:
        t_noexp, _ = cpu(lambda: no_training.evaluate(facts, as_of=AS_OF))
    finally:
        CompiledRule._explain = orig  # type: ignore[method-assign]
    show("evaluate without building explanations (_explain)", t_noexp, t_all)
    orig_finding = CompiledRule._finding
    CompiledRule._finding = lambda self, record, env, ctx: record  # type: ignore[assignment,method-assign,return-value]
    try:
        import policyengine.findings as fmod

        orig_build = fmod.Result.build
        fmod.Result.build = staticmethod(  # type: ignore[method-assign]
            lambda policy, as_of, findings, facts, rules: list(findings)
        )
        try:
            t_nofind, _ = cpu(lambda: no_training.evaluate(facts, as_of=AS_OF))
        finally:
            fmod.Result.build = orig_build  # type: ignore[method-assign]
    finally:
        CompiledRule._finding = orig_finding  # type: ignore[method-assign]
    show("evaluate with no Finding built at all (matching only)", t_nofind, t_all)
    n = max(1, len(res.findings))
    print(f"    per finding: {(t_all - t_nofind) / n * 1e6:.0f} µs, of which explanation "
          f"{(t_all - t_noexp) / n * 1e6:.0f} µs")  # fmt: skip


# --------------------------------------------------------------------------- closures


def _fast_compiler() -> Any:
    """A subclass of the engine's Compiler with a few specialised closures (a prototype):
    ``var.field`` and ``var.a.b`` read the record directly (one call instead of two or
    three), comparisons against a constant call one closure instead of two, ordered
    comparisons are inlined per operator, and ``x in {constant set}`` uses a set built
    once instead of one built per evaluation."""
    from policyengine.compiler import Compiler, _key
    from policyengine.schema import FactType, RefType
    from policyengine.syntax import ast

    class FastCompiler(Compiler):  # type: ignore[misc]
        def _var_of(self, e: Any) -> str | None:
            if isinstance(e, ast.Name):
                res = self.checked.resolutions.get(id(e))
                if res is not None and res.what == "var":
                    return str(res.value)
            return None

        def _attr(self, e: Any) -> Any:
            if not isinstance(self.checked.types.get(id(e.obj)), RefType):
                var, name = self._var_of(e.obj), e.name
                if var is not None:
                    return lambda env, ctx: env[var].get(name)
                inner = e.obj
                if isinstance(inner, ast.Attr) and not isinstance(
                    self.checked.types.get(id(inner.obj)), RefType
                ):
                    var2, first = self._var_of(inner.obj), inner.name
                    if var2 is not None:

                        def attr2(env: Any, ctx: Any) -> Any:
                            v = env[var2].get(first)
                            return None if v is None else v.get(name)

                        return attr2
            return super()._attr(e)

        def _constant(self, e: Any) -> tuple[bool, Any]:
            if isinstance(e, ast.Literal) and e.value is not None:
                return True, e.value
            if self._is_member(e):
                return True, self.expr(e)({}, None)
            if isinstance(e, ast.SetLit) and all(
                isinstance(i, ast.Literal) or self._is_member(i) for i in e.items
            ):
                return True, self.expr(e)({}, None)
            return False, None

        def _binary(self, e: Any) -> Any:
            op = e.op
            fact_like = isinstance(self.checked.types.get(id(e.left)), (FactType, RefType))
            if op in ("==", "!=") and not fact_like:
                ok, c = self._constant(e.right)
                if ok:
                    f, negate = self.expr(e.left), op == "!="

                    def eq_const(env: Any, ctx: Any) -> Any:
                        v = f(env, ctx)
                        return None if v is None else (v == c) != negate

                    return eq_const
            if op in ("in", "not in") and not fact_like:
                ok, c = self._constant(e.right)
                if ok:
                    f, negate = self.expr(e.left), op == "not in"
                    members = frozenset(_key(x) for x in c)

                    def in_const(env: Any, ctx: Any) -> Any:
                        v = f(env, ctx)
                        return None if v is None else (v in members) != negate

                    return in_const
            if op in ("<", "<=", ">", ">="):
                left, right = self.expr(e.left), self.expr(e.right)
                if op == "<":

                    def lt(env: Any, ctx: Any) -> Any:
                        a, b = left(env, ctx), right(env, ctx)
                        return None if a is None or b is None else a < b

                    return lt
                if op == ">":

                    def gt(env: Any, ctx: Any) -> Any:
                        a, b = left(env, ctx), right(env, ctx)
                        return None if a is None or b is None else a > b

                    return gt
            return super()._binary(e)

    return FastCompiler


def exp_closures(manifest: dict[str, Any]) -> None:
    import handwritten

    from policyengine.calendar import WorkdayCalendar
    from policyengine.policy import Policy, load_facts, load_policy

    policy = load_policy("anhua")
    checked = policy.checked
    fast = _fast_compiler()(checked)
    fast_rules = tuple(fast.rule(r) for r in checked.rules)
    facts = load_facts([manifest["json"]], policy)
    calendar = WorkdayCalendar.default()
    names = set(handwritten.SUBSET)
    print(f"\n[closures] {manifest['facts']:,} facts: the engine's closures against "
          "specialised ones (experiments._fast_compiler)")  # fmt: skip
    by_kind = facts.by_kind
    t_hand, _ = cpu(lambda: handwritten.check(
        by_kind["unit"], by_kind["account"], by_kind["filing"], by_kind["event"], AS_OF,
        calendar))  # fmt: skip
    for label, keep in (("subset", lambda n: n in names),
                        ("43 rules (all but regular_security_training)",
                         lambda n: n != "regular_security_training")):  # fmt: skip
        now = Policy(checked, tuple(r for r in policy.rules if keep(r.decl.name)), policy.text)
        new = Policy(checked, tuple(r for r in fast_rules if keep(r.decl.name)), policy.text)
        t1, r1 = cpu(lambda: now.evaluate(facts, as_of=AS_OF))  # noqa: B023
        t2, r2 = cpu(lambda: new.evaluate(facts, as_of=AS_OF))  # noqa: B023
        same = [(f.rule, f.subject, f.message) for f in r1.findings] == [
            (f.rule, f.subject, f.message) for f in r2.findings
        ]
        show(f"{label}: engine as is", t1)
        show(f"{label}: specialised closures (same findings: {same})", t2, t1)
    show("subset: hand-written loop", t_hand)


# --------------------------------------------------------------------------- startup


def exp_startup() -> None:
    import subprocess

    print("\n[startup] fresh interpreters, CPU seconds")
    code = """
import time
t = time.process_time()
from lark import Lark
from policyengine import resources
Lark(resources.grammar_text(), parser="lalr", propagate_positions=True,
     maybe_placeholders=True, cache={cache})
print(time.process_time() - t)
"""
    with tempfile.TemporaryDirectory() as tmp:
        cache_file = repr(str(Path(tmp) / "grammar.cache"))
        for label, cache in (("Lark(...) as the parser builds it", "False"),
                             ("Lark(..., cache=FILE), first run (writes the cache)", cache_file),
                             ("Lark(..., cache=FILE), later runs", cache_file)):  # fmt: skip
            out = subprocess.run(
                [sys.executable, "-c", code.format(cache=cache)], capture_output=True,
                text=True, cwd=str(HERE.parent), check=True,
            )  # fmt: skip
            show(label, float(out.stdout.strip()))
    code = """
import time
t = time.process_time()
import policyengine.policy as p
t1 = time.process_time()
p.load_policy("anhua")
print(t1 - t, time.process_time() - t1)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(HERE.parent), check=True)  # fmt: skip
    imp, comp = map(float, out.stdout.split())
    show("import policyengine.policy", imp)
    show("load_policy('anhua') (parse + check + compile)", comp)


def main() -> None:
    global REPEAT
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "names",
        nargs="*",
        default=["parse", "validate", "quadratic", "findings", "closures", "startup"],
    )
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--quadratic-sizes", default="10000,100000")
    ap.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "policyengine-bench"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    REPEAT = args.repeat
    out = Path(args.out)
    manifest = ensure_facts(args.size, out)
    for name in args.names:
        if name == "parse":
            exp_parse(manifest)
        elif name == "validate":
            exp_validate(manifest)
        elif name == "quadratic":
            exp_quadratic(out, [int(s) for s in args.quadratic_sizes.split(",")])
        elif name == "findings":
            exp_findings(manifest)
        elif name == "closures":
            exp_closures(manifest)
        elif name == "startup":
            exp_startup()
        else:
            raise SystemExit(f"unknown experiment {name}")


if __name__ == "__main__":
    main()
