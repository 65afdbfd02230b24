"""audit34: exports and survey deliveries as real systems write them (round ten), each defect a test that fails on
``main`` (84d02bd) and passes here.

    PYTHONPATH=. .venv/bin/python -m pytest tests/test_audit34_exports.py -q
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _corpus import wo_workspace  # noqa: E402
from _workspace import run_cli  # noqa: E402

from windoweval.cli import main  # noqa: E402
from windoweval.demo import survey as demo  # noqa: E402
from windoweval.records.io import ExportError, decode  # noqa: E402
from windoweval.survey.delivery import parse_delivery  # noqa: E402
from windoweval.survey.store import import_delivery, list_surveys, load_rejects  # noqa: E402

INS = "power_hall"


def _delivery(n=6, seed=2):
    return demo.generate_delivery(INS, 2025, ["PW01"], n_per_window=n, seed=seed, careless_share=0).astype(object)


def _bad_optional(df):
    """Two optional values refused alone (an unknown customer type, a duration 三分钟) and one answer off the
    scale, each in its own respondent; a fourth respondent refused whole (weight 0) with a bad duration too."""
    df.loc[1, "customer_type"] = "外星人"
    df.loc[2, "duration_s"] = "三分钟"
    df.loc[3, "env1"] = "7"
    df.loc[4, "duration_s"] = "-5"
    df.loc[4, "weight"] = "0"
    return df


# ------------------------------------------------------------------ 1. optional values refused alone, counted
def test_check_counts_the_optional_values_refused_alone(capsys):
    """An unknown customer type or a duration 三分钟 is refused alone (the value blank, the respondent kept), but
    `survey check`'s result line counted only answers refused alone: two values lost read as a clean file.  Right:
    ``CheckedDelivery.refused_values`` lists them (not the one of a respondent refused whole) and the result line
    counts them, in both languages."""
    with demo.delivery_file(_bad_optional(_delivery()), "firm.csv") as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
        main(["survey", "check", str(p), "--instrument", INS, "--year", "2025", "--no-screen"])
    assert chk.refused_values[["row", "column", "value", "code"]].values.tolist() == [
        [3, "customer_type", "外星人", "unknown_customer_type"], [4, "duration_s", "三分钟", "non_numeric"]]
    assert chk.rejected_rows == [6]
    out = capsys.readouterr().out
    line = [x for x in out.splitlines() if x.startswith("结果 result")][0]
    assert "单独被拒的可选值 optional values refused alone: 2" in line and "in 2 respondents" in line
    assert "单独被拒的答案 answers refused alone: 1" in line


def test_import_counts_and_keeps_the_optional_values_refused_alone(tmp_path, capsys):
    """`survey import` kept no trace of optional values refused alone but problems.csv: its result line and its
    record said nothing.  Right: counted in the record (``n_values_refused``, ``n_values_refused_respondents``), said
    in the result line, kept in values_refused.csv (``load_rejects(..., values=True)``)."""
    with demo.delivery_file(_bad_optional(_delivery()), "firm.csv") as p:
        assert main(["survey", "import", str(p), "--instrument", INS, "--year", "2025",
                     "--store", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "单独被拒的可选值 optional values refused alone 2" in out and "values_refused.csv" in out
    from windoweval.survey.store import list_deliveries

    r = list_deliveries(store_dir=tmp_path).iloc[0]
    assert (int(r["n_values_refused"]), int(r["n_values_refused_respondents"])) == (2, 2)
    got = load_rejects("power_hall_2025", store_dir=tmp_path, values=True)
    assert got[["row", "column", "value"]].values.tolist() == [[3, "customer_type", "外星人"], [4, "duration_s", "三分钟"]]
    assert got["reason_en"].str.contains("not imported").all()


def test_survey_list_shows_the_refusals_alone(tmp_path, capsys):
    """`survey list` showed valid and rejected only: a delivery with answers and values refused alone looked as
    clean as any.  Right: both counts are columns of ``list_surveys`` and of the printed table."""
    with demo.delivery_file(_bad_optional(_delivery()), "firm.csv") as p:
        import_delivery(p, INS, 2025, store_dir=tmp_path)
    s = list_surveys(store_dir=tmp_path).iloc[0]
    assert (s["n_answers_refused"], s["n_values_refused"]) == (1, 2)
    capsys.readouterr()
    assert main(["survey", "list", "--store", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "单独被拒的答案 answers refused alone" in out and "单独被拒的可选值 values refused alone" in out
    assert out.splitlines()[-1].split()[4:8] == ["5", "1", "1", "2"]


# ------------------------------------------------------------------ 2. declared GB18030, UTF-8 full-width only
@pytest.mark.parametrize("value", ["ＰＷ０１", "２０２５－０３－０５ ０９：００：００", "（１）", "已受理、"[3:]])
def test_declared_gb18030_utf8_with_full_width_text_only_is_refused(value):
    """A file mapping.yaml declares GB18030 whose only non-ASCII text is full-width (digits, letters, punctuation)
    or CJK punctuation, in UTF-8: read as GB18030 into mojibake without a word (ＰＷ０１ as 锛帮挤锛愶紤), or refused
    on 'a byte that cannot be decoded' with no word that the file is UTF-8.  Right: refused as UTF-8 throughout,
    naming the row and the fix (encoding: utf-8)."""
    b = f"order_id,window_id,note\nWO1,PW01,{value}\n".encode()
    with pytest.raises(ExportError) as e:
        decode(b, "work_orders.csv", "gb18030")
    msg = str(e.value)
    assert e.value.row == 2 and "整个文件都是有效的 UTF-8" in msg and "encoding: utf-8" in msg


def test_records_check_refuses_declared_gb18030_full_width_utf8(tmp_path):
    """The same through `records check`: exit 3 naming the file and the fix (before: mojibake window ids)."""
    wo_workspace(tmp_path)
    (tmp_path / "mapping.yaml").write_text(
        "work_orders:\n  encoding: gb18030\n  file: work_orders.csv\n", encoding="utf-8")
    (tmp_path / "work_orders.csv").write_text(
        "order_id,window_id,order_type,received_at,completed_at\n"
        "WO1,ＰＷ０１,fault_repair,2025-03-05 09:00,2025-03-05 09:40\n", encoding="utf-8")
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 3, out
    assert "work_orders.csv" in out and "encoding: utf-8" in out and "Traceback" not in out


# ------------------------------------------------------------------ 3. a header repeated inside the data
def _two_exports(tmp_path, extra=""):
    """Two exports of work orders put together (the second one's header kept), as a clerk concatenates them."""
    from _corpus import WO_HEAD, wo_rows

    wo_workspace(tmp_path, extra)
    first = [WO_HEAD] + wo_rows("WO", 3, "03-05")
    second = [WO_HEAD] + wo_rows("WX", 2, "04-05")
    (tmp_path / "work_orders.csv").write_text("\n".join(",".join(r) for r in first + second) + "\n", encoding="utf-8")
    return tmp_path


def test_records_name_a_header_repeated_inside_the_data(tmp_path):
    """Two exports concatenated: the second header (row 5) was refused as three bad values (受理时间 is no date,
    业务类型 no order type) with no word of what the row is.  Right: one problem names it the header again, with the
    `drop` entry that skips it; with that entry the file reads, every record counted."""
    _two_exports(tmp_path)
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 3, out
    line = [x for x in out.splitlines() if "第 5 行" in x and "重复的表头" in x]
    assert line and "drop: {工单号: [工单号]}" in line[0] and "the header again" in line[0]
    (tmp_path / "mapping.yaml").write_text((tmp_path / "mapping.yaml").read_text(encoding="utf-8")
                                           + "  drop: {工单号: [工单号]}\n", encoding="utf-8")
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    assert r.returncode == 0 and "work_orders: 5 行" in r.stdout, r.stdout + r.stderr


def test_survey_names_a_header_repeated_inside_the_data(tmp_path, capsys):
    """Two deliveries put together: the second header row gave 21 errors (weight is no number, env1 no code ...)
    and a warning that stratum 'stratum' has a single PSU.  Right: one error, header_repeated, with its fix; no
    design warning from it; the other respondents read."""
    a = _delivery(4, seed=2)
    b = _delivery(4, seed=3)
    b["respondent_id"] = b["respondent_id"].astype(str) + "b"
    p = tmp_path / "two.csv"
    p.write_text(a.to_csv(index=False) + b.to_csv(index=False), encoding="utf-8")
    chk = parse_delivery(p, INS, year=2025, screen=False)
    probs = chk.problems
    assert probs[["row", "code", "severity"]].values.tolist() == [[6, "header_repeated", "error"]]
    assert "表头" in probs["fix_zh"].iloc[0] and "header" in probs["fix_en"].iloc[0]
    assert chk.rejected_rows == [6] and len(chk.valid) == 8


# ------------------------------------------------------------------ 4. ids typed as numbers, formatted 000000
def test_records_xlsx_number_formatted_with_leading_zeros_stays_as_shown(tmp_path):
    """An XLSX whose order ids (or 户号) are numbers formatted ``00000000`` shows 00000001 in Excel; it was read as
    "1", an id no other export of the same order has.  Right: read as the sheet shows it, 00000001 (ids are text);
    a text cell and a number in another format are read as before."""
    import openpyxl

    from _corpus import WO_HEAD

    from windoweval.records.read import read_records

    wo_workspace(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(WO_HEAD)
    for i, oid in enumerate([1, 23, "0042", 77], start=2):
        ws.append([oid, "PW01", "故障报修", "2025-03-05 09:00", "2025-03-05 09:40"])
        if i < 5:
            ws.cell(row=i, column=1).number_format = "00000000"
    wb.save(tmp_path / "work_orders.xlsx")
    got = read_records("work_orders", tmp_path)
    assert got["order_id"].tolist() == ["00000001", "00000023", "0042", "77"]


def test_survey_xlsx_respondent_ids_formatted_with_leading_zeros_stay_as_shown(tmp_path):
    """A survey firm types respondent ids as numbers and formats them ``000000`` so Excel shows 000001; they were
    read as "1" (the delivery format says leading zeros are kept).  Right: 000001, as the sheet shows it."""
    import openpyxl

    df = _delivery(4)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(list(df.columns))
    for i, r in enumerate(df.itertuples(index=False), start=1):
        ws.append([i] + list(r)[1:])
        ws.cell(row=i + 1, column=1).number_format = "000000"
    wb.save(tmp_path / "d.xlsx")
    chk = parse_delivery(tmp_path / "d.xlsx", INS, year=2025, screen=False)
    assert chk.valid["respondent_id"].tolist() == ["000001", "000002", "000003", "000004"]


# ------------------------------------------------------------------ 5. interview dates written with their time
@pytest.mark.parametrize("written", ["2025-03-05 10:05:00.000", "2025-03-05T10:05:00.000", "2025年3月5日 10时05分",
                                     "2025-03-05 10点05分", "2025.3.5 10:05:00",
                                     "2025-03-05 下午3:05"])
def test_interview_date_written_with_its_time_is_read(written, tmp_path):
    """Interview software writes the interview's date and time (提交答卷时间).  2025-03-05 10:05:00 was read, but the
    same with milliseconds (10:05:00.000), in Chinese (10时05分, 10点05分), with dots or 下午3:05 refused every
    respondent as an unreadable date, so the import was refused.  Right: the date is read, as records read times."""
    df = _delivery(4)
    df["interview_date"] = written
    p = tmp_path / "d.csv"
    df.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]]
    assert [str(x)[:10] for x in chk.valid["interview_date"]] == ["2025-03-05"] * 4


def test_interview_date_time_as_an_excel_number_is_read_with_a_warning(tmp_path):
    """A date-time cell formatted General is a day number with a fraction (45721.42 = 2025-03-05 10:04); it was
    refused (only whole day numbers were read).  Right: that day, with the day-number warning; an unclear day/month
    order (05/03/2025 10:05) stays refused."""
    df = _delivery(4)
    df["interview_date"] = ["45721.42", "45721.5", "45721", "05/03/2025 10:05"]
    p = tmp_path / "d.csv"
    df.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert [str(x)[:10] for x in chk.valid["interview_date"]] == ["2025-03-05"] * 3
    assert chk.errors[["row", "column", "code"]].values.tolist() == [[5, "interview_date", "bad_date"]]
    assert "date_serial" in chk.problems["code"].tolist()


def test_records_name_the_title_of_a_second_export_above_its_header(tmp_path):
    """Two exports with their titles put together: the second one's title rows (报表名称：…, 导出时间：…) were refused as
    records missing their window and type, with nothing said of what they are.  Right: named as the title above the
    repeated header, with the fix (delete, or one file per export listed under `file`)."""
    from _corpus import WO_HEAD, wo_rows

    wo_workspace(tmp_path)
    title = ["报表名称：故障报修工单明细,,,,", "导出时间：2025-04-01 08:00:00,,,,"]
    lines = (title + [",".join(WO_HEAD)] + [",".join(r) for r in wo_rows("WO", 3, "03-05")]
             + title + [",".join(WO_HEAD)] + [",".join(r) for r in wo_rows("WX", 2, "04-05")])
    (tmp_path / "work_orders.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 3, out
    for row in (7, 8):
        line = [x for x in out.splitlines() if f"第 {row} 行" in x and "重复表头之上的标题" in x]
        assert line and "title above the repeated header" in line[0] and "file:" in line[0], out
    assert [x for x in out.splitlines() if "第 9 行" in x and "重复的表头" in x]


def test_sav_respondent_ids_in_a_leading_zero_format_stay_as_shown(tmp_path):
    """An SPSS file whose respondent ids are numbers in format N6 (SPSS shows 000001) was read as "1".  Right:
    000001, as SPSS shows it; the answers (numbers) are read as before."""
    import numpy as np
    import pandas as pd
    import pyreadstat

    df = demo.generate_delivery(INS, 2025, ["PW01"], n_per_window=4, seed=2, careless_share=0)
    df["respondent_id"] = np.arange(1, 5).astype(float)
    df["interview_date"] = pd.to_datetime(df["interview_date"]).dt.date
    pyreadstat.write_sav(df, str(tmp_path / "d.sav"), variable_format={"respondent_id": "N6", "env1": "N2"})
    chk = parse_delivery(tmp_path / "d.sav", INS, year=2025, screen=False)
    assert chk.valid["respondent_id"].tolist() == ["000001", "000002", "000003", "000004"]
    assert chk.valid["env1"].tolist() == df["env1"].astype(float).tolist()


# ------------------------------------------------------------------ 6. empty lines between blocks of a CSV
@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_records_csv_empty_lines_keep_the_row_numbers(tmp_path, nl):
    """A CSV with empty lines between blocks (a spreadsheet shows them as blank rows): a problem after them was named
    two rows too early (row 4 for the record on row 6), while `,,,,` blank rows kept the numbers.  Right: row 6, as
    the spreadsheet numbers it, and the blank rows counted as `,,,,` ones are."""
    from _corpus import WO_HEAD

    wo_workspace(tmp_path)
    body = ["WO1,PW01,故障报修,2025-03-05 09:00,2025-03-05 09:40", "", "",
            "WO2,PW01,故障报修,2025-03-05 09:00,2025-03-05 09:40",
            "WO3,PW01,故障报修,2025-03-05 xx:00,2025-03-05 09:40"]
    (tmp_path / "work_orders.csv").write_bytes(nl.join([",".join(WO_HEAD)] + body + [""]).encode())
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 3 and "第 6 行 row 6" in out and "第 4 行" not in out, out
