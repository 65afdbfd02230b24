"""records24 #3: a workbook's hidden and very hidden sheets, and a cover page first.

A hidden sheet (隐藏, or "very hidden" by a macro) is one nobody sees in Excel: an old copy, a scratch or lookup
sheet.  It was read as records beside the visible sheets (last year's orders from a hidden 旧 sheet counted this
year, unseen).  It is now never read unless mapping.yaml's ``sheets`` names it; ``records check`` lists it as not
read, saying it is hidden and how to read it.  A cover page (a title and a date, no table) is not read and is
listed so, as before (pinned here).
"""
import pytest

from windoweval.cli import main
from windoweval.errors import InputError
from windoweval.records.files import load

from _corpus import WO_HEAD, rows_workbook, wo_rows, wo_workspace


def _book(d, state="hidden", cover=True):
    sheets = {}
    if cover:
        sheets["封面"] = [["2025年3月业务工单统计"], ["2025-04-01"]]
    sheets["3月"] = [WO_HEAD] + wo_rows("GD03", 3, "03-05")
    sheets["旧"] = [WO_HEAD] + wo_rows("OLD", 2, "03-09")

    def hide(wb):
        wb["旧"].sheet_state = state
    return rows_workbook(d / "营销工单导出.xlsx", sheets, hide)


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
@pytest.mark.parametrize("cover", [True, False])
def test_a_hidden_sheet_is_not_read_and_records_check_says_so(tmp_path, capsys, state, cover):
    wo_workspace(tmp_path, "  file: 营销工单导出.xlsx\n")
    _book(tmp_path, state, cover)
    got = load("work_orders", tmp_path)
    assert sorted(got.frame["order_id"]) == ["GD031", "GD032", "GD033"]
    why = dict(got.ignored)[str(tmp_path / "营销工单导出.xlsx[旧]")]
    assert "隐藏" in why and "hidden" in why and "sheets" in why
    assert main(["records", "check", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "未读的工作表 / sheet not read: 营销工单导出.xlsx[旧]" in out and "hidden" in out
    if cover:   # the cover page: not read, listed with its reason (pinned)
        assert "未读的工作表 / sheet not read: 营销工单导出.xlsx[封面]" in out


def test_a_hidden_sheet_named_under_sheets_is_read(tmp_path):
    wo_workspace(tmp_path, "  file: 营销工单导出.xlsx\n  sheets: [3月, 旧]\n")
    _book(tmp_path)
    assert sorted(load("work_orders", tmp_path).frame["order_id"]) == ["GD031", "GD032", "GD033", "OLD1", "OLD2"]


def test_the_only_records_on_a_hidden_sheet_are_refused_not_read_as_nothing(tmp_path, capsys):
    wo_workspace(tmp_path, "  file: 营销工单导出.xlsx\n")
    rows_workbook(tmp_path / "营销工单导出.xlsx", {"封面": [["2025年3月业务工单统计"]],
                                                  "数据": [WO_HEAD] + wo_rows("GD03", 2, "03-05")},
                  lambda wb: setattr(wb["数据"], "sheet_state", "hidden"))
    with pytest.raises(InputError) as e:
        load("work_orders", tmp_path)
    msg = str(e.value)
    assert "数据" in msg and "隐藏" in msg and "hidden" in msg and "sheets" in msg
    assert main(["records", "check", "--data", str(tmp_path)]) == 3
    assert "Traceback" not in "".join(capsys.readouterr())
