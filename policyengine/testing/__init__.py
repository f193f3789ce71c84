"""Property-based testing of policies (needs the optional ``hypothesis`` dependency:
``pip install policyengine[testing]``).

    from hypothesis import given
    from policyengine import load_policy
    from policyengine.testing import evaluate, facts_for, findings_by_rule

    policy = load_policy("anhua")

    @given(facts_for(policy, edges=True))
    def test_no_error_without_filings(doc):
        ...

:func:`facts_for` builds valid fact documents from the policy's schema alone; the
helpers evaluate them and compare findings. When a property fails, the minimal
failing facts are printed as a YAML facts file (see ``docs/testing.md``).

Importing :mod:`policyengine` does not import hypothesis; only this module does.
"""

from policyengine.testing.helpers import (
    FactDocument,
    Facts,
    assert_only_rules_changed,
    evaluate,
    fact_ids,
    finding_key,
    findings_by_article,
    findings_by_rule,
    note_facts,
    rename_ids,
    to_yaml,
)
from policyengine.testing.plan import DEFAULT_WINDOW, boundary_dates
from policyengine.testing.strategies import facts_for

__all__ = [
    "DEFAULT_WINDOW",
    "FactDocument",
    "Facts",
    "assert_only_rules_changed",
    "boundary_dates",
    "evaluate",
    "fact_ids",
    "facts_for",
    "finding_key",
    "findings_by_article",
    "findings_by_rule",
    "note_facts",
    "rename_ids",
    "to_yaml",
]
