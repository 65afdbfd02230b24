"""probe32: a kind read from several exports (a hospital's LIS, pharmacy and billing systems, each writing
hospital_events with its own headers) maps each file's headers in one section: `columns` may name a header one file
lacks (listed by records check as absent from that file).  `drop` could not: a status header of one system
(标本状态) absent from another's export refused the whole kind, so the exports had to be renamed by hand.  Now a
drop header need only be in one of the files read (records check lists it as absent from the others); in none of
them it is refused as before (a typo drops nothing)."""
import pytest

from windoweval.errors import InputError
from windoweval.records.files import load_files

LIS = ("条码号,检验类别,接收时间,报告时间,标本状态,科室\n"
       "B1,lab_routine,2025-03-04 08:10,2025-03-04 08:35,已审核,HLAB\n"
       "B2,lab_routine,2025-03-04 09:05,,已退费,HLAB\n")
PHA = ("处方号,处方类型,收方时间,发药时间,处方状态,发药窗口\n"
       "CF1,prescription_western,2025-03-04 09:00,2025-03-04 09:04,已发药,HPHA\n"
       "CF2,prescription_western,2025-03-04 09:10,,已退药,HPHA\n")
MAP = {"columns": {"条码号": "event_id", "处方号": "event_id", "检验类别": "event_type", "处方类型": "event_type",
                   "接收时间": "started_at", "收方时间": "started_at", "报告时间": "finished_at", "发药时间": "finished_at",
                   "科室": "window_id", "发药窗口": "window_id"},
       "drop": {"标本状态": ["已退费"], "处方状态": ["已退药"]}}


def _files(tmp_path):
    a, b = tmp_path / "LIS.csv", tmp_path / "药房.csv"
    a.write_text(LIS, encoding="utf-8")
    b.write_text(PHA, encoding="utf-8")
    return [a, b]


def test_each_files_own_status_header_drops_its_rows(tmp_path):
    loaded = load_files("hospital_events", _files(tmp_path), MAP)
    assert sorted(loaded.frame["event_id"]) == ["B1", "CF1"]
    assert [p.dropped for p in loaded.plans] == [{"标本状态=已退费": 1}, {"处方状态=已退药": 1}]
    assert "处方状态" in loaded.plans[0].unused_entries and "标本状态" in loaded.plans[1].unused_entries


def test_a_drop_header_in_no_file_is_still_refused(tmp_path):
    bad = dict(MAP, drop={"标本壮态": ["已退费"]})
    with pytest.raises(InputError, match="标本壮态"):
        load_files("hospital_events", _files(tmp_path), bad)
    with pytest.raises(InputError, match="标本壮态"):
        load_files("hospital_events", _files(tmp_path)[:1], bad)
