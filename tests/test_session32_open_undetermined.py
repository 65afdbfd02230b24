"""A 95598 case export without 修复时间 and no state column: no fault repair is ever said to conclude, so whether one is
open cannot be said (session 32).  Before, every repair of the year was listed as open (``windoweval complaints``:
"open at the cut-off: 5"); now they are counted apart, as the callback table counts them undetermined (session 31)."""
from test_session31_callback_unknown import _workspace

from windoweval.cli import main
from windoweval.complaints import complaint_summary


def test_repairs_never_concluded_are_not_listed_open(tmp_path):
    o = complaint_summary(2025, _workspace(tmp_path))["open"]
    assert "fault_repair" not in set(o["kind"]) and o.attrs["undetermined"] == {"fault_repair": 5}


def test_repairs_concluded_elsewhere_in_the_records_still_open_when_not_yet(tmp_path):
    o = complaint_summary(2025, _workspace(tmp_path, repairs_resolved=True))["open"]
    assert o.attrs["undetermined"] == {}


def test_the_command_says_how_many_and_why(tmp_path, capsys):
    assert main(["complaints", "--year", "2025", "--data", str(_workspace(tmp_path))]) == 0
    said = capsys.readouterr().out
    assert "另有 5 件(fault_repair 5)" in said and "whether they are open cannot be said" in said


def test_the_report_section_carries_them_for_its_note(tmp_path):
    from windoweval import sections

    meta = sections.compute(2025, _workspace(tmp_path), sections=("complaints",))["complaints"].meta
    assert meta["undetermined_open"] == {"fault_repair": 5}
