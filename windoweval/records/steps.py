"""A process log read as one row per order: mapping.yaml's ``steps`` (流程日志 / 环节记录, one row per step).

Business systems export work orders in two shapes: one row per order with a column per step time (what the
contracts read), or a process log with one row per step: 工单编号, 环节名称 (受理, 派工, 到达现场, 竣工, 归档), 环节时间,
处理人, and the order's own columns (业务类型, 营业厅) repeated on each row.  ``steps`` in mapping.yaml pivots the log::

    work_orders:
      steps:
        key: 工单编号                    # the order's header
        step: 环节名称                   # the step name's header
        time: 环节时间                   # the step time's header
        as: {受理: received_at, 到达现场: arrived_at, 竣工: completed_at}
        ignore: [派工, 归档]             # steps carrying no time the contract reads: counted, not read
        repeated: {arrived_at: first, completed_at: last}   # a step met twice for one order (optional)

The rules (data/README.md says them to the user):

- a step met twice for one order (a re-dispatch, a second visit) is refused, naming the order and both rows,
  unless ``repeated`` says which time counts for its column: ``first`` (the earliest) or ``last`` (the latest).
  The standards (``../shared/standards/README.md``, power_window.yaml's notes) say nothing of a repeated step, so
  no default is taken; where one of the repeated rows has no time, which was first (last) is unknown: the column
  is left blank (missing evidence), counted by ``records check``;
- an order's own columns (those the mapping reads: 营业厅, 业务类型, 客户编号) written differently on two of its rows
  are refused, naming both rows and both values; a blank cell on one row is no contradiction (the value written
  on the others is taken); a column read for nothing (处理人) differs from step to step freely;
- a step name neither ``as`` nor ``ignore`` names is refused with its rows (never dropped in silence);
- a bad step time is refused at its own row and under the file's own header (环节时间);
- an order with no row for a step is blank in that step's column (the engine's missing-evidence rules apply).

Each order's record stands on its first row in the file (its row number in messages about the order as a whole).
Everything is vectorised: factorize, bincount, groupby; no Python runs per row.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from .mapping import _Headers, _code_problems, norm, norm_series
from .problems import Problems
from .validate import _placeholder


@dataclasses.dataclass
class Pivot:
    """What pivoting a log found: the order table, where its columns came from, and the problems of the log.

    Examples
    --------
    >>> from windoweval.records.io import Table
    >>> from windoweval.records.mapping import parse_mapping
    >>> km = parse_mapping({"work_orders": {"steps": {"key": "工单编号", "step": "环节名称", "time": "环节时间",
    ...     "as": {"受理": "received_at"}}}}, "m.yaml")["work_orders"]
    >>> log = pd.DataFrame([["G1", "受理", "2025-03-03 09:00"], ["G1", "受理", "2025-03-03 10:00"]])
    >>> p = pivot_steps(Table("log.csv", ["工单编号", "环节名称", "环节时间"], log, 2), km, "work_orders")
    >>> p.summary["rows"], p.summary["orders"], [x["code"].iloc[0] for x in p.problems]
    (2, 1, ['step_repeated'])
    """

    table: object                 # the log as one row per order (io.Table): the order's columns, then the steps'
    back: list                    # each column's position in the log (None: a step's time column)
    key_step_time: tuple          # the positions of the key, step and time headers in the log
    problems: list                # Problems frames: bad times, unknown steps, repeated steps, steps without an order
    summary: dict                 # for records check: rows, orders, rows per step, ignored, repeats resolved
    order_row: np.ndarray         # each log row's order, by the order's first row (its record's row number)
    order: np.ndarray             # each log row's order code (0, 1, ... in order of first appearance)
    key: pd.Series                # each log row's order id as written (trimmed; blank: missing)

    def conflicts(self, t, j: int) -> Problems | None:
        """The orders whose rows write the log's column ``j`` differently (two values, a blank being none): one
        problem each, or None; asked only for the columns the mapping reads."""
        s = _cells(t.frame, j)
        codes, _u, first = _firsts(s, self.order, int(self.order.max()) + 1 if len(self.order) else 0)
        fc = first[self.order]
        clash = (codes >= 0) & (fc >= 0) & (codes != fc)
        if not clash.any():
            return None
        return _conflict_problems(t.label, self.key, self.order, s, clash, np.asarray(t.row_numbers()), str(t.headers[j]))


def _cells(frame: pd.DataFrame, j: int) -> pd.Series:
    """Column ``j`` as stripped text, a blank cell missing."""
    s = frame.iloc[:, j].astype("string").str.strip()
    return s.mask(s.eq(""))


def _firsts(s: pd.Series, order: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's value code (-1: blank), the distinct values, and each of the ``m`` orders' first value code
    written on its rows (-1: none): by integer codes, no text compared per row.

    >>> _firsts(pd.Series(["a", None, "b", "a"]), np.array([0, 1, 1, 0]), 2)[2].tolist()
    [0, 1]
    """
    codes, uniq = pd.factorize(s, use_na_sentinel=True)
    valid = codes >= 0
    u, at = np.unique(order[valid], return_index=True)   # the valid rows kept in file order: the first one each
    first = np.full(m, -1, dtype=np.int64)
    first[u] = codes[valid][at]
    return codes, np.asarray(uniq, dtype=object), first


def pivot_steps(t, km, kind: str) -> Pivot:
    """The log table ``t`` (io.Table) made one row per order by ``km.steps`` (the module docstring).

    Examples
    --------
    >>> from windoweval.records.io import Table
    >>> from windoweval.records.mapping import parse_mapping
    >>> km = parse_mapping({"work_orders": {"steps": {"key": "工单编号", "step": "环节名称", "time": "环节时间",
    ...     "as": {"受理": "received_at", "竣工": "completed_at"}, "ignore": ["归档"]}}}, "m.yaml")["work_orders"]
    >>> log = pd.DataFrame([["G1", "PW01", "受理", "2025-03-03 09:00"], ["G1", "PW01", "竣工", "2025-03-04 10:00"],
    ...                     ["G2", "PW02", "受理", "2025-03-05 09:00"], ["G1", "PW01", "归档", "2025-03-06 10:00"]])
    >>> p = pivot_steps(Table("log.csv", ["工单编号", "营业厅", "环节名称", "环节时间"], log, 2), km, "work_orders")
    >>> p.table.headers, p.table.rows.tolist(), p.problems
    (['工单编号', '营业厅', 'received_at', 'completed_at'], [2, 4], [])
    >>> p.table.frame.iloc[:, 3].tolist()
    ['2025-03-04 10:00', <NA>]
    """
    from .validate import _coerce_column, _fast_column

    st = km.steps
    H = _Headers(t.headers, t.label, kind)
    ki, si, ti = (H.need(st[k], f"{kind}.steps.{k}", km.source) for k in ("key", "step", "time"))
    frame, label = t.frame, t.label
    n = len(frame)
    rows = np.asarray(t.row_numbers(), dtype=np.int64)
    files = np.full(n, label, dtype=object)
    key = _cells(frame, ki)
    step = _cells(frame, si)
    stepn = norm_series(step)   # once per distinct step name
    # the header written again (two exports put together): no step of its own; the repeated-header check names it
    again = (stepn == norm(t.headers[si])).to_numpy(dtype=bool, na_value=False)
    if again.any():   # the key normalised on those rows only (a log's ids are nearly all distinct)
        again[again] = norm_series(key[again]).eq(norm(t.headers[ki])).to_numpy(dtype=bool, na_value=False)
    raw_time = frame.iloc[:, ti]
    probs: list = []
    # every step's time checked where the file writes it (its row, the log's own header), the chosen and the others:
    # ISO times by the validator's vectorised cast, any other form (or a bad one) by its full reading, as a column
    raw_time = raw_time.mask(pd.Series(again, index=raw_time.index)) if again.any() else raw_time
    typed = _fast_column(raw_time, {"type": "datetime"}, str(t.headers[ti]))
    if typed is None:
        typed = _coerce_column(raw_time, {"type": "datetime"}, str(t.headers[ti]), files, rows, probs)
    typed = pd.Series(typed.to_numpy(dtype="datetime64[ns]"))
    time_text = raw_time.astype("string").str.strip()
    time_blank = (time_text.isna() | time_text.eq("")).to_numpy(dtype=bool) | again
    bad_time = typed.isna().to_numpy() & ~time_blank
    no_step = (stepn.isna() | stepn.eq("")).to_numpy(dtype=bool, na_value=True) | again
    # each order's rows: codes in the order of first appearance; a row with no order id its own record (the
    # contract's check refuses its missing id at its row, or drop leaves a totals row out)
    # an order id written -, 无, N/A is no id either (left40): each such row its own record, refused at its row,
    # never one order made of unrelated steps
    no_key = (key.isna() | _placeholder(key)).to_numpy(dtype=bool)
    oc, _uniq = pd.factorize(key.mask(no_key), use_na_sentinel=True)
    oc = oc.astype(np.int64)
    m0 = int(oc.max()) + 1 if n and (oc >= 0).any() else 0
    oc[no_key] = m0 + np.arange(int(no_key.sum()))
    m = m0 + int(no_key.sum())
    _, first = np.unique(oc, return_index=True)   # each order's first row (codes 0..m-1, in order of appearance)
    # each step name onto its column, once per distinct name
    targets = list(dict.fromkeys(st["as"].values()))
    as_n = {norm(k): targets.index(v) for k, v in st["as"].items()}
    ign_n = {norm(x) for x in st["ignore"]}
    sc, su = pd.factorize(stepn, use_na_sentinel=True)
    lut = np.array([as_n.get(u, -2 if u in ign_n else -1) for u in su] + [-3], dtype=np.int64)
    tgt = lut[sc]
    tgt[no_step] = -3
    unknown = tgt == -1
    if unknown.any():
        pr = _code_problems(
            step.astype(str), unknown, rows, label, str(t.headers[si]),
            f"环节 “{{code}}” 在 mapping.yaml 的 {kind}.steps 中既不在 as 中也不在 ignore 中(共 {{n}} 行,如第 {{rows}} 行),"
            f"不会被静默略去",
            f"the step {{code!r}} is under neither as nor ignore of {kind}.steps in mapping.yaml ({{n}} rows, e.g. rows "
            f"{{rows}}), and is never dropped in silence")
        pr["code"] = "step_unknown"
        v = pr["value"].astype(str)
        pr["fix_zh"] = (f"请在 {kind}.steps.as 中写明它的时间对应的列(如 `" + v + ": arrived_at`),不计时的环节写入 ignore"
                        ).to_numpy(dtype=object)
        pr["fix_en"] = (f"write the column its time is read as under {kind}.steps.as (`" + v + f": arrived_at`), or "
                        f"list a step carrying no time under {kind}.steps.ignore").to_numpy(dtype=object)
        probs.append(pr)
    lonely = no_step & ~time_blank & ~again
    if lonely.any():
        probs.append(_row_problems(label, rows[lonely], str(t.headers[ti]), time_text[lonely], "step_without_name",
                                   f"这一行有{t.headers[ti]}而没有{t.headers[si]},不知道是哪个环节的时间",
                                   f"a time with no step name ({t.headers[si]}): which step it times is unknown",
                                   f"请在这一行填写{t.headers[si]},或删去这一行",
                                   f"fill in {t.headers[si]} on this row, or delete the row"))
    cols, src_rows, resolved = {}, {}, {}
    text = np.where(bad_time | time_blank, None, time_text.to_numpy(dtype=object, na_value=None))   # by position
    for k, col in enumerate(targets):
        at = np.flatnonzero(tgt == k)
        count = np.bincount(oc[at], minlength=m)
        out = np.full(m, None, dtype=object)
        src = np.full(m, -1, dtype=np.int64)
        once = at[count[oc[at]] == 1]
        out[oc[once]], src[oc[once]] = text[once], rows[once]
        twice = at[count[oc[at]] > 1]
        if len(twice):
            how = st["repeated"].get(col)
            names = [nm for nm, c in st["as"].items() if c == col]
            if how is None:
                probs.append(_repeat_problems(label, key, oc, twice, rows, step, str(t.headers[si]), kind, col, names))
            else:
                g = pd.DataFrame({"o": oc[twice], "t": typed.to_numpy()[twice], "i": twice})
                unknown_t = g["t"].isna().groupby(g["o"], sort=False).any()
                pick = g.dropna(subset=["t"]).sort_values(["o", "t", "i"], kind="stable")
                pick = pick.drop_duplicates("o", keep="first" if how == "first" else "last")
                pick = pick[~unknown_t.reindex(pick["o"]).to_numpy(dtype=bool)]
                out[pick["o"].to_numpy()] = text[pick["i"].to_numpy()]
                src[pick["o"].to_numpy()] = rows[pick["i"].to_numpy()]
                resolved[col] = (int((count > 1).sum()), int(unknown_t.sum()), how)
        cols[col] = pd.array(out, dtype="string")
        src_rows[col] = src
    # the order's own columns: the first value written on its rows; two values on two rows a contradiction, made a
    # problem where the mapping reads the column (the caller keeps those, _order_conflicts)
    others = [j for j in range(len(t.headers)) if j not in (si, ti)]
    new = {}
    for pos, j in enumerate(others):   # each order's first value written (a blank skipped)
        _c, uniq, fc = _firsts(_cells(frame, j) if j != ki else key, oc, m)
        new[pos] = pd.array(np.append(uniq, None)[fc], dtype="string")   # -1 (none) takes the last slot: blank
    for k, col in enumerate(targets):
        new[len(others) + k] = cols[col]
    headers = [t.headers[j] for j in others] + targets
    table = dataclasses.replace(t, frame=pd.DataFrame(new), headers=headers, rows=rows[first])
    vc = step[tgt >= -2].value_counts(sort=False)
    seen = set(su)
    summary = {"rows": n, "orders": m, "steps": {str(k): int(v) for k, v in vc.items()},
               "ignored": [x for x in st["ignore"] if norm(x) in seen],
               "resolved": resolved, "src_rows": src_rows, "time": str(t.headers[ti]), "step": str(t.headers[si]),
               "targets": targets, "order_rows": rows[first],
               "src_steps": {col: np.where(src >= 0, _step_at(step, rows, src), None) for col, src in src_rows.items()}}
    return Pivot(table, others + [None] * len(targets), (ki, si, ti), probs, summary, rows[first][oc], oc, key)


def _step_at(step: pd.Series, rows: np.ndarray, at_rows: np.ndarray) -> np.ndarray:
    """The step name written on each of ``at_rows`` (file rows; -1: none)."""
    pos = np.searchsorted(rows, at_rows) if np.all(np.diff(rows) >= 0) else \
        pd.Series(np.arange(len(rows)), index=rows).reindex(at_rows).fillna(0).to_numpy(dtype=np.int64)
    pos = np.clip(pos, 0, max(len(rows) - 1, 0))
    return step.to_numpy(dtype=object, na_value="")[pos] if len(rows) else np.full(len(at_rows), "", dtype=object)


def steps_named(problems: pd.DataFrame, plans: list) -> pd.DataFrame:
    """``problems`` with each one of a pivoted step column (an arrival before the order's 受理, say) named where the
    log writes the time: the step's own row and the log's time header (环节时间), the step named in the message; the
    rest as they were.  Vectorised over the problems (the refusal path, and the rows listed as flagged).

    Examples
    --------
    >>> from types import SimpleNamespace as P
    >>> sm = {"order_rows": np.array([2, 5]), "src_rows": {"arrived_at": np.array([3, -1])}, "time": "环节时间",
    ...       "src_steps": {"arrived_at": np.array(["到达现场", None], dtype=object)}}
    >>> pr = Problems.of(file="log.csv", row=[2, 5], column="arrived_at", value="x", problem_zh="早", problem_en="early")
    >>> out = steps_named(pr, [P(steps=sm, label="log.csv")])
    >>> out["row"].tolist(), out["column"].tolist(), out["problem_en"].tolist()
    ([3, 5], ['环节时间', 'arrived_at'], ["the step '到达现场' (arrived_at): early", 'early'])
    """
    if not len(problems) or "row" not in problems:
        return problems
    out = None
    for plan in plans:
        sm = getattr(plan, "steps", None)
        if not sm:
            continue
        cur = problems if out is None else out
        rows = pd.to_numeric(cur["row"], errors="coerce").to_numpy(dtype=float)
        files = cur["file"].astype(str).to_numpy()
        cols = cur["column"].astype(str).to_numpy()
        order_rows = np.asarray(sm["order_rows"], dtype=np.int64)
        for col, src in sm["src_rows"].items():
            mine = np.flatnonzero((files == str(plan.label)) & (cols == col) & ~np.isnan(rows))
            if not len(mine) or not len(order_rows):
                continue
            want = rows[mine].astype(np.int64)
            srt = np.argsort(order_rows, kind="stable")   # rows without an order id come after the orders
            i = srt[np.clip(np.searchsorted(order_rows[srt], want), 0, len(order_rows) - 1)]
            ok = (order_rows[i] == want) & (src[i] >= 0)
            mine, i = mine[ok], i[ok]
            if not len(mine):
                continue
            if out is None:
                out = problems.copy()
                cur = out
            names = pd.Series(sm["src_steps"][col][i], dtype=str)
            cur.iloc[mine, cur.columns.get_loc("row")] = src[i]
            cur.iloc[mine, cur.columns.get_loc("column")] = sm["time"]
            cur.iloc[mine, cur.columns.get_loc("problem_zh")] = (
                "环节“" + names + f"”({col}):" + cur["problem_zh"].iloc[mine].astype(str).reset_index(drop=True)
            ).to_numpy(dtype=object)
            cur.iloc[mine, cur.columns.get_loc("problem_en")] = (
                "the step '" + names + f"' ({col}): " + cur["problem_en"].iloc[mine].astype(str).reset_index(drop=True)
            ).to_numpy(dtype=object)
    return problems if out is None else Problems.conform(out)


def _row_problems(label, rows, column, values, code, zh, en, fix_zh, fix_en) -> Problems:
    return Problems.of(file=label, row=np.asarray(rows), column=column,
                       value=pd.Series(values).astype(str).to_numpy(dtype=object), code=code,
                       problem_zh=zh, problem_en=en, fix_zh=fix_zh, fix_en=fix_en)


def _joined(rows: pd.Series, sep: str) -> pd.Series:
    return rows.astype(str).groupby(level=0, sort=False).agg(lambda r: sep.join(r.iloc[:5]))


def _repeat_problems(label, key, oc, at, rows, step, step_head, kind, col, names) -> Problems:
    """One problem per order whose step (of column ``col``) occurs on several rows: the order, every row (the first
    five), the fix; named at its second row.  The refusal path only: the rows joined per order."""
    d = pd.DataFrame({"o": oc[at], "r": rows[at], "i": at}).sort_values(["o", "r"], kind="stable")
    g = d.groupby("o", sort=False)
    agg = g.agg(n=("r", "size"), second=("r", lambda r: r.iloc[1]), i=("i", "first"),
                some=("r", lambda r: "、".join(map(str, r.iloc[:5]))))
    keys = key.to_numpy(dtype=object, na_value="")[agg["i"].to_numpy()]
    names_at = step.to_numpy(dtype=object, na_value="")[agg["i"].to_numpy()]
    nm = " / ".join(map(str, names))
    return Problems.of(
        file=label, row=agg["second"].to_numpy(), column=step_head, value=names_at.astype(str), code="step_repeated",
        problem_zh=[f"工单 {k} 的环节 “{s}”(记为 {col})出现 {c} 次(第 {r} 行),取哪一次标准未作规定,不会擅自选取"
                    for k, s, c, r in zip(keys, names_at, agg["n"], agg["some"])],
        problem_en=[f"order {k}: the step {s!r} (read as {col}) occurs {c} times (rows {r.replace('、', ', ')}); "
                    f"the standard does not say which counts, so none is picked"
                    for k, s, c, r in zip(keys, names_at, agg["n"], agg["some"])],
        fix_zh=f"在 mapping.yaml 的 {kind}.steps.repeated 中写明 {col} 取最早一次(first)还是最晚一次(last),"
               f"如 `repeated: {{{col}: first}}`;或在导出中删去多余的一行({nm})",
        fix_en=f"say under {kind}.steps.repeated in mapping.yaml whether {col} takes the earliest (first) or the "
               f"latest (last), e.g. `repeated: {{{col}: first}}`; or delete the extra row ({nm}) from the export")


def _conflict_problems(label, key, oc, s: pd.Series, clash: np.ndarray, rows, head: str) -> Problems:
    """One problem per order whose rows write column ``head`` differently: the row that differs and the order's
    first row that wrote the other value, both values."""
    sv = s.to_numpy(dtype=object, na_value=None)
    filled = np.flatnonzero(s.notna().to_numpy())
    u, fi = np.unique(oc[filled], return_index=True)        # each order's first row with a value
    at = np.flatnonzero(clash)
    o = oc[at]
    order = np.argsort(o, kind="stable")   # the first clash of each order
    o_sorted, at_sorted = o[order], at[order]
    keep = np.r_[True, o_sorted[1:] != o_sorted[:-1]]
    o1, a1 = o_sorted[keep], at_sorted[keep]
    b1 = filled[fi[np.searchsorted(u, o1)]]
    keys = key.to_numpy(dtype=object, na_value="")[a1]
    return Problems.of(
        file=label, row=rows[a1], column=head, value=sv[a1].astype(str), code="step_order_conflict",
        problem_zh=[f"工单 {k} 的“{head}”在第 {rb} 行是 “{vb}”,在第 {ra} 行是 “{va}”:同一工单的各环节行应一致"
                    for k, rb, vb, ra, va in zip(keys, rows[b1], sv[b1], rows[a1], sv[a1])],
        problem_en=[f"order {k}: {head} is {vb!r} on row {rb} and {va!r} on row {ra}; the rows of one order must agree"
                    for k, rb, vb, ra, va in zip(keys, rows[b1], sv[b1], rows[a1], sv[a1])],
        fix_zh=f"请在业务系统中核对该工单的“{head}”,改正其中一行后重新导出",
        fix_en=f"check the order's {head} in the business system, correct one of the rows and export again")


def apply_steps(t, kind: str, km, first: int):
    """:func:`~.mapping.apply_mapping` of a log table ``t`` pivoted by ``km.steps``; the plan then speaks of the log's
    own headers and rows: which headers were used, the formula and error cells of every row read (not only each
    order's first), the log's problems, and an order's contradicting rows where the mapping reads the column.

    Examples
    --------
    >>> from windoweval.records.io import Table
    >>> from windoweval.records.mapping import parse_mapping
    >>> km = parse_mapping({"work_orders": {"columns": {"营业厅": "window_id"}, "steps": {"key": "工单编号",
    ...     "step": "环节名称", "time": "环节时间", "as": {"受理": "received_at"}}}}, "m.yaml")["work_orders"]
    >>> log = pd.DataFrame([["G1", "PW01", "受理", "2025-03-03 09:00"], ["G1", "PW02", "归档", "2025-03-04 09:00"]])
    >>> df, plan = apply_steps(Table("log.csv", ["工单编号", "营业厅", "环节名称", "环节时间"], log, 2), "work_orders", km, 1)
    >>> df["received_at"].tolist(), plan.row_numbers.tolist(), sorted(x["code"].iloc[0] for x in plan.problems)
    (['2025-03-03 09:00'], [2], ['step_order_conflict', 'step_unknown'])
    """
    from .io import _error_refused, _formula_refused, _linked_refused
    from .mapping import apply_mapping

    p = pivot_steps(t, km, kind)
    pt = p.table
    df, plan = apply_mapping(pt.frame, pt.headers, kind, km, t.label, pt.rows, first, drop_elsewhere=True)
    ki, si, ti = p.key_step_time
    used = {}
    for i, h in enumerate(pt.headers):
        if h in plan.used and p.back[i] is not None:
            used[t.headers[p.back[i]]] = plan.used[h]
    sm = p.summary
    used[t.headers[si]] = [f"环节 / steps: {', '.join(f'{k}→{v}' for k, v in km.steps['as'].items())}"]
    used[t.headers[ti]] = [f"{col}(环节 / step)" for col in sm["targets"]]
    plan.used = {h: used[h] for h in t.headers if h in used}
    back_used = {p.back[i] for i in plan.used_cols if i < len(p.back) and p.back[i] is not None}
    plan.used_cols = sorted(back_used | {ki, si, ti})
    # every row of an order kept is read: a formula or error cell on any of them refused, as on a one-row record;
    # the rows of an order the mapping's drop left out (a totals row) are not records, as before
    read_rows = np.asarray(t.row_numbers())[np.isin(p.order_row, plan.row_numbers)]
    for check in (_formula_refused, _error_refused, _linked_refused):
        refused = check(t, plan.used_cols, read_rows, header=True)
        if refused is not None:
            raise refused
    clashes = [p.conflicts(t, j) for j in sorted(back_used - {ki})]   # the order's columns the mapping reads
    plan.problems = list(plan.problems) + p.problems + [x for x in clashes if x is not None]
    plan.steps = sm
    plan.ignored = [h for h in plan.ignored if h in t.headers]
    return df, plan



def check_lines(plan) -> list[str]:
    """``records check``'s lines on a pivoted log: its rows, the orders, the rows of each step, the steps ignored, the
    repeats resolved by ``repeated`` (and those left blank because a repeat had no time), the orders lacking a step.

    Examples
    --------
    >>> from types import SimpleNamespace as P
    >>> sm = {"rows": 7, "orders": 2, "steps": {"受理": 2, "派工": 1}, "ignored": ["派工"], "src_rows": {},
    ...       "resolved": {"arrived_at": (1, 0, "first")}, "time": "环节时间", "step": "环节名称", "targets": []}
    >>> print("\\n".join(check_lines(P(steps=sm, rows=2, dropped_records=0))))
        流程日志 / a process log: 7 行(每行一个环节)→ 2 张工单 / rows (a step each) → orders
        各环节的行数 / rows per step: 受理 2, 派工 1 (不计时,略过 / no time read, ignored)
        重复的环节按 repeated 取值 / steps met twice, read by repeated: arrived_at: 1 张工单 / orders (first)
    """
    sm = plan.steps
    out = [f"    流程日志 / a process log: {sm['rows']} 行(每行一个环节)→ {sm['orders']} 张工单 / rows (a step each) → "
           f"orders" + (f"(drop 去掉 / dropped {plan.dropped_records})" if getattr(plan, "dropped_records", 0) else "")]
    ign = set(sm["ignored"])
    out.append("    各环节的行数 / rows per step: " + ", ".join(
        f"{k} {v}" + (" (不计时,略过 / no time read, ignored)" if k in ign else "") for k, v in sm["steps"].items()))
    if sm["resolved"]:
        out.append("    重复的环节按 repeated 取值 / steps met twice, read by repeated: " + ", ".join(
            f"{col}: {n} 张工单 / orders ({how})" + (f",其中 {u} 张因某次没有时间而留空 / {u} left blank: a repeat "
                                                 f"without a time" if u else "")
            for col, (n, u, how) in sm["resolved"].items()))
    lacking = {col: int((src < 0).sum()) for col, src in sm["src_rows"].items() if (src < 0).any()}
    if lacking:
        out.append("    没有该环节的工单(该列为空)/ orders with no row for the step (the column blank): "
                   + ", ".join(f"{col} {n}" for col, n in lacking.items()))
    return out
