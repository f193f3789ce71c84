"""``python -m policyengine``: the same command line as the ``policyengine`` script."""

import sys

from policyengine.cli import main

sys.exit(main())
