"""review30: rows holding only a number that goes on by one from the record above were left out as a template's
numbered empty rows (session 30) even where that number is the record's own id (工单号 1003, every other cell
blank): work orders the system has, their values missing, gone from the evaluation with only a count in records
check.  Such rows are records again, refused for their missing values; a 序号 column no contract column reads is
still a template's numbering (tests/test_probe30_numbered_rows.py)."""
import subprocess
import sys

from windoweval.records import read_records
from windoweval.records.contract import RecordsError

import pytest

HEAD = "order_id,window_id,order_type,received_at,completed_at\n"
ROWS = ("1001,PW01,fault_repair,2025-03-01 08:00,2025-03-01 09:00\n"
        "1002,PW01,fault_repair,2025-03-02 08:00,2025-03-02 09:00\n")


def _data(d, tail):
    (d / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n',
                                       encoding="utf-8")
    (d / "work_orders.csv").write_text(HEAD + ROWS + tail, encoding="utf-8")


def test_rows_holding_only_the_records_own_id_are_refused_not_left_out(tmp_path):
    _data(tmp_path, "1003,,,,\n1004,,,,\n")
    with pytest.raises(RecordsError):
        read_records("work_orders", tmp_path)
    r = subprocess.run([sys.executable, "-m", "windoweval", "records", "check", "--data", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "第 4 行 row 4" in r.stdout and "第 5 行 row 5" in r.stdout and "Traceback" not in r.stderr


def test_a_running_number_no_contract_column_reads_is_still_left_out(tmp_path):
    (tmp_path / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\n'
                                              'kind = "power_hall"\n', encoding="utf-8")
    (tmp_path / "work_orders.csv").write_text(
        "序号," + HEAD + "".join(f"{i},{r}\n" for i, r in enumerate(ROWS.splitlines(), 1)) + "3,,,,,\n4,,,,,\n",
        encoding="utf-8")
    assert sorted(read_records("work_orders", tmp_path)["order_id"]) == ["1001", "1002"]
