"""session 36 (probe36 noticed): a work order the customer withdrew (撤单, order_status withdrawn) whose export writes a
time in 完成时间 (the system closes it then) was judged as completed: withdrawn within the limit it read as a
promise kept.  A completion limit now reads a withdrawn order's end as its withdrawal (withdrawn_ends: the
connection, bill-query, meter-fault and restoration limits of power_window): within the limit it is not assessed,
after the limit it is missed (it was overdue), with no end missing evidence; an arrival limit is unchanged.  The
store's array path (engine.byvalue) gives the same counts as the frame's."""
import pandas as pd

from windoweval.kernels import excluded_of
from windoweval.kernels.time import time_limit
from windoweval.records import validate
from windoweval.records.store import import_records
from windoweval.records.workspace import Workspace
from windoweval.scoring import score

T = pd.to_datetime


def test_a_withdrawn_order_s_end_is_its_withdrawal():
    df = pd.DataFrame({"r": T(["2025-06-02 09:00"] * 5),
                       "c": T(["2025-06-03 10:00", "2025-06-20 10:00", None, "2025-06-03 10:00", "2025-06-03 10:00"]),
                       "st": ["withdrawn", "withdrawn", "withdrawn", "closed", None]})
    kw = dict(horizon="2025-12-31 23:59")
    m = time_limit(df, "r", "c", 2, "working_days", status="st", withdrawn_ends=True, **kw)
    assert m.tolist() == [pd.NA, False, pd.NA, True, True]
    assert excluded_of(m).tolist() == [True, False, False, False, False]   # not assessed, not missing evidence
    # without the rule (an arrival limit): as before, an end recorded is an end made
    assert time_limit(df, "r", "c", 2, "working_days", status="st", **kw).tolist()[:2] == [True, False]


def _orders():
    return pd.DataFrame({
        "order_id": [f"M{i}" for i in range(6)], "window_id": "PW01", "order_type": "meter_fault",
        "received_at": ["2025-06-02 09:00"] * 6,
        "completed_at": ["2025-06-03 10:00", "2025-06-03 10:00", "2025-06-20 10:00", "2025-06-03 10:00",
                         "2025-06-03 11:00", "2025-06-04 11:00"],
        "order_status": ["withdrawn", "withdrawn", "withdrawn", "closed", "closed", "closed"]})


def test_scored_from_records_and_from_the_store_alike(tmp_path):
    ws = Workspace.from_dict({"name": "示例", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})
    orders = validate(_orders(), "work_orders", file="工单.csv")
    mid = "power_window.10.2.8"
    mine = score("power_window", 2025, data=str(tmp_path / "none"), workspace=ws, records={"work_orders": orders})
    row = mine.results[mine.results["measure"].str.startswith(mid)]
    # two withdrawn within 2 working days: not assessed; one withdrawn after: missed; three completed in time
    assert row[["records", "n", "met"]].values.tolist() == [[6, 4, 3]], row
    orders.to_csv(tmp_path / "work_orders.csv", index=False)
    store = tmp_path / "store"
    import_records("work_orders", tmp_path / "work_orders.csv", store_dir=store)
    (store / "windoweval.toml").write_text('name = "示例"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n',
                                           encoding="utf-8")
    stored = score("power_window", 2025, data=str(store))
    got = stored.results[stored.results["measure"].str.startswith(mid)]
    assert got[["records", "n", "met"]].values.tolist() == [[6, 4, 3]], got
