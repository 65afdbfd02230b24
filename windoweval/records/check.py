"""``windoweval records check``: every record file of a data directory read as scoring would read it, and explained.

For each kind: the rows read; every export header used (and for what) or
ignored; every contract column found nowhere; the sheets not read; the window
ids the workspace does not know, with their record counts (a workspace with
``unknown_windows = "refuse"`` refuses them).  A file that cannot be read or
breaks its contract is shown with every problem, and the command exits 3.
"""
from __future__ import annotations

import re
import sys

import numpy as np
import pandas as pd

from ..errors import EXIT_INPUT, EXIT_OK, InputError
from .contract import contracts, not_personal_columns
from .mapping import norm

__all__ = ["check_records", "unknown_windows", "window_spellings", "placeholder_counts", "evidence_counts", "flagged_rows",
           "unread_files", "unread_lines", "stale_lines", "claim_lines", "withdrawn_without_time", "withdrawn_blank"]

#: The rows of a kind read but not judged as met or missed, by why: ``(kind, label, test)``, ``test(frame, shut)``
#: giving a bool array (``shut``: the rows the kind's status column marks closed).  Counted apart from the refused
#: rows (a refused row stops the file; these are read).  The order types whose clock may not have started yet
#: (``unstarted: open`` in 标准1 第十条(二)2 and (二)9): a connection not yet accepted, a restoration whose cause is
#: not yet cleared.
_UNSTARTED = ("new_connection_other", "supply_restoration")


#: The order types whose time limit ends at the arrival on site (标准1 第十条(二)5 抢修, (二)7 预约), not at completion.
_ARRIVAL = ("fault_repair", "appointment")


def _unstarted(f, shut):
    return ((f["received_at"].isna() & f["completed_at"].isna()).to_numpy()
            & f["order_type"].isin(_UNSTARTED).to_numpy() & ~shut)


def _end_blank(f):
    """Whether each order's end of its time limit is blank: its arrival on site for a repair or an appointment, its
    completion for the others (as the measures read it)."""
    import numpy as np

    def blank(c):   # a column the export lacks is blank in every row
        return f[c].isna().to_numpy() if c in f else np.ones(len(f), dtype=bool)

    at = f["order_type"].isin(_ARRIVAL).to_numpy(dtype=bool, na_value=False)
    return np.where(at, blank("arrived_at"), blank("completed_at"))


_EVIDENCE = [
    ("work_orders", "已登记、未受理(时限未起算,记为未到期)/ filed, not yet accepted (the clock not started: open)",
     _unstarted),
    ("work_orders", "标为已办结或撤单但无完成(抢修、预约:到达现场)时间(缺少证据)/ marked closed or withdrawn, no "
     "completion (repairs, appointments: arrival on site) time (evidence missing)", lambda f, shut: shut & _end_blank(f)),
    ("work_orders", "无受理时间(缺少证据)/ no acceptance time (evidence missing)",
     lambda f, shut: f["received_at"].isna().to_numpy() & ~_unstarted(f, shut) & ~(shut & _end_blank(f))),
    ("outages", "标为已恢复但无恢复供电时间(缺少证据)/ marked closed, no restored time (evidence missing)",
     lambda f, shut: shut & f["restored_at"].isna().to_numpy()),
    # a withdrawn case (撤诉) owes no reply after its withdrawal: only the cases marked closed are counted, of the kinds
    # a reply limit applies to (投诉 5 天、举报 10 天): a closed suggestion or repaired fault owes no reply
    ("complaints", "投诉、举报标为已办结但无答复时间(缺少证据)/ complaints and reports marked closed, no reply time "
     "(evidence missing)",
     lambda f, shut: f["case_status"].eq("closed").to_numpy(dtype=bool, na_value=False)
     & (f["kind"].isin(["complaint", "report"]).to_numpy(dtype=bool, na_value=False) if "kind" in f else True)
     & f["replied_at"].isna().to_numpy()),
    # a laboratory sample marked released (已发布, 已审核) with no report time: the report was sent, when is unknown
    ("hospital_events", "检验标本标为已完成(已发布、已审核)但无报告时间(缺少证据)/ laboratory samples marked closed "
     "(report released), no report time (evidence missing)",
     lambda f, shut: shut & f["event_type"].astype("string").str.startswith("lab_").to_numpy(dtype=bool, na_value=False)
     & f["finished_at"].isna().to_numpy()),
]
_STATUS = {"work_orders": "order_status", "outages": "outage_status", "complaints": "case_status",
           "hospital_events": "event_status"}


def evidence_counts(kind: str, frame: pd.DataFrame) -> list[tuple[str, int]]:
    """The records of ``frame`` (one kind, read and valid) that scoring will not judge as met or missed, by why:
    ``(label, records)`` for each reason that has any.  An order filed but not yet accepted is open (its clock has
    not started); one completed without its acceptance time, or marked closed (已办结, 归档) with its completion
    time blank, is missing evidence.  None of them is a refused row.

    Examples
    --------
    >>> f = pd.DataFrame({"received_at": pd.to_datetime([None, None, "2025-03-01", "2025-03-01"]),
    ...                   "completed_at": pd.to_datetime([None, "2025-03-05", None, "2025-03-02"]),
    ...                   "order_type": ["new_connection_other"] * 4, "order_status": [None, None, "closed", "closed"]})
    >>> [(label[:6], n) for label, n in evidence_counts("work_orders", f)]
    [('已登记、未受', 1), ('标为已办结或', 1), ('无受理时间(', 1)]
    """
    import numpy as np

    from ..population import closed_of

    col = _STATUS.get(kind)
    shut = closed_of(frame[col]) if col in frame else np.zeros(len(frame), dtype=bool)
    out = []
    for k, label, test in _EVIDENCE:
        if k != kind:
            continue
        try:
            n = int(np.count_nonzero(test(frame, shut)))
        except KeyError:   # a column the frame lacks: nothing to count
            continue
        if n:
            out.append((label, n))
    return out


#: At most this many flagged rows are printed one by one (the rest counted on one line).
_FLAGGED_SHOWN = 50


def years_line(kind: str, frame: pd.DataFrame) -> str | None:
    """The records of ``frame`` by the year they belong to (the contract's year column), when they are of more than
    one year: a 31 December order in January's export, last year's rows left in a cumulative export.  Scoring and
    the report take the ``--year``'s alone, so the others are said here, never left out unseen.  None for one year.

    Examples
    --------
    >>> f = pd.DataFrame({"order_id": ["a", "b", "c"], "received_at": pd.to_datetime(
    ...     ["2024-12-31 23:50", "2025-01-02 09:00", "2025-03-03 09:00"]), "filed_at": pd.NaT})
    >>> print(years_line("work_orders", f))
        按年度 / records by year: 2024 年 1 条, 2025 年 2 条;评分与报告只计 --year 所指年度的记录 / 2024: 1, 2025: 2; score and report count the --year's records only
    """
    c = contracts()[kind]
    if not (c.periods or c.period) or not any(p in frame for p in (c.periods or (c.period,))):
        return None
    n = c.year_counts(frame)   # the one rule: the filing year, else the clock-start year, as a year's read keeps them
    if len(n) < 2:
        return None
    zh = ", ".join(f"{y} 年 {k} 条" for y, k in n.items())
    en = ", ".join(f"{y}: {k}" for y, k in n.items())
    return (f"    按年度 / records by year: {zh};评分与报告只计 --year 所指年度的记录 / {en}; score and report count "
            f"the --year's records only")


def flagged_rows(kind: str, got):
    """The rows of ``got`` (:class:`~windoweval.records.files.Loaded`) that break a ``flag_before`` rule of the kind's
    contract (restored before the cause was cleared): kept, not refused, their time limit missing evidence; as
    warnings of the one problem table with file, row, column, both values and the fix.

    Examples
    --------
    >>> from windoweval.records.files import Loaded
    >>> from windoweval.records.validate import FileLabels
    >>> import numpy as np
    >>> f = pd.DataFrame({"outage_id": ["O1", "O2"], "customer_id": ["C1", "C2"],
    ...                   "start_at": pd.to_datetime(["2025-03-01 08:00"] * 2),
    ...                   "cause_cleared_at": pd.to_datetime(["2025-03-01 15:00"] * 2),
    ...                   "restored_at": pd.to_datetime(["2025-03-01 16:00", "2025-03-01 14:00"])})
    >>> got = Loaded("outages", f, [], rows=np.array([2, 3]), labels=FileLabels.of("停电.csv", 2))
    >>> flagged_rows("outages", got)[["file", "row", "record_id", "column", "value", "code"]].values.tolist()
    [['停电.csv', 3, 'O2', 'restored_at', '2025-03-01 14:00:00', 'end_before_step']]
    """
    from .contract import contracts
    from .order import flag_problems
    from .problems import Problems

    fl = getattr(got, "flagged", None)
    if fl is not None:   # found when the files were read, with the cells as written (a function: read again as text)
        return fl() if callable(fl) else fl
    if not len(got.frame):
        return Problems.concat([])
    rows, labels = _rows_and_labels(kind, got)
    return flag_problems(contracts()[kind], got.frame, rows, labels)


def _rows_and_labels(kind: str, got) -> tuple:
    """Each record's row in its file and the file's label, as ``got`` (:class:`~windoweval.records.files.Loaded`)
    holds them; the rows counted from 2 under one label (its first file, else the kind) where it holds none."""
    n = len(got.frame)
    rows = got.rows if got.rows is not None and len(got.rows) == n else np.arange(2, n + 2)
    labels = (np.asarray(got.labels, dtype=object) if got.labels is not None and len(got.labels) == n
              else np.full(n, str(got.files[0]) if got.files else kind, dtype=object))
    return rows, labels


#: The kinds a customer may withdraw a record of, whose time limit the withdrawal ends (a complaint's reply is owed
#: no more after it, 第十三条(五); a withdrawn order is ended by it, ``withdrawn_ends``): ``kind -> (status column,
#: the column the withdrawal time is read into, what makes that time unneeded)``.  A withdrawn record with that time
#: blank is missing evidence: whether it was withdrawn within the limit cannot be told (the closing time is no
#: stand-in: it is only an upper bound, map38).
_WITHDRAWAL = {"complaints": ("case_status", "resolved_at", "replied_at"), "work_orders": ("order_status", "completed_at", None)}


def _withdrawal_header(km, status: str, end: str) -> str:
    """The export's header a withdrawn record's end time is read from: the ``pick`` case of the withdrawn code (the
    contract's ``withdrawn`` or an export code mapped to it), else the header mapped to the column, else its name."""
    spec = (km.pick or {}).get(end) if km is not None else None
    if spec:
        codes = {k for k, v in (km.values.get(status) or {}).items() if v == "withdrawn"} | {"withdrawn"}
        for code, header in spec.get("cases", {}).items():
            if header and (code in codes or norm(code) in {norm(c) for c in codes}):
                return str(header)
        if spec.get("default"):
            return str(spec["default"])
    if km is not None:
        for header, col in km.columns.items():
            if col == end:
                return str(header)
    return end


def withdrawn_blank(kind: str, f: pd.DataFrame) -> np.ndarray:
    """Which records of ``f`` (one kind's records, contract columns) are marked withdrawn with their withdrawal time
    blank (:data:`_WITHDRAWAL`): the rows :func:`withdrawn_without_time` names, and ``score`` counts (left40).

    Examples
    --------
    >>> f = pd.DataFrame({"kind": ["complaint", "complaint"], "case_status": ["withdrawn", "withdrawn"],
    ...                   "replied_at": pd.to_datetime([None, None]), "resolved_at": pd.to_datetime([None, "2025-03-04"])})
    >>> withdrawn_blank("complaints", f).tolist(), withdrawn_blank("outages", f).tolist()
    ([True, False], [False, False])
    """
    spec = _WITHDRAWAL.get(kind)
    if spec is None or not len(f) or spec[0] not in f or spec[1] not in f:
        return np.zeros(len(f), dtype=bool)
    status, end, enough = spec
    hit = f[status].astype("string").eq("withdrawn").to_numpy(dtype=bool, na_value=False) & f[end].isna().to_numpy()
    if enough is not None and enough in f:
        hit &= f[enough].isna().to_numpy()
    if kind == "complaints" and "kind" in f:   # a reply limit applies to complaints and reports alone
        hit &= f["kind"].isin(["complaint", "report"]).to_numpy(dtype=bool, na_value=False)
    if kind == "work_orders" and "order_type" in f:   # a repair's or an appointment's limit ends on site, not here
        hit &= ~f["order_type"].isin(_ARRIVAL).to_numpy(dtype=bool, na_value=False)
    return hit


def withdrawn_without_time(kind: str, got, km=None):
    """The withdrawn records of ``got`` (:class:`~windoweval.records.files.Loaded`) whose withdrawal time is blank
    (:data:`_WITHDRAWAL`): kept, their time limit missing evidence; as warnings of the one problem table with file,
    row, column (the export's header, :func:`_withdrawal_header`), the blank value and the fix (fill in the withdrawal
    time; the closing time is no stand-in).  A complaint replied to needs none (its reply is judged), nor a complaint
    of a kind no reply limit applies to.

    Examples
    --------
    >>> from windoweval.records.files import Loaded
    >>> from windoweval.records.validate import FileLabels
    >>> f = pd.DataFrame({"case_id": ["T1", "T2", "T3"], "kind": ["complaint"] * 3,
    ...                   "case_status": ["withdrawn", "withdrawn", "closed"],
    ...                   "replied_at": pd.to_datetime([None, None, "2025-03-04"]),
    ...                   "resolved_at": pd.to_datetime(["2025-03-04", None, None])})
    >>> got = Loaded("complaints", f, [], rows=np.array([2, 3, 4]), labels=FileLabels.of("投诉.csv", 3))
    >>> withdrawn_without_time("complaints", got)[["file", "row", "record_id", "column", "severity"]].values.tolist()
    [['投诉.csv', 3, 'T2', 'resolved_at', 'warning']]
    """
    from .contract import contracts
    from .problems import Problems

    f = got.frame
    hit = withdrawn_blank(kind, f)
    if not hit.any():
        return Problems.concat([])
    status, end, _enough = _WITHDRAWAL[kind]
    rows, labels = _rows_and_labels(kind, got)
    key = contracts()[kind].key
    ids = f[key[0]].astype("string").to_numpy(dtype=object, na_value="")[hit] if key and key[0] in f else ""
    header = _withdrawal_header(km, status, end)
    return Problems.of(
        file=labels[hit], row=np.asarray(rows)[hit], record_id=ids, column=header, value="(空白 blank)", severity="warning",
        code="withdrawn_without_time",
        problem_zh=f"标为撤销(撤诉、撤单)但{header}为空:无法判断是否在时限内撤销,该记录的时限记为缺少证据",
        problem_en=f"marked withdrawn but {header} is blank: whether it was withdrawn within the time limit cannot be "
                   "told, so its time limit reads missing evidence",
        fix_zh=f"请在导出系统中补填{header}(客户撤销的时间)后重新导出;不能用办结时间代替,它只是撤销时间的上限",
        fix_en=f"fill in {header} (when the customer withdrew) in the exporting system and export again; the closing "
               "time is no stand-in, it is only an upper bound of the withdrawal")


def placeholder_counts(plan, table, kind: str) -> list[tuple[str, str, int, list]]:
    """The placeholder cells (``-``, ``无``, ``N/A`` ...) read as blank in each time, number or id header of one table:
    ``(header, contract column, cells, the placeholders written)``, for the headers that hold any.

    Examples
    --------
    >>> from windoweval.records.files import load_files
    >>> import tempfile
    >>> from pathlib import Path
    >>> f = Path(tempfile.mkdtemp()) / "complaints.csv"
    >>> _ = f.write_text("case_id,channel,kind,window_id,received_at,replied_at\\n1,95598,complaint,PW01,2025-03-01 08:00,-\\n"
    ...                  "2,95598,complaint,PW01,2025-03-01 08:00,无\\n", encoding="utf-8")
    >>> got = load_files("complaints", [f])
    >>> placeholder_counts(got.plans[0], got.tables[0], "complaints")
    [('replied_at', 'replied_at', 2, ['-', '无'])]
    """
    import re

    import numpy as np

    from .contract import contracts
    from .validate import _placeholder, is_key_column

    spec = contracts()[kind].columns
    _label, headers, frame, rownum = table
    keep = np.isin(rownum, plan.row_numbers) if plan.row_numbers is not None else np.ones(len(frame), dtype=bool)
    pos = {str(h): i for i, h in enumerate(headers)}
    out = []
    for h, uses in plan.used.items():
        cols = [m.group(1) for u in uses if (m := re.match(r"^([a-z_0-9]+)(?:\(|$)", str(u)))]
        cols = [c for c in cols if spec.get(c, {}).get("type") in ("datetime", "date", "int", "float")
                or (is_key_column(c) and spec.get(c, {}).get("type") == "string")]   # no id
        i = pos.get(str(h))
        if not cols or i is None or i >= frame.shape[1]:
            continue
        if frame.dtypes.iloc[i] == np.dtype("datetime64[ns]"):   # typed by its reader (Parquet, the CSV parse):
            continue                                               # no text, so no placeholder written
        cells = frame.iloc[keep, i]
        hit = _placeholder(cells).to_numpy(dtype=bool)
        if hit.any():
            written = sorted(set(cells[hit].astype(str).str.strip()))
            out.append((str(h), ", ".join(dict.fromkeys(cols)), int(hit.sum()), written))
    return out


def _is_id(cols: str) -> bool:
    """Whether the contract columns ``cols`` (joined with ``, ``) name an id column (``order_id``, ``staff_id``)."""
    from .validate import is_key_column

    return any(is_key_column(c.strip()) for c in cols.split(","))


def _id_headers(plan, table, kind: str, wanted):
    """Each header of ``table`` (a file's ``(label, headers, frame, rownum)``) that ``plan`` reads as a contract
    column of ``kind`` for which ``wanted(column, spec)`` holds (an id column, a key): ``(header, those columns,
    its cells as text, trimmed)``, for :func:`_full_width_ids` and :func:`_decimal_ids_read` alike.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> plan = SimpleNamespace(used={"工单编号": ["order_id"], "备注": ["note"]})
    >>> frame = pd.DataFrame([[" WO1 ", "x"]])
    >>> [(h, c, v.tolist()) for h, c, v in _id_headers(plan, ("f", ["工单编号", "备注"], frame, None), "work_orders",
    ...                                                   lambda c, spec: c.endswith("_id"))]
    [('工单编号', ['order_id'], ['WO1'])]
    """
    import re

    from .contract import contracts

    spec = contracts()[kind].columns
    _label, headers, frame, _rownum = table
    pos = {str(h): i for i, h in enumerate(headers)}
    for h, uses in plan.used.items():
        cols = [m.group(1) for u in uses if (m := re.match(r"^([a-z_0-9]+)(?:\(|$)", str(u)))]
        cols = [c for c in cols if c in spec and wanted(c, spec)]
        i = pos.get(str(h))
        if not cols or i is None or i >= frame.shape[1]:
            continue
        yield h, cols, frame.iloc[:, i].astype("string").str.strip()


def _full_width_ids(plan, table, kind: str) -> list[tuple[str, str, int, str]]:
    """The ids written full-width (ＧＤ００３) in each header read as an id column, which the contract reads
    half-width (GD003): ``(header, contract column, cells, the first such value and what it is read as)``."""
    import numpy as np

    from ..privacy import candidates
    from .validate import is_id_column

    out = []
    for h, cols, cells in _id_headers(plan, table, kind, lambda c, spec: is_id_column(c)):
        wide = ~cells.str.isascii().fillna(True)
        if not wide.any():
            continue
        folded = cells[wide].str.normalize("NFKC")
        changed = (folded != cells[wide]).fillna(False).to_numpy(dtype=bool)
        if changed.any():
            personal = any(w in c for c in cols for w in ("customer", "patient", "staff", "respondent"))
            # the example: the first id no masking rule could touch (a phone number written as an order id,
            # １３８ １２３４ ５６７８, is no example to print); none such, none shown
            safe = np.flatnonzero(~candidates(folded[changed].head(1000)))
            ex = "" if personal or not len(safe) else \
                f"{cells[wide][changed].iloc[safe[0]]} → {folded[changed].iloc[safe[0]]}"
            out.append((str(h), ", ".join(dict.fromkeys(cols)), int(changed.sum()), ex))   # a person's id: not echoed
    return out


def small_hours_only(kind: str, frame: pd.DataFrame) -> list[tuple[str, int]]:
    """The ``time_of_day`` columns of ``kind`` whose every time (20 or more) is between 1:00 and 7:59: read as the
    small hours (a night shift's export), which a 12-hour clock without 上午/下午 writing an afternoon only (3:05 for
    15:05) cannot be told from; ``records check`` says so, so that such a file is never read so in silence.
    ``(column, times)``.

    Examples
    --------
    >>> f = pd.DataFrame({"started_at": pd.to_datetime(["2025-03-04 01:05"] * 20), "ended_at": pd.NaT})
    >>> small_hours_only("counter_transactions", f)
    [('started_at', 20)]
    """
    from .contract import contracts

    out = []
    for n, s in contracts()[kind].columns.items():
        if not s.get("time_of_day") or n not in frame or frame[n].dtype.kind != "M":
            continue
        v = frame[n].dropna()
        if len(v) < 20:
            continue
        h = v.dt.hour.to_numpy()
        if ((h >= 1) & (h <= 7)).all():
            out.append((n, int(len(v))))
    return out


#: The ids with and without leading zeros ``records check`` lists per column (the rest counted).
_ZEROS_SHOWN = 10
#: Ids named by a person's key (a customer's, a staff member's): counted across kinds, never echoed.
_PERSONAL_IDS = ("customer", "patient", "staff", "agent", "key")


def leading_zero_pairs(seen: dict, windows=()) -> pd.DataFrame:
    """The ids written with leading zeros in one kind and without them in another (a window ``0101`` in the work
    orders, ``101`` in the complaints: Excel took the column for numbers in one export and dropped its zeros), which
    one file cannot show.  ``seen``: ``{(kind, column): the column's distinct ids}``; ``windows``: the workspace's
    window ids (``windoweval.toml``), as a kind of their own.  One row per id and column: ``column, padded, bare,
    padded_in, bare_in`` (the kinds, joined).  Vectorised: one frame of every distinct id, grouped once.

    Examples
    --------
    >>> got = leading_zero_pairs({("work_orders", "window_id"): ["0101", "0102"],
    ...                           ("complaints", "window_id"): ["101", "0102"]})
    >>> got.values.tolist()
    [['window_id', '0101', '101', 'work_orders', 'complaints']]
    >>> len(leading_zero_pairs({("work_orders", "window_id"): ["0101", "101"]}))   # one kind: not across kinds
    0
    """
    cols = ["column", "padded", "bare", "padded_in", "bare_in"]
    parts = [pd.DataFrame({"kind": k, "column": c, "value": pd.Series(list(v), dtype=object).astype(str)})
             for (k, c), v in seen.items() if len(v)]
    if len(windows):
        parts.append(pd.DataFrame({"kind": "windoweval.toml", "column": "window_id",
                                   "value": pd.Series(list(windows), dtype=object).astype(str)}))
    if not parts:
        return pd.DataFrame(columns=cols)
    f = pd.concat(parts, ignore_index=True).drop_duplicates()
    f = f[f["value"].str.fullmatch(r"\d+").fillna(False).to_numpy(dtype=bool)]
    if f.empty:
        return pd.DataFrame(columns=cols)
    stripped = f["value"].str.lstrip("0")
    f = f.assign(stripped=stripped.where(stripped.ne(""), "0"))
    f = f.assign(padded=f["value"].ne(f["stripped"]))
    pad, bare = f[f["padded"]], f[~f["padded"]]
    if pad.empty or bare.empty:
        return pd.DataFrame(columns=cols)
    m = pad.merge(bare, on=["column", "stripped"], suffixes=("_p", "_b"))
    m = m[m["kind_p"].ne(m["kind_b"])]
    if m.empty:
        return pd.DataFrame(columns=cols)
    keys = ["column", "value_p", "value_b"]
    codes, uniq = pd.MultiIndex.from_frame(m[keys]).factorize(sort=True)
    out = uniq.to_frame(index=False, name=["column", "padded", "bare"])
    for side, name in (("kind_p", "padded_in"), ("kind_b", "bare_in")):
        joined = np.full(len(uniq), "", dtype=object)
        for kind in sorted(set(m[side])):   # a loop over the kinds (a score of them), each over every id at once
            has = np.zeros(len(uniq), dtype=bool)
            has[codes[(m[side] == kind).to_numpy()]] = True
            joined = np.where(has, np.where(joined == "", kind, joined + ", " + kind), joined)
        out[name] = joined
    return out[cols]


def _leading_zero_lines(seen: dict, windows=()) -> list[str]:
    """``records check``'s lines for :func:`leading_zero_pairs`: both forms of each id (a person's id counted only)
    and the fix."""
    pairs = leading_zero_pairs(seen, windows)
    if pairs.empty:
        return []
    lines = [f"! 同一编号在一类记录中带前导零、在另一类中不带(表格把编号当作数字,去掉了前导零)/ the same id with leading "
             f"zeros in one kind of records and without them in another (a spreadsheet took the ids for numbers and "
             f"dropped the zeros): {len(pairs)} 个 / ids"]
    for col, sub in pairs.groupby("column", sort=True):
        if any(w in col for w in _PERSONAL_IDS):
            lines.append(f"    {col}: {len(sub)} 个 / ids (个人编号,不列出 / a person's id, not listed)")
            continue
        for r in sub.head(_ZEROS_SHOWN).itertuples():
            lines.append(f"    {col}: {r.padded} ({r.padded_in}) / {r.bare} ({r.bare_in})")
        if len(sub) > _ZEROS_SHOWN:
            lines.append(f"    {col}: … 另 {len(sub) - _ZEROS_SHOWN} 个 / {len(sub) - _ZEROS_SHOWN} more")
    lines.append("    两种写法读作两个不同的编号,不会相互对应:请在导出系统中把编号列导出为文本(Excel 中先把该列设为“文本”格式),"
                 "使前导零保留,然后重新导出不带前导零的那一类。\n"
                 "    The two forms are read as two ids that match nothing of each other: export the id column as text "
                 "from the source system (in Excel set the column to Text first) so that the zeros are kept, and export "
                 "again the kind that lost them.")
    return lines


def _decimal_ids_read(plan, table, kind: str) -> list[tuple[str, str, int, str]]:
    """The ids written as a number's text (``100000.0``: a column a sheet typed as numbers) in each header read as an
    id or key column, which the reader reads as the integer's text (:func:`.ids.decimal_ids`): ``(header, contract
    column, cells, an example)``; a person's key is counted, never echoed."""
    from .ids import decimal_ids
    from .validate import _placeholder, is_key_column

    out = []
    for h, cols, cells in _id_headers(plan, table, kind,
                                      lambda c, spec: is_key_column(c) and spec[c].get("type") == "string"):
        got, read, _frac, _long = decimal_ids(cells.where(~_placeholder(cells).to_numpy(dtype=bool)))
        if read.any():
            personal = any(w in c for c in cols for w in ("customer", "patient", "staff", "key"))
            first = int(np.flatnonzero(read)[0])
            ex = "" if personal else f"{cells.iloc[first]} → {got.iloc[first]}"
            out.append((str(h), ", ".join(dict.fromkeys(cols)), int(read.sum()), ex))
    return out


def window_spellings(ws) -> dict:
    """How an export may write each window of ``ws``: ``{normalised spelling: (window id, how)}``, by its id written
    otherwise (``form``: full-width, spaces, case aside) or by its name in the workspace (``name``).

    Examples
    --------
    >>> from windoweval.records.workspace import Workspace
    >>> window_spellings(Workspace.from_dict({"windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]}))
    {'pw01': ('PW01', 'form'), '城东营业厅': ('PW01', 'name')}
    """
    near = {norm(k): (k, "form") for k in ws.windows["window_id"]}
    if "window_name" in ws.windows:
        for k, name in zip(ws.windows["window_id"], ws.windows["window_name"]):
            if isinstance(name, str) and name.strip():
                near.setdefault(norm(name), (k, "name"))
    return near


def unknown_windows(df: pd.DataFrame, ws, files=None, rows=None) -> pd.DataFrame:
    """Window ids of ``df`` the workspace does not know: id, records, the workspace id it may stand for, and why
    (``form``: the same id written otherwise, full-width or spaced; ``name``: the window's name in the workspace, as
    many exports write the hall or department rather than its id; ``number``: a counter's name carrying the number of
    one window's id, 窗口 01 or 01号窗口 for PW01, :func:`~.mapping.window_by_number`).  With each record's file and
    row (``files``, ``rows``: a wide checklist, a record per item of a row) also ``rows``, the file's rows they stand on.

    Examples
    --------
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})
    >>> unknown_windows(pd.DataFrame({"window_id": ["PW01", "ＰＷ01", "ＰＷ01", "X9", "城东 营业厅"]}), ws).values.tolist()
    [['ＰＷ01', 2, 'PW01', 'form'], ['X9', 1, '', ''], ['城东 营业厅', 1, 'PW01', 'name']]
    >>> unknown_windows(pd.DataFrame({"window_id": ["X9", "X9", "X9"]}), ws, np.array(["f"] * 3), np.array([2, 2, 3]))[
    ...     ["window_id", "records", "rows"]].values.tolist()
    [['X9', 3, 2]]
    """
    if "window_id" not in df or not len(df):
        return pd.DataFrame(columns=["window_id", "records", "likely", "by"])
    ids = df["window_id"].astype("string")
    bad = ids[~ws.known_window(ids) & ids.notna()]
    counts = bad.value_counts(sort=False).sort_index()
    near = window_spellings(ws)
    out = pd.DataFrame({"window_id": counts.index.astype(str), "records": counts.to_numpy().astype(int)})
    if rows is not None:   # each (file, row) once: a wide checklist's visit is one row, however many items
        at = (~ws.known_window(ids) & ids.notna()).to_numpy(dtype=bool)
        seen = pd.DataFrame({"w": ids.to_numpy(dtype=object)[at], "f": np.asarray(files, dtype=object)[at],
                             "r": np.asarray(rows)[at]}).drop_duplicates()["w"].value_counts()
        out["rows"] = out["window_id"].map(seen).fillna(0).astype(int).to_numpy()
    from .mapping import window_by_number

    known = ws.windows["window_id"].astype(str).tolist()
    for w in out["window_id"]:   # a counter's name with a window's number (窗口 01, 01号窗口): a hint, not a reading
        if norm(w) not in near and (k := window_by_number(w, known)):
            near[norm(w)] = (k, "number")
    out["likely"] = [near.get(norm(w), ("", ""))[0] for w in out["window_id"]]
    out["by"] = [near.get(norm(w), ("", ""))[1] for w in out["window_id"]]
    return out.sort_values(["records", "window_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _rows_said(records: int, plans) -> str:
    """``N 行 / rows``: the records read, which are the file's rows; where a plan is a wide checklist (a row per
    visit, a record per filled item cell) the file's rows and the records both, counted apart.

    Examples
    --------
    >>> import numpy as np
    >>> from types import SimpleNamespace as P
    >>> _rows_said(3, [P(wide=None)]), _rows_said(5, [P(wide=(2, 3), row_numbers=np.array([2, 2, 2, 3, 3]))])
    ('3 行 / rows', '2 行 / rows, 5 条记录 / records')
    """
    if any(getattr(p, "steps", None) for p in plans):   # a process log: a row per step, a record per order
        rows = sum(p.steps["rows"] if getattr(p, "steps", None) else p.rows for p in plans)
        return f"{rows} 行 / rows, {records} 张工单 / orders"
    if not any(getattr(p, "wide", None) or getattr(p, "split", None) or getattr(p, "halves", None) for p in plans):
        return f"{records} 行 / rows"
    rows = sum(len(np.unique(np.asarray(p.row_numbers)))
               if (getattr(p, "wide", None) or getattr(p, "split", None) or getattr(p, "halves", None))
               and p.row_numbers is not None
               else p.rows for p in plans)
    return f"{rows} 行 / rows, {records} 条记录 / records"


#: How many headers not read :func:`_fmt_plan` names; the rest are counted.
_IGNORED_SHOWN = 40


def _fmt_plan(plan) -> list[str]:
    lines = []
    used = [f"{h} → {', '.join(v)}" for h, v in plan.used.items()]
    lines.append(f"    用到的表头 / headers used ({len(used)}): " + ("; ".join(used) or "—"))
    from ..privacy import looks_like_a_record

    if looks_like_a_record(plan.ignored):
        # a date or a long number among the headers not read: a record run on to the header (its line break lost),
        # whose cells (a name, a phone) are not listed as headers; the record itself is not read, which is said
        lines.append(f"    ! 未用的表头 / headers ignored ({len(plan.ignored)}): 其中有看来是数据的(日期或长数字),一条记录可能"
                     "与表头连在了一起(换行丢失),该记录未被读入;表头不列出。请核对导出文件的表头行。\n"
                     "      some look like data (a date or a long number): a record may be run on to the header (its "
                     "line break lost) and is not read; the headers are not listed. Check the export's header row.")
    else:
        shown = ", ".join(map(str, plan.ignored[:_IGNORED_SHOWN])) or "—"
        more = len(plan.ignored) - _IGNORED_SHOWN
        if more > 0:   # a system exporting every field (2,000 headers): not 2,000 names on the console (newuser48)
            shown += f", … 另 {more} 个未列出 / {more} more not listed"
        lines.append(f"    未用的表头 / headers ignored ({len(plan.ignored)}): " + shown)
    lines.append(f"    未找到的约定列 / contract columns not found ({len(plan.missing)}): " + (", ".join(plan.missing) or "—"))
    if plan.dropped:
        lines.append("    按 mapping.yaml 的 drop 去掉的行 / rows dropped by mapping.yaml's drop: "
                     + ", ".join(f"{k} ({v} 行 / rows)" for k, v in plan.dropped.items()))
    blank = getattr(plan, "blank_rows", 0)
    dropped = sum(plan.dropped.values())
    tried = getattr(plan, "attempts", None)   # a row per callback attempt, one kept per case (records.attempts)
    if tried:
        lines.append(f"    每次回访尝试一行(attempts: callback):{tried[0]} 个工单各留联系上客户的(或最后的)一次,去掉其余 "
                     f"{tried[1]} 行 / a row per callback attempt (attempts: callback): {tried[0]} cases keep the attempt "
                     f"that reached the customer (else the last), {tried[1]} other rows left out")
        dropped += tried[1]
    if blank:
        lines.append(f"    略去的空白行(记录之间整行为空)/ blank rows left out (every cell empty, between records): {blank}")
    numbered = getattr(plan, "numbered_rows", None) or []
    if numbered:   # a template's rows numbered in advance at the table's end, nothing else written in them
        span = f"{numbered[0]}–{numbered[-1]}" if len(numbered) > 1 else f"{numbered[0]}"
        lines.append(f"    略去的只有序号的空行(表格末尾预先编好序号、未填写)/ empty rows holding only their running number "
                     f"(numbered in advance at the table's end, never filled), left out: {len(numbered)} "
                     f"(第 {span} 行 / rows {span})")
    hidden, hcols = getattr(plan, "hidden_rows", 0), getattr(plan, "hidden_cols", None)
    if hidden or hcols or getattr(plan, "filtered", False):
        why = "(含筛选隐藏的行)/ (rows a filter hides among them)" if getattr(plan, "filtered", False) else ""
        lines.append(f"    隐藏的行与列照常读入 / hidden rows and columns are read like the others: 隐藏行 / hidden rows "
                     f"{hidden}{why}" + (f"; 隐藏列 / hidden columns: {', '.join(map(str, hcols))}" if hcols else "")
                     + "\n      隐藏或筛选只改变表格的显示,不改变导出的记录;若这些行不应计入,请在导出系统中删除后重新导出。"
                       "\n      Hiding or filtering changes only what the sheet shows, not the records exported; rows "
                       "that should not count must be deleted in the exporting system.")
    state = getattr(plan, "hidden_sheet", None)
    if state:
        how_zh, how_en = ("深度隐藏(只有宏能取消)", "very hidden (only a macro unhides it)") if state == "veryHidden" \
            else ("隐藏", "hidden")
        lines.append(f"    这张工作表在 Excel 中{how_zh},照常读入 / this sheet is {how_en} in Excel, read all the same"
                     "\n      工作簿中没有可见的工作表,或 mapping.yaml 的 sheets 指定了它;若它不是要读的记录,请在 sheets 中写明要读的工作表。"
                     "\n      The workbook has no visible sheet, or mapping.yaml's sheets names it; if it does not hold the "
                     "records to read, name the sheet that does under sheets.")
    merged = getattr(plan, "merged_down", None)
    if merged:
        shown = ", ".join(merged[:10]) + (f" … ({len(merged)})" if len(merged) > 10 else "")
        lines.append(f"    向下合并的单元格按其值读入所合并的每一行 / cells merged down are read into every row they span: "
                     f"{shown}\n      若合并的值不适用于其中每一条记录,请在导出系统中取消合并并逐行填写。\n      If the merged value "
                     "does not hold for every record it spans, unmerge the cells and fill each row in the exporting system.")
    notes = getattr(plan, "note_rows", None) or []
    if notes:   # the rows and labels only: a note's text carries a name or a phone
        span = f"{notes[0][0]}–{notes[-1][0]}" if len(notes) > 1 else f"{notes[0][0]}"
        labels = "、".join(dict.fromkeys(x for _, x in notes))
        lines.append(f"    表格下方的说明行未作为记录读入 / note rows under the table, not read as records: {len(notes)} "
                     f"(第 {span} 行 / rows {span}: {labels})\n      若其中有记录,请在导出文件中删去说明行后重新导出。"
                     "\n      If any of them is a record, delete the notes from the export and export again.")
    wide = getattr(plan, "wide", None)   # a checklist exported wide: each row a visit, each item cell a record
    if wide:
        blanks = getattr(plan, "wide_blank", None) or {}
        if blanks:
            lines.append("    空白的检查项格(未检查,不成记录)/ item cells left blank (not checked, no record): "
                         + ", ".join(f"{k}=(空白 blank) ({v} 格 / cells)" for k, v in blanks.items()))
        gone = getattr(plan, "dropped_records", 0)
        lines.append(f"    宽表 / a wide checklist: {wide[0]} 行 × {wide[1]} 个检查项 = {wide[0] * wide[1]} 格 / rows × items "
                     f"= cells: 记录 / records {plan.rows} + 空白格 / blank cells {sum(blanks.values())}"
                     + (f" + drop 去掉的行中的格 / cells of the rows dropped {gone}" if gone else ""))
    elif getattr(plan, "steps", None):   # a process log: its rows are steps, its records orders (records.steps)
        from .steps import check_lines
        lines += check_lines(plan)
    elif blank or dropped or notes or numbered:
        # a split shift's row holds a record per span: the rows of records counted as rows (records check's
        # headline gives the records)
        held = (len(np.unique(np.asarray(plan.row_numbers))) if getattr(plan, "halves", None)
                and plan.row_numbers is not None else plan.rows)
        lines.append(f"    表头以下的行 / rows below the header: {held + dropped + blank + len(notes) + len(numbered)} = "
                     + (f"记录 / records {plan.rows}" if held == plan.rows else f"有记录的行 / rows of records {held}")
                     + f" + drop 去掉 / dropped {dropped - (tried[1] if tried else 0)} + 空白行 / "
                     f"blank {blank}" + (f" + 其余回访尝试 / other callback attempts {tried[1]}" if tried else "")
                     + (f" + 说明行 / notes {len(notes)}" if notes else "")
                     + (f" + 只有序号的空行 / numbered empty rows {len(numbered)}" if numbered else ""))
    if plan.unused_entries:
        lines.append("    映射中不在文件里的表头 / mapping headers absent from the file: " + ", ".join(plan.unused_entries))
    if getattr(plan, "split", None):
        lines += _split_said(plan.split)
    if getattr(plan, "halves", None):   # a split shift's cell (早班 08:30-12:00 14:00-17:30): a record per span
        h = plan.halves
        lines.append(f"    两段班次 / split shifts: {h['header']}: {h['rows']} 行 → {h['records']} 个班次,每段按一个班次评价 / "
                     f"row(s) → shifts, each span judged as a shift")
    if getattr(plan, "punches", None):   # a punch log read beside the schedule: punches → shifts (records.punches)
        from .punches import check_lines as punch_lines
        lines += punch_lines(plan.punches)
    return lines


def _blank_constants(kind: str, km) -> list[str]:
    """records check's line for each column mapping.yaml's ``constant`` leaves blank (``{customer_id: null}``: an
    outage export of one row per event with no customer): what the records then cannot show.

    Examples
    --------
    >>> from windoweval.records.mapping import parse_mapping
    >>> km = parse_mapping({"outages": {"constant": {"customer_id": None}}}, "m.yaml")["outages"]
    >>> print(_blank_constants("outages", km)[0].split(";")[0])
        customer_id: 每条记录为空(constant null):按客户编号计的条款(如 6.2.1、6.2.2)将为证据不足
    """
    from .contract import contracts

    if km is None:
        return []
    c = contracts()[kind]
    return [f"    {col}: 每条记录为空(constant null):按{c.columns[col].get('zh', col)}计的条款(如 6.2.1、6.2.2)将为证据不足;"
            f"要评价它们,请导出{c.columns[col].get('zh', col)}(每户一行,或一格中列出并用 split)/ blank on every record "
            f"(constant null): the clauses counted per {col} (6.2.1, 6.2.2 …) will read insufficient evidence; to judge "
            f"them, export the {col}s (a row each, or listed in one cell and read with split)"
            for col, v in km.constant.items() if v is None and col in c.key]


def _split_said(info: dict) -> list[str]:
    """records check's lines of a list cell made a record per value (mapping.yaml's ``split``): the rows, the records
    they became, and the rows listing none (an outage whose customers the export does not list).

    Examples
    --------
    >>> print("\\n".join(_split_said({"header": "停电用户", "column": "customer_id", "rows": 4, "records": 10, "blank": 1})))
        拆分 / split: 停电用户 → customer_id: 4 行 → 10 条记录 / rows → records; 1 行未列出任何值(按户的条款记为缺少证据)/ 1 row(s) list none (the clauses per customer read them as missing evidence)
    """
    out = [f"    拆分 / split: {info['header']} → {info['column']}: {info['rows']} 行 → {info['records']} 条记录 / rows → "
           f"records"]
    if info.get("blank"):
        out[0] += (f"; {info['blank']} 行未列出任何值(按户的条款记为缺少证据)/ {info['blank']} row(s) list none (the "
                   "clauses per customer read them as missing evidence)")
    return out


#: Suffixes of files a data folder may hold that no kind of records reads: an export (the readers' own suffixes) or
#: a delivery packed or kept in a form windoweval does not read (a zip, a database, JSON), any of which a user may
#: have meant to be read.
_EXPORT_LIKE = (".zip", ".rar", ".7z", ".gz", ".json", ".xml", ".dbf", ".mdb", ".accdb", ".xlsm", ".xlsb", ".ods",
                ".et", ".wps")


def unread_files(ws, read=None) -> list:
    """The files at the top of the workspace's data folder that look like an export but that no kind of records
    reads (``<kind>.csv`` … or the mapping's ``file``) and the workspace does not name (its mapping, calendar and
    promise register): a ``工单2025.xlsx`` or a ``work_orders_b.csv`` left beside the exports had been passed over
    without a word, its kind scored on the other files or shown as having no records.  ``read``: the files the
    kinds read, if known (else worked out here; a kind whose files cannot be found is passed over).  Sorted by name.

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> from windoweval.records.workspace import load_workspace
    >>> from pathlib import Path
    >>> d = tiny_data_dir()
    >>> _ = (Path(d) / "工单2025.csv").write_text("a", encoding="utf-8")
    >>> [f.name for f in unread_files(load_workspace(d))]
    ['工单2025.csv']
    """
    from pathlib import Path

    from .contract import contracts
    from .files import find_files, find_punch_files
    from .io import SUFFIXES

    root = getattr(ws, "root", None)
    if root is None or not Path(root).is_dir():
        return []
    root = Path(root)
    if read is None:
        mapping = ws.mapping()
        read = []
        for kind in contracts():
            try:
                read += find_files(kind, root, mapping.get(kind))
                read += find_punch_files(root, mapping.get(kind))   # a punch log beside a schedule: read too
            except InputError:
                continue
    taken = {Path(f).resolve() for f in read}
    # a file mapping.yaml names under a kind's file whose records are read from the store records import wrote
    # (files._store_in_place): accounted for there, said on the kind's line, not unread
    from .mapping import KindMapping

    for kind in contracts():
        spec = ws.mapping().get(kind)
        km = KindMapping.of(kind, spec) if spec else None
        for pat in (km.file if km is not None and km.file else []):
            taken |= {g.resolve() for g in (root.glob(pat) if any(ch in pat for ch in "*?[") else [root / pat])}
    for name in (ws.mapping_file or "mapping.yaml", ws.calendar_file, ws.promises, "windoweval.toml"):
        if name:
            taken.add((root / name).resolve())
    out = []
    for f in root.iterdir():
        n = f.name
        if n.startswith((".", "~$")) or n.lower().startswith("readme") or not f.is_file():
            continue
        if f.suffix.lower() not in SUFFIXES + _EXPORT_LIKE or f.resolve() in taken:
            continue
        out.append(f)
    return sorted(out, key=lambda f: f.name)


#: A file's name that says it is a holiday calendar (calendar.csv, 日历2027.xlsx, 节假日安排.csv, holidays.csv).
_CALENDAR_NAME = re.compile(r"calendar|holiday|日历|节假日|假日安排|调休", re.IGNORECASE)


def unread_lines(files: list, calendar_file: str | None = None) -> list[str]:
    """What ``records check`` and ``score`` say of :func:`unread_files`: the files by name (never their folders),
    the kind a name starts with where one does, and the fix, Chinese first.

    Examples
    --------
    >>> from pathlib import Path
    >>> unread_lines([Path("/srv/data/work_orders_b.csv")])[0]
    '! 数据目录中未被任何记录类型读取的文件 / files in the data folder that no kind of records reads (1): work_orders_b.csv(疑为 work_orders / perhaps work_orders)'
    >>> unread_lines([Path("/srv/data/calendar.csv")], calendar_file="../日历.csv")[0].split(": ", 1)[1]
    'calendar.csv(疑为日历;windoweval.toml 的 calendar_file 指的是 "../日历.csv",不是此文件 / perhaps the calendar; calendar_file names "../日历.csv", not this file)'
    >>> unread_lines([])
    []
    """
    from .contract import contracts

    if not files:
        return []
    kinds = sorted(contracts(), key=len, reverse=True)

    def named(f):
        if _CALENDAR_NAME.search(f.stem) and calendar_file:   # calendar_file names another file: not "set it"
            return (f'{f.name}(疑为日历;windoweval.toml 的 calendar_file 指的是 "{calendar_file}",不是此文件 / perhaps '
                    f'the calendar; calendar_file names "{calendar_file}", not this file)')
        if _CALENDAR_NAME.search(f.stem):   # the organisation's calendar, not read without calendar_file
            return (f'{f.name}(疑为日历:请在 windoweval.toml 中写 calendar_file = "{f.name}" / perhaps the calendar: '
                    f'set calendar_file = "{f.name}" in windoweval.toml)')
        k = next((k for k in kinds if f.name.lower().startswith(k)), None)
        return f.name + (f"(疑为 {k} / perhaps {k})" if k else "")
    return [f"! 数据目录中未被任何记录类型读取的文件 / files in the data folder that no kind of records reads "
            f"({len(files)}): " + ", ".join(named(f) for f in files),
            "  若是某类记录的导出,请改名为 <类型>.csv(或 .xlsx),或在 mapping.yaml 的 <类型>.file 中写明(可写多个文件或通配符);"
            "windoweval records map 文件 --kind 类型 可给出映射建议;否则请移出数据目录。",
            "  If one is an export of a kind of records, name it <kind>.csv (or .xlsx), or name it under <kind>.file in "
            "mapping.yaml (several files or a glob may be given; windoweval records map FILE --kind KIND proposes a "
            "mapping); otherwise move it out of the data folder."]


def stale_lines(kind: str, files, data=None) -> list[str]:
    """The lines that say a store dataset among ``files`` (a kind's files, :func:`~windoweval.records.find_files`)
    holds partitions written before a reading changed (:func:`~windoweval.records.store.stale_partitions`): how many
    records, where, what changed and the fix (map the export again, then ``records import`` it again); ``[]`` for a
    store written since, or none.  ``records check`` and ``score`` print them: such a store keeps the old reading
    until it is imported again, and nothing else would tell.

    Examples
    --------
    >>> stale_lines("hospital_events", [])
    []
    """
    from pathlib import Path

    from .store import STALE_READINGS, stale_partitions

    lines = []
    spec = STALE_READINGS.get(kind)
    for f in files if spec is not None else []:
        if not Path(f).is_dir():
            continue
        got = stale_partitions(kind, f)
        if not got:
            continue
        n = sum(x["rows"] for x in got)
        parts = ", ".join(x["partition"] or "." for x in got)
        names = list(dict.fromkeys(name for x in got for name in x["files"]))
        src = ";导入自 / imported from: " + ", ".join(names) if names else ""
        d = f" --data {data}" if data is not None else ""
        lines += [
            f"    ! 存储中 {n} 条{spec['records_zh']}导入于 {spec['since']} 成为单独一列之前(分区 / partitions: {parts}{src}):"
            f"{spec['zh']}。请确认 mapping.yaml 中{spec['header']}映射为 {spec['since']}(windoweval records map 导出文件 --kind "
            f"{kind} 可给出),再用 windoweval records import {kind} 导出文件{d} 重新导入这些分区,结论才按现在的读法给出。",
            f"      {n} stored {spec['records_en']} were imported before {spec['since']} was a column of its own ({parts}"
            f"{'; imported from: ' + ', '.join(names) if names else ''}): "
            f"{spec['en']}. Check that mapping.yaml maps {spec['header']} to {spec['since']} (windoweval records map "
            f"EXPORT --kind {kind} proposes it), then import those partitions again (windoweval records import {kind} "
            f"EXPORT{d}): until then the verdicts read them the old way."]
    return lines


def claim_lines(kind: str, files, data=None) -> list[str]:
    """The lines that say a store dataset among ``files`` held files whose plain-text claim was written under other
    masking rules (an older release, :func:`~windoweval.records.store.stale_plain_files`): claimed again here, once
    (:func:`~windoweval.records.store.refresh_plain_claims`, never waiting for an import), or, where the store cannot
    be written, what it costs and how to claim them; ``[]`` when every claim holds.

    Examples
    --------
    >>> claim_lines("work_orders", [])
    []
    """
    from pathlib import Path

    import pyarrow as pa
    import pyarrow.parquet as pq

    from .store import refresh_plain_claims, stale_plain_files

    lines = []
    for f in files:
        if not Path(f).is_dir():
            continue
        try:
            stale = stale_plain_files(f)
        except (OSError, ValueError, pa.ArrowException):
            continue
        if not stale:
            continue
        try:
            n = refresh_plain_claims(f, wait=False)
        except (OSError, ValueError, pa.ArrowException):   # BlockingIOError (an import holds the lock), read-only
            n = 0
        if n == len(stale):
            lines.append(f"    ✓ 已按现行屏蔽规则重新确认存储 {kind}/ 中 {n} 个文件的纯文本列(一次性;此后导出未达标记录不再逐次扫描这些列)"
                         f" / re-claimed the plain text columns of {n} stored file(s) of {kind}/ under the masking rules "
                         "of now (once; exports of the missed records no longer scan those columns each run)")
            continue
        d = f" --data {data}" if data is not None else ""
        try:   # what is still stale after the attempt, and its records (each file's footer: no data read)
            still = stale_plain_files(f) if n else stale
            rows = sum(pq.read_metadata(x).num_rows for x in still)
        except (OSError, ValueError, pa.ArrowException):
            still, rows = stale[n:], None
        left = len(still)
        held_zh = f"共 {rows:,} 条记录," if rows is not None else ""
        held_en = f" (they hold {rows:,} records)" if rows is not None else ""
        lines += [
            f"    ! 存储 {kind}/ 中 {left} 个文件{held_zh}其纯文本列声明写于另一版屏蔽规则之下,未能重新确认(数据仓正在导入,或不可写):"
            "每次 score / report 导出未达标记录时都要重新扫描其中未达标记录的各文本列(所需时间随这些记录增加),结果不变。"
            f"待导入结束、且数据仓可写时,再运行 windoweval records check{d} 或 windoweval score{d}(会自动重新确认一次)。",
            f"      {left} stored file(s) of {kind}/{held_en} claim their plain text columns under other masking rules and "
            "could not be claimed again (an import holds the store, or it cannot be written): every score or report "
            "scans each text column of their missed records again (the time grows with those records; the output is "
            f"the same). Once the import is done and the store is writable, run windoweval records check{d} or "
            f"windoweval score{d} (it claims them again, once)."]
    return lines


def check_records(data=None, out=None) -> int:
    """Check every kind of records of a data directory; print the findings; return the exit code.

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    >>> import io
    >>> out = io.StringIO()
    >>> check_records(d, out=out)
    0
    >>> "work_orders" in out.getvalue()
    True
    """
    out = out or sys.stdout
    from ..privacy import mask_message

    def say(text="", file=None):
        # every line, not only a refusal: a file's or a sheet's name, an unknown window id (张三13712345678), an
        # example of an id read half-width are the data's own words, masked as every output
        print(mask_message(text, terminal=True), file=file)
    from .contract import contracts
    from .files import find_files, find_punch_files, load
    from .workspace import load_workspace

    ws = load_workspace(data)
    mapping = ws.mapping()
    refused = 0
    read = []   # every kind's files: what is left in the folder is said at the end (unread_files)
    ids_seen: dict = {}   # each kind's distinct ids per id column: compared across kinds at the end (leading zeros)
    for kind in contracts():
        km = mapping.get(kind)
        try:
            files = find_files(kind, ws.root, km)
            read += files
            read += find_punch_files(ws.root, km)   # a punch log read beside the schedule (mapping.yaml's punches)
        except InputError as e:
            refused += 1
            say(f"✗ {kind}: {mask_message(e)}", file=out)   # a problem echoes its value: masked like every output
            continue
        if not files:
            say(f"- {kind}: 无文件 / no file", file=out)
            continue
        names = ", ".join(f.name for f in files)
        try:
            got = load(kind, ws.root, km)
        except InputError as e:
            refused += 1
            say(f"✗ {kind} ({names}): {mask_message(e)}", file=out)
            for line in stale_lines(kind, files, ws.root):   # said whether the store is read or not
                say(line, file=out)
            continue
        say(f"✓ {kind}: {_rows_said(len(got.frame), got.plans)} ({names})", file=out)
        by_year = years_line(kind, got.frame)
        if by_year:
            say(by_year, file=out)
        for col, spec in contracts()[kind].columns.items():
            if col in got.frame and spec.get("type") == "string" and _is_id(col):
                ids_seen[(kind, col)] = got.frame[col].dropna().astype(str).unique()
        if km is not None and km.file and [f.name for f in files] == [kind] and kind not in km.file:
            # the files mapping.yaml names were imported: the store holds them and every other import (left39)
            say(f"    mapping.yaml 的 {kind}.file 所列文件({', '.join(km.file)})已导入存储 {kind}/,按存储读取(含其他各次导入)"
                f" / the files named under {kind}.file ({', '.join(km.file)}) were imported into the store {kind}/: "
                f"the store is read (with every other import)", file=out)
        for plan in got.plans:
            if len(got.plans) > 1:
                say(f"  {plan.label}: {_rows_said(plan.rows, [plan])}", file=out)
            for line in _fmt_plan(plan):
                say(line, file=out)
        for plan, table in zip(got.plans, got.tables):
            found = placeholder_counts(plan, table, kind)
            if found:
                say("    按空白读取的占位符 / placeholders read as blank: " + "; ".join(
                    f"{h} → {col}: {n} 格 / cells ({'、'.join(w)})" for h, col, n, w in found), file=out)
                say("      这些单元格视为没有这件事或缺少证据(未办结、未回访),不算达标;若其中有应填的时间,请在导出系统中补上。\n"
                      "      These cells count as no such event or missing evidence (not yet done), never as met; "
                      "where a time should be there, fill it in the exporting system.", file=out)
                if any(_is_id(col) for _h, col, _n, _w in found):
                    say("      编号列中的占位符不是编号:请在导出系统中为每条记录填上各自的编号,不要删去任何一行。\n"
                        "      A placeholder in an id column is no id: give each record its own id in the exporting "
                        "system; delete none of the rows.", file=out)
            wide = _full_width_ids(plan, table, kind)
            if wide:
                say("    按半角读取的全角编号 / full-width ids read half-width: " + "; ".join(
                    f"{h} → {col}: {n} 格 / cells" + (f" ({ex})" if ex else "") for h, col, n, ex in wide), file=out)
                say("      全角与半角写法的同一编号视为同一条记录。\n"
                      "      An id written full-width and the same id written half-width are one record.", file=out)
            dec = _decimal_ids_read(plan, table, kind)
            if dec:
                say("    按整数读取的小数写法编号 / ids written as numbers (100000.0) read as integers: " + "; ".join(
                    f"{h} → {col}: {n} 格 / cells" + (f" ({ex})" if ex else "") for h, col, n, ex in dec), file=out)
                say("      该列按数字导出(如 100000.0 即编号 100000);最好在导出系统中把编号列导出为文本。\n"
                    "      The column was exported as numbers (100000.0 is the id 100000); better export the id "
                    "column as text.", file=out)
        for line in _blank_constants(kind, km):
            say(line, file=out)
        for line in stale_lines(kind, files, ws.root):   # a store written before a reading changed: import again
            say(line, file=out)
        for line in claim_lines(kind, files, ws.root):   # a store's plain-text claims of other rules: claimed again
            say(line, file=out)
        for label, why in got.ignored:
            say(f"    未读的工作表 / sheet not read: {label} ({why})", file=out)
        night = small_hours_only(kind, got.frame)
        if night:
            say("    ! 只有凌晨 1 至 7 点的时刻,按凌晨(夜班)读取 / times only between 1:00 and 7:59, read as the small "
                "hours (a night shift): " + "; ".join(f"{n}: {k} 个 / times" for n, k in night), file=out)
            say("      若导出用的是 12 小时制而没写上午/下午(下午 3:05 写成 3:05),这些时刻就读错了:请以 24 小时制重新导出。\n"
                "      If the export was on a 12-hour clock without AM/PM (3:05 written for 3:05 PM), they are read "
                "wrongly: export again on a 24-hour clock.", file=out)
        for label, n in evidence_counts(kind, got.frame):   # read, none refused: open or missing evidence, by why
            say(f"    {label}: {n} 条 / records", file=out)
        gone = withdrawn_without_time(kind, got, km)
        if len(gone):   # kept, missing evidence: which rows, so the organisation can fill the time in
            say(f"    ! 标为撤销但撤销时间为空的记录(保留;其时限记为缺少证据)/ records marked withdrawn with the "
                f"withdrawal time blank (kept; their time limit is missing evidence): {len(gone)} 条 / records", file=out)
            # each line names its file, also of a kind read from one (the row is to be found and filled in there)
            say("      " + gone.lines(limit=_FLAGGED_SHOWN, file="", not_personal=not_personal_columns())
                .replace("\n", "\n      "), file=out)
        flagged = flagged_rows(kind, got)
        if len(flagged):   # kept, not refused: which rows, so the organisation can correct them
            say(f"    ! 时间先后颠倒(或挂机早于接听)的记录(保留;读这两个时间的时限记为缺少证据)/ records with two "
                f"steps out of order (or hung up before the answer; kept; the time limit reading them is missing "
                f"evidence): {len(flagged)} 条 / records", file=out)
            say("      " + flagged.lines(limit=_FLAGGED_SHOWN, not_personal=not_personal_columns()).replace("\n", "\n      "), file=out)
        wide = any(getattr(p, "wide", None) for p in got.plans) and got.rows is not None
        unk = unknown_windows(got.frame, ws, *((got.labels, got.rows) if wide else ()))
        if len(unk):
            each = "条"   # a window's line: N 条 / records, as before

            def counted(records, rows=None, unit="条记录"):   # a wide checklist's: with the file's rows they stand on
                return (f"{rows} 行 / rows, {records} 条记录 / records" if rows is not None
                        else f"{records} {unit} / records")
            say(f"    ! 工作区中没有的窗口编号 / window ids the workspace does not know "
                  f"({counted(int(unk['records'].sum()), int(unk['rows'].sum()) if wide else None)}):", file=out)
            for r in unk.itertuples():
                hint = (f"  ← 规范化后即 {r.likely}(全角/空格/大小写);请在 mapping.yaml 的 values.window_id 中写 `{r.window_id}: {r.likely}`"
                        f" / normalises to {r.likely}: map it under values.window_id") if r.by == "form" else (
                    f"  ← 这是 windoweval.toml 中窗口 {r.likely} 的名称;请在 mapping.yaml 的 values.window_id 中写 "
                    f"`{r.window_id}: {r.likely}`,不必改动导出 / the name of window {r.likely} in windoweval.toml: "
                    f"write `{r.window_id}: {r.likely}` under values.window_id in mapping.yaml, the export left as it is"
                    ) if r.by == "name" else (
                    f"  ← 编号中的数字与窗口 {r.likely} 相同;若是它,请在 mapping.yaml 的 values.window_id 中写 "
                    f"`{r.window_id}: {r.likely}`(不会自动改读)/ its number is window {r.likely}'s: if it is that "
                    f"window, write `{r.window_id}: {r.likely}` under values.window_id in mapping.yaml (never read so "
                    "unless declared)") if r.by == "number" else \
                    "  ← 请加入 windoweval.toml 的 [[windows]] 或改正导出 / add it to [[windows]] or fix the export"
                say(f"      {r.window_id}: {counted(r.records, r.rows if wide else None, each)}{hint}", file=out)
            say("      这些记录不属于任何窗口,不会计入评分;工作区设置 unknown_windows = \"refuse\" 可改为拒绝。\n"
                  "      These records belong to no window and are not scored; set unknown_windows = \"refuse\" in "
                  "windoweval.toml to refuse them instead.", file=out)
    for line in _leading_zero_lines(ids_seen, ws.windows["window_id"].astype(str).tolist()
                                    if "window_id" in getattr(ws, "windows", pd.DataFrame()) else ()):
        say(line, file=out)
    # the workspace's calendar file, read as every other command reads it (Workspace.calendar): one outside the data
    # folder, missing, a folder or with a row no calendar can take is refused by score and report (exit 3); records
    # check said nothing of it and exited 0
    calendar_refused = False
    try:
        ws.calendar()
    except InputError as e:
        calendar_refused = True
        say(f"✗ calendar_file ({ws.calendar_file}): {mask_message(e)}", file=out)
    for line in unread_lines(unread_files(ws, read), calendar_file=ws.calendar_file):
        say(line, file=out)
    if refused:
        say(f"\n{refused} 类记录被拒绝,请按上面的说明改正后重试 / {refused} kind(s) of records refused: fix them as "
              f"said above and run again", file=out)
    if calendar_refused:
        say("\n日历文件被拒绝,评分与报告都会因此停止;请按上面的说明改正 windoweval.toml 的 calendar_file 或日历文件 / the "
            "calendar file is refused, and score and report would stop on it: correct calendar_file in windoweval.toml "
            "or the calendar file as said above", file=out)
    return EXIT_INPUT if refused or calendar_refused else EXIT_OK
