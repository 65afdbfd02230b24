"""windoweval.toml: a misspelt key (art230 = true) and art203 written as a text ("no", read as true) were accepted in
silence, the report built with the setting the user did not mean (exit 0).  Both are refused (exit 3) with the key,
the nearest spelling and the fix, in Chinese and English, before anything is written; the previous report stays."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from windoweval.records.workspace import Workspace, WorkspaceError

WIN = [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]


@pytest.mark.parametrize("extra,words", [
    ({"art230": True}, ("未知的键 art230", "是否想写 art203", "unknown key art230", "did you mean art203")),
    ({"min_record": 5}, ("未知的键 min_record", "min_records", "unknown key min_record")),
    ({"art203": "no"}, ("art203 = 'no'", "true 或 false", "must be true or false")),
    ({"art203": 1}, ("art203 = 1", "must be true or false")),
])
def test_a_misspelt_key_or_a_wrong_type_is_refused(extra, words):
    with pytest.raises(WorkspaceError) as e:
        Workspace.from_dict({"name": "x", "windows": WIN, **extra})
    assert e.value.exit_code == 3
    for w in words:
        assert w in str(e.value)


def test_a_misspelt_window_key_is_refused():
    with pytest.raises(WorkspaceError) as e:
        Workspace.from_dict({"name": "x", "windows": [{**WIN[0], "regoin": "城东"}]})
    assert "第 1 个窗口" in str(e.value) and "regoin" in str(e.value) and "did you mean region" in str(e.value)


def test_the_known_keys_still_read():
    ws = Workspace.from_dict({"name": "x", "windows": [{**WIN[0], "region": "城东", "name_en": "East"}],
                              "art203": True, "min_records": 3, "lonely_psu": "certainty"})
    assert ws.art203 is True and ws.min_records == 3


def test_the_scheduler_gets_exit_3_and_the_previous_report_stays(tmp_path):
    from windoweval.demo import tiny_data_dir

    d = tiny_data_dir()
    toml = d / "windoweval.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\nart230 = true\n", encoding="utf-8")
    out = tmp_path / "reports" / "2025"
    out.mkdir(parents=True)
    (out / "index.html").write_text("the previous report", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    r = subprocess.run([sys.executable, "-m", "windoweval", "report", "--year", "2025", "--data", str(d),
                        "--out", str(tmp_path / "reports")], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 3, r.stderr[-2000:]
    assert "未知的键 art230" in r.stderr and "unknown key art230" in r.stderr and "Traceback" not in r.stderr
    assert (out / "index.html").read_text(encoding="utf-8") == "the previous report"
