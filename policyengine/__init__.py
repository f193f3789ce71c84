"""policyengine: regulations as checkable rules, with every finding explained.

    import policyengine

    policy = policyengine.load_policy("anhua")      # or a path to a .policy file
    facts = policyengine.load_facts(["facts.yaml"])
    result = policy.evaluate(facts)
    for finding in result.findings:
        print(finding.article, finding.subject, finding.severity, finding.message)

Every error raised on purpose derives from :class:`PolicyError` and carries its
location. The command line (``policyengine eval|check|articles``) is
:mod:`policyengine.cli`.
"""

from importlib.metadata import PackageNotFoundError, version

from policyengine.calendar import WorkdayCalendar
from policyengine.errors import PolicyError
from policyengine.findings import Finding, Result
from policyengine.policy import Policy, compile_policy, load_facts, load_policy

try:
    __version__ = version("policyengine")
except PackageNotFoundError:  # a source checkout that was never installed
    __version__ = "0+unknown"

__all__ = [
    "Finding",
    "Policy",
    "PolicyError",
    "Result",
    "WorkdayCalendar",
    "__version__",
    "compile_policy",
    "load_facts",
    "load_policy",
]
