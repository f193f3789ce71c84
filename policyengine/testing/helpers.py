"""Helpers to state properties of a policy briefly, and to print failing facts as YAML.

Takes a policy and fact documents (usually from :func:`~policyengine.testing.facts_for`);
gives results, findings grouped by rule, and a failing document as a YAML facts file.
Never changes a document it is given: hypothesis may replay it. Each helper checks its
arguments first, as every public entry point does (:mod:`policyengine.arguments`): a
wrong type is a TypeError, a value it cannot take an ArgumentError (E609), both naming
``testing.<helper>`` and the parameter.
"""

from __future__ import annotations

import datetime
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import yaml
from hypothesis import currently_in_test_context, note

from policyengine.arguments import (
    bad_value,
    expect,
    expect_bool,
    expect_date,
    expect_mapping,
    wrong_type,
)
from policyengine.calendar import WorkdayCalendar
from policyengine.facts.document import document_from_mapping
from policyengine.facts.raw import RawDocument
from policyengine.findings import Finding, Result
from policyengine.policy import Policy
from policyengine.testing._schema import map_record_refs, variant_of
from policyengine.text import Text

FactDocument = dict[str, Any]
"""A fact document in the interchange format of fact files: top-level ``as_of`` and one
list of records per collection; dates as ``YYYY-MM-DD`` strings, references as ids."""

Facts = Mapping[str, Any] | Sequence[Mapping[str, Any]]
"""One fact document, or several (as if read from several files)."""


# --------------------------------------------------------------------------- YAML


def _plain(value: Any) -> Any:
    """A copy made only of dict, list, str, int, bool, None and date (what safe_dump
    writes and a facts file reads back)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def expect_policy(value: object, where: str) -> None:
    expect(value, Policy, where, "a Policy (load_policy or compile_policy)")


def expect_document(value: object, where: str) -> None:
    expect(value, Mapping, where, "a fact document (a mapping of collections to records)")


def expect_facts(value: object, where: str) -> list[Mapping[str, Any]] | None:
    """``value`` is one fact document (None back) or a list or tuple of them (the list)."""
    if isinstance(value, Mapping):
        return None
    if not isinstance(value, list | tuple):
        raise wrong_type(where, "a fact document or a list of them", value)
    function, _, parameter = where.rstrip(")").partition("(")
    for number, doc in enumerate(value):
        expect_document(doc, f"{function}({parameter}[{number}])")
    return list(value)


def to_yaml(doc: Mapping[str, Any]) -> str:
    """A fact document as the text of a YAML facts file (``policyengine check x.yaml``).

    Strings that look like dates are quoted; the loader reads a quoted date as a date
    wherever the schema expects one.
    """
    expect_document(doc, "testing.to_yaml(doc)")
    return yaml.safe_dump(
        _plain(doc), allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )


# --------------------------------------------------------------------------- notes

# YAML texts already printed in the current test case, so that the same facts drawn by
# facts_for and then evaluated are printed once.
_printed: weakref.WeakKeyDictionary[object, set[str]] = weakref.WeakKeyDictionary()


def _test_case() -> object | None:
    try:
        from hypothesis.control import current_build_context

        return current_build_context()
    except Exception:  # pragma: no cover - a hypothesis without it: print every note
        return None


class _FactsNote:
    """A note rendered only when hypothesis prints it (the final, minimal example):
    rendering YAML for every example would slow every property down."""

    def __init__(self, label: str, docs: Sequence[Mapping[str, Any]]) -> None:
        self.label = label
        self.docs = [_plain(d) for d in docs]  # a snapshot: the test may change the dict later
        self.case = _test_case()

    def __repr__(self) -> str:
        texts = [to_yaml(d) for d in self.docs]
        printed = _printed.setdefault(self.case, set()) if self.case is not None else set()
        key = "\n---\n".join(texts)
        if key in printed:
            return f"{self.label}: the facts printed above"
        printed.add(key)
        if len(texts) == 1:
            return f"{self.label} (a facts file, paste it into a .yaml file):\n{texts[0]}"
        parts = [f"# file {i} of {len(texts)}\n{t}" for i, t in enumerate(texts, 1)]
        return f"{self.label} ({len(texts)} facts files):\n" + "\n".join(parts)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(repr(self))


def note_facts(facts: Facts, label: str = "facts") -> None:
    """Print ``facts`` as YAML if the current hypothesis example turns out to be the
    minimal failing one (a no-op outside a hypothesis test).

    :func:`facts_for` and :func:`evaluate` call it already; call it yourself for a
    document you evaluate some other way.
    """
    docs = expect_facts(facts, "testing.note_facts(facts)")
    expect(label, str, "testing.note_facts(label)", "a str")
    if not currently_in_test_context():
        return
    note(_FactsNote(label, [facts] if docs is None else docs))  # type: ignore[list-item]


# --------------------------------------------------------------------------- evaluation


def evaluate(
    policy: Policy,
    facts: Facts,
    *,
    as_of: datetime.date | None = None,
    params: Mapping[str, Any] | None = None,
    calendar: WorkdayCalendar | None = None,
    strict: bool = True,
) -> Result:
    """Evaluate ``policy`` over a fact document, or over several (merged as files are).

    Inside a hypothesis test the facts are noted, so a failing property prints its
    minimal facts as YAML. ``strict`` (the default here) refuses undeclared fields, so
    a typo in a hand-written document fails loudly instead of being ignored.
    """
    expect_policy(policy, "testing.evaluate(policy)")
    docs = expect_facts(facts, "testing.evaluate(facts)")
    expect_date(as_of, "testing.evaluate(as_of)")
    expect_mapping(params, "testing.evaluate(params)", "parameter")
    if calendar is not None:
        expect(calendar, WorkdayCalendar, "testing.evaluate(calendar)", "a WorkdayCalendar or None")
    expect_bool(strict, "testing.evaluate(strict)")
    note_facts(facts, "evaluated facts")
    data: Mapping[str, Any] | list[RawDocument]
    if docs is None:
        data = facts  # type: ignore[assignment]
    else:
        data = [document_from_mapping(d, f"facts-{i}.yaml") for i, d in enumerate(docs, 1)]
    return policy.evaluate(data, as_of=as_of, params=params, calendar=calendar, strict=strict)


def findings_by_rule(result: Result | Iterable[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by rule name (only rules that found something)."""
    out: dict[str, list[Finding]] = {}
    for f in _findings(result, "testing.findings_by_rule(result)"):
        out.setdefault(f.rule, []).append(f)
    return out


def findings_by_article(result: Result | Iterable[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by article label (``第十六条``). A finding that cites several
    articles is listed under each of them."""
    out: dict[str, list[Finding]] = {}
    for f in _findings(result, "testing.findings_by_article(result)"):
        for label in f.articles:
            out.setdefault(label, []).append(f)
    return out


def _findings(result: Result | Iterable[Finding], where: str) -> Sequence[Finding]:
    """The findings of a Result, or the Findings given (each checked)."""
    if isinstance(result, Result):
        return result.findings
    if not isinstance(result, Iterable) or isinstance(result, str | bytes | Mapping):
        raise wrong_type(where, "a Result or a list of Finding", result)
    found = list(result)
    function, _, parameter = where.rstrip(")").partition("(")
    for number, f in enumerate(found):
        expect(f, Finding, f"{function}({parameter}[{number}])", "a Finding")
    return found


def finding_key(f: Finding) -> tuple[str, str, str, str]:
    """What identifies a finding: its rule, the kind and id of its subject, its severity."""
    expect(f, Finding, "testing.finding_key(f)", "a Finding")
    return (f.rule, f.subject_kind, f.subject, f.severity)


def _full(f: Finding) -> str:
    return repr(sorted(f.to_dict(explain=True).items()))


_EVALUATE_OPTIONS = frozenset({"as_of", "params", "calendar", "strict"})
"""The keywords ``assert_only_rules_changed`` passes on to :func:`evaluate`."""


def assert_only_rules_changed(
    policy: Policy,
    before: Facts,
    after: Facts,
    rules: Iterable[str],
    **kw: Any,
) -> tuple[Result, Result]:
    """Evaluate both documents and assert that the findings of every rule not in
    ``rules`` are identical (message, evidence and explanation included).

    Returns both results, for further assertions about the rules that may change.
    ``kw`` is passed to :func:`evaluate` (``as_of``, ``params``, ``calendar``, ``strict``).
    """
    where = "testing.assert_only_rules_changed"
    expect_policy(policy, f"{where}(policy)")
    expect_facts(before, f"{where}(before)")
    expect_facts(after, f"{where}(after)")
    if isinstance(rules, str) or not isinstance(rules, Iterable):
        hint = f"for one rule write [{rules!r}]" if isinstance(rules, str) else ""
        raise wrong_type(f"{where}(rules)", "a list of rule names", rules, hint)
    allowed = set(rules)
    for name in allowed:
        expect(name, str, f"{where}(rules)", "a list of rule names (str)")
    extra = sorted(set(kw) - _EVALUATE_OPTIONS)
    if extra:
        raise TypeError(
            f"{where}(): `{extra[0]}` is not an option of testing.evaluate; "
            f"`kw` takes {', '.join(sorted(_EVALUATE_OPTIONS))}"
        )
    known = {r.decl.name for r in policy.rules}
    unknown = sorted(allowed - known)
    if unknown:
        raise bad_value(
            f"{where}(rules)",
            Text("策略中的规则名", "names of the policy's rules"),
            unknown,
            Text(
                f"策略没有这些规则：{'、'.join(unknown)}",
                f"the policy has no rules named {', '.join(unknown)}",
            ),
        )
    first = evaluate(policy, before, **kw)
    second = evaluate(policy, after, **kw)
    old = {r: sorted(map(_full, fs)) for r, fs in findings_by_rule(first).items()}
    new = {r: sorted(map(_full, fs)) for r, fs in findings_by_rule(second).items()}
    changed = []
    for rule in sorted((set(old) | set(new)) - allowed):
        if old.get(rule, []) != new.get(rule, []):
            lost = [
                finding_key(f)[2] for f in first.by_rule(rule) if _full(f) not in new.get(rule, [])
            ]
            got = [
                finding_key(f)[2] for f in second.by_rule(rule) if _full(f) not in old.get(rule, [])
            ]
            changed.append(f"  {rule}: gone or changed for {lost}, new or changed for {got}")
    if changed:
        raise AssertionError(
            "findings changed for rules outside "
            + (", ".join(sorted(allowed)) or "(none)")
            + ":\n"
            + "\n".join(changed)
        )
    return first, second


# --------------------------------------------------------------------------- documents


def rename_ids(
    policy: Policy, doc: Mapping[str, Any], rename: Callable[[str, str], str]
) -> FactDocument:
    """A copy of ``doc`` in which every id, and every reference to it, is renamed:
    ``rename(collection, old_id) -> new_id`` (it must be one-to-one per collection)."""
    expect_policy(policy, "testing.rename_ids(policy)")
    expect_document(doc, "testing.rename_ids(doc)")
    if not callable(rename):
        raise wrong_type("testing.rename_ids(rename)", "a function (collection, id) -> id", rename)
    schema = policy.checked.schema
    out: FactDocument = {}

    def ref(kind: str, rid: str) -> str:
        found = schema.kind(kind)
        coll = found[0] if found is not None else schema.collection_of_subject(kind)
        return rid if coll is None else rename(coll.name, rid)

    for key, records in doc.items():
        coll = schema.collections.get(key)
        if coll is None or not isinstance(records, list | tuple):
            out[key] = records
            continue
        renamed = []
        for record in records:
            variant = variant_of(coll, record) if isinstance(record, Mapping) else None
            if variant is None:
                renamed.append(record)
                continue
            new = map_record_refs(variant.record, record, ref)
            if isinstance(new.get("id"), str):
                new["id"] = rename(coll.name, new["id"])
            renamed.append(new)
        out[key] = renamed
    return out


def fact_ids(policy: Policy, doc: Mapping[str, Any]) -> dict[str, set[str]]:
    """The ids in a document, by the ``subject_kind`` findings about them carry."""
    expect_policy(policy, "testing.fact_ids(policy)")
    expect_document(doc, "testing.fact_ids(doc)")
    out: dict[str, set[str]] = {
        c.subject: set() for c in policy.checked.schema.collections.values()
    }
    for name, coll in policy.checked.schema.collections.items():
        for record in doc.get(name) or ():
            if isinstance(record, Mapping) and isinstance(record.get("id"), str):
                out[coll.subject].add(record["id"])
    return out
