"""A presenting process (the report's command and its kernels) imports nbformat without the optional libraries of
jsonschema's format checks: no notebook schema has a ``format`` keyword, and each of them costs every kernel's start."""
import json
import subprocess
import sys

# what jsonschema's format checker would import, and what they import (isoduration -> arrow)
HEAVY = ["isoduration", "arrow", "webcolors", "fqdn", "uri_template", "rfc3339_validator", "rfc3986_validator",
         "jsonpointer", "rfc3987_syntax"]

PROBE = """
import json, sys
before = set(sys.modules)
from windoweval.report.run import light_nbformat
light_nbformat()
import nbformat
heavy = {heavy!r}
imported = sorted(m for m in heavy if sys.modules.get(m) is not None and m not in before)
blocked = sorted(m for m, v in sys.modules.items() if v is None and m in heavy)
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
nbformat.validate(nb)                           # notebooks are still validated
import copy
bad = copy.deepcopy(nb)
del bad.cells[0]["source"]
try:
    nbformat.validate(bad)
    refused = False
except nbformat.ValidationError:
    refused = True
print(json.dumps({{"imported": imported, "blocked": blocked, "refused": refused}}))
"""


def _probe():
    out = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY)], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_light_nbformat_leaves_the_format_checkers_libraries_out():
    got = _probe()
    assert got["imported"] == []        # on the old code: arrow, isoduration, webcolors, fqdn, ... imported


def test_nothing_stays_blocked_and_notebooks_are_still_validated():
    got = _probe()
    assert got["blocked"] == []         # each of them importable again afterwards
    assert got["refused"] is True


def test_a_library_importable_again_after():
    code = ("from windoweval.report.run import light_nbformat; light_nbformat()\n"
            "import importlib.util, sys\n"
            "print(all(sys.modules.get(m, 0) is not None for m in ('fqdn', 'webcolors', 'isoduration')))\n"
            "import fqdn, webcolors, isoduration\n"
            "print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "ok"]
