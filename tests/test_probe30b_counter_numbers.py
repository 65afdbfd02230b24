"""probe30b: a government hall's queue export names the counter that served (2号窗, 3号窗) in a column `records map`
takes for the window; with a workspace whose windows are PW01, PW02 …, it proposed `"2号窗": "PW02"` as a reading,
saying it was "the same id written otherwise (full-width, spaces, case)".  It is not: only its number is PW02's, and
`records check` says so and never reads it so unless declared.  The proposal now offers it commented out, saying why;
a window's name (城东营业厅) and its id written otherwise (ＰＷ01) are still proposed as readings."""
import yaml

from windoweval.records.propose import propose
from windoweval.records.workspace import Workspace

WS = Workspace.from_dict({"windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"},
                                      {"id": "PW02", "name": "城西营业厅", "kind": "power_hall"}]})


def test_a_counters_number_is_no_window_proposed(tmp_path):
    f = tmp_path / "queue_tickets.csv"
    rows = ["流水号,窗口编号,取号时间,叫号时间"] + [
        f"Q{i:03d},{['2号窗', 'ＰＷ01', '城西营业厅'][i % 3]},2025-06-03 09:{i:02d}:00,2025-06-03 09:{i + 5:02d}:00"
        for i in range(12)]
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    text = propose(f, "queue_tickets", workspace=WS)
    got = yaml.safe_load(text)["queue_tickets"]["values"]["window_id"]
    assert got == {"ＰＷ01": "PW01", "城西营业厅": "PW02"}, text
    line = next(x for x in text.splitlines() if "2号窗" in x)
    assert line.lstrip().startswith('# "2号窗": "PW02"') and "written otherwise" not in line, line
