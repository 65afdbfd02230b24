"""hosp37: an HIS billing export writes one 收费时间.

标准3 挂号收费室 7、 每位病人划价、缴费时间不超过5分钟 needs two times: the call to the window (叫号时间, called_at) and
the end of 缴费.  An HIS writes one 收费时间, the charge settled and the computer receipt printed (6、每项收费开据电脑票据);
`records map` proposed it as started_at (paid) alone, and no event type (the export has no such column).  With the
event type added by hand and 叫号时间 beside it, every patient was judged overdue (no receipt time, finished_at):
billing.7 failed at 0 % however quickly they were served.  Now `records map` proposes the charge time as the receipt
too (a pick with only a default) and the event type as billing (the file's name says it).  Without 叫号时间 the measure
is insufficient evidence, every record saying that 叫号时间 is blank and how to fix it, and the blank-columns table
naming 叫号时间 alone."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd

from tests._workspace import write_workspace

_M = "hospital_commitments.billing.7"
_WIN = (("HBIL", "门诊挂号收费处", "hospital_billing"),)


def _export(folder, with_call: bool):
    rows = ["收费流水号,收费窗口,病人姓名,收费项目" + (",叫号时间" if with_call else "") + ",收费时间"]
    minutes = [2, 4, 5, 7, 3, 9]
    for i, m in enumerate(minutes):
        call = f"2025-03-0{i + 1} 09:00:00"
        paid = f"2025-03-0{i + 1} 09:{m:02d}:00"
        rows.append(f"SF{i:04d},HBIL,张{i},挂号费" + (f",{call}" if with_call else "") + f",{paid}")
    (folder / "HIS收费明细.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    # the mapping as `records map` proposes it, taken as it is
    run = subprocess.run([sys.executable, "-m", "windoweval", "records", "map", str(folder / "HIS收费明细.csv"),
                          "--kind", "hospital_events", "--data", str(folder)],
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    (folder / "mapping.yaml").write_text(run.stdout, encoding="utf-8")
    return sum(1 for m in minutes if m <= 5), len(minutes)


def _score(folder):
    out = folder / "out"
    run = subprocess.run([sys.executable, "-m", "windoweval", "score", "--standard", "hospital_commitments",
                          "--year", "2025", "--data", str(folder), "--out", str(out)],
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    res = pd.read_csv(out / "hospital_commitments_results.csv", dtype=str)
    return run.stdout, res[(res["measure"] == _M) & (res["window_id"] == "HBIL")].iloc[0], out


def test_an_his_export_with_the_call_is_judged_by_its_charge_time(tmp_path):
    folder = write_workspace(tmp_path / "ws", _WIN)
    met, n = _export(folder, with_call=True)
    _, row, _ = _score(folder)
    assert (int(row["n"]), int(row["met"]), row["verdict"]) == (n, met, "fail"), row.to_dict()


def test_an_his_export_without_the_call_is_insufficient_and_says_why(tmp_path):
    folder = write_workspace(tmp_path / "ws", _WIN)
    _, n = _export(folder, with_call=False)
    out_text, row, out = _score(folder)
    assert row["verdict"] == "insufficient" and int(row["missing_evidence"]) == n, row.to_dict()
    miss = pd.read_csv(out / "hospital_commitments_missing_evidence.csv", dtype=str)
    why = miss.loc[miss["measure"] == _M, "reason"]
    assert len(why) == n and why.str.contains("叫号时间为空").all() and why.str.contains("called_at blank").all()
    assert why.str.contains("mapping.yaml").all()
    blank = pd.read_csv(out / "hospital_commitments_blank_columns.csv", dtype=str)
    assert blank.loc[blank["measure"] == _M, "column"].tolist() == ["called_at"], blank.to_dict("records")
