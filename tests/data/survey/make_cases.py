"""Write the delivery files the survey tests read (committed; rerun only to change them).

    .venv/bin/python tests/data/survey/make_cases.py

Each file is a small clean delivery (power_hall, 2025, windows PW01 and PW02, 12
respondents, file rows 2-13) with the defects named in its file name planted at known rows;
tests/test_survey_delivery.py lists the expected problems.
"""
import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat

from windoweval.demo import survey as demo
from windoweval.survey.instrument import load_instrument
from windoweval.survey.template import write_template

HERE = Path(__file__).resolve().parent


def main():
    """Write the files (run as a script; importing this module writes nothing)."""
    INS = load_instrument("power_hall")

    base = demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=6, seed=11, careless_share=0,
                                  comment_share=0.5)
    base = base.astype({c: str for c in base.columns})
    base["comment"] = base["comment"].replace("nan", "")
    cols = list(base.columns)

    def rows_of(df):
        return [list(r) for r in df.itertuples(index=False, name=None)]

    def write_csv(name, df=None, *, header=None, records=None, encoding="utf-8", tail="\r\n"):
        df = base if df is None else df
        buf = io.StringIO(newline="")
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(header or list(df.columns))
        for r in records if records is not None else rows_of(df):
            w.writerow(r)
        text = buf.getvalue()
        if tail != "\r\n":
            text = text[: -2] + tail
        data = text.encode(encoding)
        if encoding == "utf-8-sig":
            pass
        (HERE / name).write_bytes(data)

    def edit(changes):
        """changes: list of (file_row, column, value); file row 2 is the first respondent."""
        df = base.copy()
        for row, col, val in changes:
            df.loc[row - 2, col] = val
        return df

    # --- clean files, one per accepted format
    write_csv("clean_utf8.csv")
    write_csv("clean_utf8_bom.csv", encoding="utf-8-sig")
    zh_header = ["受访者编号", "窗口编号", "访问日期", "抽样层", "初级抽样单元", "权重"] + cols[6:]
    gbk = base.copy()
    gbk["comment"] = gbk["comment"].where(gbk["comment"] != "", "营业厅环境整洁，工作人员热情")
    write_csv("clean_gbk.csv", gbk, header=zh_header, encoding="gbk")

    # XLSX: the template, filled in (dates as Excel dates, ids as text, codes as numbers)
    xlsx = HERE / "clean.xlsx"
    write_template(INS, xlsx, year=2025, rows=20)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["数据 data"]
    for i, r in enumerate(base.itertuples(index=False), start=2):
        for j, c in enumerate(cols, start=1):
            v = getattr(r, c)
            if c == "interview_date":
                v = dt.datetime.fromisoformat(v)
            elif c in INS.coded_columns or c == "duration_s":
                v = int(v)
            elif c == "weight":
                v = float(v)
            elif v == "":
                v = None
            ws.cell(row=i, column=j, value=v)
    wb.save(xlsx)

    # SAV: window and customer type as labelled numbers, dates as SPSS dates, labelled codes
    sav = base.copy()
    for c in INS.coded_columns + ("weight", "duration_s"):
        sav[c] = pd.to_numeric(sav[c])
    sav["interview_date"] = pd.to_datetime(sav["interview_date"]).dt.date
    sav["window_id"] = sav["window_id"].map({"PW01": 1, "PW02": 2})
    ctype_codes = {"resident": 1, "business": 2, "other": 3}
    sav["customer_type"] = sav["customer_type"].map(ctype_codes)
    sat_labels = {1.0: "非常不满意", 2.0: "不满意", 3.0: "一般", 4.0: "满意", 5.0: "非常满意", 9.0: "不清楚/不适用"}
    agr_labels = {1.0: "非常不同意", 2.0: "不同意", 3.0: "一般", 4.0: "同意", 5.0: "非常同意", 9.0: "不清楚/不适用"}
    labels = {c: (agr_labels if INS.question(c).reverse else sat_labels) for c in INS.coded_columns}
    labels["window_id"] = {1.0: "PW01", 2.0: "PW02"}
    labels["customer_type"] = {1.0: "居民客户", 2.0: "企业客户", 3.0: "其他"}
    pyreadstat.write_sav(sav, HERE / "clean.sav", variable_value_labels=labels)

    # SAV whose "don't know" is 99 (labelled 不清楚, declared user-missing): honoured, recoded to 9
    s99 = sav.copy()
    s99.loc[2, "env1"] = 99   # case 3
    s99.loc[5, "info2"] = 99  # case 6
    lab99 = dict(labels)
    lab99["env1"] = {**{k: v for k, v in sat_labels.items() if k != 9.0}, 99.0: "不清楚"}
    lab99["info2"] = lab99["env1"]
    pyreadstat.write_sav(s99, HERE / "sav_missing_99.sav", variable_value_labels=lab99,
                         missing_ranges={"env1": [99], "info2": [99]})

    # SAV whose overall scale is labelled the wrong way round: a whole-column error
    rev = dict(labels)
    rev["overall"] = {1.0: "非常满意", 2.0: "满意", 3.0: "一般", 4.0: "不满意", 5.0: "非常不满意"}
    pyreadstat.write_sav(sav, HERE / "sav_reversed_labels.sav", variable_value_labels=rev)

    # --- one defect kind per file
    write_csv("duplicate_id.csv", edit([(7, "respondent_id", base.loc[1, "respondent_id"])]))  # rows 3 and 7
    write_csv("out_of_range.csv", edit([(4, "env1", "6"), (5, "overall", "0"), (6, "staff2", "4.5")]))
    write_csv("non_numeric.csv", edit([(3, "staff2", "还行吧"), (5, "weight", "abc"), (6, "duration_s", "fast")]))
    write_csv("missing_required.csv", edit([(2, "window_id", ""), (4, "stratum", ""), (6, "overall", ""),
                                            (8, "respondent_id", ""), (9, "eff1", "")]))
    write_csv("zero_weight.csv", edit([(3, "weight", "0"), (9, "weight", "-1.5")]))
    write_csv("bad_date.csv", edit([(2, "interview_date", "2025-13-01"), (5, "interview_date", "04/03/2025"),
                                    (7, "interview_date", "昨天")]))
    write_csv("date_outside_year.csv", edit([(3, "interview_date", "2024-12-31"), (10, "interview_date", "2026-01-02")]))
    write_csv("misspelled_column.csv", header=[{"weight": "wieght", "overall": "overal"}.get(c, c) for c in cols],
              records=rows_of(base))
    write_csv("missing_column.csv", base.drop(columns=["psu"]))
    recs = rows_of(base)
    recs[2] = recs[2][:-1] + ["排队太久", "态度一般"]  # row 4: an unquoted comma split the comment
    recs[4] = recs[4][:-2]                             # row 6: two fields short
    write_csv("ragged_row.csv", records=recs)
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(cols)
    for r in rows_of(base):
        w.writerow(r)
    text = buf.getvalue().rstrip("\r\n")
    cut = text.rfind(",", 0, len(text) - 1)
    cut = text.rfind(",", 0, cut)
    cut = text.rfind(",", 0, cut)
    (HERE / "truncated.csv").write_bytes(text[:cut + 3].encode("utf-8"))  # row 13 cut off mid-row

    # XLSX with errors, on a plain first sheet
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(cols)
    bad = edit([(3, "env1", "7"), (6, "respondent_id", base.loc[2, "respondent_id"])])  # row 6 duplicates row 4
    for r in rows_of(bad):
        ws.append([int(v) if (c in INS.coded_columns and v.isdigit()) else v for c, v in zip(cols, r)])
    ws.cell(row=9, column=cols.index("weight") + 1, value=0)
    wb.save(HERE / "errors.xlsx")

    # everything at once, for the command line
    ks = edit([(2, "weight", "0"), (3, "env1", "8"), (5, "interview_date", "2025/02/30"), (7, "overall", ""),
               (9, "respondent_id", base.loc[8, "respondent_id"]), (12, "staff1", "abc")])
    recs = rows_of(ks)
    recs[9] = recs[9][:-3]  # row 11 ragged
    write_csv("kitchen_sink.csv", header=["respondent_id", "window_id", "interview_date", "stratum", "psu", "weight",
                                          "customer_type"] + cols[7:], records=recs)
    print("written to", HERE)


if __name__ == "__main__":
    main()
