"""verdicts49: the organisation's own parameters (``[params."…"]``) are a floor's: stricter only, for every kind of
measure whose number is the standard's own words.

Before, only ``limit``, ``days`` and ``max`` were checked; a looser ``min`` (12.2's 每年至少召开三次 set to 1: one
symposium a year passed), a wider voltage band (第六条(一) ±7% set to ±20%), fewer minutes of 提前10分钟 (标准5 一、1),
a shorter 24 months of bills (不少于24个月) or a longer queue before relief (标准4 排队超过10人 set to 20) were taken in
silence by ``score`` and ``records check``.  A number that is our reading of a word without one (左右's tolerance,
及时's minutes, 10.1.2's abandoned_limit) stays the organisation's to read, as the clauses' readings say.
"""
from __future__ import annotations

import tempfile

import pytest

import windoweval as we
from windoweval.catalog import load_catalog
from windoweval.records.workspace import Workspace, WorkspaceError
from windoweval.scoring import check_params, plan_measures

from _workspace import records_of, workspace

WINS = [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"},
        {"id": "SH01", "name": "政务服务大厅", "kind": "service_hall"},
        {"id": "HPHA", "name": "门诊药房", "kind": "hospital_pharmacy"}]

# (measure, parameter, the standard's value, looser, stricter): one measure of each kind of rule with such a number
LOOSER = [
    ("power_window.12.2#symposiums", "min", 3, 1, 4),                 # count_at_least: 每年至少召开三次
    ("power_window.10.3.1#bill_history", "value_min", 24, 12, 36),    # count_at_least: 不少于24个月
    ("window_staff.1.1", "min", 10, 5, 15),                           # lead_time: 提前10分钟上班
    ("power_window.10.2.10", "min", 7, 3, 10),                        # lead_time: 提前7天公告
    ("power_window.6.1.2", "high", 0.1, 0.2, 0.07),                   # band: ±10%
    ("power_window.6.1.2", "low", -0.1, -0.2, -0.07),
    ("power_window.6.1.1#kv35_plus", "max_span", 0.1, 0.15, 0.08),    # band_span: 正、负偏差绝对值之和不超过10%
    ("hospital_departments.pharmacy_window.8", "max_queue", 10, 20, 8),  # diverted_within: 排队超过10人
    ("power_window.10.2.5", "limit", None, None, None),               # time_limit: refused before too (readings47)
]


def _standard(mid, name):
    return next(m for m in load_catalog().measures() if m["measure"] == mid)["params"][name]


@pytest.mark.parametrize("mid,name,standard,looser,stricter", LOOSER)
def test_a_looser_number_than_the_standards_is_refused_a_stricter_one_applied(mid, name, standard, looser, stricter):
    standard = _standard(mid, name) if standard is None else standard
    looser = standard * 2 if looser is None else looser
    stricter = standard / 2 if stricter is None else stricter
    assert _standard(mid, name) == standard
    ws = Workspace.from_dict({"windows": WINS, "params": {mid: {name: looser}}})
    # before (all but limit): accepted in silence by records check and applied by score
    with pytest.raises(WorkspaceError) as e:
        check_params(ws)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "\n" not in msg
    assert f'[params."{mid}"] {name} = {looser}' in msg and f"标准为 {standard}" in msg
    assert "组织只能定得更严" in msg and "may only set a stricter" in msg and "delete the line" in msg
    assert msg.index("组织只能") < msg.index(" / ") < msg.index("an organisation")   # 中文 / English, one line
    with pytest.raises(WorkspaceError, match="组织只能定得更严"):
        plan_measures(mid.split(".")[0], ws, load_catalog(), 2025)
    ws = Workspace.from_dict({"windows": WINS, "params": {mid: {name: stricter}}})
    check_params(ws)
    it = next(i for i in plan_measures(mid.split(".")[0], ws, load_catalog(), 2025) if i.measure == mid)
    assert it.params[name] == stricter


def test_a_readings_number_stays_the_organisations_to_set_either_way():
    """左右 (radiology 5's inpatients, 5点左右: 30 minutes read) and 10.1.2's 12 s (10.2.6's figure) are readings."""
    for mid, name, v in (("hospital_commitments.radiology.5#inpatient", "tolerance_minutes", 60),
                         ("power_window.10.1.2#calls", "abandoned_limit", 20)):
        wins = WINS + [{"id": "HRAD", "name": "放射科", "kind": "hospital_radiology"},
                       {"id": "CC01", "name": "95598", "kind": "call_centre"}]
        check_params(Workspace.from_dict({"windows": wins, "params": {mid: {name: v}}}))


def test_a_stricter_lead_time_decides_at_its_own_boundary():
    """标准5 一、1 提前10分钟上班, the organisation's 15: a clock-in exactly 15 minutes before the shift met (the limit
    itself, 提前…分钟 is at least), one second later missed; with the standard's 10 both meet."""
    rows = [{"window_id": "SH01", "staff_id": "S1", "shift_start": "2025-09-28 08:30:00",
             "arrived_at": "2025-09-28 08:15:00"},
            {"window_id": "SH01", "staff_id": "S2", "shift_start": "2025-09-28 08:30:00",
             "arrived_at": "2025-09-28 08:15:01"}]
    mid = "window_staff.1.1"
    for params, met in (({}, 2), ({mid: {"min": 15}}, 1)):
        ws = workspace((("SH01", "政务服务大厅", "service_hall"),), params=params)
        card = we.score("window_staff", 2025, data=tempfile.mkdtemp(), workspace=ws,
                        records={"attendance": records_of("attendance", rows)})
        r = card.results.set_index(["measure", "window_id"]).loc[(mid, "SH01")]
        assert (int(r["n"]), int(r["met"])) == (2, met)
        assert r["verdict"] == ("pass" if met == 2 else "fail")
