"""msgs44: ``--instrument`` given something that is no readable file.

A named pipe, a folder or a link whose target is gone, given as ``--instrument``, was said to be "not found" (exit 2
for a name without ``.yaml``: a wrong command line), though the user could see it in the listing; a file the user may
not read ended in a traceback.  Each is now said as what it is, with the fix, Chinese first, exit 3 (an input refused,
the README's table), as the other inputs are (``records.workspace.not_regular``).
"""
import os
from pathlib import Path

import pytest

from windoweval.cli import main
from windoweval.errors import EXIT_INPUT, EXIT_USAGE

ROOT = Path(__file__).resolve().parents[1]


def _made(kind: str, tmp_path: Path) -> Path:
    if kind == "fifo":
        p = tmp_path / "问卷.yaml"
        os.mkfifo(p)
    elif kind == "fifo_no_suffix":
        p = tmp_path / "问卷"
        os.mkfifo(p)
    elif kind == "folder":
        p = tmp_path / "问卷.yaml"
        p.mkdir()
    else:   # a link to nothing
        p = tmp_path / "问卷.yaml"
        p.symlink_to(tmp_path / "gone.yaml")
    return p


WORDS = {"fifo": ("不是普通文件", "not a regular file"), "fifo_no_suffix": ("不是普通文件", "not a regular file"),
         "folder": ("文件夹", "folder"), "dangling": ("符号链接", "symbolic link")}


@pytest.mark.parametrize("kind", list(WORDS))
@pytest.mark.parametrize("command", ["template", "check"])
def test_an_instrument_that_is_no_file_is_said_as_what_it_is(kind, command, tmp_path, capsys):
    ins = _made(kind, tmp_path)
    if command == "template":
        args = ["survey", "template", "--instrument", str(ins), "--out", str(tmp_path / "t.xlsx")]
    else:
        f = tmp_path / "交付.csv"
        f.write_text("受访者编号,窗口编号\nR1,PW01\n", encoding="utf-8")
        args = ["survey", "check", str(f), "--instrument", str(ins)]
    code = main(args)
    said = capsys.readouterr()
    text = said.out + said.err
    assert code == EXIT_INPUT, text
    zh, en = WORDS[kind]
    assert zh in text and en in text and text.index(zh) < text.index(en), text
    assert "not found" not in text and "找不到" not in text
    assert "YAML" in text and "power_hall" in text          # the fix: the file itself, or an id (those available)
    assert "Traceback" not in text
    assert not (tmp_path / "t.xlsx").exists()


def test_a_folder_named_like_an_instrument_id_does_not_hide_the_bundled_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "power_hall").mkdir()
    assert main(["survey", "template", "--instrument", "power_hall", "--out", str(tmp_path / "t.xlsx"),
                 "--rows", "3"]) == 0
    assert (tmp_path / "t.xlsx").is_file()


def test_a_name_nothing_has_is_still_a_wrong_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["survey", "template", "--instrument", "power_hal", "--out", str(tmp_path / "t.xlsx")]) == EXIT_USAGE
    assert "找不到问卷" in capsys.readouterr().err


def test_an_instrument_file_that_cannot_be_read_is_refused_with_the_fix(tmp_path, monkeypatch, capsys):
    ins = tmp_path / "my_hall.yaml"
    ins.write_text((ROOT / "surveys" / "instruments" / "power_hall.yaml").read_text(encoding="utf-8"),
                   encoding="utf-8")
    real = Path.read_text

    def refused(self, *a, **k):     # as a file of another user's (0600) reads for anyone but root
        if self.name == "my_hall.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *a, **k)

    monkeypatch.setattr(Path, "read_text", refused)
    code = main(["survey", "template", "--instrument", str(ins), "--out", str(tmp_path / "t.xlsx")])
    said = capsys.readouterr()
    text = said.out + said.err
    assert code == EXIT_INPUT, text
    assert "无法读取" in text and "cannot be read" in text and "权限" in text and "permission" in text
    assert "Traceback" not in text and "PermissionError" not in text
