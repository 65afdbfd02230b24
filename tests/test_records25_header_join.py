"""records25: a header over two rows whose names clash (开始 under both 受理 and 办结; 受理 twice under 时间) was joined
with no separator (受理开始, 时间受理), so a duplicate-header refusal showed a word that is no cell of the sheet.  Now
group and name are joined with '/' (受理/开始, 时间/受理), as the refusal shows them."""
import openpyxl
import pytest

from windoweval.errors import InputError
from windoweval.records.io import _second_header_row, read_tables
from windoweval.records.mapping import _Headers


def _book(tmp_path, top, below, merges):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(top)
    ws.append(below)
    ws.append(["1", "GD1", "2025-06-01 09:00", "2025-06-02 09:00", ""])
    for m in merges:
        ws.merge_cells(m)
    f = tmp_path / "工单.xlsx"
    wb.save(f)
    return f


def test_clashing_names_joined_with_separator(tmp_path):
    f = _book(tmp_path, ["序号", "受理", None, "办结", None], [None, "开始", "人", "开始", "人"],
              ["A1:A2", "B1:C1", "D1:E1"])
    assert read_tables(f)[0].headers == ["序号", "受理/开始", "受理/人", "办结/开始", "办结/人"]
    assert _second_header_row(["序号", "时间", "", "备注"], ["", "受理", "开始", ""]) == ["序号", "受理", "开始", "备注"]
    assert _second_header_row(["受理", "", "办结", "", "备注"], ["开始", "人", "开始", "人", ""]) == [
        "受理/开始", "受理/人", "办结/开始", "办结/人", "备注"]


def test_clash_refusal_shows_group_and_name(tmp_path):
    f = _book(tmp_path, ["序号", "工单编号", "时间", None, "备注"], [None, None, "受理", "受理", None],
              ["A1:A2", "B1:B2", "C1:D1", "E1:E2"])
    t = read_tables(f)[0]
    assert t.headers[2:4] == ["时间/受理", "时间/受理"]
    with pytest.raises(InputError) as e:
        _Headers(t.headers, t.label, "work_orders")
    assert "时间/受理" in str(e.value)


def test_a_mapping_written_for_the_old_join_still_finds_the_column():
    # mapping.yaml written when 受理/开始 was joined as 受理开始: still found, unless a header is so named or two are
    h = _Headers(["序号", "受理/开始", "受理/人", "办结/开始", "办结/人"], "工单.xlsx", "work_orders")
    assert [h.find(x) for x in ("受理/开始", "受理开始", "办结人", "序号", "受理")] == [1, 1, 4, 0, None]
    h = _Headers(["受理开始", "受理/开始"], "工单.xlsx", "work_orders")
    assert h.find("受理开始") == 0                       # the exact name wins
    h = _Headers(["a/bc", "ab/c"], "工单.xlsx", "work_orders")
    assert h.find("abc") is None                          # two joined names alike: none guessed
