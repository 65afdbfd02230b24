"""A callback export one row per attempt read as one row per case: mapping.yaml's ``attempts: callback``.

A 95598 回访记录 writes each callback attempt as a row of its case: 未接通 at 09:00, then 满意 at 15:00, the case's
other columns repeated.  The contract reads one row per case (``case_id`` is its key), and such a file is refused,
naming the rows and the reading to apply by hand.  With ``attempts: callback`` under ``complaints`` that reading is
applied as the file is read:

- the rows of one case that differ only in ``callback_at`` and ``callback_result`` (a text column, a note or the
  description, may be written on one attempt only) are its attempts;
- the case keeps the attempt that reached the customer (满意, 不满意, 拒访: satisfied, dissatisfied, declined),
  the latest of them where there are several (a callback counts when made at or after the case was concluded: the
  latest one is, if any is), with the case's view where an attempt gave one (拒访 is a callback that gave no view,
  第十三条(五) 听取意见: 满意 on one attempt and 拒访 on another is one case reached with one view, 满意, whichever
  came first (diff40)), that view only if given at or after the case's conclusion (the callback hears it): a view
  before every recorded conclusion (答复 replied_at, 办结 resolved_at) and a 拒访 after it is the 拒访 alone, a view
  between them and a 拒访 after it leaves the case unsettled (which counts is each measure's conclusion) (review40);
  where none reached the customer, the latest attempt whose result is blank (it may have
  reached the customer: made after the conclusion, the case's callback is unknown, never a miss), else the latest
  attempt;
- an attempt of blank result later than every attempt that reached the customer leaves the case unsettled (the
  one that reached counts if made after the conclusion; if not, the blank one may: which, the conclusion of each
  measure decides, not the file), so it is left as it is and refused (diff39);
- a case whose attempts cannot be told apart this way is left as it is, and refused as before with the rows and
  columns named: rows differing in another column (two states of one case, or two cases), attempts that reached the
  customer with two views (满意 and 不满意: which counts is not said), an attempt with no time or a time that does not
  read, or a result that is no contract value (never dropped with its row unseen);
- the attempts left out are counted (``plan.attempts``: cases, rows) and ``records check`` says so.

Everything is vectorised: factorize, groupby, a sort; no Python runs per row.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

#: The columns in which the attempts of one case differ, and the results that say the customer was reached.
ATTEMPT_COLUMNS = ("callback_at", "callback_result")
REACHED = ("satisfied", "dissatisfied", "declined")
#: The results that give the customer's view (declined, 拒访: reached, no view).
VIEWS = ("satisfied", "dissatisfied")


def merge_attempts(df: pd.DataFrame, plan, kind: str) -> pd.DataFrame:
    """``df`` (the mapped table, contract columns as text, one row per attempt where a case has several) with each
    case's attempts made one row, by the rules of this module; ``plan`` (:class:`~.mapping.Plan`) has its rows,
    row numbers and ``attempts`` (cases merged, rows left out) set to match.

    Examples
    --------
    >>> from types import SimpleNamespace as P
    >>> df = pd.DataFrame({"case_id": ["A", "A", "B", "B", "C", "C"], "kind": ["complaint"] * 6,
    ...                    "callback_at": ["2025-03-04 09:00", "2025-03-04 15:00", "2025-03-04 09:00", "2025-03-05 09:00",
    ...                                    "2025-03-04 09:00", "2025-03-05 09:00"],
    ...                    "callback_result": ["unreachable", "satisfied", "satisfied", "unreachable", "satisfied",
    ...                                        "dissatisfied"]}, dtype="string")
    >>> plan = P(rows=6, row_numbers=np.arange(2, 8), attempts=None)
    >>> out = merge_attempts(df, plan, "complaints")
    >>> out[["case_id", "callback_result"]].values.tolist(), plan.row_numbers.tolist(), plan.attempts
    ([['A', 'satisfied'], ['B', 'satisfied'], ['C', 'satisfied'], ['C', 'dissatisfied']], [3, 4, 6, 7], (2, 2))
    """
    from .contract import contracts

    if "case_id" not in df or not len(df):
        return df
    from .validate import _placeholder

    key = df["case_id"].astype("string").str.strip()
    # a case id written -, 无, N/A is no id (left40): rows so written are not one case's attempts, never merged
    key = key.mask(_placeholder(key))
    twice = (key.duplicated(keep=False) & key.notna() & key.ne("")).to_numpy(dtype=bool, na_value=False)
    if not twice.any():
        return df
    at = np.flatnonzero(twice)
    sub = df.iloc[at].reset_index(drop=True)
    code, _u = pd.factorize(key.iloc[at], use_na_sentinel=True)
    spec = contracts()[kind].columns
    others = [k for k in sub.columns if k not in ATTEMPT_COLUMNS]
    text = [k for k in others if spec.get(k, {}).get("type") == "string"]
    fixed = [k for k in others if k not in text]
    g = sub.astype("string").groupby(code, sort=False)
    # the other columns agree: a time, a code or a state the same on every row (a blank too); a text column may be
    # blank on some (a note written on one attempt), never two values
    bad = np.zeros(int(code.max()) + 1, dtype=bool)
    if fixed:
        bad |= (g[fixed].nunique(dropna=False) > 1).any(axis=1).reindex(range(len(bad))).to_numpy(dtype=bool)
    if text:
        bad |= (g[text].nunique(dropna=True) > 1).any(axis=1).reindex(range(len(bad))).to_numpy(dtype=bool)
    res = sub["callback_result"].astype("string") if "callback_result" in sub else pd.Series(pd.NA, index=sub.index,
                                                                                             dtype="string")
    allowed = [str(v) for v in spec["callback_result"]["values"]]
    odd = (res.notna() & ~res.isin(allowed)).to_numpy(dtype=bool, na_value=False)   # refused by validate, with its row
    when = _times(sub["callback_at"]) if "callback_at" in sub else pd.Series(pd.NaT, index=sub.index)
    untimed = when.isna().to_numpy()
    reached = res.isin(REACHED).to_numpy(dtype=bool, na_value=False)
    said = res.where(res.isin(VIEWS).to_numpy(dtype=bool, na_value=False))   # a view (拒访 gives none)
    view = pd.Series(said).groupby(code, sort=False).agg(["nunique", "first"]).reindex(range(len(bad)))
    bad |= view["nunique"].to_numpy() > 1                        # two views (满意, 不满意): which counts is not said
    bad |= np.bincount(code, weights=(odd | untimed).astype(float), minlength=len(bad)) > 0
    # an attempt of blank result after the last that reached the customer: which counts depends on the conclusion
    blank = res.isna().to_numpy(dtype=bool)
    t = when.to_numpy(dtype="datetime64[ns]")
    last = pd.DataFrame({"r": np.where(reached, t, np.datetime64("NaT")), "b": np.where(blank, t, np.datetime64("NaT"))},
                        ).groupby(code, sort=False).max().reindex(range(len(bad)))
    bad |= (last["b"] > last["r"]).to_numpy(dtype=bool)
    # a view given before a later 拒访: the view a callback hears counts from the case's conclusion on (第十三条(五)
    # 修复后要及时回访,听取意见): given before every conclusion recorded (答复, 办结), it is dropped (the case reached by
    # the 拒访, no view); at or after every one, it is the case's; between them (which counts is each measure's
    # conclusion, not the file's), the case is unsettled and refused (review40)
    drop = _views_before(sub, code, said, t, res.eq("declined").to_numpy(dtype=bool, na_value=False), bad)
    # the attempt kept: reached first, then one of blank result, then the latest time, then the later row
    rank = np.where(reached, 2, np.where(blank, 1, 0))
    order = pd.DataFrame({"c": code, "r": rank, "t": when.to_numpy(), "i": np.arange(len(sub))})
    keep = order.sort_values(["c", "r", "t", "i"], kind="stable").drop_duplicates("c", keep="last")["i"].to_numpy()
    gone = np.ones(len(sub), dtype=bool)
    gone[keep] = False
    gone &= ~bad[code]                                           # a case left as it is keeps every row (refused)
    # the attempt kept gives the case's view where another attempt gave it (满意, then 拒访 on a later call)
    give = keep[~bad[code[keep]] & ~drop[code[keep]] & view["first"].notna().to_numpy()[code[keep]]]
    give = give[res.iloc[give].ne(view["first"].to_numpy()[code[give]]).to_numpy(dtype=bool, na_value=True)]
    if len(give):
        df = df.copy()
        col = df.columns.get_loc("callback_result")
        df.iloc[at[give], col] = view["first"].to_numpy()[code[give]]
    if not gone.any():
        return _unsettled(df, bad)
    out_rows = at[gone]
    kept = np.ones(len(df), dtype=bool)
    kept[out_rows] = False
    plan.attempts = (int(len(np.unique(code[gone]))), int(gone.sum()))
    plan.rows = int(kept.sum())
    if plan.row_numbers is not None:
        plan.row_numbers = np.asarray(plan.row_numbers)[kept]
    return _unsettled(df[kept].reset_index(drop=True), bad)


#: The columns whose earliest recorded value concludes a case for some callback measure (the standards' ``after``),
#: and the kinds concluded by their own alone (``after_for``: a fault repair by its repair, 修复后要及时回访).
CONCLUSIONS = ("replied_at", "resolved_at")
CONCLUDED_BY = {"fault_repair": ("resolved_at",)}


def _views_before(sub: pd.DataFrame, code: np.ndarray, said: pd.Series, t: np.ndarray, declined: np.ndarray,
                  bad: np.ndarray) -> np.ndarray:
    """Per case, whether its view (``said``) was given before a later 拒访 and before every conclusion recorded
    (:data:`CONCLUSIONS`): the view is dropped.  ``bad`` is set, in place, where the view falls between the
    conclusions (at or after one, before another).  A case with no conclusion recorded keeps its view (no measure
    owes it a callback at a known time, so none counts the view)."""
    k = len(bad)
    nat = np.datetime64("NaT")
    gave = pd.DataFrame({"v": np.where(said.notna().to_numpy(), t, nat), "d": np.where(declined, t, nat)})
    last = gave.groupby(code, sort=False).max().reindex(range(k))
    later = (last["v"] < last["d"]).to_numpy(dtype=bool)          # NaT on either side: False
    drop = np.zeros(k, dtype=bool)
    cols = [c for c in CONCLUSIONS if c in sub]
    if not later.any() or not cols:
        return drop
    conc = pd.DataFrame({c: _times(sub[c]).to_numpy(dtype="datetime64[ns]") for c in cols})
    if "kind" in sub:   # a kind concluded by its own columns: the others are no conclusion of it
        kind = sub["kind"].astype("string").str.strip().reset_index(drop=True)
        for name, own in CONCLUDED_BY.items():
            its = kind.eq(name).to_numpy(dtype=bool, na_value=False)
            for c in cols:
                if c not in own and its.any():
                    conc.loc[its, c] = pd.NaT
    g = conc.groupby(code, sort=False)        # the same on every row of a case (else the case is refused already)
    lo = g.min().min(axis=1).reindex(range(k)).to_numpy(dtype="datetime64[ns]")
    hi = g.max().max(axis=1).reindex(range(k)).to_numpy(dtype="datetime64[ns]")
    v = last["v"].to_numpy(dtype="datetime64[ns]")
    known = ~np.isnat(lo)
    drop = later & known & (v < lo)
    bad |= later & known & ~drop & (v < hi)
    return drop


def _unsettled(df: pd.DataFrame, bad: np.ndarray) -> pd.DataFrame:
    """``df`` marked (``attrs["attempts_unsettled"]``) when some case's attempts were left as they are: the contract's
    refusal of their repeated key then says the rule could not settle them, not to write ``attempts: callback``,
    which is written already."""
    if bad.any():
        df.attrs["attempts_unsettled"] = True
    return df


def _times(raw: pd.Series) -> pd.Series:
    """The callback times read as the contract reads a date-time (Excel serial days, 上午/下午 …); NaT where blank or
    unreadable (such an attempt leaves its case to the contract's refusal)."""
    from .validate import _coerce_column, _fast_column

    if pd.api.types.is_datetime64_any_dtype(raw):
        return pd.Series(raw.to_numpy(dtype="datetime64[ns]"))
    raw = raw.reset_index(drop=True)
    typed = _fast_column(raw, {"type": "datetime"}, "callback_at")
    if typed is None:
        typed = _coerce_column(raw, {"type": "datetime"}, "callback_at", np.full(len(raw), "", dtype=object),
                               np.arange(len(raw)), [])
    return pd.Series(pd.Series(typed).to_numpy(dtype="datetime64[ns]"))
