"""hostile43: ``records check`` never read the workspace's calendar file.  A windoweval.toml whose calendar_file
leaves the data folder (``../../../etc/passwd``), names no file, or names a calendar with a row no calendar takes
passed ``records check`` with exit 0, while ``score`` and ``report`` refuse it (exit 3); and a calendar.csv left in
the folder was said to need ``calendar_file = "calendar.csv"`` even when calendar_file was set, to another path.
The calendar is now read as every command reads it: refused with the setting, the reason and the fix, exit 3."""
import io

import pytest

from windoweval.demo import tiny_data_dir
from windoweval.errors import EXIT_INPUT, EXIT_OK
from windoweval.records.check import check_records


def _with_calendar(setting: str, files: dict | None = None):
    d = tiny_data_dir()
    toml = d / "windoweval.toml"
    toml.write_text(f'calendar_file = "{setting}"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    for name, text in (files or {}).items():
        (d / name).write_text(text, encoding="utf-8")
    return d


def _check(d):
    out = io.StringIO()
    code = check_records(d, out=out)
    return code, out.getvalue()


@pytest.mark.parametrize("setting", ["../../../etc/passwd", "/etc/hostname"])
def test_a_calendar_outside_the_data_folder_is_refused(setting):
    code, said = _check(_with_calendar(setting))
    assert code == EXIT_INPUT
    line = next(x for x in said.splitlines() if x.startswith("✗ calendar_file"))
    assert "路径跳出" in line and "leaves" in line and "/etc" not in line.split(":", 1)[1].replace(setting, "")
    assert "Traceback" not in said


def test_a_calendar_file_that_is_not_there_is_refused_with_the_fix():
    code, said = _check(_with_calendar("日历2027.csv"))
    assert code == EXIT_INPUT
    line = next(x for x in said.splitlines() if x.startswith("✗ calendar_file"))
    assert "找不到日历文件" in line and "calendar_file" in line.split(":", 1)[1] and "correct" in line


def test_a_calendar_with_a_bad_row_is_refused_naming_it():
    d = _with_calendar("calendar.csv", {"calendar.csv": "date,kind,name\n2027-01-01,holday,元旦\n"})
    code, said = _check(d)
    assert code == EXIT_INPUT
    assert any(x.startswith("✗ calendar_file") and "holday" in x for x in said.splitlines())


def test_a_sound_calendar_passes():
    d = _with_calendar("calendar.csv", {"calendar.csv": "date,kind,name\n2027-01-01,holiday,元旦\n"})
    code, said = _check(d)
    assert code == EXIT_OK and "calendar_file" not in said


def test_a_calendar_left_beside_another_setting_is_not_told_to_set_what_is_set():
    d = _with_calendar("cal/节假日.csv", {"calendar.csv": "date,kind,name\n2027-01-01,holiday,元旦\n"})
    (d / "cal").mkdir()
    (d / "cal" / "节假日.csv").write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")
    code, said = _check(d)
    assert code == EXIT_OK
    line = next(x for x in said.splitlines() if "calendar.csv" in x)
    assert 'calendar_file = "calendar.csv"' not in line and '"cal/节假日.csv"' in line


def test_the_score_command_does_not_tell_to_set_what_is_set(tmp_path, capsys):
    from windoweval.cli import main

    d = _with_calendar("cal/节假日.csv", {"calendar.csv": "date,kind,name\n2027-01-01,holiday,元旦\n"})
    (d / "cal").mkdir()
    (d / "cal" / "节假日.csv").write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")
    assert main(["score", "--standard", "power_window", "--year", "2025", "--data", str(d),
                 "--out", str(tmp_path / "out")]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "calendar.csv" in x)
    assert 'calendar_file = "calendar.csv"' not in line and '"cal/节假日.csv"' in line
