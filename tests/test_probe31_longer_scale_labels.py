"""An SPSS item labelled on a longer scale (1 = 非常不满意 … 10 = 非常满意) where the instrument's is 1-5.

The refusal asked "is the scale reversed?" for 10 = 非常满意: the labels run the right way and the scale is longer.
Now a labelled code beyond the scale's ends says so (another scale, such as 1-10) with the fix (the instrument's
1-5 scale, a conversion agreed with the client first); a code on the scale labelled the other way (1 = 非常满意)
still asks whether the scale is reversed. The file is refused either way (exit 1 for check). Failed before.
"""
import numpy as np
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey import load_instrument
from windoweval.survey.delivery import parse_delivery

pyreadstat = pytest.importorskip("pyreadstat")
INS = load_instrument("power_hall")


def _sav(tmp_path, overall, labels):
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=6, seed=31,
                                careless_share=0).drop(columns=["comment"])
    for c in INS.coded_columns:
        df[c] = df[c].astype(float)
    df["weight"] = df["weight"].astype(float)
    df["overall"] = overall(len(df))
    p = tmp_path / "d.sav"
    pyreadstat.write_sav(df, p, variable_value_labels={"overall": labels})
    return p


def test_labels_of_a_ten_point_scale_say_another_scale(tmp_path, capsys):
    p = _sav(tmp_path, lambda n: np.resize([1.0, 4, 7, 10, 8, 6], n), {1: "非常不满意", 10: "非常满意"})
    bad = parse_delivery(p, INS, year=2025).errors
    lab = bad[bad["code"] == "label_mismatch"]
    assert len(lab) == 1
    assert "另一种量表" in lab.iloc[0]["problem_zh"] and "another scale" in lab.iloc[0]["problem_en"]
    assert "反了" not in lab.iloc[0]["problem_zh"] and "reversed" not in lab.iloc[0]["problem_en"]
    assert "1–5" in lab.iloc[0]["fix_zh"] and "1-5" in lab.iloc[0]["fix_en"]
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025", "--no-screen"]) == 1
    capsys.readouterr()


def test_a_reversed_label_on_the_scale_still_asks_if_reversed(tmp_path):
    p = _sav(tmp_path, lambda n: np.resize([1.0, 2, 3, 4, 5], n), {1: "非常满意", 5: "非常不满意"})
    lab = parse_delivery(p, INS, year=2025).errors
    lab = lab[lab["code"] == "label_mismatch"]
    assert len(lab) == 2 and lab["problem_zh"].str.contains("反了").all()
