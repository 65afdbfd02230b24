"""The differential test through the command line, as a scheduler runs it: ``windoweval score`` on a CSV data folder
(work orders with their Chinese headers, every time written in UTC with its zone, as some systems export them:
2025-12-31T16:00:00Z is 2026-01-01 00:00 in Beijing) against the independent reading of
tests/diff37_reference.py: the missed records (``*_missed.parquet``), the records missing evidence
(``*_missing_evidence.parquet``) and the counts of ``results`` (assessed, met, open) of each work-order measure."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest

import diff37_reference as ref
from _workspace import run_cli, write_workspace
from test_diff37_reference import MEASURES, _edge_days, _plain, work_orders

KIND = "work_orders"
HEADERS = {"order_id": "工单编号", "window_id": "供电所编号", "order_type": "工单类型", "received_at": "受理时间",
           "filed_at": "登记受理时间", "due_at": "约定时间", "arrived_at": "到达现场时间", "completed_at": "完成时间",
           "order_status": "工单状态"}
BEIJING = timezone(timedelta(hours=8))


def _written(v, zoned: bool) -> str:
    """A time as an export writes it: wall clock, or (``zoned``) the same moment in UTC with its zone."""
    if v is None or pd.isna(v):
        return ""
    t = pd.Timestamp(v).to_pydatetime()
    return (t.replace(tzinfo=BEIJING).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if zoned
            else t.strftime("%Y-%m-%d %H:%M:%S"))


@pytest.mark.parametrize("year", [2025])
def test_score_command_on_a_csv_folder(tmp_path, year):
    rng = random.Random(3737)
    df = work_orders(rng, _edge_days(rng), 1200)
    zoned = [True] * len(df)   # a column mixing zoned and plain times is refused (exit 3): all zoned
    data = write_workspace(tmp_path / "data", (("PW01", "城东营业厅", "power_hall"),))
    csv = pd.DataFrame({HEADERS[c]: [_written(v, z) if c.endswith("_at") else ("" if v is None or pd.isna(v) else v)
                                     for v, z in zip(df[c], zoned)] for c in df.columns if c in HEADERS})
    csv.to_csv(data / "work_orders.csv", index=False, encoding="utf-8")
    out = tmp_path / "out"
    p = run_cli("score", "--standard", "power_window", "--year", str(year), "--data", str(data), "--out", str(out),
                cwd=tmp_path)
    assert p.returncode == 0, p.stderr[-3000:]
    res = pd.read_csv(next(out.glob("*_results.csv")), dtype={"window_id": str}).set_index("measure")
    missed = pd.read_parquet(next(out.glob("*_missed.parquet")))
    lacking = pd.read_parquet(next(out.glob("*_missing_evidence.parquet")))
    cut = ref.cutoff(year)
    rows = [{k: _plain(v) for k, v in r.items()} for r in df.to_dict("records")]
    checked = 0
    for m, (kind, key, f) in MEASURES.items():
        if kind != KIND:
            continue
        want = {r[key]: f(r, year, cut) for r in rows}
        got_missed = set(missed.loc[missed["measure"] == m, key])
        got_lacking = set(lacking.loc[lacking["measure"] == m, key])
        assert got_missed == {k for k, v in want.items() if v == ref.FAIL}, m
        assert got_lacking == {k for k, v in want.items() if v == ref.MISSING}, m
        r = res.loc[m]
        n = sum(v in (ref.PASS, ref.FAIL) for v in want.values())
        assert (int(r["n"]), int(r["met"]), int(r["open"])) == (
            n, sum(v == ref.PASS for v in want.values()), sum(v == ref.OPEN for v in want.values())), m
        checked += n
    assert checked > 300   # records assessed (the rest: other years, open, missing evidence)
