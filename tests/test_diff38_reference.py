"""Differential test of the record-based measures test_diff37_reference.py left out: every record's verdict from the
engine (``windoweval.score``) against an independent reading of the standards' texts (tests/diff38_reference.py).

The measures: the hospital's minute limits (挂号收费 5 分钟, 西药 5 分钟, 中药 5 付以下 10 / 5 付以上 20 分钟 with
the pick-up time and the special-preparation excuse, 放射 门急诊 30 分钟, 功能 30 分钟, 检验 三大常规 30 分钟 and
急诊 2 小时 with 适当延长), the power hall's counter minutes (第十条(二)1: 5 and 15 minutes), the meter-reading day
((二)3) and the planned outage's 7 days' notice ((二)10).  Seeded records on the edges: ends at the limit and a
second past, starts at 00:00:00 and 23:59:59, around the holidays and 调休 working weekends of 2024-2026, across the
year's end, blanks in each optional time, the special-circumstance flag, doses blank and at the band's edge, and
records with no end whose limit falls at the cut-off itself, a second before and a second after.
"""
from __future__ import annotations

import random
import tempfile
from datetime import date, datetime, time, timedelta

import pandas as pd
import pytest

import windoweval as we

import diff37_reference as d37
import diff38_reference as ref
from _workspace import workspace
from test_diff37_reference import _clock, _edge_days, _plain, disagreements, validated

SEED = 38
WINDOWS = (("PW01", "城东营业厅", "power_hall"), ("HBIL", "挂号收费室", "hospital_billing"),
           ("HPHA", "门诊药房", "hospital_pharmacy"), ("HLAB", "检验科", "hospital_lab"),
           ("HRAD", "放射科", "hospital_radiology"), ("HFUN", "功能科", "hospital_function"),
           ("HINS", "医保窗口", "hospital_insurance"), ("HGUI", "导医台", "hospital_guide"))

#: event_type -> (window, limit in minutes)
#: the longer limits of 适当延长 an organisation sets (minutes; the workspace takes them in the measure's unit)
EXTENDED = {"hospital_commitments.function.5": (60, 60), "hospital_commitments.lab.5#routine": (45, 45),
            "hospital_commitments.lab.5#emergency": (180, 3)}
_EXT_OF = {"function_exam": 60, "lab_routine": 45, "lab_emergency": 180}
_EVENTS = {"billing": ("HBIL", 5), "prescription_western": ("HPHA", 5), "prescription_chinese": ("HPHA", 10),
           "radiology_exam": ("HRAD", 30), "function_exam": ("HFUN", 30), "lab_routine": ("HLAB", 30),
           "lab_emergency": ("HLAB", 120)}


def _around(rng, start: datetime, limits: list[int]) -> datetime | None:
    """An end at a limit, a second either side, the start itself, a day later, or blank."""
    lim = start + timedelta(minutes=rng.choice(limits))
    return rng.choice([lim, lim + timedelta(seconds=1), lim - timedelta(seconds=1), start, lim + timedelta(days=1),
                       start + timedelta(seconds=rng.randrange(3 * 3600)), None, None])


def hospital_events(rng, days, n):
    rows = []
    for i in range(n):
        et = rng.choice(list(_EVENTS))
        win, lim = _EVENTS[et]
        start = datetime.combine(rng.choice(days), _clock(rng))
        row = {"event_type": et, "window_id": win, "started_at": start, "exempt": rng.random() < 0.15}
        limits = [lim]
        if et == "prescription_chinese":
            row["doses"] = rng.choice([None, 1, 5, 5, 6, 12])
            limits = [10, 20]
        if et == "radiology_exam":
            row["patient_kind"] = rng.choice(["outpatient", "emergency", "inpatient", None])
        if et == "billing":   # the 5 minutes run from the call to the window; the HIS's 收费时间 is the receipt
            called = None if rng.random() < 0.15 else start - timedelta(seconds=rng.choice([0, 30, 299, 300, 301]))
            row["called_at"] = called
            end = _around(rng, called or start, limits)
            row["started_at"] = end or start
        else:
            end = _around(rng, start, limits + ([_EXT_OF[et]] if et in _EXT_OF and row["exempt"] else []))
        row["finished_at"] = end
        if et.startswith("prescription") and rng.random() < 0.35:   # the patient's pick-up (取药)
            got = _around(rng, start, limits)
            if end is not None and got is not None and got < end:
                got = end
            row["collected_at"] = got
        rows.append(row)
    for i in range(n // 6):   # decoctions (门诊药房 9、): handed in around 10:00 and 15:30, ready or picked up around noon and 17:30
        d = rng.choice(days)
        start = datetime.combine(d, time.fromisoformat(rng.choice(["09:59:59", "10:00:00", "15:30:00", "15:30:59",
                                                                   "15:31:00", "00:00:00", "23:59:59"])))
        due = datetime.combine(d, time.fromisoformat(rng.choice(["12:00:00", "17:30:00"])))
        near = [due, due + timedelta(seconds=1), due - timedelta(seconds=1), due + timedelta(days=1), None]
        end, got = rng.choice(near + [None]), rng.choice(near)
        end = None if end is None else max(end, start)
        got = None if got is None else max(got, end or start)
        rows.append({"event_type": "decoction", "window_id": "HPHA", "started_at": start, "finished_at": end,
                     "collected_at": got, "exempt": False})
    df = pd.DataFrame(rows)
    df.insert(0, "event_id", [f"H{i:06d}" for i in range(len(df))])
    return df


def counter_transactions(rng, days, n):
    rows = []
    for i in range(n):
        bt = rng.choice(["resident_payment", "electricity_business", "enquiry"])
        start = datetime.combine(rng.choice(days), _clock(rng))
        lim = start + timedelta(minutes=rng.choice([5, 15]))
        end = rng.choice([lim, lim + timedelta(seconds=1), lim - timedelta(seconds=1), start,
                          start + timedelta(seconds=rng.randrange(1800))])
        ticket = start - timedelta(minutes=rng.choice([0, 3, 40]))
        rows.append({"ticket_id": f"T{i:06d}", "window_id": "PW01", "business_type": bt, "ticket_at": ticket,
                     "called_at": ticket if rng.random() < 0.5 else None, "started_at": start, "ended_at": end})
    return pd.DataFrame(rows)


def meter_readings(rng, days, n):
    rows = []
    for i in range(n):
        d = rng.choice(days)
        read = rng.choice([datetime.combine(d, time(0)), datetime.combine(d, time(23, 59, 59)),
                           datetime.combine(d, time(10, 20)), datetime.combine(d, time(0)) - timedelta(seconds=1),
                           datetime.combine(d + timedelta(days=1), time(0)), None])
        rows.append({"reading_id": f"R{i:06d}", "window_id": "PW01", "customer_id": f"C{i % 97}",
                     "scheduled_on": d, "read_at": read})
    return pd.DataFrame(rows)


def outages(rng, days, n):
    rows = []
    for i in range(n):
        start = datetime.combine(rng.choice(days), _clock(rng))
        latest = start - timedelta(days=7)
        ann = rng.choice([latest, latest + timedelta(seconds=1), latest - timedelta(seconds=1),
                          datetime.combine(latest.date(), time(0)), datetime.combine(latest.date(), time(23, 59, 59)),
                          start - timedelta(days=6), start - timedelta(days=30), None])
        rows.append({"outage_id": f"O{i:05d}", "customer_id": "C1", "window_id": "PW01", "voltage_class": "lv220",
                     "outage_kind": rng.choice(["planned", "planned", "fault", "temporary"]), "start_at": start,
                     "announced_at": ann})
    return pd.DataFrame(rows)


def complaints(rng, days, n):
    """Cases with their reply, resolution (a fault repair's: the repair), state and callback around the
    conclusion: a second before, at it, a second and a day after, blank; every callback result, and blank."""
    rows = []
    for i in range(n):
        kind = rng.choice(["complaint", "report", "fault_repair", "fault_repair", "suggestion", "enquiry"])
        rec = datetime.combine(rng.choice(days), _clock(rng))
        rep = rng.choice([None, rec, rec + timedelta(days=rng.choice([0, 1, 4, 9]), hours=rng.choice([0, 3, 23]))])
        res = rng.choice([None, rec + timedelta(hours=rng.choice([0, 2, 30, 200]))])
        if kind == "fault_repair":
            rep = rng.choice([None, None, rep])
        status = rng.choice([None, None, "open", "closed", "withdrawn"])
        ends = [t for t in (rep, res) if t is not None]
        base = (min(ends) if ends else rec + timedelta(hours=5)) if kind != "fault_repair" else (res or rec)
        cb = rng.choice([None, base - timedelta(seconds=1), base, base + timedelta(seconds=1), base + timedelta(days=1),
                         rec + timedelta(hours=rng.choice([1, 48]))])
        if cb is not None and cb < rec:
            cb = rec
        result = rng.choice([None, "satisfied", "satisfied", "dissatisfied", "declined", "unreachable",
                             "not_called_back"])
        rows.append({"case_id": f"TS{i:06d}", "window_id": "PW01", "channel": "95598", "kind": kind,
                     "received_at": rec, "replied_at": rep, "resolved_at": res, "case_status": status,
                     "callback_at": cb, "callback_result": result})
    return pd.DataFrame(rows)


def attendance(rng, days, n):
    """Shifts clocked in at the start, a second either side, early and late; clocked out at the end, a second
    either side, hours later; blanks in either; shifts with no scheduled end; night shifts over midnight."""
    rows = []
    wins = ["PW01", "HINS", "HPHA", "HBIL", "HGUI", "HRAD"]
    for i in range(n):
        start = datetime.combine(rng.choice(days), rng.choice([time(0, 0), time(8, 0), time(8, 30), time(22, 0),
                                                               time(23, 59, 59)]))
        end = rng.choice([start + timedelta(hours=8), start + timedelta(hours=10), None])
        arr = rng.choice([start, start + timedelta(seconds=1), start - timedelta(seconds=1), start - timedelta(minutes=20),
                          start + timedelta(minutes=5), None])
        left = None if end is None else rng.choice([end, end + timedelta(seconds=1), end - timedelta(seconds=1),
                                                    end + timedelta(hours=2), end - timedelta(hours=3), None])
        if left is not None and arr is not None and left < arr:
            left = arr
        rows.append({"staff_id": f"S{i:05d}", "window_id": rng.choice(wins), "shift_start": start, "arrived_at": arr,
                     "shift_end": end, "left_at": left})
    return pd.DataFrame(rows)


def queue_snapshots(rng, days, n):
    """Runs of snapshots at the pharmacy and the billing windows, spaced a minute, 9:59, 10:00, 10:01 or half an
    hour apart, queues around 10 (10 itself is not over it), open windows sometimes blank."""
    rows, seen = [], set()
    while len(rows) < n:
        win = rng.choice(["HPHA", "HBIL", "PW01"])
        t = datetime.combine(rng.choice(days), rng.choice([time(9, 0), time(23, 45), time(0, 0), time(14, 30)]))
        wins = rng.choice([1, 2, 3])
        for _ in range(rng.randrange(1, 6)):
            if (win, t) not in seen:
                seen.add((win, t))
                rows.append({"window_id": win, "observed_at": t, "queue_length": rng.choice([8, 10, 11, 11, 12, 15, 25]),
                             "open_windows": rng.choice([wins, wins, wins + 1, wins - 1, None])})
            t += rng.choice([timedelta(minutes=1), timedelta(minutes=9, seconds=59), timedelta(minutes=10),
                             timedelta(minutes=10, seconds=1), timedelta(minutes=30)])
    return pd.DataFrame(rows)


def counter_pauses(rng, days, n):
    """Pauses covered by a colleague, by nobody, or by the very staff member who paused (the queue system filling
    the logged-in user in); reasons approved, none, blank; the one who paused sometimes not written."""
    rows = []
    for i in range(n):
        at = datetime.combine(rng.choice(days), _clock(rng))
        who = rng.choice([f"S{i % 40:04d}", None])
        by = rng.choice([None, f"S{(i + 7) % 40:04d}", who, who])
        rows.append({"pause_id": f"P{i:06d}", "window_id": rng.choice(["PW01", "HPHA"]), "counter_id": str(i % 5),
                     "staff_id": who, "paused_at": at, "resumed_at": at + timedelta(minutes=rng.choice([1, 20])),
                     "covered_by": by, "reason": rng.choice(["approved", "none", None])})
    return pd.DataFrame(rows)


def queue_tickets(rng, days, n):
    """Tickets at the billing window, the pharmacy and a power hall (no hospital queue: not measured there),
    called at once, minutes later, the next day, or never; taken at 23:59:59 on the year's last day."""
    rows = []
    for i in range(n):
        at = datetime.combine(rng.choice(days), _clock(rng))
        called = rng.choice([at, at + timedelta(seconds=rng.randrange(1, 3600)), at + timedelta(days=1), None])
        rows.append({"ticket_id": f"Q{i:07d}", "window_id": rng.choice(["HBIL", "HPHA", "PW01"]), "ticket_at": at,
                     "called_at": called})
    return pd.DataFrame(rows)


_NOMINAL = {"single_phase_220v": 220.0, "three_phase_10kv_below": 10000.0, "kv35_plus": 35000.0}


def voltage_readings(rng, days, n):
    """Readings at the band's limits exactly (235.4 V = 220 V + 7 %, 198 V = −10 %, 10 700 V, 9 300 V), a hair
    outside, inside and well outside; 35 kV days whose deviations are of one sign or both, summing to 10 % exactly or
    more; normal and abnormal system states; the load exemption (功率达标 false) and blank; minutes blank or 0."""
    rows = []
    for p in range(120):
        st = rng.choice(list(_NOMINAL))
        nom = _NOMINAL[st]
        d = rng.choice(days)
        t = datetime.combine(d, rng.choice([time(0), time(22, 0)]))
        same = rng.choice([None, 1, -1])   # a day whose deviations are all of one sign
        for _ in range(rng.randrange(1, 8)):
            x = rng.choice(["0.07", "-0.10", "-0.07", "0.10", "0.05", "-0.05", "0.11", "0.0701", "-0.1001", "0", "0.03"])
            if same is not None:
                x = str(same * abs(float(x)))
            rows.append({"point_id": f"V{p:03d}", "window_id": "PW01", "supply_type": st, "nominal_v": nom,
                         "measured_v": float(round(nom * (1 + float(x)), 4)), "read_at": t,
                         "duration_min": rng.choice([60.0, 60.0, 60.0, None, 0.0]),
                         "system_state": rng.choice(["normal", "normal", "normal", "abnormal"]),
                         "power_factor_ok": rng.choice([None, True, True, False])})
            t += rng.choice([timedelta(hours=1), timedelta(hours=2), timedelta(minutes=1)])
    return pd.DataFrame(rows)


KEYS = {"hospital_events": "event_id", "counter_transactions": "ticket_id", "meter_readings": "reading_id",
        "outages": "outage_id", "complaints": "case_id", "attendance": "staff_id", "counter_pauses": "pause_id"}
CUTS = [datetime(2025, 12, 31, 23, 59, 59), datetime(2026, 1, 10, 8), datetime(2025, 12, 30, 12),
        datetime(2024, 12, 31, 23, 59, 59)]


def at_cut(cut: datetime) -> dict:
    """Records with no end whose limit falls at the cut-off itself, a second before and a second after."""
    out = {k: [] for k in KEYS}
    for s in (-1, 0, 1):
        d = timedelta(seconds=s)
        for et, (win, lim) in _EVENTS.items():
            for flag in (False, True):
                row = {"event_type": et, "window_id": win, "started_at": cut - timedelta(minutes=lim) + d,
                       "exempt": flag}
                if et == "billing":
                    row["called_at"] = row["started_at"]
                if et == "radiology_exam":
                    row["patient_kind"] = "outpatient"
                if et == "prescription_chinese":
                    out["hospital_events"].append({**row, "doses": None,
                                                   "started_at": cut - timedelta(minutes=20) + d})
                    out["hospital_events"].append({**row, "doses": 8, "started_at": cut - timedelta(minutes=20) + d})
                out["hospital_events"].append(row)
        day = (cut + d).date() - timedelta(days=1)
        out["meter_readings"].append({"window_id": "PW01", "scheduled_on": day})
        for w in ("PW01", "HPHA"):
            out["attendance"].append({"window_id": w, "shift_start": cut + d, "shift_end": cut + d + timedelta(hours=8)})
            out["attendance"].append({"window_id": w, "shift_start": cut + d - timedelta(hours=8), "shift_end": cut + d,
                                      "arrived_at": cut + d - timedelta(hours=8)})
        out["outages"].append({"customer_id": "C1", "window_id": "PW01", "voltage_class": "lv220",
                               "outage_kind": "planned", "start_at": cut + timedelta(days=7) + d})
    return out


def all_records(seed: int = SEED, n: int = 2400) -> dict:
    rng = random.Random(seed)
    days = _edge_days(rng)
    frames = {"hospital_events": hospital_events(rng, days, n), "counter_transactions": counter_transactions(rng, days, n // 2),
              "meter_readings": meter_readings(rng, days, n // 3), "outages": outages(rng, days, n // 3),
              "complaints": complaints(rng, days, n), "attendance": attendance(rng, days, n // 2),
              "queue_snapshots": queue_snapshots(rng, days, n // 2), "counter_pauses": counter_pauses(rng, days, n // 3),
              "queue_tickets": queue_tickets(rng, days, n // 2), "voltage_readings": voltage_readings(rng, days, 0)}
    for cut in CUTS:
        for kind, rows in at_cut(cut).items():
            if not rows or kind not in frames:
                continue
            key = KEYS[kind]
            extra = pd.DataFrame(rows)
            extra.insert(0, key, [f"X{key[:2].upper()}-{cut:%Y%m%d%H%M%S}-{i}" for i in range(len(extra))])
            frames[kind] = pd.concat([frames[kind], extra], ignore_index=True)
    return frames


def _ev(et, f):
    return lambda r, y, c, **kw: f(r, y, c, **kw) if r["event_type"] == et else ref.OUT


_MIN = timedelta(minutes=1)


def _ext(m: str, kw: dict):
    return EXTENDED[m][0] * _MIN if kw.get("extended") else None


MEASURES = {
    "hospital_commitments.billing.7": ("hospital_events", "event_id", _ev("billing", lambda r, y, c, **kw: ref.billing(r, y, c))),
    "hospital_commitments.pharmacy.7#western": ("hospital_events", "event_id", _ev(
        "prescription_western", lambda r, y, c, **kw: ref.dispensing(r, 5, y, c))),
    "hospital_commitments.pharmacy.7#chinese_up_to_5": ("hospital_events", "event_id", _ev(
        "prescription_chinese", lambda r, y, c, **kw: ref.chinese_band(r, "up_to_5", y, c))),
    "hospital_commitments.pharmacy.7#chinese_over_5": ("hospital_events", "event_id", _ev(
        "prescription_chinese", lambda r, y, c, **kw: ref.chinese_band(r, "over_5", y, c))),
    "hospital_commitments.pharmacy.9": ("hospital_events", "event_id", _ev(
        "decoction", lambda r, y, c, **kw: ref.decoction(r, y, c))),
    "hospital_commitments.radiology.5#outpatient_emergency": ("hospital_events", "event_id", _ev(
        "radiology_exam", lambda r, y, c, **kw: ref.report_within(r, 30 * _MIN, "exempt", y, c)
        if r.get("patient_kind") in ("outpatient", "emergency") else ref.OUT)),
    "hospital_commitments.function.5": ("hospital_events", "event_id", _ev(
        "function_exam", lambda r, y, c, **kw: ref.report_within(r, 30 * _MIN, "extend", y, c, _ext("hospital_commitments.function.5", kw)))),
    "hospital_commitments.lab.5#routine": ("hospital_events", "event_id", _ev(
        "lab_routine", lambda r, y, c, **kw: ref.report_within(r, 30 * _MIN, "extend", y, c, _ext("hospital_commitments.lab.5#routine", kw)))),
    "hospital_commitments.lab.5#emergency": ("hospital_events", "event_id", _ev(
        "lab_emergency", lambda r, y, c, **kw: ref.report_within(r, 120 * _MIN, "extend", y, c, _ext("hospital_commitments.lab.5#emergency", kw)))),
    "power_window.10.2.1#resident_payment": ("counter_transactions", "ticket_id", lambda r, y, c, **kw: ref.counter(r, 5, y, c)
                                             if r["business_type"] == "resident_payment" else ref.OUT),
    "power_window.10.2.1#electricity_business": ("counter_transactions", "ticket_id", lambda r, y, c, **kw: ref.counter(
        r, 15, y, c) if r["business_type"] == "electricity_business" else ref.OUT),
    "power_window.13.5#fault_repair_callback": ("complaints", "case_id", lambda r, y, c, **kw: ref.callback(
        r, ("resolved_at",), y, c) if r["kind"] == "fault_repair" else ref.OUT),
    "power_window.13.5#callback_rate": ("complaints", "case_id", lambda r, y, c, **kw: ref.callback(
        r, ("resolved_at",) if r["kind"] == "fault_repair" else ("replied_at", "resolved_at"), y, c)
        if r["kind"] in ("complaint", "report", "fault_repair") else ref.OUT),
    "etiquette.10.1#attendance": ("attendance", "staff_id", lambda r, y, c, **kw: ref.on_time(r, y, c)),
    "window_staff.6.5#early_leave": ("attendance", "staff_id", lambda r, y, c, **kw: ref.early_leave(r, y, c)),
    **{f"hospital_departments.{clause}.1#on_time": ("attendance", "staff_id", (lambda w: lambda r, y, c, **kw: ref.on_time(
        r, y, c) if r["window_id"] == w else ref.OUT)(w)) for clause, w in (
        ("insurance_window", "HINS"), ("pharmacy_window", "HPHA"), ("billing_window", "HBIL"), ("guide_desk", "HGUI"))},
    "etiquette.10.2#pauses": ("counter_pauses", "pause_id", lambda r, y, c, **kw: ref.pause_covered(r, y)),
    "window_staff.6.5#pauses": ("counter_pauses", "pause_id", lambda r, y, c, **kw: ref.pause_allowed(r, y)),
    "power_window.13.5#complaint_reply": ("complaints", "case_id", lambda r, y, c, **kw: ref.reply(r, 5, y, c)
                                          if r["kind"] == "complaint" else ref.OUT),
    "power_window.13.5#report_reply": ("complaints", "case_id", lambda r, y, c, **kw: ref.reply(r, 10, y, c)
                                       if r["kind"] == "report" else ref.OUT),
    "power_window.10.2.3": ("meter_readings", "reading_id", lambda r, y, c, **kw: ref.meter_day(r, y, c)),
    "power_window.10.2.10": ("outages", "outage_id", lambda r, y, c, **kw: ref.outage_notice(r, y, c)),
}
#: measure -> the window whose queue snapshots it judges (标准4 八、: the pharmacy's and the billing window's)
SNAPSHOT_MEASURES = {"hospital_departments.pharmacy_window.8": "HPHA", "hospital_departments.billing_window.8": "HBIL"}
STANDARDS = sorted({m.split(".")[0] for m in [*MEASURES, *SNAPSHOT_MEASURES]})



def snapshot_verdicts(frames: dict, year: int) -> dict:
    rows = [{k: _plain(v) for k, v in r.items()} for r in frames["queue_snapshots"].astype(object).to_dict("records")]
    out = {}
    for m, win in SNAPSHOT_MEASURES.items():
        v = ref.diverted([r for r in rows if r["window_id"] == win], year)
        out[m] = {**{(r["window_id"], r["observed_at"]): ref.OUT for r in rows}, **v}
    return out


def engine_snapshot_verdicts(card, measure: str, keys) -> dict:
    """As test_diff37_reference.engine_verdicts, a snapshot named by its window and time.  A unit-level measure's
    records without evidence are counted in the scorecard only (Scorecard.missing_evidence lists record-level
    ones): a snapshot the drill-down leaves undecided is ``missing`` here, and compare() checks the counts."""
    dd = card.drilldown(measure, include_passed=True, include_exempt=True)
    out = dict.fromkeys(keys, ref.OUT)
    for w, t, passed in zip(dd["window_id"], dd["observed_at"], dd["passed"]):
        out[(w, _plain(t))] = ref.MISSING if pd.isna(passed) else ref.PASS if passed else ref.FAIL
    return out


#: 第五条(二) 供电服务承诺兑现率100%: each promise of the register (windoweval/promises.yaml) an occurrence of a record
#: judges as the promise's clause does: measure -> (kind, id column, {promise_id: the clause's reading})
PROMISES = {
    "power_window.5.2#counter": ("counter_transactions", "ticket_id", {
        "pw_resident_payment_5min": "power_window.10.2.1#resident_payment",
        "pw_electricity_business_15min": "power_window.10.2.1#electricity_business"}),
    "power_window.5.2#meter_readings": ("meter_readings", "reading_id", {
        "pw_meter_reading_on_schedule": "power_window.10.2.3"}),
    "power_window.5.2#outages": ("outages", "outage_id", {
        "pw_planned_outage_notice_7d": "power_window.10.2.10",
        "pw_restoration_1wd": lambda r, y, c, **kw: d37.outage_restored(r, y, c)}),
    "power_window.5.2#complaints": ("complaints", "case_id", {
        "pw_complaint_reply_5d": "power_window.13.5#complaint_reply",
        "pw_report_reply_10d": "power_window.13.5#report_reply"}),
}


def compare_promises(card, frames: dict, year: int, cut: datetime, **kw) -> list:
    """Each occurrence's verdict: met and missed per (promise, record) from the drill-down, open and missing evidence
    counted in the results (the drill-down of a promise measure leaves both blank)."""
    bad = []
    res = card.results.set_index(["measure", "window_id"])
    for m, (kind, key, promises) in PROMISES.items():
        rows = [{k: _plain(v) for k, v in r.items()} for r in frames[kind].astype(object).to_dict("records")]
        want = {}
        for pid, f in promises.items():
            f = MEASURES[f][2] if isinstance(f, str) else f
            for r in rows:
                v = f(r, year, cut, **kw)
                if v != ref.OUT:
                    want[(pid, r[key])] = v
        dd = card.drilldown(m, include_passed=True, include_exempt=True)
        got = {(p, k): (ref.PASS if v else ref.FAIL) for p, k, v in zip(dd["promise_id"], dd[key], dd["passed"])
               if not pd.isna(v)}
        decided = {k: v for k, v in want.items() if v in (ref.PASS, ref.FAIL)}
        if got != decided:
            diff = sorted(set(got.items()) ^ set(decided.items()), key=str)[:5]
            bad.append((m, "occurrences met / missed", "engine", len(got), "reference", len(decided), diff))
        counts = [int(res.loc[(m, "PW01"), c]) if (m, "PW01") in res.index else 0 for c in ("open", "missing_evidence")]
        mine = [sum(v == ref.OPEN for v in want.values()), sum(v == ref.MISSING for v in want.values())]
        if counts != mine:
            bad.append((m, "results (open, missing_evidence)", "engine", counts, "reference", mine))
    return bad


#: 第六条(一): measure -> (supply type or None: any, system state, the band or None: the 35 kV span)
VOLTAGE = {"power_window.6.1.1#lv220_single_phase": ("single_phase_220v", "normal", ("-0.10", "0.07")),
           "power_window.6.1.1#three_phase_10kv_below": ("three_phase_10kv_below", "normal", ("-0.07", "0.07")),
           "power_window.6.1.1#kv35_plus": ("kv35_plus", "normal", None),
           "power_window.6.1.2": (None, "abnormal", ("-0.10", "0.10"))}


def compare_voltage(card, readings: pd.DataFrame, year: int) -> list:
    """Each reading's verdict (met, missed, undecided) by the drill-down, and the results' counts, against the
    reference; the population: the supply type and system state, without the readings exempt for the customer's
    load (功率达标 false, 第六条(一)3)."""
    rows = [{k: _plain(v) for k, v in r.items()} for r in readings.astype(object).to_dict("records")]
    res = card.results.set_index("measure")
    bad = []
    for m, (st, state, band) in VOLTAGE.items():
        pop = [r for r in rows if (st is None or r["supply_type"] == st) and r["system_state"] == state
               and r.get("power_factor_ok") is not False]
        if band is None:
            want = ref.voltage_span(pop, year)
        else:
            want = {(r["point_id"], r["read_at"]): ref.voltage_band(r, *band, year) for r in pop}
        want = {k: v for k, v in want.items() if v != ref.OUT}
        dd = card.drilldown(m, include_passed=True, include_exempt=True)
        got = {(p, _plain(t)): (ref.MISSING if pd.isna(v) else ref.PASS if v else ref.FAIL)
               for p, t, v in zip(dd["point_id"], dd["read_at"], dd["passed"])}
        if got != want:
            diff = sorted(set(got.items()) ^ set(want.items()), key=str)[:6]
            bad.append((m, "readings", "engine", len(got), "reference", len(want), diff))
        counts = [int(res.loc[m, c]) if m in res.index else 0 for c in ("n", "met", "missing_evidence")]
        mine = [sum(v in (ref.PASS, ref.FAIL) for v in want.values()), sum(v == ref.PASS for v in want.values()),
                sum(v == ref.MISSING for v in want.values())]
        if counts != mine:
            bad.append((m, "results (n, met, missing_evidence)", "engine", counts, "reference", mine))
    return bad


#: the report-only waiting measures and the window each measures
WAITING = {"hospital_commitments.billing.7#waiting": "HBIL", "hospital_commitments.pharmacy.7#waiting": "HPHA"}


def compare_waiting(card, tickets: pd.DataFrame, year: int) -> list:
    """The waiting figures of each measured window, the engine's drill-down against the reference's."""
    rows = [{k: _plain(v) for k, v in r.items()} for r in tickets.astype(object).to_dict("records")]
    want = ref.waiting(rows, year)
    bad = []
    for m, w in WAITING.items():
        dd = card.drilldown(m, include_passed=True)
        got = {r["window_id"]: (int(r["tickets"]), int(r["called"]), int(r["not_called"]),
                                None if pd.isna(r["median_min"]) else float(r["median_min"]),
                                None if pd.isna(r["p90_min"]) else float(r["p90_min"])) for r in dd.to_dict("records")}
        mine = want.get(w)
        theirs = got.get(w)
        same = mine == theirs or (mine is not None and theirs is not None and mine[:3] == theirs[:3] and all(
            (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-6)
            for a, b in zip(mine[3:], theirs[3:])))
        if not same or set(got) - {w}:
            bad.append((m, w, "engine", got, "reference", mine))
    return bad


def reference_verdicts(frames: dict, year: int, cut: datetime, **kw) -> dict:
    out = {}
    for m, (kind, key, f) in MEASURES.items():
        out[m] = {r[key]: f({k: _plain(v) for k, v in r.items()}, year, cut, **kw)
                  for r in frames[kind].to_dict("records")}
    return out


def compare(frames: dict, year: int, extracted_at: str | None = None, extended: bool = False) -> list:
    """The disagreements of one evaluation: ``extended``: the workspace sets 适当延长's longer limits (EXTENDED)."""
    settings = {"extracted_at": extracted_at} if extracted_at else {}
    if extended:
        settings["params"] = {m: {"extended_limit": v} for m, (_, v) in EXTENDED.items()}
    ws = workspace(WINDOWS, **settings)
    recs = validated(frames)
    cut = ref.cutoff(year, datetime.fromisoformat(extracted_at) if extracted_at else None)
    want = reference_verdicts(frames, year, cut, extended=extended)
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        card = we.score(STANDARDS, year, data=tmp, workspace=ws, records=recs)
        bad += disagreements(card, MEASURES, frames, want)
        bad += compare_promises(card, frames, year, cut, extended=extended)
        if "queue_tickets" in frames:
            bad += compare_waiting(card, frames["queue_tickets"], year)
        if "voltage_readings" in frames:
            bad += compare_voltage(card, frames["voltage_readings"], year)
        if "queue_snapshots" in frames:
            snaps = snapshot_verdicts(frames, year)
            res = card.results.set_index("measure")
            for m, want_m in snaps.items():
                got = engine_snapshot_verdicts(card, m, list(want_m))
                bad += [(m, k, "engine", got[k], "reference", w) for k, w in want_m.items() if got[k] != w]
                counts = [int(res.loc[m, c]) if m in res.index else 0 for c in ("n", "met", "missing_evidence")]
                mine = [sum(v in (ref.PASS, ref.FAIL) for v in want_m.values()),
                        sum(v == ref.PASS for v in want_m.values()), sum(v == ref.MISSING for v in want_m.values())]
                if counts != mine:
                    bad.append((m, "results (n, met, missing_evidence)", "engine", counts, "reference", mine))
    return bad


CASES = [dict(year=2025), dict(year=2025, extracted_at="2026-01-10 08:00:00"),
         dict(year=2025, extracted_at="2025-12-30 12:00:00"), dict(year=2024),
         dict(year=2025, extended=True), dict(year=2026, extracted_at="2026-06-30 08:00:00", extended=True)]


@pytest.fixture(scope="module")
def frames():
    return all_records()


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()))
def test_every_verdict_as_the_reference_reads_it(frames, case):
    bad = compare(frames, **case)
    assert not bad, f"{len(bad)} disagreements, the first: " + "\n".join(map(str, bad[:15]))
