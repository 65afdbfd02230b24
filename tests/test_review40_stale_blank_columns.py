"""``windoweval score`` publishes its files as one group (atomic.publishing_files): a file of the group the former run
wrote and this one does not is removed.  ``*_blank_columns.csv`` was not in the group: a run after the export was
fixed (到达时间 now written) left the former run's file saying the column is blank on every record (review40)."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

from windoweval.cli import main
from windoweval.demo import tiny_data_dir


def _score(d, out):
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(["score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out", str(out)])
    assert code == 0, so.getvalue()


def test_a_fixed_export_leaves_no_former_blank_columns_file(tmp_path):
    d = tiny_data_dir()
    f = d / "work_orders.csv"
    whole = pd.read_csv(f, dtype=str)
    whole.drop(columns=["arrived_at"]).to_csv(f, index=False)
    out = tmp_path / "out"
    _score(d, out)
    assert (out / "power_window_blank_columns.csv").exists()
    whole.to_csv(f, index=False)   # the export fixed
    _score(d, out)
    assert not (out / "power_window_blank_columns.csv").exists()
    assert (out / "power_window_results.csv").exists()
