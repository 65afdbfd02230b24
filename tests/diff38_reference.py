"""An independent reading of the record-based clauses tests/diff37_reference.py left out, for differential testing
(tests/test_diff38_*.py): the hospital's minute limits (billing, pharmacy, radiology, function tests, laboratory),
the power hall's counter minutes (第十条(二)1), the meter-reading day ((二)3) and the planned outage's notice ((二)10).

Written from the standards' texts (/work/shared/standards/*.zh.txt) and their README's readings (boundaries, day
counting, open cases at the cut-off); the workspace's contract only names the columns.  It imports nothing from
windoweval, only the standard library and diff37_reference's day arithmetic (itself plain Python and
``chinese_calendar``).  Verdicts as diff37_reference names them: pass, fail, open, missing (missing evidence),
not_assessed, exempt (the clause's own exception) and out (not in the clause's population).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from diff37_reference import EXEMPT, FAIL, MISSING, NOT_ASSESSED, OPEN, OUT, PASS, cutoff, in_year  # noqa: F401


def within(start: datetime, end: datetime | None, limit: timedelta, cut: datetime) -> str:
    """不超过 N / N 内: an end at the limit itself is on time, a second past it late.  No end: missed once the limit
    had run out at the cut-off, open while it had not (the limit's last moment itself: an end could still come)."""
    deadline = start + limit
    if end is None:
        return FAIL if deadline < cut else OPEN
    return PASS if end <= deadline else FAIL


# ---------------------------------------------------------------- hospital commitments: minute limits
def billing(r: dict, year: int | None, cut: datetime) -> str:
    """挂号收费室 7、每位病人划价、缴费时间不超过5分钟: from the call to the window (叫号) to the receipt.  No call
    time: the 5 minutes cannot be timed (missing evidence), never a pass.  The promise names no exception."""
    called, end = r.get("called_at"), r.get("finished_at")
    # the year the case was received (the standards' README): the call to the window, where the 5 minutes start;
    # with no call time, the charge's (verdicts49; before, the charge's always)
    if not in_year(called if called is not None else r["started_at"], year):
        return OUT
    if called is None:
        return MISSING
    return within(called, end, timedelta(minutes=5), cut)


def dispensing(r: dict, limit_min: int, year: int | None, cut: datetime) -> str:
    """门诊药房 7、西药处方不超过5分钟 …: the prescription's dispensing within the limit.  因药物需要临时加工造成超时的
    要向病友解释清楚: an overrun caused by special preparation, explained (the exempt flag), is excused; a flagged
    prescription dispensed in time is simply met.  The patient's pick-up (取药) comes after the dispensing: with no
    dispensing time a pick-up within the limit proves it in time; a later one leaves it unknown (missing); with
    neither, missed once the limit ran out (excused when flagged), open before."""
    start, end, got = r["started_at"], r.get("finished_at"), r.get("collected_at")
    if not in_year(start, year):
        return OUT
    deadline = start + timedelta(minutes=limit_min)
    flagged = bool(r.get("exempt"))
    if end is None and got is not None:
        # dispensed at or before the pick-up, when unknown: within the limit proven by an early pick-up; after a late
        # one met or (flagged) an excused overrun, which of the two unknown: missing evidence either way
        return PASS if got <= deadline else MISSING
    v = within(start, end, timedelta(minutes=limit_min), cut)
    return EXEMPT if flagged and v == FAIL else v


def chinese_band(r: dict, band: str, year: int | None, cut: datetime) -> str:
    """中药处方调剂5付以下不超过10分钟,5付以上不超过20分钟.  以下 and 以上 both name the number itself; the
    workspace puts exactly 5 in the 以下 band (the stricter 10 minutes) and reads 以上 as more than 5.  A
    prescription with no 付数 is in both bands: met in both within 10 minutes, missed in both past 20, unknown
    (missing evidence) in between, open while the minutes it needs have not run out at the cut-off."""
    doses = r.get("doses")
    if doses is not None and ((band == "up_to_5") != (doses <= 5)):
        return OUT
    if doses is not None:
        return dispensing(r, 10 if band == "up_to_5" else 20, year, cut)
    lo, hi = dispensing(r, 10, year, cut), dispensing(r, 20, year, cut)
    if lo == hi:
        return lo
    # past 10 minutes (or the 10 run out with no end) but within 20: met or missed by the band, which is unknown
    # (missing evidence); flagged, met or an excused overrun: never a pass without the band, excused (exempt)
    if lo == EXEMPT:
        return EXEMPT
    return MISSING


def report_within(r: dict, limit: timedelta, special: str, year: int | None, cut: datetime,
                  extended: timedelta | None = None) -> str:
    """A report within a limit from the start (radiology 门急诊30分钟, function tests 30分钟, laboratory 三大常规30分钟
    and 急诊2小时).  ``special``: what the documented special circumstance does: ``"exempt"`` (radiology:
    除…特殊情况及疑难患者, out of the promise) or ``"extend"`` (function tests, laboratory: 适当延长, a longer time of
    no stated length: met within the ordinary limit, unknown after it (missing evidence), open while it runs; with
    the longer limit the organisation sets (``extended``), a flagged record is held to that limit)."""
    start, end = r["started_at"], r.get("finished_at")
    if not in_year(start, year):
        return OUT
    flagged = bool(r.get("exempt"))
    if flagged and special == "exempt":
        return EXEMPT
    if flagged and extended is not None:
        return within(start, end, max(limit, extended), cut)
    v = within(start, end, limit, cut)
    return MISSING if flagged and v == FAIL else v


# ---------------------------------------------------------------- power_window 第十条(二)1, 3, 10
def counter(r: dict, limit_min: int, year: int | None, cut: datetime) -> str:
    """(二)1 办理居民客户收费业务的时间一般每件不超过5分钟,办理客户用电业务的时间一般每件不超过15分钟: from the start
    of service to its end, the limit itself on time (一般 read by the workspace as every transaction's norm)."""
    start, end = r["started_at"], r.get("ended_at")
    if not in_year(start, year):
        return OUT
    return within(start, end, timedelta(minutes=limit_min), cut)


def meter_day(r: dict, year: int | None, cut: datetime) -> str:
    """(二)3 在规定的抄表日期准确抄录: read on the scheduled day itself (earlier or later misses it).  Not read: missed
    once the day had ended at the cut-off, open while it had not."""
    day, read = r["scheduled_on"], r.get("read_at")
    if isinstance(day, datetime):
        day = day.date()
    if year is not None and day.year != year:
        return OUT
    if read is None:
        return FAIL if datetime.combine(day + timedelta(days=1), time(0)) <= cut else OPEN
    return PASS if read.date() == day else FAIL


def outage_notice(r: dict, year: int | None, cut: datetime, days: int = 7) -> str:
    """(二)10 因供电设施计划检修需要停电,应提前7天向社会公告: announced at least 7 calendar days before the day the
    outage starts.  Days are counted as days (README: the day of the act itself is not counted, the time of day does
    not matter): announced on 12-23, an outage on 12-30 at any hour was announced 7 days ahead; on 12-24, 6.  Not
    announced: missed once the last day to announce had ended at the cut-off, open before it.  Only planned
    outages (计划检修)."""
    if r.get("outage_kind") != "planned":
        return OUT
    start, ann = r["start_at"], r.get("announced_at")
    if not in_year(start, year):
        return OUT
    last_day = start.date() - timedelta(days=days)
    if ann is None:
        return FAIL if datetime.combine(last_day + timedelta(days=1), time(0)) <= cut else OPEN
    return PASS if ann.date() <= last_day else FAIL


# ---------------------------------------------------------------- power_window 第十三条(五): callbacks
REACHED = ("satisfied", "dissatisfied", "declined")   # declined (拒访): reached, gave no view: a callback


def callback(r: dict, after: tuple, year: int | None, cut: datetime, kind_concludes: bool = True) -> str:
    """第十三条(五) 对故障报修,修复后要及时回访 … 回访率不低于90%: a case is owed a callback once it is concluded
    (``after``: the times that conclude it, the earliest of them; a withdrawn case is concluded by its withdrawal,
    resolved_at, and owed one like any other) and has one when a callback that reached the customer was made at or
    after that moment (a customer not reached, 未回访: none).  A callback time with no result: whether it reached the
    customer is unknown; a result with no time: whether it came after the conclusion is unknown (missing evidence).
    及时 names no number: any later callback counts, none is a miss.

    Not concluded at the cut-off (no conclusion time, or one after the cut-off): owed nothing yet (not assessed),
    unless the records show the callback made after the conclusion (met).  Marked closed or withdrawn with no
    conclusion time: concluded, when unknown: no callback a miss, one whose order is unknown missing evidence.
    ``kind_concludes`` False: the records never say when a case of this kind concludes (no time, no state on any):
    whether one was owed is unknown (missing evidence)."""
    if not in_year(r["received_at"], year):
        return OUT
    ends = [r.get(c) for c in after if r.get(c) is not None]
    done = min(ends) if ends else None
    at, res, status = r.get("callback_at"), r.get("callback_result"), r.get("case_status")
    if done is None:
        if status in ("closed", "withdrawn"):
            none = res in ("unreachable", "not_called_back") or (res is None and at is None)
            return FAIL if none else MISSING
        return NOT_ASSESSED if kind_concludes else MISSING
    proven = res in REACHED and at is not None and at >= done
    if done > cut:
        return PASS if proven else NOT_ASSESSED
    if proven:
        return PASS
    if res in ("unreachable", "not_called_back"):
        return FAIL
    if res is None:
        return MISSING if at is not None and at >= done else FAIL
    return FAIL if at is not None else MISSING   # reached: before the conclusion, or when unknown


# ---------------------------------------------------------------- attendance: 准时 / 提前到岗 / 早退
def on_time(r: dict, year: int | None, cut: datetime) -> str:
    """标准4 一、准时挂牌上岗; 标准2 1.工作时间提前到岗做好准备 (the workspace reads 提前 as at or before the start,
    see the report): clocked in no later than the shift start.  No clock-in (缺卡): missing evidence, never a miss;
    open while the shift had not started at the cut-off (a clock-in at the cut-off itself could still be on time)."""
    shift, arr = r["shift_start"], r.get("arrived_at")
    if not in_year(shift, year):
        return OUT
    if arr is None:
        return OPEN if shift >= cut else MISSING
    return PASS if arr <= shift else FAIL


def early_leave(r: dict, year: int | None, cut: datetime) -> str:
    """标准5 六、5 不准擅离职守 (the workspace's reading: a shift not left before its scheduled end): clocked out at or
    after the shift's end.  No clock-out: missing evidence; open while the shift had not ended at the cut-off (a
    shift ending at the cut-off itself has ended by it: a clock-out not in the data is missing, as the measure's
    note reads 'open while the shift has not ended by the cut-off').  A shift with no scheduled end is not in the
    population."""
    start, end, left = r["shift_start"], r.get("shift_end"), r.get("left_at")
    if end is None or not in_year(start, year):
        return OUT
    if left is None:
        return OPEN if end > cut else MISSING
    return PASS if left >= end else FAIL


# ---------------------------------------------------------------- 标准4 八、排队超过10人时…及时分流
def diverted(snaps: list[dict], year: int | None, minutes: int = 10, limit: int = 10) -> dict:
    """排队超过10人时,采取增设窗口、弹性排班等措施及时分流病人, per window's snapshots (the queue system's log): a
    snapshot with more than 10 waiting (11 or more) is met when a later snapshot of the same window within 10 minutes
    (10:00 itself within) shows the queue back to 10 or fewer, or more windows open than it had.  No later snapshot
    within the 10 minutes: the log does not say what followed (missing evidence: never a miss, never a pass either).
    Later ones that show neither, where a count of open windows is blank on either side: whether more opened is
    unknown (missing evidence); else missed.
    Returns {(window_id, observed_at): verdict}."""
    out = {}
    by_win: dict = {}
    for s in snaps:
        by_win.setdefault(s["window_id"], []).append(s)
    for win, rows in by_win.items():
        rows = sorted(rows, key=lambda s: s["observed_at"])
        for i, s in enumerate(rows):
            key = (win, s["observed_at"])
            if not in_year(s["observed_at"], year) or s["queue_length"] is None or s["queue_length"] <= limit:
                out[key] = OUT
                continue
            later = [x for x in rows[i + 1:] if x["observed_at"] <= s["observed_at"] + timedelta(minutes=minutes)]
            if not later:
                out[key] = MISSING
                continue
            mine = s.get("open_windows")
            if any(x["queue_length"] is not None and x["queue_length"] <= limit for x in later) or any(
                    mine is not None and x.get("open_windows") is not None and x["open_windows"] > mine for x in later):
                out[key] = PASS
            elif mine is None or any(x.get("open_windows") is None or x["queue_length"] is None for x in later):
                out[key] = MISSING
            else:
                out[key] = FAIL
    return out


# ---------------------------------------------------------------- counter pauses: 顶替 / 擅离职守
def _other(r: dict) -> bool:
    """Someone covered the counter who is not the one who left it (他人); the one who left not written: any name."""
    by, who = (r.get("covered_by") or "").strip(), (r.get("staff_id") or "").strip()
    return bool(by) and by != who


def pause_covered(r: dict, year: int | None) -> str:
    """标准2 2.工作时间内暂时离开柜台,需由他人临时顶替: every pause names the colleague who took the counter over; one
    naming nobody, or the very person who left (not 他人), leaves the counter unserved."""
    if not in_year(r["paused_at"], year):
        return OUT
    return PASS if _other(r) else FAIL


def pause_allowed(r: dict, year: int | None) -> str:
    """标准5 六、5 不准擅离职守 (the workspace's reading: a pause with an approved reason, or covered by a colleague)."""
    if not in_year(r["paused_at"], year):
        return OUT
    return PASS if r.get("reason") == "approved" or _other(r) else FAIL


# ---------------------------------------------------------------- 缩短病人等待时间: the measured figures
def quantile7(xs: list[float], p: float) -> float | None:
    """The p-quantile with linear interpolation between order statistics (R's type 7, the usual one)."""
    if not xs:
        return None
    xs = sorted(xs)
    h = (len(xs) - 1) * p
    lo = int(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


def waiting(tickets: list[dict], year: int | None) -> dict:
    """挂号收费 7、/ 门诊药房 7、缩短病人等待时间 names no limit: a window's waits from the ticket (取号) to the call
    (叫号) are measured, not judged: tickets taken in the year, those called, those never called, and the median and
    90th percentile of the called ones' waits in minutes.  Returns {window_id: (tickets, called, not_called,
    median, p90)}."""
    out: dict = {}
    for t in tickets:
        if not in_year(t["ticket_at"], year):
            continue
        out.setdefault(t["window_id"], []).append(t)
    figures = {}
    for w, ts in out.items():
        waits = [(t["called_at"] - t["ticket_at"]).total_seconds() / 60 for t in ts if t.get("called_at") is not None]
        figures[w] = (len(ts), len(waits), len(ts) - len(waits), quantile7(waits, 0.5), quantile7(waits, 0.9))
    return figures


# ---------------------------------------------------------------- 第十三条(五) replies, with the case's state
def reply(r: dict, days: int, year: int | None, cut: datetime) -> str:
    """对客户投诉在5天内、举报在10天内答复, as tests/diff37_reference.complaint_reply reads it (calendar days from the day
    after receipt; withdrawn unanswered: not assessed within the limit, missed after it), and a case the system marks
    closed (办结, 归档) with no reply time: replied, when unknown (missing evidence), never open nor overdue."""
    from diff37_reference import complaint_reply

    if r.get("replied_at") is None and r.get("case_status") == "closed" and in_year(r["received_at"], year):
        return MISSING
    return complaint_reply(r, days, year, cut)


# ---------------------------------------------------------------- 第六条(一) voltage at the customer's supply point
def _dev(r: dict):
    """The deviation (measured − nominal) / nominal as an exact fraction of the written decimals."""
    from fractions import Fraction

    n = Fraction(str(r["nominal_v"]))
    return (Fraction(str(r["measured_v"])) - n) / n


def voltage_band(r: dict, low: str, high: str, year: int | None) -> str:
    """(一)1 (2) 10千伏及以下三相供电的,为额定值的±7%; (3) 220伏单相供电的,为额定值的+7%,-10%; (一)2 非正常状况下
    不应超过额定值的±10%: a reading within the band, its limits included (为 ±7%: up to 7 % itself).  The rate is
    by time: a reading with no minutes it stands for (blank, 0 or less) has no share of the time (missing)."""
    from fractions import Fraction

    if not in_year(r["read_at"], year):
        return OUT
    if r.get("duration_min") is None or r["duration_min"] <= 0:
        return MISSING
    d = _dev(r)
    return PASS if Fraction(low) <= d <= Fraction(high) else FAIL


def voltage_span(rows: list[dict], year: int | None, limit: str = "0.10") -> dict:
    """(一)1 (1) 35千伏以上电压供电的,电压正、负偏差的绝对值之和不超过额定值的10%, per monitoring point and day: the
    largest positive deviation plus the largest negative one in absolute value (a side with no deviation that way
    adds nothing: a day all 11 % high is 11 %, not a span of 0).  Every reading of the day shares its verdict.
    Returns {(point_id, read_at): verdict}."""
    from fractions import Fraction

    days: dict = {}
    for r in rows:
        days.setdefault((r["point_id"], r["read_at"].date()), []).append(r)
    out = {}
    for group in days.values():
        devs = [_dev(r) for r in group]
        total = max(max(devs), 0) + max(-min(devs), 0)
        v = PASS if total <= Fraction(limit) else FAIL
        for r in group:
            key = (r["point_id"], r["read_at"])
            if not in_year(r["read_at"], year):
                out[key] = OUT
            elif r.get("duration_min") is None or r["duration_min"] <= 0:
                out[key] = MISSING
            else:
                out[key] = v
    return out


# ---------------------------------------------------------------- 门诊药房 9、 decoction, with the pick-up time
def decoction(r: dict, year: int | None, cut: datetime) -> str:
    """上午10点前送煎12点取药,下午3点30分送煎5点30分取药 as tests/diff37_reference.clock_rule reads it, with the
    patient's pick-up (取药): the medicine was ready at or before it, so with no ready time a pick-up by the due
    time proves it ready in time (met) and a later one leaves it unknown (missing evidence)."""
    from diff37_reference import DECOCTION, _clock_rule, clock_rule

    got = r.get("collected_at")
    if r.get("finished_at") is None and got is not None and in_year(r["started_at"], year):
        due = _clock_rule(r["started_at"], DECOCTION)
        if due is not None:
            return PASS if got <= due else MISSING
    return clock_rule(r, DECOCTION, year, cut)
