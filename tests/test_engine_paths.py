"""The three ways the engine meets records give one scorecard: pandas on a CSV, the store read piece by piece,
and Dask (on the CSV and on the store).  The same counts, the same ``unscored`` table (unknown window ids
listed with their record counts), the same refusal when the workspace says ``unknown_windows = "refuse"``,
and turn-per-row transcripts joined into dialogues on every path.
"""
from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pytest
from _workspace import write_workspace

from windoweval.catalog import Catalog, load_catalog
from windoweval.cli import main
from windoweval.errors import InputError
from windoweval.scoring import score

MEASURES = {"power_window.10.2.5", "power_window.10.2.7", "etiquette.annex1.1", "etiquette.annex2"}

_WINDOWS = (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall"),
            ("HBIL", "挂号收费室", "hospital_billing"))


def _catalog() -> Catalog:
    """Only row-local measures, so a store dataset is read piece by piece."""
    cat = load_catalog()
    clauses = {}
    for cid, c in cat.clauses.items():
        ms = [m for m in c.get("measures") or [] if (f"{cid}#{m['id']}" if m.get("id") else cid) in MEASURES]
        if ms:
            clauses[cid] = {**c, "measures": ms}
    return Catalog(standards=cat.standards, clauses=clauses, aliases={}, checklist_items=cat.checklist_items)


def _orders() -> pd.DataFrame:
    rows = [("W1", "PW01", "fault_repair", "2025-03-01 08:00:00", "2025-03-01 08:40:00", None),      # met
            ("W2", "PW01", "fault_repair", "2025-03-01 08:00:00", "2025-03-01 08:50:00", None),      # missed
            ("W3", "PW02", "appointment", "2025-03-02 08:00:00", "2025-03-02 10:30:00", "2025-03-02 10:00:00"),
            ("W4", "PW02", "billing_query", "2025-03-02 08:00:00", None, None),                      # no measure's type
            ("W5", "PW99", "fault_repair", "2025-03-03 08:00:00", "2025-03-03 08:30:00", None),      # unknown window
            ("W6", "PW99", "fault_repair", "2025-03-03 09:00:00", "2025-03-03 09:30:00", None),
            ("W7", "HBIL", "fault_repair", "2025-03-03 09:00:00", "2025-03-03 09:30:00", None),      # no power clause
            ("W8", "PW01", "fault_repair", "2024-12-30 08:00:00", "2024-12-30 09:30:00", None)]      # another year
    return pd.DataFrame(rows, columns=["order_id", "window_id", "order_type", "received_at", "arrived_at", "due_at"])


def _transcripts() -> pd.DataFrame:
    rows = [("T1", 1, "customer", "我不知道怎么交电费。"), ("T1", 2, "staff", "您好!我来帮您。"),
            ("T1", 3, "staff", "请您检查好随身物品,请慢走。"),
            ("T2", 1, "staff", "请问您办什么业务?"), ("T2", 2, "customer", "您好,交电费。"),
            ("T2", 3, "staff", "有牌子,自己看。"), ("T3", 1, "staff", "您好,请坐。")]
    return pd.DataFrame([{"transcript_id": t, "turn": n, "speaker": sp, "text": x,
                          "window_id": "PW01" if t != "T3" else "PW77", "channel": "counter",
                          "recorded_at": "2025-03-01 09:00:00"} for t, n, sp, x in rows])


def _run(*args):
    so, se = io.StringIO(), io.StringIO()
    with redirect_stdout(so), redirect_stderr(se):
        code = main(list(args))
    return code, so.getvalue() + se.getvalue()


@pytest.fixture(scope="module")
def dirs(tmp_path_factory):
    base = tmp_path_factory.mktemp("paths")
    csv, store = base / "csv", base / "store"
    csv.mkdir()
    store.mkdir()
    _orders().to_csv(csv / "work_orders.csv", index=False)
    _transcripts().to_csv(csv / "transcripts.csv", index=False)
    for d in (csv, store):
        write_workspace(d, _WINDOWS, name="测试", unknown_windows="list")
    for kind in ("work_orders", "transcripts"):
        code, out = _run("records", "import", kind, str(csv / f"{kind}.csv"), "--data", str(store))
        assert code == 0, out
    return csv, store


def _card(data, scheduler=None):
    return score(["power_window", "etiquette"], 2025, data=data, catalog=_catalog(), scheduler=scheduler)


def _results(card):
    cols = ["measure", "window_id", "records", "n", "met", "open", "exempt", "verdict"]
    return card.results[cols].sort_values(["measure", "window_id"]).reset_index(drop=True)


def _unscored(card):
    u = card.unscored
    return u.sort_values(list(u.columns)).reset_index(drop=True).astype({"records": "int64"})


def test_the_paths_give_one_scorecard_and_one_unscored_table(dirs):
    csv, store = dirs
    ref = _card(csv)
    r = _results(ref).set_index(["measure", "window_id"])
    assert (r.loc[("power_window.10.2.5", "PW01"), ["n", "met"]].tolist()) == [2, 1]
    # the turn-per-row dialogues judged whole: T1's greeting is the staff's, T2's customer says 您好, not the staff
    assert r.loc[("etiquette.annex1.1", "PW01"), ["n", "met"]].tolist() == [2, 1]
    u = _unscored(ref)
    # a hospital window's work order: no measure reads work orders for its kind (no_measure, verdict43; was window)
    got = {(k, why, v): n for k, why, v, n in u[["record_kind", "reason", "value", "records"]].itertuples(index=False)}
    assert got == {("work_orders", "window", "PW99"): 2, ("work_orders", "no_measure", "HBIL"): 1,
                   ("work_orders", "value", "billing_query"): 1, ("transcripts", "window", "PW77"): 1}
    for data, scheduler in ((store, None), (csv, "sync"), (store, "sync")):
        card = _card(data, scheduler)
        pd.testing.assert_frame_equal(_results(card), _results(ref), check_dtype=False)
        pd.testing.assert_frame_equal(_unscored(card), u, check_dtype=False)


def test_the_paths_refuse_unknown_windows_alike(dirs, tmp_path):
    csv, store = dirs
    for src, scheduler in ((csv, None), (store, None), (csv, "sync"), (store, "sync")):
        d = tmp_path / f"{src.name}-{scheduler}"
        shutil.copytree(src, d)
        write_workspace(d, _WINDOWS, name="测试", unknown_windows="refuse")
        with pytest.raises(InputError) as e:
            _card(d, scheduler)
        assert "PW99" in str(e.value) and "unknown_windows" in str(e.value), (src.name, scheduler)
