"""An independent reading of the unit-level clauses tests/diff37_reference.py and tests/diff38_reference.py left out, for
differential testing (tests/test_diff39_*.py): service in every slot of the clock (标准3 各窗口 1、实行24小时服务;
标准1 第十条(一)1 无周休日, (一)2 24小时不间断服务), supply reliability and planned outages per customer (第六条(二)1,
2), the roster's English and sign language (第七条(四)), the 95598 abandonment share beside 第十条(二)6 and the
callbacks of 第十三条(五) where a case has several attempts (a 回访记录 one row per attempt).

Written from the standards' texts (/work/shared/standards/*.zh.txt) and their README's readings; the workspace's
contract only names the columns and the measures' parameters (slot: hour / weekday; min_rate).  It imports nothing
from windoweval, only the standard library.  Each function takes plain rows (dicts of ``datetime``/``date``/str/bool
or None) and gives a verdict per unit: pass, fail, missing (missing evidence: the records there are cannot tell) and
not_assessed (no record at all); units keyed as the clause counts them.

The readings, where the text is open:
- 实行24小时服务 / 24小时不间断: each of the day's 24 hours had service at the window in the year; 无周休日: each of
  the week's seven days (Monday 0 … Sunday 6) had.  A record belongs to the year of its own time (the record's
  receipt: a call's ringing, a repair's filing, else its receipt), and fills the slot of the time the measure reads.
  A window with no record of the year: nothing to judge (not assessed).  A record of the window without the time
  the slot is read from could have been in any empty slot: an empty slot of a window holding one is unknown
  (missing evidence), never a miss on evidence that is not there; with every record timed, an empty slot is missed.
- 每年不应超过N次: a customer's planned outages (distinct outages) begun in the year, at most N.  An outage whose
  customer is blank is one unit of unknown customer (missing evidence), never dropped.
- 供电可靠性不低于省公司规定的标准: 1 - hours without supply / hours of the year, per customer, the outages'
  hours clipped to the year and overlapping ones counted once; an outage not yet restored counts to the cut-off;
  one marked closed with no restoration: its hours unknown (missing evidence), unless the known hours already fail;
  one of the year before so marked may have reached into the year: its customer (a unit of the year by another
  outage) unknown as well (an outage of two years before reaching into the year is not read as possible).
  No standard set: no customer can be judged, the province's figure is the evidence missing.
- 至少有一位工作人员: someone on the window's roster during the year (joined by 31 Dec, not left before 1 Jan) with
  the skill; people on it, none with it: missed; nobody on it in the year: missing evidence.
- The abandonment share (呼损, reported beside 10.2.6): a call rung in the year, unanswered with a hang-up time, is
  abandoned; answered, not; with neither time, which of the two is unknown (missing evidence).
- 修复后要及时回访 over a case's attempts: any attempt that reached the customer at or after the conclusion counts,
  whatever came before or after it; none, but one of blank result after the conclusion: unknown; else missed.
"""
from __future__ import annotations

from datetime import date, datetime

PASS, FAIL, MISSING, NOT_ASSESSED = "pass", "fail", "missing", "not_assessed"


def _year_of(r: dict, period: tuple) -> int | None:
    for c in period:
        if r.get(c) is not None:
            return r[c].year
    return None


#: The make-up working weekend days (调休) of 2023-2026, from the State Council's yearly holiday notices.
MAKEUP_DAYS = {date.fromisoformat(d) for d in (
    "2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08",
    "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12",
    "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
    "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")}


def every_slot(rows: list[dict], windows: list[str], time: str, slot: str, year: int, period: tuple,
               empty: str = "fail", served: str | None = None, abandoned: str | None = None,
               abandoned_limit: float = 12, makeup_days: str = "count") -> dict:
    """{(window, slot): verdict} for the windows of the clause: ``slot`` hour (0-23) or weekday (0 Monday … 6).
    ``empty="na"``: a slot nobody asked for service in is missing evidence, not a miss; ``served``: a record with that
    column blank asked and was not served (a slot holding only such records is missed, unless a served record of
    the window has no time: it may have been there).  ``abandoned`` (verdicts46): an unserved record given up at most
    ``abandoned_limit`` seconds after its time is not counted at all; one unserved with no such time may have been:
    a slot whose unserved records are all such is missing evidence (under ``empty="na"``)."""
    n = 24 if slot == "hour" else 7
    seen = {w: set() for w in windows}
    asked = {w: set() for w in windows}
    owed = {w: set() for w in windows}
    untimed = dict.fromkeys(windows, False)
    untimed_served = dict.fromkeys(windows, False)
    any_rec = dict.fromkeys(windows, False)
    for r in rows:
        w = r.get("window_id")
        if w not in seen or _year_of(r, period) != year:
            continue
        any_rec[w] = True
        ok = served is None or r.get(served) is not None
        t = r.get(time)
        if makeup_days == "skip" and t is not None and t.date() in MAKEUP_DAYS:
            continue    # a 调休 working weekend day: not counted for its weekday (verdicts46)
        gone = r.get(abandoned) if abandoned else None
        if not ok and abandoned and gone is not None and t is not None and (gone - t).total_seconds() <= abandoned_limit:
            continue    # given up within the answer limit: not yet owed an answer, not counted
        sure = ok or not abandoned or gone is not None
        if t is None:
            untimed[w] = True
            untimed_served[w] = untimed_served[w] or ok
        else:
            s = t.hour if slot == "hour" else t.weekday()
            asked[w].add(s)
            if ok:
                seen[w].add(s)
            elif sure:
                owed[w].add(s)
    out = {}
    for w in windows:
        for s in range(n):
            if not any_rec[w]:
                v = NOT_ASSESSED
            elif s in seen[w]:
                v = PASS
            elif s in owed[w] or (s in asked[w] and empty != "na"):
                v = MISSING if untimed_served[w] else FAIL
            elif s in asked[w]:
                v = MISSING
            elif empty == "na":
                v = MISSING
            else:
                v = MISSING if untimed[w] else FAIL
            out[(w, s)] = v
    return out


def planned_outages(rows: list[dict], max_n: int, year: int) -> dict:
    """{(window, customer): verdict} (customer None: one unit per outage row whose customer is blank, keyed
    (window, None, i)), the rows already those of the clause (planned, the voltage class)."""
    seen: dict = {}
    out = {}
    for i, r in enumerate(rows):
        if r.get("start_at") is None or r["start_at"].year != year:
            continue
        if r.get("customer_id") is None:
            out[(r["window_id"], None, i)] = MISSING
            continue
        seen.setdefault((r["window_id"], r["customer_id"]), set()).add(r["outage_id"])
    for k, ids in seen.items():
        out[k] = PASS if len(ids) <= max_n else FAIL
    return out


def reliability(rows: list[dict], min_rate: float | None, year: int, cut: datetime) -> dict:
    """{(window, customer): verdict}; blank customers as in :func:`planned_outages`."""
    y0, y1 = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    hours = (y1 - y0).total_seconds() / 3600
    spans: dict = {}
    unknown: dict = {}
    out = {}
    for i, r in enumerate(rows):
        s, e = r.get("start_at"), r.get("restored_at")
        closed = r.get("outage_status") in ("closed", "withdrawn") and e is None
        end = (s if closed else min(cut, y1)) if e is None else e
        if s is None or s >= y1:
            continue
        if s < y0 and end <= y0:
            # takes no hour of the year that is known; ended when unknown, it may have reached into the year: its
            # customer's hours are unknown if the customer is a unit of the year by another outage
            if closed and r.get("customer_id") is not None and s.year == year - 1:
                unknown[(r["window_id"], r["customer_id"])] = True
            continue
        if r.get("customer_id") is None:
            out[(r["window_id"], None, i)] = MISSING
            continue
        k = (r["window_id"], r["customer_id"])
        spans.setdefault(k, []).append((max(s, y0), min(max(end, s), y1)))
        if closed:
            unknown[k] = True
    for k, iv in spans.items():
        iv.sort()
        total, cur_s, cur_e = 0.0, None, None
        for s, e in iv:
            if cur_e is None or s > cur_e:
                if cur_e is not None:
                    total += (cur_e - cur_s).total_seconds()
                cur_s, cur_e = s, e
            else:
                cur_e = max(cur_e, e)
        if cur_e is not None:
            total += (cur_e - cur_s).total_seconds()
        if min_rate is None:   # the standard the clause points to not given: that evidence is missing
            out[k] = MISSING
            continue
        ok = 1 - total / 3600 / hours >= min_rate
        out[k] = FAIL if not ok else (MISSING if unknown.get(k) else PASS)
    return out


def roster_any(rows: list[dict], windows: list[str], skill: str, year: int) -> dict:
    """{window: verdict}: someone on the roster in the year with the skill."""
    y0, y1 = date(year, 1, 1), date(year, 12, 31)
    on = {w: [] for w in windows}
    for r in rows:
        if r["window_id"] not in on:
            continue
        a, b = r.get("active_from"), r.get("active_to")
        if (a is not None and a > y1) or (b is not None and b < y0):
            continue
        on[r["window_id"]].append(r.get(skill))
    out = {}
    for w, skills in on.items():
        if any(s is True for s in skills):
            out[w] = PASS
        elif not skills or any(s is None for s in skills):
            out[w] = MISSING
        else:
            out[w] = FAIL
    return out


def abandoned(r: dict, year: int) -> str | None:
    """A call's place in the abandonment share: pass = abandoned, fail = not (answered), missing = unknown; None:
    another year's call."""
    if r["offered_at"].year != year:
        return None
    if r.get("answered_at") is not None:
        return FAIL
    return PASS if r.get("hung_up_at") is not None else MISSING


# ---------------------------------------------------------------- 第十三条(五) callbacks, a case's several attempts
REACHED = ("satisfied", "dissatisfied", "declined")   # declined (拒访): reached, gave no view: a callback


def callback_attempts(case: dict, attempts: list[dict]) -> str:
    """对故障报修,修复后要及时回访 … 回访率: a concluded case (``case["done"]``: its conclusion, a fault repair's
    repair, another case's reply or resolution, the earliest) has its callback when any attempt reached the customer
    at or after the conclusion, whatever came before or after it (a failed attempt, then one that reached: called
    back; one that reached, then a check call unanswered: called back; 及时 names no number: a late one counts).  No
    such attempt, but one at or after the conclusion whose result is blank: whether it reached the customer is
    unknown (missing evidence).  Otherwise (none after the conclusion, or none that reached): missed."""
    done = case["done"]
    after = [a for a in attempts if a["callback_at"] is not None and a["callback_at"] >= done]
    if any(a["callback_result"] in REACHED for a in after):
        return PASS
    if any(a["callback_result"] is None for a in after):
        return MISSING
    return FAIL
