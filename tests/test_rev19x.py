"""Review of the merged branches left19x and left19s (rev19x): defects confirmed against the code, each pinned here.

1. ``windoweval/survey/store.py:480-482`` (``n_answers_refused_respondents``, ``n_values_refused_respondents``) and
   ``windoweval/cli/survey.py:246,269`` (``survey check``'s "in N respondents") counted the respondents of the
   answers refused alone by ``row`` alone.  For a workbook delivered one sheet a month (left19x) ``row`` is the
   sheet's row, so row 6 of 1月 and row 6 of 2月 (two respondents) were counted as one.  Right: one respondent per
   (sheet, row).  Fails on c8a36a7 (main, with left19x): 1 test.
2. ``windoweval/records/io.py:90`` (``file_lines``) counted every ``"`` byte as opening or closing a quoted value, so
   one quote inside an unquoted cell (``27" 显示器``, an inch mark, which every CSV reader reads as a plain character)
   flipped the parity and every refusal below it named a wrong file line (row 3 as line 6).  Right: a quote in the
   middle of an unquoted cell (neither after a delimiter or line start nor before one) is a character, as the
   readers take it.  Fails on c8a36a7: 1 test.
3. ``windoweval/privacy.py:974-976`` (``shown_paths``, left19s) cut every one-folder absolute path whose folder is no
   system folder, so a value a message quotes with slashes lost its first part: 窗口 '/PW01/2025' became '2025',
   科室 /内科/外科 became 外科, code /A/B became B (the user is told a value they never wrote).  Right: a one-folder path
   loses its folder when a file's name follows (``/张三/x.csv`` -> ``x.csv``, as left19s wants) or it came from a
   ``file:`` URL; a value without a file name after it is shown as written, as it was before left19s.  Fails on
   c8a36a7 (main with left19s): 4 of 4 cases; passes on 70d1eae^1 (before left19s).
4. ``windoweval/survey/store.py:830`` (``load_rejects(answers=True)`` / ``values=True``) reindexed answers_refused.csv
   and values_refused.csv to the row/line/record_id columns and so dropped the ``sheet`` column left19x writes: a
   month workbook's refused answers came back as row 6, row 6 with no sheet.  Right: the sheet kept beside its row.
   Fails on c8a36a7: 1 test.
5. ``windoweval/survey/store.py:412`` (the import refusing a delivery whose every respondent is refused) counted the
   rows of each code by ``row`` alone: 16 respondents over two month sheets were "nonpositive_weight 8".  Right: one
   per row key (sheet and row).  Fails on c8a36a7: 1 test.
6. ``windoweval/atomic.py:451`` (``_clean_written_aside``, left19s) removed a ``.tmp-<pid>-<random>`` file whenever no
   process of that id lived on *this* machine: in a folder on a network share another machine's write under way (its
   pid unknown here) was deleted, and its move into place then failed.  Right: the name carries the machine
   (``.tmp-<pid>-h<host>-<random>``); another machine's file is removed only once old (:data:`ASIDE_AGE`), this
   machine's once its process is gone.  Fails on c8a36a7: 1 test.
7. ``windoweval/survey/delivery.py:940-951`` (two data sheets, left19x's month path beside the codes-and-labels
   twin): a workbook whose 2月 sheet is a copy of 1月 (the same cells: a month pasted twice) was taken as "the same
   answers, one as codes, one as labels", 2月 ignored with a warning and ``survey check`` exit 0: a month's answers
   missing with no error, and a message that is false.  Right: refused (exit 3) naming both sheets, in both
   languages.  Fails on c8a36a7: 1 test.
8. ``windoweval/records/totals.py:187`` (``repeated_headers``, left19x) searched the two text columns for the header
   as written, case and all, while the rule that judges a candidate folds case: a header repeated by another export
   in capitals (``ORDER_ID,WINDOW,TYPE`` below ``order_id,window,type``), whose cells are valid text, was never a
   candidate and was read as a record.  Right: searched in any case.  Fails on c8a36a7: 1 test.
"""
from __future__ import annotations

import pandas as pd
import pytest

from tests.test_left19_exports import _delivery, _months


def test_respondents_with_answers_refused_alone_are_counted_per_sheet_and_row(tmp_path, capsys):
    from windoweval.cli import main
    from windoweval.survey.delivery import parse_delivery
    from windoweval.survey.store import list_deliveries

    df = _delivery()
    df.loc[4, "env1"] = "98"            # 1月 row 6: refused alone
    df.loc[12, "env1"] = "97"           # 2月 row 6: another respondent, refused alone
    book = _months(tmp_path / "d.xlsx", {"1月": df.iloc[:8], "2月": df.iloc[8:]})
    chk = parse_delivery(book, "power_hall", year=2025)
    assert chk.refused_answers[["sheet", "row"]].values.tolist() == [["1月", 6], ["2月", 6]]
    assert main(["survey", "check", str(book), "--instrument", "power_hall", "--year", "2025"]) in (0, 1)
    out = capsys.readouterr().out
    assert "在 2 位受访者中 in 2 respondents" in out, out
    store = tmp_path / "store"
    assert main(["survey", "import", str(book), "--instrument", "power_hall", "--year", "2025",
                 "--store", str(store)]) == 0
    rec = list_deliveries(store_dir=store)
    assert rec["n_answers_refused"].tolist() == [2]
    assert rec["n_answers_refused_respondents"].tolist() == [2]


def test_file_lines_reads_a_quote_inside_an_unquoted_cell_as_a_character():
    from windoweval.records.io import file_lines

    data = b'a,b\n1,27" screen\n2,x\n3,y\n4,"q\nr"\n5,z\n6,"say ""hi"""\n7,w\n'
    assert file_lines(data, [1, 2, 3, 4, 5, 6, 7, 8]).tolist() == [1, 2, 3, 4, 5, 7, 8, 9]
    crlf = data.replace(b"\n", b"\r\n")
    assert file_lines(crlf, [1, 2, 3, 4, 5, 6, 7, 8]).tolist() == [1, 2, 3, 4, 5, 7, 8, 9]
    tabs = b'a\tb\n1\t27" screen\n2\t"q\nr"\n3\tz\n'
    assert file_lines(tabs, [1, 2, 3, 4]).tolist() == [1, 2, 3, 5]


@pytest.mark.parametrize("text", ["窗口 '/PW01/2025' 不存在", "科室 值 '/内科/外科' 无效", "业务代码 /A/B 不在代码表中",
                                  "类别 /咨询/投诉 不是已知的类别"])
def test_a_value_written_with_slashes_is_shown_as_written(text):
    from windoweval.privacy import mask_message, shown_paths

    assert shown_paths(text) == text
    assert mask_message(text) == text
    assert shown_paths("/张三/工单.xlsx: 1 处") == "工单.xlsx: 1 处"


def test_load_rejects_of_answers_keeps_the_sheet_of_a_month_workbook(tmp_path):
    from windoweval.cli import main
    from windoweval.survey.store import load_rejects

    df = _delivery()
    df.loc[4, "env1"] = "98"            # 1月 row 6
    df.loc[12, "env1"] = "97"           # 2月 row 6
    df.loc[13, "customer_type"] = "外星人"   # 2月 row 7: an optional value refused alone
    book = _months(tmp_path / "d.xlsx", {"1月": df.iloc[:8], "2月": df.iloc[8:]})
    store = tmp_path / "store"
    assert main(["survey", "import", str(book), "--instrument", "power_hall", "--year", "2025",
                 "--store", str(store)]) == 0
    got = load_rejects("power_hall_2025", answers=True, store_dir=store)
    assert got[["sheet", "row", "column"]].values.tolist() == [["1月", 6, "env1"], ["2月", 6, "env1"]]
    vals = load_rejects("power_hall_2025", values=True, store_dir=store)
    assert vals[["sheet", "row", "column"]].values.tolist() == [["2月", 7, "customer_type"]]


def test_an_import_refusing_every_respondent_counts_them_per_sheet(tmp_path):
    from windoweval.survey.store import ImportRefused, import_delivery

    df = _delivery()
    df["weight"] = "-1"                 # every respondent refused: 8 on 1月, 8 on 2月
    book = _months(tmp_path / "d.xlsx", {"1月": df.iloc[:8], "2月": df.iloc[8:]})
    with pytest.raises(ImportRefused) as e:
        import_delivery(book, "power_hall", 2025, store_dir=tmp_path / "store")
    msg = str(e.value)
    assert "16 位受访者全部被拒（nonpositive_weight 16）" in msg, msg


def test_a_file_written_aside_by_another_machine_is_not_judged_by_this_ones_processes(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from windoweval.atomic import write_bytes

    root = Path(__file__).resolve().parents[1]
    code = ("import socket, sys; socket.gethostname = lambda: 'other-machine'; "
            "from windoweval.atomic import write_bytes; write_bytes(sys.argv[1], b'new')")
    env = {k: v for k, v in os.environ.items() if k != "WINDOWEVAL_KILL_AT"}
    env["PYTHONPATH"] = os.pathsep.join([str(root), env.get("PYTHONPATH", "")])
    env["WINDOWEVAL_KILL_AT"] = "bytes_written"     # stands for a write under way on the other machine
    out = tmp_path / "share"
    out.mkdir()
    r = subprocess.run([sys.executable, "-c", code, str(out / "a.csv")], env=env, capture_output=True, text=True)
    assert r.returncode == -9, r.stderr
    aside = [p.name for p in out.iterdir()]
    assert len(aside) == 1 and aside[0].startswith(".tmp-")
    write_bytes(out / "b.csv", b"b")                 # this machine's write into the shared folder
    assert sorted(p.name for p in out.iterdir()) == sorted(aside + ["b.csv"])


def test_a_month_sheet_copied_over_another_is_refused_not_read_as_codes_and_labels(tmp_path, capsys):
    from windoweval.cli import main

    df = _delivery()
    book = _months(tmp_path / "d.xlsx", {"1月": df.iloc[:8], "2月": df.iloc[:8]})
    rc = main(["survey", "check", str(book), "--instrument", "power_hall", "--year", "2025"])
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert rc == 3, text
    assert "「2月」与「1月」逐格完全相同" in text and "sheets '2月' and '1月' are the same cell for cell" in text
    assert "one as codes, one as labels" not in text


def test_a_header_repeated_in_another_case_is_found(tmp_path):
    import numpy as np

    from windoweval.records.totals import repeated_headers

    frame = pd.DataFrame({0: ["GD1", "ORDER_ID", "GD2"], 1: ["PW01", "WINDOW", "PW01"], 2: ["a", "TYPE", "b"]},
                         dtype="str")
    assert repeated_headers(["order_id", "window", "type"], frame, np.array([2, 3, 4])).tolist() == [3]
    frame = pd.DataFrame({0: ["GD1", "Order_Id", "GD2"], 1: ["PW01", "Window", "PW01"]}, dtype="str")
    assert repeated_headers(["ORDER_ID", "WINDOW"], frame, np.array([2, 3, 4])).tolist() == [3]
