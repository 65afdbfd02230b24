"""The annual report's page says the records of other years its scorecard leaves out, counted per kind and year,
Chinese first with English (years44): the package counts them (``annual`` meta ``other_years``), the notebook only
says them.  A report built through the CLI on a small workspace of CSV files."""
import pandas as pd

from tests._workspace import run_cli
from tests.test_years44_counts import _data


def test_the_annual_page_counts_other_years(tmp_path):
    d = _data(tmp_path, "csv")
    out = tmp_path / "reports"
    p = run_cli("report", "--year", "2025", "--data", str(d), "--out", str(out), cwd=tmp_path, timeout=1200)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    page = (out / "2025" / "annual_evaluation.html").read_text(encoding="utf-8")
    zh = "数据中另有其他年份的记录,未计入 2025 年的计分卡:2024 年(基准年):业务工单 3 条、客户诉求 1 条;2026 年:业务工单 2 条。"
    en = ("The data also holds records of other years, not counted in the 2025 scorecard: 2024 (the baseline year): "
          "work orders 3 records, customer cases 1 record; 2026: work orders 2 records.")
    assert zh in page, page[:3000]
    assert en in page
    assert page.index(zh) < page.index(en)   # Chinese first


def test_nothing_said_of_a_year_alone(tmp_path):
    """The annual section of data that holds its year alone says nothing of other years."""
    import windoweval as we

    d = tmp_path / "data"
    d.mkdir()
    (d / "windoweval.toml").write_text('name = "示例"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n',
                                       encoding="utf-8")
    pd.DataFrame({"工单号": ["W1", "W2"], "窗口编号": "PW01", "工单类型": "fault_repair",
                  "受理时间": ["2025-03-03 08:00", "2025-03-04 08:00"]}).to_csv(d / "work_orders.csv", index=False)
    an = we.yearbook("annual", 2025, data=d, baseline_year=None)
    assert an.meta["other_years"] == {} and an.meta["other_years_said"] is None
