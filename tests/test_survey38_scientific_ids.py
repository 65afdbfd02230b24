"""survey38, as a firm: long numeric respondent ids (18 digits: a district code, a date, a serial) opened in Excel
and saved as CSV arrive in Excel's scientific notation, 4.40101E+17: the digits past the sixth are lost and
different respondents share one id.  The rows after the first of each were refused as "duplicate respondent id
with different answers ... give this row a new id or delete it" -- a fix that loses valid interviews, since the
cause is the export.  The refusal now says what happened and the fix (the id column as text, exported again); an
id in scientific notation that happens to stay unique is warned about, since it is no longer the firm's id."""
from pathlib import Path

import pandas as pd

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _with_ids(tmp_path, ids):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    df["respondent_id"] = ids
    p = tmp_path / "d.csv"
    p.write_text(df.to_csv(index=False), encoding="utf-8")
    return D.parse_delivery(p, INS, year=2025, screen=False)


def test_ids_collapsed_by_scientific_notation_are_told_the_cause(tmp_path):
    checked = _with_ids(tmp_path, ["4.40101E+17"] * 6 + ["4.40102E+17"] * 6)
    dup = checked.errors[checked.errors.code == "duplicate_id"]
    assert dup.row.tolist() == [3, 4, 5, 6, 7, 9, 10, 11, 12, 13]
    zh, en = dup.problem_zh.iloc[0], dup.problem_en.iloc[0]
    assert "科学计数法" in zh and "保留第 2 行" in zh                      # before: "请核对后给本行一个新的编号或删除它"
    assert "scientific notation" in en
    assert "文本" in dup.fix_zh.iloc[0] and "删除" not in dup.fix_zh.iloc[0]
    assert "Text" in dup.fix_en.iloc[0]


def test_a_unique_id_in_scientific_notation_is_warned_about(tmp_path):
    ids = [f"{44010120250305000 + i * 10**11:.5E}" for i in range(12)]
    assert len(set(ids)) == 12
    checked = _with_ids(tmp_path, ids)
    assert checked.errors.empty and len(checked.valid) == 12
    w = checked.problems[checked.problems.code == "id_scientific"]
    assert len(w) == 1 and w.severity.item() == "warning"                  # before: nothing said
    assert "科学计数法" in w.problem_zh.item() and "12" in w.problem_zh.item()


def test_ordinary_ids_say_nothing_of_it(tmp_path):
    checked = _with_ids(tmp_path, [f"E{i:03d}" for i in range(12)])
    assert not (checked.problems.code == "id_scientific").any()
    checked = _with_ids(tmp_path, ["R1"] * 2 + [f"R{i}" for i in range(2, 12)])
    dup = checked.errors[checked.errors.code == "duplicate_id"]
    assert len(dup) == 1 and "科学计数法" not in dup.problem_zh.item()
