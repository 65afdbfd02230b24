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


BIL = ("流水号,业务类型,叫号时间,收费时间,窗口号\n"
       "SF1,收费,2025-03-04 08:00,2025-03-04 08:03,HBIL\n")
PICK = {"columns": {"条码号": "event_id", "处方号": "event_id", "流水号": "event_id", "检验类别": "event_type",
                    "处方类型": "event_type", "业务类型": "event_type", "接收时间": "started_at", "收方时间": "started_at",
                    "收费时间": "started_at", "叫号时间": "called_at", "科室": "window_id", "发药窗口": "window_id",
                    "窗口号": "window_id"},
        # the receipt is printed at the payment: a billing event's finish is its 收费时间, the others' their own
        "pick": {"finished_at": {"by": "event_type", "default": None,
                                 "cases": {"billing": "收费时间", "lab_routine": "报告时间",
                                           "prescription_western": "发药时间"}}},
        "values": {"event_type": {"收费": "billing"}}}


def test_a_pick_case_header_of_another_export_is_not_asked_of_this_one(tmp_path):
    files = _files(tmp_path)
    c = tmp_path / "收费.csv"
    c.write_text(BIL, encoding="utf-8")
    loaded = load_files("hospital_events", files + [c], PICK)
    got = loaded.frame.set_index("event_id")["finished_at"].astype(str).to_dict()
    assert got["SF1"] == "2025-03-04 08:03:00" and got["B1"] == "2025-03-04 08:35:00"
    assert got["CF1"] == "2025-03-04 09:04:00"
    assert "收费时间" in loaded.plans[0].unused_entries


def test_a_pick_case_header_in_no_file_or_missing_where_its_rows_are_is_refused(tmp_path):
    files = _files(tmp_path)
    typo = {**PICK, "pick": {"finished_at": {**PICK["pick"]["finished_at"],
                                             "cases": {**PICK["pick"]["finished_at"]["cases"], "billing": "收费时问"}}}}
    c = tmp_path / "收费.csv"
    c.write_text(BIL, encoding="utf-8")
    with pytest.raises(InputError, match="收费时问"):
        load_files("hospital_events", files + [c], typo)
    # the LIS export holding a billing row: its rows need the header, refused as before
    lis = tmp_path / "LIS.csv"
    lis.write_text(LIS + "B3,billing,2025-03-04 09:05,2025-03-04 09:06,已审核,HLAB\n", encoding="utf-8")
    with pytest.raises(InputError, match="收费时间"):
        load_files("hospital_events", files + [c], PICK)
