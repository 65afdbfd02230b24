"""survey37 (as a firm): a mobile number keyed as a respondent id (a firm numbering respondents by their phone), a
PSU, a stratum or a window id was taken silently and stored in responses.parquet, where the year's report and the
notebooks read respondent ids. Now the row is refused (error phone_number, exit 1 from survey check), the message
naming row and column with the fix, the value masked ([手机号]), and no file of the store but the raw delivery
holds the number. An 11-digit serial that is no mobile number (10012345678) is still an id."""
import csv
from pathlib import Path

import pytest

from windoweval.cli import main

DATA = Path(__file__).parent / "data" / "survey"


def _delivery(tmp_path, col, value) -> Path:
    rows = list(csv.reader((DATA / "clean_utf8.csv").open(encoding="utf-8")))
    rows[3][rows[0].index(col)] = value
    p = tmp_path / "d.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return p


@pytest.mark.parametrize("col,value", [("respondent_id", "13912345678"), ("psu", "15812345678"),
                                       ("stratum", "+86 13712345678"), ("window_id", "１８６１２３４５６７８")])
def test_a_phone_as_an_identifier_refuses_the_row_masked(tmp_path, capsys, col, value):
    p = _delivery(tmp_path, col, value)
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 1   # before: 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "phone" in ln)
    assert line.startswith("第 4 行") and f"column {col}" in line and "手机号码" in line and "流水号" in line
    assert value not in out and value[-8:] not in out
    store = tmp_path / "store"
    assert main(["survey", "import", str(p), "--instrument", "power_hall", "--year", "2025",
                 "--store", str(store)]) == 0
    assert value not in capsys.readouterr().out
    for f in store.rglob("*"):
        if f.is_file() and "raw" not in f.parts:
            assert value.encode() not in f.read_bytes() and value[-8:].encode() not in f.read_bytes(), f


def test_an_eleven_digit_serial_is_still_an_id(tmp_path, capsys):
    p = _delivery(tmp_path, "respondent_id", "10012345678")
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 0
