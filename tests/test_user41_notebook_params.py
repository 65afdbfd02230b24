"""user41: a notebook opened alone (JupyterLab, papermill, nbconvert --execute) with an analyst's parameters.

* A parameter is data: ``year = "2025; import os"`` is refused by ``we.yearbook`` naming the parameter, the value and
  the fix, Chinese first with English (BadParameter, exit 2), before any record is read -- it was a bare
  ``ValueError: invalid literal for int()`` from deep inside ``sections.parameters_key``.
* A refusal (a year without records, an unknown window) shows in the notebook as its message, not as a traceback
  through the package (``WindowevalError._render_traceback_``, IPython's protocol); the cell still fails, so the run
  stops there.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import windoweval as we
from windoweval.errors import EXIT_USAGE, InputError
from windoweval.params import BadParameter

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("value", ["2025; import os", "__import__('os').system('id')", 2025.5, True, [2025]])
def test_a_year_that_is_no_year_is_refused_naming_it_and_the_fix(value):
    with pytest.raises(BadParameter) as e:
        we.yearbook("explore", value)
    msg = str(e.value)
    assert e.value.exit_code == EXIT_USAGE
    assert msg.index("笔记本参数 year") < msg.index("notebook parameter year")
    assert repr(value)[:20] in msg and "year = 2025" in msg


def test_a_year_written_as_text_of_digits_is_that_year_and_other_values_pass_as_data():
    from windoweval.params import notebook_values

    got = notebook_values(year="2024", baseline_year=" 2023", windows=("PW01", "power_hall"), standard="power_window")
    assert got == {"year": 2024, "baseline_year": 2023, "windows": ["PW01", "power_hall"], "standard": "power_window"}
    with pytest.raises(BadParameter, match="baseline_year"):
        notebook_values(baseline_year="last year")
    with pytest.raises(BadParameter, match="windows"):
        notebook_values(windows=[1, 2])


def test_a_refusal_renders_as_its_message_in_ipython():
    e = InputError("文件 工单.csv 第 3 行 / file 工单.csv row 3: bad date")
    assert e._render_traceback_() == ["InputError: 文件 工单.csv 第 3 行 / file 工单.csv row 3: bad date"]


def _papermill(tmp_path, **params):
    out = tmp_path / "out.ipynb"
    args = [sys.executable, "-m", "papermill", "--kernel", "python3", str(ROOT / "notebooks" / "explore.ipynb"), str(out)]
    for k, v in params.items():
        args += ["-p", k, str(v)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    nb = json.loads(out.read_text(encoding="utf-8"))
    errors = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    return r, errors


@pytest.mark.parametrize("params, ename, words", [
    ({"year": 2031}, "NoRecords", ("数据中没有 2031 年的任何记录", "the data holds no records for 2031")),
    ({"year": "2025; import os"}, "BadParameter", ("笔记本参数 year", "notebook parameter year")),
])
def test_a_notebook_run_alone_shows_the_refusal_not_a_traceback(tmp_path, params, ename, words):
    r, errors = _papermill(tmp_path, **params)
    assert r.returncode != 0                          # the run stops at the refused cell
    assert len(errors) == 1
    err = errors[0]
    assert err["ename"] == ename
    shown = "\n".join(err["traceback"])
    assert all(w in shown for w in words)
    assert "Traceback" not in shown and "windoweval/" not in shown and "File " not in shown


def test_the_promises_notebook_alone_refuses_a_year_without_records_as_the_command_does():
    # `windoweval promises --year 2026` exits 3 (the data covers 2024-2025); the notebook's section showed 25 promises,
    # 0 not fulfilled, 0 occurrences: a pass read where there is no evidence at all
    with pytest.raises(we.NoRecords) as e:
        we.yearbook("promises", 2026)
    assert "数据中没有 2026 年的任何记录" in str(e.value) and "2024–2025" in str(e.value)
    assert e.value.exit_code == 3
    got = we.yearbook("promises", 2025)           # a year with records still computes
    assert got.meta["headlines"]["occurrences"] > 0


def test_the_change_charts_colour_by_sign_in_the_package_and_a_missing_change_is_no_fall():
    # annual_evaluation and satisfaction_survey each computed the colours in a cell (a copied list comprehension,
    # per row), and a window without a baseline (NaN: NaN >= 0 is False) was drawn in the colour of a fall
    from windoweval import present as wp

    assert wp.signed_colors([2.0, -1.0, float("nan")]) == [wp.COLORS["pass"], wp.COLORS["fail"], wp.COLORS["no_data"]]
    for name in ("annual_evaluation", "satisfaction_survey"):
        nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
        src = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        assert "wp.signed_colors(" in src and 'COLORS["fail"] for' not in src, name


@pytest.mark.parametrize("year, baseline", [(2024, 2024), (2024, 2025)])
def test_a_notebook_whose_year_is_changed_alone_does_not_compare_a_year_with_itself(year, baseline):
    # annual_evaluation with year = 2024 and the cell's baseline_year = 2024 left: "较基准年变化 +0.0", every bar
    # green, "2024 年得分较 2024 年的变化"; `windoweval report --year 2024 --baseline-year 2024` is refused (exit 2)
    with pytest.raises(BadParameter) as e:
        we.yearbook("annual", year, baseline_year=baseline)
    msg = str(e.value)
    assert e.value.exit_code == EXIT_USAGE
    assert f"baseline_year = {year - 1}" in msg and "None" in msg
    assert msg.index("不早于评价年度") < msg.index("is not before the year evaluated")
