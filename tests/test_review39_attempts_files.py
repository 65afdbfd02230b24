"""review39: complaints exported a file a month (mapping.yaml ``file: 回访记录*.csv``, ``attempts: callback``), one
month holding a case whose attempts the rule cannot settle (满意 before the repair, then an attempt with no result
after it), the other month none.  The merge marked its own month's frame (``attrs``), and the months' frames put
together (``pd.concat``) kept no mark that not every frame had: the refusal then advised writing ``attempts:
callback``, written already.  The mark now survives the concatenation."""
import io
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime

import pandas as pd

from test_diff39_callback_attempts import COLS, _folder

MAPPING = ("complaints:\n  file: 回访记录*.csv\n  columns: {" + ", ".join(f"{k}: {v}" for k, v in COLS.items())
           + "}\n  attempts: callback\n")


def _case(cid, day, tries):
    base = {"case_id": cid, "kind": "fault_repair", "channel": "95598", "window_id": "PW01",
            "received_at": datetime(2025, *day, 9), "replied_at": None, "resolved_at": datetime(2025, *day, 12),
            "case_status": "closed"}
    return [{**base, "callback_at": datetime(2025, *day, h, m, s), "callback_result": r} for h, m, s, r in tries]


def test_an_unsettled_case_in_one_months_file_is_told_the_option_is_written(tmp_path):
    from windoweval.cli import main

    march = _case("TS1", (3, 1), [(11, 59, 59, "satisfied"), (13, 0, 0, None)])      # unsettled
    april = _case("TS2", (4, 1), [(13, 0, 0, "unreachable"), (14, 0, 0, "satisfied")])   # settled: merged
    d = _folder(tmp_path, pd.DataFrame(march))                                          # 回访记录.csv
    (d / "mapping.yaml").write_text(MAPPING, encoding="utf-8")                           # 回访记录*.csv
    pd.DataFrame(april).rename(columns={v: k for k, v in COLS.items()}).to_csv(d / "回访记录_04.csv", index=False,
                                                                              encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        rc = main(["records", "check", "--data", str(d)])
    said = out.getvalue()
    assert rc == 3 and "Traceback" not in said and "TS1" in said, said
    assert "TS2" not in said, said
    # before: "write attempts: callback under complaints", the option written already
    assert "attempts: callback is written in mapping.yaml" in said and "mapping.yaml 已写" in said, said
    assert "write attempts: callback under complaints" not in said, said
