"""nps45b: ``survey estimate --stat nps --previous``'s messages.

* The table's note said "promoters and detractors as shares (0-1)", but the year-on-year table has no such columns
  (it holds each year's score and SE, the change, its SE, z, p): the note says what the table holds.
* Last year's file's warnings ("N rows with errors", "answers off the scale") read as this year's: they did not say
  which file they came from.  They now start with ``上年 / previous`` and the file's name; this year's do not.
"""
import json
from pathlib import Path

import pandas as pd
import yaml

from windoweval.cli import main
from windoweval.paths import INSTRUMENTS_DIR

HERE = Path(__file__).parent / "golden"


def _files(tmp):
    raw = yaml.safe_load((INSTRUMENTS_DIR / "power_hall.yaml").read_text(encoding="utf-8"))
    raw["items"].append({"id": "recommend", "zh": "推荐可能性", "en": "Likely to recommend",
                         "scale": {"min": 0, "max": 10, "satisfied_min": 9,
                                   "labels": {0: {"zh": "完全不可能", "en": "Not at all likely"},
                                              10: {"zh": "非常可能", "en": "Extremely likely"}}}})
    ins = tmp / "hall_nps.yaml"
    ins.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    d = pd.read_csv(HERE / "survey41_data.csv", dtype=str, keep_default_na=False)
    k = d.respondent_id.str[1:].astype(int)
    out = {}
    for year, x, miss in ((2025, (k * 7) % 11, 13), (2024, (k * 5 + 3) % 11, 11)):
        x = x.astype(str)
        x[k % miss == 0] = "99"
        e = d.copy()
        e.insert(e.columns.get_loc("overall"), "recommend", x)
        e["interview_date"] = e.interview_date.str.replace("2025-", f"{year}-")
        if year == 2024:
            e.loc[e.index[:2], "weight"] = "-1"           # two rows with errors, in last year's file only
        p = tmp / f"交付{year}.csv"
        e.to_csv(p, index=False)
        out[year] = p
    return ins, out


def _run(tmp, capsys, fmt):
    ins, p = _files(tmp)
    rc = main(["survey", "estimate", str(p[2025]), "--instrument", str(ins), "--year", "2025", "--stat", "nps",
               "--previous", str(p[2024]), "--format", fmt])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    return cap


def test_last_years_warnings_name_their_file(tmp_path, capsys):
    cap = _run(tmp_path, capsys, "json")
    lines = cap.err.splitlines()
    errors = [ln for ln in lines if "rows with errors" in ln]
    assert len(errors) == 1 and errors[0].startswith("上年 / previous 交付2024.csv: "), cap.err
    off = [ln for ln in lines if "answers off the scale" in ln]
    assert len(off) == 2, cap.err                              # each year has 99s
    assert sum(ln.startswith("上年 / previous 交付2024.csv: ") for ln in off) == 1
    assert not any("交付2025.csv" in ln for ln in off)          # this year's said as before
    assert str(tmp_path) not in cap.err                         # the name, not the folders
    assert len(pd.DataFrame(json.loads(cap.out))) == 1


def test_the_year_on_year_note_says_what_the_table_holds(tmp_path, capsys):
    cap = _run(tmp_path, capsys, "table")
    assert "as shares" not in cap.out and "为比例" not in cap.out     # no promoters / detractors columns here
    assert "差值 difference" in cap.out and "差值标准误 SE of the difference" in cap.out
    note = next(ln for ln in cap.out.splitlines() if "净推荐值" in ln)
    assert "this year minus last" in note and "今年减上年" in note and "p-value" in note, note
