"""prom34: ``complaints`` does not judge the cases of a window id the workspace does not know; it counts and says them.

``records check`` lists such a window (X9) and says its records are not scored, the scorecard does not score them,
but ``windoweval complaints`` and the report's complaint page judged them with the rest: the reply rate below was
2 of 4 on time where the scorecard's 13.5 said 2 of 3.  Now they are left out of every complaint table, as the
scorecard leaves them out, counted by id and said (the command's output, the page's note), never dropped in silence.

By hand (complaints, 5 calendar days): PW01's C1 (2 days) and C3 (2 days) on time, C2 (16 days) late; X9's C4
(received 8 October, replied 30 October: 22 days) late.
"""
import io
from contextlib import redirect_stderr, redirect_stdout

import windoweval as we
from windoweval.cli import main
from windoweval.complaints import complaint_summary
from windoweval.scoring import score

from test_prom34_promise_period import CASES, workspace


def _data(d):
    return workspace(d, CASES + "C4,95598,complaint,X9,2025-10-08 09:00,2025-10-30 09:00\n")


def test_an_unknown_windows_cases_are_counted_not_judged(tmp_path):
    d = _data(tmp_path)
    t = complaint_summary(2025, d)
    row = t["timeliness"].set_index("kind").loc["complaint"]
    assert (int(row["assessed"]), int(row["in_time"]), int(row["late"])) == (3, 2, 1)
    assert t["breakdown"]["window_id"].tolist() == ["PW01"]
    assert int(t["callbacks"]["needing"].sum()) == 3
    stray: dict = {}
    complaint_summary(2025, d, unknown=stray)
    assert stray == {"X9": 1}
    # the same cases as the scorecard's row
    r = score("power_window", 2025, data=d).results.set_index("measure").loc["power_window.13.5#complaint_reply"]
    assert (int(r["n"]), int(r["met"])) == (3, 2)


def test_the_command_and_the_page_say_them(tmp_path):
    d = _data(tmp_path)
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        rc = main(["complaints", "--data", str(d), "--year", "2025"])
    text = out.getvalue()
    assert rc == 0 and "另有 1 件诉求的窗口编号不在工作区中(X9 1)" in text and "window ids the workspace does not know" in text
    assert text.index("另有 1 件") < text.index("1 more cases"), text
    assert we.yearbook("complaints", 2025, data=d).meta["unknown_windows"] == {"X9": 1}
