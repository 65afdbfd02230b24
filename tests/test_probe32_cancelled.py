"""probe32: a hospital's or a hall's export marks cancelled visits in a status column (已退号, 已退费, 已退药, 作废,
已取消) that no contract column reads.  `records map` put that column under ignore, so the proposal, taken as it was,
judged a refunded lab sample or a returned prescription as overdue (its report or its drugs never given).  The
proposal now offers a `drop` entry for those codes (left out, counted by records check), for the user to check."""
import pytest
import yaml

from windoweval.records.files import load_files
from windoweval.records.propose import propose

LIS = ("条码号,患者姓名,病人类型,检验类别,接收时间,报告时间,标本状态,科室,备注\n"
       "B1,张三,门诊,血常规,2025-03-04 08:10,2025-03-04 08:35,已审核,检验科,\n"
       "B2,李四,门诊,血常规,2025-03-04 09:05,,已退费,检验科,患者退费\n"
       "B3,王五,门诊,尿常规,2025-03-04 09:05,,作废,检验科,\n"
       "B4,赵六,门诊,尿常规,2025-03-04 09:15,2025-03-04 09:40,已审核,检验科,\n")


def _proposal(tmp_path, text, name="LIS标本周转.csv", kind="hospital_events"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f, yaml.safe_load(propose(f, kind))[kind]


def test_status_codes_of_cancelled_visits_proposed_for_drop(tmp_path):
    _f, got = _proposal(tmp_path, LIS)
    assert got.get("drop") == {"标本状态": ["作废", "已退费"]}


def test_the_proposal_taken_leaves_the_cancelled_rows_out_counted(tmp_path):
    f, got = _proposal(tmp_path, LIS)
    got["values"] = {"event_type": {"血常规": "lab_routine", "尿常规": "lab_routine"},
                     "window_id": {"检验科": "HLAB"}, "patient_kind": {"门诊": "outpatient"}}
    got["columns"]["检验类别"] = "event_type"
    loaded = load_files("hospital_events", [f], got)
    assert sorted(loaded.frame["event_id"]) == ["B1", "B4"]
    assert loaded.plans[0].dropped == {"标本状态=已退费": 1, "标本状态=作废": 1}


def test_a_remark_mentioning_a_refund_or_a_done_status_is_not_proposed(tmp_path):
    # free text (患者退费 in 备注) is no status code; a column with no cancellation code gets no drop
    text = LIS.replace(",已退费,", ",已审核,").replace(",作废,", ",已审核,")
    _f, got = _proposal(tmp_path, text)
    assert "drop" not in got


PHARMACY = ("处方号,处方类型,发药窗口,收方时间,发药时间,处方状态\n"
            "CF1,西药,HPHA,2025-03-04 09:00,2025-03-04 09:04,已发药\n"
            "CF2,西药,HPHA,2025-03-04 09:10,,已退药\n"
            "CF3,西药,HPHA,2025-03-04 09:20,,已作废\n")
BILLING = ("流水号,窗口号,业务类型,叫号时间,收费时间,状态\n"
           "SF1,HBIL,收费,2025-03-04 08:00,2025-03-04 08:03,正常\n"
           "SF2,HBIL,收费,2025-03-04 08:06,2025-03-04 08:12,已退号\n"
           "SF3,HBIL,收费,2025-03-04 08:07,2025-03-04 08:13,红冲\n")


@pytest.mark.parametrize("text, drop", [(PHARMACY, {"处方状态": ["已作废", "已退药"]}),
                                        (BILLING, {"状态": ["已退号", "红冲"]})])
def test_pharmacy_and_billing_codes(tmp_path, text, drop):
    assert _proposal(tmp_path, text, "export.csv")[1]["drop"] == drop


def test_an_attendance_export_s_leave_days_are_proposed_for_drop(tmp_path):
    # a day on leave (请假, 调休) is no shift: its blank clock-in is no missing evidence of one, the row is left out
    text = ("工号,窗口编号,考勤日期,班次,上班打卡,下班打卡,考勤状态\n"
            "G1,ZW01,2025-03-03,08:30-12:00,08:15,12:01,正常\n"
            "G1,ZW01,2025-03-04,08:30-12:00,,,请假\n"
            "G1,ZW01,2025-03-05,08:30-12:00,,,调休\n"
            "G1,ZW01,2025-03-06,08:30-12:00,08:31,12:00,迟到\n")
    _f, got = _proposal(tmp_path, text, "考勤.csv", "attendance")
    assert got["drop"] == {"考勤状态": ["请假", "调休"]}
