"""Outage exports as distribution systems (OMS, 停电管理, 95598 停电信息) write them: one row per OUTAGE EVENT, not
per customer and outage as the contract has it (outage35).

* the affected customers listed in one cell (户号 separated by ; 、 , or line breaks): ``split`` in mapping.yaml makes
  a record per customer, each keeping the file's row, so a refusal still names the file's own row and the list's
  header; with ``count`` (影响户数) a list shorter or longer than its count is refused, as is a list holding words
  (a name, 等), never shown;
* only a count (影响户数), no customer: ``constant: {customer_id: null}`` reads each event with its customers blank.
  The clauses per customer (6.2.1 reliability, 6.2.2 planned outages a year) read such an outage as an unknown unit,
  insufficient evidence (证据不足), never as one customer (before: ``null`` became the customer "None" and 6.2.1 passed
  or failed on it); the outage's own clauses (the 7-day notice, the restoration) are judged, and `score` says what to
  export.

The verdicts are the per-customer export's: the same outages written both ways score alike (hand-counted below).
"""
import numpy as np
import pandas as pd
import pytest

from tests._workspace import ROOT, run_cli, write_workspace
from windoweval.records import read_records

POWER = (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall"),
         ("PW03", "城南营业厅", "power_hall"))
PARAMS = '\n[params."power_window.6.2.1"]\nmin_rate = 0.999\n'   # 8.76 hours out in 2025 at most

HEAD = "停电编号,供电单位,停电类型,电压等级,公告时间,停电开始时间,原因消除时间,送电时间,停电线路,影响户数"
# TD1: 7 h 20 min, announced 8 days ahead; TD2: 4 h 20 min (fault); TD3: 4 h 10 min, announced 2 days ahead (a miss);
# TD4: 8 h 30 min, 9 days ahead; TD5: 2 h (fault). 3001 is out 11 h 40 min (TD1 + TD2) and 3201 10 h 30 min (TD4 +
# TD5): both over 8.76 h, so 6.2.1 fails PW01 (3 of 4 customers) and PW03 (1 of 2); PW02's four pass.
EVENTS = [
    ("TD2025-001", "PW01", "计划停电", "10kV", "2025-03-01 10:00", "2025-03-09 08:00", "2025-03-09 15:00",
     "2025-03-09 15:20", "10kV东一线", ["3001", "3002", "3003"]),
    ("TD2025-002", "PW01", "故障停电", "10kV", "", "2025-04-12 14:10", "2025-04-12 18:00", "2025-04-12 18:30",
     "10kV东二线", ["3001", "3004"]),
    ("TD2025-003", "PW02", "计划停电", "10kV", "2025-05-10 09:00", "2025-05-12 08:00", "2025-05-12 12:00",
     "2025-05-12 12:10", "10kV西一线", ["3101", "3102", "3103", "3104"]),
    ("TD2025-004", "PW03", "计划停电", "35kV", "2025-06-01 09:00", "2025-06-10 08:00", "2025-06-10 16:00",
     "2025-06-10 16:30", "35kV南线", ["3201"]),
    ("TD2025-005", "PW03", "故障停电", "35kV", "", "2025-07-01 08:00", "2025-07-01 09:30", "2025-07-01 10:00",
     "35kV南线", ["3201", "3202"]),
]
SEPS = [";", "、", ",", "\n", "；"]
VALUES = """  values:
    outage_kind: {计划停电: planned, 故障停电: fault}
    voltage_class: {10kV: kv10, 35kV: kv35_plus}
"""
LISTED = ("outages:\n  file: 停电事件.csv\n  columns: {供电单位: window_id, 送电时间: restored_at}\n"
          "  split: {customer_id: {from: 停电用户, count: 影响户数}}\n  ignore: [停电线路]\n" + VALUES)
COUNTED = ("outages:\n  file: 停电事件.csv\n  columns: {供电单位: window_id, 送电时间: restored_at}\n"
           "  constant: {customer_id: null}\n  ignore: [停电线路, 影响户数]\n" + VALUES)
PER_CUSTOMER = ("outages:\n  file: 停电用户.csv\n  columns: {供电单位: window_id, 送电时间: restored_at}\n"
                "  ignore: [停电线路]\n" + VALUES)


def _cell(v: str) -> str:
    return '"' + v.replace('"', '""') + '"' if any(x in v for x in ',"\n') else v


def _listed(events=EVENTS, cells=None) -> str:
    lines = [HEAD + ",停电用户"]
    for i, e in enumerate(events):
        cell = SEPS[i % len(SEPS)].join(e[9]) if cells is None else cells[i]
        lines.append(",".join(map(_cell, [*e[:9], str(len(e[9])), cell])))
    return "\n".join(lines) + "\n"


def _counted(events=EVENTS) -> str:
    return "\n".join([HEAD] + [",".join(map(_cell, [*e[:9], str(len(e[9]))])) for e in events]) + "\n"


def _per_customer(events=EVENTS) -> str:
    head = HEAD.replace("停电线路,影响户数", "停电线路,户号")
    return "\n".join([head] + [",".join(map(_cell, [*e[:9], c])) for e in events for c in e[9]]) + "\n"


def _ws(path, name: str, text: str, mapping: str):
    d = write_workspace(path, POWER)
    with open(d / "windoweval.toml", "a", encoding="utf-8") as f:
        f.write(PARAMS)
    (d / name).write_text(text, encoding="utf-8")
    (d / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return d


def _verdicts(d) -> dict:
    import windoweval as we

    r = we.score("power_window", year=2025, data=d).results
    r = r[r["record_kind"] == "outages"]
    return {(m, w): v for m, w, v in zip(r["measure"], r["window_id"], r["verdict"])}


def test_a_list_cell_is_a_record_per_customer_on_its_row(tmp_path):
    d = _ws(tmp_path, "停电事件.csv", _listed(), LISTED)
    df = read_records("outages", d)
    assert list(zip(df["outage_id"], df["customer_id"])) == [
        (e[0], c) for e in EVENTS for c in e[9]]
    # the other cells repeated for each customer: the event's window, times and kind
    assert df.groupby("outage_id")["window_id"].nunique().eq(1).all()
    assert df.loc[df["outage_id"] == "TD2025-003", "outage_kind"].astype(str).tolist() == ["planned"] * 4


def test_the_list_scores_as_the_per_customer_export_does(tmp_path):
    listed = _verdicts(_ws(tmp_path / "a", "停电事件.csv", _listed(), LISTED))
    per_customer = _verdicts(_ws(tmp_path / "b", "停电用户.csv", _per_customer(), PER_CUSTOMER))
    assert listed == per_customer
    # hand-counted: 3001 out 11 h 40 min, 3201 10 h 30 min (over 8.76 h); TD3 announced 2 days ahead
    assert [listed[("power_window.6.2.1", w)] for w in ("PW01", "PW02", "PW03")] == ["fail", "pass", "fail"]
    assert [listed[("power_window.10.2.10", w)] for w in ("PW01", "PW02", "PW03")] == ["pass", "fail", "pass"]


def test_check_says_rows_and_records_and_the_count_is_read(tmp_path):
    p = run_cli("records", "check", "--data", str(_ws(tmp_path, "停电事件.csv", _listed(), LISTED)), cwd=ROOT)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "outages: 5 行 / rows, 12 条记录 / records" in p.stdout
    assert "停电用户 → customer_id: 5 行 → 12 条记录" in p.stdout
    assert "影响户数 → customer_id 的个数" in p.stdout


def test_a_list_against_its_count_or_with_words_is_refused_on_its_row(tmp_path):
    cells = ["3001;3002", "3001、3004", "3101;3102;3102;3103;3104", "3201张三", "3201,3202"]
    ev = [e if i != 2 else (*e[:9], ["3101", "3102", "3102", "3103", "3104"]) for i, e in enumerate(EVENTS)]
    d = _ws(tmp_path, "停电事件.csv", _listed(ev, cells), LISTED)
    p = run_cli("records", "check", "--data", str(d), cwd=ROOT)
    assert p.returncode == 3, p.stdout + p.stderr
    out = p.stdout + p.stderr
    assert "Traceback" not in out
    lines = [x for x in out.splitlines() if "| 列 column 停电用户" in x]
    # row 2: 2 listed, 影响户数 3; row 4: 3102 listed twice; row 5: a name among the ids (never shown)
    assert any(x.startswith("  第 2 行 row 2") and "列出 2 个,影响户数 为 3" in x for x in lines), out
    assert any(x.startswith("  第 4 行 row 4") and "'3102'" in x and "两次" in x for x in lines), out
    assert any(x.startswith("  第 5 行 row 5") and "汉字" in x for x in lines), out
    assert "张三" not in out


def test_a_count_alone_reads_insufficient_per_customer_and_judges_the_event(tmp_path):
    counted = _verdicts(_ws(tmp_path / "a", "停电事件.csv", _counted(), COUNTED))
    per_customer = _verdicts(_ws(tmp_path / "b", "停电用户.csv", _per_customer(), PER_CUSTOMER))
    for (m, w), v in counted.items():
        if m.startswith(("power_window.6.2.1", "power_window.6.2.2")):
            # never a pass (nor a fail) on customers nobody listed
            assert v in ("insufficient", "no_data"), (m, w, v)
            assert per_customer[(m, w)] == "no_data" or v == "insufficient", (m, w, v)
        else:   # the notice and the restoration: the outage's own, judged as the per-customer export judges them
            assert v == per_customer[(m, w)], (m, w, v)
    assert counted[("power_window.6.2.1", "PW02")] == "insufficient"
    assert counted[("power_window.10.2.10", "PW02")] == "fail"


def test_score_says_what_to_export(tmp_path):
    d = _ws(tmp_path, "停电事件.csv", _counted(), COUNTED)
    p = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out", str(d / "out"),
                cwd=ROOT)
    assert p.returncode == 0, p.stdout + p.stderr
    blank = pd.read_csv(d / "out" / "power_window_blank_columns.csv")
    assert set(blank.loc[blank["column"] == "customer_id", "measure"]) >= {"power_window.6.2.1"}
    assert "split: {customer_id:" in p.stdout and "证据不足" in p.stdout


def test_a_blank_list_leaves_its_window_short_of_evidence(tmp_path):
    cells = [";".join(e[9]) for e in EVENTS]
    cells[2] = ""   # TD3's customers not listed: PW02 has no other outage
    ev = [e if i != 2 else (*e[:9], []) for i, e in enumerate(EVENTS)]
    d = _ws(tmp_path, "停电事件.csv", _listed(ev, cells), LISTED)
    got = _verdicts(d)
    assert got[("power_window.6.2.1", "PW02")] == "insufficient"
    assert got[("power_window.10.2.10", "PW02")] == "fail"    # the notice is the outage's: judged all the same
    p = run_cli("records", "check", "--data", str(d), cwd=ROOT)
    assert p.returncode == 0 and "1 行未列出任何值" in p.stdout, p.stdout + p.stderr


def test_the_per_customer_kernels_keep_an_unlisted_outage_as_an_unknown_unit():
    from windoweval.kernels.counts import count_limit
    from windoweval.kernels.values import reliability

    df = pd.DataFrame({"window_id": ["w", "w", "v"], "c": ["x", None, None], "o": ["1", "2", "3"],
                       "s": pd.to_datetime(["2025-03-01 08:00", "2025-03-02 08:00", "2025-03-03 08:00"]),
                       "e": pd.to_datetime(["2025-03-01 09:00", "2025-03-02 09:00", "2025-03-03 09:00"])})
    r = reliability(df, "c", "s", "e", min_rate=0.999, year=2025)
    assert r.tolist() == [True, pd.NA, pd.NA]
    assert r.index.get_level_values("window_id").tolist() == ["w", "w", "v"]
    k = count_limit(df, "c", "s", 3, distinct="o")
    assert k.tolist() == [True, pd.NA, pd.NA]


def test_null_constant_only_where_the_column_may_be_blank():
    from windoweval.records.mapping import MappingError, parse_mapping

    assert parse_mapping({"outages": {"constant": {"customer_id": None}}}, "m.yaml")["outages"].constant == {
        "customer_id": None}
    with pytest.raises(MappingError, match="outage_id"):
        parse_mapping({"outages": {"constant": {"outage_id": None}}}, "m.yaml")


def test_a_customer_detail_file_is_refused_with_what_to_export(tmp_path):
    # the outages and a second file of 停电编号, 户号 only, named together: never joined, never read as records
    d = _ws(tmp_path, "停电事件.csv", _counted(), COUNTED.replace("file: 停电事件.csv",
                                                                  "file: [停电事件.csv, 停电用户明细.csv]"))
    (d / "停电用户明细.csv").write_text("停电编号,户号\nTD2025-001,3001\nTD2025-001,3002\n", encoding="utf-8")
    p = run_cli("records", "check", "--data", str(d), cwd=ROOT)
    assert p.returncode == 3, p.stdout + p.stderr
    assert "Traceback" not in p.stdout + p.stderr
    assert "这个文件只有编号列(停电编号、客户编号),是一份明细" in p.stdout
    assert "export one row per customer with the outage's own columns" in p.stdout


def test_an_event_export_without_customers_is_told_split_or_null(tmp_path):
    d = _ws(tmp_path, "停电事件.csv", _counted(), COUNTED.replace("  constant: {customer_id: null}\n", ""))
    p = run_cli("records", "check", "--data", str(d), cwd=ROOT)
    assert p.returncode == 3, p.stdout + p.stderr
    assert "`split: {customer_id: 该列表头}`" in p.stdout and "`constant: {customer_id: null}`" in p.stdout
    assert "never map another column (a line, a count) onto customer_id" in p.stdout


def test_a_list_read_as_one_customer_is_refused_with_split(tmp_path):
    # 停电用户 mapped as a plain column: "3001;3002;3003" would be one customer of 6.2.1
    mapping = LISTED.replace("  split: {customer_id: {from: 停电用户, count: 影响户数}}\n", "").replace(
        "送电时间: restored_at}", "送电时间: restored_at, 停电用户: customer_id}").replace("[停电线路]", "[停电线路, 影响户数]")
    d = _ws(tmp_path, "停电事件.csv", _listed(), mapping)
    p = run_cli("records", "check", "--data", str(d), cwd=ROOT)
    assert p.returncode == 3, p.stdout + p.stderr
    rows = [x for x in p.stdout.splitlines() if "| 列 column 停电用户 |" in x and "split: {customer_id: 停电用户}" in x]
    assert [x.split("|")[0].strip() for x in rows] == ["第 2 行 row 2", "第 3 行 row 3", "第 4 行 row 4",
                                                         "第 6 行 row 6"], p.stdout  # row 5 lists one; row 4 spans lines
    assert "3001;3002" not in p.stdout


def test_a_name_listed_twice_is_never_shown(tmp_path):
    cells = ["3001;3002;3003", "王五、王五", "3101;3102;3103;3104", "3201", "3201,3202"]
    d = _ws(tmp_path, "停电事件.csv", _listed(cells=cells), LISTED)
    p = run_cli("records", "check", "--data", str(d), cwd=ROOT)
    assert p.returncode == 3 and "汉字" in p.stdout, p.stdout + p.stderr
    assert "王五" not in p.stdout + p.stderr


def test_check_says_a_blank_customer_reads_insufficient(tmp_path):
    p = run_cli("records", "check", "--data", str(_ws(tmp_path, "停电事件.csv", _counted(), COUNTED)), cwd=ROOT)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "customer_id: 每条记录为空(constant null)" in p.stdout and "will read insufficient evidence" in p.stdout


def test_split_is_refused_on_dask_never_read_as_one_customer(tmp_path):
    # outages.csv read by Dask's own CSV reader (no `file` entry): a list must not become one customer there
    d = _ws(tmp_path, "outages.csv", _listed(), LISTED.replace("  file: 停电事件.csv\n", ""))
    p = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out", str(d / "out"),
                "--scheduler", "local", cwd=ROOT)
    assert p.returncode == 3, p.stdout + p.stderr
    assert "split" in p.stderr + p.stdout and "records import outages" in p.stderr + p.stdout
    assert "Traceback" not in p.stderr


def test_only_the_outages_customer_detail_is_called_one():
    # a checklist's visit_id and item alone are no customer detail: its missing columns refused as ever, no word
    # of outages
    from types import SimpleNamespace as T

    from windoweval.records.contract import contracts
    from windoweval.records.files import _detail_problem

    t = T(label="检查.csv", first_row=2, headers=["visit_id", "item"])
    assert _detail_problem(t, None, contracts()["inspections"], ["window_id", "visited_at", "result"]) == []
    t = T(label="停电用户明细.csv", first_row=2, headers=["停电编号", "户号"])
    assert [p["code"] for p in _detail_problem(t, None, contracts()["outages"], ["start_at"])] == ["detail_file"]
