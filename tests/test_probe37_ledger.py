"""probe37 (probe36's items): a promise ledger (`promises --ledger`) as an organisation fills it in.

- A blank 兑现情况 (a row the ledger did not fill in, or a cell of spaces) was read as a state no ledger uses
  (unknown_state, 兑现情况无法识别): it is ``ledger_silent`` (台账未填兑现情况), neither an unknown state nor a
  contradiction, in a ledger one row per promise and one row per order alike.
- `promises --ledger MISSING` printed every table, then exited 3 on the ledger: the ledger is read first, and a
  missing file, or one without its columns, is refused (exit 3, the file and the fix) before any output.
- An order withdrawn within the limit (owed nothing) read ``insufficient`` beside the ledger: it reads
  ``withdrawn``, and a 不适用 for it agrees.
"""
import io
from contextlib import redirect_stderr, redirect_stdout

from windoweval.cli import main
from windoweval.promises import fulfilment, ledger_check, occurrences

TOML = 'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东"\nkind = "power_hall"\n'
# meter faults, 2 working days from Mon 2 Jun: M1 withdrawn within the limit, M2 kept, M3 done Mon 9 Jun: broken
ORDERS = ("order_id,window_id,order_type,received_at,completed_at,order_status\n"
          "M1,PW01,meter_fault,2025-06-02 09:00,2025-06-03 10:00,withdrawn\n"
          "M2,PW01,meter_fault,2025-06-02 09:00,2025-06-03 10:00,closed\n"
          "M3,PW01,meter_fault,2025-06-02 09:00,2025-06-09 10:00,closed\n")


def _data(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (d / "work_orders.csv").write_text(ORDERS, encoding="utf-8")
    return d


def _cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(list(argv))
    return rc, out.getvalue(), err.getvalue()


def test_a_blank_state_is_the_ledger_silent_per_order(tmp_path):
    d = _data(tmp_path)
    led = tmp_path / "承诺兑现明细.csv"
    led.write_text("工单编号,承诺事项,兑现情况\nM1,电能表故障,不适用\nM2,电能表故障,\nM3,电能表故障,   \n"
                   "M4,电能表故障,已兑线\n", encoding="utf-8")
    occ = occurrences(2025, data=d, standard="power_window")
    per = fulfilment(by=["promise_id"], occ=occ, standard="power_window")
    chk = ledger_check(led, per, occ=occ).set_index("record_id")
    assert chk.loc["M2", "finding"] == "ledger_silent" and chk.loc["M3", "finding"] == "ledger_silent"
    assert chk.loc["M3", "records_verdict"] == "fail"   # broken, but the ledger says nothing: no contradiction
    assert chk.loc["M1", ["records_verdict", "finding"]].tolist() == ["withdrawn", "agrees"]
    assert chk.loc["M4", "finding"] == "not_in_records"
    assert chk.loc["M2", "finding_zh"] == "台账未填兑现情况"


def test_a_blank_state_is_the_ledger_silent_per_promise(tmp_path):
    d = _data(tmp_path)
    led = tmp_path / "台账.csv"
    led.write_text("承诺编号,兑现情况\npw_meter_fault_2wd,\npw_fault_repair_45min,已兑线\n", encoding="utf-8")
    occ = occurrences(2025, data=d, standard="power_window")
    per = fulfilment(by=["promise_id"], occ=occ, standard="power_window")
    chk = ledger_check(led, per).set_index("promise_id")
    assert chk.loc["pw_meter_fault_2wd", "finding"] == "ledger_silent"     # broken in the records, not contradicted
    assert chk.loc["pw_fault_repair_45min", "finding"] == "unknown_state"   # a typo is still an unknown state
    rc, out, err = _cli("promises", "--data", str(d), "--year", "2025", "--ledger", str(led))
    assert rc == 0, err
    assert "0 项矛盾" in out and "台账未填兑现情况" in out


def test_a_missing_ledger_is_refused_before_any_table(tmp_path):
    d = _data(tmp_path)
    rc, out, err = _cli("promises", "--data", str(d), "--year", "2025", "--ledger", str(tmp_path / "台账.xlsx"))
    assert rc == 3
    assert out == "", out[:300]
    assert "台账.xlsx" in err and "找不到文件" in err and "file not found" in err
    assert "Traceback" not in err


def test_a_ledger_without_its_columns_is_refused_before_any_table(tmp_path):
    d = _data(tmp_path)
    led = tmp_path / "台账.csv"
    led.write_text("序号,说明\n1,x\n", encoding="utf-8")
    rc, out, err = _cli("promises", "--data", str(d), "--year", "2025", "--ledger", str(led))
    assert rc == 3 and out == "", out[:300]
    assert "台账.csv" in err and "承诺编号" in err and "序号" in err


def test_the_spellings_ledgers_use(tmp_path):
    # a ledger as a marketing system exports it: GBK, 是否兑现 with 是/否, 兑现情况 of 按时兑现 or 超时兑现
    d = _data(tmp_path)
    occ = occurrences(2025, data=d, standard="power_window")
    per = fulfilment(by=["promise_id"], occ=occ, standard="power_window")
    yes_no = tmp_path / "明细.csv"
    yes_no.write_bytes("工单编号,承诺事项,是否兑现\nM2,电能表故障,是\nM3,电能表故障,是\n".encode("gbk"))
    chk = ledger_check(yes_no, per, occ=occ).set_index("record_id")["finding"]
    assert chk.to_dict() == {"M3": "contradicted", "M2": "agrees"}
    words = tmp_path / "台账.csv"
    words.write_text("工单编号,兑现情况\nM2,按时兑现\nM3,超时兑现\nM1,不适用\n", encoding="utf-8")
    chk = ledger_check(words, per, occ=occ).set_index("record_id")["finding"]
    assert chk.to_dict() == {"M2": "agrees", "M3": "agrees", "M1": "agrees"}
    odd = tmp_path / "台账2.csv"
    odd.write_text("工单编号,兑现情况\nM2,搞定\n", encoding="utf-8")
    got = ledger_check(odd, per, occ=occ).iloc[0]
    assert got["finding"] == "unknown_state" and "已兑现" in got["finding_zh"]   # says what a ledger may write
