"""A survey firm's deliveries, as firms make them.

* An item answered on a 1-10 scale for a 1-5 question: the old check refused the rows answering 6, 7, 8
  and 10 one by one and took the others as they were, so a 1-10 answer of 3 passed as a 5-point 3 and a
  1-10 answer of 9 as "don't know" (the missing code). Now the column is refused as a whole: a file-level
  error naming the column, the values and the fix; the import writes nothing.
* Every refusal says what to do: errors whose message only said what was wrong (权重必须大于 0,
  答案超出范围, 必填项为空, ...) now carry a fix in ``fix_zh`` / ``fix_en``, shown after the problem.
* What a firm legitimately sends is all accepted: BOM, Chinese headers, trailing blank rows, an extra
  column, codes written 5.0 or in full-width digits, an XLSX with trailing empty rows.
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.cli.survey import main
from windoweval.demo import survey as demo
from windoweval.survey import store as S
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
CN = {"respondent_id": "受访者编号", "window_id": "窗口编号", "interview_date": "访问日期", "stratum": "抽样层",
      "psu": "初级抽样单元", "weight": "权重", "customer_type": "客户类型", "duration_s": "访问时长", "comment": "意见建议"}


def _delivery(n=30, seed=11):
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=n, seed=seed, careless_share=0)


def test_an_item_on_a_ten_point_scale_is_refused_as_a_column(tmp_path, capsys):
    df = _delivery()
    rng = np.random.default_rng(3)
    df["env2"] = rng.integers(1, 11, len(df))          # 1-10, as the firm's own questionnaire asked it
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025)
        col = chk.errors[chk.errors["code"] == "longer_scale"]
        assert len(col) == 1 and not chk.file_ok
        r = col.iloc[0]
        assert pd.isna(r["row"]) and r["column"] == "env2" and "10" in r["value"] and r["file"] == "d.csv"
        assert "1–5" in r["problem_zh"] and "1-10" in r["problem_en"] and r["fix_zh"] and r["fix_en"]
        with pytest.raises(S.ImportRefused):
            S.import_delivery(p, INS, 2025, store_dir=tmp_path / "store")
        assert not (S.store_root(tmp_path / "store") / "manifest.json").exists()
        assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 1
        out = capsys.readouterr().out
        assert "整列 whole column | 列 column env2" in out and "Traceback" not in out


def test_a_few_mistyped_answers_stay_row_errors():
    df = _delivery()
    df.loc[[0, 5], "env2"] = [7, 6]                     # two typos among 60 answers: not another scale
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025)
    assert chk.file_ok and "longer_scale" not in set(chk.errors["code"])
    # each typo is refused as that answer alone, a warning (audit30): both respondents kept, env2 missing for them
    w = chk.problems[chk.problems["code"] == "out_of_range"]
    assert w[["row", "column", "severity"]].values.tolist() == [[2, "env2", "warning"], [7, "env2", "warning"]]
    assert chk.rejected_rows == [] and chk.valid.loc[[0, 5], "env2"].isna().all()


def test_every_refusal_names_its_fix(capsys):
    df = _delivery().astype({"duration_s": object})
    df.loc[0, "weight"] = 0
    df.loc[1, "env1"] = 7
    df.loc[2, "stratum"] = ""
    df.loc[3, "window_id"] = "PW99"
    df.loc[4, "interview_date"] = "2024-12-31"
    df.loc[5, "customer_type"] = "外星人"
    df.loc[6, "duration_s"] = "三分钟"
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, windows=["PW01", "PW02"])
        errs = chk.errors
        assert set(errs["code"]) >= {"nonpositive_weight", "missing_value", "unknown_window", "date_outside_year"}
        # an answer off the scale is refused alone, a warning with its fix (audit30)
        off = chk.problems[chk.problems["code"] == "out_of_range"]
        assert off["severity"].eq("warning").all() and off["fix_zh"].ne("").all() and off["fix_en"].ne("").all()
        assert errs["fix_zh"].ne("").all() and errs["fix_en"].ne("").all(), errs[["code", "fix_zh"]]
        # an optional column's bad value is refused alone, with a warning and its fix (audit27)
        opt = chk.problems[chk.problems["column"].isin(["customer_type", "duration_s"])]
        assert set(opt["code"]) == {"unknown_customer_type", "non_numeric"} and opt["severity"].eq("warning").all()
        assert opt["fix_zh"].ne("").all() and opt["fix_en"].ne("").all()
        assert (errs["file"] == "d.csv").all() and errs["row"].notna().all() and errs["column"].ne("").all()
        main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"])
    out = capsys.readouterr().out
    assert "权重必须大于 0;请填写调查公司给出的大于 0 的抽样权重 / weight must be greater than 0; enter the sampling weight" in out


def test_what_a_firm_sends_is_all_accepted(tmp_path):
    df = _delivery(n=20, seed=4)
    n = len(df)
    firm = df.rename(columns=CN)
    firm["区县"] = "东城"                                          # an extra column of the firm's own
    firm["env1"] = firm["env1"].astype(float)                      # codes written 5.0
    firm["env3"] = firm["env3"].astype(str).str.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    text = firm.to_csv(index=False) + ",,,,\n" * 3 + "\n"           # trailing blank rows, as Excel leaves them
    p = tmp_path / "交付.csv"
    p.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))          # with a BOM
    chk = parse_delivery(p, INS, year=2025)
    assert chk.errors.empty, chk.errors
    assert len(chk.valid) == n
    ref = parse_delivery_frame(df, tmp_path)
    for c in INS.coded_columns:
        np.testing.assert_array_equal(chk.valid[c].to_numpy(), ref[c].to_numpy())
    x = tmp_path / "交付.xlsx"
    with pd.ExcelWriter(x) as w:
        firm.to_excel(w, sheet_name="数据", index=False)
        pd.DataFrame({"说明": ["本表为 2025 年调查"]}).to_excel(w, sheet_name="说明", index=False)
    import openpyxl
    wb = openpyxl.load_workbook(x)
    ws = wb["数据"]
    for r in range(ws.max_row + 1, ws.max_row + 4):                # trailing rows with formatting, no values
        ws.cell(row=r, column=1).number_format = "@"
        ws.cell(row=r, column=2).value = None
    wb.save(x)
    chk = parse_delivery(x, INS, year=2025)
    assert chk.errors.empty, chk.errors
    assert len(chk.valid) == n


def parse_delivery_frame(df, tmp_path):
    p = tmp_path / "ref.csv"
    df.to_csv(p, index=False)
    return parse_delivery(p, INS, year=2025).valid


def test_item_columns_headed_by_their_question_are_read(tmp_path):
    # firms head item columns with the question, alone or after the id: before, each was a missing column and
    # an unknown one, and the whole file was refused
    df = _delivery(n=10, seed=6)
    heads = {c: c for c in df.columns}
    heads["env1"] = "env1 " + INS.question("env1").zh
    heads["env2"] = INS.question("env2").zh
    heads["staff1"] = "STAFF1_" + INS.question("staff1").zh
    heads["overall"] = INS.question("overall").zh
    firm = df.rename(columns=heads).rename(columns=CN)
    p = tmp_path / "问卷.csv"
    firm.to_csv(p, index=False, encoding="utf-8-sig")
    chk = parse_delivery(p, INS, year=2025)
    assert chk.errors.empty, chk.errors
    ref = parse_delivery_frame(df, tmp_path)
    for c in ("env1", "env2", "staff1", "overall"):
        np.testing.assert_array_equal(chk.valid[c].to_numpy(), ref[c].to_numpy())
