"""A required column under a misspelled name (wieght for weight) carries its fix in the fix fields, both languages.

Before (survey47b): the rename was only inside the problem text and ``fix_zh``/``fix_en`` were empty, so the
problem table (CSV/Excel, the fix columns a surveyor filters on) had no fix and ``survey check`` printed none.
"""
from pathlib import Path

import pandas as pd

from windoweval.cli.survey import main
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def test_misspelled_column_has_its_fix_in_both_languages():
    p = D.check_delivery(DATA / "misspelled_column.csv", INS, year=2025)
    m = p[p["code"] == "misspelled_column"].set_index("column")
    assert set(m.index) == {"weight", "overall"}
    w = m.loc["weight"]
    # survey48: a design column's fix goes on to say what the column is for (tests/test_survey48_design_column_roles)
    assert w["fix_zh"].startswith("请把列 'wieght' 改名为 'weight' 后重新交付；若它不是这一列，请在表头加上 'weight' 列。")
    assert w["fix_en"].startswith("rename the column 'wieght' to 'weight' and deliver again; if it is not that "
                                  "column, add a 'weight' column to the header. ")
    assert "'overal'" in m.loc["overall", "fix_zh"] and "'overall'" in m.loc["overall", "fix_en"]
    # the problem says what is wrong, the fix what to do: the rename is said once, in the fix
    assert "改名" not in w["problem_zh"] and "rename" not in w["problem_en"]
    assert "'wieght'" in w["problem_zh"] and "'wieght'" in w["problem_en"]


def test_survey_check_prints_the_fix(capsys):
    rc = main(["survey", "check", str(DATA / "misspelled_column.csv"), "--instrument", "power_hall",
               "--year", "2025"])
    out = capsys.readouterr().out
    assert rc == 1
    line = next(s for s in out.splitlines() if "列 column weight " in s)
    assert "请把列 'wieght' 改名为 'weight' 后重新交付" in line and "rename the column 'wieght' to 'weight'" in line


def test_survey_check_csv_has_the_fix_columns(capsys):
    rc = main(["survey", "check", str(DATA / "misspelled_column.csv"), "--instrument", "power_hall",
               "--year", "2025", "--format", "csv"])
    import io
    t = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert rc == 1
    r = t[(t["code"] == "misspelled_column") & (t["column"] == "overall")].iloc[0]
    assert r["fix_zh"].startswith("请把列 'overal' 改名为 'overall'") and r["fix_en"].startswith(
        "rename the column 'overal' to 'overall'")
