"""`python -m broadsheet.demo`: serve the demo publishers until Ctrl-C."""

import sys

from broadsheet.demo.publishers import main

sys.exit(main())
