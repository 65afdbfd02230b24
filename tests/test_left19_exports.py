"""Exports and deliveries: what the last session noticed and left (left19x), then round eleven of real-looking files.

1. A survey XLSX delivered with one sheet per month was refused as "several sheets look like data"; records workbooks
   with month sheets are read.  Now every sheet with the same header is one delivery, its rows numbered in messages
   as the sheet shows them (``sheet!row``); a sheet whose header differs is refused, naming the sheet.
2. A header repeated mid-file (two exports put together) was named only on rows refused for something else: read for
   the columns a measure needs (ids and windows, valid text), it became a record.  Now looked for in every row.
3. Records refusals lacked the file's line (where a quoted value spans lines, a text editor's line differs from the
   spreadsheet's row), a ragged row's refusal lacked its column, and several refusals (a bad date, an empty required
   value) had no fix.  Now every refusal names file, row (with the file's line where it differs), column, value and
   fix, in Chinese and English.
4. ``survey check`` of a file refused whole (file-level errors) still listed answers refused alone beneath: now the
   file-level refusal comes first and alone (exit 1, as README's table says of ``survey check``).
5. ``survey estimate --poststratify FILE`` took every column but ``Freq`` as a post-stratum key: a population file
   with a label or note column (or a 合计 row) is now refused naming the column, or read with its keys from the
   design's variables (see the test's docstring).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from _exports import complaints_with_header_again
from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files
from windoweval.records.read import read_records


# ---- 2. a repeated header found wherever it is ------------------------------------------------------------------

def test_a_repeated_header_is_found_when_its_cells_are_valid_text(tmp_path):
    """Was: a header written again mid-file (two exports put together) was looked for only among the rows already
    refused; read for a measure's columns alone (case id and window, both text), the row 工单编号,…,窗口编号 passed
    every check and was read as a record (case 工单编号 at window 窗口编号).  Is: found in every row read, refused
    (exit 3) naming the row and the mapping.yaml ``drop`` entry that skips it; a ``drop`` entry reads the rest."""
    f = complaints_with_header_again(tmp_path)
    with pytest.raises(RecordsError) as e:
        load_files("complaints", [f], read_cols=["case_id", "window_id"])
    p = e.value.problems
    assert p["code"].tolist() == ["header_repeated"] and p["row"].tolist() == [3]
    assert "drop: {工单编号: [工单编号]}" in p["fix_zh"].iloc[0] and e.value.exit_code == 3
    got = load_files("complaints", [f], mapping={"drop": {"工单编号": ["工单编号"]}}, read_cols=["case_id", "window_id"])
    assert got.frame["case_id"].tolist() == ["C1", "C2"]


def test_the_repeated_header_scan_reads_no_row_it_need_not():
    """The scan's candidates come from whole-column comparisons: a file of 200,000 rows with no repeated header
    gives none, and the one repeated header among them is found."""
    from windoweval.records.totals import repeated_headers

    n = 200_000
    frame = pd.DataFrame({0: [f"C{i}" for i in range(n)], 1: ["PW01"] * n, 2: ["2025-03-01 10:00"] * n}, dtype="str")
    heads = ["工单编号", "窗口编号", "受理时间"]
    assert not len(repeated_headers(heads, frame, np.arange(2, n + 2)))
    frame.iloc[5000] = [" 工单编号", "窗口编号 ", "受理时间"]
    assert repeated_headers(heads, frame, np.arange(2, n + 2)).tolist() == [5002]


# ---- 3. every refusal: file, row (and line), column, value, fix --------------------------------------------------

def _multiline(tmp_path):
    f = tmp_path / "complaints.csv"
    f.write_text('工单编号,受理渠道,诉求类型,窗口编号,受理时间,诉求内容\n'
                 'C1,95598,complaint,PW01,2025-03-01 10:00,"第一行\n第二行\n第三行"\n'
                 'C2,95598,complaint,PW01,2025-13-01 10:00,b\n'
                 'C3,95598,complaint,,2025-03-01 10:00,b\n', encoding="utf-8")
    return f


def test_records_refusals_name_the_file_line_and_a_fix(tmp_path):
    """Was: rows 3 and 4 (below a note over three lines) were named by their spreadsheet row alone, not the line a
    text editor shows (5 and 6), as survey messages do; the bad date and the empty window had no fix.  Is: line
    where it differs, and a fix in both languages for every refusal."""
    f = _multiline(tmp_path)
    with pytest.raises(RecordsError) as e:
        load_files("complaints", [f])
    p = e.value.problems.set_index("column")
    assert (int(p.loc["received_at", "row"]), int(p.loc["received_at", "line"])) == (3, 5)
    assert (int(p.loc["window_id", "row"]), int(p.loc["window_id", "line"])) == (4, 6)
    assert (p["fix_zh"] != "").all() and (p["fix_en"] != "").all()
    assert "第 3 行 row 3 (文件第 5 行 file line 5)" in str(e.value)


def test_a_ragged_row_names_its_line_and_column(tmp_path):
    """Was: a row with a cell past the header was named by its row and value only.  Is: its column (the letter a
    spreadsheet shows) and the file's line where it differs."""
    from windoweval.records.io import ExportError

    f = _multiline(tmp_path)
    f.write_text(f.read_text(encoding="utf-8") + "C4,95598,complaint,PW01,2025-03-01 10:00,b,多出\n", encoding="utf-8")
    with pytest.raises(ExportError) as e:
        load_files("complaints", [f])
    assert (e.value.row, e.value.line, e.value.column) == (5, 7, "G")
    assert "文件第 7 行" in str(e.value) and "file line 7" in str(e.value)


# ---- 4. survey check: a file refused whole says so first and alone -----------------------------------------------

def _delivery(**change):
    from windoweval.demo import survey as demo

    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=8, seed=2, careless_share=0)
    return df.astype(object)


def test_survey_check_of_a_file_refused_whole_lists_that_refusal_alone(tmp_path, capsys):
    """Was: a delivery without its stratum column (refused whole: nothing can be imported) was listed with an
    answer refused alone and a bad weight beneath the refusal, and the result line counted "answers refused alone",
    as if the rest could go in.  Is: the file-level refusal alone, then a result line saying the file is refused and
    how many row problems are left unlisted until it is put right; exit 1 (README: survey check, errors)."""
    from windoweval.cli import main

    df = _delivery()
    df.loc[1, "env1"], df.loc[2, "weight"] = "98", "-1"
    p = tmp_path / "d.csv"
    df.drop(columns=["stratum"]).to_csv(p, index=False)
    code = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"])
    out = capsys.readouterr().out
    assert code == 1
    assert "stratum" in out and "answers refused alone" not in out and "'98'" not in out and "'-1'" not in out
    last = out.strip().splitlines()[-1]
    assert "file refused" in last and "文件被拒" in last and "row problems not listed: 2" in last


# ---- 5. --poststratify: the keys are the design's variables ------------------------------------------------------

@pytest.mark.parametrize("pop, said", [
    ("window_id,窗口名称,Freq\nPW01,城东营业厅,1200\nPW02,城西营业厅,800\n", "'窗口名称'"),
    ("window_id,Freq\nPW01,1200\nPW02,800\n合计,2000\n", "row 4"),
])
def test_poststratify_refuses_a_column_or_row_that_is_no_post_stratum(tmp_path, capsys, pop, said):
    """Was: every column but Freq was a post-stratum key, so a population file with a label column (窗口名称 beside
    window_id) stopped with an internal error; a 合计 row was read as a post-stratum no respondent is in and left out
    without a word.  Is (decided as R's postStratify: every column of ``population`` but Freq is a strata variable,
    "stratifying variables don't match" otherwise): a column that is not a variable of the delivery is refused (exit
    3) naming it and the fix, and a totals row is refused naming its row; the file without them estimates."""
    from windoweval.cli import main
    from windoweval.demo import survey as demo

    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=8, seed=2, careless_share=0)
    d = tmp_path / "d.csv"
    df.to_csv(d, index=False)
    p = tmp_path / "pop.csv"
    p.write_text(pop, encoding="utf-8")
    args = ["survey", "estimate", str(d), "--instrument", "power_hall", "--year", "2025", "--poststratify", str(p)]
    assert main(args) == 3
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and "--poststratify" in err
    p.write_text("window_id,Freq\nPW01,1200\nPW02,800\n", encoding="utf-8")
    assert main(args) == 0


# ---- 1. a survey workbook delivered one sheet a month ------------------------------------------------------------

def _months(path, parts, rename=None):
    with pd.ExcelWriter(path) as w:
        for i, (name, part) in enumerate(parts.items()):
            (part.rename(columns=rename) if rename and i == len(parts) - 1 else part).to_excel(
                w, sheet_name=name, index=False)
    return path


def test_a_survey_workbook_of_month_sheets_is_one_delivery_named_sheet_by_row(tmp_path, capsys):
    """Was: a delivery with one sheet a month (1月, 2月, 3月; the same header) was refused whole, "3 sheets look like
    data", though records workbooks with month sheets are read.  Is: every sheet with the delivery's header is read
    as one delivery; each message names the sheet and its row (``d.xlsx[2月] | 第 6 行``, ``2月!7``), as do the
    import's rejects.csv and answers_refused.csv (a ``sheet`` column); a sheet whose header differs is refused
    naming it and the column."""
    from windoweval.cli import main
    from windoweval.survey.delivery import DeliveryError, parse_delivery
    from windoweval.survey.store import load_rejects

    df = _delivery()
    df.loc[3, "weight"] = "-1"            # 1月 row 5
    df.loc[12, "env1"] = "98"             # 2月 row 6: refused alone
    df.loc[13] = df.loc[2]                # 2月 row 7: an exact repeat of 1月 row 4
    parts = {"1月": df.iloc[:8], "2月": df.iloc[8:10], "3月": df.iloc[10:]}
    book = _months(tmp_path / "d.xlsx", {"1月": df.iloc[:8], "2月": df.iloc[8:]})
    chk = parse_delivery(book, "power_hall", year=2025)
    assert set(chk.delivery.sheets.values()) == {"read"} and len(chk.responses) == 16
    e = chk.errors
    assert (e["file"].tolist(), e["row"].tolist(), e["column"].tolist()) == (["d.xlsx[1月]"], [5], ["weight"])
    assert len(chk.valid) == 14 and chk.rejected_shown == ["1月!5"]
    assert chk.refused_answers[["sheet", "row", "column"]].values.tolist() == [["2月", 6, "env1"]]
    assert main(["survey", "check", str(book), "--instrument", "power_hall", "--year", "2025"]) == 1
    out = capsys.readouterr().out
    assert "d.xlsx[2月] | 第 6 行 row 6" in out and "2月!7" in out and "1月!4" in out
    store = tmp_path / "store"
    assert main(["survey", "import", str(book), "--instrument", "power_hall", "--year", "2025",
                 "--store", str(store)]) == 0
    rej = load_rejects("power_hall_2025", store_dir=store)
    assert rej[["sheet", "row"]].values.tolist() == [["1月", 5]]
    three = parse_delivery(_months(tmp_path / "t.xlsx", parts), "power_hall", year=2025)
    assert len(three.responses) == 16 and list(three.delivery.sheets) == ["1月", "2月", "3月"]
    with pytest.raises(DeliveryError) as err:
        parse_delivery(_months(tmp_path / "x.xlsx", parts, rename={"env1": "env9"}), "power_hall", year=2025)
    assert "「3月」" in str(err.value) and "'3月'" in str(err.value) and "env9" in str(err.value)


# ---- round eleven: files as systems and survey firms write them -------------------------------------------------

def test_records_read_excel_forced_text_as_its_text(tmp_path):
    """Was: a system's CSV writing ids as ``="0123"`` (so that Excel keeps the leading zero; Excel shows 0123) was
    read as the literal text ``="0123"``, an id matching nothing written 0123.  Is: the cell's text, ``0123``, with a
    BOM and title rows above the header, times written ``2025/3/5 上午 9:05`` and ``20250305090500`` beside."""
    f = tmp_path / "complaints.csv"
    f.write_bytes("\ufeff工单明细报表\n导出时间:2025-04-01\n工单编号,受理渠道,诉求类型,窗口编号,受理时间\n"
                  '="0123",95598,complaint,PW01,2025/3/5 上午 9:05\n'
                  '="0124",95598,complaint,="PW01",2025/3/5 下午 2:05\n'
                  "C3,95598,complaint,PW01,20250305090500\n".encode("utf-8"))
    got = load_files("complaints", [f]).frame
    assert got["case_id"].tolist() == ["0123", "0124", "C3"] and got["window_id"].tolist() == ["PW01"] * 3
    assert [str(t) for t in got["received_at"]] == ["2025-03-05 09:05:00", "2025-03-05 14:05:00",
                                                    "2025-03-05 09:05:00"]


def test_survey_reads_excel_forced_ids_and_a_time_stamp_number(tmp_path):
    """Was: a delivery whose ids were written ``="000123"`` kept them as ``="000123"``, and an interview date written
    as a system's time stamp ``20250305090500`` was refused as unreadable (records read it).  Is: ``000123`` and the
    date 2025-03-05, every respondent kept."""
    from windoweval.survey.delivery import parse_delivery

    df = _delivery()
    df["respondent_id"] = '="' + df["respondent_id"].astype(str) + '"'
    df.loc[1, "interview_date"], df.loc[2, "interview_date"] = "20250305090500", "202503051405"
    p = tmp_path / "d.csv"
    df.to_csv(p, index=False, encoding="utf-8-sig")
    chk = parse_delivery(p, "power_hall", year=2025)
    assert chk.errors.empty and len(chk.valid) == len(df)
    assert chk.valid["respondent_id"].head(3).tolist() == ["000001", "000002", "000003"]
    assert [str(x)[:10] for x in chk.valid["interview_date"].iloc[1:3]] == ["2025-03-05", "2025-03-05"]


def test_a_stratum_without_any_weight_refuses_the_delivery(tmp_path, capsys):
    """Was: a delivery whose weight column is blank for a whole stratum had each of its respondents refused as a
    missing value, and the import went ahead with the other strata: every estimate then spoke for them alone, the
    stratum gone.  Is: a file-level error naming the stratum and how many respondents it holds, and the fix (its
    weights from the firm); check exits 1, import 3 with the store unchanged."""
    from windoweval.cli import main
    from windoweval.survey.delivery import parse_delivery

    df = _delivery()
    df["stratum"] = df["window_id"]
    df.loc[df["stratum"] == "PW02", "weight"] = ""
    p = tmp_path / "d.csv"
    df.to_csv(p, index=False)
    chk = parse_delivery(p, "power_hall", year=2025)
    e = chk.errors[chk.errors["code"] == "stratum_without_weights"]
    assert e["value"].tolist() == ["PW02"] and e["row"].isna().all() and not chk.file_ok
    assert "8" in e["problem_en"].iloc[0] and e["fix_zh"].iloc[0]
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 1
    store = tmp_path / "store"
    assert main(["survey", "import", str(p), "--instrument", "power_hall", "--year", "2025",
                 "--store", str(store)]) == 3
    assert not (store / "surveys" / "imports" / "power_hall_2025").exists()


def test_a_survey_delivery_named_xls_is_read_as_what_it_holds(tmp_path, capsys):
    """Was: any ``.xls`` delivery was refused as an unsupported type, though systems' "export to Excel" writes an
    XLSX workbook or tab-delimited UTF-16 text under that name (records read both).  Is: read as what its bytes
    hold; a web page's table (HTML) named .xls is read too (records21, was refused): this one, a table of ids
    only, is found to have errors (exit 1, README's table) for the columns it lacks, as the CSV of it is."""
    from windoweval.cli import main
    from windoweval.survey.delivery import parse_delivery

    df = _delivery()
    book, text, page = tmp_path / "a.xls", tmp_path / "b.xls", tmp_path / "c.xls"
    df.to_excel(tmp_path / "a.xlsx", index=False)
    book.write_bytes((tmp_path / "a.xlsx").read_bytes())
    df.to_csv(text, sep="\t", index=False, encoding="utf-16")
    page.write_text("<html><body><table><tr><td>respondent_id</td></tr><tr><td>000001</td></tr></table></body></html>",
                    encoding="utf-8")
    for p, fmt in ((book, "xlsx"), (text, "csv")):
        chk = parse_delivery(p, "power_hall", year=2025)
        assert chk.delivery.format == fmt and chk.errors.empty and len(chk.valid) == len(df)
    (tmp_path / "c.csv").write_text("respondent_id\n000001\n", encoding="utf-8")
    assert main(["survey", "check", str(tmp_path / "c.csv"), "--instrument", "power_hall", "--year", "2025"]) == 1
    capsys.readouterr()
    assert main(["survey", "check", str(page), "--instrument", "power_hall", "--year", "2025"]) == 1
    err = "".join(capsys.readouterr())
    assert "缺少必需列 'overall'" in err and "required column 'overall' is missing" in err
