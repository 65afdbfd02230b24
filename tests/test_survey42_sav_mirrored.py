"""survey42: an SPSS or Stata delivery from a firm whose system codes the scale the other way (1 = 非常满意 …
5 = 非常不满意), the file's value labels saying so in the instrument's own words, was refused whole ("is the scale
reversed?"), though a workbook declaring the same in its codes sheet is read recoded (survey38).  The value labels are
the file's declaration of its codes: a question labelled with the instrument's labels mirrored, every code of the
scale, is now read recoded (v as min + max - v, the missing codes as they are, 98/99 labelled or declared missing
still missing), with one warning ``scale_reversed`` naming the questions; labels reversed in other words, or only
some codes mirrored, are still refused (test_survey38_sav_reversed_words)."""
import pandas as pd
import pyreadstat
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
ITEMS = list(INS.coded_columns)
AGR = [c for c in ITEMS if INS.question(c).labels == "agreement"]
SAT_M = {1.0: "非常满意", 2.0: "满意", 3.0: "一般", 4.0: "不满意", 5.0: "非常不满意", 98.0: "不适用", 99.0: "拒答"}
AGR_M = {1.0: "非常同意", 2.0: "同意", 3.0: "一般", 4.0: "不同意", 5.0: "非常不同意", 98.0: "不适用", 99.0: "拒答"}


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery(INS, 2025, ["PW01", "PW02", "PW03"], n_per_window=8, seed=7, careless_share=0)


def _file(base, path, mirror=True, kind="sav"):
    s = base.drop(columns=["comment"]).copy()
    for c in ITEMS:
        v = s[c].astype(float)
        s[c] = v.where(v == 9, 6 - v).where(v != 9, 98.0) if mirror else v.where(v != 9, 98.0)
    s.loc[0, "env1"] = 99.0                                                  # 拒答, declared missing
    s["weight"], s["duration_s"] = s["weight"].astype(float), pd.to_numeric(s["duration_s"], errors="coerce")
    labels = {c: (AGR_M if c in AGR else SAT_M) for c in ITEMS}
    if not mirror:      # the template's direction: 1 = 非常不满意 … 5 = 非常满意
        labels = {c: {(6 - k if k <= 5 else k): t for k, t in v.items()} for c, v in labels.items()}
    if kind == "sav":
        pyreadstat.write_sav(s, str(path), variable_value_labels=labels,
                             missing_ranges={c: [98.0, 99.0] for c in ITEMS})
    else:
        pyreadstat.write_dta(s, str(path), variable_value_labels={c: {int(k): t for k, t in v.items()}
                                                                  for c, v in labels.items()})
    return path


@pytest.mark.parametrize("kind", ["sav", "dta"])
def test_labels_mirrored_in_the_instruments_words_are_read_recoded(base, tmp_path, kind):
    chk = parse_delivery(_file(base, tmp_path / f"交付.{kind}", kind=kind), INS, year=2025, screen=False)
    assert chk.errors.empty, chk.errors[["code", "column", "problem_en"]].head()    # before: label_mismatch, refused
    got = chk.valid.set_index("respondent_id")
    want = base.set_index("respondent_id")
    for c in ITEMS:
        w = want[c].astype(float)
        w = w.where(w != 9)                                                   # 98 (不适用) recoded to 9: missing
        if c == "env1":
            w.iloc[0] = float("nan")                                          # 99 拒答
        g = got[c].astype(float)
        pd.testing.assert_series_equal(g.where(g != 9), w, check_names=False)
    rev = chk.problems[chk.problems.code == "scale_reversed"]
    assert len(rev) == 1 and set(rev.value.iloc[0].split("、")) == set(ITEMS)
    zh, en = rev.problem_zh.iloc[0], rev.problem_en.iloc[0]
    assert "1 = 非常满意" in zh and "6−v" in zh and "1 = Very satisfied" in en


def test_a_mirrored_file_estimates_as_the_same_answers_in_the_templates_direction(base, tmp_path, capsys):
    rev = _file(base, tmp_path / "rev.sav")
    fwd = _file(base, tmp_path / "fwd.sav", mirror=False)
    outs = []
    for p in (rev, fwd):
        assert main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025",
                     "--format", "csv"]) == 0
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1]


def test_some_codes_mirrored_are_still_refused(base, tmp_path):
    s = base.drop(columns=["comment"]).copy()
    for c in ITEMS:
        s[c] = s[c].astype(float)
    s["weight"], s["duration_s"] = s["weight"].astype(float), pd.to_numeric(s["duration_s"], errors="coerce")
    p = tmp_path / "half.sav"
    pyreadstat.write_sav(s, str(p), variable_value_labels={"env1": {1.0: "非常满意", 5.0: "非常不满意"}})
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert not chk.file_ok and (chk.errors.code == "label_mismatch").any()
    assert not (chk.problems.code == "scale_reversed").any()


def test_one_question_mirrored_beside_its_set_the_instruments_way_is_still_refused(base, tmp_path):
    # overall labelled 1 = 非常满意 while env1 … conv3, the same label set, run 1 = 非常不满意: a mistyped label as
    # likely as a reversed code, so no declaration (tests/data/survey/sav_reversed_labels.sav, test_survey_delivery)
    p = _file(base, tmp_path / "mixed.sav", mirror=False)
    s, meta = pyreadstat.read_sav(str(p), user_missing=True)
    labels = meta.variable_value_labels
    labels["overall"] = SAT_M
    pyreadstat.write_sav(s, str(p), variable_value_labels=labels)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert not chk.file_ok and set(chk.errors[chk.errors.code == "label_mismatch"].column) == {"overall"}
    assert not (chk.problems.code == "scale_reversed").any()
