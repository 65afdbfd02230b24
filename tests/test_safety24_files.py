"""safety24: the missed-records files read from the descriptor their footer check read (as safety23 did for the
inputs), a file moved into their place between check and read never read."""
from __future__ import annotations

import os

import pandas as pd
import pytest

import windoweval.safepath as safepath
from windoweval.errors import InputError
from windoweval.exports import read_missed, write_missed


def _swap_after_check(monkeypatch, replacements):
    """parquet_problem as it is, then each file named in ``replacements`` replaced by its other file: a file swapped
    between the check and the read."""
    real = safepath.parquet_problem

    def check(path, *a, **k):
        got = real(path, *a, **k)
        other = replacements.pop(os.path.basename(path), None)
        if other is not None:
            os.replace(other, path)
        return got
    monkeypatch.setattr(safepath, "parquet_problem", check)


def test_read_missed_reads_the_file_checked(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_missed([pd.DataFrame({"order_id": ["WO1", "WO2"], "measure": "m"})], out, "x")
    other = tmp_path / "other"
    write_missed([pd.DataFrame({"order_id": ["SWAPPED"] * 5, "measure": "m"})], other, "x")
    _swap_after_check(monkeypatch, {"x_missed.parquet": other / "x_missed.parquet"})
    got = read_missed(out, "x")
    assert got["order_id"].tolist() == ["WO1", "WO2"]      # the checked file's rows, not the swapped-in file's


def test_read_missed_refuses_a_fifo_in_its_place(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "x_missed.parquet")
    with pytest.raises(InputError) as e:     # opened without blocking and refused, never waited on
        read_missed(out, "x")
    assert e.value.exit_code == 3


def test_read_missed_still_refuses_a_lying_footer(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_missed([pd.DataFrame({"order_id": ["WO1", "WO2"], "measure": "m"})], out, "x")
    monkeypatch.setattr(safepath, "parquet_problem", lambda *a, **k: ("页脚不符", "the footer lies"))
    with pytest.raises(InputError) as e:
        read_missed(out, "x")
    assert e.value.exit_code == 3 and "x_missed.parquet" in str(e.value) and "the footer lies" in str(e.value)
