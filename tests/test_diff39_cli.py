"""The diff39 differential test through the command line, as a scheduler runs it: ``windoweval score`` on a CSV folder
(the hospital's events, counter transactions, 95598 calls, fault repairs, outages and the staff roster, with the
contract's Chinese headers, booleans written 是/否) against the independent reading of tests/diff39_reference.py:
per measure and window the units assessed, met and missing evidence of ``results``, and the units missing evidence
listed one by one in ``*_missing_evidence.parquet`` (window, hour / weekday / customer); in this process and on Dask
(``--scheduler threads``)."""
from __future__ import annotations

from collections import Counter
from datetime import datetime

import pandas as pd
import pytest

import diff39_reference as ref
from _workspace import write_workspace
from test_diff38_cli import _score_csvs
from test_diff39_reference import MEASURES, WINDOWS, all_records

YEAR = 2025
MIN_RATE = 0.999


@pytest.mark.parametrize("scheduler, standard", [(None, None), ("threads", "power_window")])
def test_score_command_on_a_csv_folder(tmp_path, scheduler, standard):
    """Every standard in this process; on Dask the power supply standard alone (the test's time kept short)."""
    frames = all_records(YEAR)
    data = write_workspace(tmp_path / "data", WINDOWS)
    with open(data / "windoweval.toml", "a", encoding="utf-8") as f:
        f.write(f'\n[params."power_window.6.2.1"]\nmin_rate = {MIN_RATE}\n')
    out = tmp_path / "out"
    p = _score_csvs(tmp_path, data, out, frames, *(("--scheduler", scheduler) if scheduler else ()),
                    *(("--standard", standard) if standard else ()))
    res = pd.concat(pd.read_csv(f, dtype={"window_id": str}) for f in out.glob("*_results.csv"))
    res = res.set_index(["measure", "window_id"])
    listed = pd.concat(pd.read_parquet(f) for f in out.glob("*_missing_evidence.parquet"))
    units = listed[listed["unit"].notna()]
    cut = datetime(YEAR, 12, 31, 23, 59, 59)
    checked = 0
    for m, (_, keys, f) in MEASURES.items():
        if standard and not m.startswith(standard + "."):
            continue
        want = f(frames, YEAR, cut, {"min_rate": MIN_RATE})
        for w in sorted({k[0] for k in want}):
            vs = Counter(v for k, v in want.items() if k[0] == w)
            if vs[ref.PASS] + vs[ref.FAIL] + vs[ref.MISSING] == 0:
                assert (m, w) not in res.index or res.loc[(m, w), "n"] == 0, (m, w)
                continue
            r = res.loc[(m, w)]
            assert (int(r["n"]), int(r["met"]), int(r["missing_evidence"])) == (
                vs[ref.PASS] + vs[ref.FAIL], vs[ref.PASS], vs[ref.MISSING]), (m, w)
            checked += 1
        # each unit missing evidence listed with its keys (a blank customer: its window alone)
        mine = Counter(tuple(k[:2]) if len(k) == 3 else k for k, v in want.items() if v == ref.MISSING)
        rows = units[units["measure"] == m]
        got = Counter(tuple(None if pd.isna(x) else (int(x) if isinstance(x, float) else x) for x in t)
                      for t in rows[list(keys)].itertuples(index=False)) if len(rows) else Counter()
        assert got == mine, (m, got, mine)
    assert checked > (10 if standard else 20)
    assert "units missing evidence" in p.stdout and "listed in" in p.stdout.split("units missing evidence")[1][:200]
