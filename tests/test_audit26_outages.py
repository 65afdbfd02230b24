"""Supply restored before the logged clearance of its cause (twenty-sixth audit).

标准1 第十条(二)9 引起停电或限电的原因消除后1个工作日内恢复供电: an outage row whose 恢复供电时间 precedes its
原因消除时间 says nothing of that limit (the steps are out of order); the kernels read it as missing evidence.  The
``outages`` contract had no rule for it, so ``records check`` said nothing and the organisation could not see which
rows to correct.

Decided: the row is kept, not refused.  Its start and restored times still stand (reliability, 第六条(二)1, counts the
hours from start to restored; the planned-outage notice reads the start), and refusing the file would take every
other outage's evidence with it.  The contract names the order as ``flag_before: {restored_at: cause_cleared_at}``:
``records check`` lists each such row (file, row, column, both values, what it means and the fix, Chinese and
English) and exits 0; the restoration limit is missing evidence (never met, the clause's verdict never a pass on it),
and the missing-evidence list says why.
"""
from __future__ import annotations

import pandas as pd
from _workspace import HALL, run_cli, write_workspace

from windoweval.records.contract import contracts
from windoweval.scoring import score

_M = "power_window.10.2.9#outages"
_REL = "power_window.6.2.1"


def _data(tmp_path):
    d = write_workspace(tmp_path / "d", HALL)
    (d / "windoweval.toml").write_text((d / "windoweval.toml").read_text(encoding="utf-8")
                                       + f'\n[params."{_REL}"]\nmin_rate = 0.999\n', encoding="utf-8")
    pd.DataFrame({
        "停电编号": ["O1", "O2", "O3"], "客户编号": ["C1", "C2", "C3"], "窗口编号": ["PW01"] * 3,
        "电压等级": ["lv220"] * 3, "停电类型": ["fault"] * 3,
        "停电开始时间": ["2025-02-07 08:00:00", "2025-02-07 08:00:00", "2025-03-03 08:00:00"],
        # O2: restored at 14:00, the cause logged cleared at 15:00 - the steps out of order
        "原因消除时间": ["2025-02-07 15:00:00", "2025-02-07 15:00:00", "2025-03-03 09:00:00"],
        "恢复供电时间": ["2025-02-08 23:59:59", "2025-02-07 14:00:00", "2025-03-03 10:00:00"],
    }).to_csv(d / "outages.csv", index=False)
    return d


def test_the_contract_flags_restored_before_cleared_and_still_refuses_an_end_before_the_start():
    c = contracts()["outages"]
    assert c.flag_before == {"restored_at": ["cause_cleared_at"]}
    assert c.not_before == {"cause_cleared_at": ["start_at"], "restored_at": ["start_at"]}


def test_records_check_lists_the_row_and_keeps_the_file(tmp_path):
    d = _data(tmp_path)
    p = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    out = p.stdout + p.stderr
    assert p.returncode == 0, out
    assert "✓ outages: 3 行 / rows" in out and "Traceback" not in out
    assert "时间先后颠倒" in out and "out of order" in out
    line = [ln for ln in out.splitlines() if "第 3 行 row 3" in ln]   # O2 is the file's row 3
    assert len(line) == 1 and "restored_at" in line[0] and "2025-02-07 14:00:00" in line[0]
    assert "cause_cleared_at = 2025-02-07 15:00:00" in line[0] and "缺少证据" in line[0]
    assert "missing evidence" in line[0]
    assert not any("第 2 行 row 2" in ln or "第 4 行 row 4" in ln for ln in out.splitlines())
    assert "O2" in line[0] and "C2" not in out   # the outage named; the customer's key never echoed


def test_records_check_names_the_outage_in_the_store(tmp_path):
    """Imported into the store the same row is still listed, by its outage id (the store's rows are not the
    export's), and the store keeps it."""
    from windoweval.records.store import import_records

    d = _data(tmp_path)
    st = write_workspace(tmp_path / "st", HALL)
    import_records("outages", d / "outages.csv", st)
    p = run_cli("records", "check", "--data", str(st), cwd=tmp_path)
    out = p.stdout + p.stderr
    assert p.returncode == 0, out
    line = [ln for ln in out.splitlines() if "restored_at" in ln and "2025-02-07 14:00:00" in ln]
    assert len(line) == 1 and "O2" in line[0] and "C2" not in out, out


def test_the_limit_is_missing_evidence_never_met_and_the_list_says_why(tmp_path):
    """O1 (cleared Fri 7 Feb, restored by the end of the 调休 Saturday 8 Feb): met; O3: met; O2: missing evidence.
    Two of two with evidence met, one without: insufficient, never a pass."""
    card = score("power_window", 2025, data=_data(tmp_path))
    r = card.results.set_index(["measure", "window_id"]).loc[(_M, "PW01")]
    assert (int(r["records"]), int(r["n"]), int(r["met"]), int(r["missing_evidence"]), r["verdict"]) == (
        3, 2, 2, 1, "insufficient")
    me = card.missing_evidence([_M])
    assert me["outage_id"].tolist() == ["O2"]
    assert "早于" in me["reason"].iloc[0] and "out of order" in me["reason"].iloc[0]
    # reliability reads the hours from start to restored: O2's 6 hours stand (1 - 6/8760 = 0.99932 >= 0.999: met);
    # C1's 40 h (8:00 on 7 Feb to the end of 8 Feb) fail (0.99543); C3's 2 h meet
    rel = card.results.set_index(["measure", "window_id"]).loc[(_REL, "PW01")]
    assert (int(rel["n"]), int(rel["met"]), int(rel["missing_evidence"])) == (3, 2, 0)
    assert card.drilldown(_REL)["customer_id"].tolist() == ["C1"]
