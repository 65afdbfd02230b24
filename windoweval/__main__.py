"""``python -m windoweval``: the ``windoweval`` program, as the console script starts it (:mod:`windoweval.program`)."""
import sys

from .program import main

sys.exit(main())
