"""Hypothesis profiles for the whole test suite, and a terminal-free environment.

* ``ci`` (the default): 100 examples per property (hypothesis's own default, so tests
  that do not set a count keep it), derandomized, so a CI run is reproducible, and no
  deadline (a slow CI machine must not fail a property). The monotonicity laws of
  tests/test_laws.py run twice the profile's count: 200.
* ``thorough``: 2000 examples per property (4000 for those laws), random as usual.
  Select it with ``POLICYENGINE_HYPOTHESIS_PROFILE=thorough``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=100,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("POLICYENGINE_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _no_terminal_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output as a script sees it, whatever the shell running the tests exports: a
    table's width comes from ``COLUMNS``, and ``NO_COLOR`` turns colour off."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
