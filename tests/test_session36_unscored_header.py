"""session 36 (probe35 left it): the table of records in no measure's population named the contract's column
(item, patient_kind) and no header of the user's export.  It now shows, after the column, the header the workspace's
mapping reads it from (检查项目), else the contract's Chinese name (检查项), on the console and in *_unscored.csv."""
import pandas as pd

from test_session36_long_fault_items import _dir
from windoweval.cli import main
from windoweval.records.mapping import KindMapping


def test_the_unscored_table_names_the_export_s_header(tmp_path, capsys):
    d = _dir(tmp_path / "ws")
    out = tmp_path / "out"
    assert main(["score", "--year", "2025", "--data", str(d), "--out", str(out)]) in (0, 1)
    text = capsys.readouterr().out
    got = pd.read_csv(next(out.glob("*_unscored.csv")), dtype=str, keep_default_na=False)
    assert list(got.columns)[:4] == ["record_kind", "reason", "column", "header"]
    items = got[got["column"] == "item"]
    assert len(items) and set(items["header"]) == {"检查项目"}, got
    assert "表头 header" in text and "检查项目" in text


def test_a_header_of_a_combine_and_of_nothing():
    km = KindMapping("attendance", columns={"工号": "staff_id"},
                     combine={"shift_start": {"date": "日期", "time": "班次", "part": "start"}})
    assert km.header_of("staff_id") == "工号" and km.header_of("shift_start") == "日期、班次"
    assert km.header_of("window_id") is None
