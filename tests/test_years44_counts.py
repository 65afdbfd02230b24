"""A year's scorecard counts the records of other years it leaves out, per kind and year, exactly as the year's read
leaves them out (years44; the lead's line named the kinds and years only): from a CSV, an XLSX, a store imported with
``windoweval records import``, and on Dask.  A work order belongs to the year it was filed (登记受理时间), else the
year its clock started (受理时间): one filed on 31 December 2024 and received in 2025 is 2024's, and is counted there."""
import pandas as pd
import pytest

from tests._workspace import run_cli

WORKSPACE = 'name = "示例"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'

#: (filed, received): 3 records of 2024 (one filed in 2024, received in 2025), 4 of 2025 (one filed in 2025,
#: received in 2026), 2 of 2026
ORDERS = [("", "2024-03-01 08:00"), ("", "2024-11-02 08:00"), ("2024-12-31 22:00", "2025-01-02 08:00"),
          ("", "2025-03-03 08:00"), ("", "2025-03-04 08:00"), ("", "2025-06-04 08:00"),
          ("2025-12-31 20:00", "2026-01-03 08:00"), ("", "2026-02-01 08:00"), ("", "2026-02-02 08:00")]
COMPLAINTS = ["2024-05-05 10:00", "2025-05-05 10:00", "2025-05-06 10:00"]

SAID_ZH = "不在 2025 年的评价内:2024 年:work_orders 3 条、complaints 1 条;2026 年:work_orders 2 条"
SAID_EN = "outside the 2025 evaluation: 2024: work_orders 3 records, complaints 1 record; 2026: work_orders 2 records"


def _frames():
    orders = pd.DataFrame({"工单号": [f"W{i}" for i in range(len(ORDERS))], "窗口编号": "PW01", "工单类型": "fault_repair",
                           "登记受理时间": [f for f, _ in ORDERS], "受理时间": [r for _, r in ORDERS],
                           "到达现场时间": [r.replace("08:00", "08:30") for _, r in ORDERS]})
    complaints = pd.DataFrame({"工单编号": [f"C{i}" for i in range(len(COMPLAINTS))], "受理渠道": "counter",
                               "诉求类型": "complaint", "窗口编号": "PW01", "受理时间": COMPLAINTS})
    return {"work_orders": orders, "complaints": complaints}


def _data(tmp_path, how: str):
    d = tmp_path / "data"
    d.mkdir()
    (d / "windoweval.toml").write_text(WORKSPACE, encoding="utf-8")
    for kind, df in _frames().items():
        if how == "csv":
            df.to_csv(d / f"{kind}.csv", index=False)
        elif how == "xlsx":
            df.to_excel(d / f"{kind}.xlsx", index=False)
        else:   # the store, as a user imports an export
            src = tmp_path / f"{kind}.csv"
            df.to_csv(src, index=False)
            p = run_cli("records", "import", kind, str(src), "--data", str(d), cwd=tmp_path)
            assert p.returncode == 0, p.stdout + p.stderr
    return d


def _score(tmp_path, d, *more):
    p = run_cli("score", "--year", "2025", "--data", str(d), "--out", str(tmp_path / "out"), *more, cwd=tmp_path)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    return p.stdout


@pytest.mark.parametrize("how,more", [("csv", ()), ("xlsx", ()), ("store", ()), ("csv", ("--scheduler", "threads")),
                                      ("store", ("--scheduler", "threads"))])
def test_other_years_counted_per_kind_and_year(tmp_path, how, more):
    out = _score(tmp_path, _data(tmp_path, how), *more)
    assert SAID_ZH in out and SAID_EN in out, out[-3000:]


def test_the_count_is_what_the_year_left_out(tmp_path):
    """The 2025 scorecard's records and the other years' counted add up to every record of the file."""
    d = _data(tmp_path, "store")
    out = _score(tmp_path, d)
    from windoweval.evaluation import other_year_counts
    from windoweval.records import read_records

    counts = other_year_counts(2025, d, kinds={"work_orders"})
    kept = read_records("work_orders", d, year=2025)
    assert sorted(kept["order_id"]) == ["W3", "W4", "W5", "W6"]   # W6 filed on 31 December 2025
    assert sum(counts["work_orders"].values()) + len(kept) == len(ORDERS)
    assert "work_orders 3 条" in out


@pytest.mark.parametrize("how", ["csv", "store"])
def test_a_record_filed_in_another_year_is_counted_there(tmp_path, how):
    """Every record received in 2025, one filed on 31 December 2024: that one is 2024's, left out of 2025 and said
    (the years of the clock start alone, which the year's check reads, hold 2025 only: nothing had been said)."""
    d = tmp_path / "data"
    d.mkdir()
    (d / "windoweval.toml").write_text(WORKSPACE, encoding="utf-8")
    df = pd.DataFrame({"工单号": ["W1", "W2", "W3"], "窗口编号": "PW01", "工单类型": "fault_repair",
                       "登记受理时间": ["2024-12-31 22:00", "", ""],
                       "受理时间": ["2025-01-02 08:00", "2025-03-03 08:00", "2025-03-04 08:00"]})
    if how == "csv":
        df.to_csv(d / "work_orders.csv", index=False)
    else:
        df.to_csv(tmp_path / "w.csv", index=False)
        p = run_cli("records", "import", "work_orders", str(tmp_path / "w.csv"), "--data", str(d), cwd=tmp_path)
        assert p.returncode == 0, p.stdout + p.stderr
    out = _score(tmp_path, d)
    assert "不在 2025 年的评价内:2024 年:work_orders 1 条 / " in out, out[-3000:]
    assert "outside the 2025 evaluation: 2024: work_orders 1 record" in out


def test_store_counts_are_what_each_year_reads(tmp_path):
    """Per year, the store's counts (from metadata, the filing column read where its statistics cannot say) equal the
    records the year's read keeps, and the records read whole counted by their year (Contract.year_counts)."""
    import numpy as np

    from windoweval.records import contracts
    from windoweval.records.store import import_records, read_validated, year_counts

    rng = np.random.default_rng(44)
    n = 3000
    received = pd.Timestamp("2023-06-01") + pd.to_timedelta(rng.integers(0, 3 * 365 * 24, n), unit="h")
    filed = received - pd.to_timedelta(rng.integers(0, 24 * 200, n), unit="h")
    filed = filed.where(rng.random(n) < 0.3)      # most orders not filed apart: the clock start dates them
    src = tmp_path / "w.csv"
    pd.DataFrame({"工单号": [f"W{i}" for i in range(n)], "窗口编号": "PW01", "工单类型": "fault_repair",
                  "登记受理时间": [t.strftime("%Y-%m-%d %H:%M") if not pd.isna(t) else "" for t in filed],
                  "受理时间": received.strftime("%Y-%m-%d %H:%M")}).to_csv(src, index=False)
    ds = import_records("work_orders", src, tmp_path / "store")
    got = year_counts("work_orders", ds)
    whole = contracts()["work_orders"].year_counts(read_validated("work_orders", ds))
    assert got == whole and sum(got.values()) == n and len(got) >= 3
    assert got == {y: len(read_validated("work_orders", ds, year=y, columns=["order_id"])) for y in got}
