"""review39: a sheet of codes and its sheet of labels (the same interviews) where the labels sheet shows the PSU by
its value label (the window's name, as SPSS writes a labelled variable) differs from the codes sheet in the PSU on
every row.  survey39's rule read "another PSU, date or weight on most rows" as other respondents (a sheet a window
whose ids restart): the pair was read as two parts, the labels sheet's respondents all refused as duplicate ids
with the advice to number them once over the workbook.  The answers, the same by code on every row, say the
interviews are the same: the pair is a twin, refused as before (deliver one sheet, naming row, column and the two
values)."""
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")
LABELS = {1: "非常不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "非常满意", 9: "不适用"}


def test_a_labels_sheet_naming_the_psu_by_its_label_is_still_a_twin(tmp_path):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    wb = openpyxl.Workbook()
    codes = wb.active
    codes.title = "代码"
    words = wb.create_sheet("标签")
    for ws in (codes, words):
        ws.append(list(df.columns))
    for _, r in df.iterrows():
        codes.append([int(r[c]) if c in INS.coded_columns else r[c] for c in df.columns])
        words.append([LABELS[int(r[c])] if c in ("env1", "env2") else int(r[c]) if c in INS.coded_columns else
                      ("网点" + r[c] if c == "psu" else r[c]) for c in df.columns])
    p = tmp_path / "交付.xlsx"
    wb.save(p)
    with pytest.raises(D.DeliveryError) as e:   # before: read as two parts, 12 duplicate ids on the labels sheet
        D.parse_delivery(p, INS, year=2025, screen=False)
    msg = str(e.value)
    assert "deliver one data sheet" in msg and "请只交付一个数据表" in msg and "psu" in msg
