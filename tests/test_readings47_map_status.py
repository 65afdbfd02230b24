"""readings47: ``records map`` proposes a laboratory's or a pharmacy's state column (标本状态, 处方状态 …) as
``hospital_events``' ``event_status`` again (msgs46's proposal, reverted in 4b18f868), but only where every code of the
column is placed as closed or open: never for a column holding a code of a service not given (未取药, 拒收, 作废:
proposed under ``drop`` with the column unread, as probe32 and probe35 pin), nor one with a code no word places.  The
proposal taken as written is read without refusal: ``records map`` -> accepted as mapping.yaml -> ``records check``
exits 0 with the states read."""
import subprocess
import sys

import yaml

from windoweval.records.files import load_files
from windoweval.records.propose import propose

LIS = ("条码号,病人类型,检验类别,科室,接收时间,报告时间,标本状态\n"
       "B1,门诊,血常规,HLAB,2025-03-04 08:10,2025-03-04 08:35,已审核\n"
       "B2,门诊,血常规,HLAB,2025-03-04 09:05,,待检\n"
       "B3,门诊,尿常规,HLAB,2025-03-04 09:15,,检验中\n"
       "B4,门诊,尿常规,HLAB,2025-03-04 09:20,2025-03-04 09:40,已报告\n")
TOML = 'name = "x"\n[[windows]]\nid = "HLAB"\nname = "检验科"\nkind = "hospital_lab"\n'


def _proposal(tmp_path, text):
    f = tmp_path / "lis.csv"
    f.write_text(text, encoding="utf-8")
    return f, yaml.safe_load(propose(f, "hospital_events"))["hospital_events"]


def test_a_state_column_whose_codes_are_all_placed_is_proposed_and_read(tmp_path):
    f, got = _proposal(tmp_path, LIS)
    assert got["columns"]["标本状态"] == "event_status"   # before: under ignore, never read
    assert got["values"]["event_status"] == {"已审核": "closed", "待检": "open", "检验中": "open", "已报告": "closed"}
    assert "drop" not in got
    loaded = load_files("hospital_events", [f], got)
    assert dict(zip(loaded.frame["event_id"], loaded.frame["event_status"].astype(str))) == {
        "B1": "closed", "B2": "open", "B3": "open", "B4": "closed"}


def test_a_column_with_a_drop_or_an_unplaced_code_stays_unread(tmp_path):
    for extra, drop in (("未取药", True), ("作废", True), ("复核", False), ("报告未取", False)):
        _f, got = _proposal(tmp_path, LIS + f"B5,门诊,血常规,HLAB,2025-03-04 09:30,,{extra}\n")
        assert "标本状态" not in got["columns"], (extra, got["columns"])
        assert "标本状态" in got.get("ignore", []), extra
        assert (got.get("drop") or {}).get("标本状态", []) == ([extra] if drop else []), (extra, got.get("drop"))


def test_records_map_accepted_as_written_then_records_check_exit_0(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    (d / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (d / "lis.csv").write_text(LIS, encoding="utf-8")
    run = [sys.executable, "-m", "windoweval.cli", "records"]
    p = subprocess.run(run + ["map", str(d / "lis.csv"), "--kind", "hospital_events", "--out", str(d / "mapping.yaml")],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    text = (d / "mapping.yaml").read_text(encoding="utf-8")
    assert "TODO" not in text and '"标本状态": event_status' in text, text
    p = subprocess.run(run + ["check", "--data", str(d)], capture_output=True, text=True, timeout=300)
    out = p.stdout + p.stderr
    assert p.returncode == 0, out
    assert "hospital_events: 4 行" in out and "event_status" in out and "Traceback" not in out
