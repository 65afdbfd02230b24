"""Survey deliveries, round seven (audit24).

Fixed here, each test failing on the code before:

* a workbook with a sheet of codes and a sheet of labels (the same respondents, round six) whose label sheet was typed
  with an input method in full-width mode (ＲＥＳ００１, ５) was refused as "two sheets look like data": the ids were
  compared as written, though every check reads them half-width (RES001).  The comparison now reads both sheets as
  the checks do (NFKC, trimmed), by column (no per-cell Python), and an answer written 5.0 in one sheet and 5 in the
  other agrees;
* a workbook saved by Excel for Mac in its 1904 date system, with the interview dates as day numbers (cells formatted
  General), had every date read four years and a day early, so every respondent was refused as outside the survey
  year; the day numbers are counted from the workbook's own epoch, and the warning says so;
* a formula whose result the workbook does not store (a workbook written by a program, never calculated in Excel) in
  an answer was read as "not answered" (a warning only), in a weight as an empty required value; the delivery is
  refused naming the cell, its column, how many more, and the fix (recalculate and save, or paste as values), as
  records exports are.  A formula in the firm's own columns (备注) is left alone.
* an interview duration written with units (4分30秒, 270秒, 4.5分钟, 00:04:30), as records read them, refused the
  whole respondent (an error in an optional column); it is read in seconds with one warning (4:30 stays refused);
* an interview date with its weekday beside it (2025年3月5日 星期三, 2025/3/5(周三), 2025-03-05 Wed) was unreadable; the
  weekday is checked against the date and left out, and one that is not the date's is refused (never guessed).

A disagreement between the two sheets beside full-width ids is refused with its cell (before: as two data sheets of
other respondents).  Pinned unchanged (controls): other respondents in the second sheet; ids written
full-width in a one-sheet delivery are read half-width and a half-width twin is a duplicate id.
"""
import numpy as np
import openpyxl
import pandas as pd
import pytest

from windoweval.demo import survey as demo
from windoweval.survey.delivery import DeliveryError, parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
ITEMS = list(INS.coded_columns)
FW = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})   # ASCII -> full-width forms


@pytest.fixture(scope="module")
def base():
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=6, seed=11, careless_share=0)
    df["respondent_id"] = ["RES" + f"{i:03d}" for i in range(1, len(df) + 1)]
    return df


def _words(base):
    w = base.copy()
    for c in ITEMS:
        c2l = {v: k for k, v in INS.label_to_code(c).items() if not k.isascii()}
        w[c] = [c2l.get(int(v), v) if str(v).strip() not in ("", "nan") else v for v in w[c]]
    return w


def _scores(chk):
    return chk.valid[ITEMS].astype(float).fillna(-1).to_numpy()


def _book(path, sheets):
    with pd.ExcelWriter(path) as xw:
        for name, df in sheets.items():
            df.to_excel(xw, index=False, sheet_name=name)
    return path


def test_a_label_sheet_typed_full_width_agrees_with_its_code_sheet(base, tmp_path):
    ref = parse_delivery(_book(tmp_path / "one.xlsx", {"数据": base}), INS, year=2025)
    labels = _words(base)
    labels["respondent_id"] = labels["respondent_id"].str.translate(FW)          # ＲＥＳ００１
    labels.loc[2, "env1"] = str(labels.loc[2, "env1"])                            # kept as a label
    codes = base.astype(object)
    codes["env2"] = codes["env2"].astype(str).str.translate(FW)                   # ５ beside the label sheet's word
    codes.loc[0, "env3"] = f"{float(codes.loc[0, 'env3']):.1f}"                   # 5.0 in one sheet, a word in the other
    p = _book(tmp_path / "满意度.xlsx", {"标签": labels, "代码": codes})
    chk = parse_delivery(p, INS, year=2025)
    assert chk.errors.empty and len(chk.valid) == len(base) == 12
    assert chk.valid["respondent_id"].tolist() == base["respondent_id"].tolist()
    np.testing.assert_array_equal(_scores(chk), _scores(ref))
    warn = chk.problems[chk.problems["code"] == "codes_and_labels"]
    assert len(warn) == 1 and "读取「代码」" in warn["problem_zh"].iloc[0]


def test_codes_written_five_point_oh_agree_with_the_same_codes(base, tmp_path):
    a = base.copy()
    b = base.astype(object)
    b["overall"] = [f"{float(v):.1f}" if str(v) not in ("", "nan") else v for v in b["overall"]]
    chk = parse_delivery(_book(tmp_path / "two.xlsx", {"数据": a, "数据2": b}), INS, year=2025)
    assert chk.errors.empty and len(chk.valid) == 12


def test_sheets_that_disagree_beside_full_width_ids_are_refused_with_the_cell_not_as_other_respondents(base, tmp_path):
    labels = _words(base)
    labels["respondent_id"] = labels["respondent_id"].str.translate(FW)
    labels.loc[4, "staff1"] = "非常不满意" if labels.loc[4, "staff1"] != "非常不满意" else "满意"
    with pytest.raises(DeliveryError) as e:
        parse_delivery(_book(tmp_path / "x.xlsx", {"代码": base, "标签": labels}), INS, year=2025)
    msg = str(e.value)
    assert "第 6 行" in msg and "列 staff1" in msg and "row 6" in msg and "column staff1" in msg


def test_control_other_respondents_in_the_second_sheet_are_two_data_sheets(base, tmp_path):
    # left19x #1: two sheets of other respondents under one header (a sheet a month, a window) were refused as
    # "2 sheets look like data"; they are one delivery now, every sheet read (tests/test_left19_exports.py)
    other = base.copy()
    other["respondent_id"] = other["respondent_id"].str.replace("RES", "X", regex=False)
    chk = parse_delivery(_book(tmp_path / "x.xlsx", {"一": base, "二": other}), INS, year=2025)
    assert chk.errors.empty and len(chk.valid) == 2 * len(base)
    assert chk.delivery.sheets == {"一": "read", "二": "read"}


def test_control_full_width_ids_in_one_sheet_are_read_half_width_and_a_twin_is_a_duplicate(base, tmp_path):
    df = base.copy()
    df.loc[1, "respondent_id"] = "ＲＥＳ００１"
    df.loc[1, "env1"] = 1 if str(df.loc[0, "env1"]) != "1" else 2
    chk = parse_delivery(_book(tmp_path / "x.xlsx", {"数据": df}), INS, year=2025)
    assert chk.rejected_rows == [3]
    e = chk.errors
    assert e[["row", "column", "code"]].values.tolist() == [[3, "respondent_id", "duplicate_id"]]


def test_day_numbers_of_a_1904_workbook_are_counted_from_1904(base, tmp_path):
    p = tmp_path / "mac.xlsx"
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "数据"
    cols = list(base.columns)
    ws.append(cols)
    days = (pd.to_datetime(base["interview_date"]) - pd.Timestamp("1904-01-01")).dt.days
    for (_, r), n in zip(base.iterrows(), days):
        ws.append([int(n) if c == "interview_date" else (None if pd.isna(r[c]) or r[c] == "" else r[c]) for c in cols])
    wb.save(p)
    chk = parse_delivery(p, INS, year=2025)
    assert chk.errors.empty and len(chk.valid) == 12
    got = pd.to_datetime(chk.valid["interview_date"]).dt.strftime("%Y-%m-%d").tolist()
    assert got == base["interview_date"].tolist()
    w = chk.problems[chk.problems["code"] == "date_serial"]
    assert len(w) == 1 and "1904" in w["problem_zh"].iloc[0] and "1904" in w["problem_en"].iloc[0]
    # the same day numbers in a workbook of the usual (1900) system are other days: refused as outside the year
    plain = tmp_path / "pc.xlsx"
    wb2 = openpyxl.load_workbook(p)
    wb2.epoch = openpyxl.utils.datetime.CALENDAR_WINDOWS_1900
    wb2.save(plain)
    assert set(parse_delivery(plain, INS, year=2025).errors["code"]) == {"date_outside_year"}


def _with_formulas(base, path, cells):
    base.to_excel(path, index=False, sheet_name="数据")
    wb = openpyxl.load_workbook(path)
    ws = wb["数据"]
    for col, row, formula in cells:
        if col not in base.columns:
            ws.cell(row=1, column=ws.max_column + 1).value = col
            j = ws.max_column
        else:
            j = list(base.columns).index(col) + 1
        ws.cell(row=row, column=j).value = formula
    wb.save(path)
    return path


def test_a_formula_without_its_value_in_an_answer_is_refused_with_its_cell_not_read_as_no_answer(base, tmp_path):
    # openpyxl writes formulas without a cached value, as a program generating the workbook does
    p = _with_formulas(base, tmp_path / "f.xlsx", [("overall", 3, "=4+1"), ("weight", 4, "=1000*2")])
    j = openpyxl.utils.get_column_letter(list(base.columns).index("overall") + 1)
    with pytest.raises(DeliveryError) as e:
        parse_delivery(p, INS, year=2025)
    msg = str(e.value)
    assert f"单元格 {j}3 是公式(列“overall”)" in msg and "另有 1 个" in msg and "F9" in msg
    assert f"cell {j}3 of sheet '数据' holds a formula (column overall)" in msg and "1 more" in msg


def test_control_a_formula_in_the_firms_own_column_is_left_alone(base, tmp_path):
    p = _with_formulas(base, tmp_path / "f.xlsx", [("备注", 3, "=1+1")])
    chk = parse_delivery(p, INS, year=2025)
    assert chk.errors.empty and len(chk.valid) == 12


def _csv(df, path, enc="utf-8"):
    path.write_bytes(df.to_csv(index=False).encode(enc))
    return path


def test_a_duration_written_with_units_is_read_in_seconds_with_a_warning(base, tmp_path):
    # interview software and surveyors write 4分30秒, 270秒, 4.5分钟 or 00:04:30: each respondent was refused whole for an
    # optional column before (non_numeric), though records read the same durations
    df = base.astype(object)
    df.loc[0:3, "duration_s"] = ["4分30秒", "270秒", "4.5分钟", "00:04:30"]
    df.loc[4, "duration_s"] = "4:30"          # minutes:seconds or hours:minutes? refused, as records refuse it
    chk = parse_delivery(_csv(df, tmp_path / "d.csv", "gbk"), INS, year=2025)
    # the value is refused with a warning and the respondent kept (audit27: an optional column's slip refused the
    # whole respondent before)
    w = chk.problems[chk.problems["column"] == "duration_s"]
    assert w[["row", "code", "severity"]].values.tolist()[-1] == [6, "non_numeric", "warning"] and chk.errors.empty
    assert chk.valid["duration_s"].head(4).tolist() == [270.0] * 4 and len(chk.valid) == 12
    assert pd.isna(chk.valid.loc[4, "duration_s"])
    w = chk.problems[chk.problems["code"] == "duration_units"]
    assert len(w) == 1 and "4 个访问时长写了单位" in w["problem_zh"].iloc[0] and "read in seconds" in w["problem_en"].iloc[0]


def test_a_weekday_beside_the_interview_date_is_checked_and_left_out(base, tmp_path):
    df = base.astype(object)
    dates = pd.to_datetime(base["interview_date"])
    zh = "一二三四五六日"
    df.loc[0, "interview_date"] = f"{dates[0]:%Y年%m月%d日} 星期{zh[dates[0].day_of_week]}"
    df.loc[1, "interview_date"] = f"{dates[1]:%Y/%m/%d}(周{zh[dates[1].day_of_week]})"
    df.loc[2, "interview_date"] = f"{dates[2]:%Y-%m-%d} {dates[2]:%a}"
    df.loc[3, "interview_date"] = f"{dates[3]:%Y-%m-%d} 星期{zh[(dates[3].day_of_week + 1) % 7]}"   # not the date's
    chk = parse_delivery(_csv(df, tmp_path / "d.csv"), INS, year=2025)
    assert chk.errors[["row", "column", "code"]].values.tolist() == [[5, "interview_date", "weekday_mismatch"]]
    got = pd.to_datetime(chk.valid["interview_date"]).dt.strftime("%Y-%m-%d").head(3).tolist()
    assert got == base["interview_date"].head(3).tolist()
    e = chk.errors.iloc[0]
    assert "星期几与日期不符" in e["problem_zh"] and "weekday written beside the date" in e["problem_en"]


def test_the_benchmarks_cell_by_cell_peer_chooses_as_the_comparison_does(base):
    # benchmarks/bench_codes_labels.py times the comparison against a cell-by-cell loop: the ratio means something
    # only while the two choose the same sheet and refuse the same sheets
    import importlib.util
    from pathlib import Path

    from windoweval.survey.delivery import _codes_and_labels
    f = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_codes_labels.py"
    spec = importlib.util.spec_from_file_location("bench_codes_labels", f)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    head = list(base.columns)
    codes = base.astype(str).replace("nan", "").values.tolist()
    words = _words(base).astype(str).replace("nan", "").values.tolist()
    nums = list(range(2, len(codes) + 2))
    for a, b in ((("代码", head, codes, nums), ("标签", head, words, nums)),
                 (("标签", head, words, nums), ("代码", head, codes, nums)),
                 (("一", head, codes, nums), ("二", head, codes, nums))):
        assert _codes_and_labels(Path("x.xlsx"), a, b, INS) == bench.per_cell(a, b, INS) == (
            "代码" if a[0] in ("代码", "标签") else "一")
    bad = [list(r) for r in words]
    bad[2][head.index("env1")] = "非常不满意" if bad[2][head.index("env1")] != "非常不满意" else "满意"
    with pytest.raises(DeliveryError):
        _codes_and_labels(Path("x.xlsx"), ("代码", head, codes, nums), ("标签", head, bad, nums), INS)
    with pytest.raises(ValueError):
        bench.per_cell(("代码", head, codes, nums), ("标签", head, bad, nums), INS)
