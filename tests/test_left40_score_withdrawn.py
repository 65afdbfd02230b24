"""``windoweval score`` says how many withdrawn cases have a blank withdrawal time (撤诉时间), as it says the other
missing evidence, and points to ``records check`` for each one's file and row (left40: only records check said so)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from tests.test_left39_withdrawal_blank import _ROWS, _workspace
from windoweval.cli import main


def _score(folder, tmp_path, capsys):
    capsys.readouterr()
    assert main(["score", "--data", str(folder), "--year", "2025", "--out", str(tmp_path / "out")]) == 0
    return capsys.readouterr().out


def test_score_counts_the_withdrawn_cases_without_a_time_and_points_to_records_check(tmp_path, capsys):
    out = _score(_workspace(tmp_path), tmp_path, capsys)
    line = next(x for x in out.splitlines() if "withdrawal time blank" in x)
    assert "标为撤销但撤销时间为空" in line and "complaints 1 条 / records" in line
    assert "windoweval records check" in out.split(line, 1)[1].splitlines()[1]


def test_score_says_nothing_of_it_where_every_withdrawal_has_its_time(tmp_path, capsys):
    import tests.test_left39_withdrawal_blank as W

    rows = [r for r in _ROWS if not r.startswith("T3,")]
    old = W._ROWS
    W._ROWS = rows
    try:
        folder = _workspace(tmp_path)
    finally:
        W._ROWS = old
    out = _score(folder, tmp_path, capsys)
    assert "withdrawal time blank" not in out and "撤销时间为空" not in out


def test_withdrawn_blank_is_the_rows_records_check_names():
    from windoweval.records.check import withdrawn_blank

    f = pd.DataFrame({"kind": ["complaint", "suggestion", "complaint"], "case_status": ["withdrawn"] * 3,
                      "replied_at": pd.to_datetime([None, None, "2025-03-04"]),
                      "resolved_at": pd.to_datetime([None, None, None])})
    assert withdrawn_blank("complaints", f).tolist() == [True, False, False]
    assert not withdrawn_blank("complaints", f.iloc[:0]).any()
    assert isinstance(withdrawn_blank("outages", f), np.ndarray)
