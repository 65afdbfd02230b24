"""The mapping file: each rule at its boundary (pick by code, date + time, constant, value maps, normalised headers,
two headers on one column, the file a mapping names)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.errors import InputError
from windoweval.records import RecordsError, load, read_records
from windoweval.records.mapping import KindMapping, MappingError, apply_mapping, norm, parse_mapping

WS = """name = "t"
mapping_file = "mapping.yaml"
{extra}
[[windows]]
id = "PW01"
name = "a"
kind = "power_hall"

[[windows]]
id = "CC"
name = "c"
kind = "call_centre"
"""


def workspace(d, mapping: str, files: dict, extra=""):
    (d / "windoweval.toml").write_text(WS.format(extra=extra), encoding="utf-8")
    (d / "mapping.yaml").write_text(mapping, encoding="utf-8")
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    from windoweval.records.workspace import load_workspace
    return load_workspace(d)


WO = ("工单编号,供电单位,工单类型,受理时间,验收合格及签订合同时间,送电时间,答复时间\n"
      "W1,PW01,居民新装,2025-03-03 09:00,,2025-03-06 10:00,\n"
      "W2,PW01,高压新装,2025-03-01 09:00,2025-03-10 10:00,2025-03-14 16:00,\n"
      "W3,PW01,电费查询,2025-06-02 09:00,,,2025-06-03 10:00\n")
WO_MAP = """work_orders:
  file: 营销工单.csv
  columns: {工单编号: order_id, 供电单位: window_id, 工单类型: order_type}
  pick:
    received_at:
      by: 工单类型
      cases: {高压新装: 验收合格及签订合同时间}
      default: 受理时间
    completed_at:
      by: 工单类型
      cases: {居民新装: 送电时间, 高压新装: 送电时间, 电费查询: 答复时间}
  values:
    order_type: {居民新装: new_connection_resident, 高压新装: new_connection_other, 电费查询: billing_query}
"""


def test_a_work_order_export_loads_through_the_mapping_alone(tmp_path):
    ws = workspace(tmp_path, WO_MAP, {"营销工单.csv": WO})
    df = read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders")).set_index("order_id")
    assert df["order_type"].tolist() == ["new_connection_resident", "new_connection_other", "billing_query"]
    # the clock of a 高压新装 starts at acceptance and contract; the others at 受理时间 (default)
    assert str(df.loc["W2", "received_at"]) == "2025-03-10 10:00:00"
    assert str(df.loc["W1", "received_at"]) == "2025-03-03 09:00:00"
    # completion from 送电时间 or 答复时间 by order type
    assert str(df.loc["W1", "completed_at"]) == "2025-03-06 10:00:00"
    assert str(df.loc["W3", "completed_at"]) == "2025-06-03 10:00:00"


def test_pick_by_contract_value_and_explicit_null(tmp_path):
    m = WO_MAP.replace("cases: {居民新装: 送电时间, 高压新装: 送电时间, 电费查询: 答复时间}",
                       "cases: {new_connection_resident: 送电时间, new_connection_other: null, billing_query: 答复时间}")
    ws = workspace(tmp_path, m, {"营销工单.csv": WO})
    df = read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders")).set_index("order_id")
    assert pd.isna(df.loc["W2", "completed_at"]) and str(df.loc["W3", "completed_at"]) == "2025-06-03 10:00:00"


def test_a_code_no_pick_case_names_is_refused_with_its_rows(tmp_path):
    ws = workspace(tmp_path, WO_MAP, {"营销工单.csv": WO + "W4,PW01,销户,2025-06-02 09:00,,,\n"
                                                         "W5,PW01,销户,2025-06-02 09:00,,,\n"})
    with pytest.raises(RecordsError) as e:
        read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders"))
    p = e.value.problems
    pick = p[p["column"] == "工单类型"]
    assert pick["value"].tolist() == ["销户"] and pick["row"].tolist() == [5]   # one line per code, first row
    assert "5、6" in pick["problem_zh"].iloc[0]                                 # and the rows it is on
    assert set(p.loc[p["column"] == "order_type", "row"]) == {5, 6}             # and the unmapped value, per row


def test_default_null_leaves_other_codes_empty(tmp_path):
    m = WO_MAP.replace("cases: {居民新装: 送电时间, 高压新装: 送电时间, 电费查询: 答复时间}",
                       "cases: {居民新装: 送电时间}\n      default: null")
    ws = workspace(tmp_path, m, {"营销工单.csv": WO})
    df = read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders")).set_index("order_id")
    assert df["completed_at"].notna().tolist() == [True, False, False]


CALLS = "话单号,坐席组,来电日期,来电时刻\nC1,CC,2025-01-02,08:00:01\nC2,CC,2025/1/3,23:59:59\n"


def test_combine_a_date_and_a_time(tmp_path):
    ws = workspace(tmp_path, "calls_95598:\n  combine:\n    offered_at: {date: 来电日期, time: 来电时刻}\n",
                   {"calls_95598.csv": CALLS})
    df = read_records("calls_95598", tmp_path, mapping=ws.mapping().get("calls_95598"))
    assert df["offered_at"].astype(str).tolist() == ["2025-01-02 08:00:01", "2025-01-03 23:59:59"]


@pytest.mark.parametrize("row,bad_row,column", [("C3,CC,2025-01-04,\n", 4, "offered_at"), ("C3,CC,,08:00:00\n", 4, "来电日期")])
def test_combine_refuses_half_a_time(tmp_path, row, bad_row, column):
    ws = workspace(tmp_path, "calls_95598:\n  combine:\n    offered_at: {date: 来电日期, time: 来电时刻}\n",
                   {"calls_95598.csv": CALLS + row})
    with pytest.raises(RecordsError) as e:
        read_records("calls_95598", tmp_path, mapping=ws.mapping().get("calls_95598"))
    assert (bad_row, column) in set(zip(e.value.problems["row"], e.value.problems["column"]))


def test_combine_with_both_empty_is_empty_not_refused(tmp_path):
    ws = workspace(tmp_path, "calls_95598:\n  combine:\n    answered_at: {date: 接听日期, time: 接听时刻}\n",
                   {"calls_95598.csv": "话单号,坐席组,振铃时间,接听日期,接听时刻\nC1,CC,2025-01-02 08:00,,\n"})
    df = read_records("calls_95598", tmp_path, mapping=ws.mapping().get("calls_95598"))
    assert df["answered_at"].isna().all()


def test_constant_column(tmp_path):
    ws = workspace(tmp_path, "transcripts:\n  constant: {channel: phone}\n",
                   {"transcripts.csv": "录音编号,窗口编号,录音时间,转写文本\nT1,CC,2025-03-01 09:10,您好\n"})
    df = read_records("transcripts", tmp_path, mapping=ws.mapping().get("transcripts"))
    assert df["channel"].tolist() == ["phone"]


def test_a_constant_outside_the_allowed_values_is_refused(tmp_path):
    with pytest.raises(MappingError, match="telephone"):
        parse_mapping({"transcripts": {"constant": {"channel": "telephone"}}}, "m.yaml")


def test_values_are_matched_after_nfkc_and_case_folding(tmp_path):
    f = pd.DataFrame([["W1", "PW01", " 居民新装 ", "2025-03-03 09:00"], ["W2", "PW01", "FAULT_REPAIR", "2025-03-03 09:00"]])
    km = {"values": {"order_type": {"居民新装": "new_connection_resident"}}}
    out, _ = apply_mapping(f, ["工单号", "窗口编号", "工单类型", "受理时间"], "work_orders", km)
    assert out["order_type"].tolist() == ["new_connection_resident", "fault_repair"]


def test_a_window_value_map_keeps_unmapped_ids(tmp_path):
    f = pd.DataFrame([["W1", "城东", "fault_repair", "2025-03-03 09:00"], ["W2", "PW02", "fault_repair", "2025-03-03 09:00"]])
    out, _ = apply_mapping(f, ["工单号", "窗口编号", "工单类型", "受理时间"], "work_orders",
                           {"values": {"window_id": {"城东": "PW01"}}})
    assert out["window_id"].tolist() == ["PW01", "PW02"]


@pytest.mark.parametrize("header", ["受理时间", " 受理时间 ", "受理时间\u00a0", "受理\u3000时间", "\ufeff受理时间"])
def test_headers_match_after_trimming_and_nfkc(header):
    f = pd.DataFrame([["W1", "PW01", "fault_repair", "2025-03-03 09:00"]])
    out, plan = apply_mapping(f, ["工单号", "窗口编号", "工单类型", header], "work_orders", {})
    assert out["received_at"].tolist() == ["2025-03-03 09:00"] and plan.used[header] == ["received_at"]


def test_fullwidth_and_case_headers_match():
    assert norm("ＯＲＤＥＲ_ＩＤ") == norm("order_id") and norm("Order_Id") == "order_id"
    assert norm("工单号") != norm("工单编号")        # different words stay different


def test_two_headers_on_one_column_are_refused_naming_both():
    f = pd.DataFrame([["W1", "PW01", "fault_repair", "2025-03-03 09:00", "2025-03-01 09:00"]])
    with pytest.raises(InputError) as e:
        apply_mapping(f, ["工单号", "窗口编号", "工单类型", "受理时间", "申请时间"], "work_orders", {}, label="wo.csv")
    msg = str(e.value)
    assert "受理时间" in msg and "申请时间" in msg and "received_at" in msg and "ignore" in msg and e.value.exit_code == 3


def test_an_explicit_mapping_settles_two_aliases():
    f = pd.DataFrame([["W1", "PW01", "fault_repair", "2025-03-03 09:00", "2025-03-01 09:00"]])
    out, plan = apply_mapping(f, ["工单号", "窗口编号", "工单类型", "受理时间", "申请时间"], "work_orders",
                              {"columns": {"申请时间": "received_at"}})
    assert out["received_at"].tolist() == ["2025-03-01 09:00"] and "受理时间" in plan.ignored


def test_ignore_settles_two_aliases():
    f = pd.DataFrame([["W1", "PW01", "fault_repair", "2025-03-03 09:00", "2025-03-01 09:00"]])
    out, plan = apply_mapping(f, ["工单号", "窗口编号", "工单类型", "受理时间", "申请时间"], "work_orders",
                              {"ignore": ["申请时间"]})
    assert out["received_at"].tolist() == ["2025-03-03 09:00"]


def test_duplicate_headers_are_refused_naming_both_columns():
    f = pd.DataFrame([["W1", "W1"]])
    with pytest.raises(InputError, match="列 A .*列 B"):
        apply_mapping(f, ["工单号", "工单号\u00a0"], "work_orders", {})


def test_plan_lists_used_ignored_and_missing():
    f = pd.DataFrame([["W1", "PW01", "fault_repair", "2025-03-03 09:00", "x"]])
    _, plan = apply_mapping(f, ["工单号", "窗口编号", "工单类型", "受理时间", "联系电话"], "work_orders", {})
    assert plan.ignored == ["联系电话"]
    from windoweval.records import contracts
    given = {"order_id", "window_id", "order_type", "received_at"}
    assert set(plan.missing) == set(contracts()["work_orders"].columns) - given
    assert {"customer_id", "due_at", "arrived_at", "completed_at"} <= set(plan.missing)


@pytest.mark.parametrize("raw,fragment", [
    ({"work_order": {}}, "work_orders"),
    ({"work_orders": {"column": {}}}, "columns"),
    ({"work_orders": {"columns": {"工单号": "order_no"}}}, "order_id"),
    ({"work_orders": {"values": {"order_type": {"报修": "repair"}}}}, "fault_repair"),
    ({"work_orders": {"pick": {"received_at": {"cases": {}}}}}, "by"),
    ({"work_orders": {"combine": {"received_at": {"date": "d"}}}}, "time"),
    ({"work_orders": {"header_row": 0}}, "header_row"),
    ({"work_orders": {"encoding": "klingon"}}, "klingon"),
    ({"work_orders": {"columns": {"受理": "received_at"}, "constant": {"received_at": "2025-01-01"}}}, "received_at"),
    (["work_orders"], "work_orders:"),
])
def test_a_wrong_mapping_file_is_refused_with_the_place(raw, fragment):
    with pytest.raises(MappingError) as e:
        parse_mapping(raw, "m.yaml")
    assert fragment in str(e.value) and "m.yaml" in str(e.value) and e.value.exit_code == 3


def test_the_old_mapping_form_still_works():
    km = KindMapping.of("counter_transactions", {"columns": {"办理开始": "started_at"},
                                                 "values": {"business_type": {"居民缴费": "resident_payment"}}})
    assert km.columns == {"办理开始": "started_at"} and km.values["business_type"]["居民缴费"] == "resident_payment"


def test_the_files_a_mapping_names_are_read_together_and_kept_inside(tmp_path):
    head = "工单号,窗口编号,工单类型,受理时间\n"
    ws = workspace(tmp_path, "work_orders:\n  file: 工单_*.csv\n",
                   {"工单_03.csv": head + "W1,PW01,fault_repair,2025-03-01 08:00\n",
                    "工单_04.csv": head + "W2,PW01,fault_repair,2025-04-01 08:00\nW1,PW01,fault_repair,2025-04-01 08:00\n"})
    with pytest.raises(RecordsError) as e:   # W1 in both months: the key is checked across files
        read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders"))
    p = e.value.problems
    assert set(p["file"].str.rsplit("/", n=1).str[-1]) == {"工单_03.csv", "工单_04.csv"}
    (tmp_path / "工单_04.csv").write_text(head + "W2,PW01,fault_repair,2025-04-01 08:00\n", encoding="utf-8")
    assert len(read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders"))) == 2
    ws = workspace(tmp_path, "work_orders:\n  file: ../outside.csv\n", {})
    with pytest.raises(MappingError, match="outside"):
        read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders"))


def test_unknown_windows_refused_when_the_workspace_says_so(tmp_path):
    rows = "工单号,窗口编号,工单类型,受理时间\nW1,PW01,fault_repair,2025-03-01 08:00\nW2,ＰＷ01,fault_repair,2025-03-01 08:00\n"
    ws = workspace(tmp_path, "{}\n", {"work_orders.csv": rows})
    assert len(read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders"))) == 2   # listed, not refused
    ws = workspace(tmp_path, "{}\n", {"work_orders.csv": rows}, extra='unknown_windows = "refuse"')
    # a full-width id is its half-width one (audit21): ＰＷ01 is PW01, known; PW99 is refused
    assert read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders"))["window_id"].tolist() == ["PW01"] * 2
    ws = workspace(tmp_path, "{}\n", {"work_orders.csv": rows.replace("ＰＷ01", "PW99")}, extra='unknown_windows = "refuse"')
    with pytest.raises(RecordsError) as e:
        read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders"))
    p = e.value.problems
    assert p["value"].tolist() == ["PW99"] and p["row"].tolist() == [3]
    ws = workspace(tmp_path, "work_orders:\n  values:\n    window_id: {ＰＷ01: PW01}\n", {"work_orders.csv": rows},
                   extra='unknown_windows = "refuse"')
    assert read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders"))["window_id"].tolist() == ["PW01"] * 2


def test_mapping_is_vectorised_on_a_large_export():
    n = 200_000
    rng = np.random.default_rng(1)
    types = np.array(["居民新装", "高压新装", "电费查询"])[rng.integers(0, 3, n)]
    f = pd.DataFrame({0: np.arange(n).astype(str), 1: "PW01", 2: types, 3: "2025-03-01 08:00", 4: "2025-03-05 08:00"})
    km = {"pick": {"received_at": {"by": "工单类型", "cases": {"高压新装": "签约时间"}, "default": "受理时间"}},
          "values": {"order_type": {"居民新装": "new_connection_resident", "高压新装": "new_connection_other",
                                    "电费查询": "billing_query"}}}
    import time
    t = time.perf_counter()
    out, _ = apply_mapping(f, ["工单号", "窗口编号", "工单类型", "受理时间", "签约时间"], "work_orders", km)
    assert time.perf_counter() - t < 5
    assert (out["received_at"] == "2025-03-05 08:00").sum() == (types == "高压新装").sum()


def test_load_reports_what_it_read(tmp_path):
    ws = workspace(tmp_path, WO_MAP, {"营销工单.csv": WO})
    got = load("work_orders", tmp_path, ws.mapping().get("work_orders"))
    assert len(got.frame) == 3 and got.plans[0].used["工单类型"][0] == "order_type"


def _readme_example():
    from windoweval import paths
    text = (paths.DATA_DIR / "README.md").read_text(encoding="utf-8")
    part = text.split("### 完整示例")[1]
    rows = [r.strip().strip("|").split("|") for r in part.split("\n") if r.startswith("| ")]
    head = [h.strip() for h in rows[0]]
    body = [[c.strip() for c in r] for r in rows[1:] if len(r) == len(head)]
    block = part.split("```yaml\n")[1].split("```")[0]
    return head, body, block


def test_the_worked_example_of_data_readme_loads_as_documented(tmp_path):
    """The README's work-order export (two month sheets and a notes sheet) and its mapping, exactly as printed."""
    head, body, block = _readme_example()
    df = pd.DataFrame(body, columns=head).replace("", None)
    path = tmp_path / "营销工单导出.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as w:
        df.iloc[:3].to_excel(w, sheet_name="3月", index=False)
        df.iloc[3:].to_excel(w, sheet_name="4月", index=False)
        pd.DataFrame({"说明": ["由营销系统导出"]}).to_excel(w, sheet_name="说明", index=False)
    workspace(tmp_path, block, {})
    (tmp_path / "windoweval.toml").write_text(WS.format(extra="").replace(
        '[[windows]]\nid = "CC"', '[[windows]]\nid = "PW02"'), encoding="utf-8")
    from windoweval.records.workspace import load_workspace
    got = load("work_orders", tmp_path, load_workspace(tmp_path).mapping().get("work_orders"))
    out = got.frame.set_index("order_id")
    assert len(out) == len(body) == 6 and [lbl.endswith("[说明]") for lbl, _ in got.ignored] == [True]
    assert str(out.loc["GD2503002", "received_at"]) == "2025-03-10 10:00:00"      # acceptance and contract
    assert str(out.loc["GD2503005", "received_at"]) == "2025-03-02 11:00:00"      # cause of the outage cleared
    assert str(out.loc["GD2503005", "completed_at"]) == "2025-03-02 11:20:00"
    assert str(out.loc["GD2503006", "completed_at"]) == "2025-03-03 10:00:00"     # the written reply
    assert str(out.loc["GD2503003", "arrived_at"]) == "2025-03-01 20:40:00" and pd.isna(out.loc["GD2503003", "completed_at"])
    assert out["window_id"].tolist() == ["PW01", "PW01", "PW02", "PW02", "PW01", "PW02"]
    assert "联系电话" not in got.plans[0].used and "联系电话" in got.plans[0].ignored


def test_codes_that_look_like_numbers_or_booleans_stay_codes(tmp_path):
    """A code 01, 010, 1.0 or on in mapping.yaml is the code the export writes, not a number or a boolean."""
    m = """work_orders:
  header_row: 1
  values:
    order_type: {01: fault_repair, 010: meter_fault, 1.0: billing_query, on: appointment}
  pick:
    completed_at: {by: 工单类型, cases: {01: 完成时间}, default: ~}
"""
    rows = "工单号,窗口编号,工单类型,受理时间,完成时间\n" + "".join(
        f"W{i},PW01,{c},2025-03-01 08:00,2025-03-01 09:00\n" for i, c in enumerate(["01", "010", "1.0", "on"]))
    ws = workspace(tmp_path, m, {"work_orders.csv": rows})
    df = read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders"))
    assert df["order_type"].tolist() == ["fault_repair", "meter_fault", "billing_query", "appointment"]
    assert df["completed_at"].notna().tolist() == [True, False, False, False]


def test_an_empty_section_is_no_mapping(tmp_path):
    ws = workspace(tmp_path, "work_orders:\n", {"work_orders.csv": "工单号,窗口编号,工单类型,受理时间\nW1,PW01,fault_repair,2025-03-01\n"})
    assert len(read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders"))) == 1


def test_sequence_numbers_rows_within_each_group_in_file_order():
    """A transcript export with one turn per row and no turn number: the turns numbered per recording."""
    from windoweval.records import contracts
    col = "turn" if "turn" in contracts()["transcripts"].columns else "staff_id"
    f = pd.DataFrame([["T1", "CC", "2025-03-01 09:10", "坐席", "您好"], ["T2", "CC", "2025-03-01 09:20", "坐席", "您好"],
                      ["T1", "CC", "2025-03-01 09:10", "客户", "查电费"], ["T1", "CC", "2025-03-01 09:10", "坐席", "请稍等"]])
    out, plan = apply_mapping(f, ["录音编号", "窗口编号", "录音时间", "角色", "内容"], "transcripts",
                              {"sequence": {col: "录音编号"}, "columns": {"内容": "text"}, "constant": {"channel": "phone"}})
    assert out[col].tolist() == ["1", "1", "2", "3"] and plan.used["录音编号"][-1].startswith(col)
    out, _ = apply_mapping(f, ["录音编号", "窗口编号", "录音时间", "角色", "内容"], "transcripts", {"sequence": {col: None}})
    assert out[col].tolist() == ["1", "2", "3", "4"]
    with pytest.raises(MappingError, match="recorded_at"):
        parse_mapping({"transcripts": {"sequence": {"recorded_at": "录音编号"}}}, "m.yaml")


def test_without_a_mapping_argument_the_workspace_mapping_applies(tmp_path):
    """Callers that only know the data directory (review, the engine's store check) find the file mapping.yaml names."""
    from windoweval.records import find_file
    workspace(tmp_path, WO_MAP, {"营销工单.csv": WO})
    assert find_file("work_orders", tmp_path).name == "营销工单.csv"
    assert read_records("work_orders", tmp_path)["order_type"].tolist()[0] == "new_connection_resident"
    assert find_file("work_orders", tmp_path, {}) is None          # {}: explicitly no mapping


def test_drop_removes_total_rows_and_counts_them(tmp_path):
    rows = ("工单号,窗口编号,工单类型,受理时间\nW1,PW01,fault_repair,2025-03-01 08:00\n合计,,,\n"
            "W2,PW01,fault_repair,不是时间\n")
    ws = workspace(tmp_path, "work_orders:\n  drop: {工单号: [合计, 总计]}\n", {"work_orders.csv": rows})
    with pytest.raises(RecordsError) as e:   # the rows after a dropped one keep their numbers
        read_records("work_orders", tmp_path, mapping=ws.mapping().get("work_orders"))
    assert e.value.problems["row"].tolist() == [4]
    (tmp_path / "work_orders.csv").write_text(rows.replace("不是时间", "2025-03-02 08:00"), encoding="utf-8")
    got = load("work_orders", tmp_path, ws.mapping().get("work_orders"))
    assert got.frame["order_id"].tolist() == ["W1", "W2"] and got.plans[0].dropped == {"工单号=合计": 1}
    from windoweval.cli import main
    import io
    from contextlib import redirect_stdout
    so = io.StringIO()
    with redirect_stdout(so):
        assert main(["records", "check", "--data", str(tmp_path)]) == 0
    assert "工单号=合计 (1 行 / rows)" in so.getvalue()


HIS = ("流水号,执行科室,业务类型,病人类型,处方付数,缴费时间,处方接收时间,标本接收时间,打印发票时间,发药时间,报告发布时间,仪器故障\n"
       "H1,HBIL,收费,门诊,,2025-04-08 09:00:00,,,2025-04-08 09:03:00,,,\n"
       "H2,HPHA,西药,门诊,,,2025-04-08 09:10:00,,,2025-04-08 09:25:00,,\n"
       "H3,HPHA,中药,住院,7,,2025-04-08 09:10:00,,,2025-04-08 10:05:00,,\n"
       "H4,HLAB,生化,急诊,,,,2025-04-08 09:12:00,,,2025-04-08 14:05:00,是\n")
HIS_MAP = """hospital_events:
  file: HIS导出.csv
  columns: {执行科室: window_id, 业务类型: event_type, 病人类型: patient_kind, 处方付数: doses, 仪器故障: exempt}
  pick:
    started_at:
      by: event_type
      cases: {billing: 缴费时间, prescription_western: 处方接收时间, prescription_chinese: 处方接收时间,
              lab_biochem_immuno: 标本接收时间}
    finished_at:
      by: 业务类型
      cases: {收费: 打印发票时间, 西药: 发药时间, 中药: 发药时间, 生化: 报告发布时间}
  values:
    event_type: {收费: billing, 西药: prescription_western, 中药: prescription_chinese, 生化: lab_biochem_immuno}
    patient_kind: {门诊: outpatient, 急诊: emergency, 住院: inpatient}
"""


def test_a_hospital_his_export_loads_through_the_mapping_alone(tmp_path):
    ws = workspace(tmp_path, HIS_MAP, {"HIS导出.csv": HIS})
    df = read_records("hospital_events", tmp_path, mapping=ws.mapping().get("hospital_events")).set_index("event_id")
    assert df["event_type"].tolist() == ["billing", "prescription_western", "prescription_chinese", "lab_biochem_immuno"]
    minutes = (df["finished_at"] - df["started_at"]).dt.total_seconds() / 60
    assert minutes.tolist() == [3, 15, 55, 293]
    assert df.loc["H3", "doses"] == 7 and bool(df.loc["H4", "exempt"]) and df.loc["H4", "patient_kind"] == "emergency"


def test_combine_reads_a_time_written_as_a_fraction_of_a_day(tmp_path):
    ws = workspace(tmp_path, "calls_95598:\n  combine:\n    offered_at: {date: 来电日期, time: 来电时刻}\n",
                   {"calls_95598.csv": "话单号,坐席组,来电日期,来电时刻\nC1,CC,2025-01-02,0.375\nC2,CC,2025-01-02,0\n"
                                       "C3,CC,2025-01-02 00:00:00,1899-12-30 23:59:59\n"})
    df = read_records("calls_95598", tmp_path, mapping=ws.mapping().get("calls_95598"))
    assert df["offered_at"].astype(str).tolist() == ["2025-01-02 09:00:00", "2025-01-02 00:00:00", "2025-01-02 23:59:59"]


CALL_EXPORT = ("流水号,来电日期,振铃时刻,应答时刻,坐席号\nL1,2025-01-02,08:00:01,08:00:09,A1\nL2,2025-01-02,08:01:00,,\n"
               "L3,2025-01-02,23:59:55,00:00:04,A2\n")


def test_one_date_for_several_times_and_a_call_past_midnight(tmp_path):
    m = """calls_95598:
  columns: {流水号: call_id, 坐席号: agent_id}
  constant: {window_id: CC}
  combine:
    offered_at: {date: 来电日期, time: 振铃时刻}
    answered_at: {date: 来电日期, time: 应答时刻, after: offered_at}
"""
    ws = workspace(tmp_path, m, {"calls_95598.csv": CALL_EXPORT})
    df = read_records("calls_95598", tmp_path, mapping=ws.mapping().get("calls_95598")).set_index("call_id")
    assert pd.isna(df.loc["L2", "answered_at"])                          # a date and no time: never answered
    assert str(df.loc["L3", "answered_at"]) == "2025-01-03 00:00:04"      # after offered_at: the next day
    assert (df["answered_at"] - df["offered_at"]).dt.total_seconds().dropna().tolist() == [8, 9]


def test_records_map_proposes_the_shared_date_with_after(tmp_path):
    from windoweval.records.propose import propose
    (tmp_path / "calls.csv").write_text(CALL_EXPORT, encoding="utf-8")
    import yaml
    prop = yaml.safe_load(propose(tmp_path / "calls.csv", "calls_95598"))["calls_95598"]
    assert prop["combine"]["offered_at"] == {"date": "来电日期", "time": "振铃时刻"}
    assert prop["combine"]["answered_at"] == {"date": "来电日期", "time": "应答时刻", "after": "offered_at"}
