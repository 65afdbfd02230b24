"""Workbooks broken as they come (helper fuzz46): what the readers say of them, beside the bad-input corpus.

The corpus (tests/bad_inputs/*/xlsx_*, made by tests/bad_inputs/_make_xlsx46_cases.py) runs each through the command
line; these pin what a case file cannot: no warning of the workbook reader reaches the console (its file path and a
cell's value), and the refusal's row, column and value as the error object carries them.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from windoweval.records.io import ExportError, ole_encrypted, read_tables, workbook_not_zip
from windoweval.survey.delivery import DeliveryError, read_delivery

CASES = Path(__file__).parent / "bad_inputs"


def test_date_past_9999_refused_by_cell_without_the_readers_warning():
    f = CASES / "records/xlsx_date_past_9999/work_orders.xlsx"
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        tables = read_tables(f)
    assert not [w for w in got if "openpyxl" in str(w.filename) or "marked as a date" in str(w.message)]
    from windoweval.records.io import _error_refused
    e = _error_refused(tables[0], [0, 1, 2, 3, 4], range(2, 8))
    assert (e.row, e.column, e.value) == (5, "D", "9999999999")
    assert "日期格式" in e.zh and "formatted as a date" in e.en and "#" not in e.value


def test_survey_date_past_9999_shows_its_number_without_the_readers_warning():
    f = CASES / "survey/check_xlsx_date_past_9999/d.xlsx"
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        dl = read_delivery(f, "power_hall")
    assert not [w for w in got if "openpyxl" in str(w.filename) or "marked as a date" in str(w.message)]
    assert dl.frame.loc[dl.frame["row"] == 4, "interview_date"].tolist() == ["9999999999"]


@pytest.mark.parametrize("case, words", [
    ("records/xlsx_encrypted/work_orders.xlsx", ["密码", "password to open"]),
    ("records/xlsx_old_xls_renamed/work_orders.xlsx", ["旧版 Excel", "old Excel"]),
    ("records/xlsx_web_page_renamed/work_orders.xlsx", ["网页", "web page"]),
    ("records/xlsx_gbk_text_renamed/work_orders.xlsx", ["文本", "text (a CSV"]),
])
def test_a_workbook_that_is_no_zip_is_named_as_what_it_is(case, words):
    f = CASES / case
    with pytest.raises(ExportError) as e:
        read_tables(f)
    assert all(w in str(e.value) for w in words), str(e.value)
    assert "BadZipFile" not in str(e.value) and e.value.exit_code == 3
    with pytest.raises(DeliveryError) as d:   # a survey delivery so broken: the same words, its own fix
        read_delivery(f, "power_hall")
    assert all(w in str(d.value) for w in words) and "mapping.yaml" not in str(d.value)


def test_encrypted_under_other_names(tmp_path):
    enc = (CASES / "records/xlsx_encrypted/work_orders.xlsx").read_bytes()
    for name in ("工单.xls", "工单.csv"):
        f = tmp_path / name
        f.write_bytes(enc)
        assert ole_encrypted(f)
        with pytest.raises(ExportError, match="password to open"):
            read_tables(f)
    assert not ole_encrypted(CASES / "records/xlsx_old_xls_renamed/work_orders.xlsx")


def test_random_bytes_keep_the_readers_refusal(tmp_path):
    f = tmp_path / "x.xlsx"
    f.write_bytes(bytes(range(256)) * 4)
    assert workbook_not_zip(f) is None   # nothing to say it is: "cannot be read (not XLSX)" stands
    with pytest.raises(ExportError, match="cannot be read"):
        read_tables(f)


#: Texts a table or its name may carry from the data: formulas in every form, markup, controls.
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "＝1", "\u200b=1", "\u202e=1",
           "\u3000+1", "</textarea><script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
           "﹦1", "－1", " =1", "\n=1", "\x01=1", "=1\x00", "'quoted'"]


def test_exported_workbook_opens_and_no_cell_starts_a_formula(tmp_path):
    """Sheet names with a control character (a NUL, a line end) were written into the workbook's XML as they came:
    the whole workbook could not be opened (fuzz46).  Every sheet and cell named or filled with hostile text: the
    workbook opens, no cell is a formula or starts like one."""
    import openpyxl
    import pandas as pd

    from windoweval.cells import FORMULA
    from windoweval.exports import write_xlsx

    tables = {h: pd.DataFrame({g: [g, h] for g in HOSTILE}) for h in HOSTILE}
    write_xlsx(tables, tmp_path / "b.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "b.xlsx")
    assert len(wb.worksheets) == len(HOSTILE)
    for ws in wb.worksheets:
        assert not any(ch in ws.title for ch in "\x00\x01\n\r") and not ws.title.startswith("'")
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                assert not (isinstance(c.value, str) and FORMULA.match(c.value)), (ws.title, c.coordinate, c.value)


def test_only_the_date_styled_cells_are_looked_at_for_a_date_past_9999(monkeypatch):
    """review46: every long number of a sheet (a phone or an id column: 500,000 cells) was looked at in Python for
    its style; the date-styled cells are picked by the regular expression's pass itself, in any attribute order."""
    import re as re_

    import windoweval.records.io as io_
    from windoweval.records.io import _dates_past_excel

    looked = []

    class Counting:
        def __getattr__(self, name):
            return getattr(re_, name)

        def search(self, *a, **k):
            looked.append(a[1] if len(a) > 1 else "")
            return re_.search(*a, **k)

    monkeypatch.setattr(io_, "re", Counting())
    ids = "".join(f'<c r="A{i}" s="3"><v>{13812345678 + i}</v></c><c r="B{i}" s="1"><v>45719.5</v></c>'
                  for i in range(1, 2001))
    odd = '<c r="B9" s="1"><v>9999999999</v></c><c t="n" s="1" r="C9"><v>99999999999</v></c><c r="D9" s="12"><v>9e99</v></c>'
    assert _dates_past_excel(ids + odd, {"1": False}, False) == [("B9", "9999999999"), ("C9", "99999999999")]
    assert len(looked) <= 3 * 2          # the two date-styled cells' attributes, never the 2,000 ids'
    assert _dates_past_excel(ids, {"7": True}, False) == []             # no cell of a date style: nothing looked at
