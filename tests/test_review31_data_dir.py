"""review31: ``--data`` naming a file (an export given where its folder was meant: --data 95598工单.csv) was told
"the data directory does not exist" of a path that exists; it is said to be a file, not a folder (exit 3, zh/en)."""
import subprocess
import sys


def test_a_data_path_that_is_a_file(tmp_path):
    f = tmp_path / "95598工单.csv"
    f.write_text("工单编号\nGD1\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "windoweval", "records", "check", "--data", str(f)],
                       capture_output=True, text=True)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "不是文件夹" in r.stderr and "not a folder" in r.stderr and "--data" in r.stderr, r.stderr
    assert "不存在" not in r.stderr and "Traceback" not in r.stderr
