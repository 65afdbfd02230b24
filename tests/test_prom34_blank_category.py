"""prom34: a case without its 业务类别 (category) prints as (未填写 / blank), never pandas' <NA>.

``windoweval complaints --by category`` grouped the blank category as a row headed <NA>, and the overdue cases listed
below it showed <NA> in their category column.  A blank text cell in a printed table now reads (未填写 / blank),
Chinese first (:func:`windoweval.console.bilingual`, every command's printed tables); the CSVs keep it blank.
"""
import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

from windoweval.cli import main

from test_prom34_promise_period import workspace


def test_a_blank_category_is_said_blank(tmp_path):
    workspace(tmp_path, "C1,95598,complaint,PW01,电费电价,2025-03-03 09:00,2025-03-05 09:00\n"
                        "C2,95598,complaint,PW01,,2025-08-04 09:00,2025-08-20 09:00\n"
                        "C3,95598,complaint,PW01,,2025-11-03 09:00,\n",
              head="case_id,channel,kind,window_id,category,received_at,replied_at")
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        rc = main(["complaints", "--data", str(tmp_path), "--year", "2025", "--by", "category",
                   "--out", str(tmp_path / "o")])
    text = out.getvalue()
    assert rc == 0 and "<NA>" not in text, text
    # by hand: the blank category holds C2 (late) and C3 (overdue): a row in the timeliness, callback and breakdown
    # tables, and C3 in the overdue list (4 in all)
    assert text.count("(未填写 / blank)") == 4, text
    overdue = text[text.index("未办结"):]
    assert "C3" in overdue and "(未填写 / blank)" in overdue, overdue
    csv = pd.read_csv(tmp_path / "o" / "breakdown.csv", dtype=str, keep_default_na=False)
    assert sorted(csv["category"]) == ["", "电费电价"], csv      # the file keeps the cell blank
