"""Oracle's default date form in a records export (session 30): its own message naming the export setting.

A query tool exporting from an Oracle database whose session was not set writes ``08-APR-25 08.01.00 AM`` (or, in
Chinese, ``08-4月 -25 08.01.00.000000 上午``): refused as any two-digit year is, never guessed, but the message said
only "not a valid date/time"; it now names the form and the setting that exports it year first.
"""
import io
from contextlib import redirect_stderr, redirect_stdout

import pytest

from windoweval.cli import main


@pytest.mark.parametrize("value", ["08-APR-25 08.01.00 AM", "08-4月 -25 08.01.00.000000 上午", "08-APR-25",
                                   "8-apr-25 8.01.00 pm"])
def test_oracles_default_form_is_named_with_its_fix(tmp_path, value):
    (tmp_path / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "PW01"\nname = "城东"\nkind = "power_hall"\n',
                                              encoding="utf-8")
    (tmp_path / "work_orders.csv").write_text(
        "order_id,window_id,order_type,received_at\nWO1,PW01,fault_repair,2025-04-08 08:01:00\n"
        f"WO2,PW01,fault_repair,{value}\nWO3,PW01,fault_repair,2025-13-45 99:00\n", encoding="utf-8")
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(["records", "check", "--data", str(tmp_path)])
    out = so.getvalue()
    assert code == 3, out
    line = next(x for x in out.splitlines() if "row 3" in x)
    assert "Oracle" in line and "NLS_DATE_FORMAT" in line and "不作猜测" in line and "not guessed" in line
    other = next(x for x in out.splitlines() if "row 4" in x)    # any other bad value: the general message
    assert "Oracle" not in other and "不是有效的日期时间" in other
