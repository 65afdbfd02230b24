"""review43: verdict43 marks a time written as a date alone (``calendar.DATE_ONLY_NS``) and ``time_limit`` judges it
as lying anywhere in its day, but two other kernels with limits in minutes and hours still read it as the day's
00:00 and passed on it: ``lead_time`` (window_staff / etiquette / hospital_departments: clocked in N minutes before
the shift start: an ``arrived_at`` written 2025-06-02 "arrived" at 00:00, eight hours early, met) and ``cutoff``
(hospital_commitments: received before 10:00, done by 12:00: a ``finished_at`` written as the start's day alone
"finished" at 00:00, met).  Neither can be proved met: missing evidence, or missed where even the most favourable
time of that day misses (a finish the next day), met where even the least favourable meets."""
import pandas as pd

from windoweval.calendar import DATE_ONLY_NS
from windoweval.kernels.base import open_of
from windoweval.kernels.time import cutoff, lead_time

MARK = pd.Timedelta(DATE_ONLY_NS, "ns")


def _t(xs) -> pd.Series:
    return pd.Series(pd.to_datetime(xs, format="mixed")).astype("datetime64[ns]")


def _v(m: pd.Series) -> list:
    """The verdicts as a list, <NA> as None (a list holding pd.NA cannot be compared)."""
    return [None if x is pd.NA else bool(x) for x in m.tolist()]


def _alone(s: pd.Series, rows) -> pd.Series:
    s = s.copy()
    s.iloc[list(rows)] = s.iloc[list(rows)] + MARK
    return s


def test_a_clock_in_written_as_a_date_alone_is_no_proof_of_being_on_time():
    df = pd.DataFrame({"arrived_at": _alone(_t(["2025-06-02 08:10", "2025-06-02", "2025-06-03", "2025-06-01"]),
                                            [1, 2, 3]),
                       "shift_start": _t(["2025-06-02 08:30"] * 4)})
    got = _v(lead_time(df, "arrived_at", "shift_start", 10, unit="minutes", missing="na"))
    # on time (a time written); the shift's own day: anywhere in it, unknown; the day after: late whatever the
    # time; the day before: early whatever the time
    assert got == [True, None, False, True], got


def test_a_shift_start_written_as_a_date_alone_is_judged_by_its_whole_day():
    df = pd.DataFrame({"arrived_at": _t(["2025-06-02 08:10", "2025-06-01 23:00"]),
                       "shift_start": _alone(_t(["2025-06-02", "2025-06-03"]), [0, 1])})
    assert _v(lead_time(df, "arrived_at", "shift_start", 10, unit="minutes", missing="na")) == [None, True]


def test_lead_time_in_days_is_unchanged_by_a_date_alone():
    df = pd.DataFrame({"n": _alone(_t(["2025-03-01", "2025-03-02"]), [0, 1]), "e": _t(["2025-03-08 08:00"] * 2)})
    assert _v(lead_time(df, "n", "e", 7)) == [True, False]


RULES = [{"before": "10:00", "due": "12:00"}, {"until": "15:30", "due": "17:30"}]


def test_a_finish_written_as_a_date_alone_is_not_met_by_the_cut_off():
    df = pd.DataFrame({"started_at": _t(["2025-06-02 09:00"] * 4),
                       "finished_at": _alone(_t(["2025-06-02 11:00", "2025-06-02", "2025-06-03", "2025-06-02 13:00"]),
                                             [1, 2])})
    got = _v(cutoff(df, "started_at", "finished_at", RULES, tolerance_minutes=0, missing="na"))
    assert got == [True, None, False, False], got


def test_a_start_written_as_a_date_alone_does_not_choose_the_rule():
    """Read as 00:00 the start fell under the first rule (due 12:00); written as a date alone, which rule holds it
    (or none, after 15:30) is unknown: missing evidence, not met, not missed, not overdue.  verdicts46: except where
    every rule that can hold it is met - finished at 11:00 that day, it was handed in by 11:00, so before 10:00 (due
    12:00) or 10:00-11:00 (due 17:30): met either way (it was missing evidence before); at 13:00 it would have missed
    12:00 if handed in before 10:00, so it stays missing evidence."""
    df = pd.DataFrame({"started_at": _alone(_t(["2025-06-02", "2025-06-02", "2025-06-02"]), [0, 1, 2]),
                       "finished_at": _t(["2025-06-02 11:00", "2025-06-02 13:00", None])})
    m = cutoff(df, "started_at", "finished_at", RULES, missing="na", horizon="2025-06-02 12:30")
    assert _v(m) == [True, None, None], _v(m)
    assert open_of(m).tolist() == [False, False, False]
    early = cutoff(df.iloc[2:], "started_at", "finished_at", RULES, missing="na", horizon="2025-06-02 11:00")
    assert open_of(early).tolist() == [True]


def test_a_start_written_as_a_date_alone_is_met_only_by_every_rule_s_due_time():
    """review46: rules whose due times do not rise with their cut-offs (an organisation's own under [params]): handed
    in at 10:30 the sample is due by 11:00, so a finish at 11:30 met the first rule (due 12:00) but not the second;
    with the start known only to the day, which one held it is unknown: missing evidence, never met.  A finish by
    11:00 meets both."""
    rules = [{"before": "10:00", "due": "12:00"}, {"until": "15:30", "due": "11:00"}]
    df = pd.DataFrame({"started_at": _alone(_t(["2025-06-02", "2025-06-02"]), [0, 1]),
                       "finished_at": _t(["2025-06-02 11:30", "2025-06-02 10:45"])})
    m = cutoff(df, "started_at", "finished_at", rules, missing="na")
    assert _v(m) == [None, True], _v(m)
    tol = cutoff(df, "started_at", "finished_at", rules, tolerance_minutes=30, missing="na")
    assert _v(tol) == [True, True], _v(tol)     # 30 minutes' tolerance on every due time: 11:30 by each

def test_times_written_keep_their_verdicts():
    df = pd.DataFrame({"s": pd.to_datetime(["2025-04-08 09:29", "2025-04-08 09:31", "2025-04-08 09:00"]),
                       "e": pd.to_datetime(["2025-04-08 14:30", "2025-04-08 18:00", "2025-04-08 14:31"])})
    assert _v(cutoff(df, "s", "e", [{"before": "09:30", "due": "14:30"}])) == [True, None, False]
    n = pd.DataFrame({"n": pd.to_datetime(["2025-06-02 08:10", "2025-06-02 08:25"]),
                      "e": pd.to_datetime(["2025-06-02 08:30"] * 2)})
    assert _v(lead_time(n, "n", "e", 10, unit="minutes")) == [True, False]
