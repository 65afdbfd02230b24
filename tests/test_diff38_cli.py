"""The diff38 differential test through the command line, as a scheduler runs it: ``windoweval score`` on a CSV folder
(the hospital's events, the hall's counter transactions, meter readings, outages, customer cases, the staff's
attendance and the counter pauses, each file with
the contract's Chinese headers, the special-circumstance flag written 是/否) against the independent reading of
tests/diff38_reference.py: for every measure of test_diff38_reference.MEASURES the missed records
(``*_missed.parquet``), the records missing evidence (``*_missing_evidence.parquet``) and the counts of ``results``
(assessed, met, open); in this process and on Dask (``--scheduler threads``)."""
from __future__ import annotations

import random

import pandas as pd
import pytest
import yaml

import diff38_reference as ref
from _workspace import ROOT, run_cli, write_workspace
from test_diff37_reference import _edge_days, _plain
from test_diff38_reference import (MEASURES, WINDOWS, attendance, complaints, counter_pauses, counter_transactions,
                                   hospital_events, meter_readings, outages)

YEAR = 2025


def _headers(kind: str) -> dict:
    spec = yaml.safe_load((ROOT / "windoweval" / "records" / "contracts.yaml").read_text(encoding="utf-8"))[kind]
    return {c: v["zh"] for c, v in spec["columns"].items()}


def _cell(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, pd.Timestamp) or hasattr(v, "strftime"):
        t = pd.Timestamp(v)
        return t.strftime("%Y-%m-%d") if t == t.normalize() and not hasattr(v, "hour") else t.strftime(
            "%Y-%m-%d %H:%M:%S")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _score_csvs(tmp_path, data, out, frames: dict, *args: str):
    """``windoweval score`` on ``data`` with each of ``frames`` written as ``<kind>.csv`` under the contract's Chinese
    headers (booleans 是/否), its results in ``out``; the finished process, its exit code checked."""
    for kind, df in frames.items():
        heads = _headers(kind)
        pd.DataFrame({heads[c]: [_cell(v) for v in df[c].astype(object)] for c in df.columns}).to_csv(
            data / f"{kind}.csv", index=False, encoding="utf-8")
    p = run_cli("score", "--year", str(YEAR), "--data", str(data), "--out", str(out), *args, cwd=tmp_path)
    assert p.returncode == 0, p.stderr[-3000:]
    return p


def _ids(table: pd.DataFrame, measure: str, key: str) -> set:
    """The ids a table lists for a measure (a table with no row of the measure's kind has no column for its id)."""
    rows = table.loc[table["measure"] == measure]
    return set(rows[key]) if len(rows) else set()


@pytest.mark.parametrize("scheduler", [None, "threads"])
def test_score_command_on_a_csv_folder(tmp_path, scheduler):
    rng = random.Random(3838)
    days = _edge_days(rng)
    frames = {"hospital_events": hospital_events(rng, days, 500), "counter_transactions": counter_transactions(rng, days, 250),
              "meter_readings": meter_readings(rng, days, 250), "outages": outages(rng, days, 250),
              "complaints": complaints(rng, days, 400), "attendance": attendance(rng, days, 300),
              "counter_pauses": counter_pauses(rng, days, 200)}
    data = write_workspace(tmp_path / "data", WINDOWS)
    out = tmp_path / "out"
    p = _score_csvs(tmp_path, data, out, frames, *(("--scheduler", scheduler) if scheduler else ()))
    res = pd.concat(pd.read_csv(f, dtype={"window_id": str}) for f in out.glob("*_results.csv")).set_index("measure")
    missed = pd.concat(pd.read_parquet(f) for f in out.glob("*_missed.parquet"))
    lacking = pd.concat(pd.read_parquet(f) for f in out.glob("*_missing_evidence.parquet"))
    cut = ref.cutoff(YEAR)
    checked = 0
    for m, (kind, key, f) in MEASURES.items():
        rows = [{k: _plain(v) for k, v in r.items()} for r in frames[kind].astype(object).to_dict("records")]
        want = {r[key]: f(r, YEAR, cut) for r in rows}
        assert _ids(missed, m, key) == {k for k, v in want.items() if v == ref.FAIL}, m
        assert _ids(lacking, m, key) == {k for k, v in want.items() if v == ref.MISSING}, m
        r = res.loc[[m]]
        n = sum(v in (ref.PASS, ref.FAIL) for v in want.values())
        assert (int(r["n"].sum()), int(r["met"].sum()), int(r["open"].sum())) == (
            n, sum(v == ref.PASS for v in want.values()), sum(v == ref.OPEN for v in want.values())), m
        checked += n
    assert checked > 300
