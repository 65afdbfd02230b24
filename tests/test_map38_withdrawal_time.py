"""map38 item 1: a 95598 / complaint export with a withdrawal time (撤诉时间, 撤单时间, 撤销时间, 撤回时间).

`records map` put 撤诉时间 under ignore (or, with no 受理时间 beside it, proposed it as received_at by its spelling near
投诉时间; 撤回时间 as callback_at, near 回访时间): a case the customer withdrew then had no resolved_at, and a
complaint withdrawn within its 5 days (owed no reply after it, 第十三条(五)) read as missing evidence, holding the
verdict back.  `records map` now proposes the pick a person wrote by hand: the withdrawn cases (the state's codes
mapped to withdrawn) take their resolved_at from the withdrawal time, the others from 办结时间.

By hand (complaints, 5 days, calendar days, day of receipt not counted): T1 replied the next day, T3 on day 3, T6 the
next day: 3 met.  T2 withdrawn the next day and T5 the next day: within the limit, owed no reply, not assessed.  T7
received Wed 5 Mar, withdrawn Thu 20 Mar with no reply: the limit ended Mon 10 Mar 24:00, missed.  Complaints: 6
records, 4 assessed, 3 met, 2 not assessed, none missing evidence: fail (target 100 %).  Before: T2, T5 and T7 were
missing evidence (no resolved_at), the verdict insufficient evidence.
"""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
import yaml

from tests._workspace import write_workspace
from windoweval.records.propose import propose

_WIN = (("CC95598", "95598客服中心", "call_centre"),)
_HEAD = "工单编号,受理渠道,受理单位,业务类型,受理时间,答复时间,办结时间,{w},工单状态,回访时间,回访满意度"
_ROWS = [
    "T1,95598,CC95598,投诉,2025-03-03 09:00:00,2025-03-04 10:00:00,2025-03-04 10:00:00,,已办结,2025-03-05 09:00:00,满意",
    "T2,95598,CC95598,投诉,2025-03-03 09:30:00,,,2025-03-04 11:00:00,已撤诉,2025-03-05 10:00:00,满意",
    "T3,95598,CC95598,投诉,2025-03-03 10:00:00,2025-03-06 10:00:00,2025-03-06 10:00:00,,已办结,2025-03-07 09:00:00,满意",
    "T4,95598,CC95598,举报,2025-03-03 11:00:00,2025-03-05 10:00:00,2025-03-05 10:00:00,,已办结,2025-03-06 09:00:00,满意",
    "T5,95598,CC95598,投诉,2025-03-04 09:00:00,,,2025-03-05 15:00:00,撤诉办结,2025-03-06 09:00:00,满意",
    "T6,95598,CC95598,投诉,2025-03-04 10:00:00,2025-03-05 10:00:00,2025-03-05 10:00:00,,已办结,2025-03-06 11:00:00,不满意",
    "T7,95598,CC95598,投诉,2025-03-05 09:00:00,,,2025-03-20 09:00:00,已撤诉,2025-03-21 09:00:00,满意",
]


def _export(folder, w="撤诉时间", head=_HEAD, rows=_ROWS):
    f = folder / "95598投诉工单.csv"
    f.write_text("\n".join([head.format(w=w), *rows]) + "\n", encoding="utf-8")
    return f


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "windoweval", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8")


def test_the_proposed_mapping_gives_a_withdrawn_complaint_its_verdict(tmp_path):
    folder = write_workspace(tmp_path / "ws", _WIN)
    f = _export(folder)
    run = _cli("records", "map", str(f), "--kind", "complaints", "--data", str(folder), cwd=folder)
    assert run.returncode == 0, run.stderr
    # the proposal, taken as it is
    (folder / "mapping.yaml").write_text(run.stdout, encoding="utf-8")
    sec = yaml.safe_load(run.stdout)["complaints"]
    assert sec["pick"] == {"resolved_at": {"by": "工单状态", "cases": {"withdrawn": "撤诉时间"}, "default": "办结时间"}}
    assert "办结时间" not in sec["columns"] and "撤诉时间" not in (sec.get("ignore") or [])
    assert sec["values"]["case_status"] == {"已办结": "closed", "已撤诉": "withdrawn", "撤诉办结": "withdrawn"}
    out = folder / "out"
    run = _cli("score", "--standard", "power_window", "--year", "2025", "--data", str(folder), "--out", str(out),
               cwd=folder)
    assert run.returncode == 0, run.stderr
    res = pd.read_csv(out / "power_window_results.csv", dtype=str).set_index("measure")
    row = res.loc["power_window.13.5#complaint_reply"]
    got = {k: int(row[k]) for k in ("records", "n", "met", "not_assessed", "missing_evidence")}
    assert got == {"records": 6, "n": 4, "met": 3, "not_assessed": 2, "missing_evidence": 0}, row.to_dict()
    assert row["verdict"] == "fail"


@pytest.mark.parametrize("w", ["撤诉时间", "撤单时间", "撤销时间", "撤回时间", "客户撤诉时间", "撤诉日期"])
def test_every_spelling_of_the_withdrawal_time_is_proposed(tmp_path, w):
    rows = [r.replace(" 11:00:00,已撤诉", ",已撤诉").replace("2025-03-05 15:00:00,撤诉", "2025-03-05,撤诉")
            .replace("2025-03-20 09:00:00,已撤诉", "2025-03-20,已撤诉") for r in _ROWS] if w.endswith("日期") else _ROWS
    sec = yaml.safe_load(propose(_export(tmp_path, w, rows=rows), "complaints"))["complaints"]
    assert sec["pick"]["resolved_at"]["cases"] == {"withdrawn": w}
    assert w not in sec["columns"]


def test_a_withdrawal_time_is_no_receipt_nor_callback_by_its_spelling(tmp_path):
    # no 受理时间 and no 回访时间 beside it: 撤诉时间 was proposed as received_at (near 投诉时间), 撤回时间 as callback_at
    head = "工单编号,受理渠道,受理单位,业务类型,投诉日期时间,办结时间,{w},工单状态"
    rows = ["T1,95598,CC95598,投诉,2025-03-03 09:00:00,2025-03-04 10:00:00,,已办结",
            "T2,95598,CC95598,投诉,2025-03-03 09:30:00,,2025-03-04 11:00:00,已撤诉"]
    for w in ("撤诉时间", "撤回时间"):
        sec = yaml.safe_load(propose(_export(tmp_path, w, head, rows), "complaints"))["complaints"]
        assert sec["columns"].get(w) is None and sec["pick"]["resolved_at"]["cases"] == {"withdrawn": w}


def test_a_work_orders_withdrawal_is_its_completion(tmp_path):
    f = tmp_path / "工单导出.csv"
    f.write_text("工单编号,营业厅,工单类型,受理时间,完成时间,撤单时间,工单状态\n"
                 "W1,PW01,故障报修,2025-03-03 09:00,2025-03-03 10:00,,已归档\n"
                 "W2,PW01,故障报修,2025-03-03 09:00,,2025-03-03 09:20,已撤单\n", encoding="utf-8")
    sec = yaml.safe_load(propose(f, "work_orders"))["work_orders"]
    assert sec["pick"] == {"completed_at": {"by": "工单状态", "cases": {"withdrawn": "撤单时间"}, "default": "完成时间"}}


def test_no_state_column_says_why_the_withdrawal_is_not_read(tmp_path):
    head = "工单编号,受理渠道,受理单位,业务类型,受理时间,办结时间,{w}"
    rows = ["T1,95598,CC95598,投诉,2025-03-03 09:00:00,2025-03-04 10:00:00,",
            "T2,95598,CC95598,投诉,2025-03-03 09:30:00,,2025-03-04 11:00:00"]
    text = propose(_export(tmp_path, "撤诉时间", head, rows), "complaints")
    sec = yaml.safe_load(text)["complaints"]
    assert "pick" not in sec and sec["columns"]["办结时间"] == "resolved_at" and "撤诉时间" not in sec["columns"]
    assert "撤销的记录无从识别" in text and "cannot be told" in text
