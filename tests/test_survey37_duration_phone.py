"""survey37 #2: a ``duration_s`` holding a mobile phone number (11 digits starting with 1, as written or as a
spreadsheet's number) was read as a duration of 13,812,345,678 seconds and stored in responses.parquet; it is now
refused alone (the respondent's answers kept, the duration blank), the message naming row and column and the fix,
the value masked in the check's output, problems.csv and values_refused.csv, and the number stored nowhere but the
raw delivery kept by hash."""
import csv
from pathlib import Path

import pandas as pd
import pytest

from windoweval.cli import main

DATA = Path(__file__).parent / "data" / "survey"
PHONE = "13812345678"


def _delivery(tmp_path, value) -> Path:
    rows = list(csv.reader((DATA / "clean_utf8.csv").open(encoding="utf-8")))
    rows[2][rows[0].index("duration_s")] = value
    p = tmp_path / "交付.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return p


@pytest.mark.parametrize("value", [PHONE, "１３８１２３４５６７８", "13812345678.0", "19912345678"])
def test_a_phone_in_duration_is_refused_and_never_shown(tmp_path, capsys, value):
    p = _delivery(tmp_path, value)
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "duration_s" in ln and "第 3 行" in ln)   # before: no line at all
    assert "手机号码" in line and "phone number" in line and line.index("手机号码") < line.index("phone number")
    assert "秒数" in line and "in seconds" in line and value not in out and value[:7] not in out

    store = tmp_path / "store"
    assert main(["survey", "import", str(p), "--instrument", "power_hall", "--year", "2025",
                 "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert value not in out
    resp = pd.read_parquet(next(store.rglob("responses.parquet")))
    row = resp.loc[resp["respondent_id"] == "000002"].iloc[0]
    assert pd.isna(row["duration_s"]) and row["overall"] == row["overall"]        # duration blank, answers kept
    assert resp["duration_s"].max() < 1e6
    refused = pd.read_csv(next(store.rglob("values_refused.csv")), dtype=str)
    assert refused["column"].tolist() == ["duration_s"] and refused["row"].tolist() == ["3"]
    for f in store.rglob("*"):
        if f.is_file() and "raw" not in f.parts:
            data = f.read_bytes()
            assert PHONE.encode() not in data and value.encode() not in data, f


def test_a_long_duration_that_is_no_phone_is_still_read(tmp_path, capsys):
    p = _delivery(tmp_path, "9876")
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 0
    assert "phone" not in capsys.readouterr().out
