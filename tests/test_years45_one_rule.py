"""The year a record belongs to, said the same everywhere (years45): the years a kind holds, the year's check of
``score --year``, ``report --year`` and ``complaints``, ``records check``'s per-year list and the other years' line
all come from one function, :func:`windoweval.evaluation.kind_year_counts`, by the year filter's own rule
(``Contract.year_of``: the filing year, 登记受理时间, else the year the clock started, 受理时间).

Before, the year's check dated records by their clock start alone: work orders filed in December 2024 and received in
January 2025 belong to 2024 (the year's read keeps them there), yet ``score --year 2024`` was refused ("no records
for 2024") and ``score --year 2025`` was scored on none of them (4,846 such orders in the 10 M benchmark store)."""
import pandas as pd
import pytest

from tests._workspace import run_cli

WORKSPACE = 'name = "示例"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'

#: every order filed in 2024 and received (its clock started) in 2025: all of them 2024's
FILED_2024 = pd.DataFrame({"工单号": ["W1", "W2"], "窗口编号": "PW01", "工单类型": "fault_repair",
                           "登记受理时间": ["2024-12-30 22:00", "2024-12-31 21:00"],
                           "受理时间": ["2025-01-02 08:00", "2025-01-03 08:00"],
                           "到达现场时间": ["2025-01-02 08:30", "2025-01-03 08:20"]})


def _data(tmp_path, how: str, frame: pd.DataFrame = FILED_2024):
    d = tmp_path / "data"
    d.mkdir()
    (d / "windoweval.toml").write_text(WORKSPACE, encoding="utf-8")
    if how == "csv":
        frame.to_csv(d / "work_orders.csv", index=False)
    else:   # the store, as a user imports an export
        src = tmp_path / "w.csv"
        frame.to_csv(src, index=False)
        p = run_cli("records", "import", "work_orders", str(src), "--data", str(d), cwd=tmp_path)
        assert p.returncode == 0, p.stdout + p.stderr
    return d


@pytest.mark.parametrize("how", ["csv", "store"])
def test_score_takes_the_year_the_records_belong_to(tmp_path, how):
    d = _data(tmp_path, how)
    p = run_cli("score", "--year", "2024", "--data", str(d), "--out", str(tmp_path / "o24"), cwd=tmp_path)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]   # on main: exit 3, "no records for 2024"
    res = pd.read_csv(tmp_path / "o24" / "all_results.csv")
    assert pd.to_numeric(res["records"], errors="coerce").max() == 2   # both orders scored in 2024
    assert "数据中另有其他年份的记录" not in p.stdout      # no other year: nothing left out

    p = run_cli("score", "--year", "2025", "--data", str(d), "--out", str(tmp_path / "o25"), cwd=tmp_path)
    assert p.returncode == 3, p.stdout[-2000:] + p.stderr[-2000:]   # on main: scored on none of them, exit 0
    assert "数据中没有 2025 年的任何记录;数据覆盖 2024" in p.stderr and "the data holds no records for 2025" in p.stderr


@pytest.mark.parametrize("how", ["csv", "store"])
def test_the_python_entry_points_and_the_year_check(tmp_path, how):
    import windoweval as we
    from windoweval.evaluation import NoRecords, check_year, kind_year_counts, years_covered
    from windoweval.records import contracts, read_records
    from windoweval.report.build import default_year

    d = _data(tmp_path, how)
    counts = kind_year_counts(d)
    whole = contracts()["work_orders"].year_counts(read_records("work_orders", d))
    assert counts == {"work_orders": whole} == {"work_orders": {2024: 2}}
    assert years_covered(d) == {"work_orders": [2024]} == check_year(2024, d)
    with pytest.raises(NoRecords):
        check_year(2025, d)
    assert default_year(d) == 2024           # `report` without --year: the last year the records belong to
    card = we.score("power_window", year=2024, data=d)
    assert card.other_year_counts == {}
    with pytest.raises(NoRecords):
        we.score("power_window", year=2025, data=d)


def test_records_check_lists_the_years_by_the_same_rule(tmp_path):
    frame = pd.concat([FILED_2024, FILED_2024.assign(工单号=["W3", "W4"], 登记受理时间="")], ignore_index=True)
    d = _data(tmp_path, "csv", frame)
    p = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    assert "按年度 / records by year: 2024 年 2 条, 2025 年 2 条" in p.stdout, p.stdout[-3000:]
    from windoweval.evaluation import kind_year_counts

    assert kind_year_counts(d) == {"work_orders": {2024: 2, 2025: 2}}


def test_report_refuses_the_year_no_record_belongs_to(tmp_path):
    """``report --year 2025`` on orders that all belong to 2024 is refused (exit 3) before any notebook runs: it had
    passed the check (their clocks start in 2025) and built a report on none of them."""
    d = _data(tmp_path, "csv")
    p = run_cli("report", "--year", "2025", "--data", str(d), "--out", str(tmp_path / "r"), cwd=tmp_path,
                timeout=900)
    assert p.returncode == 3, p.stdout[-2000:] + p.stderr[-2000:]
    assert "数据中没有 2025 年的任何记录;数据覆盖 2024" in p.stderr


def test_report_builds_the_year_the_records_belong_to(tmp_path):
    """``report --year 2024`` on orders filed in 2024 and received in 2025 is built (exit 0; on main exit 3, "no
    records for 2024"), its annual page says no other year (every record is 2024's)."""
    d = _data(tmp_path, "csv")
    out = tmp_path / "r"
    p = run_cli("report", "--year", "2024", "--data", str(d), "--out", str(out), cwd=tmp_path, timeout=1200)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    page = (out / "2024" / "annual_evaluation.html").read_text(encoding="utf-8")
    assert "数据中另有其他年份的记录" not in page and "records of other years" not in page
