"""The people's CSV of missed records names the unit a unit measure missed (session 28).

A hospital billing window with service in 2 of the 24 hours failed 第1条 (24-hour service) on 22 hour slots: the CSV
`<name>_missed.csv` listed 22 rows with a blank `record`, so a reader could not tell which hours had no service (the
Parquet had `hour`).  Now each such row says its unit's key (`hour=0`, … `hour=23`); a record's row keeps its id.
"""
import subprocess
import sys

import pandas as pd


EXPORT = ("流水号,窗口,业务类别,患者类型,开始时间,结束时间,叫号时间\n"
          "H1,W1,收费,门诊,2025/3/3 8:01,2025/3/3 8:03,2025/3/3 8:00\n"
          "H2,W1,收费,门诊,2025/3/3 9:05,2025/3/3 9:19,2025/3/3 9:04\n")
MAPPING = """hospital_events:
  file: "收费明细.csv"
  columns: {"流水号": event_id, "窗口": window_id, "业务类别": event_type, "患者类型": patient_kind,
            "开始时间": started_at, "结束时间": finished_at, "叫号时间": called_at}
  values:
    event_type: {"收费": billing}
    patient_kind: {"门诊": outpatient}
"""
# verdicts46: an hour with no service event is missing evidence by default (the clause's reading); the organisation's
# option empty = "fail" holds its year of events as proof of closure, so the 22 hours are missed units again
TOML = ('name = "某医院"\n[[windows]]\nid = "W1"\nname = "收费1号窗口"\nkind = "hospital_billing"\n'
        '[params."hospital_commitments.billing.1#events"]\nempty = "fail"\n')


def test_missed_csv_names_unit_and_record(tmp_path):
    (tmp_path / "收费明细.csv").write_text(EXPORT, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(MAPPING, encoding="utf-8")   # not named in windoweval.toml: read anyway
    (tmp_path / "windoweval.toml").write_text(TOML, encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "windoweval", "score", "--year", "2025", "--data", str(tmp_path),
                        "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    t = pd.read_csv(tmp_path / "out" / "all_missed.csv", dtype=str, keep_default_na=False)
    hours = t[t["measure"] == "hospital_commitments.billing.1#events"]
    assert len(hours) == 22
    assert sorted(hours["record"]) == sorted(f"hour={h}" for h in range(24) if h not in (8, 9))
    late = t[t["measure"] == "hospital_commitments.billing.7"]
    assert late["record"].tolist() == ["event_id=H2"]
