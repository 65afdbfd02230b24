"""``windoweval score --standard a --standard b`` scored only ``b`` (argparse kept the last), exit 0, the first standard
dropped without a word.  Each --standard given is scored (the same standard twice once), the files named after them
all; an unknown one is refused as a wrong command line (exit 2, as one alone is) with the choices (review40)."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

from windoweval.cli import main

from _workspace import fault_repairs_csv, write_workspace


def _run(tmp_path, *standards):
    d = write_workspace(tmp_path / "d")
    fault_repairs_csv(d / "work_orders.csv")
    out = tmp_path / "out"
    so = io.StringIO()
    args = ["score", *[a for s in standards for a in ("--standard", s)], "--year", "2025", "--data", str(d),
            "--out", str(out)]
    with redirect_stdout(so), redirect_stderr(so):
        code = main(args)
    return code, so.getvalue(), out


def test_two_standards_are_both_scored(tmp_path):
    code, said, out = _run(tmp_path, "power_window", "window_staff")
    assert code == 0, said
    files = list(out.glob("*_results.csv"))
    assert len(files) == 1, files
    res = pd.read_csv(files[0])
    assert {m.split(".")[0] for m in res["measure"]} == {"power_window", "window_staff"}
    assert "power_window" in files[0].name and "window_staff" in files[0].name


def test_one_standard_twice_is_scored_once_under_its_own_name(tmp_path):
    code, said, out = _run(tmp_path, "power_window", "power_window")
    assert code == 0, said
    res = pd.read_csv(out / "power_window_results.csv")
    assert not res.duplicated(["measure", "window_id"]).any()
    assert {m.split(".")[0] for m in res["measure"]} == {"power_window"}


def test_an_unknown_second_standard_is_refused(tmp_path):
    code, said, _ = _run(tmp_path, "power_window", "power_windw")
    assert code == 2 and "power_windw" in said and "Traceback" not in said, said


def test_promises_refuses_two_standards_it_cannot_publish_as_one(tmp_path):
    """``windoweval promises --standard a --standard b`` published b's promises alone, exit 0: a wrong command line
    now (exit 2), both named; the same one twice is that one."""
    d = write_workspace(tmp_path / "d")
    fault_repairs_csv(d / "work_orders.csv")
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(["promises", "--year", "2025", "--data", str(d), "--standard", "power_window", "--standard",
                     "hospital_commitments", "--out", str(tmp_path / "o")])
    said = so.getvalue()
    assert code == 2 and "power_window" in said and "hospital_commitments" in said and "Traceback" not in said, said
    assert said.index("只能") < said.index("takes one"), said
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(["promises", "--year", "2025", "--data", str(d), "--standard", "power_window", "--standard",
                     "power_window", "--out", str(tmp_path / "o")])
    assert code == 0, so.getvalue()
