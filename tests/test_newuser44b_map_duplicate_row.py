"""A laboratory export (标本条码, 科室代码, 检验类别, 接收时间, 报告时间) with one sample exported twice, every cell the
same (newuser44b, a hospital's own export).

`records map` proposed 标本条码 as event_id on the clean export, but one repeated barcode made it read the column as a
group (as a meter-reading segment number is), leave it unread and number the rows instead (`sequence`, "no record id in
the export"): the sample then counted twice in the 30-minute promise, in silence.  A key column whose repeats are all
whole rows repeated is still the records' id: proposed, the repeats named, so records check refuses them with their
rows (a duplicate key) instead of counting them twice.  A key whose repeats differ in another cell stays a group.
"""
from __future__ import annotations

import pandas as pd
import pytest
from _workspace import run_cli, write_workspace

HEAD = ["标本条码", "科室代码", "检验类别", "接收时间", "报告时间"]
ROWS = [["000123", "0301", "三大常规", "2025-03-04 08:10", "2025-03-04 08:35"],
        ["000124", "0301", "三大常规", "2025-03-04 08:10", "2025-03-04 08:41"],
        ["000125", "0301", "生化", "2025-03-04 08:10", "2025-03-04 14:00"]]


def _map(tmp_path, rows):
    d = write_workspace(tmp_path / "ws", (("0301", "检验科", "hospital_lab"),))
    pd.DataFrame(rows, columns=HEAD).to_csv(d / "hospital_events.csv", index=False, encoding="utf-8")
    r = run_cli("records", "map", "hospital_events.csv", "--kind", "hospital_events", cwd=d)
    assert r.returncode == 0, r.stderr
    return d, r.stdout


def test_a_whole_row_exported_twice_keeps_the_barcode_as_the_id(tmp_path):
    d, out = _map(tmp_path, ROWS + [ROWS[0]])
    assert '"标本条码": event_id' in out and "sequence" not in out
    assert "000123" in out   # the repeated id named, for the user to remove
    # taken as proposed, the repeat is refused with its row, never counted twice
    (d / "mapping.yaml").write_text(out, encoding="utf-8")
    r = run_cli("records", "check", "--data", str(d), cwd=d)
    assert r.returncode == 3, r.stdout + r.stderr
    text = r.stdout + r.stderr
    assert "000123" in text and "Traceback" not in text


def test_a_barcode_repeated_with_other_cells_is_no_id(tmp_path):
    other = ["000123", "0301", "生化", "2025-03-05 08:10", "2025-03-05 14:00"]
    _, out = _map(tmp_path, ROWS + [other])
    assert '"标本条码": event_id' not in out


@pytest.mark.parametrize("rows", [ROWS])
def test_the_clean_export_is_proposed_as_before(tmp_path, rows):
    _, out = _map(tmp_path, rows)
    assert '"标本条码": event_id' in out and "sequence" not in out
