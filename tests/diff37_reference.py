"""An independent reading of the time-limit clauses, for differential testing (tests/test_diff37_*.py).

Written from the standards' texts (../shared/standards/) and their README's readings (day counting, boundaries),
with the measures' notes where the text is open; it imports nothing from windoweval, only the standard library and
``chinese_calendar``, so that a disagreement with the engine is a disagreement of two readings, not one code twice.

Every function takes one record (a dict of plain values: ``datetime`` or None) and gives its verdict:
``pass``, ``fail``, ``open`` (no end yet, the deadline not passed at the cut-off), ``missing`` (missing evidence),
``not_assessed`` (owed nothing: a case withdrawn within its limit), ``exempt`` (the clause's own exception: a call
given up within 12 s, a sample after the promise's cut-off) or ``out`` (not in the clause's population: another
year, another kind of record).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import chinese_calendar

PASS, FAIL, OPEN, MISSING, NOT_ASSESSED, EXEMPT, OUT = (
    "pass", "fail", "open", "missing", "not_assessed", "exempt", "out")


def cutoff(year: int, extracted_at: datetime | None = None) -> datetime:
    """The evaluation's cut-off: the time the data were extracted, else the last second of the year."""
    return extracted_at if extracted_at is not None else datetime(year, 12, 31, 23, 59, 59)


def is_working_day(d: date) -> bool:
    return chinese_calendar.is_workday(d)


def end_of(d: date) -> datetime:
    """The end of day ``d``: an end at any time on it is within (compared as ``end < next midnight``)."""
    return datetime.combine(d + timedelta(days=1), time(0))


def working_days_deadline(received: datetime, n: int) -> datetime:
    """The end of the n-th working day after the day of receipt (the day itself never counts, art. 201)."""
    d, left = received.date(), n
    while left:
        d += timedelta(days=1)
        if is_working_day(d):
            left -= 1
    return end_of(d)


def calendar_days_deadline(received: datetime, n: int, art203: bool = False) -> datetime:
    """The end of the n-th calendar day after the day of receipt; with art. 203 a last day that is a rest day or
    holiday (not a working day) moves to the next working day."""
    d = received.date() + timedelta(days=n)
    if art203:
        while not is_working_day(d):
            d += timedelta(days=1)
    return end_of(d)


def _end_verdict(end: datetime | None, deadline: datetime, cut: datetime, *, inclusive_end: bool) -> str:
    """An end against its deadline; no end: missed once the deadline has passed at the cut-off, else open.

    ``inclusive_end``: deadline is a moment the end may equal (45:00, 12 s); else the deadline is the exclusive
    end of a day (midnight after the last day)."""
    if end is None:
        return FAIL if deadline < cut else OPEN
    if inclusive_end:
        return PASS if end <= deadline else FAIL
    return PASS if end < deadline else FAIL


def in_year(t: datetime | None, year: int | None) -> bool:
    return year is None or (t is not None and t.year == year)


# ---------------------------------------------------------------- power_window 10.2.x
def working_day_order(r: dict, n: int, year: int | None, cut: datetime) -> str:
    """10.2.2 (resident), 10.2.4, 10.2.8, 10.2.9 (work orders): completed within n working days of receipt.

    An order marked closed or withdrawn with no completion time: done, when unknown (missing evidence). A
    withdrawn order's completion time is its withdrawal: within the limit owed nothing, after it missed."""
    rec, done, status = r["received_at"], r.get("completed_at"), r.get("order_status")
    if not in_year(r.get("filed_at") or rec, year):
        return OUT
    if rec is None:   # filed, the clock not started (new_connection_other: acceptance and contract to come)
        return MISSING if done is not None or status == "closed" else (
            NOT_ASSESSED if status == "withdrawn" else OPEN)
    deadline = working_days_deadline(rec, n)
    if done is None and status in ("closed", "withdrawn"):
        return MISSING
    v = _end_verdict(done, deadline, cut, inclusive_end=False)
    if status == "withdrawn" and v == PASS:
        return NOT_ASSESSED
    return v


def outage_restored(r: dict, year: int | None, cut: datetime) -> str:
    """10.2.9 (outage records): supply restored within 1 working day after the cause was cleared.  The cause
    cannot clear before the outage starts: with no clearance time, a restoration within 1 working day of the start
    is within 1 of the clearance too (met); a later one cannot be judged (missing); neither time: open while 1
    working day from the start has not passed at the cut-off, missing evidence after."""
    start, clear, back, status = r["start_at"], r.get("cause_cleared_at"), r.get("restored_at"), r.get("outage_status")
    if not in_year(start, year):
        return OUT
    if clear is not None and back is not None and back < clear:
        return MISSING
    if clear is None:
        earliest = working_days_deadline(start, 1)
        if back is not None:
            return PASS if back < earliest else MISSING
        if status == "closed":
            return MISSING
        return OPEN if earliest >= cut else MISSING
    if back is None and status == "closed":
        return MISSING
    return _end_verdict(back, working_days_deadline(clear, 1), cut, inclusive_end=False)


def fault_repair(r: dict, year: int | None, cut: datetime, limit_min: int = 45) -> str:
    """10.2.5: on site within 45 minutes of the call (45:00 on time, 45:01 late).  The repair cannot be completed
    before the crew is on site: with no arrival time, a completion within the 45 minutes proves the arrival on time
    (met), a later one leaves it unknown (missing); an arrival written after the completion: one of the two times
    is wrong (missing)."""
    rec, arr, done, status = r["received_at"], r.get("arrived_at"), r.get("completed_at"), r.get("order_status")
    if not in_year(r.get("filed_at") or rec, year):
        return OUT
    if rec is None:
        return MISSING
    deadline = rec + timedelta(minutes=limit_min)
    if arr is not None and done is not None and arr > done:
        return MISSING
    if arr is None and done is not None:
        return PASS if done <= deadline else MISSING
    if arr is None and status in ("closed", "withdrawn"):
        return MISSING
    return _end_verdict(arr, deadline, cut, inclusive_end=True)


def appointment(r: dict, year: int | None, cut: datetime) -> str:
    """10.2.7: on site no later than one hour after the agreed time; early is on time."""
    due, arr, status = r.get("due_at"), r.get("arrived_at"), r.get("order_status")
    if not in_year(r.get("filed_at") or r["received_at"], year):
        return OUT
    if due is None:
        return MISSING
    if arr is None and status in ("closed", "withdrawn"):
        return MISSING
    return _end_verdict(arr, due + timedelta(hours=1), cut, inclusive_end=True)


def call_answered(r: dict, year: int | None, cut: datetime, abandoned_within: str = "excluded") -> str:
    """10.2.6: answered within 12 s (12 s itself on time).  Given up unanswered within 12 s: not yet owed an
    answer (exempt), or missed with ``abandoned_within = "missed"``; after 12 s: missed.  Neither answered nor a
    hang-up time: which side of 12 s the caller left is unknown (missing evidence; missed in "missed" mode),
    unless the 12 s had not run out at the cut-off (open)."""
    off, ans, hung = r["offered_at"], r.get("answered_at"), r.get("hung_up_at")
    if not in_year(off, year):
        return OUT
    limit = off + timedelta(seconds=12)
    if ans is not None:
        if hung is not None and hung < ans:
            return MISSING                     # hung up before the answer, yet answered
        return PASS if ans <= limit else FAIL
    if hung is not None:
        if hung <= limit:
            return FAIL if abandoned_within == "missed" else EXEMPT
        return FAIL
    if limit >= cut:
        return OPEN
    return FAIL if abandoned_within == "missed" else MISSING


def complaint_reply(r: dict, days: int, year: int | None, cut: datetime, art203: bool = False) -> str:
    """13.5: a complaint replied within 5 days, a report within 10 (calendar days from the day after receipt)."""
    rec, rep = r["received_at"], r.get("replied_at")
    if not in_year(rec, year):
        return OUT
    deadline = calendar_days_deadline(rec, days, art203)
    if rep is None and r.get("case_status") == "withdrawn":   # owed no reply after the withdrawal
        gone = r.get("resolved_at")
        if gone is None:
            return MISSING
        return NOT_ASSESSED if gone < deadline else FAIL
    return _end_verdict(rep, deadline, cut, inclusive_end=False)


# ---------------------------------------------------------------- hospital commitments: clock-time rules
def _clock_rule(start: datetime, rules: list) -> datetime | None:
    """The due time the first rule that takes ``start`` gives; None: after every rule (outside the promise).
    A rule is ``("before", hh:mm, due)`` (strictly before the minute) or ``("until", hh:mm, due)`` (up to and
    including the named minute)."""
    minute = start.hour * 60 + start.minute
    for kind, hhmm, due in rules:
        h, m = map(int, hhmm.split(":"))
        took = start.time() < time(h, m) if kind == "before" else minute <= h * 60 + m
        if took:
            dh, dm = map(int, due.split(":"))
            return datetime.combine(start.date(), time(dh, dm))
    return None


def clock_rule(r: dict, rules: list, year: int | None, cut: datetime, tolerance_min: int = 0,
               exempt: str | None = None) -> str:
    """A same-day promise by the clock: e.g. decoction 上午10点前送煎12点取药 / 下午3点30分送煎5点30分取药,
    lab 9点30分前的标本当天下午2点30分, radiology 当日下午5点左右 (17:00, 30 minutes' tolerance).
    Handed in after the last rule: outside the promise (exempt).  Ready at the due time itself: on time.
    ``exempt``: what a documented special circumstance does: ``"exempt"`` (radiology: 除…特殊情况), ``"extend"``
    (laboratory: 适当延长, no length given: met within the ordinary time, else unknown, missing evidence; open
    while that time runs), None (decoction: the promise names none)."""
    start, end = r["started_at"], r.get("finished_at")
    if not in_year(start, year):
        return OUT
    due = _clock_rule(start, rules)
    if due is None:
        return EXEMPT
    special = bool(r.get("exempt")) and exempt is not None
    if special and exempt == "exempt":
        return EXEMPT
    v = _end_verdict(end, due + timedelta(minutes=tolerance_min), cut, inclusive_end=True)
    return MISSING if special and v == FAIL else v   # whether the longer, unnamed time was kept is unknown


DECOCTION = [("before", "10:00", "12:00"), ("until", "15:30", "17:30")]
LAB_BIOCHEM = [("before", "09:30", "14:30")]
RADIOLOGY_INPATIENT = [("before", "17:00", "17:00")]


# ---------------------------------------------------------------- window_staff 1.1
def arrived_early(r: dict, year: int | None, cut: datetime, minutes: int = 10) -> str:
    """工作人员提倡提前10分钟上班: clocked in at least 10 minutes before the shift (exactly 10 is early enough).
    No clock-in: missing evidence, never a miss; open while the 10 minutes before the shift had not come."""
    shift, arr = r["shift_start"], r.get("arrived_at")
    if not in_year(shift, year):
        return OUT
    latest = shift - timedelta(minutes=minutes)
    if arr is None:
        return OPEN if latest >= cut else MISSING   # at the cut-off itself a clock-in could still be early enough
    return PASS if arr <= latest else FAIL
