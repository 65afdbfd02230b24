"""The demo organisation's complaint records: a seeded generator with planted violations.

示例数据:诉求工单(投诉、举报、建议、故障报修、咨询),含已知的违规。

Moved here from :mod:`windoweval.complaints` unchanged: the analysis lives
there, the generator at the edge beside :mod:`windoweval.demo` (which calls
:func:`write_demo`).  :data:`PLANTED`, :data:`PLANTED_FAILS` and
:data:`BOUNDARY_CASES` are what the tests expect of the demo year.

Examples
--------
>>> PLANTED["callbacks_missing"]
15
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..atomic import write_text

__all__ = ["PLANTED", "PLANTED_FAILS", "BOUNDARY_CASES", "write_demo"]

# -- demo records ----------------------------------------------------------

#: Violations planted in the demo year's complaint records (the previous year is worse, not exact).
PLANTED = {
    "complaint_reply_late": 9,            # 8 replied ≥ 12 days after the deadline + boundary CS25-B2 (00:00 of day 6)
    "complaint_unreplied_overdue": 2,     # never replied, received March–October
    "report_reply_late": 5,               # without art. 203: 4 + boundary CS25-B3 (10th day on National Day)
    "report_reply_late_art203": 4,        # with art. 203 the boundary reply on the next working day is in time
    "callbacks_missing": 15,              # due, none recorded: complaints 5, reports 3, fault repairs 7
    "callbacks_unreachable": 20,          # attempted, customer not reached: complaints 6, reports 2, fault repairs 12
    "callbacks_before_repair": 3,         # fault repairs "called back" before the repair was completed
    "callbacks_dissatisfied": 40,         # reached after conclusion, dissatisfied
    "repeat_complainants_30d": 7,         # 6 pairs within the year (one exactly 30 days) + one across the new year
}
_MISSING = {"complaint": 5, "report": 3, "fault_repair": 7}
_UNREACHABLE = {"complaint": 6, "report": 2, "fault_repair": 12}
#: Planted fails of each scorecard measure in the demo year (art. 203 off).
PLANTED_FAILS = {
    "power_window.13.5#complaint_reply": PLANTED["complaint_reply_late"] + PLANTED["complaint_unreplied_overdue"],
    "power_window.13.5#report_reply": PLANTED["report_reply_late"],
    "power_window.13.5#fault_repair_callback": _MISSING["fault_repair"] + _UNREACHABLE["fault_repair"]
    + PLANTED["callbacks_before_repair"],
    "power_window.13.5#callback_rate": PLANTED["callbacks_missing"] + PLANTED["callbacks_unreachable"]
    + PLANTED["callbacks_before_repair"],
}
#: Case ids of the boundary cases (demo year 2025).
BOUNDARY_CASES = {
    "complaint_end_of_day5": "CS25-B1",    # received 2025-03-05 10:00, replied 2025-03-10 23:59:59: in time
    "complaint_start_of_day6": "CS25-B2",  # received 2025-03-05 11:00, replied 2025-03-11 00:00:00: late
    "report_day10_holiday": "CS25-B3",     # received 2025-09-22, 10th day 2025-10-02 (National Day), replied 2025-10-09
}

_SEED = 4_20251231
_KIND_ZH = {"complaint": "投诉", "report": "举报", "suggestion": "建议", "fault_repair": "故障报修", "enquiry": "咨询"}
_CHANNEL_ZH = {"counter": "柜台", "95598": "95598", "letter": "信函", "fax": "传真", "online": "网络"}
_RESULT_ZH = {"satisfied": "满意", "dissatisfied": "不满意", "unreachable": "无法联系"}
_CATEGORIES = np.array(["电费电价", "业扩报装", "停电", "计量装置", "服务态度", "供电质量", "营业厅环境"])
_SURNAMES = np.array(list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"))
_GIVEN = np.array(["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明"])
_MAPPING = """
# 诉求工单导出的代码 -> 数据约定 / the case system's codes -> the complaints contract (windoweval.complaints)
complaints:
  columns: {}
  values:
    kind: {投诉: complaint, 举报: report, 建议: suggestion, 故障报修: fault_repair, 咨询: enquiry}
    channel: {柜台: counter, 信函: letter, 传真: fax, 网络: online}
    callback_result: {满意: satisfied, 不满意: dissatisfied, 无法联系: unreachable}
"""


def _keys(start: int, n: int) -> np.ndarray:
    """Distinct pseudonymous customer keys (a bijective hash of a running number)."""
    i = (np.arange(start, start + n, dtype=np.int64) * 2654435761) % (16 ** 7)
    return np.array([f"K{v:07x}" for v in i])


def _descriptions(rng: np.random.Generator, kind: np.ndarray, category: np.ndarray) -> np.ndarray:
    n = len(kind)
    sur = _SURNAMES[rng.integers(0, len(_SURNAMES), n)]
    given = _GIVEN[rng.integers(0, len(_GIVEN), n)]
    title = np.where(rng.random(n) < 0.5, "先生", "女士")
    mobile = pd.Series(rng.integers(3_000_000_000, 9_999_999_999, n)).astype(str).radd("1").to_numpy()
    land = pd.Series(rng.integers(82_000_000, 89_999_999, n)).astype(str).radd("0571-").to_numpy()
    idno = pd.Series(rng.integers(100, 999, n)).astype(str).radd("33010619850612").to_numpy() + "X"
    t = rng.integers(0, 5, n)
    body = np.where(kind == "fault_repair", "家中停电,请求抢修", np.char.add(np.char.add("反映", category.astype(str)), "问题"))
    d = np.select(
        [t == 0, t == 1, t == 2, t == 3],
        [np.char.add(np.char.add(np.char.add(sur, title), "来电"), np.char.add(body, np.char.add(",联系电话", mobile))),
         np.char.add(np.char.add("姓名:", np.char.add(sur, given)), np.char.add(",", body)),
         np.char.add(np.char.add("客户", body), np.char.add(",座机", land)),
         np.char.add(np.char.add(np.char.add(sur, given), title), np.char.add(body, np.char.add(",身份证号", idno)))],
        default=np.char.add("客户", body))
    return d


def _year_cases(year: int, windows: pd.DataFrame, exact: bool, key_start: int) -> pd.DataFrame:
    rng = np.random.default_rng(_SEED + year)
    halls = windows.loc[windows["kind"] == "power_hall", "window_id"].tolist()
    centres = windows.loc[windows["kind"] == "call_centre", "window_id"].tolist()
    per_hall = {"complaint": 40, "report": 8, "suggestion": 15, "fault_repair": 60, "enquiry": 40}
    per_centre = {"complaint": 20, "report": 6, "fault_repair": 150, "enquiry": 100}
    wins, kinds = [], []
    for w in halls:
        for k, c in per_hall.items():
            wins += [w] * c
            kinds += [k] * c
    for w in centres:
        for k, c in per_centre.items():
            wins += [w] * c
            kinds += [k] * c
    wins, kinds = np.array(wins), np.array(kinds)
    n = len(kinds)
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    centre = np.isin(wins, centres)
    chan = np.array(list(_CHANNEL_ZH))[rng.choice(5, n, p=[0.35, 0.35, 0.08, 0.04, 0.18])]
    chan = np.where(centre, "95598", chan)
    chan = np.where((kinds == "fault_repair") & ~centre, np.where(rng.random(n) < 0.5, "counter", "online"), chan)
    hours = np.where(chan == "counter", rng.uniform(8.5, 17.5, n), rng.uniform(0, 24, n))
    recv = pd.DatetimeIndex(days[rng.integers(0, len(days), n)]) + pd.to_timedelta((hours * 3600).round(), unit="s")
    cat = _CATEGORIES[rng.integers(0, len(_CATEGORIES), n)]
    cat = np.where(kinds == "fault_repair", "故障抢修", np.where(kinds == "enquiry", "用电咨询", cat))
    df = pd.DataFrame({"kind": kinds, "window_id": wins, "channel": chan, "category": cat,
                       "received_at": recv, "customer_key": _keys(key_start, n)})
    # planted repeat complaints: another complaint by the same customer 1–30 days later; decoys at 31 days
    # and an enquiry right after a complaint (an enquiry is not a complaint)
    base = np.flatnonzero((kinds == "complaint") & (recv.month >= 2) & (recv.month <= 10))
    gaps = [1, 5, 12, 20, 29, 30] if exact else [3, 9, 25]
    picks = rng.choice(base, size=len(gaps) + 2, replace=False)
    extra = df.iloc[picks].copy()
    extra["received_at"] = extra["received_at"].to_numpy() + pd.to_timedelta(gaps + [31, 2], unit="D").to_numpy()
    extra.iloc[-1, extra.columns.get_loc("kind")] = "enquiry"
    extra["category"] = np.where(extra["kind"] == "enquiry", "用电咨询", extra["category"])
    df = pd.concat([df, extra], ignore_index=True)
    n = len(df)
    kinds = df["kind"].to_numpy()
    recv = df["received_at"]
    day0 = recv.dt.normalize()

    def at(offset_days, lo=9.0, hi=18.0):
        t = day0 + pd.to_timedelta(offset_days, unit="D") + pd.to_timedelta((rng.uniform(lo, hi, n) * 3600).round(), unit="s")
        return t.where(t > recv, recv + pd.Timedelta(minutes=40))

    limit = np.select([kinds == "complaint", kinds == "report", kinds == "suggestion"], [5, 10, 15], default=0)
    replied = at(rng.integers(0, limit + 1))
    replied[kinds == "enquiry"] = recv[kinds == "enquiry"] + pd.to_timedelta(rng.integers(2, 20, (kinds == "enquiry").sum()), unit="min")
    resolved = replied + pd.to_timedelta(rng.uniform(0, 48, n).round(1), unit="h")
    fr = kinds == "fault_repair"
    replied[fr] = pd.NaT
    resolved[fr] = recv[fr] + pd.to_timedelta(rng.uniform(60, 360, fr.sum()).round(), unit="min")
    concluded = replied.where(replied.notna(), resolved)
    needs = np.isin(kinds, ["complaint", "report", "fault_repair"])
    cb = concluded + pd.to_timedelta(rng.uniform(2, 72, n).round(2), unit="h")
    cb[~needs] = pd.NaT
    result = np.where(needs, "satisfied", None).astype(object)
    df = df.assign(replied_at=replied, resolved_at=resolved, callback_at=cb, callback_result=result)

    # -- plants ---------------------------------------------------------
    free = np.ones(n, dtype=bool)
    free[len(df) - len(extra):] = False  # leave the repeat rows alone

    def take(mask, k):
        idx = rng.choice(np.flatnonzero(mask & free), size=k, replace=False)
        free[idx] = False
        return idx

    mid_year = ((recv.dt.month >= 3) & (recv.dt.month <= 10)).to_numpy()
    late_c = take(kinds == "complaint", 8 if exact else 20)
    late_r = take(kinds == "report", 4 if exact else 8)
    for idx, lim in ((late_c, 5), (late_r, 10)):  # ≥ 12 days past the deadline: late whatever art. 203 does
        t = day0[idx] + pd.to_timedelta(lim + rng.integers(12, 26, len(idx)), unit="D") + pd.Timedelta(hours=10)
        df.loc[idx, "replied_at"] = t.to_numpy()
        df.loc[idx, "resolved_at"] = t.to_numpy()
        df.loc[idx, "callback_at"] = (t + pd.Timedelta(days=1)).to_numpy()
    unreplied = take((kinds == "complaint") & mid_year, 2 if exact else 4)
    df.loc[unreplied, ["replied_at", "resolved_at", "callback_at"]] = pd.NaT
    df.loc[unreplied, "callback_result"] = None
    for kind in ("complaint", "report", "fault_repair"):
        miss = take(kinds == kind, _MISSING[kind] if exact else 2 * _MISSING[kind])
        df.loc[miss, "callback_at"] = pd.NaT
        df.loc[miss, "callback_result"] = None
        unr = take(kinds == kind, _UNREACHABLE[kind] if exact else 2 * _UNREACHABLE[kind])
        df.loc[unr, "callback_result"] = "unreachable"
    early = take(fr, PLANTED["callbacks_before_repair"] if exact else 5)
    df.loc[early, "callback_at"] = (df.loc[early, "resolved_at"] - pd.Timedelta(minutes=30)).to_numpy()
    ok_cb = needs & free
    ok_cb[len(df) - len(extra):] = needs[len(df) - len(extra):]
    dis = take(ok_cb, PLANTED["callbacks_dissatisfied"] if exact else 70)
    df.loc[dis, "callback_result"] = "dissatisfied"
    df["description"] = _descriptions(rng, df["kind"].to_numpy(), df["category"].to_numpy())
    df = df.sort_values("received_at", kind="stable").reset_index(drop=True)
    df.insert(0, "case_id", [f"CS{year % 100}{i:06d}" for i in range(1, len(df) + 1)])
    return df


def _boundaries(year: int, windows: pd.DataFrame) -> pd.DataFrame:
    """The boundary cases of 2025 (the National Day dates are 2025's)."""
    if year != 2025:
        return pd.DataFrame()
    t = pd.to_datetime
    return pd.DataFrame({
        "case_id": list(BOUNDARY_CASES.values()), "kind": ["complaint", "complaint", "report"],
        "window_id": ["PW01", "PW01", "PW02"], "channel": ["95598", "counter", "letter"],
        "category": ["电费电价", "服务态度", "营业厅环境"],
        "received_at": t(["2025-03-05 10:00:00", "2025-03-05 11:00:00", "2025-09-22 09:30:00"]),
        "customer_key": ["KB000001", "KB000002", "KB000003"],
        "replied_at": t(["2025-03-10 23:59:59", "2025-03-11 00:00:00", "2025-10-09 10:00:00"]),
        "resolved_at": t(["2025-03-10 23:59:59", "2025-03-11 00:00:00", "2025-10-09 10:00:00"]),
        "callback_at": t(["2025-03-12 10:00:00", "2025-03-12 10:30:00", "2025-10-10 10:00:00"]),
        "callback_result": ["satisfied"] * 3,
        "description": ["客户反映电费异常", "客户反映工作人员态度", "来信举报营业厅收费不规范"]})


def _carry_over(year: int) -> pd.DataFrame:
    """One customer who complains on 20 December and again on 5 January (a repeat across the new year)."""
    t = pd.to_datetime
    return pd.DataFrame({
        "case_id": [f"CS{(year - 1) % 100}-X1", f"CS{year % 100}-X1"], "kind": "complaint", "window_id": "PW05",
        "channel": "95598", "category": "停电问题",
        "received_at": t([f"{year - 1}-12-20 10:00", f"{year}-01-05 10:00"]), "customer_key": "KX000001",
        "replied_at": t([f"{year - 1}-12-22 15:00", f"{year}-01-07 15:00"]),
        "resolved_at": t([f"{year - 1}-12-22 15:00", f"{year}-01-07 15:00"]),
        "callback_at": t([f"{year - 1}-12-23 10:00", f"{year}-01-08 10:00"]),
        "callback_result": ["satisfied", "satisfied"], "description": ["客户反映频繁停电", "客户再次反映频繁停电"]})


def write_demo(out_dir, year: int, windows: pd.DataFrame) -> Path:
    """Write the demo organisation's complaint records (``year - 1`` and ``year``) into ``out_dir``.

    Exported as a case system would: Chinese headers and codes, which the
    contract's aliases and the mapping file (appended here) map.  The
    violations of ``year`` are exactly :data:`PLANTED`.
    """
    out = Path(out_dir)
    frames = [_year_cases(year - 1, windows, False, key_start=1), _year_cases(year, windows, True, key_start=500_000),
              _boundaries(year, windows), _carry_over(year)]
    df = pd.concat([f for f in frames if len(f)], ignore_index=True)
    df = df[["case_id", "channel", "kind", "window_id", "category", "received_at", "replied_at", "resolved_at",
             "callback_at", "callback_result", "customer_key", "description"]]
    df = df.assign(kind=df["kind"].map(_KIND_ZH), channel=df["channel"].map(_CHANNEL_ZH),
                   callback_result=df["callback_result"].map(_RESULT_ZH))
    headers = {"case_id": "工单编号", "channel": "受理渠道", "kind": "诉求类型", "window_id": "窗口编号",
               "category": "业务类别", "received_at": "受理时间", "replied_at": "答复时间", "resolved_at": "办结时间",
               "callback_at": "回访时间", "callback_result": "回访结果", "customer_key": "客户标识",
               "description": "诉求内容"}
    text = df.rename(columns=headers).to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S")
    write_text(out / "complaints.csv", text)
    mp = out / "mapping.yaml"
    current = mp.read_text(encoding="utf-8") if mp.exists() else ""
    if "\ncomplaints:" not in "\n" + current:
        write_text(mp, current.rstrip("\n") + "\n" + _MAPPING)
    return out / "complaints.csv"
