"""msgs44: a folder given as a survey delivery gets one message, wherever it is met.

``survey check / import / estimate`` said it one way (``cli/survey._folder_refused``: the files it holds and the fix)
and the library another (``delivery._a_file``: "give the delivery file inside it"), with the stat check written a
second time beside ``records.workspace.not_regular``.  Now :func:`windoweval.survey.delivery.delivery_file` makes the
one check (through ``not_regular``) and says the one message; the commands print it.
"""
import os
from pathlib import Path

import pytest

from windoweval.cli import main
from windoweval.errors import EXIT_INPUT
from windoweval.survey.delivery import DeliveryError, read_delivery


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "交付"
    d.mkdir()
    for n in ("PW01.csv", "PW02.xlsx", "说明.docx"):
        (d / n).write_bytes(b"x")
    return d


def _said(capsys) -> str:
    got = capsys.readouterr()
    return (got.out + got.err).strip()


@pytest.mark.parametrize("command", ["check", "import", "estimate"])
def test_the_commands_and_the_library_say_a_folder_the_same_way(folder, tmp_path, capsys, command):
    with pytest.raises(DeliveryError) as e:
        read_delivery(folder)
    library = str(e.value)
    assert e.value.exit_code == EXIT_INPUT
    assert "是文件夹" in library and "is a folder" in library and library.index("是文件夹") < library.index("is a folder")
    assert "2 个文件（PW01.csv、PW02.xlsx）" in library and "说明.docx" not in library   # what it holds
    assert "工作表" in library and "a sheet each" in library                               # the fix
    store = ["--store", str(tmp_path / "store")] if command != "check" else []
    code = main(["survey", command, str(folder), "--instrument", "power_hall", "--year", "2025", *store])
    said = _said(capsys)
    assert code == EXIT_INPUT
    assert said == library, (said, library)      # one message, word for word
    assert "Traceback" not in said


def test_the_store_refuses_a_folder_with_the_same_message(folder, tmp_path):
    from windoweval.survey.store import import_delivery

    with pytest.raises(DeliveryError) as a:
        import_delivery(folder, "power_hall", 2025, store_dir=tmp_path / "store")
    with pytest.raises(DeliveryError) as b:
        read_delivery(folder)
    assert str(a.value) == str(b.value)


def test_a_delivery_that_is_a_link_to_nothing_is_said_so(tmp_path, capsys):
    f = tmp_path / "交付.csv"
    f.symlink_to(tmp_path / "gone.csv")
    code = main(["survey", "check", str(f), "--instrument", "power_hall"])
    said = _said(capsys)
    assert code == EXIT_INPUT, said
    assert "符号链接" in said and "symbolic link" in said and "找不到" not in said, said


def test_a_pipe_is_refused_by_the_same_check(tmp_path):
    fifo = tmp_path / "交付.csv"
    os.mkfifo(fifo)
    with pytest.raises(DeliveryError) as e:
        read_delivery(fifo)
    assert "不是普通文件" in str(e.value) and "not a regular file" in str(e.value)


def test_the_command_line_knows_the_delivery_endings_the_reader_knows():
    from windoweval.cli.survey import _FILE_SUFFIXES
    from windoweval.survey.delivery import DELIVERY_SUFFIXES

    assert _FILE_SUFFIXES == DELIVERY_SUFFIXES
