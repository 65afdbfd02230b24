"""probe36: a marketing system's 承诺兑现明细, one row per work order with its own 兑现情况, set beside the records.

`promises --ledger` read a ledger one row per promise (承诺编号, 兑现情况) only; the export a power company has is one
row per order (工单编号, 承诺事项, 承诺时限, 兑现情况, 延期原因), and it was refused (exit 3: "add a 承诺编号 column"),
though the order id says which record each row speaks for. It is now cross-checked order by order against the
records' own verdicts (the rates still come from the records alone).

By hand (resident connections, 5 working days, the day of receipt not counted; 2025's Spring Festival 28 Jan - 4 Feb
off, Sunday 26 Jan and Saturday 8 Feb worked):
- W1 received Fri 24 Jan 10:00: 26 Jan (1), 27 Jan (2), 5, 6, 7 Feb (3-5): due 7 Feb; power on 7 Feb 16:00: kept.
  The ledger says 已兑现: agrees.
- W2 same day, power on Sat 8 Feb 09:00 (a working day, after the 5th): broken. The ledger says 已兑现 (延期原因
  春节放假: the holiday is already not counted): contradicted.
- W3 received Fri 26 Sep: 28 Sep (Sunday worked, 1), 29, 30 Sep (2, 3), National Day 1-8 Oct off, 9, 10 Oct (4, 5):
  due 10 Oct; power on 10 Oct 18:00: kept. The ledger says 未兑现: contradicted.
- W4 received 26 Dec, not done: due 5 Jan 2026 (1 Jan off, Sunday 4 Jan worked): open at the year's end. 已兑现:
  unconfirmed, never a pass.
- W5 is no record (a duplicate order dropped from the records): listed, never dropped.
"""
import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

from windoweval.cli import main
from windoweval.promises import fulfilment, ledger_check, occurrences

ORDERS = ("order_id,window_id,order_type,received_at,completed_at\n"
          "W1,PW01,new_connection_resident,2025-01-24 10:00,2025-02-07 16:00\n"
          "W2,PW01,new_connection_resident,2025-01-24 10:00,2025-02-08 09:00\n"
          "W3,PW01,new_connection_resident,2025-09-26 10:00,2025-10-10 18:00\n"
          "W4,PW01,new_connection_resident,2025-12-26 10:00,\n")
LEDGER = ("工单编号,承诺事项,承诺时限,兑现情况,延期原因\n"
          "W1,居民新装,5个工作日,已兑现,\n"
          "W2,居民新装,5个工作日,已兑现,春节放假\n"
          "W3,居民新装,5个工作日,未兑现,国庆\n"
          "W4,居民新装,5个工作日,已兑现,\n"
          "W5,居民新装,5个工作日,已兑现,\n")


def _data(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "PW01"\nname = "城东"\nkind = "power_hall"\n',
                                       encoding="utf-8")
    (d / "work_orders.csv").write_text(ORDERS, encoding="utf-8")
    ledger = tmp_path / "承诺兑现明细.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    return d, ledger


def test_an_order_ledger_is_checked_order_by_order(tmp_path):
    d, ledger = _data(tmp_path)
    occ = occurrences(2025, data=d, standard="power_window")
    per = fulfilment(by=["promise_id"], occ=occ, standard="power_window")
    chk = ledger_check(ledger, per, occ=occ).set_index("record_id")
    assert chk["finding"].to_dict() == {"W1": "agrees", "W2": "contradicted", "W3": "contradicted",
                                        "W4": "unconfirmed", "W5": "not_in_records"}
    assert chk.loc["W2", ["row", "promise_id", "declared", "records_verdict"]].tolist() == \
        [3, "pw_connection_resident_5wd", "已兑现", "fail"]
    assert chk.loc["W4", "records_verdict"] == "open"
    assert ledger_check(ledger, per, occ=occ)["finding"].iloc[0] == "contradicted"   # contradicted rows first


def _promises(d, ledger, *more):
    """``windoweval promises`` on folder ``d`` with ``ledger``: exit code, what it printed, what it said on stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["promises", "--data", str(d), "--year", "2025", "--ledger", str(ledger), *more])
    return rc, out.getvalue(), err.getvalue()


def test_the_cli_takes_the_order_ledger(tmp_path):
    d, ledger = _data(tmp_path)
    rc, out, err = _promises(d, ledger, "--out", str(d / "o"))
    assert rc == 0 and "2 项矛盾" in out, err + out
    csv = pd.read_csv(d / "o" / "promise_ledger_check.csv", dtype=str)
    assert csv.loc[csv["record_id"] == "W2", "finding"].item() == "contradicted"


def test_a_ledger_with_neither_column_is_refused_naming_both(tmp_path):
    d, _ = _data(tmp_path)
    bad = tmp_path / "台账.csv"
    bad.write_text("序号,兑现情况\n1,已兑现\n", encoding="utf-8")
    rc, _out, msg = _promises(d, bad)
    assert rc == 3 and "Traceback" not in msg and "承诺编号" in msg and "工单编号" in msg, msg
    assert msg.index("没有") < msg.index("has no"), msg
