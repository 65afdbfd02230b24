"""exports20, round twelve: exports as real systems write them, each read or refused with a useful message.

Cases as data: (name, the file's bytes, what is expected): ``read`` with the case ids, or ``refused`` with the code of
the problem that names the row (and its row)."""
from __future__ import annotations

import pytest

H = "工单编号,受理渠道,诉求类型,窗口编号,受理时间,诉求内容"


def _rows(dates, wins=("PW01", "PW01", "PW02")):
    return [f"C{i},95598,complaint,{w},{d},b" for i, (d, w) in enumerate(zip(dates, wins), 1)]


T = ["2025-03-01 10:00"] * 3
CASES = [
    # GB18030 without a BOM, a 小计 row in the middle and a 合计 row at the end: both named, with their drop entry
    ("gb18030_totals", ("\n".join([H] + _rows(T)[:2] + ["小计,,,,,"] + _rows(T)[2:] + ["合计,,,,,"]) + "\n")
     .encode("gb18030"), ("refused", {("totals_row", 4), ("totals_row", 6)})),
    # dates as Chinese systems write them, and Excel serial days: read
    ("dates_written", ("\n".join([H] + _rows(["2025年3月5日 9时5分", "2025.03.05", "2025/3/5 9:05"])) + "\n").encode(),
     ("read", ["2025-03-05 09:05:00", "2025-03-05 00:00:00", "2025-03-05 09:05:00"])),
    ("dates_serial", ("\n".join([H] + _rows(["45721.375", "45721", "45721.5"])) + "\n").encode(),
     # (session 43: the whole day 45721 is a date alone, marked by a nanosecond: calendar.DATE_ONLY_NS)
     ("read", ["2025-03-05 09:00:00.000000000", "2025-03-05 00:00:00.000000001", "2025-03-05 12:00:00.000000000"])),
    # a two-digit year (25-3-5: 2025-03-05, or 25 March 2005?) is not guessed
    ("two_digit_year", ("\n".join([H] + _rows(["2025-03-05 09:00", "2025-03-05 09:00", "25-3-5"])) + "\n").encode(),
     ("refused", {("ambiguous_day_month", 4)})),
    # a title row above the header and a 填表说明 row under it: the note named as a note, with its drop entry
    ("notes_under_header", ("\n".join(["2025年3月工单,,,,,", H, "填表说明：时间按24小时制,,,,,"] + _rows(T)) + "\n")
     .encode(), ("refused", {("notes_row", 3)})),
    ("remark_under_header", ("\n".join([H, "备注：以上均为北京时间,,,,,"] + _rows(T)) + "\n").encode(),
     ("refused", {("notes_row", 2)})),
    # lone \r line ends (old Mac exports), semicolons, tabs: read
    ("cr_only", ("\r".join([H] + _rows(T)) + "\r").encode(), ("read", [T[0] + ":00"] * 3)),
    ("semicolons", ("\n".join(x.replace(",", ";") for x in [H] + _rows(T)) + "\n").encode(), ("read", [T[0] + ":00"] * 3)),
    ("tabs", ("\n".join(x.replace(",", "\t") for x in [H] + _rows(T)) + "\n").encode("gb18030"),
     ("read", [T[0] + ":00"] * 3)),
]


@pytest.mark.parametrize("name, data, want", CASES, ids=[c[0] for c in CASES])
def test_a_real_looking_export_reads_or_is_refused_naming_the_row(tmp_path, name, data, want):
    from windoweval.records.contract import RecordsError
    from windoweval.records.files import load_files

    f = tmp_path / "complaints.csv"
    f.write_bytes(data)
    if want[0] == "read":
        got = load_files("complaints", [f]).frame
        assert got["case_id"].tolist() == ["C1", "C2", "C3"]
        assert got["received_at"].astype(str).tolist() == want[1]
        return
    with pytest.raises(RecordsError) as e:
        load_files("complaints", [f])
    p = e.value.problems
    named = {(c, int(r)) for c, r in zip(p["code"], p["row"]) if c not in ("missing_value",)}
    assert want[1] <= named, p[["row", "column", "value", "code"]]
    lead = p[p["code"].isin([c for c, _ in want[1]])]
    assert lead["fix_zh"].str.contains("drop").all() or want[1] == {("ambiguous_day_month", 4)}
    assert e.value.exit_code == 3


def test_two_tables_side_by_side_are_refused_naming_both_columns(tmp_path):
    from windoweval.errors import InputError
    from windoweval.records.files import load_files

    f = tmp_path / "complaints.csv"
    f.write_text("\n".join([H + ",," + H] + [r + ",," + r for r in _rows(T)]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_files("complaints", [f])
    assert "列 A “工单编号” 与列 H “工单编号”" in str(e.value) and "column H" in str(e.value) and e.value.exit_code == 3


# ---- a survey firm's deliveries ---------------------------------------------------------------------------------

def test_a_delivery_written_in_value_labels_reads_as_its_codes(tmp_path):
    """Each answer written as the instrument's own label (非常满意 …, 同意 …) instead of its code: read as the code,
    with one warning per label; the same valid respondents and answers as the coded file."""
    from tests.test_left19_exports import _delivery
    from windoweval.survey.delivery import parse_delivery
    from windoweval.survey.instrument import load_instrument

    ins = load_instrument("power_hall")
    df = _delivery()
    lab = df.copy()
    for c in ins.coded_columns:
        back = {v: k for k, v in ins.label_to_code(c).items()}   # code -> a label of it
        lab[c] = [back.get(int(float(v)), v) if str(v).strip() not in ("", "nan") else v for v in lab[c]]
    assert (lab[list(ins.coded_columns)] != df[list(ins.coded_columns)]).any().any()
    df.to_csv(tmp_path / "codes.csv", index=False)
    lab.to_csv(tmp_path / "labels.csv", index=False)
    a = parse_delivery(tmp_path / "codes.csv", ins, year=2025)
    b = parse_delivery(tmp_path / "labels.csv", ins, year=2025)
    cols = list(ins.coded_columns)
    assert b.errors.empty and len(b.valid) == len(a.valid)
    assert b.valid[cols].equals(a.valid[cols]) and set(b.problems["code"]) == {"label_mapped"}


def test_an_answer_sheet_beside_a_codebook_sheet_reads_the_answers(tmp_path):
    import pandas as pd

    from tests.test_left19_exports import _delivery
    from windoweval.survey.delivery import parse_delivery

    df = _delivery()
    book = tmp_path / "d.xlsx"
    with pd.ExcelWriter(book) as w:
        pd.DataFrame({"变量": ["env1"] * 5, "代码": [1, 2, 3, 4, 5],
                      "标签": ["非常不满意", "不满意", "一般", "满意", "非常满意"]}).to_excel(w, sheet_name="编码表", index=False)
        df.to_excel(w, sheet_name="答案", index=False)
    chk = parse_delivery(book, "power_hall", year=2025)
    assert chk.delivery.sheets["答案"] == "read" and chk.delivery.sheets["编码表"].startswith("ignored")
    assert chk.errors.empty and len(chk.valid) == len(df)


def test_a_delivery_with_full_width_thousands_percent_weights_and_window_names(tmp_path):
    from tests.test_left19_exports import _delivery
    from windoweval.survey.delivery import parse_delivery

    df = _delivery()
    df.loc[0, "weight"], df.loc[1, "weight"], df.loc[2, "weight"] = "1，200", "1,200.5", "12%"
    df.loc[4, "window_id"], df.loc[5, "window_id"] = "窗口 01", "01号窗口"
    df.to_csv(tmp_path / "d.csv", index=False)
    chk = parse_delivery(tmp_path / "d.csv", "power_hall", year=2025, windows=["PW01", "PW02"])
    assert chk.responses.loc[:1, "weight"].tolist() == [1200.0, 1200.5]
    got = chk.errors[["row", "column", "value", "code"]].values.tolist()
    # (survey39) a weight in percent among weights written plainly is refused as the mix it is, not as no number
    assert got == [[4, "weight", "12%", "weight_percent_mixed"], [6, "window_id", "窗口 01", "unknown_window"],
                   [7, "window_id", "01号窗口", "unknown_window"]]
    assert "PW01" in chk.errors["problem_en"].iloc[1]   # the known windows named beside the unknown one


def test_two_tables_side_by_side_under_a_title_name_the_header_row(tmp_path):
    """Was: a workbook with a merged title row above two tables side by side was refused for its duplicate header
    "第 1 行 / row 1", the title's row, and the English line named no row.  Is: the header's own row, in both."""
    import openpyxl

    from windoweval.errors import InputError
    from windoweval.records.files import load_files

    heads = H.split(",")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年3月 工单明细"] + [None] * 12)
    ws.merge_cells("A1:M1")
    ws.append(heads + [None] + heads)
    for r in _rows(T):
        ws.append(r.split(",") + [None] + r.split(","))
    f = tmp_path / "complaints.xlsx"
    wb.save(f)
    with pytest.raises(InputError) as e:
        load_files("complaints", [f])
    zh, en = str(e.value).split("。 / ")   # one line, 中文 / English (readings47; before: two lines)
    assert "第 2 行 / row 2" in zh and "duplicate header" in en and "row 1" not in str(e.value) and e.value.exit_code == 3
