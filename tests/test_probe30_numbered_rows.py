"""probe30: an export from a template numbered in advance (序号 1 … 20 down the sheet, records on the first rows, the
rest empty but for their number) was refused: each such row 'required value is empty', and the first named 'a totals
row with no label' when its number happened to equal the sum above (3 = 1 + 2).  Now the block of such rows at the
end of the table (one cell filled a row, all in the running-number column, going on by one from the last record's
number; at the very end or just above a last 合计 row) is left out and counted by `records check`, as blank rows are.
Any other row (a number that does not go on, a row with more filled, a record below) stays a record: refused where
it lacks a value, never dropped unseen."""
import openpyxl

from tests._workspace import run_cli, write_workspace
from windoweval.records import read_records

WINDOWS = (("HBIL", "挂号收费", "hospital_billing"),)
HEAD = "序号,票号流水号,科室编号,取号时间,首次叫号时间\n"
RECORDS = "1,Q1,HBIL,2025/4/8 8:01,2025/4/8 8:06\n2,Q2,HBIL,2025/4/8 8:02,2025/4/8 9:07\n"


def _dir(tmp_path, body, drop=False):
    d = write_workspace(tmp_path / "d", WINDOWS)
    (d / "queue_tickets.csv").write_text(HEAD + body, encoding="gbk")
    if drop:
        (d / "mapping.yaml").write_text("queue_tickets:\n  drop: {序号: [合计]}\n", encoding="utf-8")
    return d


def _check(tmp_path, d):
    p = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    return p, p.stdout + p.stderr


def test_rows_numbered_in_advance_are_left_out_and_counted(tmp_path):
    d = _dir(tmp_path, RECORDS + "3,,,,\n4,,,,\n5,,,,\n")
    assert read_records("queue_tickets", d)["ticket_id"].tolist() == ["Q1", "Q2"]
    p, out = _check(tmp_path, d)
    assert p.returncode == 0, out
    assert "empty rows holding only their running number" in out and "3 (第 4–6 行 / rows 4–6)" in out
    assert "只有序号的空行 / numbered empty rows 3" in out and "totals row" not in out


def test_above_a_last_totals_row(tmp_path):
    d = _dir(tmp_path, RECORDS + "3,,,,\n4,,,,\n合计,,,,\n", drop=True)
    p, out = _check(tmp_path, d)
    assert p.returncode == 0, out
    assert "序号=合计 (1 行 / rows)" in out and "2 (第 4–5 行 / rows 4–5)" in out


def test_in_a_workbook(tmp_path):
    d = write_workspace(tmp_path / "d", WINDOWS)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "票号流水号", "科室编号", "取号时间", "首次叫号时间"])
    ws.append([1, "Q1", "HBIL", "2025-04-08 08:01", "2025-04-08 08:06"])
    ws.append([2, "Q2", "HBIL", "2025-04-08 08:02", "2025-04-08 09:07"])
    for i in range(3, 21):
        ws.append([i])
    wb.save(d / "queue_tickets.xlsx")
    assert read_records("queue_tickets", d)["ticket_id"].tolist() == ["Q1", "Q2"]
    p, out = _check(tmp_path, d)
    assert p.returncode == 0 and "18 (第 4–21 行 / rows 4–21)" in out, out


def test_what_is_not_such_a_block_stays_refused(tmp_path):
    for body, rows in ((RECORDS + "9,,,,\n", ["第 4 行 row 4"]),                    # the number does not go on
                       (RECORDS + "3,,,,\n4,Q4,HBIL,2025/4/8 8:04,\n", ["第 4 行 row 4"]),  # a record below it
                       (RECORDS + "3,,HBIL,,\n", ["第 4 行 row 4"])):                 # more than the number filled
        d = _dir(tmp_path / str(len(body)) / body[-5:].replace(",", "_").strip(), body)
        p, out = _check(tmp_path, d)
        assert p.returncode == 3, out
        assert all(r in out for r in rows) and "required value is empty" in out, out
