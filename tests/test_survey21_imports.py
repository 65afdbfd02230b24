"""survey21: design.py keeps ``from scipy.linalg import solve_triangular`` inside the GLM functions that need it: at
module level it would add scipy.linalg's import (0.2-0.4 s measured on the shared machine) to every survey command
that never fits a GLM (item 5 of survey21 left as it was, on purpose; this pins why)."""
import subprocess
import sys


def test_importing_the_survey_design_does_not_import_scipy_linalg():
    code = ("import sys, windoweval.survey.design, windoweval.survey.estimate, windoweval.survey.pls\n"
            "print(sorted(m for m in sys.modules if m == 'scipy.linalg'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
