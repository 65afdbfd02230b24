"""probe33: an organisation's 服务承诺台账 (a ledger: 承诺事项, 承诺时限, 兑现情况, 未兑现原因, 责任部门) named as its
promise register (``promises = "服务承诺台账.xlsx"`` in windoweval.toml).

The register is YAML (windoweval/promises.yaml's format): each promise with its clause and the measure that tests it;
fulfilment is computed from the records, a ledger's own 兑现情况 is not read.  Before, the workbook was refused as
"not UTF-8 text; save it as UTF-8" (a GBK CSV the same), and a UTF-8 CSV as "must hold a list under promises:": a
new user saving the ledger as UTF-8 text was refused again.  Now the message says the file is a table, not the
register, and what to write instead: file named, exit 3, Chinese first, no traceback.
"""
import csv
import io
from contextlib import redirect_stderr, redirect_stdout

import pytest

from windoweval.cli import main
from windoweval.promise_register import PromiseRegisterError, load_promises

HEAD = ["序号", "承诺编号", "承诺事项", "承诺时限", "兑现情况", "未兑现原因", "责任部门", "承诺日期", "撤销日期"]
ROWS = [[1, "CN-01", "居民交电费每笔不超过5分钟", "5分钟", "已兑现", "", "营销部", "2025/1/1", ""],
        [2, "CN-02", "投诉5天内答复", "5天", "部分兑现", "五一假期一件超时", "客服中心", "2025年1月1日", ""],
        [3, "CN-06", "预约服务准时到达", "1小时", "已兑现", "", "营销部", "2025-01-01", "2025-07-01"]]


def _ledger(d, name):
    f = d / name
    if name.endswith(".xlsx"):
        import openpyxl

        wb = openpyxl.Workbook()
        wb.active.append(HEAD)
        for r in ROWS:
            wb.active.append(r)
        wb.save(f)
    else:
        with open(f, "w", encoding="gbk" if "gbk" in name else "utf-8", newline="") as fh:
            csv.writer(fh).writerows([HEAD, *ROWS])
    return f


@pytest.mark.parametrize("name", ["服务承诺台账.xlsx", "台账gbk.csv", "服务承诺台账.csv"])
def test_a_ledger_named_as_the_register_is_told_apart(tmp_path, name):
    f = _ledger(tmp_path, name)
    with pytest.raises(PromiseRegisterError) as e:
        load_promises(f)
    msg = str(e.value)
    zh, en = msg.split(" / ", 1)
    assert name in zh and "YAML" in zh and "台账" in zh and "promises.yaml" in zh, msg
    assert "UTF-8" not in msg and "spreadsheet" in en, msg


def test_the_cli_refuses_it_with_exit_3_and_no_traceback(tmp_path):
    _ledger(tmp_path, "服务承诺台账.xlsx")
    (tmp_path / "windoweval.toml").write_text('name = "x"\npromises = "服务承诺台账.xlsx"\n[[windows]]\nid = "PW01"\n'
                                              'name = "城东"\nkind = "power_hall"\n', encoding="utf-8")
    (tmp_path / "complaints.csv").write_text("case_id,channel,kind,window_id,received_at,replied_at\n"
                                             "C1,95598,complaint,PW01,2025-03-03 09:00,2025-03-05 09:00\n", encoding="utf-8")
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        rc = main(["promises", "--data", str(tmp_path), "--year", "2025"])
    assert rc == 3 and "Traceback" not in err.getvalue(), err.getvalue()
    assert "服务承诺台账.xlsx" in err.getvalue() and "YAML" in err.getvalue(), err.getvalue()


def _occ(passed, opened=None):
    import pandas as pd

    n = len(passed)
    return pd.DataFrame({"promise_id": "pw_fault_repair_45min", "window_id": "PW01", "month": "2025-03",
                         "passed": pd.array(passed, dtype="boolean"),
                         "open": opened if opened is not None else [False] * n, "excused": [False] * n})


def test_the_published_table_never_reads_100_on_missing_evidence():
    """The table published to the public (第十三条(六)) read 100.0% for a promise kept in the two repairs whose arrival
    was recorded while a third, closed without its arrival time, could not be judged: the verdict was insufficient
    evidence, the public read "kept every time".  It now says insufficient evidence with the counts; a promise with only
    occurrences not yet due reads not yet due, never 无记录 (no records: there are records)."""
    from windoweval.promises import fulfilment, publication_table

    occ = _occ([True, True, None])
    assert fulfilment(occ=occ, standard="power_window").set_index("promise_id").loc[
        "pw_fault_repair_45min", "verdict"] == "insufficient"
    zh = publication_table(2025, occ=occ, standard="power_window").set_index("承诺事项")["兑现率"]
    row, whole = zh["故障报修后,抢修人员45分钟内到达现场"], zh["全部承诺"]
    assert "100.0%" not in row and "证据不足" in row and "1" in row and "2" in row, row
    assert "100.0%" not in whole and "证据不足" in whole, whole
    en = publication_table(2025, occ=occ, lang="en", standard="power_window").set_index("Promise")["Rate kept"]
    assert "insufficient evidence" in en.iloc[-1] and "100.0%" not in en.iloc[-1], en.tolist()
    pending = publication_table(2025, occ=_occ([None], [True]), standard="power_window").set_index("承诺事项")["兑现率"]
    assert pending["故障报修后,抢修人员45分钟内到达现场"] == "未到期", pending.tolist()
    # a promise kept every time still reads 100.0 %; one broken reads its rate
    assert publication_table(2025, occ=_occ([True, True]), standard="power_window").iloc[-1]["兑现率"] == "100.0%"
    assert publication_table(2025, occ=_occ([True, False, None]), standard="power_window").iloc[-1]["兑现率"] == "50.0%"


REGISTER = """promises:
  - id: CN-06
    clause: power_window.10.2.7
    measure: power_window.10.2.7
    zh: 在约定的1小时内到达
    public_zh: 预约服务准时到达(2025年7月1日撤销)
    en: Appointments kept (withdrawn 1 July 2025).
  - id: CN-08
    clause: power_window.10.2.7
    measure: power_window.10.2.7
    zh: 在约定的1小时内到达
    public_zh: 预约服务准时到达(原CN-06)
    en: Appointments kept (formerly CN-06).
"""


def test_two_promises_tested_by_one_measure_are_refused(tmp_path):
    """A ledger's promise renumbered mid-year (CN-06 withdrawn on 1 July, the same promise again as CN-08) written as two
    promises of one measure: every appointment of the year was counted under both, the overall rate (全部承诺) and the
    scorecard's 5.2 counting each record twice (3 appointments read as 6 occurrences, 2 of them broken).  Refused now,
    naming both promises, the measure and the fix (the register has no dates: one entry per promise)."""
    f = tmp_path / "promises.yaml"
    f.write_text(REGISTER, encoding="utf-8")
    with pytest.raises(PromiseRegisterError) as e:
        load_promises(f)
    zh, en = str(e.value).split(" / ", 1)
    assert "CN-08" in zh and "CN-06" in zh and "power_window.10.2.7" in zh and "两次" in zh, zh
    assert "CN-08" in en and "CN-06" in en and "twice" in en, en
