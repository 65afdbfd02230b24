"""``python -m windoweval.cli``: the ``windoweval`` command."""
import sys

from . import main

sys.exit(main())
