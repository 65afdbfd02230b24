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
     ("read", ["2025-03-05 09:00:00", "2025-03-05 00:00:00", "2025-03-05 12:00:00"])),
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
