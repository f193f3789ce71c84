"""policyengine: regulations as checkable rules, with every finding explained.

A filing system does three things with it: load a policy once, evaluate it on
many sets of facts, and read the findings::

    import policyengine

    policy = policyengine.load_policy("anhua")      # or a path to a .policy file
    facts = policyengine.load_facts(["facts.yaml"])
    report = policy.report(facts)
    for finding in report.findings:
        print(finding.article, finding.subject, finding.severity, finding.message)
    document = report.to_dict()                      # json.dumps takes it as it is

Every error raised on purpose derives from :class:`PolicyError` and carries its
location. The command line (``policyengine eval|check|articles``) is
:mod:`policyengine.cli`; docs/library.md describes the library.
"""

import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:
    from policyengine.calendar import WorkdayCalendar
    from policyengine.errors import PolicyError
    from policyengine.facts import FactSet
    from policyengine.findings import Finding, Result
    from policyengine.policy import Policy, compile_policy, load_facts, load_policy
    from policyengine.report import SCHEMA_VERSION, Report

# INVARIANT: importing the package itself imports none of its modules. The command line
# (policyengine.launch) installs its signal handlers as the package is imported, before
# the parser, YAML and calendar modules take their ~0.2 s; the names below are imported
# when first used.
_WHERE = {
    "WorkdayCalendar": "policyengine.calendar",
    "PolicyError": "policyengine.errors",
    "FactSet": "policyengine.facts",
    "Finding": "policyengine.findings",
    "Result": "policyengine.findings",
    "Policy": "policyengine.policy",
    "compile_policy": "policyengine.policy",
    "load_facts": "policyengine.policy",
    "load_policy": "policyengine.policy",
    "SCHEMA_VERSION": "policyengine.report",
    "Report": "policyengine.report",
}


def __getattr__(name: str) -> object:
    if name in _WHERE:
        value = getattr(_importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    if name == "__version__":
        globals()[name] = version = _installed_version()
        return version
    raise AttributeError(f"module 'policyengine' has no attribute {name!r}")


def _installed_version() -> str:
    """The installed distribution's version; a source checkout never installed has none."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("policyengine")
    except PackageNotFoundError:
        return "0+unknown"


__version__: str
"""The version of the installed package (``0+unknown`` in a source checkout)."""

__all__ = [
    "SCHEMA_VERSION",
    "FactSet",
    "Finding",
    "Policy",
    "PolicyError",
    "Report",
    "Result",
    "WorkdayCalendar",
    "__version__",
    "compile_policy",
    "load_facts",
    "load_policy",
]
