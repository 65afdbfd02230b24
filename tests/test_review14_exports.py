"""Review of the survey14 and audit24 merges: four defects of the export and delivery readers.

Fixed here, each test failing on the code before:

* a header cell of a mapped optional column (完成时间) holding a formula without a cached value was read as blank,
  so every order's completion time was blank; such a header cell is refused naming the cell and the fix (F9, save);
* a wholly GBK export one of whose rows is valid UTF-8 by chance (女 = c5 ae) was refused as mixing encodings; a line
  counts as UTF-8 only when it holds a character a GBK byte pair cannot fake (a 3-byte UTF-8 sequence);
* a delivery whose last header cell is a formula without a cached value lost that cell with the trailing blanks and
  every respondent was refused as ragged_row; the cell is refused by name;
* with ``sheets: [明细]`` a month's workbook holding none of the named sheets contributed nothing and load succeeded;
  it is refused naming the file, its sheets and the fix.
"""
import pytest

from _corpus import WO_HEAD as HEAD, rows_workbook as _xlsx, wo_rows as _rows, wo_workspace as _ws


@pytest.mark.parametrize("text", [
    "工单号,客户称呼\nA1,女士\nA2,先生\n",      # 女士 in GBK (c5 ae ca bf) is valid UTF-8 by chance: row 2
    "order_id,name\nA1,女\nA2,男\n",            # 女 (c5 ae) valid UTF-8 by chance, 男 (c4 d0) not: row 3
    "工单号,窗口\nA1,一号\nA2,女\nA3,二号\n",
])
def test_a_gbk_export_whose_row_is_valid_utf8_by_chance_is_read_not_refused_as_mixed(text):
    """records/io.py decode(): a wholly GBK export was refused as "mixing encodings" when one whole data row happens
    to be valid UTF-8 (GBK 女 is c5 ae = U+016E, 女士 c5 ae ca bf). Right: the whole file decodes as GB18030 and no
    line decodes as UTF-8 with a character GB18030 would read differently only by chance; read it as GB18030."""
    from windoweval.records.io import decode
    assert decode(text.encode("gbk"), "x.csv") == text


def test_records_an_uncached_formula_header_of_a_mapped_optional_column_is_refused_not_read_as_blank(tmp_path):
    """records/files.py load_files -> io.py _formula_refused(t, ..., header=bool(miss)): a header cell holding a formula
    without a cached value was looked at only when a *required* column is missing.  When the header of an optional
    column the mapping names (完成时间: completed_at) is such a formula, the header read as blank, the column was not
    mapped and every order's completion time was silently NaT.  Right: refused naming cell E1 and the fix (F9, save)."""
    from windoweval.records.files import load
    from windoweval.records.io import ExportError

    _ws(tmp_path)
    top = ["工单号", "窗口", "业务类型", "受理时间", '="完成时间"']
    _xlsx(tmp_path / "work_orders.xlsx", {"s": [top, ["GD1", "PW01", "故障报修", "2025-03-05 09:00", "2025-03-05 09:40"]]})
    with pytest.raises(ExportError) as e:
        load("work_orders", tmp_path)
    assert "E1" in str(e.value) and "F9" in str(e.value)


def test_delivery_an_uncached_formula_in_the_last_header_cell_is_refused_naming_it(tmp_path):
    """survey/delivery.py _refuse_uncalculated: header cells were looked at only where ``cs < len(header)``, but the
    header handed in has had its trailing blank cells popped (read_sheet), and an uncached formula reads as blank.
    So a formula header in the last column (here duration_s) was not refused: every respondent was refused as
    ragged_row.  A formula header in a middle column is refused naming the cell (F1) -- the last column must be too."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    from windoweval.demo import survey as demo
    from windoweval.survey.delivery import DeliveryError, parse_delivery
    from windoweval.survey.instrument import load_instrument

    df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=4, seed=11, careless_share=0)
    df["respondent_id"] = [f"RES{i:03d}" for i in range(1, len(df) + 1)]
    df = df[[c for c in df.columns if c != "duration_s"] + ["duration_s"]]
    head = list(df.columns)
    head[-1] = '="duration_s"'
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(head)
    for r in df.astype(object).where(df.notna(), None).values.tolist():
        ws.append(r)
    p = tmp_path / "d.xlsx"
    wb.save(p)
    ref = f"{get_column_letter(len(head))}1"
    with pytest.raises(DeliveryError) as e:
        parse_delivery(p, load_instrument("power_hall"), year=2025)
    assert ref in str(e.value) and "F9" in str(e.value)


def test_sheets_a_workbook_of_the_files_with_none_of_the_named_sheets_is_refused_not_read_as_nothing(tmp_path):
    """records/files.py load_files with mapping `sheets`: the check that refuses "an entry naming no sheet ... never
    read as nothing" was taken over the sheets of all files together, so with `file: '*.xlsx'` and `sheets: [明细]`,
    a month's workbook whose only sheet is Sheet1 contributed no record and load() succeeded. Right: a file none of
    whose sheets `sheets` names is refused, naming the file, its sheets and the fix."""
    from windoweval.errors import InputError
    from windoweval.records.files import load

    _ws(tmp_path, "  file: '*.xlsx'\n  sheets: [明细]\n")
    _xlsx(tmp_path / "wo_03.xlsx", {"明细": [HEAD] + _rows("A", 3, "03-05")})
    _xlsx(tmp_path / "wo_04.xlsx", {"Sheet1": [HEAD] + _rows("B", 4, "04-05")})
    with pytest.raises(InputError) as e:
        load("work_orders", tmp_path)
    msg = str(e.value)
    assert "wo_04.xlsx" in msg and "Sheet1" in msg and "sheets" in msg
