"""probe35: a refused records file named each bad cell's column by the contract's name (列 column started_at), a
name the user's export does not have: a RIS export's blank 检查时间 (an exam registered, never done) or a pharmacy's
收方时间 written 25:00 left the user to work out which of their headers was meant, and for a header read through a
pick or a combine, which of several.  The line now names the export's header with the contract's name beside it
(列 column 检查时间 (started_at)); the problem table keeps the contract column.  A required cell left blank says
that a service that never took place (its status: registered but not examined, cancelled) is skipped with drop."""
import pickle

import pytest

from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files

RIS = ("检查号,病人来源,检查时间,报告时间,报告状态,检查科室\n"
       "R1,门诊,2025-03-04 08:10,2025-03-04 08:40,已发布,HRAD\n"
       "R2,门诊,,,已登记,HRAD\n")
MAP = {"columns": {"检查号": "event_id", "病人来源": "patient_kind", "检查时间": "started_at", "报告时间": "finished_at",
                   "检查科室": "window_id"},
       "constant": {"event_type": "radiology_exam"}, "values": {"patient_kind": {"门诊": "outpatient"}},
       "ignore": ["报告状态"]}


def _refusal(tmp_path, text, mapping, name="RIS报告.csv"):
    (f := tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        load_files("hospital_events", [f], mapping)
    return e.value


def test_a_blank_required_cell_names_the_export_s_header(tmp_path):
    e = _refusal(tmp_path, RIS, MAP)
    line = next(x for x in str(e).splitlines() if "第 3 行 row 3" in x)
    assert "列 column 检查时间 (started_at)" in line
    assert "drop" in line and "已登记未检查" in line
    assert e.problems["column"].tolist() == ["started_at"]   # the table keeps the contract's column


def test_a_bad_time_names_the_export_s_header(tmp_path):
    text = ("处方号,处方类型,发药窗口,收方时间,发药时间\n"
            "CF1,西药,HPHA,2025-03-04 25:00,2025-03-04 09:04\n")
    m = {"columns": {"处方号": "event_id", "处方类型": "event_type", "发药窗口": "window_id", "收方时间": "started_at",
                     "发药时间": "finished_at"}, "values": {"event_type": {"西药": "prescription_western"}}}
    e = _refusal(tmp_path, text, m, "药房.csv")
    assert "列 column 收方时间 (started_at) | 值 value '2025-03-04 25:00'" in str(e)


def test_a_combined_date_and_time_name_both_headers(tmp_path):
    text = ("处方号,处方类型,发药窗口,日期,收方时刻,发药时间\n"
            "CF1,西药,HPHA,2025-03-04,25:61,2025-03-04 09:04\n")
    m = {"columns": {"处方号": "event_id", "处方类型": "event_type", "发药窗口": "window_id", "发药时间": "finished_at"},
         "combine": {"started_at": {"date": "日期", "time": "收方时刻"}},
         "values": {"event_type": {"西药": "prescription_western"}}}
    e = _refusal(tmp_path, text, m, "药房.csv")
    assert "列 column 日期、收方时刻 (started_at) | 值 value '2025-03-04 25:61'" in str(e)


def test_the_refusal_travels_whole(tmp_path):
    # a Dask worker's refusal is pickled to the caller: the headers come with it
    e = _refusal(tmp_path, RIS, MAP)
    again = pickle.loads(pickle.dumps(e))
    assert str(again) == str(e) and "检查时间 (started_at)" in str(again)
