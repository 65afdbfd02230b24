"""probe27: an export with two header rows, the Chinese names over English ones (or the system's field names), as
bilingual exports and some database tools write them.

Before, the second header row was read as a record and refused value by value ("Received" is not a valid date/time:
"correct this time in the exporting system"; "Type" not an allowed order type), a fix that cannot be made: the cells
are names.  Now the refusal names the row for what it is (code ``header_second_row``: the row right under the
header, every filled cell text without a digit, at least half the header filled), with the mapping.yaml ``drop``
entry that skips it; the export read with that entry.  Still refused (exit 3), never skipped unseen; a first record
of text without digits is impossible (a record has its time), and a row that holds any digit is read as a record.
"""
import pytest

from windoweval.records import RecordsError
from windoweval.records.files import load

from _corpus import WO_HEAD, rows_workbook, wo_records_check, wo_rows, wo_workspace

EN = ["Order No", "Window", "Type", "Received", "Completed"]
FIELDS = ["order_no", "window_code", "biz_type", "recv_time", "done_time"]


def _write(d, fmt, rows):
    if fmt == "xlsx":
        rows_workbook(d / "工单.xlsx", {"3月": rows})
    else:
        (d / "工单.csv").write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("second", [EN, FIELDS])
def test_a_second_header_row_is_named_with_its_drop_entry(tmp_path, fmt, second):
    wo_workspace(tmp_path, f"  file: 工单.{fmt}\n")
    _write(tmp_path, fmt, [WO_HEAD, second] + wo_rows("GD", 3, "03-05"))
    with pytest.raises(RecordsError) as e:
        load("work_orders", tmp_path)
    p = e.value.problems
    named = p[p["code"] == "header_second_row"]
    assert named[["row", "column", "value"]].values.tolist() == [[2, "工单号", second[0]]]
    assert set(p["row"]) == {2}
    assert "表头的第二行" in named["problem_zh"].iloc[0] and "second row" in named["problem_en"].iloc[0]
    entry = f"drop: {{工单号: [{second[0]}]}}"
    assert entry in named["fix_zh"].iloc[0] and entry in named["fix_en"].iloc[0]
    # the entry the message gives reads the export: every record, the names' row counted out
    wo_workspace(tmp_path, f"  file: 工单.{fmt}\n  {entry}\n")
    assert load("work_orders", tmp_path).frame["order_id"].tolist() == ["GD1", "GD2", "GD3"]


def test_records_check_names_it_and_exits_3(tmp_path):
    code, out = wo_records_check(tmp_path, "\n".join(",".join(r) for r in [WO_HEAD, EN] + wo_rows("GD", 2, "03-05")))
    assert code == 3, out
    assert "表头的第二行" in out and "drop: {工单号: [Order No]}" in out and "Traceback" not in out


@pytest.mark.parametrize("first", [
    ["GD1", "PW01", "故障报修", "2025-03-05 09:00", "x"],      # a record (digits): refused as before, never a header
    ["GDA", "PW01", "故障报修", "昨天上午", "不详"],             # a digit in the window id: read as a record
    ["未知", "", "", "", ""],                                     # one cell: no header row
])
def test_a_first_row_with_a_digit_or_one_cell_is_no_second_header(tmp_path, first):
    wo_workspace(tmp_path, "  file: 工单.csv\n")
    _write(tmp_path, "csv", [WO_HEAD, first] + wo_rows("GD", 2, "03-06"))
    with pytest.raises(RecordsError) as e:
        load("work_orders", tmp_path)
    assert "header_second_row" not in set(e.value.problems["code"])


def test_a_names_row_further_down_is_no_second_header(tmp_path):
    # only the row right under the header: the same text below a record is a record refused for its values
    wo_workspace(tmp_path, "  file: 工单.csv\n")
    _write(tmp_path, "csv", [WO_HEAD] + wo_rows("GD", 1, "03-05") + [EN])
    with pytest.raises(RecordsError) as e:
        load("work_orders", tmp_path)
    assert "header_second_row" not in set(e.value.problems["code"])


@pytest.mark.parametrize("foot", [False, True])
def test_records_map_proposes_the_drop_entry_and_no_name_as_a_code(tmp_path, foot):
    # before, `records map` proposed 'Type' as an order-type code to map (TODO) and no drop entry
    from windoweval.records.propose import propose

    rows = [WO_HEAD, EN] + wo_rows("GD", 3, "03-05") + ([["合计", "", "", "", ""]] if foot else [])
    f = tmp_path / "工单.csv"
    f.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    text = propose(f, "work_orders")
    assert '"Type"' not in text and "TODO" not in text
    want = '  drop: {"工单号": ["合计", "Order No"]}' if foot else '  drop: {"工单号": ["Order No"]}'
    assert want in text
    # the proposal, as mapping.yaml, reads the export (the codes mapped, the names' row and any 合计 dropped)
    from _workspace import write_workspace

    write_workspace(tmp_path, mapping_file="mapping.yaml")
    (tmp_path / "mapping.yaml").write_text(text, encoding="utf-8")
    assert load("work_orders", tmp_path).frame["order_id"].tolist() == ["GD1", "GD2", "GD3"]
