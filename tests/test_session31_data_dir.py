"""A mistyped ``--data`` (a folder that does not exist) is said to be so, with exit 3 (session 31).

Before, every command answered "找不到工作区配置文件;请在数据目录中创建 windoweval.toml": a user who typed
``--data /srv/recrods`` was told to create a file in a folder that is not there.
"""
import subprocess
import sys

import pytest


@pytest.mark.parametrize("cmd", [["score", "--standard", "power_window", "--year", "2025"], ["records", "check"],
                                 ["complaints", "--year", "2025"]])
def test_a_data_directory_that_does_not_exist(tmp_path, cmd):
    r = subprocess.run([sys.executable, "-m", "windoweval", *cmd, "--data", str(tmp_path / "recrods")],
                       capture_output=True, text=True)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "数据目录不存在" in r.stderr and "does not exist" in r.stderr and "--data" in r.stderr
    assert "创建 windoweval.toml" not in r.stderr and "Traceback" not in r.stderr


def test_an_existing_folder_without_the_workspace_file_still_says_create_it(tmp_path):
    r = subprocess.run([sys.executable, "-m", "windoweval", "records", "check", "--data", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 3 and "windoweval.toml" in r.stderr and "数据目录不存在" not in r.stderr
