"""Every record accounted for on every path: ``unscored`` and unknown window ids, piece by piece or per partition.

The pandas path counts the records no measure took (:func:`windoweval.engine.frame.unscored`) on the
whole frame; the store read piece by piece and the Dask partitions count them per piece and add the
counts up here, so the scorecard's ``unscored`` table is the same whichever way the records were read.
Window ids the workspace does not know are counted alike, and refused (exit 3) when the workspace says
``unknown_windows = "refuse"``, as :func:`windoweval.records.read_records` refuses them when it reads a file.

Examples
--------
>>> import pandas as pd
>>> from windoweval.kernels import KERNELS
>>> from windoweval.engine.plan import Item
>>> it = Item({"measure": "m", "records": "k", "where": {"t": "x"}}, ["A"], KERNELS["flag"], {"column": "ok"})
>>> pieces = [pd.DataFrame({"window_id": ["A", "Z"], "t": ["x", "x"]}), pd.DataFrame({"window_id": ["Z"], "t": ["y"]})]
>>> u, w = add_up([tally(p, [it], "k") for p in pieces])
>>> u[["reason", "value", "records"]].values.tolist(), w.to_dict()
([['window', 'Z', 2]], {'A': 1, 'Z': 2})
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..records import RecordsError, contracts
from .frame import UNSCORED_COLUMNS, unscored
from .plan import Item

__all__ = ["selection_columns", "tally", "add_up", "refuse_unknown", "known_windows", "TURN_COLUMNS", "counted",
           "unit_label", "unit_kernels", "records_missing", "units_missing", "UNIT_LABELS", "RECORDS_LABEL"]

#: The columns that make a transcript exported one turn per row a dialogue (joined before it is judged).
TURN_COLUMNS = ("transcript_id", "turn", "speaker")


def selection_columns(items: list[Item], kind: str) -> list[str]:
    """The columns that decide whether a record of ``kind`` is in some measure's population: window and ``where``.

    Examples
    --------
    >>> from windoweval.kernels import KERNELS
    >>> it = Item({"measure": "m", "records": "work_orders", "where": {"order_type": "fault_repair"}}, ["A"],
    ...           KERNELS["flag"], {"column": "ok"})
    >>> selection_columns([it], "work_orders")
    ['window_id', 'order_type']
    """
    cols = contracts()[kind].columns
    want = {"window_id"} | {c for it in items for c in (it.m.get("where") or {})}
    return [c for c in cols if c in want]


def tally(df: pd.DataFrame, items: list[Item], kind: str, weights: np.ndarray | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """One piece's records no measure took (:func:`~windoweval.engine.frame.unscored`) and its records per window id.

    ``weights``: each row counts as that many records (distinct rows with their counts).

    Examples
    --------
    >>> from windoweval.kernels import KERNELS
    >>> it = Item({"measure": "m", "records": "work_orders", "where": {"order_type": "fault_repair"}}, ["A"],
    ...           KERNELS["flag"], {"column": "ok"})
    >>> u, w = tally(pd.DataFrame({"window_id": ["A", "A", "Z"], "order_type": ["fault_repair", "meter_check", "fault_repair"]}),
    ...              [it], "work_orders")
    >>> u[["reason", "column", "value", "records"]].values.tolist(), w.to_dict()
    ([['value', 'order_type', 'meter_check', 1], ['window', 'window_id', 'Z', 1]], {'A': 2, 'Z': 1})
    """
    u = unscored(df, items, kind, weights)
    if "window_id" in df and len(df):
        w = df["window_id"]
        w = w.astype("string") if not isinstance(w.dtype, pd.CategoricalDtype) else w
        if weights is None:
            counts = w.value_counts(dropna=True, sort=False)
        else:
            counts = pd.Series(np.asarray(weights, dtype=np.int64), index=w.index).groupby(
                w, observed=True, sort=False, dropna=True).sum()
        counts = counts[counts > 0]
        counts.index = counts.index.astype(str)
    else:
        counts = pd.Series(dtype=np.int64)
    return u, counts.astype(np.int64).rename("records")


def add_up(parts) -> tuple[pd.DataFrame, pd.Series]:
    """The ``(unscored, records per window)`` of several pieces, summed.

    Examples
    --------
    >>> from windoweval.kernels import KERNELS
    >>> it = Item({"measure": "m", "records": "work_orders", "where": {"order_type": "fault_repair"}}, ["A"],
    ...           KERNELS["flag"], {"column": "ok"})
    >>> pieces = [pd.DataFrame({"window_id": ["A", "Z"], "order_type": "fault_repair"}),
    ...           pd.DataFrame({"window_id": ["Z"], "order_type": "fault_repair"})]
    >>> u, w = add_up(tally(p, [it], "work_orders") for p in pieces)
    >>> u[["reason", "value", "records"]].values.tolist(), w.to_dict()
    ([['window', 'Z', 2]], {'A': 1, 'Z': 2})
    """
    parts = list(parts)
    us = [u for u, _ in parts if len(u)]
    if us:
        u = (pd.concat(us, ignore_index=True).groupby(UNSCORED_COLUMNS[:-1], sort=True)["records"].sum()
             .astype(np.int64).reset_index()[UNSCORED_COLUMNS])
    else:
        u = pd.DataFrame(columns=UNSCORED_COLUMNS)
    ws = [w for _, w in parts if len(w)]
    w = pd.concat(ws).groupby(level=0, sort=True).sum().astype(np.int64) if ws else pd.Series(dtype=np.int64)
    return u, w.rename("records")


def known_windows(kind_mapping) -> frozenset | None:
    """The workspace's window ids when it refuses unknown ones (``unknown_windows = "refuse"``), else None.

    Examples
    --------
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"name": "示例", "unknown_windows": "refuse",
    ...                           "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})
    >>> sorted(known_windows(ws.mapping().get("work_orders")))  # ORG: the organisation's own records
    ['ORG', 'PW01']
    >>> known_windows(None) is None                             # no mapping (unknown ids are listed, not refused)
    True
    """
    return getattr(kind_mapping, "known_windows", None)


def refuse_unknown(counts: pd.Series, known, kind: str, file) -> None:
    """Refuse (:class:`~windoweval.records.RecordsError`, exit 3) the window ids of ``counts`` the workspace does not know.

    One line per id: the file (dataset), the column, the id, how many records and the fix, as
    :func:`windoweval.records.read_records` words it when it reads a file.

    Examples
    --------
    >>> refuse_unknown(pd.Series({"PW01": 3}), frozenset({"PW01"}), "work_orders", "工单.parquet")   # all known: nothing said
    >>> try:
    ...     refuse_unknown(pd.Series({"PW01": 3, "PW99": 2}), frozenset({"PW01"}), "work_orders", "工单.parquet")
    ... except RecordsError as e:
    ...     print(e.exit_code, e.problems[["column", "value"]].values.tolist())
    3 [['window_id', 'PW99']]
    """
    if known is None or not len(counts):
        return
    bad = counts[~counts.index.isin(list(known))]
    if not len(bad):
        return
    from ..records.mapping import norm

    near = {norm(k): k for k in known}
    rows = []
    for wid, n in bad.items():
        hint = near.get(norm(wid))
        zh = (f"写法不同(全角、空格或大小写),规范化后即 {hint};请改正导出,或在 mapping.yaml 的 values.window_id 中写 `{wid}: {hint}`"
              if hint else "请在 windoweval.toml 中加上这个窗口([[windows]]),或改正导出后重新导入")
        en = (f"written differently (full-width, spaces or case): it normalises to {hint}; fix the export or write "
              f"`{wid}: {hint}` under values.window_id in mapping.yaml" if hint else
              "add the window to windoweval.toml ([[windows]]) or fix the export and import it again")
        rows.append({"file": str(file), "row": 0, "column": "window_id", "value": wid,
                     "problem_zh": f"窗口编号不在工作区中(共 {int(n)} 条记录);{zh}(工作区设置 unknown_windows = \"refuse\")",
                     "problem_en": f"window id not in the workspace ({int(n)} records); {en} "
                                   f"(the workspace sets unknown_windows = \"refuse\")"})
    raise RecordsError(kind, str(file), pd.DataFrame(rows))


# -- what a scorecard row counts (summaries, the score command and score() read these) --------------------------
def counted(results: pd.DataFrame) -> pd.DataFrame:
    """The scorecard rows that count as a window's measures: an alternative measure without records where another
    alternative of its clause has evidence (:func:`_alternatives_once`: weight 0, ``no_data``) left out, so a clause
    measured either way counts once in every summary (window scores, verdict counts by standard and in the text)."""
    if "weight" not in results or not len(results):
        return results
    return results[~((results["weight"] == 0) & (results["verdict"] == "no_data"))]


#: What a unit-level kernel's unit is: the label of its counts (the scorecard's ``unit`` column, the score command's
#: count of units missing evidence).  A record-level measure counts ``RECORDS_LABEL``.
UNIT_LABELS = {"every_slot": "服务时段(小时或星期几) / service slots (hours or weekdays)", "promises_kept": "承诺兑现次数 / promise occurrences",
               "count_limit": "客户年度计数 / customer-years counted", "count_at_least": "窗口年度计数 / window-years counted",
               "roster_any": "窗口名册 / window rosters",
               "diverted_within": "排队超限快照 / crowded queue snapshots",
               "reliability": "可靠率单元 / reliability units", "waiting_time": "窗口等候统计 / windows' waiting figures"}
RECORDS_LABEL = "记录 / records"


def unit_label(kernel: str) -> str:
    """What a measure of ``kernel`` counts (its ``n``, ``met``, ``missing_evidence``): records, or its units.

    Examples
    --------
    >>> unit_label("time_limit"), unit_label("every_slot")
    ('记录 / records', '服务时段(小时或星期几) / service slots (hours or weekdays)')
    """
    from ..kernels import KERNELS

    k = KERNELS.get(kernel)
    if k is None or k.level == "record":
        return RECORDS_LABEL
    return UNIT_LABELS.get(kernel, f"{kernel} 单元 / units")


def unit_kernels(catalog=None) -> dict:
    """The measures whose units are not records, with their kernel's name: ``{measure: kernel}`` for every measure
    of ``catalog`` (the bundled one when ``None``) whose kernel counts units (hour slots, promise occurrences …).
    The one place that tells a record-level measure's missing evidence from a unit measure's
    (:func:`records_missing`, :func:`units_missing`, the score command's counts).

    Examples
    --------
    >>> k = unit_kernels()
    >>> k["power_window.5.2#work_orders"], "power_window.10.2.5" in k
    ('promises_kept', False)
    """
    from ..catalog import load_catalog
    from ..kernels import KERNELS

    cat = catalog if catalog is not None else load_catalog()
    return {m["measure"]: m["kernel"] for m in cat.measures() if KERNELS[m["kernel"]].level != "record"}


def records_missing(results: pd.DataFrame, catalog=None) -> pd.Series:
    """Each scorecard row's ``missing_evidence`` counted as records: a record-level measure's, and 0 for a measure
    whose units are not records (hour slots, promise occurrences …: the same record counted again, as the score
    command keeps records and units apart).  ``catalog`` is the scorecard's (``card.catalog``; the bundled one when
    ``None``); a measure it does not know counts as record-level.  Every count headed "records missing evidence"
    (缺少证据的记录) is this one: the text summary, the window scores, the verdicts by standard, the missed cells,
    the score command.

    Examples
    --------
    >>> r = pd.DataFrame({"measure": ["power_window.10.2.5", "power_window.5.2#work_orders"], "missing_evidence": [1, 1]})
    >>> records_missing(r).tolist(), units_missing(r).tolist()
    ([1, 0], [0, 1])
    """
    if "missing_evidence" not in results or not len(results):
        return pd.Series(0, index=results.index, dtype="int64")
    unit = unit_kernels(catalog)
    return results["missing_evidence"].where(~results["measure"].isin(list(unit)), 0).astype("int64")


def units_missing(results: pd.DataFrame, catalog=None) -> pd.Series:
    """Each scorecard row's ``missing_evidence`` that counts units, not records (:func:`records_missing`'s rest):
    said apart from the records, never added to them."""
    if "missing_evidence" not in results or not len(results):
        return pd.Series(0, index=results.index, dtype="int64")
    return (results["missing_evidence"].astype("int64") - records_missing(results, catalog)).astype("int64")
