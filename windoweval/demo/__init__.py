"""A seeded generator of one realistic year (and the year before) for a demo organisation.

A power-supply company with 12 business halls (PW01–PW12) and a 95598 call
centre (CC95598), and a hospital with its windows and departments.  Every
record meets its clause except the violations planted here, whose counts
are the constants in :data:`PLANTED` (for the evaluation year) so that the
tests know them exactly.  The previous year is generated a little worse,
without exact plants, so year-on-year comparisons have something to show.

``windoweval demo [--out DIR]`` writes it; the README's main job and the
tests use :func:`ensure_demo`, which writes it into ``data/demo`` once.

Examples
--------
>>> PLANTED["calls_over_12s"]
300
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..atomic import replacing_dir
from ..calendar import WorkCalendar
from .complaints import write_demo as complaints_demo
from .queue import queue_tickets, write_demo as queue_demo
from ..records import find_file
from .review import write_demo as review_demo
from ..records.workspace import load_workspace

__all__ = ["generate", "ensure_demo", "PLANTED", "DEMO_YEAR", "POWER_HALLS", "HOSPITAL_WINDOWS", "tiny_data_dir", "tiny_records"]

DEMO_YEAR = 2025
SEED = 20251231
POWER_HALLS = [f"PW{i:02d}" for i in range(1, 13)]
HALL_NAMES = ["城东营业厅", "城西营业厅", "城南营业厅", "城北营业厅", "高新区营业厅", "开发区营业厅",
              "滨江营业厅", "河东营业厅", "老城营业厅", "新城营业厅", "港区营业厅", "临空营业厅"]
HOSPITAL_WINDOWS = {
    "HBIL": ("挂号收费室", "hospital_billing"), "HPHA": ("门诊药房", "hospital_pharmacy"),
    "HEMG": ("急诊科", "hospital_emergency"), "HRAD": ("放射科", "hospital_radiology"),
    "HFUN": ("功能科", "hospital_function"), "HLAB": ("检验科", "hospital_lab"),
    "HINS": ("医保窗口", "hospital_insurance"), "HGUI": ("导诊台", "hospital_guide"),
    "HREC": ("病案室", "hospital_records"), "HPAT": ("病理科", "hospital_pathology"),
    "HADM": ("机关职能科室", "hospital_admin"), "HLOG": ("后勤保障科室", "hospital_logistics"),
}

#: The windows' English names (the workspace's ``name_en``: the report's English pages show them).
NAMES_EN = {**{h: f"{n} business hall" for h, n in zip(
    ["PW01", "PW02", "PW03", "PW04", "PW05", "PW06", "PW07", "PW08", "PW09", "PW10", "PW11", "PW12"],
    ["East City", "West City", "South City", "North City", "High-tech Zone", "Development Zone", "Riverside",
     "River East", "Old Town", "New Town", "Port", "Airport"])},
    "CC95598": "95598 customer service centre", "HBIL": "Registration and billing", "HPHA": "Outpatient pharmacy",
    "HEMG": "Emergency department", "HRAD": "Radiology", "HFUN": "Function tests", "HLAB": "Laboratory",
    "HINS": "Medical insurance window", "HGUI": "Patient guidance desk", "HREC": "Medical records",
    "HPAT": "Pathology", "HADM": "Administrative offices", "HLOG": "Logistics"}

#: Violations planted in the evaluation year, by what they break.
PLANTED = {
    "resident_payment_over_5min": 240,      # PW03: 40, PW07: 200 (PW07 falls below 95 %)
    "electricity_business_over_15min": 30,  # PW02
    "new_connection_resident_late": 12,
    "new_connection_other_late": 5,
    "billing_query_late": 4,
    "fault_repair_over_45min": 17,
    "meter_fault_late": 6,
    "appointment_late": 8,
    "restoration_orders_late": 3,
    "calls_over_12s": 300,
    "calls_abandoned": 50,
    "kv35_customers_over_1_planned": 3,
    "kv10_customers_over_3_planned": 4,
    "planned_outages_short_notice": 5,
    "outage_restoration_late": 2,
    "voltage_220v_out_of_band": 30,
    "voltage_10kv_out_of_band": 15,
    "voltage_35kv_bad_point_days": 1,       # one point-day, 6 readings
    "voltage_abnormal_out_of_band": 4,
    "billing_over_5min": 25,
    "western_rx_over_5min": 20,
    "chinese_rx_small_over_10min": 9,
    "chinese_rx_large_over_20min": 7,
    "decoction_late": 6,
    "radiology_outpatient_over_30min": 11,
    "radiology_inpatient_after_1730": 5,
    "function_over_30min": 8,
    "lab_routine_over_30min": 13,
    "lab_biochem_after_1430": 10,
    "lab_emergency_over_2h": 3,
    "queue_not_diverted": 7,
    "checklist_failures": 25,
    "transcripts_no_opening": 8,
    "transcripts_no_closing": 6,
    "transcripts_forbidden_annex2": 5,
    "transcripts_forbidden_staff": 3,
    "halls_under_3_symposiums": 2,          # PW04, PW10
    "halls_without_english": 1,             # PW09
    "halls_without_sign_language": 1,       # PW11
    "halls_under_3_payment_channels": 1,    # PW12
    "arrivals_under_10min_early": 120,
    "calls_abandoned_within_12s": 30,      # excluded (exempt) by default
    "shifts_left_early": 15,
    "pauses_uncovered": 12,                 # etiquette.10.2
    "pauses_uncovered_unapproved": 6,       # window_staff.6.5#pauses (of the 12)
    "meter_readings_off_day": 9,
    "meter_readings_missing": 2,            # never read: missed once the day has passed
    "halls_bill_history_under_24m": 1,      # PW07
    "halls_disclosure_incomplete": 1,       # PW05: no outage plan published
}


class _Gen:
    def __init__(self, year: int, seed: int, exact: bool):
        self.year, self.exact = year, exact
        self.rng = np.random.default_rng(seed)
        self.cal = WorkCalendar()
        days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
        self.days = days
        self.workdays = days[self.cal.is_workday(days).to_numpy(dtype=bool)]
        # leave room at the year's end so working-day deadlines stay inside the known calendar
        self.safe_workdays = self.workdays[self.workdays < pd.Timestamp(f"{year}-12-15")]

    def plant(self, name: str, default: int) -> int:
        return PLANTED[name] if self.exact else default

    def times(self, n, days=None, start_h=8.5, end_h=17.0):
        days = self.safe_workdays if days is None else days
        d = days[self.rng.integers(0, len(days), n)]
        secs = self.rng.uniform(start_h * 3600, end_h * 3600, n).round()
        return pd.DatetimeIndex(d) + pd.to_timedelta(secs, unit="s")

    def pick(self, n, k):
        return self.rng.choice(n, size=k, replace=False)


def _ids(prefix, n, width=7):
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def _counter(g: _Gen) -> pd.DataFrame:
    parts = []
    for hall in POWER_HALLS:
        n = 1800
        t0 = g.times(n, g.days[g.days <= g.safe_workdays.max()])  # halls open every day (无周休日)
        btype = np.where(g.rng.random(n) < 0.6, "resident_payment", "electricity_business")
        dur = np.where(btype == "resident_payment", g.rng.uniform(60, 290, n), g.rng.uniform(180, 880, n)).round()
        dur[:3] = [300, 300, 900]  # boundary: exactly 5:00 and 15:00 meet the limit
        btype[:3] = ["resident_payment", "resident_payment", "electricity_business"]
        parts.append(pd.DataFrame({"window_id": hall, "business_type": btype, "ticket_at": t0, "dur": dur}))
    df = pd.concat(parts, ignore_index=True)
    for hall, k, bt, lo, hi in (("PW03", g.plant("resident_payment_over_5min", 60) - 200 if g.exact else 30, "resident_payment", 301, 900),
                                ("PW07", 200 if g.exact else 120, "resident_payment", 301, 900),
                                ("PW02", g.plant("electricity_business_over_15min", 40), "electricity_business", 901, 2400)):
        idx = df.index[(df["window_id"] == hall) & (df["business_type"] == bt)][3:]
        chosen = g.rng.choice(idx, size=k, replace=False)
        df.loc[chosen, "dur"] = g.rng.uniform(lo, hi, k).round()
    wait = g.rng.uniform(30, 900, len(df)).round()
    df["called_at"] = df["ticket_at"] + pd.to_timedelta(wait, unit="s")
    df["started_at"] = df["called_at"] + pd.to_timedelta(10, unit="s")
    df["ended_at"] = df["started_at"] + pd.to_timedelta(df.pop("dur"), unit="s")
    df.insert(0, "ticket_id", _ids(f"T{g.year % 100}", len(df)))
    df.insert(2, "staff_id", [f"S{w[2:]}{i:02d}" for w, i in zip(df["window_id"], g.rng.integers(1, 7, len(df)))])
    # exported with the business system's own headers and codes: mapping.yaml maps them
    codes = {"resident_payment": "居民缴费", "electricity_business": "用电业务"}
    out = df.assign(business_type=df["business_type"].map(codes))
    return out.rename(columns={"ticket_id": "票号", "window_id": "窗口编号", "staff_id": "工号",
                               "business_type": "业务类型", "ticket_at": "取号时间", "called_at": "叫号时间",
                               "started_at": "开始办理时间", "ended_at": "办结时间"})


def _work_orders(g: _Gen) -> pd.DataFrame:
    parts = []
    spec = {  # type: (per hall, limit kind, limit, planted key)
        "new_connection_resident": (40, "wd", 5, "new_connection_resident_late"),
        "new_connection_other": (15, "wd", 5, "new_connection_other_late"),
        "billing_query": (20, "wd", 1, "billing_query_late"),
        "fault_repair": (120, "min", 45, "fault_repair_over_45min"),
        "meter_fault": (25, "wd", 2, "meter_fault_late"),
        "appointment": (40, "min", 60, "appointment_late"),
        "supply_restoration": (10, "wd", 1, "restoration_orders_late"),
    }
    for otype, (per, kind, limit, key) in spec.items():
        n = per * len(POWER_HALLS)
        win = np.repeat(POWER_HALLS, per)
        if otype == "fault_repair":
            rec = g.times(n, g.days[g.days < pd.Timestamp(f"{g.year}-12-15")], 0, 24)
        else:
            rec = g.times(n)
        late = np.zeros(n, dtype=bool)
        late[g.pick(n, g.plant(key, max(1, n // 25)))] = True
        df = pd.DataFrame({"window_id": win, "order_type": otype, "received_at": rec})
        df["customer_id"] = [f"C{x:05d}" for x in g.rng.integers(1, 30000, n)]
        if kind == "min":
            base = pd.Series(rec)
            if otype == "appointment":
                df["due_at"] = (base + pd.to_timedelta(2, unit="D")).dt.floor("h")
                base = df["due_at"]
            mins = np.where(late, g.rng.uniform(limit + 1, limit * 3, n), g.rng.uniform(5, limit - 1, n))
            df["arrived_at"] = base + pd.to_timedelta(mins.round(), unit="min")
            if otype == "fault_repair":
                df.loc[~late & (np.arange(n) < 3), "arrived_at"] = base[~late & (np.arange(n) < 3)] + pd.Timedelta(minutes=45)
            df["completed_at"] = df["arrived_at"] + pd.to_timedelta(g.rng.uniform(20, 200, n).round(), unit="min")
        else:
            used = np.where(late, g.rng.integers(limit + 1, limit + 4, n), g.rng.integers(0, limit + 1, n))
            rec_s = pd.Series(rec)
            done = pd.Series(pd.NaT, index=rec_s.index, dtype="datetime64[ns]")
            for k in range(1, limit + 4):  # a handful of day counts, each vectorised
                sel = used == k
                if sel.any():
                    done[sel] = g.cal.add_workdays(rec_s[sel], k).values
            comp = done + pd.to_timedelta(g.rng.uniform(9, 17.5, n) * 3600, unit="s").round("s")
            same = used == 0  # done the day it came in
            comp[same] = rec_s[same] + pd.Timedelta(hours=1)
            df["completed_at"] = comp.values
        parts.append(df)
    df = pd.concat(parts, ignore_index=True)
    if g.exact:  # the 5th working day across the 2025 National Day holiday and its 调休 Saturday
        extra = pd.DataFrame({"window_id": ["PW01", "PW01"], "order_type": "new_connection_resident",
                              "received_at": pd.to_datetime(["2025-09-30 16:00", "2025-09-30 16:05"]),
                              "customer_id": ["C90001", "C90002"],
                              "completed_at": pd.to_datetime(["2025-10-14 17:00", "2025-10-15 09:00"])})
        df = pd.concat([df, extra], ignore_index=True)
    # the filing (受理) time: the clock start for most orders; a non-resident connection was filed before its
    # installation passed and the contract was signed (the clock start), within the same year here
    lead = pd.to_timedelta(g.rng.uniform(1, 8, len(df)).round(), unit="D")
    other = (df["order_type"] == "new_connection_other") & (df["received_at"] > pd.Timestamp(f"{g.year}-01-10"))
    df["filed_at"] = df["received_at"].where(~other, df["received_at"] - lead)
    df.insert(0, "order_id", _ids(f"WO{g.year % 100}", len(df), 6))
    return df


def _calls(g: _Gen) -> pd.DataFrame:
    n = 40000
    off = g.times(n, g.days, 0, 24)
    wait = g.rng.uniform(1, 11.9, n).round(1)
    over = g.pick(n, g.plant("calls_over_12s", 500) + g.plant("calls_abandoned", 80))
    k = g.plant("calls_over_12s", 500)
    wait[over[:k]] = g.rng.uniform(12.5, 90, k).round(1)
    wait[over[k:]] = np.nan
    rest = np.setdiff1d(np.arange(n), over)
    wait[rest[:5]] = 12.0  # exactly 12 s meets the limit
    ans = pd.Series(off) + pd.to_timedelta(wait, unit="s")
    # abandoned calls carry the caller's hang-up time: the planted ones after 12 s (missed), some within (excluded)
    hang = np.full(n, np.nan)
    hang[over[k:]] = g.rng.uniform(13, 60, len(over) - k).round(1)
    short = rest[5:5 + g.plant("calls_abandoned_within_12s", 20)]
    hang[short] = g.rng.uniform(2, 12, len(short)).round(1)
    ans[short] = pd.NaT
    hung = pd.Series(off) + pd.to_timedelta(hang, unit="s")
    return pd.DataFrame({"call_id": _ids(f"C{g.year % 100}", n), "window_id": "CC95598", "offered_at": off,
                         "answered_at": ans, "hung_up_at": hung,
                         "agent_id": [f"A{x:03d}" for x in g.rng.integers(1, 80, n)]})


def _outages(g: _Gen) -> pd.DataFrame:
    rows = []
    oid = 0
    plan_days = g.days[(g.days > pd.Timestamp(f"{g.year}-01-15")) & (g.days < pd.Timestamp(f"{g.year}-12-15"))]

    def outage(customers, hall, vclass, kind, notice_days=10):
        nonlocal oid
        oid += 1
        start = plan_days[g.rng.integers(0, len(plan_days))] + pd.Timedelta(hours=8)
        hours = g.rng.integers(2, 9)
        cleared = start + pd.Timedelta(hours=int(hours))
        restored = cleared + pd.Timedelta(minutes=int(g.rng.integers(5, 90)))
        ann = start.normalize() - pd.Timedelta(days=notice_days) + pd.Timedelta(hours=10) if kind == "planned" else pd.NaT
        for c in customers:
            rows.append((f"O{g.year}-{oid:04d}", c, hall, vclass, kind, ann, start, cleared, restored))
        return oid

    halls = np.array(POWER_HALLS)
    # 35 kV and above: 60 customers, each at most one planned outage; 3 planted with two
    for i in range(60):
        c, hall = f"K35-{i:03d}", halls[i % 12]
        if g.rng.random() < 0.6:
            outage([c], hall, "kv35_plus", "planned")
    for i in range(g.plant("kv35_customers_over_1_planned", 2)):
        c, hall = f"K35-{i:03d}", halls[i % 12]
        outage([c], hall, "kv35_plus", "planned")
        outage([c], hall, "kv35_plus", "planned")
    # 10 kV: 40 feeders of 10 customers, 0–3 planned outages per feeder
    for f in range(40):
        hall = halls[f % 12]
        cust = [f"K10-{f:02d}-{j}" for j in range(10)]
        for _ in range(int(g.rng.integers(0, 3))):
            outage(cust, hall, "kv10", "planned")
        if g.rng.random() < 0.5:
            outage(cust, hall, "kv10", "fault")
    # planted: 4 customers with a 4th planned outage (feeder 90–93: three outages, then one more)
    for f in range(90, 90 + g.plant("kv10_customers_over_3_planned", 2)):
        hall = halls[f % 12]
        c = f"K10-{f:02d}-0"
        for _ in range(4):
            outage([c], hall, "kv10", "planned")
    # planted: announced 5 days ahead (one customer each)
    for f in range(95, 95 + g.plant("planned_outages_short_notice", 8)):
        outage([f"K10-{f:02d}-0"], halls[f % 12], "kv10", "planned", notice_days=5)
    # boundary: exactly 7 days ahead is enough
    outage(["K10-99-0"], "PW01", "kv10", "planned", notice_days=7)
    df = pd.DataFrame(rows, columns=["outage_id", "customer_id", "window_id", "voltage_class", "outage_kind",
                                     "announced_at", "start_at", "cause_cleared_at", "restored_at"])
    # planted: restoration more than one working day after the cause was removed
    late = df.index[df["outage_kind"] == "fault"][: g.plant("outage_restoration_late", 3)]
    df.loc[late, "restored_at"] = g.cal.add_workdays(df.loc[late, "cause_cleared_at"], 2).values + pd.Timedelta(hours=10)
    return df


def _voltage(g: _Gen) -> pd.DataFrame:
    times = pd.date_range(f"{g.year}-01-01", f"{g.year}-12-31 20:00", freq="4h")
    pts = []
    for i, hall in enumerate(POWER_HALLS):
        pts += [(f"V{hall[2:]}A{j}", hall, "single_phase_220v", 220.0) for j in range(2)]
        pts.append((f"V{hall[2:]}B0", hall, "three_phase_10kv_below", 10000.0))
        if i % 3 == 0:
            pts.append((f"V{hall[2:]}C0", hall, "kv35_plus", 35000.0))
    frames = []
    for pid, hall, st, nom in pts:
        n = len(times)
        dev = g.rng.uniform(-0.03, 0.03, n)
        frames.append(pd.DataFrame({"point_id": pid, "window_id": hall, "supply_type": st, "nominal_v": nom,
                                    "dev": dev, "read_at": times}))
    df = pd.concat(frames, ignore_index=True)
    df["duration_min"] = 240.0
    df["system_state"] = "normal"
    df["power_factor_ok"] = True
    st = df["supply_type"].to_numpy()

    def plant(mask, k, lo, hi):
        idx = g.rng.choice(np.flatnonzero(mask), size=k, replace=False)
        df.loc[idx, "dev"] = g.rng.uniform(lo, hi, k)
        return idx

    used = plant(st == "single_phase_220v", g.plant("voltage_220v_out_of_band", 40), 0.075, 0.12)
    bnd = np.setdiff1d(np.flatnonzero(st == "single_phase_220v"), used)[:20]
    df.loc[bnd, "dev"] = -0.10  # exactly −10 % meets the band
    plant(st == "three_phase_10kv_below", g.plant("voltage_10kv_out_of_band", 20), -0.12, -0.075)
    # 35 kV: one point-day whose +6 % and −5 % together exceed 10 %
    k35 = df.index[(df["supply_type"] == "kv35_plus") & (df["read_at"].dt.strftime("%m-%d") == "07-15")]
    first_pt = df.loc[k35, "point_id"].iloc[0]
    day = k35[df.loc[k35, "point_id"] == first_pt]
    if g.plant("voltage_35kv_bad_point_days", 1):
        df.loc[day[0], "dev"] = 0.06
        df.loc[day[1], "dev"] = -0.05
    # abnormal system state: 12 readings at a 10 kV point, 4 beyond ±10 %
    ab = df.index[(df["supply_type"] == "three_phase_10kv_below") & (df["read_at"].dt.strftime("%m-%d") == "08-20")][:12]
    df.loc[ab, "system_state"] = "abnormal"
    df.loc[ab, "dev"] = 0.085
    df.loc[ab[: g.plant("voltage_abnormal_out_of_band", 3)], "dev"] = -0.11
    df["measured_v"] = (df["nominal_v"] * (1 + df.pop("dev"))).round(3)
    return df


def _hospital(g: _Gen) -> pd.DataFrame:
    parts = []

    def events(win, etype, n, lo, hi, key=None, bad_lo=None, bad_hi=None, unit="min", patient="outpatient", **extra):
        start = g.times(n, g.safe_workdays, 8, 20)
        mins = g.rng.uniform(lo, hi, n)
        if key:
            k = g.plant(key, max(1, n // 50))
            mins[g.pick(n, k)] = g.rng.uniform(bad_lo, bad_hi, k)
        df = pd.DataFrame({"window_id": win, "event_type": etype, "patient_kind": patient, "started_at": start,
                           "finished_at": pd.Series(start) + pd.to_timedelta(mins.round(2) * 60, unit="s")})
        for k_, v in extra.items():
            df[k_] = v
        parts.append(df)
        return df

    events("HBIL", "billing", 3000, 0.5, 4.9, "billing_over_5min", 5.1, 15)
    events("HPHA", "prescription_western", 2500, 1, 4.9, "western_rx_over_5min", 5.1, 12)
    events("HPHA", "prescription_chinese", 600, 3, 9.9, "chinese_rx_small_over_10min", 10.1, 19, doses=3)
    events("HPHA", "prescription_chinese", 300, 8, 19.9, "chinese_rx_large_over_20min", 20.1, 40, doses=7)
    # decoction: handed in before 10:00 ready at 12:00; before 15:30 ready at 17:30
    n = 400
    day = g.safe_workdays[g.rng.integers(0, len(g.safe_workdays), n)]
    morning = g.rng.random(n) < 0.5
    hand = np.where(morning, g.rng.uniform(8, 9.95, n), g.rng.uniform(12.5, 15.45, n))
    start = pd.DatetimeIndex(day) + pd.to_timedelta(hand * 3600, unit="s").round("s")
    due = np.where(morning, 12.0, 17.5)
    ready = due - g.rng.uniform(0.05, 0.9, n)
    late = g.pick(n, g.plant("decoction_late", 5))
    ready[late] = due[late] + g.rng.uniform(0.1, 1.0, len(late))
    parts.append(pd.DataFrame({"window_id": "HPHA", "event_type": "decoction", "patient_kind": "outpatient",
                               "started_at": start,
                               "finished_at": pd.DatetimeIndex(day) + pd.to_timedelta(ready * 3600, unit="s").round("s")}))
    events("HRAD", "radiology_exam", 1500, 5, 29.5, "radiology_outpatient_over_30min", 31, 90)
    # inpatient radiology: exams before 17:00, report to the ward by about 17:00 (read: by 17:30)
    n = 300
    day = g.safe_workdays[g.rng.integers(0, len(g.safe_workdays), n)]
    ex = pd.DatetimeIndex(day) + pd.to_timedelta(g.rng.uniform(8, 16, n) * 3600, unit="s").round("s")
    rep = pd.DatetimeIndex(day) + pd.to_timedelta(g.rng.uniform(15.5, 17.45, n) * 3600, unit="s").round("s")
    rep = pd.Series(np.maximum(rep.values, (ex + pd.Timedelta(minutes=20)).values))
    bad = g.pick(n, g.plant("radiology_inpatient_after_1730", 4))
    rep[bad] = (pd.DatetimeIndex(day[bad]) + pd.Timedelta(hours=18, minutes=15)).values
    parts.append(pd.DataFrame({"window_id": "HRAD", "event_type": "radiology_exam", "patient_kind": "inpatient",
                               "started_at": ex, "finished_at": rep.values}))
    events("HFUN", "function_exam", 1200, 5, 29.5, "function_over_30min", 31, 80)
    events("HLAB", "lab_routine", 3000, 5, 29.5, "lab_routine_over_30min", 31, 90)
    # biochemistry / immunology: samples before 09:30 reported by 14:30
    n = 800
    day = g.safe_workdays[g.rng.integers(0, len(g.safe_workdays), n)]
    recv = pd.DatetimeIndex(day) + pd.to_timedelta(g.rng.uniform(7.5, 9.49, n) * 3600, unit="s").round("s")
    rep = pd.DatetimeIndex(day) + pd.to_timedelta(g.rng.uniform(11, 14.45, n) * 3600, unit="s").round("s")
    rep = pd.Series(rep)
    bad = g.pick(n, g.plant("lab_biochem_after_1430", 6))
    rep[bad] = (pd.DatetimeIndex(day[bad]) + pd.Timedelta(hours=15, minutes=10)).values
    parts.append(pd.DataFrame({"window_id": "HLAB", "event_type": "lab_biochem_immuno", "patient_kind": "outpatient",
                               "started_at": recv, "finished_at": rep.values}))
    events("HLAB", "lab_emergency", 500, 20, 115, "lab_emergency_over_2h", 125, 200, patient="emergency")
    # the night shift (24-hour service): a few events in every hour of the day, well within their limits
    days = g.safe_workdays[:: max(1, len(g.safe_workdays) // 10)]
    for win, etype, mins in (("HBIL", "billing", 2), ("HPHA", "prescription_western", 3), ("HRAD", "radiology_exam", 20),
                             ("HFUN", "function_exam", 20), ("HLAB", "lab_routine", 20)):
        start = pd.DatetimeIndex([d + pd.Timedelta(hours=h, minutes=20) for d in days for h in range(24)])
        parts.append(pd.DataFrame({"window_id": win, "event_type": etype, "patient_kind": "emergency" if win == "HRAD"
                                   else "outpatient", "started_at": start,
                                   "finished_at": start + pd.Timedelta(minutes=mins)}))
    df = pd.concat(parts, ignore_index=True)
    df["exempt"] = False
    # documented special circumstances (instrument fault): late, and exempt
    ex = df.index[df["event_type"] == "lab_routine"][-3:]
    df.loc[ex, "finished_at"] = df.loc[ex, "started_at"] + pd.Timedelta(hours=3)
    df.loc[ex, "exempt"] = True
    df["called_at"] = df["started_at"]  # called to the window as service starts (billing's 5 minutes start here)
    df.insert(0, "event_id", _ids(f"H{g.year % 100}", len(df)))
    return df


def _queues(g: _Gen) -> pd.DataFrame:
    frames = []
    for win in ("HPHA", "HBIL"):
        t = pd.DatetimeIndex([d + pd.Timedelta(hours=h) for d in g.workdays for h in range(8, 17)])
        q = g.rng.poisson(6, len(t))
        frames.append(pd.DataFrame({"window_id": win, "observed_at": t, "queue_length": q}))
    df = pd.concat(frames, ignore_index=True)
    over = np.flatnonzero(df["queue_length"] > 10)
    df["diverted"] = pd.array([None] * len(df), dtype="boolean")
    df.loc[over, "diverted"] = True
    bad = g.rng.choice(over, size=g.plant("queue_not_diverted", 10), replace=False)
    df.loc[bad, "diverted"] = False
    # the queue system's log: windows open, and a snapshot 5 minutes after each crowded one
    df["open_windows"] = 2
    follow = df.iloc[over].copy()
    follow["observed_at"] += pd.Timedelta(minutes=5)
    relieved = ~follow.index.isin(bad)
    follow["open_windows"] = np.where(relieved, 3, 2)
    follow["queue_length"] = np.where(relieved, 8, 11)  # not relieved: still crowded (its own follow-up unknown)
    follow["diverted"] = pd.array([None] * len(follow), dtype="boolean")
    return pd.concat([df, follow], ignore_index=True).sort_values(["window_id", "observed_at"], ignore_index=True)


def _inspections(g: _Gen, windows: pd.DataFrame) -> pd.DataFrame:
    from ..catalog import load_catalog

    cat = load_catalog()
    items_by_kind: dict[str, set] = {}
    for m in cat.measures():
        if m["kernel"] != "checklist":
            continue
        for k in m["window_kinds"]:
            items_by_kind.setdefault(k, set()).update((m.get("params") or {}).get("items", []))
    rows = []
    for w in windows.itertuples():
        items = sorted(items_by_kind.get(w.kind, ()))
        for month in (3, 6, 9, 12):
            vid = f"V{g.year}{month:02d}-{w.window_id}"
            at = pd.Timestamp(f"{g.year}-{month:02d}-10 10:00")
            method = "mystery_shopper" if month in (6, 12) else "inspection"
            rows += [(vid, w.window_id, at, method, it, "pass") for it in items]
    df = pd.DataFrame(rows, columns=["visit_id", "window_id", "visited_at", "method", "item", "result"])
    if len(df):
        bad = g.pick(len(df), min(g.plant("checklist_failures", 40), len(df)))
        df.loc[bad, "result"] = "fail"
    df["note"] = np.where(df["result"] == "fail", "现场发现不符合 / found not met on the visit", "")
    return df


OPENINGS = ["您好。", "您好!", "您 好,"]
BODIES = ["请问您办理什么业务?请稍等,我帮您查询一下。", "对不起,您还需补充以下资料。请您稍等。",
          "谢谢您提出的宝贵建议,我们将及时反馈给相关部门。", "您的手续已办好,请核对。"]
CLOSINGS = ["请您检查好随身物品,请慢走。", "不客气,这是我们应该做的。请您检查好随身物品,请慢走!",
            "请您检查好随身物品。请慢走,再见。"]
FORBIDDEN_A2 = ["急什么!", "你 烦 不 烦!", "不可能的。", "不要啰唆", "这事情不属于我们管。"]
FORBIDDEN_STAFF = ["有牌子,自己看", "快点我要下班了", "没看我正忙着吗!"]


def _transcripts(g: _Gen) -> pd.DataFrame:
    wins = POWER_HALLS + ["CC95598", "HBIL", "HPHA"]
    n = 1500
    win = np.array(wins)[g.rng.integers(0, len(wins), n)]
    o = np.array(OPENINGS)[g.rng.integers(0, len(OPENINGS), n)].astype(object)
    b = np.array(BODIES)[g.rng.integers(0, len(BODIES), n)].astype(object)
    c = np.array(CLOSINGS)[g.rng.integers(0, len(CLOSINGS), n)].astype(object)
    k1, k2 = g.plant("transcripts_no_opening", 10), g.plant("transcripts_no_closing", 10)
    k3, k4 = g.plant("transcripts_forbidden_annex2", 6), g.plant("transcripts_forbidden_staff", 4)
    counter = np.flatnonzero(win != "CC95598")  # the counter's closings are not asked of a phone call
    sel = counter[g.pick(len(counter), k1 + k2 + k3 + k4)]
    o[sel[:k1]] = ""
    c[sel[k1:k1 + k2]] = "好了。"
    b[sel[k1 + k2:k1 + k2 + k3]] = [FORBIDDEN_A2[i % 5] + "我这边还有事。" for i in range(k3)]
    b[sel[k1 + k2 + k3:]] = [FORBIDDEN_STAFF[i % 3] + "。" for i in range(k4)]
    text = pd.Series(o) + pd.Series(b) + pd.Series(c)
    return pd.DataFrame({"transcript_id": _ids(f"TR{g.year % 100}", n, 5), "window_id": win,
                         "channel": np.where(win == "CC95598", "phone", "counter"),
                         "recorded_at": g.times(n), "text": text})


def _activities(g: _Gen) -> pd.DataFrame:
    rows = []
    for hall in POWER_HALLS:
        nsym = 2 if hall in ("PW04", "PW10") and g.exact else 3 + int(g.rng.integers(0, 2))
        for i, m in enumerate(np.linspace(2, 11, nsym).round().astype(int)):
            rows.append((f"A{g.year}-{hall}-S{i}", hall, "customer_symposium", pd.Timestamp(f"{g.year}-{m:02d}-15")))
        for m in range(1, 13):
            rows.append((f"A{g.year}-{hall}-L{m}", hall, "leadership_reception", pd.Timestamp(f"{g.year}-{m:02d}-05")))
        rows.append((f"A{g.year}-{hall}-Q", hall, "third_party_survey", pd.Timestamp(f"{g.year}-10-20")))
        rows.append((f"A{g.year}-{hall}-P", hall, "promise_publication", pd.Timestamp(f"{g.year}-07-01")))
        rows.append((f"A{g.year}-{hall}-M", hall, "supervisor_meeting", pd.Timestamp(f"{g.year}-06-18")))
        rows.append((f"A{g.year}-{hall}-V", hall, "customer_visit", pd.Timestamp(f"{g.year}-09-09")))
    out = pd.DataFrame(rows, columns=["activity_id", "window_id", "kind", "held_on"]).assign(note="", topic=None)
    topics = ["tariff_policy", "connection_process_fees", "quota_allocation", "orderly_use_plan", "outage_plan"]
    disc = [(f"A{g.year}-{hall}-D{i}", hall, "info_disclosure", pd.Timestamp(f"{g.year}-{3 + i:02d}-01"), "", t)
            for hall in POWER_HALLS for i, t in enumerate(topics)
            if not (hall == "PW05" and t == "outage_plan" and g.exact)]
    return pd.concat([out, pd.DataFrame(disc, columns=out.columns)], ignore_index=True)


def _meter_readings(g: _Gen) -> pd.DataFrame:
    """Monthly meter readings per hall: on the scheduled day, a few a day off, two never read."""
    n_cust = 50
    sched = pd.DatetimeIndex([pd.Timestamp(g.year, m, 5) for m in range(1, 13)])
    df = pd.DataFrame({"window_id": np.repeat(POWER_HALLS, n_cust * 12),
                       "customer_id": np.repeat([f"M{i:05d}" for i in range(len(POWER_HALLS) * n_cust)], 12),
                       "scheduled_on": np.tile(sched, len(POWER_HALLS) * n_cust)})
    secs = g.rng.uniform(8.5 * 3600, 17 * 3600, len(df)).round()
    read = df["scheduled_on"] + pd.to_timedelta(secs, unit="s")
    off = g.pick(len(df), g.plant("meter_readings_off_day", 5) + g.plant("meter_readings_missing", 1))
    k = g.plant("meter_readings_off_day", 5)
    read.iloc[off[:k]] = read.iloc[off[:k]] + pd.to_timedelta(g.rng.choice([-1, 1, 2], k), unit="D")
    read.iloc[off[k:]] = pd.NaT
    df["read_at"] = read
    df.insert(0, "reading_id", _ids(f"R{g.year % 100}", len(df)))
    return df


def _pauses(g: _Gen) -> pd.DataFrame:
    """The queue system's pause log: most pauses covered by a colleague; some not, some of those unapproved."""
    n = 150
    parts = []
    for hall in POWER_HALLS:
        t = g.times(n)
        parts.append(pd.DataFrame({"window_id": hall, "counter_id": g.rng.integers(1, 6, n).astype(str),
                                   "staff_id": [f"S{hall[2:]}{i:02d}" for i in g.rng.integers(1, 7, n)],
                                   "paused_at": t}))
    df = pd.concat(parts, ignore_index=True)
    df["resumed_at"] = df["paused_at"] + pd.to_timedelta(g.rng.uniform(2, 20, len(df)).round(), unit="min")
    # a colleague: the draw naming the one who paused moves on to the next colleague (由他人临时顶替: the cover is
    # someone else; the same draws as before, so the rest of the demo is unchanged)
    own = df["staff_id"].str[-2:].astype(int).to_numpy()
    pick = g.rng.integers(1, 7, len(df))
    pick = np.where(pick == own, own % 6 + 1, pick)
    df["covered_by"] = [f"S{w[2:]}{i:02d}" for w, i in zip(df["window_id"], pick)]
    df["reason"] = "approved"
    bad = g.pick(len(df), g.plant("pauses_uncovered", 8))
    df.loc[bad, "covered_by"] = None
    df.loc[bad[:g.plant("pauses_uncovered_unapproved", 4)], "reason"] = "none"
    df.insert(0, "pause_id", _ids(f"P{g.year % 100}", len(df)))
    return df


def _roster(windows: pd.DataFrame, g: _Gen) -> pd.DataFrame:
    rows = []
    for w in windows.itertuples():
        for i in range(1, 7):
            eng = i == 1 and not (w.window_id == "PW09")
            sign = i == 2 and not (w.window_id == "PW11")
            rows.append((f"S{w.window_id[2:] if w.window_id.startswith('PW') else w.window_id}{i:02d}",
                         w.window_id, "counter", eng, sign))
    return pd.DataFrame(rows, columns=["staff_id", "window_id", "role", "english", "sign_language"])


def _attendance(roster: pd.DataFrame, g: _Gen) -> pd.DataFrame:
    staff = roster
    days = g.workdays[::5]
    df = staff[["staff_id", "window_id"]].merge(pd.DataFrame({"day": days}), how="cross")
    df["shift_start"] = df["day"] + pd.Timedelta(hours=8, minutes=30)
    early = g.rng.uniform(10, 25, len(df)).round()
    bad = g.pick(len(df), g.plant("arrivals_under_10min_early", 200))
    early[bad] = g.rng.uniform(1, 9, len(bad)).round()  # on time, but less than 10 minutes early
    df["arrived_at"] = df["shift_start"] - pd.to_timedelta(early, unit="min")
    df["shift_end"] = df["day"] + pd.Timedelta(hours=17, minutes=30)
    late = g.rng.uniform(0, 25, len(df)).round()
    gone = g.pick(len(df), g.plant("shifts_left_early", 10))
    late[gone] = -g.rng.uniform(5, 60, len(gone)).round()
    df["left_at"] = df["shift_end"] + pd.to_timedelta(late, unit="min")
    return df.drop(columns="day")


def _offerings(g: _Gen) -> pd.DataFrame:
    rows = []
    for hall in POWER_HALLS:
        chans = ["柜台缴费", "银行代扣", "网上国网", "微信支付"]
        if hall == "PW12" and g.exact:
            chans = chans[:2]
        rows += [(hall, g.year, "payment_channel", c, "", None) for c in chans]
        months = 12 if (hall == "PW07" and g.exact) else 24
        rows.append((hall, g.year, "bill_history_query", f"{months}个月电费账单查询", str(months), months))
        rows.append((hall, g.year, "application_progress_query", "用电申请办理进程查询", "", None))
        rows.append((hall, g.year, "self_service_terminal", "自助查询终端", "", 2))
        rows.append((hall, g.year, "home_visit_service", "残疾人及行动不便老年客户上门服务", "", None))
        rows.append((hall, g.year, "account_manager", "客户经理", "", None))
    out = pd.DataFrame(rows, columns=["window_id", "year", "kind", "name", "detail", "quantity"])
    out["quantity"] = out["quantity"].astype("Int64")
    return out


WORKSPACE_TOML = """# 示例组织 / the demo organisation (generated by windoweval.demo)
name = "示例市供电公司与示例人民医院"
name_en = "Example City Power Supply Co. and Example People's Hospital"
mapping_file = "mapping.yaml"
calendar_file = "calendar.csv"
art203 = false

{windows}
[weights]
"power_window.10.2.5" = 3
"power_window.10.2.6" = 2

[params."power_window.6.2.1"]   # the province's reliability standard (供电可靠率), an example figure
min_rate = 0.999
"""

MAPPING_YAML = """# 营销系统导出的表头与代码 -> 数据约定 / the marketing system's export headers and codes -> contracts
counter_transactions:
  columns: {}
  values:
    business_type: {居民缴费: resident_payment, 用电业务: electricity_business}
"""

CALENDAR_CSV = """# 组织自备日历 / the organisation's own calendar: years the library does not know yet.
# 2027: as published by the State Council (fill in when the notice is out); the row below is an example
# of the format only. A year counts as known once it lists at least its statutory holidays (13 days from
# 2025); until then a date in 2027 is refused rather than guessed.
# 2027 年须列出全年安排(至少 13 天法定假日)后才视为已知;此前涉及 2027 年的日期会被拒绝,而不是猜测。
date,kind,name
2027-01-01,holiday,元旦
"""


def _windows_frame() -> pd.DataFrame:
    rows = [(h, n, "power_hall", n[:2]) for h, n in zip(POWER_HALLS, HALL_NAMES)]
    rows.append(("CC95598", "95598客户服务中心", "call_centre", "全市"))
    rows += [(k, v[0], v[1], "示例人民医院") for k, v in HOSPITAL_WINDOWS.items()]
    return pd.DataFrame(rows, columns=["window_id", "window_name", "kind", "region"])


def _write_year(out: Path, year: int, exact: bool, windows: pd.DataFrame, parts: dict):
    g = _Gen(year, SEED + year, exact)
    roster = _roster(windows, g)
    frames = {
        "work_orders": _work_orders(g), "calls_95598": _calls(g), "outages": _outages(g),
        "voltage_readings": _voltage(g), "hospital_events": _hospital(g), "queue_snapshots": _queues(g),
        "inspections": _inspections(g, windows), "transcripts": _transcripts(g), "activities": _activities(g),
        "staff_roster": roster, "attendance": _attendance(roster, g), "service_offerings": _offerings(g),
        "counter_transactions": _counter(g), "meter_readings": _meter_readings(g), "counter_pauses": _pauses(g),
        # drawn from their own generator (windoweval.demo.queue): the other kinds' records are unchanged
        "queue_tickets": queue_tickets(year, SEED, exact),
    }
    for kind, df in frames.items():
        parts.setdefault(kind, []).append(df)


def _scaled(df: pd.DataFrame, kind: str, scale: int) -> pd.DataFrame:
    """``scale`` copies of a kind's records, the key columns of copy ``i > 0`` suffixed ``~i`` (still unique).

    Columns that hold another kind's key (``staff_id``, ``customer_id``) get the
    same suffix, so copy ``i`` of the attendance refers to copy ``i`` of the roster.
    """
    from ..records import contracts

    c = contracts().get(kind)
    if c is None or scale <= 1:
        return df
    hmap = c.header_map()
    ids = (set(c.key) | {"staff_id", "customer_id"}) - {"window_id", "year", "kind", "item", "name"}
    keys = [col for col in df.columns if hmap.get(col, col) in ids
            and (df[col].dtype == object or pd.api.types.is_string_dtype(df[col].dtype))]  # not a time in a key
    if not {hmap.get(k, k) for k in keys} & set(c.key):  # no id of its own to copy (snapshots, offerings): once
        return df
    copies = [df]
    for i in range(1, scale):
        copies.append(df.assign(**{k: df[k].astype("string") + f"~{i}" for k in keys}))
    return pd.concat(copies, ignore_index=True)


def generate(out: str | os.PathLike | None = None, year: int = DEMO_YEAR, scale: int = 1) -> Path:
    """Write the demo organisation's records for ``year - 1`` and ``year`` into ``out``.

    The directory is written aside and moved into place at the end, so a
    failure leaves what was there before.  ``scale`` > 1 writes that many
    copies of every kind of record (keys made unique; for benchmarks: the
    planted counts then no longer hold).
    """
    out = Path(out) if out else paths.DEMO_DIR
    with replacing_dir(out, prefix=".demo-") as tmp:
        windows = _windows_frame()
        parts: dict = {}
        _write_year(tmp, year - 1, False, windows, parts)
        _write_year(tmp, year, True, windows, parts)
        for kind, dfs in parts.items():
            df = pd.concat(dfs, ignore_index=True)
            if kind == "staff_roster":
                df = df.drop_duplicates("staff_id")
            df = _scaled(df, kind, int(scale))
            if kind in ("voltage_readings", "calls_95598"):
                # large kinds: a Parquet dataset partitioned by year
                per = "read_at" if kind == "voltage_readings" else "offered_at"
                df.assign(year=df[per].dt.year).to_parquet(tmp / kind, partition_cols=["year"], index=False)
            else:
                df.to_csv(tmp / f"{kind}.csv", index=False, encoding="utf-8", date_format="%Y-%m-%d %H:%M:%S")
        wins = "\n".join(f'[[windows]]\nid = "{r.window_id}"\nname = "{r.window_name}"\n'
                         f'name_en = "{NAMES_EN.get(r.window_id, "")}"\nkind = "{r.kind}"\nregion = "{r.region}"\n'
                         for r in windows.itertuples())
        (tmp / "windoweval.toml").write_text(WORKSPACE_TOML.format(windows=wins), encoding="utf-8")
        (tmp / "mapping.yaml").write_text(MAPPING_YAML, encoding="utf-8")
        (tmp / "calendar.csv").write_text(CALENDAR_CSV, encoding="utf-8")
        complaints_demo(tmp, year, windows)
        review_demo(tmp, year, windows)
        (tmp / "README.md").write_text(
            "# 示例数据 / demo data\n\n由 `windoweval demo` 生成,请勿手工修改。Generated by `windoweval demo`; "
            "do not edit by hand. Planted violations: `windoweval.demo.PLANTED`.\n", encoding="utf-8")
    return out


def ensure_demo() -> Path:
    """The demo data directory, generated on first use (an older one gains the complaint and review records)."""
    d = paths.DEMO_DIR
    if not (d / "windoweval.toml").exists():
        return generate(d)
    if find_file("complaints", d) is None:
        complaints_demo(d, DEMO_YEAR, load_workspace(d).windows)
    if find_file("demonstration_evidence", d) is None:
        review_demo(d, DEMO_YEAR, load_workspace(d).windows)
    if find_file("queue_tickets", d) is None:
        queue_demo(d, DEMO_YEAR, SEED)
    return d


# -- the smallest organisation: the package's examples use it ----------------------------------------------

def tiny_data_dir() -> Path:
    """A new data directory: a workspace with one business hall (PW01, 城东营业厅) and two fault repairs (2024, 2025).

    The docstring examples of the package start from it, so each shows its own call and not ten lines of set-up.

    Examples
    --------
    >>> d = tiny_data_dir()
    >>> sorted(p.name for p in d.iterdir())
    ['windoweval.toml', 'work_orders.csv']
    """
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="windoweval-tiny-"))
    (d / "windoweval.toml").write_text('name = "示例"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\n'
                                       'kind = "power_hall"\n', encoding="utf-8")
    (d / "work_orders.csv").write_text("order_id,window_id,order_type,received_at,arrived_at\n"
                                       "1,PW01,fault_repair,2024-06-01 18:00,2024-06-01 18:20\n"
                                       "2,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20\n", encoding="utf-8")
    return d


def tiny_records():
    """``(workspace, work_orders)`` in memory: one hall (PW01) and two 2025 fault repairs, one arriving in 20
    minutes, one in two hours (the 45-minute limit of 第十条(二)5: one met, one missed).

    Examples
    --------
    >>> ws, orders = tiny_records()
    >>> ws.windows["window_id"].tolist(), (orders["arrived_at"] - orders["received_at"]).dt.total_seconds().tolist()
    (['PW01'], [1200.0, 7200.0])
    """
    from ..records import validate
    from ..records.workspace import Workspace

    ws = Workspace.from_dict({"name": "示例", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})
    orders = validate(pd.DataFrame({"order_id": ["1", "2"], "window_id": "PW01", "order_type": "fault_repair",
                                    "received_at": ["2025-06-01 18:00", "2025-06-02 09:00"],
                                    "arrived_at": ["2025-06-01 18:20", "2025-06-02 11:00"]}), "work_orders",
                      file="工单.csv")
    return ws, orders
