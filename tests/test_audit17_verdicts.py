"""Verdicts on evidence, round five (seventeenth audit): what the last round noticed and left, worked by hand.

- A cell whose records all lack evidence is ``insufficient`` (records there are, without what the rule needs), not
  ``no_data`` (no record); a window with no record at all stays ``no_data``, also for the hour slots of 24-hour
  service.  ``windoweval score`` prints such a cell as ``?`` alone and writes the records behind it
  (``<name>_missing_evidence.parquet``/``.csv``) beside the missed ones, whose files are untouched.
- 标准1 第十条(二)2 其他客户在受电装置验收合格并签订供用电合同后5个工作日内送电: an order filed but not yet accepted
  (``received_at`` blank) has not started its clock: open, and the export is read (it was refused whole).  Blank with
  a completion it is missing evidence; a row with neither a filing nor a clock start belongs to no year and is
  refused by its row.
- 第十条(二)9 引起停电或限电的原因消除后1个工作日内恢复供电: an outage with neither cause-cleared nor restored time
  cannot be late before 1 working day from its start has passed (open), and after that whether it was is unknown
  (missing evidence): it was missing evidence at any cut-off.
- 第十三条(五) 对客户投诉在5天内答复: a complaint the customer withdrew (撤诉) owes no reply after its withdrawal: withdrawn
  within the 5 days it is not assessed, after them it was overdue (missed), at an unrecorded time missing evidence.
  It counted as overdue in every case.
- Rows dropped for a blank population column are shown on the annual report page (count and reason).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from windoweval.records import RecordsError, validate
from windoweval.scoring import score

from _workspace import HALL, POWER, run_cli, workspace, write_workspace

ROOT = Path(__file__).parents[1]


def _row(card, measure: str, window: str) -> dict:
    r = card.results.set_index(["measure", "window_id"]).loc[(measure, window)]
    # a measure judged over units (hour slots, crowded snapshots) counts them under units, records <NA> (left19v)
    r = r.copy()
    r["records"] = r["units"] if r["records"] is pd.NA else r["records"]
    return {c: (r[c] if c == "verdict" else int(r[c]))
            for c in ("records", "n", "met", "open", "missing_evidence", "verdict")}


# -- 1. all without evidence: insufficient, not no_data --------------------------------------------------------

def _calls_blank(n: int) -> pd.DataFrame:
    t = pd.Timestamp("2025-06-02 09:00:00")
    return pd.DataFrame({"call_id": [f"X{i}" for i in range(n)], "window_id": "CC95598",
                         "offered_at": [t + pd.Timedelta(minutes=i) for i in range(n)],
                         "answered_at": None, "hung_up_at": None})


def test_a_cell_whose_records_all_lack_evidence_is_insufficient_not_no_data():
    """Three calls with neither an answer nor a hang-up time (whether each caller left within the 12 s is unknown):
    records 3, none assessed, 3 missing evidence: insufficient (it read no_data, as a hall with no call at all)."""
    calls = validate(_calls_blank(3), "calls_95598", file="acd.csv")
    card = score("power_window", 2025, data=".", workspace=workspace(POWER), records={"calls_95598": calls})
    assert _row(card, "power_window.10.2.6", "CC95598") == {
        "records": 3, "n": 0, "met": 0, "open": 0, "missing_evidence": 3, "verdict": "insufficient"}
    # a window with no record at all is no data, and its 24 hours are no missing evidence (the halls' fault-repair
    # hours: since the twenty-ninth audit the 95598 hours apply to the call centre alone, not to a hall)
    assert _row(card, "power_window.10.1.2#repair", "PW01")["verdict"] == "no_data"
    assert _row(card, "power_window.10.1.2#repair", "PW01")["missing_evidence"] == 0
    assert not ((card.results["measure"] == "power_window.10.1.2#calls") & (card.results["window_id"] == "PW01")).any()
    w = card.windows.set_index("window_id")
    assert int(w.loc["CC95598", "insufficient"]) >= 1


def test_hour_slots_of_a_window_whose_records_all_lack_the_time_are_insufficient():
    """every_slot: a window with fault repairs but none with a time is missing evidence in every hour; a window with
    none at all is no data.  One repair fills one hour at most: 23 hours surely had none, but an hour with no fault
    report is no evidence of an interruption (clauses45, the clause's reading: empty: na), so the window's verdict is
    insufficient, not a fail (as diff40 had it); its hours stay unknown one by one."""
    orders = validate(pd.DataFrame({"order_id": ["1"], "window_id": "PW02", "order_type": "fault_repair",
                                    "filed_at": ["2025-06-01 09:00"], "received_at": [None],
                                    "completed_at": ["2025-06-01 11:00"]}), "work_orders")
    card = score("power_window", 2025, data=".", workspace=workspace(POWER), records={"work_orders": orders})
    assert _row(card, "power_window.10.1.2#repair", "PW02")["verdict"] == "insufficient"
    assert _row(card, "power_window.10.1.2#repair", "PW02")["missing_evidence"] == 24
    assert _row(card, "power_window.10.1.2#repair", "PW01")["verdict"] == "no_data"


# -- 3. a connection not yet accepted: open; the export read ---------------------------------------------------

ORDERS = """order_id,window_id,order_type,filed_at,received_at,completed_at
N1,PW01,new_connection_other,2025-12-01 10:00,,
N2,PW02,new_connection_other,2025-11-03 09:00,2025-11-10 09:00,2025-11-17 12:00
N3,PW03,new_connection_other,2025-10-09 09:00,,2025-10-20 10:00
"""


@pytest.fixture(scope="module")
def orders_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("org17")
    write_workspace(d, POWER, name="某供电公司")
    (d / "work_orders.csv").write_text(ORDERS, encoding="utf-8")
    return d


def test_a_connection_filed_but_not_yet_accepted_is_open_and_the_export_is_read(orders_dir):
    """N1 filed 1 Dec 2025, not accepted by the year's end: the clock (验收合格并签订合同后) has not started: open.
    N2 accepted Mon 10 Nov, powered Mon 17 Nov 12:00: the 5th working day after 10 Nov is 17 Nov: met.
    N3 powered 20 Oct with no acceptance date: missing evidence, insufficient (none assessed)."""
    card = score("power_window", 2025, data=orders_dir)
    m = "power_window.10.2.2#other"
    assert _row(card, m, "PW01") == {"records": 1, "n": 0, "met": 0, "open": 1, "missing_evidence": 0,
                                     "verdict": "open"}
    assert _row(card, m, "PW02") == {"records": 1, "n": 1, "met": 1, "open": 0, "missing_evidence": 0,
                                     "verdict": "pass"}
    assert _row(card, m, "PW03") == {"records": 1, "n": 0, "met": 0, "open": 0, "missing_evidence": 1,
                                     "verdict": "insufficient"}


def test_a_row_with_neither_filing_nor_clock_start_is_refused_by_its_row():
    df = pd.DataFrame({"order_id": ["1", "2"], "window_id": "PW01", "order_type": "new_connection_other",
                       "filed_at": ["2025-06-01 09:00", None], "received_at": [None, None]})
    with pytest.raises(RecordsError) as e:
        validate(df, "work_orders", file="工单.csv")
    p = e.value.problems
    assert p[["row", "column"]].values.tolist() == [[3, "filed_at"]]
    assert "年度" in p["problem_zh"].iloc[0] and "no year" in p["problem_en"].iloc[0]


def test_score_writes_the_records_missing_evidence_beside_the_missed_ones(orders_dir, tmp_path):
    """The grid prints N3's cell as '?' alone and N1's as '○'; N3 is listed in power_window_missing_evidence.* with
    its measure; no missed file (nothing missed); both counts printed."""
    out = tmp_path / "out"
    p = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(orders_dir), "--out", str(out),
             cwd=tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    line = next(x for x in p.stdout.splitlines() if "power_window.10.2.2#other" in x)
    assert line.split()[-3:] == ["○", "100.0", "?"]
    lacking = pd.read_parquet(out / "power_window_missing_evidence.parquet")
    got = lacking.loc[lacking["measure"] == "power_window.10.2.2#other", "order_id"].tolist()
    assert got == ["N3"]
    assert "缺少证据" in lacking["message"].iloc[0]
    assert len(pd.read_csv(out / "power_window_missing_evidence.csv")) == len(lacking)
    assert "records missing evidence:" in p.stdout and "records that missed: 0" in p.stdout
    assert not (out / "power_window_missed.parquet").exists()


# -- 5. an outage with neither cause-cleared nor restored time ---------------------------------------------------

def _outages(start: str, window: str) -> pd.DataFrame:
    return pd.DataFrame({"outage_id": ["O1"], "customer_id": ["C1"], "window_id": [window], "voltage_class": "kv10",
                         "outage_kind": "fault", "start_at": [start], "cause_cleared_at": [None],
                         "restored_at": [None]})


@pytest.mark.parametrize("start, extracted, verdict", [
    # Wed 31 Dec 2025 10:00: 1 working day from it ends with Sun 4 Jan 2026 (1-3 Jan off, 4 Jan a 调休 working day)
    ("2025-12-31 10:00", None, "open"),                        # cut-off 31 Dec: not yet past
    ("2025-12-31 10:00", "2026-01-04 23:59:59", "open"),       # the last second of the last day
    ("2025-12-31 10:00", "2026-01-05 00:00:00", "insufficient"),   # one second after
    ("2025-06-02 10:00", None, "insufficient"),                # Mon 2 Jun: past by the year's end
])
def test_an_outage_with_neither_time_is_open_until_its_limit_could_have_passed(start, extracted, verdict):
    ws = workspace(HALL, **({"extracted_at": extracted} if extracted else {}))
    out = validate(_outages(start, "PW01"), "outages", file="停电.csv")
    card = score("power_window", 2025, data=".", workspace=ws, records={"outages": out})
    r = _row(card, "power_window.10.2.9#outages", "PW01")
    assert r["verdict"] == verdict
    assert (r["open"], r["missing_evidence"]) == ((1, 0) if verdict == "open" else (0, 1))


# -- 6. a withdrawn complaint (撤诉) ------------------------------------------------------------------------------

def _complaints() -> pd.DataFrame:
    """Received Wed 5 Mar 2025 10:00: 5 days end with Mon 10 Mar.  C1 withdrawn 7 Mar, C4 replied 8 Mar (PW01);
    C2 withdrawn 20 Mar, unanswered (PW02); C3 withdrawn at no recorded time (PW03)."""
    return pd.DataFrame({"case_id": ["C1", "C2", "C3", "C4"], "channel": "95598", "kind": "complaint",
                         "window_id": ["PW01", "PW02", "PW03", "PW01"], "category": None,
                         "received_at": ["2025-03-05 10:00"] * 4,
                         "replied_at": [None, None, None, "2025-03-08 16:00"],
                         "resolved_at": ["2025-03-07 09:00", "2025-03-20 09:00", None, "2025-03-08 16:00"],
                         "case_status": ["withdrawn", "withdrawn", "withdrawn", "closed"]})


def test_a_complaint_withdrawn_within_the_limit_owes_no_reply():
    cases = validate(_complaints(), "complaints", file="诉求.csv")
    card = score("power_window", 2025, data=".", workspace=workspace(POWER), records={"complaints": cases})
    m = "power_window.13.5#complaint_reply"
    assert _row(card, m, "PW01") == {"records": 2, "n": 1, "met": 1, "open": 0, "missing_evidence": 0,
                                     "verdict": "pass"}
    assert _row(card, m, "PW02") == {"records": 1, "n": 1, "met": 0, "open": 0, "missing_evidence": 0,
                                     "verdict": "fail"}
    assert _row(card, m, "PW03") == {"records": 1, "n": 0, "met": 0, "open": 0, "missing_evidence": 1,
                                     "verdict": "insufficient"}


def test_the_complaint_tables_read_a_withdrawal_the_same_way():
    from windoweval.complaints import assess_cases, timeliness

    cases = validate(_complaints(), "complaints", file="诉求.csv")
    a = assess_cases(cases).set_index("case_id")["reply_status"]
    assert a.to_dict() == {"C1": "withdrawn", "C2": "overdue", "C3": "no_evidence", "C4": "in_time"}
    t = timeliness(cases, by="window_id").set_index("window_id")
    assert t.loc["PW01", ["cases", "assessed", "in_time", "verdict"]].tolist() == [1, 1, 1, "pass"]
    assert t.loc["PW02", "verdict"] == "fail" and t.loc["PW03", "verdict"] == "insufficient"


def test_records_map_proposes_withdrawn_for_che_su(tmp_path):
    import yaml

    from windoweval.records.propose import propose

    f = tmp_path / "诉求导出.csv"
    f.write_text("诉求编号,受理渠道,诉求类型,责任单位编号,受理时间,办理状态\n"
                 "1,95598,投诉,PW01,2025-03-05 10:00,撤诉\n2,95598,投诉,PW01,2025-03-05 10:00,已撤销\n"
                 "3,95598,投诉,PW01,2025-03-05 10:00,已办结\n", encoding="utf-8")
    got = yaml.safe_load(propose(f, "complaints"))["complaints"]
    assert got["columns"]["办理状态"] == "case_status"
    assert got["values"]["case_status"] == {"撤诉": "withdrawn", "已撤销": "withdrawn", "已办结": "closed"}


# -- 4. rows left out for a blank population column, on the report page -----------------------------------------

def test_rows_with_a_blank_population_column_are_counted_for_the_report_page():
    """The unscored list of ``windoweval score`` (3 exams with no patient kind, 100 enquiries no clause speaks of):
    the annual section gives the blank ones' count and reason under the standard whose measures select on the
    column (标准3's radiology promises split by patient kind); the page shows the table where there are such rows."""
    from types import SimpleNamespace

    from windoweval.catalog import load_catalog
    from windoweval.sections import _blank_population

    u = pd.DataFrame({"record_kind": ["hospital_events", "complaints"], "reason": ["blank", "value"],
                      "column": ["patient_kind", "kind"], "value": ["", "enquiry"], "records": [3, 100]})
    card = SimpleNamespace(unscored=u, catalog=load_catalog(),
                           results=pd.DataFrame({"standard": ["hospital_commitments", "power_window"]}))
    t = _blank_population(card)
    assert t[["standard", "record_kind", "column", "records"]].values.tolist() == [
        ["hospital_commitments", "hospital_events", "patient_kind", 3]]
    assert "为空" in t["reason_zh"].iloc[0] and "blank" in t["reason_en"].iloc[0]
    nb = (ROOT / "notebooks" / "annual_evaluation.ipynb").read_text(encoding="utf-8")
    assert "annual.table.unscored" in nb
