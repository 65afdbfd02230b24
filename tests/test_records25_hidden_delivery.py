"""records25: a survey delivery whose data were only on a hidden sheet (a visible cover beside it) was read with a
warning, while records in the same workbook are refused (records.files._hidden_sheets_left): the two disagreed.
Now they agree: data only on a hidden sheet, with a sheet the surveyor sees, is refused naming the sheet and the
fix (unhide it in Excel, save, deliver again), exit 3; a workbook whose every sheet is hidden (no spreadsheet
program saves one so) is read by both, the delivery with its counted warning."""
import re
import zipfile

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
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=5, seed=3, careless_share=0)


def _book(tmp_path, base, cover: bool):
    p = tmp_path / "交付.xlsx"
    with pd.ExcelWriter(p) as w:
        if cover:
            pd.DataFrame({"说明": ["x"]}).to_excel(w, sheet_name="说明", index=False)
        base.to_excel(w, sheet_name="数据", index=False)
    if cover:
        wb = openpyxl.load_workbook(p)
        wb["数据"].sheet_state = "hidden"
        wb.save(p)
        return p
    # the only sheet hidden: no spreadsheet program (nor openpyxl) saves one so; written into workbook.xml by hand
    with zipfile.ZipFile(p) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    x = re.sub(rb'\sstate="[^"]*"', b"", parts["xl/workbook.xml"])
    parts["xl/workbook.xml"] = re.sub(rb"<sheet ", b'<sheet state="hidden" ', x, count=1)
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    assert openpyxl.load_workbook(p)["数据"].sheet_state == "hidden"
    return p


def test_data_only_on_a_hidden_sheet_refused_as_records_are(base, tmp_path, capsys):
    p = _book(tmp_path, base, cover=True)
    with pytest.raises(DeliveryError) as e:
        parse_delivery(p, INS, year=2025, screen=False)
    msg = str(e.value)
    assert "数据" in msg and "隐藏" in msg and "取消隐藏" in msg and "Unhide" in msg
    assert msg.index("取消隐藏") < msg.index("Unhide") and e.value.exit_code == 3
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 3
    out = capsys.readouterr()
    assert "取消隐藏" in out.out + out.err and "Traceback" not in out.out + out.err


def test_every_sheet_hidden_read_with_a_counted_warning(base, tmp_path):
    p = _book(tmp_path, base, cover=False)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(base)
    w = chk.problems[chk.problems["code"] == "hidden_sheet"]
    assert len(w) == 1 and w["value"].tolist() == ["数据"] and (w["severity"] == "warning").all()
