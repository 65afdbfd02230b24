"""msgs46b (msgs46 left, item 2): a read note (records.validate.ReadNote: a column read day first) raised through the
Python API (``we.read_records``, ``we.score``) named the file by its whole path (``/home/张三/…/work_orders.csv``),
where the command line masks its printed text and a refusal is named relative to the data folder
(datadir.named_within).  The note is now built with the file's label relative to the data folder."""
from __future__ import annotations

import warnings

import windoweval as we
from windoweval.records.validate import ReadNote

from _workspace import HALL, write_workspace

HEAD = "order_id,window_id,order_type,received_at,arrived_at,completed_at\n"
DAY_FIRST = ("a,PW01,fault_repair,13.03.2025 10:00,13.03.2025 10:30,13.03.2025 12:00\n"
             "b,PW01,fault_repair,03.04.2025 10:00,03.04.2025 11:30,03.04.2025 12:00\n")


def _data(tmp_path):
    d = write_workspace(tmp_path / "张三的文件" / "data", HALL)
    (d / "exports").mkdir()
    (d / "exports" / "work_orders.csv").write_text(HEAD + DAY_FIRST, encoding="utf-8")
    (d / "mapping.yaml").write_text("work_orders:\n  file: exports/work_orders.csv\n", encoding="utf-8")
    return d


def _notes(got) -> list:
    return [str(w.message) for w in got if issubclass(w.category, ReadNote) and "received_at" in str(w.message)]


def _check(notes, tmp_path):
    assert notes, "no day-first note"
    for n in notes:
        assert "exports/work_orders.csv" in n and "张三" not in n and str(tmp_path) not in n, n
        assert "13.03.2025" in n        # the value that settled it, a date, still shown


def test_read_records_names_the_file_within_the_data_folder(tmp_path):
    d = _data(tmp_path)
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        we.read_records("work_orders", d)
    _check(_notes(got), tmp_path)


def test_score_names_the_file_within_the_data_folder(tmp_path):
    d = _data(tmp_path)
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        we.score("power_window", 2025, data=d)
    _check(_notes(got), tmp_path)
