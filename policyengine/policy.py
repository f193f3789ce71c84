"""The library's front door: load a policy, evaluate it over facts.

    policy = policyengine.load_policy("anhua")
    result = policy.evaluate(policyengine.load_facts(["facts.yaml"]))

Takes a policy (a shipped name, a path or text) and facts (paths, documents or a
:class:`~policyengine.facts.FactSet`); gives a :class:`Policy` and the
:class:`~policyengine.findings.Result` or :class:`~policyengine.report.Report` of an
evaluation. Loading runs the whole pipeline once (parse → check → compile);
evaluation runs the compiled rules over facts validated against the policy's own
schema. It never evaluates facts validated against another policy (E604).
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, overload

import attrs

from policyengine import facts as facts_module
from policyengine import inputs, provenance
from policyengine import params as params_mod
from policyengine import policy_messages as M
from policyengine.arguments import (
    expect,
    expect_bool,
    expect_date,
    expect_int,
    expect_mapping,
    expect_path,
    expect_paths,
    wrong_type,
)
from policyengine.calendar import WorkdayCalendar
from policyengine.checker import Article, CheckedPolicy, Param, check
from policyengine.collector import collector_paused
from policyengine.compiler import Compiler
from policyengine.cost import MAX_DEGREE, check_cost
from policyengine.diagnostics import Diagnostic, os_reason
from policyengine.errors import PolicyError, UsageError
from policyengine.facts import FactSet, facts_from_documents, facts_from_mapping
from policyengine.facts.raw import RawDocument
from policyengine.facts.read import read_documents
from policyengine.findings import Outcomes, Result, RuleCount
from policyengine.frames import Context
from policyengine.report import Report
from policyengine.resources import shipped_policy
from policyengine.runtime import DEFAULT_MAX_STEPS, CompiledRule
from policyengine.syntax.limits import MAX_POLICY_BYTES
from policyengine.syntax.parser import parse, too_large


@attrs.frozen
class RawFacts:
    """Fact files read but not yet validated: validation needs a policy's schema."""

    documents: tuple[RawDocument, ...]


FactsInput = FactSet | Mapping[str, Any] | Sequence[RawDocument] | RawFacts


@overload
def load_facts(
    paths: Sequence[str | os.PathLike[str]], policy: Policy, *, strict: bool = False
) -> FactSet: ...


@overload
def load_facts(
    paths: Sequence[str | os.PathLike[str]], policy: None = None, *, strict: bool = False
) -> RawFacts: ...


def load_facts(
    paths: Sequence[str | os.PathLike[str]],
    policy: Policy | None = None,
    *,
    strict: bool = False,
) -> FactSet | RawFacts:
    """Read fact files (JSON, JSON Lines, YAML, or folders of them).

    With a policy the facts are validated at once and a :class:`FactSet` is returned;
    without one they are validated when :meth:`Policy.evaluate` first sees them.
    ``paths`` is a list even for one file. A wrong type (a single path string, a
    ``policy`` that is not a :class:`Policy`) raises :class:`TypeError`; a file that
    cannot be read or parsed raises :class:`~policyengine.errors.FactError`.
    """
    given = expect_paths(paths, "load_facts(paths)")
    expect(policy, (Policy, type(None)), "load_facts(policy)", "a Policy or None")
    expect_bool(strict, "load_facts(strict)")
    if policy is not None:
        return facts_module.load_facts(
            [Path(p) for p in given], policy.checked.schema, strict=strict
        )
    return RawFacts(tuple(read_documents([Path(p) for p in given])))


@attrs.define(eq=False)
class Policy:
    """A regulation compiled into checkable rules: load it once, evaluate it on many
    sets of facts (it holds no state between evaluations)."""

    checked: CheckedPolicy
    rules: tuple[CompiledRule, ...]
    text: str = attrs.field(repr=False)
    origin: str = "<policy>"
    """Where the policy was read from: its file's path, or ``provenance.SHIPPED``."""
    sha256: str = ""
    """The SHA-256 of the policy file's bytes (of the text, for a policy given as text)."""

    @property
    def name(self) -> str:
        """The policy's name (``anhua``), as findings and reports give it."""
        return self.checked.name

    @property
    def articles(self) -> dict[str, Article]:
        """The declared articles in order, by label (``第十六条``), the key a
        finding's ``article`` gives."""
        return {article.label: article for article in self.checked.articles.values()}

    @property
    def parameters(self) -> dict[str, Param]:
        """The parameters an evaluation may override, by name, with their defaults."""
        return self.checked.params

    @property
    def warnings(self) -> list[Diagnostic]:
        """Problems in the policy text that did not stop it from compiling."""
        return self.checked.warnings

    def rules_for(self, article: str | int) -> list[str]:
        """Names of the rules that cite an article (by label ``第十六条`` or number)."""
        expect(article, (str, int), "Policy.rules_for(article)", "an article label or number")
        return [
            r.decl.name
            for r in self.rules
            if any(article in (c.number, c.label) for c in r.decl.cites)
        ]

    def rule_parameters(self) -> dict[str, frozenset[str]]:
        """The parameters each rule reads, by rule name."""
        return dict(self._parameters_read)

    @functools.cached_property
    def _parameters_read(self) -> dict[str, frozenset[str]]:
        # Every evaluation asks (for the rules an unset parameter leaves undecided).
        resolutions = self.checked.resolutions
        found: dict[str, frozenset[str]] = {}
        for rule in self.rules:
            names = set()
            for node in _nodes(rule.decl):
                res = resolutions.get(id(node))
                if res is not None and res.what == "param":
                    names.add(res.value)
            found[rule.decl.name] = frozenset(names)
        return found

    def _unset(self, values: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
        """Per rule, the parameters it reads that ``values`` leaves unset."""
        unset = {name for name, value in values.items() if value is None}
        return {
            rule: tuple(sorted(needs & unset)) for rule, needs in self.rule_parameters().items()
        }

    def facts(self, data: FactsInput, *, strict: bool = False) -> FactSet:
        """Validate facts against this policy's schema (a no-op for a FactSet of it).

        ``data`` is what :func:`load_facts` returned, a :class:`FactSet`, or a mapping
        of collection names to lists of records (``{"units": [...], ...}``, as a facts
        file holds them). Anything else raises :class:`TypeError` (a path is read with
        :func:`load_facts` first); facts that do not match the policy's schema raise
        :class:`~policyengine.errors.FactError`.
        """
        _expect_facts(data, "Policy.facts(data)")
        expect_bool(strict, "Policy.facts(strict)")
        if isinstance(data, FactSet):
            if data.schema is not self.checked.schema:
                raise UsageError([Diagnostic.of(M.FACTS_OF_ANOTHER_POLICY)])
            return data
        if isinstance(data, RawFacts):
            return facts_from_documents(data.documents, self.checked.schema, strict=strict)
        if isinstance(data, Mapping):
            return facts_from_mapping(data, self.checked.schema, strict=strict)
        return facts_from_documents(list(data), self.checked.schema, strict=strict)

    def evaluate(
        self,
        facts: FactsInput,
        *,
        as_of: datetime.date | None = None,
        params: Mapping[str, Any] | None = None,
        calendar: WorkdayCalendar | None = None,
        strict: bool = False,
        max_steps: int = DEFAULT_MAX_STEPS,
        outcomes: bool = False,
    ) -> Result:
        """Run every rule over the facts.

        ``as_of`` defaults to the facts' own ``as_of``, then to today. ``params``
        overrides the policy's parameter defaults (values already typed, or strings as
        given on a command line). ``max_steps`` is the step budget (0: none): a rule
        that would spend it stops the evaluation with :class:`EvaluationError` E701
        naming the rule. ``outcomes`` keeps, in each rule's count, the ids of the
        subjects that passed it and of those it left undecided (a JUnit report has
        a test case per rule and subject); it costs an id per rule and subject.

        Arguments are checked before any work: one of the wrong type (``as_of`` a
        string, ``params`` not a mapping, ``calendar`` not a :class:`WorkdayCalendar`,
        ``facts`` a path) raises :class:`TypeError`; a negative ``max_steps``
        raises :class:`~policyengine.errors.ArgumentError` (E609); an unknown
        parameter or a value it cannot take, :class:`~policyengine.errors.UsageError`
        (E602, E603).
        """
        _expect_run("Policy.evaluate", facts, as_of, params, calendar, strict, max_steps)
        expect_bool(outcomes, "Policy.evaluate(outcomes)")
        fact_set = self.facts(facts, strict=strict)
        day = as_of or fact_set.as_of or datetime.date.today()
        values = params_mod.resolve(self.checked.params, params or {})
        calendar = calendar or WorkdayCalendar.default()
        effective = self.checked.effective
        warnings = len(fact_set.warnings) + len(self.warnings)
        source = "given" if as_of else "facts" if fact_set.as_of else "today"
        unset = self._unset(values)
        if effective is not None and day < effective:
            # The regulation did not apply yet on the check date: no rule judges anything.
            nothing = Outcomes() if outcomes else None
            return Result.build(
                self.name, day, (), len(fact_set), len(self.rules), warnings,
                counts=tuple(
                    RuleCount(rule.decl.name, unset=unset[rule.decl.name], outcomes=nothing)
                    for rule in self.rules
                ),
                as_of_source=source, not_yet_in_force=effective,
            )  # fmt: skip
        ctx = Context(
            fact_set, values, calendar, day, effective, max_steps=max_steps, outcomes=outcomes
        )
        with collector_paused():  # millions of short-lived columns, no cycles
            findings = [f for rule in self.rules for f in rule.run(ctx, effective)]
        ctx.release()
        counts = ctx.counts
        return Result.build(
            self.name, day, findings, len(fact_set), len(self.rules), warnings,
            counts=tuple(
                attrs.evolve(counts[name], unset=unset[name]) if unset[name] else counts[name]
                for name in (rule.decl.name for rule in self.rules)
            ),
            as_of_source=source,
            calendar_years=tuple((y, calendar.source(y) or "") for y in sorted(ctx.years)),
        )  # fmt: skip

    def report(
        self,
        facts: FactsInput,
        *,
        as_of: datetime.date | None = None,
        params: Mapping[str, Any] | None = None,
        calendar: WorkdayCalendar | None = None,
        strict: bool = False,
        max_steps: int = DEFAULT_MAX_STEPS,
        outcomes: bool = True,
    ) -> Report:
        """:meth:`evaluate`, kept together with what it ran on, ready to be rendered
        in any output format or read as JSON (the command line's ``eval``); the
        arguments are checked as :meth:`evaluate` checks them. ``outcomes`` as for
        :meth:`evaluate` (JUnit lists the subjects that passed from them; the
        command line asks for them only for JUnit)."""
        _expect_run("Policy.report", facts, as_of, params, calendar, strict, max_steps)
        expect_bool(outcomes, "Policy.report(outcomes)")
        fact_set = self.facts(facts, strict=strict)
        result = self.evaluate(
            fact_set, as_of=as_of, params=params, calendar=calendar, max_steps=max_steps,
            outcomes=outcomes,
        )  # fmt: skip
        values = params_mod.resolve(self.checked.params, params or {})
        origin = provenance.of_check(self, result, fact_set.sources, values)
        warnings = (*self.warnings, *fact_set.warnings)
        return Report(result, self, fact_set, values, warnings, origin)


def _expect_facts(data: object, where: str) -> None:
    """``data`` is one of the forms :meth:`Policy.facts` takes."""
    if isinstance(data, (FactSet, RawFacts, Mapping)):
        return
    expected = "a FactSet, what load_facts returned, or a mapping of collections to records"
    if isinstance(data, (str, os.PathLike)):
        raise wrong_type(where, expected, data, f"read a file with load_facts([{data!r}])")
    if isinstance(data, Sequence) and not isinstance(data, bytes):
        for item in data:
            if not isinstance(item, RawDocument):
                raise wrong_type(where, expected, data)
        return
    raise wrong_type(where, expected, data)


def _expect_run(
    function: str,
    facts: object,
    as_of: object,
    params: object,
    calendar: object,
    strict: object,
    max_steps: object,
) -> None:
    """The arguments of :meth:`Policy.evaluate` and :meth:`Policy.report`."""
    _expect_facts(facts, f"{function}(facts)")
    expect_date(as_of, f"{function}(as_of)")
    expect_mapping(params, f"{function}(params)", "parameter")
    expect(calendar, (WorkdayCalendar, type(None)), f"{function}(calendar)",
           "a WorkdayCalendar or None")  # fmt: skip
    expect_bool(strict, f"{function}(strict)")
    expect_int(max_steps, f"{function}(max_steps)", 0)


def _nodes(node: object) -> Iterator[object]:
    """Every syntax node under ``node`` (itself included)."""
    yield node
    if attrs.has(type(node)):
        for field in attrs.fields(type(node)):  # type: ignore[arg-type]  # attrs.has checked
            if field.name != "span":
                yield from _nodes(getattr(node, field.name))
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _nodes(item)


def compile_policy(
    text: str, name: str = "<policy>", *, sha256: str = "", max_degree: int = MAX_DEGREE
) -> Policy:
    """Parse, check and compile policy text (``sha256``: of the file it was read from).
    A rule whose work grows faster than N to the power ``max_degree`` (N facts; see
    :mod:`policyengine.cost`) is refused with E308.

    ``text`` is a str (decode bytes first); a wrong type raises :class:`TypeError`, a
    ``max_degree`` below 1 :class:`~policyengine.errors.ArgumentError` (E609), and
    text that is not a valid policy a :class:`~policyengine.errors.PolicySyntaxError`
    or :class:`~policyengine.errors.PolicyCheckError` with its line and column."""
    if isinstance(text, bytes):
        raise wrong_type("compile_policy(text)", "a str", text, "decode the bytes first")
    expect(text, str, "compile_policy(text)", "a str")
    expect(name, str, "compile_policy(name)", "a str")
    expect(sha256, str, "compile_policy(sha256)", "a str")
    expect_int(max_degree, "compile_policy(max_degree)", 1)
    checked = check(parse(text, name), name)
    check_cost(checked, max_degree)
    compiler = Compiler(checked)
    rules = tuple(compiler.rule(r) for r in checked.rules)
    return Policy(checked, rules, text, name, sha256 or provenance.sha256_text(text))


def load_policy(name_or_path: str | os.PathLike[str], *, max_degree: int = MAX_DEGREE) -> Policy:
    """A policy by path, or by the name of a policy shipped with the package (``anhua``);
    ``max_degree`` as for :func:`compile_policy`. A ``name_or_path`` that is not a str
    or path raises :class:`TypeError`; one that names no file and no shipped policy,
    or a file that cannot be read, :class:`~policyengine.errors.UsageError` (E601)."""
    expect_path(name_or_path, "load_policy(name_or_path)")
    expect_int(max_degree, "load_policy(max_degree)", 1)
    path = Path(name_or_path)
    if path.is_file():
        try:
            text = inputs.read_limited(path, MAX_POLICY_BYTES).decode("utf-8")
        except inputs.TooLarge:
            raise too_large(str(path)) from None
        except (OSError, UnicodeDecodeError) as exc:
            reason = os_reason(exc) if isinstance(exc, OSError) else M.NOT_UTF8
            raise UsageError(
                [Diagnostic.of(M.CANNOT_READ_POLICY, location=str(path), reason=reason)]
            ) from None
        digest = provenance.sha256_file(str(path)) or ""
        return compile_policy(text, str(path), sha256=digest, max_degree=max_degree)
    shipped = shipped_policy(str(name_or_path))
    if shipped is not None:
        policy = compile_policy(shipped, f"{name_or_path}.policy", max_degree=max_degree)
        return attrs.evolve(policy, origin=provenance.SHIPPED)
    raise UsageError(
        [Diagnostic.of(M.NO_SUCH_POLICY, location=str(name_or_path), name=name_or_path)]
    )


__all__ = ["Policy", "PolicyError", "RawFacts", "compile_policy", "load_facts", "load_policy"]
