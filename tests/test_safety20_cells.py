"""safety20: no writer makes a cell longer than a spreadsheet holds (Excel: 32,767 characters; a longer one makes
the workbook refused), the cell says it was cut and how long the value was; an id that long is refused by the
records check (file, row, column, a short form of the value, the fix)."""
from __future__ import annotations

import re
import zipfile

import pandas as pd
import pytest

from windoweval.exports import safe_frame, write_csv, write_xlsx
from windoweval.privacy import MAX_TEXT, mask_text

LONG = "WO" + "7" * 39_998               # a 40,000-character order id, as a broken export gives it


def _cells_of(path):
    """Every cell text of an XLSX's shared strings and inline strings (what Excel checks against its limit)."""
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    return re.findall(r"<t[^>]*>([^<]*)</t>", xml)


@pytest.mark.parametrize("value", [LONG, "=" + "1" * 40_000, "说明" * 20_000, "x" * 32_767, "+" + "x" * 32_766])
def test_every_cell_of_an_xlsx_and_a_csv_fits_a_spreadsheet(tmp_path, value):
    df = pd.DataFrame({"order_id": [value, "WO2"], "note": [value, "ok"]})
    book = write_xlsx({"t": df}, tmp_path / "t.xlsx")
    cells = _cells_of(book)
    assert max(len(c) for c in cells) <= MAX_TEXT
    read = pd.read_excel(book, dtype=str)
    assert read["order_id"].str.len().max() <= MAX_TEXT
    csv = write_csv(df, tmp_path / "t.csv")
    back = pd.read_csv(csv, dtype=str, encoding="utf-8-sig")
    assert back.map(len).to_numpy().max() <= MAX_TEXT
    if len(value) > MAX_TEXT or value[0] in "=+":
        got = back["order_id"][0]
        if len(value) + (value[0] in "=+") > MAX_TEXT:     # cut: the cell says so, with the value's whole length
            assert "已截断" in got and "cut" in got and f"{len(value):,}" in got, got[-80:]


def test_a_long_header_fits_too(tmp_path):
    df = pd.DataFrame({"h" * 40_000: ["a"]})
    assert max(len(c) for c in safe_frame(df).columns) <= MAX_TEXT


def test_mask_text_cuts_within_the_limit_and_names_the_length():
    got = mask_text(pd.Series(["说明" * 20_000])).iloc[0]
    assert len(got) <= MAX_TEXT - 1         # room for the quote a formula-like text gets
    assert "40,000" in got and "已截断" in got


def test_a_40000_character_id_is_refused_by_the_records_check():
    from windoweval.records import validate
    from windoweval.records.contract import RecordsError

    df = pd.DataFrame({"order_id": [LONG, "WO2"], "window_id": ["PW01", "PW01"],
                       "order_type": ["fault_repair", "fault_repair"],
                       "received_at": ["2025-03-01 08:00", "2025-03-01 09:00"]})
    with pytest.raises(RecordsError) as e:
        validate(df, "work_orders", file="工单.csv")
    p = e.value.problems
    row = p[p["column"] == "order_id"]
    assert row["row"].tolist() == [2]
    assert len(str(row["value"].iloc[0])) < 200 and "40,000" in str(row["value"].iloc[0])
    assert "编号" in row["problem_zh"].iloc[0] and "id" in row["problem_en"].iloc[0]
