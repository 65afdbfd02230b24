"""Defects a review of the eleventh round's merged change found (each fails on the merged code before the fix).

1. `records map` took a row-number column (序号 10001, 10002 …) for the date column of its date + time combines, as
   Excel serial days have the same form; the proposal then refused every row.
2. The two-row header rule took a valid first record as the header's second row (a header with one unnamed column
   and a record without digits): the first record lost and the headers replaced by its values.
3. Ids in columns named with a free-text word (反馈单号, 建议编号, 评论ID …) were masked as documents.
4. `Scorecard.missing_evidence()` left a passport alone in a complaint's description unmasked (the drill-down masks it).
5. A passport written in full-width characters, alone in a free-text cell, was kept.
"""
import pandas as pd
import yaml

from windoweval import score
from windoweval.privacy import mask_frame, mask_text
from windoweval.records import validate
from windoweval.records.io import read_tables
from windoweval.records.propose import propose
from windoweval.records.workspace import Workspace


def test_a_row_number_is_not_a_date_column(tmp_path):
    f = tmp_path / "calls.csv"
    f.write_text("序号,呼叫编号,坐席组,日期,振铃时刻,应答时刻,挂机时刻\n"
                 "10001,A001,G1,2025-03-03,09:30:00,09:30:12,09:35:00\n"
                 "10002,A002,G1,2025-03-03,10:01:05,10:01:09,10:03:00\n", encoding="utf-8")
    got = yaml.safe_load(propose(f, "calls_95598"))["calls_95598"]
    assert {c: v["date"] for c, v in got["combine"].items()} == {
        "offered_at": "日期", "answered_at": "日期", "hung_up_at": "日期"}
    assert "日期" not in (got.get("ignore") or [])


def test_serial_days_under_a_date_header_still_combine(tmp_path):
    f = tmp_path / "calls.csv"
    f.write_text("序号,呼叫编号,坐席组,来电日期,振铃时刻\n"
                 "10001,A001,G1,45719,09:30:00\n10002,A002,G1,45720,10:01:05\n", encoding="utf-8")
    got = yaml.safe_load(propose(f, "calls_95598"))["calls_95598"]
    assert got["combine"]["offered_at"]["date"] == "来电日期"


def _header_then_record(tmp_path, ext):
    rows = [["窗口", "服务项目", "是否提供", None, "备注"], ["城东营业厅", "电费查询", "是", "自助终端", None],
            ["城西营业厅", "电费查询", "否", None, "无"]]
    f = tmp_path / f"h.{ext}"
    if ext == "xlsx":
        import openpyxl
        wb = openpyxl.Workbook()
        for r in rows:
            wb.active.append(r)
        wb.save(f)
    else:
        f.write_text("\n".join(",".join("" if v is None else v for v in r) for r in rows) + "\n", encoding="utf-8")
    return f


def test_a_first_record_without_digits_is_no_second_header_row(tmp_path):
    for ext in ("xlsx", "csv"):
        t = read_tables(_header_then_record(tmp_path, ext))[0]
        assert [str(h) for h in t.headers][:3] == ["窗口", "服务项目", "是否提供"], ext
        assert len(t.frame) == 2, ext
        assert t.frame.iloc[0, 0] == "城东营业厅", ext


def test_a_grouped_header_is_still_read_as_one(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text("序号,工单信息,,时间,,备注\n,工单编号,供电单位,受理时间,完成时间,\n"
                 "1,GD001,城东,2025-03-05 09:00,2025-03-05 10:00,\n", encoding="utf-8")
    t = read_tables(f)[0]
    assert [str(h) for h in t.headers] == ["序号", "工单编号", "供电单位", "受理时间", "完成时间", "备注"]
    assert len(t.frame) == 1


def test_ids_in_columns_named_with_a_free_text_word_are_kept():
    cols = ["反馈单号", "建议编号", "意见单号", "留言编号", "内容编号", "情况编号", "评论ID", "反馈编码"]
    df = pd.DataFrame({c: ["C25000001", "E12345678"] for c in cols})
    out = mask_frame(df)
    for c in cols:
        assert out[c].tolist() == ["C25000001", "E12345678"], c
    # the free-text columns themselves still mask a passport alone
    notes = mask_frame(pd.DataFrame({"反馈内容": ["E12345678"], "备注": ["G12345678"]}))
    assert notes.iloc[0].tolist() == ["[证件号]", "[证件号]"]


def test_a_full_width_passport_alone_in_a_note_is_masked():
    assert mask_text(pd.Series(["Ｅ１２３４５６７８"]), free_text=True).tolist() == ["[证件号]"]
    assert mask_text(pd.Series(["Ｅ１２３４５６７８"] * 300), free_text=True).iloc[0] == "[证件号]"
    assert mask_text(pd.Series(["Ｅ１２３４５６７８"])).tolist() == ["Ｅ１２３４５６７８"]   # an id column keeps it


def test_missing_evidence_masks_what_the_drilldown_masks():
    cases = validate(pd.DataFrame({
        "case_id": ["C1", "C2"], "channel": "counter", "kind": "complaint", "window_id": "PW01", "category": None,
        "received_at": ["2025-03-03 10:00"] * 2, "replied_at": [None, None], "resolved_at": [None, None],
        "case_status": ["withdrawn", None], "description": ["E12345678", "G12345678"]}), "complaints", file="c.csv")
    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})
    card = score("power_window", 2025, data=".", workspace=ws, records={"complaints": cases})
    lacking = card.missing_evidence()
    assert "C1" in set(lacking["case_id"])
    assert set(lacking.loc[lacking["case_id"] == "C1", "description"]) == {"[证件号]"}
