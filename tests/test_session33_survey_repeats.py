"""``survey check`` says the exact repeats it dropped as a count and their rows (session 33): "exact repeats
dropped: 362" read as 362 repeats when one row, row 362, was dropped; a delivery sent twice listed every row."""
import csv

from windoweval.cli import main


def _delivery(tmp_path, repeats: int):
    main(["survey", "demo", "--out", str(tmp_path / "sv"), "--years", "2025"])
    f = tmp_path / "sv" / "power_hall_2025.csv"
    rows = list(csv.reader(open(f, encoding="utf-8-sig")))
    with open(f, "w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(rows + rows[1:1 + repeats])
    return f, len(rows)


def test_one_repeat_is_said_as_one_row(tmp_path, capsys):
    f, n = _delivery(tmp_path, 1)
    capsys.readouterr()
    main(["survey", "check", str(f), "--instrument", "power_hall", "--year", "2025"])
    out = capsys.readouterr().out
    assert f"完全重复的行已删除 1 行(第 {n + 1} 行)/ exact repeats dropped: 1 (rows {n + 1})" in out


def test_a_delivery_sent_twice_names_its_first_rows(tmp_path, capsys):
    f, n = _delivery(tmp_path, 30)
    capsys.readouterr()
    main(["survey", "check", str(f), "--instrument", "power_hall", "--year", "2025"])
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("完全重复的行已删除"))
    assert line.startswith("完全重复的行已删除 30 行(第 ") and line.endswith(" …)")
    assert len(line.split("(rows ")[1].split(", ")) == 20
