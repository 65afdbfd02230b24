"""hostile43: a survey firm's delivery that is no file.

``survey check`` / ``survey import`` of a folder named like a delivery (``交付.csv/``, as an unzipped archive leaves
it) ended in ``IsADirectoryError``: exit 5 and a traceback; of a named pipe (``mkfifo``, or ``<(curl …)``) it waited
for ever.  A delivery larger than any survey was read whole and decoded before a row was looked at.  Each is now
refused (exit 3) by its file name alone (the folders above it can carry a person's name), with what to do.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from windoweval.cli import main
from windoweval.errors import EXIT_INPUT

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def person_folder(tmp_path):
    d = tmp_path / "张三13812345678"
    d.mkdir()
    return d


@pytest.mark.parametrize("command", [["survey", "check"], ["survey", "import"]])
def test_a_delivery_that_is_a_folder_is_refused_not_a_crash(person_folder, tmp_path, capsys, command):
    (person_folder / "交付.csv").mkdir()
    extra = ["--year", "2025", "--store", str(tmp_path / "store")] if command[1] == "import" else []
    code = main([*command, str(person_folder / "交付.csv"), "--instrument", "power_hall", *extra])
    said = capsys.readouterr()
    text = said.out + said.err
    assert code == EXIT_INPUT, text
    assert "Traceback" not in text and "IsADirectoryError" not in text
    assert "文件夹" in text and "folder" in text and text.index("文件夹") < text.index("folder")
    assert "张三" not in text and "13812345678" not in text
    assert not (tmp_path / "store").exists() or not any((tmp_path / "store").rglob("*.parquet"))


@pytest.mark.parametrize("command", [["survey", "check"], ["survey", "import"]])
def test_a_delivery_that_is_a_pipe_is_refused_not_waited_on(tmp_path, command):
    fifo = tmp_path / "交付.csv"
    os.mkfifo(fifo)
    extra = ["--year", "2025", "--store", str(tmp_path / "store")] if command[1] == "import" else []
    try:
        got = subprocess.run([sys.executable, "-m", "windoweval.cli", *command, str(fifo), "--instrument", "power_hall",
                              *extra], capture_output=True, text=True, timeout=90, cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(command)} waited on a pipe")
    assert got.returncode == EXIT_INPUT, got.stderr
    assert "不是普通文件" in got.stderr and "not a regular file" in got.stderr and "Traceback" not in got.stderr


def test_a_delivery_past_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from windoweval.survey import delivery
    from windoweval.survey.delivery import DeliveryError, read_delivery

    f = tmp_path / "交付.csv"
    f.write_text("受访者编号,窗口编号\nR1,PW01\n" + "x" * 5000, encoding="utf-8")
    monkeypatch.setattr(delivery, "MAX_DELIVERY_BYTES", 4096)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read before it was refused"))
    with pytest.raises(DeliveryError) as e:
        read_delivery(f)
    assert e.value.exit_code == EXIT_INPUT and "过大" in str(e.value) and "too large" in str(e.value)


def test_a_missing_delivery_read_through_the_api_is_refused_by_name(person_folder):
    from windoweval.survey.delivery import DeliveryError, read_delivery

    with pytest.raises(DeliveryError) as e:
        read_delivery(person_folder / "交付.csv")
    assert "交付.csv" in str(e.value) and "张三" not in str(e.value)


def test_an_ordinary_delivery_is_still_read(tmp_path):
    from windoweval.survey.delivery import read_delivery

    f = tmp_path / "交付.csv"
    f.write_text("受访者编号,窗口编号,weight\nR1,PW01,1.5\n", encoding="utf-8")
    assert read_delivery(f).frame["respondent_id"].tolist() == ["R1"]


def test_survey_estimate_of_a_folder_named_as_a_delivery_says_it_is_a_folder(person_folder, capsys):
    (person_folder / "交付.csv").mkdir()
    code = main(["survey", "estimate", str(person_folder / "交付.csv"), "--instrument", "power_hall"])
    said = capsys.readouterr()
    text = said.out + said.err
    assert code == EXIT_INPUT, text
    assert "文件夹" in text and "folder" in text and "not found" not in text and "Traceback" not in text
    assert "张三" not in text and "13812345678" not in text
