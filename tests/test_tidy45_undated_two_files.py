"""tidy45 (session 44's note, item 5): a row of no year is refused in its own file, whatever the other files hold.

``validate._undated_problems`` left out the rows already named by a problem of their dates, matching them by row
number alone: with two files of one kind, a bad date on row 3 of the first file kept row 3 of the second (no filing
nor clock start: a record of no year) from being refused; it was then left out of every year in silence.  Rows are
now matched by file and row."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.records import RecordsError, validate
from windoweval.records.validate import FileLabels

from _workspace import HALL, run_cli, write_workspace


def test_two_files_rows_of_one_number_are_not_crossed():
    df = pd.DataFrame({"order_id": ["a1", "a2", "b1", "b2"], "window_id": "PW01", "order_type": "new_connection_other",
                       "filed_at": ["2025-06-01 09:00", "2025-13-45 09:00", "2025-06-01 09:00", None],
                       "received_at": [None, None, None, None]})
    files = FileLabels.concat([FileLabels.of("甲.csv", 2), FileLabels.of("乙.csv", 2)])
    with pytest.raises(RecordsError) as e:
        validate(df, "work_orders", files=files, rows=np.array([2, 3, 2, 3]))
    p = e.value.problems
    got = {(f, int(r), c) for f, r, c in p[["file", "row", "column"]].itertuples(index=False)}
    assert ("甲.csv", 3, "filed_at") in got                      # the date that is not one
    undated = p[p["problem_en"].str.contains("no year")]
    assert undated[["file", "row"]].values.tolist() == [["乙.csv", 3]], p[["file", "row", "problem_en"]]


def test_through_records_check(tmp_path):
    d = write_workspace(tmp_path / "data", HALL, mapping_file="mapping.yaml")
    (d / "mapping.yaml").write_text('work_orders:\n  file: "工单*.csv"\n', encoding="utf-8")
    head = "order_id,window_id,order_type,filed_at,received_at\n"
    (d / "工单1.csv").write_text(head + "a1,PW01,new_connection_other,2025-06-01 09:00,\n"
                                 "a2,PW01,new_connection_other,2025-13-45 09:00,\n", encoding="utf-8")
    (d / "工单2.csv").write_text(head + "b1,PW01,new_connection_other,2025-06-01 09:00,\n"
                                 "b2,PW01,new_connection_other,,\n", encoding="utf-8")
    p = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    out = p.stdout + p.stderr
    assert p.returncode == 3 and "Traceback" not in out, out
    assert "工单2.csv" in out and "no year" in out and "年度" in out, out
    assert out.index("年度") < out.index("no year"), out            # Chinese first
