"""survey38, as a firm: a code and its label joined by a Chinese dash (5—非常满意, 5——非常满意 with the 破折号, 3–一般,
非常满意—5), as a data-entry clerk types them, was refused as "neither a numeric code nor a label of the question's
options", while 5-非常满意 and 5－非常满意 were read.  The dash is a separator as the hyphen is: the answer is read as
its code (code_label_read warning) when the label agrees, and refused as a code and a label that disagree (not as
"no code, no label") when it does not."""
from pathlib import Path

import pandas as pd
import pytest

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _overall(tmp_path, value):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    df.loc[0, "overall"] = value
    p = tmp_path / "d.csv"
    p.write_text(df.to_csv(index=False), encoding="utf-8")
    return D.parse_delivery(p, INS, year=2025, screen=False)


@pytest.mark.parametrize("value,code", [("5—非常满意", 5), ("5——非常满意", 5), ("4 — 满意", 4), ("3–一般", 3),
                                        ("非常满意—5", 5), ("满意——4", 4)])
def test_a_dash_joins_a_code_and_its_label(tmp_path, value, code):
    checked = _overall(tmp_path, value)
    assert checked.responses["overall"].iloc[0] == code                   # before: NaN, refused as non_numeric
    assert checked.errors.empty
    read = checked.problems[checked.problems.code == "code_label_read"]
    assert any(f"「{value}」读作代码 {code}" in t for t in read.problem_zh)


@pytest.mark.parametrize("value", ["4—非常满意", "满意——5"])
def test_a_label_that_disagrees_is_refused_as_such(tmp_path, value):
    checked = _overall(tmp_path, value)
    assert checked.errors.code.tolist() == ["code_label_mismatch"]        # before: non_numeric
    assert checked.errors.value.tolist() == [value] and checked.errors.row.tolist() == [2]
