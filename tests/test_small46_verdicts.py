"""small46, verdicts and their reasons: what other helpers found.

3. Under ``power_window.10.1.2#calls`` (95598 answered in every hour) an hour whose only calls were unanswered with
   no hang-up time is missing evidence (each caller may have given up within the 12 s of 10.2.6, not yet owed an
   answer), yet its listed reason read "no service record ... nobody asked": calls were offered. It now says the
   calls may have been given up within the clause's ``abandoned_limit`` and asks for the hang-up time; an hour whose
   calls were all given up within it says that; an hour with no call keeps its reason.
"""
import tempfile

import pandas as pd

import windoweval as we
from windoweval.records import validate

from _workspace import POWER, workspace

M = "power_window.10.1.2#calls"


def _card(calls: list[tuple]):
    df = pd.DataFrame(calls, columns=["offered_at", "answered_at", "hung_up_at"])
    df.insert(0, "window_id", "CC95598")
    df.insert(0, "call_id", [f"C{i:03d}" for i in range(len(df))])
    return we.score("power_window", 2025, data=tempfile.mkdtemp(), workspace=workspace(POWER),
                    records={"calls_95598": validate(df, "calls_95598")})


def test_an_hour_of_unanswered_calls_with_no_hang_up_time_says_they_may_have_been_given_up_within_12_s():
    card = _card([("2025-03-03 10:00:00", "2025-03-03 10:00:05", None),      # 10: answered (pass)
                  ("2025-03-03 03:00:00", None, None),                       # 03: unanswered, no hang-up time
                  ("2025-03-04 03:20:00", None, None),
                  ("2025-03-03 04:00:00", None, "2025-03-03 04:00:05"),      # 04: given up in 5 s
                  ("2025-03-03 06:00:00", None, "2025-03-03 06:00:30")])     # 06: given up after 30 s (fail)
    lack = card.missing_evidence([M]).set_index("hour")
    assert 6 not in lack.index and 10 not in lack.index and len(lack) == 22
    three, four, five = lack.loc[3, "reason"], lack.loc[4, "reason"], lack.loc[5, "reason"]
    assert "未接听且挂机时间为空:来电者可能在 12 秒内放弃" in three and "无从判断该时段是否中断服务" in three
    assert "may have given up within 12 s" in three and "export the hang-up time" in three
    assert "没有写明时间的服务记录" not in three and "no service record" not in three         # before: nobody asked
    assert "service_24h" in three
    assert "都在 12 秒内放弃" in four and "all given up within 12 s" in four and "no service record" not in four
    assert "no service record" in five and "无人求助" in five                                # no call: as before
    r = card.results.set_index(["measure", "window_id"]).loc[(M, "CC95598")]
    assert r["verdict"] == "fail" and int(r["missing_evidence"]) == 22


def test_the_limit_named_is_the_clauses_abandoned_limit():
    from windoweval.scoring import _UNANSWERED_SLOT_REASONS
    assert all("{limit}" in z and "{limit}" in e for z, e in _UNANSWERED_SLOT_REASONS.values())
    card = _card([("2025-03-03 03:00:00", None, None)])
    it = card._plan[M]
    assert it.params["abandoned_limit"] == 12
    assert "12 秒" in card.missing_evidence([M]).set_index("hour").loc[3, "reason"]
