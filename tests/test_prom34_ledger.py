"""prom34: a 服务承诺台账's own 兑现情况 (已兑现/未兑现/部分兑现/不适用/免责) set beside the records.

The ledger was never read (refused when named as the register).  What the standards allow: 第五条(二) asks for 100 %
of promises kept and 第十三条(六) for the rate to be published; nothing in them makes an organisation's own entry
evidence, and the house rule is never a pass on missing evidence.  So the ledger is the organisation's statement,
cross-checked against the records: the rates come from the records alone, unchanged by it; a 已兑现 the records
contradict is flagged, a 已兑现 the records cannot judge is unconfirmed (never a pass), and every ledger row and every
registered promise is listed, none dropped.

By hand (complaints, 5 days): C1 replied in 2 days (kept), C2 in 16 (broken), C3 in 2 (kept): CN-02 fail, 1 broken of
3; no report in the records: CN-05 no_data; CN-07 has no measure: no_data.
"""
import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

from windoweval.cli import main
from windoweval.promises import fulfilment, ledger_check

from test_prom34_promise_period import workspace

REGISTER = """promises:
  - id: CN-02
    clause: power_window.13.5
    measure: "power_window.13.5#complaint_reply"
    zh: 对客户投诉在5天内答复
    public_zh: 您的投诉,5天内给您答复
    en: Complaints are answered within 5 days.
  - id: CN-05
    clause: power_window.13.5
    measure: "power_window.13.5#report_reply"
    zh: 举报在10天内答复
    public_zh: 您的举报,10天内给您答复
    en: Reports are answered within 10 days.
  - id: CN-07
    clause: power_window.10.2.3
    measure: null
    zh: 抄表
    public_zh: 按时抄表
    en: Meters read on schedule.
"""


def _data(d):
    workspace(d, register=REGISTER)
    ledger = d / "服务承诺台账.csv"
    ledger.write_bytes("序号,承诺编号,承诺事项,兑现情况,未兑现原因\n1,CN-02,投诉5天内答复,已兑现,\n"
                       "2,CN-05,举报10天内答复,基本兑现,\n3,CN-99,预约准时到达,未兑现,人手不足\n".encode("gbk"))
    return d, ledger


def test_the_ledger_is_cross_checked_never_taken_as_evidence(tmp_path):
    d, ledger = _data(tmp_path)
    per = fulfilment(2025, data=d)
    chk = ledger_check(ledger, per).set_index("promise_id")
    # CN-02: the ledger says 已兑现, the records show C2 broken: flagged, first
    assert ledger_check(ledger, per)["promise_id"].iloc[0] == "CN-02"
    assert chk.loc["CN-02", ["row", "declared", "records_verdict", "broken", "finding"]].tolist() == \
        [2, "已兑现", "fail", 1, "contradicted"]
    assert chk.loc["CN-05", "finding"] == "unknown_state"          # 基本兑现 is no state a ledger uses: shown
    assert chk.loc["CN-99", ["row", "finding"]].tolist() == [4, "not_in_register"]
    assert chk.loc["CN-07", "finding"] == "not_in_ledger" and pd.isna(chk.loc["CN-07", "row"])
    assert len(chk) == 4
    # the rates are the records' alone
    assert fulfilment(2025, data=d).equals(per)


def test_states_set_beside_each_verdict():
    per = pd.DataFrame({"promise_id": list("ABCDEFG"),
                        "verdict": ["pass", "insufficient", "no_data", "pass", "fail", "fail", "pass"],
                        "occurrences": [3, 2, 0, 3, 3, 3, 2], "broken": [0, 0, 0, 0, 1, 1, 0]})
    import tempfile
    from pathlib import Path

    f = Path(tempfile.mkdtemp()) / "台账.csv"
    f.write_text("承诺编号,兑现情况\nA,已兑现\nB,已兑现\nC,已兑现\nD,未兑现\nE,部分兑现\nF,免责\nG,不适用\n", encoding="utf-8")
    got = ledger_check(f, per).set_index("promise_id")["finding"].to_dict()
    assert got == {"A": "agrees", "B": "unconfirmed", "C": "unconfirmed", "D": "contradicted", "E": "agrees",
                   "F": "contradicted", "G": "contradicted"}, got


def test_the_cli_prints_and_writes_the_check_and_refuses_a_ledger_without_its_columns(tmp_path):
    d, ledger = _data(tmp_path)
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        rc = main(["promises", "--data", str(d), "--year", "2025", "--ledger", str(ledger), "--out", str(d / "o")])
    assert rc == 0 and "台账核对" in out.getvalue() and "1 项矛盾" in out.getvalue(), out.getvalue()
    csv = pd.read_csv(d / "o" / "promise_ledger_check.csv", dtype=str)
    assert csv.loc[csv["promise_id"] == "CN-02", "finding"].item() == "contradicted"
    bad = d / "台账2.csv"
    bad.write_text("承诺编号,状态说明\nCN-02,已兑现\n", encoding="utf-8")
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        rc = main(["promises", "--data", str(d), "--year", "2025", "--ledger", str(bad)])
    msg = err.getvalue()
    assert rc == 3 and "Traceback" not in msg and "台账2.csv" in msg and "兑现情况" in msg, msg
    assert msg.index("没有") < msg.index("has no"), msg
