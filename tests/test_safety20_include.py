"""safety20: a team keeps one shared windoweval.toml outside the data folders.  A link to it is refused (left19s: the
settings would come from a file nobody put in the data folder); the folder's own toml names it instead,
``include = "<path>"``: an explicit line in the folder's own file.  The shared file is refused when it is unsafe to
take settings from (not a regular file, writable by anyone, too large, itself including another, missing), exit 3
with the fix, never a traceback."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from windoweval.records.workspace import WorkspaceError, load_workspace

SHARED = """name = "共享配置"
min_records = 5

[[windows]]
id = "PW01"
name = "城东营业厅"
kind = "power_hall"

[targets]
"power_window.10.2.1#resident_payment" = 0.98
"""


def _setup(tmp_path, own: str | None, shared: str = SHARED) -> tuple[Path, Path]:
    """A team folder with ``shared.toml`` (0644) and a data folder; its ``windoweval.toml`` holds ``own`` unless None."""
    team = tmp_path / "team"
    team.mkdir()
    s = team / "shared.toml"
    s.write_text(shared, encoding="utf-8")
    s.chmod(0o644)
    data = tmp_path / "data"
    data.mkdir()
    if own is not None:
        (data / "windoweval.toml").write_text(own.replace("@SHARED@", str(s)), encoding="utf-8")
    return data, s


def test_the_folders_toml_includes_a_shared_one_and_overrides_it(tmp_path):
    data, _ = _setup(tmp_path, 'include = "@SHARED@"\nmin_records = 7\n\n[targets]\n"x#y" = 0.9\n')
    ws = load_workspace(data)
    assert ws.windows["window_id"].tolist() == ["PW01"]          # from the shared file
    assert ws.name == "共享配置" and ws.min_records == 7         # the folder's own line wins
    assert ws.targets == {"power_window.10.2.1#resident_payment": 0.98, "x#y": 0.9}   # tables merged key by key
    assert ws.root == data.resolve()                            # files named in it are the data folder's


def test_a_relative_include_is_read_from_the_data_folder(tmp_path):
    data, _ = _setup(tmp_path, 'include = "../team/shared.toml"\n')
    assert load_workspace(data).windows["window_id"].tolist() == ["PW01"]


def test_a_changed_shared_file_is_read_again(tmp_path):
    data, s = _setup(tmp_path, 'include = "@SHARED@"\n')
    assert load_workspace(data).name == "共享配置"
    s.write_text(SHARED.replace("共享配置", "新配置"), encoding="utf-8")
    assert load_workspace(data).name == "新配置"


@pytest.mark.parametrize("how,words", [
    ("missing", "找不到"), ("folder", "不是普通文件"), ("fifo", "不是普通文件"), ("writable", "任何人修改"),
    ("nested", "不能再 include"), ("large", "过大"), ("not_text", "应为带引号的文本"), ("bad_toml", "TOML"),
])
def test_an_unsafe_shared_file_is_refused(tmp_path, how, words):
    own = 'include = "@SHARED@"\n' if how != "not_text" else "include = 3\n"
    data, s = _setup(tmp_path, own)
    if how == "missing":
        s.unlink()
    elif how == "folder":
        s.unlink()
        s.mkdir()
    elif how == "fifo":
        s.unlink()
        os.mkfifo(s)
    elif how == "writable":
        s.chmod(0o666)
    elif how == "nested":
        s.write_text('include = "/etc/passwd"\n' + SHARED, encoding="utf-8")
    elif how == "large":
        s.write_text(SHARED + "# " + "x" * 2_000_000 + "\n", encoding="utf-8")
    elif how == "bad_toml":
        s.write_text("name = \n", encoding="utf-8")
    with pytest.raises(WorkspaceError) as e:
        load_workspace(data)
    text = str(e.value)
    assert words in text and e.value.exit_code == 3, text


def test_a_link_out_is_still_refused(tmp_path):
    data, s = _setup(tmp_path, "")
    (data / "windoweval.toml").unlink()
    (data / "windoweval.toml").symlink_to(s)
    with pytest.raises(WorkspaceError) as e:
        load_workspace(data)
    assert "include" in str(e.value)            # the refusal names the way that works
