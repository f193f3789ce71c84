"""``python -m policyengine``: the same command line as the ``policyengine`` script."""

from policyengine.launch import run

run()
