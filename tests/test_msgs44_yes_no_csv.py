"""msgs44: a true/false cell reads the same in every file people open.

The report's exports write 是/否 (public43; ``是 / yes`` in its default zh+en build), but the commands' ``--out`` CSVs
(``complaints``: the open cases' ``overdue``; ``score``: the exempt records' ``excused``, the missing evidence's
``exempt``) wrote Python's ``True``/``False``.  Every CSV and workbook written through ``exports.write_csv`` /
``Workbook`` now writes ``是 / yes`` and ``否 / no`` (a gap blank); the Parquet files beside keep the booleans
(machine-facing: read back by programs), as do ``survey estimate --format csv/json`` (for scripts, by design).
"""
import csv
import re

import pandas as pd
import pytest

from windoweval.cli import main

TRUE_FALSE = re.compile(r"(?:^|,)(?:True|False)(?:,|$)")


def _cells(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture(scope="module")
def complaints_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("co")
    assert main(["complaints", "--year", "2025", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def score_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("sc")
    assert main(["score", "--year", "2025", "--standard", "power_window", "--out", str(out)]) == 0
    return out


def test_the_complaints_csvs_write_yes_and_no(complaints_out):
    rows = _cells(complaints_out / "open.csv")
    col = rows[0].index("overdue")
    values = {r[col] for r in rows[1:]}
    assert values and values <= {"是 / yes", "否 / no", ""}, values
    for f in complaints_out.glob("*.csv"):
        assert not any(TRUE_FALSE.search(",".join(r)) for r in _cells(f)), f.name


def test_the_score_csvs_write_yes_and_no_and_the_parquet_keeps_booleans(score_out):
    csvs = list(score_out.glob("*.csv"))
    assert csvs
    for f in csvs:
        assert not any(TRUE_FALSE.search(",".join(r)) for r in _cells(f)), f.name
    rows = _cells(score_out / "power_window_exempt.csv")     # the demo has calls hung up before an answer was owed
    col = rows[0].index("excused")
    assert len(rows) > 1 and {r[col] for r in rows[1:]} <= {"是 / yes", "否 / no", ""}
    kept = pd.read_parquet(score_out / "power_window_exempt.parquet")
    assert pd.api.types.is_bool_dtype(kept["excused"].dtype) or kept["excused"].dropna().map(type).eq(bool).all()


def test_a_workbook_writes_yes_and_no(tmp_path):
    from openpyxl import load_workbook

    from windoweval.exports import write_xlsx

    write_xlsx({"t": pd.DataFrame({"overdue": [True, False], "gap": pd.Series([True, None], dtype=object)})},
               tmp_path / "t.xlsx")
    cells = [[c.value for c in row] for row in load_workbook(tmp_path / "t.xlsx").active.iter_rows()]
    assert cells[1:] == [["是 / yes", "是 / yes"], ["否 / no", None]]
