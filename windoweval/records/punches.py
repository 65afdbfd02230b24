"""A raw punch log read beside a schedule: mapping.yaml's ``punches`` (原始打卡记录 + 排班表).

DingTalk, WeCom and attendance machines export the punches themselves, one row per punch (姓名/工号, 打卡时间, sometimes
打卡类型 上班/下班, 考勤机/地点), apart from the schedule (排班表: a row per staff and day, 班次 or 上班时间/下班时间).
The section's own file is the schedule (its ``combine`` makes ``shift_start``, ``shift_end``); ``punches`` names the
log, and each scheduled shift gets its clock-in (``arrived_at``) and clock-out (``left_at``) from it::

    attendance:
      file: 排班表.xlsx
      columns: {工号: staff_id, 部门: window_id}
      combine:
        shift_start: {date: 日期, time: 班次, part: start}
        shift_end: {date: 日期, time: 班次, part: end, after: shift_start}
      punches: {file: 打卡记录.csv, staff: 工号, time: 打卡时间, type: 打卡类型}

The rules (data/README.md says them to the user):

- a punch belongs to the shift boundary of the same staff nearest to it (a shift's start or its end), within
  12 hours (the rule ``near`` follows): a night shift's punch after midnight is that shift's, never the next day's;
- a clock-in lies before the middle of its shift, a clock-out from the middle on (so a lone punch is one or the
  other, never both, and a clock-out never precedes its clock-in); a punch typed 上班 is only ever a clock-in, one
  typed 下班 only ever a clock-out; an untyped (or ``any``) punch is whichever boundary is nearer;
- of the punches a boundary takes, the clock-in is the earliest, the clock-out the latest (as attendance systems
  count a punch again: arriving is the first punch, leaving the last); the others are counted (``repeated``);
- a shift no punch reaches keeps its time blank: missing evidence (证据不足), never a pass;
- a punch no shift takes (no shift of that staff within 12 hours, a 2024 punch beside a 2025 schedule, a typed
  punch on the wrong side of its shift, a staff id not in the schedule) is counted and said by ``records check``,
  never dropped in silence; a punch row with no time is counted too;
- a bad time is refused at its own row under the log's own header (打卡时间), Chinese first, with the fix.

Everything is vectorised (``pandas.merge_asof`` by staff, groupby min/max); no Python runs per punch or per shift.
The staff's cells are never shown (a 姓名 column is personal): a message names the row.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .contract import RecordsError
from .mapping import (_MIDNIGHT, MappingError, _placeholder, _Headers, excel_day_and_time, hhmm_read,
                      next_day_marked, norm, norm_series)
from .problems import Problems

#: How far a punch may lie from the shift's start or end it is read for (the rule ``combine``'s ``near`` follows).
WINDOW = pd.Timedelta(hours=12)


def assign(shifts: pd.DataFrame, punches: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Each shift's clock-in and clock-out from the punches, and the counts of what became of the punches.

    ``shifts``: ``staff``, ``start``, ``end`` (NaT: not known); ``punches``: ``staff``, ``time``, ``side`` (``in``,
    ``out`` or ``any``). Returns ``arrived``, ``left`` (one per shift, NaT where no punch reaches it) and the counts:
    ``punches``, ``in``, ``out`` (the punches read as a shift's clock-in, clock-out), ``repeated`` (taken by a
    boundary, not its earliest or latest), ``unmatched`` (no shift takes it), ``shifts``, ``no_in``, ``no_out``.

    Examples
    --------
    >>> ts = pd.to_datetime
    >>> sh = pd.DataFrame({"staff": ["S1", "S2"], "start": ts(["2025-03-03 08:30", "2025-03-03 22:00"]),
    ...                    "end": ts(["2025-03-03 17:30", "2025-03-04 06:00"])})
    >>> pu = pd.DataFrame({"staff": ["S1", "S1", "S1", "S2", "S2", "S1"],
    ...                    "time": ts(["2025-03-03 08:15", "2025-03-03 08:25", "2025-03-03 17:40",
    ...                                "2025-03-04 00:05", "2025-03-04 06:02", "2024-03-03 08:00"]),
    ...                    "side": ["any", "any", "any", "in", "out", "any"]})
    >>> got, n = assign(sh, pu)
    >>> got["arrived"].astype(str).tolist(), got["left"].astype(str).tolist()
    (['2025-03-03 08:15:00', '2025-03-04 00:05:00'], ['2025-03-03 17:40:00', '2025-03-04 06:02:00'])
    >>> n["in"], n["out"], n["repeated"], n["unmatched"]
    (2, 2, 1, 1)
    """
    n_sh = len(shifts)
    start = pd.to_datetime(shifts["start"]).to_numpy(dtype="datetime64[ns]")
    end = pd.to_datetime(shifts["end"]).to_numpy(dtype="datetime64[ns]")
    has_end = ~np.isnat(end) & (end >= start)
    mid = np.where(has_end, start + (end - start) // 2, start + WINDOW.to_timedelta64())
    ok_start = ~np.isnat(start)
    staff = shifts["staff"].astype("string").to_numpy(dtype=object, na_value=None)
    rec = np.arange(n_sh)
    win = WINDOW.to_timedelta64()
    ins = pd.DataFrame({"staff": staff[ok_start], "at": start[ok_start], "lo": start[ok_start] - win,
                        "hi": mid[ok_start], "rec": rec[ok_start]})
    outs = pd.DataFrame({"staff": staff[has_end], "at": end[has_end], "lo": mid[has_end],
                         "hi": end[has_end] + win, "rec": rec[has_end]})
    ins = ins[ins["staff"].notna()]
    outs = outs[outs["staff"].notna()]

    pt = pd.to_datetime(punches["time"]).to_numpy(dtype="datetime64[ns]")
    pstaff = punches["staff"].astype("string").to_numpy(dtype=object, na_value=None)
    side = punches["side"].to_numpy(dtype=object)
    live = ~np.isnat(pt) & pd.notna(pstaff)
    pos = np.arange(len(punches))

    def nearest(bounds: pd.DataFrame, eligible: np.ndarray, closed_hi: bool):
        """Each eligible punch's nearest boundary of ``bounds`` within the window: (record, distance), -1 / NaN."""
        r = np.full(len(punches), -1, dtype=np.int64)
        dist = np.full(len(punches), np.inf)
        take = eligible & live
        if not take.any() or not len(bounds):
            return r, dist
        left = pd.DataFrame({"staff": pstaff[take], "t": pt[take], "pos": pos[take]}).sort_values("t", kind="stable")
        right = bounds.sort_values("at", kind="stable").rename(columns={"at": "t_b"})
        right["t"] = right["t_b"]
        got = pd.merge_asof(left, right, on="t", by="staff", direction="nearest", tolerance=WINDOW)
        found = got["rec"].notna().to_numpy()
        t = got["t"].to_numpy(dtype="datetime64[ns]")
        lo = got["lo"].to_numpy(dtype="datetime64[ns]")
        hi = got["hi"].to_numpy(dtype="datetime64[ns]")
        inside = found & (t >= lo) & ((t <= hi) if closed_hi else (t < hi))
        p = got["pos"].to_numpy()[inside]
        r[p] = got["rec"].to_numpy()[inside].astype(np.int64)
        dist[p] = np.abs((t[inside] - got["t_b"].to_numpy(dtype="datetime64[ns]")[inside]).astype("int64")).astype(float)
        return r, dist

    r_in, d_in = nearest(ins, side != "out", False)
    r_out, d_out = nearest(outs, side != "in", True)
    as_in = (r_in >= 0) & ((r_out < 0) | (d_in <= d_out))
    as_out = (r_out >= 0) & ~as_in
    arrived = np.full(n_sh, np.datetime64("NaT"), dtype="datetime64[ns]")
    left_ = np.full(n_sh, np.datetime64("NaT"), dtype="datetime64[ns]")
    if as_in.any():
        first = pd.Series(pt[as_in]).groupby(r_in[as_in]).min()
        arrived[first.index.to_numpy()] = first.to_numpy(dtype="datetime64[ns]")
    if as_out.any():
        last = pd.Series(pt[as_out]).groupby(r_out[as_out]).max()
        left_[last.index.to_numpy()] = last.to_numpy(dtype="datetime64[ns]")
    n_in, n_out = int((~np.isnat(arrived)).sum()), int((~np.isnat(left_)).sum())
    counts = {"punches": int(len(punches)), "blank": int((~live).sum()), "in": n_in, "out": n_out,
              "repeated": int(as_in.sum() + as_out.sum()) - n_in - n_out,
              "unmatched": int((live & ~as_in & ~as_out).sum()), "shifts": int(n_sh),
              "no_in": int(n_sh - n_in), "no_out": int(has_end.sum() - n_out)}
    return pd.DataFrame({"arrived": arrived, "left": left_}), counts


def _text(frame: pd.DataFrame, j: int) -> pd.Series:
    s = frame.iloc[:, j]
    return s.astype("string").str.normalize("NFKC").str.strip().replace("", pd.NA)


def _read_log(spec: dict, files: list, label_of) -> tuple[pd.DataFrame, dict]:
    """The punch log's files as ``staff``, ``time``, ``side``, refused (exit 3) where a time or a type cell is bad,
    each problem with its file, row, header as written, value and fix; and what was read (for records check)."""
    from .io import read_tables
    from .validate import _coerce_column

    parts, probs, headers_used = [], [], {}
    for f in files:
        for t in read_tables(f, 1, None):
            label = label_of(t.label)
            if not t.headers:
                continue
            H = _Headers(t.headers, label, "attendance")
            where = "mapping.yaml"
            js = {k: H.need(spec[k], f"attendance.punches.{k}", where) for k in ("staff", "time", "date", "type")
                  if k in spec}
            rows = np.asarray(t.row_numbers())
            staff = _text(t.frame, js["staff"])
            time = t.frame.iloc[:, js["time"]]
            marked = np.zeros(len(rows), dtype=bool)
            if "date" in js:   # the date apart, joined to the time as combine joins them (a workbook's date cell and
                # time cell, Excel's serial days and fractions; 次日 06:05 the next day); a time cell holding a date:
                # taken whole
                d = _text(t.frame, js["date"]).str.replace(_MIDNIGHT, "", regex=True)
                tt = time.astype("string").str.strip()
                d, tt = d.mask(_placeholder(d)), tt.mask(_placeholder(tt))   # 缺卡, - : no punch (counted blank)
                tt, marked = next_day_marked(tt)
                d, tt = excel_day_and_time(d, tt)
                tt, found = hhmm_read(tt, label, rows, str(t.headers[js["time"]]), "打卡时间 / the punch time")
                probs += found   # 821 for 08:21 (a machine's HHMM number), as a combine reads it
                d, tt = d.fillna(""), tt.fillna("")
                whole = tt.str.contains(r"\d{4}\s*[-/年.]", regex=True).fillna(False)
                dateless = ((d == "") & (tt != "") & ~whole).to_numpy(dtype=bool)
                if dateless.any():   # which day is unknown: refused under the date's own header
                    probs.append(Problems.of(
                        file=label, row=rows[dateless], column=str(t.headers[js["date"]]),
                        value=tt.to_numpy(dtype=object)[dateless], code="time_without_date",
                        problem_zh="有打卡时间但日期为空,不知是哪一天的打卡", fix_zh="请在导出系统中补上日期后重新导出",
                        problem_en="a punch time without its date: which day is unknown",
                        fix_en="fill in the date in the exporting system and export again"))
                time = (d + " " + tt).where(~whole & (tt != "") & (d != ""), tt.where(whole, "")).str.strip()
                marked &= ~whole.to_numpy(dtype=bool)
            files_ = np.full(len(rows), label, dtype=object)
            n0 = len(probs)
            parsed = _coerce_column(time.reset_index(drop=True), {"type": "datetime"}, str(t.headers[js["time"]]),
                                    files_, rows, probs)
            if marked.any():
                parsed = parsed.where(~marked, parsed + pd.Timedelta(days=1))
            side = pd.Series(np.full(len(rows), "any", dtype=object))
            if "type" in js:
                ty = norm_series(t.frame.iloc[:, js["type"]].astype("string").fillna(""))
                known = ty.map(spec["types"])
                bad = (ty != "") & known.isna()
                if bad.any():
                    b = bad.to_numpy(dtype=bool)
                    probs.append(Problems.of(
                        file=label, row=rows[b], column=str(t.headers[js["type"]]),
                        value=t.frame.iloc[:, js["type"]].astype("string").to_numpy(dtype=object)[b], code="punch_type",
                        problem_zh="打卡类型不是 上班 或 下班 的写法", problem_en="the punch type is no clock-in or clock-out word",
                        fix_zh=f"在 mapping.yaml 的 attendance.punches.types 中写上它是 in(上班)、out(下班)还是 any",
                        fix_en="say under attendance.punches.types in mapping.yaml whether it is in, out or any"))
                side = known.fillna("any").reset_index(drop=True)
            parts.append(pd.DataFrame({"staff": staff.reset_index(drop=True), "time": parsed.reset_index(drop=True),
                                       "side": side, "row": rows, "file": files_}))
            headers_used[label] = [str(t.headers[j]) for j in js.values()]
    if probs:
        raise RecordsError("attendance", label_of(str(files[0])), Problems.concat(probs))
    if not parts:
        raise MappingError(f"mapping.yaml: attendance.punches.file: 打卡记录中没有表 / the punch log holds no table")
    log = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return log, headers_used


def attach(loaded, km, data_dir, files: list) -> None:
    """Give ``loaded``'s shifts (the schedule read through the mapping) their ``arrived_at`` and ``left_at`` from the
    punch log ``files`` (``km.punches``; :func:`~windoweval.records.files.find_punch_files` finds them), and say on
    the first plan what became of the punches (records check).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from windoweval.records.files import load
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "排班.csv").write_text("工号,窗口,日期,班次\\nS1,PW01,2025-03-03,08:30-17:30\\n", encoding="utf-8")
    >>> _ = (d / "打卡.csv").write_text("工号,打卡时间\\nS1,2025-03-03 08:15\\nS1,2025-03-03 17:40\\n", encoding="utf-8")
    >>> m = {"file": "排班.csv", "columns": {"工号": "staff_id", "窗口": "window_id"},
    ...      "combine": {"shift_start": {"date": "日期", "time": "班次", "part": "start"},
    ...                  "shift_end": {"date": "日期", "time": "班次", "part": "end"}},
    ...      "punches": {"file": "打卡.csv", "staff": "工号", "time": "打卡时间"}}
    >>> got = load("attendance", d, m)    # load calls attach
    >>> str(got.frame["arrived_at"][0]), str(got.frame["left_at"][0]), got.plans[0].punches["unmatched"]
    ('2025-03-03 08:15:00', '2025-03-03 17:40:00', 0)
    """
    from pathlib import Path

    spec = km.punches
    root = Path(data_dir).resolve()

    def label_of(lbl: str) -> str:   # the file named inside the data folder, never by the folders above it
        try:
            return str(Path(lbl).resolve().relative_to(root))
        except (ValueError, OSError):
            return Path(lbl).name
    log, used = _read_log(spec, files, label_of)
    df = loaded.frame
    shifts = pd.DataFrame({"staff": norm_series(df["staff_id"].astype("string")) if "staff_id" in df else pd.NA,
                           "start": df["shift_start"] if "shift_start" in df else pd.NaT,
                           "end": df["shift_end"] if "shift_end" in df else pd.NaT})
    log = log.assign(staff=norm_series(log["staff"].astype("string").fillna("")).replace("", pd.NA))
    codes = {norm(k): v for k, v in (km.values.get("staff_id") or {}).items()}
    if codes:   # the schedule's own codes for its staff (姓名 → 工号) read the log's staff cells too
        named = log["staff"].isin(list(codes)).to_numpy(dtype=bool, na_value=False)
        ids = norm_series(log["staff"].map(codes).astype("string").fillna("")).replace("", pd.NA)
        log = log.assign(staff=ids.where(named, log["staff"]))
    log, zeros = _without_leading_zeros(log, shifts["staff"])
    got, counts = assign(shifts, log)
    counts["zeros"] = zeros
    df["arrived_at"] = got["arrived"].to_numpy()
    df["left_at"] = got["left"].to_numpy()
    counts["files"] = [label_of(str(f)) for f in files]
    counts["headers"] = used
    counts["staff_unknown"] = int((log["staff"].notna() & ~log["staff"].isin(shifts["staff"].dropna())).sum())
    for plan in loaded.plans:   # made from the punches, not missing from the schedule
        plan.missing = [m for m in plan.missing if m not in ("arrived_at", "left_at")]
    if loaded.plans:
        loaded.plans[0].punches = counts


def _without_leading_zeros(log: pd.DataFrame, staff: pd.Series) -> tuple[pd.DataFrame, int]:
    """``log`` with each staff id the schedule does not hold, but holds written with other leading zeros (an
    attendance machine's user number 1 for the schedule's 0001, a workbook's 101 for 0101), read as the schedule's
    id; and how many punches that took.  Only where the digits name one id of the schedule: an id the schedule holds
    as written is never changed, and two schedule ids alike without their zeros (1 and 01) take none.

    >>> log = pd.DataFrame({"staff": pd.Series(["1", "0002", "S3", "7", "5"], dtype="string")})
    >>> got, n = _without_leading_zeros(log, pd.Series(["0001", "2", "S3", "05", "005"], dtype="string"))
    >>> got["staff"].tolist(), n   # 5: both 05 and 005, none taken; 7: none
    (['0001', '2', 'S3', '7', '5'], 2)
    """
    ids = pd.Series(staff.dropna().unique(), dtype="string")
    out = log["staff"].notna() & ~log["staff"].isin(ids)
    if not out.any():
        return log, 0
    num = ids[ids.str.fullmatch(r"\d+").fillna(False)]
    bare = num.str.lstrip("0").replace("", "0")
    once = ~bare.duplicated(keep=False)
    by_bare = pd.Series(num[once].to_numpy(), index=bare[once].to_numpy())
    cells = log["staff"].where(out)
    key = cells.where(cells.str.fullmatch(r"\d+").fillna(False)).str.lstrip("0").replace("", "0")
    found = key.map(by_bare)
    hit = found.notna().to_numpy(dtype=bool)
    if not hit.any():
        return log, 0
    return log.assign(staff=log["staff"].where(~hit, found)), int(hit.sum())


def check_lines(info: dict) -> list[str]:
    """records check's lines of a punch log read beside the schedule: punches → shifts, and every punch accounted for.

    Examples
    --------
    >>> print("\\n".join(check_lines({"files": ["打卡.csv"], "punches": 9, "blank": 0, "in": 3, "out": 2, "repeated": 1,
    ...     "unmatched": 3, "staff_unknown": 1, "shifts": 4, "no_in": 1, "no_out": 2})))
        打卡记录 / punches: 打卡.csv: 9 次打卡 → 4 个班次 / punches → shifts: 3 个上班卡、2 个下班卡 / clock-ins, clock-outs; 1 次重复打卡未取用 / repeated punches not used
        3 次打卡没有班次可归(其中 1 次的工号不在排班表中;12 小时内没有该员工的班次、或上班/下班类型与时刻不符)/ 3 punch(es) no shift takes (1 of a staff id not in the schedule; no shift of that staff within 12 hours, or typed 上班/下班 on the wrong side of the shift)
        1 个班次无上班卡、2 个班次无下班卡,按缺少证据评价(证据不足)/ 1 shift(s) without a clock-in, 2 without a clock-out: judged as missing evidence
    """
    out = [f"    打卡记录 / punches: {', '.join(info['files'])}: {info['punches']} 次打卡 → {info['shifts']} 个班次 / "
           f"punches → shifts: {info['in']} 个上班卡、{info['out']} 个下班卡 / clock-ins, clock-outs; "
           f"{info['repeated']} 次重复打卡未取用 / repeated punches not used"]
    if info.get("zeros"):
        out.append(f"    {info['zeros']} 次打卡的工号与排班表只差前导零(考勤机的 1 即排班表的 0001),按排班表的工号读取 / "
                   f"punch(es) whose staff id differs from the schedule's only in leading zeros (a machine's 1 for the "
                   "schedule's 0001), read as the schedule's")
    if info["blank"]:
        out.append(f"    {info['blank']} 行打卡没有时间或工号,未读 / punch row(s) without a time or a staff id, not read")
    if info["unmatched"]:
        out.append(f"    {info['unmatched']} 次打卡没有班次可归(其中 {info['staff_unknown']} 次的工号不在排班表中;"
                   f"12 小时内没有该员工的班次、或上班/下班类型与时刻不符)/ {info['unmatched']} punch(es) no shift takes "
                   f"({info['staff_unknown']} of a staff id not in the schedule; no shift of that staff within 12 hours, "
                   "or typed 上班/下班 on the wrong side of the shift)")
    if info["no_in"] or info["no_out"]:
        out.append(f"    {info['no_in']} 个班次无上班卡、{info['no_out']} 个班次无下班卡,按缺少证据评价(证据不足)/ "
                   f"{info['no_in']} shift(s) without a clock-in, {info['no_out']} without a clock-out: judged as "
                   "missing evidence")
    return out
