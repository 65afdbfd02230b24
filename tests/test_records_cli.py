"""``records check`` explains every header and window; ``records map`` proposes a mapping; the bad-input corpus of
records and workspace files is refused clearly (run here in-process; tests/test_bad_inputs.py runs it as a user would)."""
from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml

from windoweval.cli import main
from windoweval.errors import EXIT_BUG

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "bad_inputs" / "records").glob("*/case.yaml")) + \
    sorted((HERE / "bad_inputs" / "workspace").glob("*/case.yaml"))


def run(*args):
    so, se = io.StringIO(), io.StringIO()
    with redirect_stdout(so), redirect_stderr(se):
        code = main(list(args))
    return code, so.getvalue() + se.getvalue()


WS = """name = "t"
mapping_file = "mapping.yaml"

[[windows]]
id = "PW01"
name = "a"
kind = "power_hall"
"""
EXPORT = ("工单编号,供电单位,工单类型,受理时间,验收合格及签订合同时间,送电时间,答复时间,到达时间,联系电话\n"
          "W1,PW01,居民新装,2025-03-03 09:00,,2025-03-06 10:00,,,x\n"
          "W2,PW01,高压新装,2025-03-01 09:00,2025-03-10 10:00,2025-03-14 16:00,,,x\n"
          "W3,PW01,电费查询,2025-06-02 09:00,,,2025-06-03 10:00,,x\n"
          "W4,PW01,故障报修,2025-06-02 09:00,,,,2025-06-02 09:40,x\n"
          "W5,ＰＷ01,故障报修,2025-06-02 09:00,,,,2025-06-02 09:40,x\n")


def test_check_lists_headers_used_ignored_missing_and_unknown_windows(tmp_path):
    (tmp_path / "windoweval.toml").write_text(WS, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text("""work_orders:
  file: 营销工单.csv
  columns: {工单编号: order_id, 供电单位: window_id}
  pick:
    completed_at: {by: 工单类型, cases: {居民新装: 送电时间, 高压新装: 送电时间, 电费查询: 答复时间}, default: null}
  values:
    order_type: {居民新装: new_connection_resident, 高压新装: new_connection_other, 电费查询: billing_query,
                 故障报修: fault_repair}
""", encoding="utf-8")
    (tmp_path / "营销工单.csv").write_text(EXPORT, encoding="utf-8")
    code, out = run("records", "check", "--data", str(tmp_path))
    assert code == 0, out
    assert "work_orders: 5" in out
    assert "工单编号 → order_id" in out and "送电时间 → completed_at(工单类型=居民新装)" in out
    assert "headers ignored (2): 验收合格及签订合同时间, 联系电话" in out
    from windoweval.records import contracts
    given = {"order_id", "window_id", "order_type", "received_at", "completed_at", "arrived_at"}
    missing = [c for c in contracts()["work_orders"].columns if c not in given]
    assert f"contract columns not found ({len(missing)}): {', '.join(missing)}" in out
    # a full-width window id is the same window (audit21: ids are read half-width, and records check says so)
    assert "→ window_id: 1 格 / cells (ＰＷ01 → PW01)" in out and "window ids the workspace does not know" not in out


def test_check_exits_3_when_a_file_is_refused_and_goes_on_to_the_next_kind(tmp_path):
    (tmp_path / "windoweval.toml").write_text(WS.replace('mapping_file = "mapping.yaml"\n', ""), encoding="utf-8")
    (tmp_path / "work_orders.csv").write_bytes(b"")
    (tmp_path / "staff_roster.csv").write_text("工号,窗口编号,英语会话,手语服务\n1,PW01,是,否\n", encoding="utf-8")
    code, out = run("records", "check", "--data", str(tmp_path))
    assert code == 3 and "✗ work_orders" in out and "✓ staff_roster: 1" in out


def test_map_proposes_a_mapping_that_loads_once_reviewed(tmp_path):
    (tmp_path / "营销工单.csv").write_text(EXPORT.replace("ＰＷ01", "PW01"), encoding="utf-8")
    code, text = run("records", "map", str(tmp_path / "营销工单.csv"), "--kind", "work_orders")
    assert code == 0, text
    prop = yaml.safe_load(text)["work_orders"]
    assert prop["file"] == "营销工单.csv"
    assert prop["columns"]["工单编号"] == "order_id" and prop["columns"]["工单类型"] == "order_type"
    # several completion headers: a pick by order type, each code's most-filled header
    assert prop["pick"]["completed_at"]["by"] == "工单类型"
    cases = prop["pick"]["completed_at"]["cases"]
    assert cases["居民新装"] == "送电时间" and cases["电费查询"] == "答复时间" and cases["故障报修"] is None
    assert prop["values"]["order_type"]["高压新装"] == "new_connection_other"
    assert prop["values"]["order_type"]["故障报修"] == "fault_repair"
    assert prop["columns"]["供电单位"] == "window_id" and "常见表头 / a common export header" in text   # a hint, marked
    assert "contract columns not found: customer_id" in text   # what it could not find is said
    # kept as proposed, it loads
    (tmp_path / "mapping.yaml").write_text(yaml.safe_dump({"work_orders": prop}, allow_unicode=True), encoding="utf-8")
    (tmp_path / "windoweval.toml").write_text(WS, encoding="utf-8")
    code, out = run("records", "check", "--data", str(tmp_path))
    assert code == 0 and "work_orders: 5" in out, out


def test_map_leaves_unknown_codes_as_todo_which_check_refuses(tmp_path):
    (tmp_path / "x.csv").write_text("工单号,窗口编号,工单类型,受理时间\nW1,PW01,销户,2025-03-01 08:00\n", encoding="utf-8")
    code, text = run("records", "map", str(tmp_path / "x.csv"), "--kind", "work_orders", "--out", str(tmp_path / "p.yaml"))
    assert code == 0
    prop = yaml.safe_load((tmp_path / "p.yaml").read_text(encoding="utf-8"))
    assert prop["work_orders"]["values"]["order_type"]["销户"] == "TODO"
    assert run("records", "map", str(tmp_path / "x.csv"), "--kind", "work_orders", "--out", str(tmp_path / "p.yaml"))[0] == 2


def test_map_proposes_combine_for_a_date_and_a_time(tmp_path):
    (tmp_path / "calls.csv").write_text("话单号,坐席组,来电日期,来电时刻\nC1,CC,2025-01-02,08:00:01\n", encoding="utf-8")
    code, text = run("records", "map", str(tmp_path / "calls.csv"), "--kind", "calls_95598")
    assert yaml.safe_load(text)["calls_95598"]["combine"]["offered_at"] == {"date": "来电日期", "time": "来电时刻"}


@pytest.mark.parametrize("args", [["records", "map", "x.csv"], ["records", "map", "--kind", "work_orders"],
                                  ["records", "map", "x.csv", "--kind", "work_order"]])
def test_map_usage(args):
    assert run(*args)[0] == 2


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.parent.name}/{c.parent.name}" for c in CASES])
def test_bad_input_corpus(case, tmp_path):
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    d = tmp_path / case.parent.name
    shutil.copytree(case.parent, d)
    code, out = run(*[a.replace("{case}", str(d)) for a in spec["args"]])
    assert code != EXIT_BUG and "Traceback" not in out, out
    assert code == spec["exit"], out
    missing = [f for f in spec.get("stderr_contains", []) if f not in out]
    assert not missing, out


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30
