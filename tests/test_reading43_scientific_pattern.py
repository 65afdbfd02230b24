"""reading43: the scientific-notation id pattern was written twice, ``records.validate._SCIENTIFIC_ID_RE``
(``[Ee]\\+\\d{1,3}``) and the survey delivery's (``[Ee]\\+\\d+``), so a respondent id ``1.5E+1234`` -- no number Excel
writes (its numbers end below 1E+308) -- was flagged as Excel's notation by the survey and read as written by the
records.  One pattern now (``records.ids.SCIENTIFIC_ID_RE``), the strictest correct one, both readers import."""
import re
from pathlib import Path

import pandas as pd
import pytest

from windoweval.records import ids
import importlib

V = importlib.import_module("windoweval.records.validate")
from windoweval.records.files import load_files
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")
PACKAGE = Path(__file__).resolve().parents[1] / "windoweval"


def _survey(tmp_path, ids_):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    df["respondent_id"] = ids_
    p = tmp_path / "d.csv"
    p.write_text(df.to_csv(index=False), encoding="utf-8")
    return D.parse_delivery(p, INS, year=2025, screen=False)


@pytest.mark.parametrize("value, excel", [("4.40101E+17", True), ("1E+5", True), ("1.2E+308", True),
                                          ("1.5E+1234", False), ("3E5", False), ("12E+", False)])
def test_one_pattern_both_readers_agree(tmp_path, value, excel):
    assert bool(re.fullmatch(ids.SCIENTIFIC_ID_RE, value)) is excel
    others = [f"R{i:03d}" for i in range(11)]
    checked = _survey(tmp_path, [value] + others)
    flagged = bool((checked.problems.code == "id_scientific").any())
    assert flagged is excel                      # before: 1.5E+1234 flagged by the survey, read as written by records
    f = tmp_path / "complaints.csv"
    f.write_text("工单编号,受理渠道,诉求类型,窗口编号,受理时间\n"
                 f"{value},95598,complaint,PW01,2025-03-01 09:00\nCS2,95598,complaint,PW01,2025-03-02 09:00\n",
                 encoding="utf-8")
    if excel:
        with pytest.raises(V.RecordsError):
            load_files("complaints", [f])
    else:
        assert load_files("complaints", [f]).frame["case_id"].tolist() == [value, "CS2"]


def test_the_pattern_is_written_once():
    assert V._SCIENTIFIC_ID_RE is ids.SCIENTIFIC_ID_RE
    written = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
               if re.search(r"\[Ee\]\\\\?\+\\\\?d", p.read_text(encoding="utf-8"))]
    assert written == ["records/ids.py"]
