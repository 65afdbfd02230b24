"""survey37, as a firm: an answer written as its code with the label in brackets after it, 5(非常满意) or
5分（非常满意） (the label shown beside the score, as a firm's data-entry tool writes it), was refused as "neither a
numeric code nor a label" although the label agrees with the code, where 满意(4), [5]非常满意 and 非常满意(5分) were
read. It is now read as its code with the code_label_read warning; a label that disagrees (4(非常满意)) is refused
as before, never guessed."""
import csv
from pathlib import Path

import pytest

from windoweval.cli import main

DATA = Path(__file__).parent / "data" / "survey"


def _check(tmp_path, capsys, value):
    rows = list(csv.reader((DATA / "clean_utf8.csv").open(encoding="utf-8")))
    rows[1][rows[0].index("env1")] = value
    p = tmp_path / "d.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"])
    return rc, capsys.readouterr().out


@pytest.mark.parametrize("value", ["5(非常满意)", "５（非常满意）", "5分(非常满意)", "5 分（非常满意）", "4 (满意)"])
def test_code_then_label_in_brackets_is_read(tmp_path, capsys, value):
    rc, out = _check(tmp_path, capsys, value)
    assert rc == 0, out                                                    # before: 1, the answer refused
    line = next(ln for ln in out.splitlines() if "column env1" in ln)
    assert "读作代码 " + value.strip()[0].translate({0xFF15: "5"}) in line


@pytest.mark.parametrize("value", ["4(非常满意)", "5（满意）"])
def test_a_label_that_disagrees_is_still_refused(tmp_path, capsys, value):
    rc, out = _check(tmp_path, capsys, value)
    assert rc == 1 and "错误 error" in next(ln for ln in out.splitlines() if "column env1" in ln)
