"""A complaint export without 答复时间: 13.5's reply measures fail at 0 % (no complaint is answered as far as the records
say), and ``windoweval score`` now says why: the column the measure's evidence comes from is blank on every record
(session 32; before, the 0 % stood without a word, read as a fact about the windows)."""
import csv

from test_session31_callback_unknown import _workspace

import windoweval as we
from windoweval.cli import main


def _without_replies(d):
    d = _workspace(d, repairs_resolved=True)
    rows = list(csv.reader(open(d / "95598工单.csv", encoding="utf-8-sig")))
    i = rows[0].index("答复时间")
    with open(d / "95598工单.csv", "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([r[:i] + r[i + 1:] for r in rows])
    m = (d / "mapping.yaml").read_text(encoding="utf-8").replace('"答复时间": replied_at, ', "")
    (d / "mapping.yaml").write_text(m, encoding="utf-8")
    return d


def test_the_scorecard_names_the_blank_column(tmp_path):
    card = we.score("power_window", year=2025, data=_without_replies(tmp_path))
    blank = card.blank_columns()
    got = blank.set_index("measure")["column"].to_dict()
    assert got == {"power_window.13.5#complaint_reply": "replied_at", "power_window.13.5#report_reply": "replied_at"}
    assert set(blank["rows"]) == {5}


def test_the_score_command_says_it_and_writes_it(tmp_path, capsys):
    (tmp_path / "ws").mkdir()
    d = _without_replies(tmp_path / "ws")
    out = tmp_path / "out"
    assert main(["score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "columns blank on every record" in said and "答复时间" in said and "mapping.yaml" in said
    assert (out / "power_window_blank_columns.csv").read_text(encoding="utf-8-sig").splitlines()[1:] == [
        "power_window.13.5#complaint_reply,complaints,replied_at,答复时间,5",
        "power_window.13.5#report_reply,complaints,replied_at,答复时间,5"]


def test_nothing_said_where_the_column_is_there(tmp_path, capsys):
    (tmp_path / "ws").mkdir()
    d = _workspace(tmp_path / "ws", repairs_resolved=True)
    assert main(["score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out",
                 str(tmp_path / "out")]) == 0
    assert "columns blank" not in capsys.readouterr().out
