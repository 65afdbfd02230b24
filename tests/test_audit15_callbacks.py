"""Complaint callbacks as a 95598 office exports them, worked out by hand from 标准1 第十三条(五).

第十三条(五): 对客户投诉在5天内、举报在10天内答复 …… 回访率不低于90%. A callback counts when made at or after
the reply (the case's conclusion); a customer not reached is not called back (the rule), counted apart.

Fixed here, each test failing on the code before: the export's callback results 未回访 (no callback) and 拒访
(reached, declined to give a view) had no contract value, so ``records map`` left them TODO offering only
satisfied / dissatisfied / unreachable, and a mapping to either of the two new values was refused. Mapped to
unreachable, as that hint invited, a 未回访 counted as a callback in the rate "counting unreachable as called back",
and a 未回访 with a callback time beside it (a closing time some exports put there) counted as a callback outright.
Now ``not_called_back`` is never a callback, ``declined`` is one (the customer was reached) that gives no view, and
``records map`` proposes both (and 联系不上 as unreachable, 基本满意 as satisfied) for review.
"""
import pandas as pd
import pytest

from windoweval import complaints as C
from windoweval.records.propose import propose

HEAD = "工单编号,受理渠道,诉求类型,窗口编号,受理时间,答复时间,办结时间,回访时间,回访结果\n"
R = "2025-01-08 10:00:00"     # every complaint replied and closed then (received 01-06: within 5 days)
ROWS = {  # case: (callback time, result word)                          by hand
    "TS001": ("2025-01-09 10:00:00", "满意"),      # called back, satisfied
    "TS002": ("2025-01-09 10:00:00", "基本满意"),  # called back, satisfied (基本满意 counts as satisfied)
    "TS003": ("2025-01-09 10:00:00", "不满意"),    # called back, dissatisfied
    "TS004": ("", "未回访"),                       # not called back
    "TS005": ("2025-01-09 10:00:00", "联系不上"),  # attempted, not reached: not called back (the rule)
    "TS006": ("2025-01-09 10:00:00", "拒访"),      # reached, declined: called back, no view
    "TS007": ("2025-01-07 16:00:00", "满意"),      # before the reply: not a callback
    "TS008": ("2025-01-08 15:00:00", "满意"),      # the same day, after the reply: called back, satisfied
    "TS009": ("2025-01-08 09:00:00", "满意"),      # the same day, before the reply: not a callback
    "TS011": ("2025-01-10 18:00:00", "未回访"),    # 未回访 with a time beside it: not called back
}
MAPPING = """complaints:
  values:
    channel: {"95598热线": "95598"}
    kind: {"投诉": complaint}
    callback_result: {"满意": satisfied, "基本满意": satisfied, "不满意": dissatisfied, "未回访": not_called_back,
                      "联系不上": unreachable, "拒访": declined}
"""


@pytest.fixture()
def office(tmp_path):
    lines = [f"{cid},95598热线,投诉,PW01,2025-01-06 09:00:00,{R},{R},{cb},{res}" for cid, (cb, res) in ROWS.items()]
    lines.append("TS010,95598热线,投诉,PW01,2025-01-06 10:30:00,,,,")        # not yet replied: no callback owed
    (tmp_path / "complaints.csv").write_text(HEAD + "\n".join(lines) + "\n", encoding="utf-8-sig")
    (tmp_path / "windoweval.toml").write_text('name = "95598"\nmapping_file = "mapping.yaml"\n[[windows]]\n'
                                              'id = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n', encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    return tmp_path


def test_the_callback_rate_by_hand(office):
    cases = C.read_complaints(year=2025, data=office)
    cb = C.callback_rate(cases).iloc[0]
    # needing: the ten replied complaints; called back: 001 002 003 006 008; unreachable: 005;
    # not called back: 004 007 009 011
    assert [int(cb[k]) for k in ("needing", "called_back", "unreachable", "not_called_back")] == [10, 5, 1, 4]
    assert cb["rate"] == 0.5 and cb["rate_incl_unreachable"] == 0.6 and cb["verdict"] == "fail"
    a = C.assess_cases(cases).set_index("case_id")
    assert a.loc["TS011", "called_back"] == False and a.loc["TS011", "called_back_incl_unreachable"] == False  # noqa: E712
    assert a.loc["TS006", "reached"] and not a.loc["TS005", "reached"]


def test_callback_satisfaction_by_hand(office):
    s = C.satisfaction(C.read_complaints(year=2025, data=office)).iloc[0]
    # of the five called back: satisfied 001 002 008, dissatisfied 003, no view 006 (拒访)
    assert [int(s[k]) for k in ("called_back", "satisfied", "dissatisfied", "no_result")] == [5, 3, 1, 1]
    assert s["rate"] == 0.75


def test_the_scorecard_measure_counts_the_same(office):
    from windoweval.scoring import score

    card = score("power_window", year=2025, data=office)
    r = card.results.set_index("measure").loc["power_window.13.5#callback_rate"]
    assert (int(r["n"]), int(r["met"])) == (10, 5)


def test_records_map_proposes_the_95598_words(office):
    text = propose(office / "complaints.csv", "complaints")
    for word, value in [("未回访", "not_called_back"), ("拒访", "declined"), ("联系不上", "unreachable"),
                        ("基本满意", "satisfied"), ("不满意", "dissatisfied")]:
        assert f'"{word}": {value}' in text, word
    assert "TODO" not in text
