"""newuser44: an export holding records of two years (a 31 December repair in the 2025 export) was read, and
`windoweval score --year 2025` left the 2024 record out, rightly, but nowhere said so: `records check` counted
"15 rows" and scoring counted 14, with no line between them.  records check now says the records by year."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

from windoweval.cli import main

TOML = 'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'


def _check(d):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["records", "check", "--data", str(d)])
    return rc, out.getvalue() + err.getvalue()


def test_records_of_two_years_are_counted_by_year(tmp_path):
    (tmp_path / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "work_orders.csv").write_text(
        "order_id,window_id,order_type,received_at,arrived_at\n"
        "R0,PW01,fault_repair,2024-12-31 23:50,2025-01-01 00:20\n"
        "R1,PW01,fault_repair,2025-03-03 09:00,2025-03-03 09:30\n"
        "R2,PW01,fault_repair,2025-03-04 09:00,2025-03-04 09:30\n", encoding="utf-8")
    rc, said = _check(tmp_path)
    assert rc == 0, said
    assert "2024 年 1 条, 2025 年 2 条" in said and "2024: 1, 2025: 2" in said, said
    assert "--year" in said, said


def test_records_of_one_year_get_no_such_line(tmp_path):
    (tmp_path / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "work_orders.csv").write_text(
        "order_id,window_id,order_type,received_at,arrived_at\n"
        "R1,PW01,fault_repair,2025-03-03 09:00,2025-03-03 09:30\n", encoding="utf-8")
    rc, said = _check(tmp_path)
    assert rc == 0 and "records by year" not in said, said
