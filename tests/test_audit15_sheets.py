"""Workbooks as firms send them: the data not on the first sheet, a hidden sheet, dates as Excel day numbers.

Fixed here, each test failing on the code before: a hidden sheet is one the surveyor does not see in Excel. A
workbook whose hidden sheet held an older copy of the data was refused as "2 sheets look like data (Sheet2, 旧数据)"
with no word that 旧数据 is hidden, so the firm found one sheet and could not follow the fix; the refusal now marks
the hidden sheet and says how to unhide it (exit 3, as the README's table has it for a delivery refused). Data only
on a hidden sheet is refused naming it (records25; read with a warning before), as records are.

Pinned as they are: the data sheet third, after a cover and a codes sheet, found by its header; interview dates as
real date cells and as Excel day numbers (45720) in a workbook.
"""
import openpyxl
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import DeliveryError, parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=10, seed=3, careless_share=0)


def _hide(p, name):
    wb = openpyxl.load_workbook(p)
    wb[name].sheet_state = "hidden"
    wb.save(p)


def test_a_hidden_copy_of_the_data_is_named_hidden_in_the_refusal(base, tmp_path, capsys):
    p = tmp_path / "hidden.xlsx"
    with pd.ExcelWriter(p) as w:
        pd.DataFrame({"说明": ["2025年满意度调查"]}).to_excel(w, sheet_name="说明", index=False)
        base.to_excel(w, sheet_name="Sheet2", index=False)
        base.iloc[:5].to_excel(w, sheet_name="旧数据", index=False)
    _hide(p, "旧数据")
    with pytest.raises(DeliveryError) as e:
        parse_delivery(p, INS, year=2025)
    msg = str(e.value)
    assert "旧数据（隐藏）" in msg and "取消隐藏" in msg and "旧数据 (hidden)" in msg and "Unhide" in msg
    assert e.value.exit_code == 3
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 3
    out = capsys.readouterr()
    assert "取消隐藏" in out.out + out.err and "Traceback" not in out.out + out.err


def test_data_only_on_a_hidden_sheet_is_refused_naming_it(base, tmp_path):
    # records25: read with a warning before, while records in such a workbook are refused; now refused alike (the
    # workbook whose every sheet is hidden, read with the warning: tests/test_records25_hidden_delivery.py)
    p = tmp_path / "hidden_data.xlsx"
    with pd.ExcelWriter(p) as w:
        pd.DataFrame({"说明": ["x"]}).to_excel(w, sheet_name="说明", index=False)
        base.to_excel(w, sheet_name="数据", index=False)
    _hide(p, "数据")
    with pytest.raises(DeliveryError) as e:
        parse_delivery(p, INS, year=2025, screen=False)
    assert "「数据」" in str(e.value) and "取消隐藏" in str(e.value) and "Unhide" in str(e.value)


def test_the_data_on_the_third_sheet_and_dates_as_excel_day_numbers(base, tmp_path):
    b = base.copy()
    b["interview_date"] = pd.to_datetime(b["interview_date"])
    b = b.astype({"interview_date": object})
    b.loc[0, "interview_date"], b.loc[1, "interview_date"] = 45720, 45720.0      # 2025-03-04, a General cell
    p = tmp_path / "third.xlsx"
    with pd.ExcelWriter(p) as w:
        pd.DataFrame({"说明": ["x"]}).to_excel(w, sheet_name="封面", index=False)
        pd.DataFrame({"代码": [1, 2], "标签": ["非常不满意", "不满意"]}).to_excel(w, sheet_name="代码", index=False)
        b.to_excel(w, sheet_name="Q1", index=False)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and chk.delivery.sheets["Q1"] == "read" and len(chk.valid) == len(base)
    assert chk.valid["interview_date"].iloc[:2].tolist() == [pd.Timestamp("2025-03-04")] * 2
    want = pd.to_datetime(base["interview_date"]).iloc[2:].tolist()
    assert chk.valid["interview_date"].iloc[2:].tolist() == want
    assert "date_serial" in set(chk.problems["code"])
