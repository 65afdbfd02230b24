"""probe35: a hospital's exports played as a new user.  An LIS marks a sample it refused (溶血, 凝块: 拒收) and a
pharmacy a prescription the patient never came for (未取药) in a status column no contract column reads.  Neither is
a service owed a time: no report is sent for a refused sample (a new sample is drawn under a new barcode), and no
patient waited at the window for drugs never collected.  `records map` proposed no `drop` for them, so the
proposal, taken as it was, judged each as overdue (a miss of the 30 minutes or the 5 minutes).  They are now
proposed under `drop` with the cancelled visits (left out, counted by records check), for the user to check; a
report not yet collected (报告未取) says nothing of the service and is not proposed."""
import pytest

from tests.test_probe32_cancelled import _proposal
from windoweval.records.files import load_files

LIS = ("条码号,病人类型,检验项目,执行科室,接收时间,报告时间,标本状态,备注\n"
       "B1,门诊,血常规,HLAB,2025-03-04 08:10,2025-03-04 08:35,已报告,\n"
       "B2,门诊,血常规,HLAB,2025-03-04 09:05,,拒收,溶血\n"
       "B3,门诊,尿常规,HLAB,2025-03-04 09:15,2025-03-04 09:40,已报告,\n"
       "B4,门诊,尿常规,HLAB,2025-03-04 09:20,,已拒收,标本量不足\n")
PHARMACY = ("处方号,处方类型,发药窗口,收方时间,发药时间,处方状态\n"
            "CF1,西药,HPHA,2025-03-04 09:00,2025-03-04 09:04,已发药\n"
            "CF2,西药,HPHA,2025-03-04 09:10,,未取药\n"
            "CF3,西药,HPHA,2025-03-04 09:20,2025-03-04 09:23,已发药\n"
            "CF4,西药,HPHA,2025-03-04 09:30,,患者未取药\n")


@pytest.mark.parametrize("text, name, drop", [(LIS, "LIS标本.csv", {"标本状态": ["已拒收", "拒收"]}),
                                              (PHARMACY, "药房发药.csv", {"处方状态": ["患者未取药", "未取药"]})])
def test_refused_samples_and_uncollected_drugs_are_proposed_for_drop(tmp_path, text, name, drop):
    assert _proposal(tmp_path, text, name)[1].get("drop") == drop


def test_the_proposal_taken_judges_only_the_services_given(tmp_path):
    f, got = _proposal(tmp_path, LIS, "LIS标本.csv")
    got.update(values={"event_type": dict.fromkeys(["血常规", "尿常规"], "lab_routine")}, constant={"patient_kind": "outpatient"},
               ignore=[*got.get("ignore", []), "病人类型"], columns={**got["columns"], "检验项目": "event_type"})
    got["columns"].pop("病人类型", None)
    loaded = load_files("hospital_events", [f], got)
    assert (sorted(loaded.frame["event_id"]), loaded.plans[0].dropped) == (["B1", "B3"], {"标本状态=拒收": 1, "标本状态=已拒收": 1})


def test_a_report_not_yet_collected_is_no_cancellation(tmp_path):
    # 未取 of a report (报告未取, 未取) says the patient has not fetched a report that was sent: a service given
    text = LIS.replace(",拒收,", ",未取,").replace(",已拒收,", ",报告未取,")
    assert "drop" not in _proposal(tmp_path, text, "LIS标本.csv")[1]
