"""survey44: a questionnaire of 1-5 satisfaction items and one 0-10 recommendation item could not be an instrument
(one scale per instrument: the 0-10 item's 6-10 refused as off the scale, its 0 too).  An item now declares a scale
of its own in the instrument's YAML (or the same mapping as JSON):

    - {id: recommend, zh: "...", en: "...",
       scale: {min: 0, max: 10, satisfied_min: 9,
               labels: {0: {zh: 完全不可能, en: Not at all likely}, 10: {zh: 非常可能, en: Extremely likely}}}}

It stands outside the dimensions (their means and the composite stay on the instrument's scale), is read and
scored on its own scale (0-100 on it; satisfied from its satisfied_min), the instrument's missing codes on its scale
(9) are ratings for it, and the template says its scale and codes.  An instrument of one scale is unchanged (its
goldens in tests/golden/ pass as they were)."""
import copy
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.estimate import satisfied_indicators, score_responses
from windoweval.survey.instrument import InstrumentError, load_instrument
from windoweval.survey.template import DATA_SHEET, INFO_SHEET, template_columns, write_template

from _nps import RAW  # the NPS instrument, shared

ANSWERS = ["10", "9", "0", "7", "6", "8", "9", "10", "3", "", "5", "9"]


def _raw(**item):
    """The NPS instrument (tests/_nps.py, shared), its recommend item changed by ``item``."""
    raw = copy.deepcopy(RAW)
    raw["items"][-1].update(item)
    return raw


@pytest.fixture(scope="module")
def ins_file(tmp_path_factory):
    p = tmp_path_factory.mktemp("ins") / "hall_nps.yaml"
    p.write_text(yaml.safe_dump(_raw(), allow_unicode=True), encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def delivery(tmp_path_factory):
    b = demo.generate_delivery(load_instrument("power_hall"), 2025, ["PW01", "PW02"], n_per_window=6, seed=3,
                               careless_share=0)
    b.insert(b.columns.get_loc("overall"), "recommend", ANSWERS)
    p = tmp_path_factory.mktemp("d") / "d.csv"
    b.to_csv(p, index=False)
    return p


def test_the_yaml_and_json_forms_load_with_the_items_own_scale(ins_file, tmp_path):
    ins = load_instrument(ins_file)
    assert ins.scale_of("recommend") == (0, 10, 9) and ins.scale_of("env1") == (1, 5, 4)
    assert ins.item_codes("recommend") == tuple(range(11))           # 9 is a rating on it, not the missing code
    assert ins.item_codes("env1") == (1, 2, 3, 4, 5, 9)
    j = tmp_path / "hall_nps.json"
    j.write_text(json.dumps(_raw(), ensure_ascii=False), encoding="utf-8")
    assert load_instrument(json.loads(j.read_text(encoding="utf-8"))).own_scales == {"recommend": (0, 10, 9)}


@pytest.mark.parametrize("item, said", [
    ({"dimension": "staff"}, "cannot belong to dimension"),
    ({"scale": {"min": 0, "max": 10, "labels": {0: {"zh": "不可能", "en": "Unlikely"}}}}, "at least its two ends"),
    ({"scale": {"min": 10, "max": 0}}, "min < max"),
])
def test_an_item_scale_that_cannot_be_read_is_refused_with_the_fix(item, said):
    with pytest.raises(InstrumentError, match=said):
        load_instrument(_raw(**item))


def test_a_delivery_reads_the_0_10_item_on_its_scale_and_the_1_5_items_on_theirs(ins_file, delivery):
    chk = parse_delivery(delivery, load_instrument(ins_file), year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(ANSWERS)          # before: 0 and 6-10 refused off the scale
    assert chk.valid.recommend.fillna(-1).tolist() == pd.to_numeric(pd.Series(ANSWERS)).fillna(-1).tolist()
    assert "out_of_range" not in set(chk.problems.code)


def test_off_its_scale_is_refused_alone_and_a_1_5_item_keeps_its_scale(ins_file, delivery, tmp_path):
    d = pd.read_csv(delivery, dtype=str, keep_default_na=False)
    d.loc[0, "recommend"], d.loc[1, "env1"], d.loc[2, "recommend"] = "11", "7", "99"
    p = tmp_path / "off.csv"
    d.to_csv(p, index=False)
    chk = parse_delivery(p, load_instrument(ins_file), year=2025, screen=False)
    off = chk.problems[chk.problems.code == "out_of_range"].sort_values("row")
    assert off[["column", "value"]].values.tolist() == [["recommend", "11"], ["env1", "7"], ["recommend", "99"]]
    assert "0、1、2" in off.problem_zh.iloc[0] and "0, 1, 2" in off.problem_en.iloc[0]
    assert np.isnan(chk.valid.recommend.iloc[[0, 2]]).all()            # no 99 or 11 averaged as a rating


def test_scores_and_satisfied_on_each_items_scale(ins_file, delivery):
    ins = load_instrument(ins_file)
    v = parse_delivery(delivery, ins, year=2025, screen=False).valid
    s = score_responses(v, ins)
    want = pd.to_numeric(pd.Series(ANSWERS)) * 10.0
    assert s.recommend.tolist() == pytest.approx(want.tolist(), nan_ok=True)
    one = score_responses(v, load_instrument("power_hall"))            # the 1-5 scores as the one-scale instrument's
    pd.testing.assert_frame_equal(s.drop(columns="recommend"), one)
    sat = satisfied_indicators(v, ins, ["recommend", "overall"])
    assert sat.recommend.tolist()[:4] == [1.0, 1.0, 0.0, 0.0] and sat.overall.equals(
        satisfied_indicators(v, "power_hall", ["overall"]).overall)


def test_the_template_says_the_items_scale(ins_file, tmp_path):
    ins = load_instrument(ins_file)
    t = template_columns(ins)
    assert t.loc[t.column == "recommend", "values"].item() == "0,1,2,3,4,5,6,7,8,9,10"
    assert t.loc[t.column == "env1", "values"].item() == "1,2,3,4,5,9"
    p = tmp_path / "t.xlsx"
    write_template(ins, p, year=2025, rows=20)
    wb = openpyxl.load_workbook(p)
    info = "\n".join(str(c.value) for row in wb[INFO_SHEET].iter_rows() for c in row if c.value)
    assert "题目 recommend 用它自己的量表作答：0–10" in info and "Item recommend is answered on its own scale: 0-10" in info
    lists = {v.formula1 for v in wb[DATA_SHEET].data_validations.dataValidation if v.type == "list"}
    assert '"0,1,2,3,4,5,6,7,8,9,10"' in lists and '"1,2,3,4,5,9"' in lists


def test_the_cli_checks_and_estimates_the_item_on_its_scale(ins_file, delivery, capsys):
    assert main(["survey", "check", str(delivery), "--instrument", str(ins_file), "--year", "2025"]) == 0
    capsys.readouterr()
    rc = main(["survey", "estimate", str(delivery), "--instrument", str(ins_file), "--year", "2025",
               "--measures", "recommend,overall", "--format", "json"])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    t = pd.DataFrame(json.loads(cap.out)).set_index("measure")
    assert 0 <= t.loc["recommend", "estimate"] <= 100 and t.loc["recommend", "estimate"] > 50


def test_a_straightliner_is_screened_on_the_1_5_items_alone(ins_file):
    from windoweval.survey.screening import screen_responses

    ins = load_instrument(ins_file)
    on = [c for c in ins.item_ids if c != "recommend"]
    rows = [dict.fromkeys(on, 5) | {"recommend": 10}, dict(zip(on, [4, 2, 5, 3] * 5)) | {"recommend": 9}]
    df = pd.DataFrame(rows).assign(overall=[5, 4], respondent_id=["a", "b"], window_id="PW01",
                                   interview_date=["2025-03-01", "2025-03-02"], duration_s=[300, 400])
    s = screen_responses(df, ins)
    # before: the 10 among the 5s widened the spread (low_irv not fired) and the straightliner went unflagged
    assert s.low_irv.tolist() == [True, False] and s.flagged.tolist() == [True, False]
    assert s.longest_run.tolist()[0] == len(on)


def _sav(ins_file, tmp_path, missing_ranges):
    import pyreadstat

    b = demo.generate_delivery(load_instrument("power_hall"), 2025, ["PW01", "PW02"], n_per_window=5, seed=3,
                               careless_share=0)
    b.insert(b.columns.get_loc("overall"), "recommend", [10, 9, 99, 7, 6, 8, 98, 10, 3, 0])
    ins = load_instrument(ins_file)
    for c in ins.coded_columns + ("weight",):
        b[c] = pd.to_numeric(b[c])
    b = b.drop(columns=["interview_date"]).assign(interview_date=pd.to_datetime(b.interview_date))
    p = tmp_path / "d.sav"
    pyreadstat.write_sav(b, p, variable_value_labels={"recommend": {0: "完全不可能", 10: "非常可能", 98: "不适用",
                                                                   99: "不知道"}},
                         missing_ranges={"recommend": [98, 99]} if missing_ranges else None)
    return p


@pytest.mark.parametrize("missing_ranges", [True, False])
def test_a_sav_99_labelled_dont_know_is_no_rating_on_the_0_10_item(ins_file, tmp_path, missing_ranges):
    # before: 98 and 99 (不适用, 不知道) were recoded to the instrument's missing code 9 and read as the rating 9 (a
    # promoter); now blank on the 0-10 item, which has no missing code off its scale
    chk = parse_delivery(_sav(ins_file, tmp_path, missing_ranges), load_instrument(ins_file), year=2025, screen=False)
    assert chk.errors.empty
    assert chk.valid.recommend.fillna(-1).tolist() == [10, 9, -1, 7, 6, 8, -1, 10, 3, 0]
    said = chk.problems[chk.problems.code == "recoded_missing"]
    assert "改记为空白" in said.problem_zh.item() and "never counted as a rating" in said.problem_en.item()


def test_dont_know_typed_on_the_0_10_item_is_blank_not_a_row_refused(ins_file, delivery, tmp_path):
    d = pd.read_csv(delivery, dtype=str, keep_default_na=False)
    d.loc[0, "recommend"], d.loc[1, "recommend"], d.loc[2, "env1"] = "不知道", "N/A", "不知道"
    p = tmp_path / "typed.csv"
    d.to_csv(p, index=False)
    chk = parse_delivery(p, load_instrument(ins_file), year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(d)                # before: rows 2 and 3 refused (non_numeric)
    assert chk.valid.recommend.iloc[:2].isna().all() and chk.valid.env1.iloc[2] == 9   # a 1-5 item: its code 9


@pytest.mark.parametrize("mirrored", [False, True])
def test_the_template_filled_and_delivered_reads_the_item_its_codes_sheet_mirrored_or_not(ins_file, tmp_path, mirrored):
    from windoweval.survey.template import CODES_SHEET

    ins = load_instrument(ins_file)
    p = tmp_path / "t.xlsx"
    write_template(ins, p, year=2025, rows=20)
    wb = openpyxl.load_workbook(p)
    ws = wb[DATA_SHEET]
    head = [c.value for c in ws[1]]
    answers = [0, 10, 9, 6, 7, 8]
    for i, a in enumerate(answers):
        row = {"respondent_id": f"R{i:03d}", "window_id": "PW01", "interview_date": "2025-03-05", "stratum": "S",
               "psu": f"P{i % 2}", "weight": 1.5, **dict.fromkeys(ins.coded_columns, 4), "recommend": a}
        for j, h in enumerate(head, start=1):
            if h in row:
                ws.cell(row=i + 2, column=j, value=row[h])
    if mirrored:   # the firm's system codes 0 = 非常可能: its codes sheet says so for the item's own label set
        for r in wb[CODES_SHEET].iter_rows(min_row=2):
            if r[0].value == "recommend_scale":
                r[2].value, r[3].value = ins.label_sets["recommend_scale"][10 - r[1].value]
    wb.save(p)
    chk = parse_delivery(p, ins, year=2025, screen=False)
    assert chk.errors.empty and chk.valid.env1.tolist() == [4.0] * 6            # the 1-5 items as coded
    assert chk.valid.recommend.tolist() == [10 - a if mirrored else a for a in answers]
    assert ("scale_reversed" in set(chk.problems.code)) is mirrored


def test_a_scale_under_overall_is_refused_not_ignored():
    raw = _raw()
    raw["overall"]["scale"] = {"min": 0, "max": 10}
    with pytest.raises(InstrumentError, match="cannot have one of its own"):     # before: ignored without a word
        load_instrument(raw)
