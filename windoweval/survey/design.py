"""Survey designs as R's ``svydesign`` / ``svrepdesign`` take them, and the statistics on them.

抽样设计（与 R survey 包的 ``svydesign``、``svrepdesign`` 相同）及其上的统计量。

A :class:`SurveyDesign` holds the rows, their final weights and either the sampling
stages (Taylor linearisation, R's ``svyrecvar``) or replicate weights (R's
``svrepdesign``). Supported:

* one or two stages of clusters (``ids=["psu"]`` or ``["psu", "ssu"]``), with or without
  strata (``strata=None`` is R's single stratum; ``ids=None`` one respondent per cluster,
  R's ``ids=~1``), weights given or as ``1/probs``;
* finite population correction per stage (``fpc``): population sizes or sampling
  fractions (values at most 1), as R reads them;
* calibration: :func:`post_stratify`, :func:`rake` (R's defaults, ``maxit = 10, epsilon = 1``; a rake that stops
  unconverged warns, as R) and :func:`calibrate` (``calfun`` linear, raking or logit, ``bounds``, as R's ``grake``),
  the variance taken from the calibration residuals as R does;
* replicate weights: JK1, JKn, bootstrap, BRR, Fay (:func:`replicate_design`), ``mse`` either way, a delivery's
  fpc per replicate (R's ``fpc``/``fpctype``) and a mean bootstrap (R's ``bootstrap.average``); a JKn delivery
  without ``rscales`` is refused with the fix unless its multipliers show them (R's guess, where it is none);
* R's four lonely-PSU rules (``certainty``, ``remove``, ``adjust``, ``average``) and ``fail``, and R's
  ``options(survey.adjust.domain.lonely = TRUE)`` for domains (``adjust_domain_lonely``).

Not supported: two-phase designs (R's ``twophase``); a delivery that declares one is refused (see
``surveys/README.md``).

Statistics (one function each, a tidy DataFrame out, no rounding): :func:`svymean` (of a categorical column too:
a row a level, as R's factor), :func:`svyciprop` (R's six methods, linearisation and replicate designs),
:func:`svytotal` (both with R's two design-effect conventions), :func:`svyratio` (by group, with design effects),
:func:`svyvar`, :func:`svycontrast` (of a table made with ``covmat=True``: window against window, this year against
last), :func:`svyglm` (gaussian, binomial, poisson, Gamma and the quasi families, their links, offsets; aliased
terms NA as R's; R's ``glm.fit`` step for step), :func:`svyttest`, :func:`svyranktest` (Wilcoxon, van der Waerden,
median, Kruskal-Wallis), :func:`svyquantile` (R's twelve ``qrule``s and its interval types), :func:`svyolr`
(linearisation and replicate designs), :func:`svychisq` (``F``, ``Chisq``, ``Wald``, ``adjWald``, ``saddlepoint``
and ``lincom``, the last by a port of
CompQuadForm's Davies and Farebrother methods in :mod:`._qf`).

Numbers may come as text, as a delivery's CSV has them (``"12.5"``, full-width digits); a survey firm's no-answer
label (不适用, 拒答, 不清楚 …) is missing, True/False are 1/0; any other cell that is text but no number is refused with
its column and rows, never read as missing.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"h": list("aabb"), "y": [1.0, 2, 3, 5], "w": [2.0, 2, 3, 3], "N": [10, 10, 12, 12]})
>>> d = svydesign(f, ids=None, strata="h", weights="w", fpc="N")
>>> t = svymean(d, "y")
>>> float(t.loc[0, "mean"])
3.0
"""
from __future__ import annotations

import hashlib
import warnings
import weakref
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import sparse

from . import _dist
from .estimate import _rows_shown

from ..errors import InputError

__all__ = [
    "DesignError", "SurveyDesign", "svydesign", "replicate_design", "post_stratify", "svystandardize", "rake", "calibrate", "trim_weights",
    "svymean", "svyciprop", "svytotal", "svyratio", "svyvar", "svycontrast", "net_promoter", "svyglm", "svyttest", "svyranktest",
    "svyquantile", "svyolr", "svychisq", "degf",
]


class DesignError(InputError):
    """A design that cannot be declared as asked. 抽样设计无法按所给参数建立。

    Examples
    --------
    >>> try:
    ...     svydesign(pd.DataFrame({"w": [1.0, -1.0]}), ids=None, strata=None, weights="w")
    ... except DesignError as e:
    ...     print(e.exit_code)
    3
    """


@dataclass(frozen=True)
class _Stage:
    stratum: np.ndarray     # stratum code per row (unique across the enclosing clusters)
    cluster: np.ndarray     # cluster code per row (unique across the design)
    n: np.ndarray           # clusters sampled in the row's stratum
    N: np.ndarray           # clusters in the population of the row's stratum (inf: no fpc)


@dataclass(frozen=True)
class SurveyDesign:
    """A declared design. Build it with :func:`svydesign` or :func:`replicate_design`.

    Examples
    --------
    >>> f = pd.DataFrame({"h": list("aabb"), "psu": [1, 2, 3, 4], "y": [1.0, 2, 3, 5], "w": [2.0, 2, 3, 3]})
    >>> d = svydesign(f, ids="psu", strata="h", weights="w")
    >>> type(d).__name__, d.n_psu, d.n_strata, d.weights.tolist()
    ('SurveyDesign', 4, 2, [2.0, 2.0, 3.0, 3.0])
    >>> svymean(d, "y")[["mean", "se"]].round(4).values.tolist()   # R: svymean(~y, svydesign(~psu, strata=~h, weights=~w, data=f))
    [[3.0, 0.6325]]
    """

    frame: pd.DataFrame
    weights: np.ndarray
    stages: tuple = ()
    lonely_psu: str = "fail"
    calibration: tuple = ()
    repweights: np.ndarray | None = None
    scale: float = 1.0
    rscales: np.ndarray | None = None
    mse: bool = False
    rep_type: str | None = None
    n_psu: int = 0
    n_strata: int = 0
    adjust_domain_lonely: bool = False


def degf(design: SurveyDesign) -> int:
    """Design degrees of freedom: PSUs minus strata (R's ``degf``); replicates minus one for replicate designs.

    PSUs whose every row has weight 0 are not counted, nor strata left without weight (R counts the rows of a
    sampling weight other than 0 only).

    Examples
    --------
    >>> import pandas as pd
    >>> degf(svydesign(pd.DataFrame({"w": [1.0, 1, 1]}), ids=None, strata=None, weights="w"))
    2
    """
    if design.repweights is not None:
        return _rep_rank(design.repweights) - 1
    w = design.weights
    if design.stages and (w == 0).any():     # R: PSUs and strata of the rows with a sampling weight (not 0) only
        first = design.stages[0]
        ok = w != 0
        return int(len(np.unique(first.cluster[ok])) - len(np.unique(first.stratum[ok])))
    return int(design.n_psu - design.n_strata)


_RANKS: dict = {}     # id(replicate weights) -> (weak reference, digest of their bytes, {row mask: rank}): one QR per
#                       design and domain


def _rep_rank(R: np.ndarray) -> int:
    """:func:`_qr_rank` of a design's replicate weights, kept while the array lives and its contents stay the same.

    The package never changes a design's weights in place (every adjustment makes new weights), but a numpy array
    is mutable and ``SurveyDesign`` is public: a caller who writes into ``design.repweights`` must get the rank of
    what is there now, not of what was there. The cache therefore checks a BLAKE2 digest of the bytes besides the
    identity (a pass over the data: ~5% of a QR of 20,000 x 80 rows, about as much as the rank by distinct row
    directions, :func:`_proportional_rows_once`, costs since survey21 on an uncalibrated design)."""
    return _rep_rank_rows(R, None)


def _digest(a: np.ndarray) -> bytes:
    return hashlib.blake2b(np.ascontiguousarray(a).view(np.uint8).ravel(), digest_size=16).digest()


def _rep_rank_rows(R: np.ndarray, ok: np.ndarray | None, digest: bytes | None = None) -> int:
    """:func:`_qr_rank` of the rows ``ok`` of replicate weights ``R`` (all rows: ``None``), kept per array and mask.

    A domain's degrees of freedom (R's ``degf`` of ``subset(design, ...)``) are the rank of its rows' weights; the
    same domain comes back for each quantile, proportion, group and model asked of it. The ranks are kept beside the
    whole array's, under the digest of the mask (bit-packed), and dropped with the array or when its bytes change.
    ``digest`` is :func:`_digest` of ``R`` taken once by a caller that looks up many domains within one call (the
    array cannot change between them): hashing 20,000 x 80 weights for every window cost more than the ranks."""
    key = id(R)
    digest = _digest(R) if digest is None else digest
    hit = _RANKS.get(key)
    if hit is None or hit[0]() is not R or hit[1] != digest:
        hit = (weakref.ref(R, lambda _, k=key: _RANKS.pop(k, None)), digest, {})
        _RANKS[key] = hit
    mkey = None if ok is None else (int(ok.size), _digest(np.packbits(np.asarray(ok, dtype=bool))))
    rank = hit[2].get(mkey)
    if rank is None:
        rank = hit[2][mkey] = _qr_rank(R if ok is None else R[ok])
    return rank


def _qr_rank(A: np.ndarray, tol: float = 1e-5) -> int:
    """The rank R's ``qr(A, tol = 1e-5)$rank`` gives (``degf.svyrep.design``): LINPACK's ``dqrdc2``, Householder with
    limited column pivoting, a column negligible once its norm falls below ``tol`` times its original norm.

    Not numpy's ``matrix_rank`` (singular values above ~1e-13 of the largest): replicate weights a survey firm rounds
    (to 4 decimals, say) make columns that are combinations of others differ by rounding noise, which numpy counts
    as rank and R does not -- a bootstrap of 50 replicates on 9 PSUs would get 49 degrees of freedom, not R's 8.

    Examples
    --------
    >>> A = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0000001], [1.0, 0.0, 1.0]])
    >>> _qr_rank(A), int(np.linalg.matrix_rank(A))     # R: qr(A, tol = 1e-5)$rank is 2
    (2, 3)
    """
    A = np.asarray(A, dtype=float)
    if not np.isfinite(A).all():
        # R's qr stops ("NA/NaN/Inf in foreign function call"); counting such a column as rank would give a degf
        bad = np.argwhere(~np.isfinite(A))[0]
        raise DesignError(f"重复权重含缺失或无穷值（第 {bad[0] + 1} 行、第 {bad[1] + 1} 个重复），无法确定自由度：请补齐或删去该行 / "
                          f"replicate weights hold a missing or infinite value (row {bad[0] + 1}, replicate {bad[1] + 1}): "
                          "the degrees of freedom are undefined; fill in or remove that row")
    if A.shape[0] > A.shape[1] > 0:
        # the column norms and the norms left after projecting out earlier columns, all dqrdc2 looks at, are those of
        # any B with B'B = A'A: proportional rows (a PSU's rows, w_i times its multipliers) are one row first, then
        # LAPACK's blocked QR brings what stays tall (rows x replicates) to replicates rows
        A = _proportional_rows_once(A)
        if A.shape[0] > A.shape[1]:
            A = np.linalg.qr(A, mode="r")
    xt = np.array(A.T, order="C")     # a column per row: gathers stay contiguous
    p, n = xt.shape
    if n == 0 or p == 0:
        return 0
    qraux = np.sqrt(np.einsum("ij,ij->i", xt, xt))       # per original column
    work2 = np.where(qraux == 0, 1.0, qraux)
    # dqrdc2 cycles a negligible column to the end, where it no longer counts (rank = columns never cycled); it
    # still transforms it, which changes no other column: here it is dropped from the active list instead
    cols = np.arange(p)
    for l in range(min(n, p)):
        while l < len(cols) and qraux[cols[l]] < work2[cols[l]] * tol:
            cols = np.delete(cols, l)
        if l >= len(cols) or l == n - 1:
            break
        c = cols[l]
        v = xt[c, l:].copy()
        nrmxl = np.sqrt(v @ v)
        if nrmxl == 0:
            continue
        if v[0] != 0:
            nrmxl = np.copysign(nrmxl, v[0])
        v /= nrmxl
        v[0] += 1.0
        rest_cols = cols[l + 1:]
        if len(rest_cols):
            rest = xt[rest_cols, l:]
            rest -= np.outer((rest @ v) / v[0], v)
            xt[rest_cols, l:] = rest
            qj = qraux[rest_cols]
            nz = qj != 0
            with np.errstate(invalid="ignore", divide="ignore"):
                tt = np.maximum(1.0 - (np.abs(rest[:, 0]) / qj) ** 2, 0.0)
            small = nz & (np.abs(tt) < 1e-6)      # Bates' fix (9/99): recompute the norm rather than downdate it
            upd = nz & ~small
            qj[upd] = qj[upd] * np.sqrt(tt[upd])
            if small.any():
                qj[small] = np.sqrt((rest[small, 1:] ** 2).sum(axis=1))
            qraux[rest_cols] = qj
    return int(min(len(cols), n))


def _proportional_rows_once(A: np.ndarray) -> np.ndarray:
    """Rows of ``A`` that are multiples of one another as one row, scaled so that ``B'B`` equals ``A'A``.

    A replicate design's analysis weights are ``w_i`` times its PSU's multipliers: a domain of 3,000 rows in 60 PSUs
    has 60 distinct directions, and the rank (:func:`_qr_rank`) needs no more (``degf`` of every window in
    ``svyby(..., svyciprop)`` was a QR of the window's rows: 0.5 s a window on 20,000 x 200). Each non-zero row is
    divided by its largest absolute value; rows whose quotients agree to 2**-40 (rounding of ``w_i m / w_i``) are one
    row, ``sqrt(sum of the squared divisors)`` times the first one's quotients. Zero rows add nothing to ``A'A`` and
    go. Replicate weights calibrated replicate by replicate are not proportional: the rows stay (a sort's cost).

    Examples
    --------
    >>> A = np.array([[1.0, 2.0], [3.0, 6.0], [0.0, 0.0], [1.0, 0.0]])
    >>> B = _proportional_rows_once(A)
    >>> B.shape, bool(np.allclose(B.T @ B, A.T @ A, rtol=1e-15))
    ((2, 2), True)
    """
    s = np.abs(A).max(axis=1)
    nz = s > 0
    if not nz.all():
        A, s = A[nz], s[nz]
    U = A / s[:, None]
    key = np.rint(U * 2.0 ** 40).astype(np.int64)
    # a row's key hashed to one integer (odd multipliers, wrapping), checked against the group's first row; a
    # collision (never seen) falls back to sorting the keys themselves
    mult = np.random.default_rng(20).integers(1, 2 ** 62, key.shape[1], dtype=np.int64) | 1
    with np.errstate(over="ignore"):
        h = (key * mult).sum(axis=1)
    _, first, inv = np.unique(h, return_index=True, return_inverse=True)
    inv = inv.ravel()
    if not (key == key[first][inv]).all():
        _, first, inv = np.unique(key, axis=0, return_index=True, return_inverse=True)
        inv = inv.ravel()
    if len(first) == len(U):
        return A
    return U[first] * np.sqrt(np.bincount(inv, weights=s * s, minlength=len(first)))[:, None]


def _col(frame, c):
    if c is None:
        return None
    if c not in frame:
        # with the fix: a survey firm's --fpc or --by column outside the template is found by its header as written
        raise DesignError(f"没有列 '{c}'；请核对列名：须是数据中的列（交付文件中模板之外的列，如各层总数，按表头原文引用），"
                          f"或在交付文件中加上这一列 / no column '{c}'; check the name: it must be a column of the data (a "
                          "column of a delivery outside the template, such as the strata's population counts, named as "
                          "its header is written), or add the column to the delivery")
    return frame[c]


def _refuse_bad_weights(w: np.ndarray, column, *, negative: bool = True, f: pd.DataFrame | None = None) -> None:
    """Weights missing, infinite (a probability of 0) or negative: refused with the rows, never a row left out; the
    rows as the delivery shows them where ``f`` (the design's frame) has its ``row`` (:func:`_rows_shown`:
    ``sheet!row`` for a sheet a month), else from 1.

    Examples
    --------
    >>> try:
    ...     _refuse_bad_weights(np.array([1.0, np.nan, 2.0]), "w", f=pd.DataFrame({"row": [4, 5, 6]}))
    ... except DesignError as e:
    ...     print(str(e).split(" / ")[1][:58])
    column w: weights missing, infinite or negative in 1 row 5
    """
    bad = ~np.isfinite(w) | ((w < 0) if negative else False)
    if bad.any():
        rows = np.nonzero(bad)[0]
        f = pd.DataFrame(index=range(len(w))) if f is None else f
        shown = _rows_shown(f, rows, 10)
        own = "row" in f.columns     # the delivery's own numbering; else from 1, and the message says so
        raise DesignError(
            f"列 {column} 的权重{'缺失、无穷或为负' if negative else '缺失或无穷'}：共 {len(rows)} 行（"
            f"{'行 ' if own else '行号从 1 起：'}{shown}）。每行都要有有限且不为负的权重；请补齐，或把不属于样本的行删去 / "
            f"column {column}: weights missing, infinite{' or negative' if negative else ''} in {len(rows)} "
            f"row{'s' if len(rows) > 1 else ''} {'' if own else '(from 1) '}{shown}. Every row needs a finite weight "
            "of at least 0; fill them in, or remove the rows that are not in the sample")


def _as_number(series: pd.Series, column, what: str, f: pd.DataFrame | None = None) -> np.ndarray:
    """A column as floats: numbers, or text that reads as one (a delivery's weights as text: ``"12.5"``, full-width
    ``"１２．５"``, spaces around); a blank or missing cell is missing (NaN), and so is a survey firm's no-answer label
    (不适用, 拒答, 不清楚 …: the delivery's own word list, :func:`windoweval.survey.delivery._is_missing_label`). True and
    False are 1 and 0 (R's logical), also in a column that has blanks. A cell that holds text which is no number
    (``"12,5"``, ``"1,234"``, ``"4分"``) is refused with its rows and values, never read as missing in silence; the
    values of a column of personal data (:func:`windoweval.privacy.personal_column`: 姓名, phone …) are not shown.
    Excel's text mark (``'1200``: a number kept as text) comes off by the records' rule, as off a delivery's number
    cells (:func:`windoweval.records.validate._excel_text_mark`; a quoted ``'12'`` is no number). The rows are named
    as the delivery shows them where ``f`` (the frame ``series`` is of) has its ``row`` (:func:`_rows_shown`), else
    from 1.

    Examples
    --------
    >>> _as_number(pd.Series(["'1200", " '8 ", "", "1.5"]), "N", "fpc").tolist()
    [1200.0, 8.0, nan, 1.5]
    """
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
        return series.to_numpy(dtype=float, na_value=np.nan)
    obj = series.astype(object)
    is_bool = obj.isin([True, False]).to_numpy()       # True / False (and a 0 or 1 held as a number: the same value)
    from ..records.validate import _excel_text_mark

    txt = _excel_text_mark(obj.where(~is_bool).astype("string").str.strip(), r"\s*[-+]?[\d.]")
    v = pd.to_numeric(txt.str.normalize("NFKC").replace("", pd.NA), errors="coerce")
    v = v.astype(float).where(~is_bool, obj.where(is_bool).astype(float))
    bad = (v.isna() & txt.notna() & (txt != "")).to_numpy()
    if bad.any():
        from .delivery import _is_missing_label
        labels = pd.unique(txt[bad].to_numpy(dtype=object))         # a few distinct labels, not one per row
        missing = {t for t in labels if _is_missing_label(t)}
        bad &= ~txt.isin(missing).fillna(False).to_numpy(dtype=bool)
    if bad.any():
        from ..privacy import mask_text, personal_column
        rows = np.nonzero(bad)[0]
        if personal_column(column):
            shown = ["[已遮蔽 masked]"] * min(len(rows), 5)
        else:
            shown = mask_text(txt[bad].iloc[:5].astype(str).str.slice(0, 20).reset_index(drop=True), free_text=True)
        own = f is not None and "row" in f.columns     # the delivery's own numbering; else from 1, and said so
        at = [_rows_shown(f, np.array([i]), 1) for i in rows[:5]] if own else [str(i + 1) for i in rows[:5]]
        where = ", ".join(f"{r}: {val!r}" for r, val in zip(at, shown))
        more = f" …(+{len(rows) - 5})" if len(rows) > 5 else ""
        raise DesignError(
            f"列 {column}（{what}）有 {len(rows)} 个值不是数字（{'' if own else '行号从 1 起，'}行: 值）{where}{more}。请改为数字"
            f"（小数点用“.”，不用千位分隔符，不带单位），缺失请留空 / column {column} ({what}) has {len(rows)} values that are "
            f"not numbers ({'row' if own else 'row from 1'}: value) {where}{more}. Write them as numbers (a '.' for "
            "the decimal point, no thousands separator, no unit); leave a missing value empty")
    return v.to_numpy(dtype=float, na_value=np.nan)


def svydesign(frame: pd.DataFrame, *, ids="psu", strata="stratum", weights="weight", probs=None, fpc=None,
              nest: bool = True, lonely_psu: str = "fail", adjust_domain_lonely: bool = False) -> SurveyDesign:
    """Declare a sampling design, as R's ``svydesign``.

    声明抽样设计（等同 R 的 ``svydesign``）：一或两阶段整群、分层或不分层、权重或入样概率、各阶段有限总体校正。

    Parameters
    ----------
    frame : pandas.DataFrame
    ids : str, list of str or None
        Cluster columns, one per stage (``["psu", "ssu"]`` for two stages); ``None`` for
        one respondent per cluster (R's ``ids = ~1``).
    strata : str or None
        First-stage strata; ``None`` for none.
    weights, probs : str, optional
        Sampling weights, or inclusion probabilities (weights ``1/probs``).
    fpc : str, list of str or None
        Per stage: the population number of clusters in the stratum (or of rows, for
        ``ids=None``), or the sampling fraction when every value is at most 1.
    nest : bool
        Cluster ids are numbered within strata (R's ``nest = TRUE``).
    lonely_psu : {"fail", "certainty", "remove", "adjust", "average"}
    adjust_domain_lonely : bool
        R's ``options(survey.adjust.domain.lonely = TRUE)``, at the first stage: in a domain (``by``, or the rows
        a variable is not missing on) where a stratum with several PSUs has only one PSU with rows, ``adjust`` leaves that
        PSU's total uncentred (as a lonely PSU) and ``average`` drops the stratum and scales the rest up by the
        domain's strata over those left, as R does; other rules are unchanged (R only warns).

    Returns
    -------
    SurveyDesign

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "w": 5.0, "N": 10, "y": [1.0, 2, 3, 4, 5, 6]})
    >>> d = svydesign(f, ids="psu", strata=None, weights="w", fpc="N")
    >>> degf(d), float(svytotal(d, "y").loc[0, "total"])
    (2, 105.0)
    """
    if lonely_psu not in ("fail", "certainty", "remove", "adjust", "average"):
        raise DesignError(f"lonely_psu 必须是 must be fail/certainty/remove/adjust/average, not {lonely_psu!r}")
    f = frame.reset_index(drop=True)
    n = len(f)
    if weights is not None:
        w = _as_number(_col(f, weights), weights, "权重 weights", f)
    elif probs is not None:
        w = 1.0 / _as_number(_col(f, probs), probs, "入样概率 probs", f)
    else:
        w = np.ones(n)
    _refuse_bad_weights(w, weights if weights is not None else probs, f=f)
    id_cols = [] if ids is None else ([ids] if isinstance(ids, str) else list(ids))
    fpc_cols = [] if fpc is None else ([fpc] if isinstance(fpc, str) else list(fpc))
    n_stages = max(1, len(id_cols))
    if fpc_cols and len(fpc_cols) != n_stages:
        raise DesignError("fpc 的列数必须与阶段数相同 / fpc needs one column per stage")
    h = np.zeros(n, dtype=np.int64) if strata is None else pd.factorize(_col(f, strata).astype(str), sort=True)[0]
    if (h < 0).any():
        raise DesignError("抽样层有缺失值 / missing stratum values")
    stages = []
    enclosing = h.copy()        # the stratum of the stage: stage-1 strata, then the enclosing cluster
    mult_key = None
    for s in range(n_stages):
        if id_cols:
            raw = _col(f, id_cols[s]).astype(str)
            key = (pd.Series(enclosing).astype(str) + "\x1f" + raw) if (nest or s > 0) else raw
        else:
            key = pd.Series(np.arange(n)).astype(str)
        cl = pd.factorize(key, sort=False)[0]
        if (cl < 0).any():
            raise DesignError(f"第 {s + 1} 阶段的群编号有缺失值 / missing cluster ids at stage {s + 1}")
        if s == 0 and not nest and id_cols:
            # a cluster in two strata is an error in R unless nest=TRUE
            two = pd.DataFrame({"c": cl, "h": enclosing}).groupby("c")["h"].nunique()
            if (two > 1).any():
                raise DesignError("有群跨越多个抽样层；请用 nest=True / clusters cross strata: use nest=True")
        st = pd.factorize(enclosing, sort=False)[0]
        pairs = pd.DataFrame({"st": st, "cl": cl}).drop_duplicates()
        n_in = pairs.groupby("st").size().to_numpy()[st].astype(float)
        if fpc_cols:
            v = _as_number(_col(f, fpc_cols[s]), fpc_cols[s], "fpc", f)
            if np.isnan(v).any():
                _refuse_missing_fpc(f, v, fpc_cols[s], s)
            chk = pd.DataFrame({"st": st, "v": v}).groupby("st")["v"].nunique()
            if (chk > 1).any():
                _refuse_uneven_fpc(f, v, st, chk.index[chk.to_numpy() > 1], fpc_cols[s], s,
                                   strata if s == 0 else [strata] + id_cols[:s])
            if np.all(v <= 1):
                if np.any(v <= 0):
                    _refuse_fpc_not_positive(f, v, fpc_cols[s], s)
                N = n_in / v
            else:
                N = v
                if np.any(N < n_in - 1e-9):
                    _refuse_fpc_below_sample(f, N, n_in, st, fpc_cols[s], s,
                                             strata if s == 0 else [strata] + id_cols[:s])
        else:
            N = np.full(n, np.inf)
        stages.append(_Stage(st.astype(np.int64), cl.astype(np.int64), n_in, N))
        enclosing = cl
    first = stages[0]
    lonely = (first.n < 2) & ~(np.isfinite(first.N) & (first.N <= first.n))
    if lonely.any() and lonely_psu == "fail":
        names = sorted(set(pd.Series(_col(f, strata) if strata else ["(all)"] * n)[lonely].astype(str)))
        raise DesignError(
            f"抽样层 {'、'.join(names)} 只有一个初级抽样单元，无法估计方差。请合并抽样层，或选择 lonely_psu 规则"
            "（certainty、remove、adjust、average，同 R 的 options(survey.lonely.psu=...)） / "
            f"stratum {', '.join(names)} has a single PSU, so its variance cannot be estimated. Merge strata or choose "
            "a lonely_psu rule (certainty, remove, adjust, average, as R's options(survey.lonely.psu=...))")
    if lonely_psu == "fail":
        _refuse_lonely_later_stages(f, stages, id_cols)
    return SurveyDesign(f, w, tuple(stages), lonely_psu, n_psu=int(first.cluster.max() + 1) if n else 0,
                        n_strata=int(len(np.unique(first.stratum))) if n else 0,
                        adjust_domain_lonely=bool(adjust_domain_lonely))


def _stratum_name(f: pd.DataFrame, col, i: int, stage: int) -> tuple[str, str]:
    """(zh, en) naming the stratum (stage 1) or enclosing cluster (later stages) row ``i`` is in. ``col``: the
    stratum column (stage 1); later, the columns that make the enclosing cluster (the stratum, when there is one, and
    the ids of the stages before: psu 1 in two strata is two clusters, nest=True).

    Examples
    --------
    >>> f = pd.DataFrame({"st": ["a", "b"], "psu": [1, 1]})
    >>> _stratum_name(f, ["st", "psu"], 1, 1)[1]
    'stage-1 cluster st=b, psu=1'
    """
    cols = [c for c in (col if isinstance(col, list) else [col]) if c is not None]
    if not cols:
        return "（全体，未分层）", "(all rows: no strata)"
    val = ", ".join(f"{c}={_col(f, c).iloc[i]}" for c in cols)
    if stage == 0:
        return f"抽样层 {val}", f"stratum {val}"
    return f"第 {stage} 阶段的群 {val}", f"stage-{stage} cluster {val}"


def _refuse_uneven_fpc(f: pd.DataFrame, v: np.ndarray, st: np.ndarray, bad, column: str, stage: int, col) -> None:
    """An fpc that differs within a stratum (stage 1) or a cluster (later stages): refused naming the stratum, each
    value with the rows that hold it, and the fix (R's svydesign stops too: "fpc not constant within strata")."""
    kind_zh = "层" if stage == 0 else "群"   # what the count of more is of
    parts_zh, parts_en = [], []
    for k in list(bad)[:3]:
        idx = np.flatnonzero(st == k)
        zh, en = _stratum_name(f, col, int(idx[0]), stage)
        vals = pd.unique(v[idx])
        shown = "; ".join(f"{x:.15g} (row{'s' if (v[idx] == x).sum() > 1 else ''} "
                          f"{_rows_shown(f, idx[v[idx] == x], 3)})" for x in vals[:4])
        shown_zh = "；".join(f"{x:.15g}（行 {_rows_shown(f, idx[v[idx] == x], 3)}）" for x in vals[:4])
        parts_zh.append(f"{zh}：{shown_zh}")
        parts_en.append(f"{en}: {shown}")
    more = len(bad) - 3
    unit_zh = "该层的总体初级抽样单元数" if stage == 0 else "该群内的总体单元数"
    unit_en = "the stratum's population count of PSUs" if stage == 0 else "the cluster's population count of units"
    raise DesignError(
        f"fpc 列 {column} 在同一{'抽样层' if stage == 0 else '群'}内取值不同：{'。'.join(parts_zh)}"
        f"{f'（另有 {more} {kind_zh}）' if more > 0 else ''}。同一{kind_zh}的每一行应填同一个数：{unit_zh}（或抽样比）；请按调查公司的抽样框"
        f"改正 / fpc column {column} differs within a {'stratum' if stage == 0 else 'cluster'}: "
        f"{'. '.join(parts_en)}{f' (and {more} more)' if more > 0 else ''}. Every row of a "
        f"{'stratum' if stage == 0 else 'cluster'} holds the same number, {unit_en} (or the sampling fraction); "
        "correct it from the survey firm's sampling frame")


def _refuse_fpc_below_sample(f: pd.DataFrame, N: np.ndarray, n_in: np.ndarray, st: np.ndarray, column: str,
                             stage: int, col) -> None:
    """A population count below the clusters sampled in its stratum: refused naming the stratum, the count, the
    clusters sampled, the rows and the fix (R's svydesign stops too: "FPC implies >100% sampling in some strata")."""
    bad = np.unique(st[N < n_in - 1e-9])
    kind_zh = "层" if stage == 0 else "群"   # what the count of more is of
    parts_zh, parts_en = [], []
    for k in bad[:3]:
        idx = np.flatnonzero(st == k)
        zh, en = _stratum_name(f, col, int(idx[0]), stage)
        rows = _rows_shown(f, idx, 3)
        parts_zh.append(f"{zh} 的 fpc 为 {N[idx[0]]:.15g}，但样本中有 {int(n_in[idx[0]])} 个群（行 {rows}）")
        parts_en.append(f"{en} has fpc {N[idx[0]]:.15g} but {int(n_in[idx[0]])} sampled clusters (rows {rows})")
    more = len(bad) - 3
    raise DesignError(
        f"fpc 列 {column} 小于样本群数：{'；'.join(parts_zh)}{f'（另有 {more} {kind_zh}）' if more > 0 else ''}。fpc 是总体中的"
        f"{'初级抽样单元' if stage == 0 else '单元'}数（不少于样本中的个数），或抽样比（0 到 1 之间）；请按抽样框改正，或检查是否"
        f"填成了别的数 / fpc column {column} is smaller than the number of sampled clusters: {'; '.join(parts_en)}"
        f"{f' (and {more} more)' if more > 0 else ''}. The fpc is the population count of "
        f"{'PSUs' if stage == 0 else 'units'} (at least those sampled) or the sampling fraction (between 0 and 1); "
        "correct it from the sampling frame, or check that another number was not entered there")


def _fpc_unit(stage: int) -> tuple[str, str]:
    """(zh, en) what an fpc of ``stage`` (0 for the first) counts, for the fpc refusals' fixes.

    Examples
    --------
    >>> _fpc_unit(1)[1]
    'the population count of stage-2 units in the cluster'
    """
    if stage == 0:
        return "该层的总体初级抽样单元数", "the stratum's population count of PSUs"
    return f"第 {stage + 1} 阶段该群内的总体单元数", f"the population count of stage-{stage + 1} units in the cluster"


def _refuse_missing_fpc(f: pd.DataFrame, v: np.ndarray, column: str, stage: int) -> None:
    """An fpc cell left blank: refused with the column, the rows (as :func:`_rows_shown` names them: the delivery's
    own numbering, ``sheet!row`` for a sheet a month; the first ten) and the fix, never read as an infinite
    population in silence."""
    idx = np.nonzero(np.isnan(v))[0]
    shown = _rows_shown(f, idx, most=10)
    what_zh, what_en = _fpc_unit(stage)
    raise DesignError(
        f"fpc 列 {column} 有 {len(idx)} 个空值（行 {shown}）。请在这些行填入{what_zh}（大于 1 的整数）或抽样比（0 到 1 之间），"
        f"与同层其他行相同；不作有限总体校正则不要给 fpc / fpc column {column} has {len(idx)} empty "
        f"value{'s' if len(idx) > 1 else ''} (row{'s' if len(idx) > 1 else ''} {shown}). Fill in {what_en} (a whole "
        "number above 1) or the sampling fraction (between 0 and 1), the same as the stratum's other rows; leave out "
        "the fpc for no finite population correction")


def _refuse_fpc_not_positive(f: pd.DataFrame, v: np.ndarray, column: str, stage: int) -> None:
    """An fpc read as sampling fractions (every value at most 1) with a value at or below 0: refused with the column,
    the rows (as :func:`_rows_shown` names them), the values and the fix (was a bare "sampling fractions must be
    greater than 0"; R's svydesign stops too).

    Examples
    --------
    >>> try:
    ...     _refuse_fpc_not_positive(pd.DataFrame({"row": [2, 3, 4]}), np.array([0.1, 0.0, -0.2]), "fpc", 0)
    ... except DesignError as e:
    ...     print(str(e).split(" / ")[1][:76])
    fpc column fpc, read as sampling fractions (every value at most 1), has 2 va
    """
    idx = np.flatnonzero(v <= 0)
    vals = ", ".join(f"{x:.15g}" for x in pd.unique(v[idx])[:5])
    rows = _rows_shown(f, idx, 10)
    n = len(idx)
    what_zh, what_en = _fpc_unit(stage)
    raise DesignError(
        f"fpc 列 {column} 按抽样比读取（各值都不大于 1），其中 {n} 个值不大于 0（行 {rows}；值 {vals}）。抽样比应在 0 到 1 之间"
        f"（不含 0）；或在整列填{what_zh}；请按抽样框改正 / fpc column {column}, read as sampling fractions (every value "
        f"at most 1), has {n} value{'s' if n > 1 else ''} at or below 0 (row{'s' if n > 1 else ''} {rows}; "
        f"value{'s' if n > 1 else ''} {vals}). A sampling fraction is above 0 and at most 1; or fill the whole column "
        f"with {what_en}; correct it from the sampling frame")


def _refuse_lonely_later_stages(f: pd.DataFrame, stages: list, id_cols: list) -> None:
    """``lonely_psu="fail"``: refuse a cluster that holds a single sampled unit at a later stage, as R does.

    R's ``svyrecvar`` reaches stage ``s`` where the stage before has a finite population (an ``fpc``), and
    stops there with "Stratum (...) has only one PSU at stage s" when a cluster has one sampled unit and is
    not fully sampled; before, such a cluster was silently given no variance (the ``certainty`` rule).
    """
    mult = np.ones(len(f))
    for s in range(1, len(stages)):
        prev, st = stages[s - 1], stages[s]
        mult = mult * np.where(np.isinf(prev.N), 0.0, prev.n / np.where(np.isinf(prev.N), 1.0, prev.N))
        lone = (st.n < 2) & ~(np.isfinite(st.N) & (st.N <= st.n)) & (mult > 0)
        if lone.any():
            names = sorted(set(_col(f, id_cols[s - 1])[lone].astype(str)))
            shown = "、".join(names[:10]) + ("…" if len(names) > 10 else "")
            raise DesignError(
                f"第 {s + 1} 阶段：群 {shown} 只抽到一个单元，无法估计该阶段的方差（R 在此报错 has only one PSU at stage "
                f"{s + 1}）。请合并这些群，或选择 lonely_psu 规则（certainty、remove、adjust、average，同 R 的 "
                f"options(survey.lonely.psu=...)） / stage {s + 1}: cluster {', '.join(names[:10])}"
                f"{'...' if len(names) > 10 else ''} has a single sampled unit, so the variance of that stage cannot be "
                f"estimated (R stops with 'has only one PSU at stage {s + 1}'). Merge these clusters or choose a "
                "lonely_psu rule (certainty, remove, adjust, average, as R's options(survey.lonely.psu=...))")


def replicate_design(frame: pd.DataFrame, repweights, *, type: str, weights="weight", scale=None, rscales=None,
                     mse: bool = False, combined_weights: bool = True, fay_rho: float | None = None,
                     fpc=None, fpctype: str | None = None, bootstrap_average=None) -> SurveyDesign:
    """Declare a design from replicate weights, as R's ``svrepdesign``.

    由调查公司交付的重复权重声明设计（等同 R 的 ``svrepdesign``）：JK1、JKn、bootstrap、BRR、Fay。

    Parameters
    ----------
    frame : pandas.DataFrame
    repweights : list of str or str
        The replicate weight columns, or a prefix they all start with.
    type : {"JK1", "JKn", "bootstrap", "BRR", "Fay", "successive-difference", "ACS", "JK2", "other"}
    weights : str
        The full-sample weight column.
    scale, rscales : float and array, optional
        The variance is ``scale * sum(rscales * (theta_r - centre)**2)``. Defaults as R:
        JK1 ``(R-1)/R`` (with ``combined_weights=False``: ``1/max`` of the first replicate's multipliers, R's
        guess, with its warning); bootstrap ``1/(R-1)``; BRR ``1/R``; Fay ``1/(R (1 - rho)^2)``; JKn ``1`` with
        ``rscales`` required (``(n_h - 1)/n_h`` of each replicate's stratum); successive-difference and ACS
        ``4/R``; JK2 ``1``; other ``scale`` and ``rscales`` as given (1 when left out, with R's warning). BRR,
        Fay, successive-difference, ACS and JK2 fix their scale, and successive-difference, ACS and JK2 their
        ``rscales`` too (R ignores what is passed): a different one is refused. BRR's and Fay's ``rscales`` are
        used as given (as R's). One ``rscales`` value serves every replicate.
    mse : bool
        Centre at the full-sample estimate (R's ``mse = TRUE``) rather than the mean of the replicates whose
        ``rscales`` are positive (R's ``svrVar``: a replicate with ``rscales`` 0, such as a census stratum's,
        adds nothing and does not move the centre).
    combined_weights : bool
        The replicate columns are the final weights (R's default); otherwise they multiply ``weights``.
    fay_rho : float, optional
        Fay's ``rho`` for ``type="Fay"`` (R's ``fay.rho``), required there.
    fpc, fpctype : array and {"fraction", "correction"}, optional
        R's ``svrepdesign(fpc =, fpctype =)`` for JK1, JKn and other: each replicate's sampling fraction
        (``fraction``: ``rscales`` times ``1 - fpc``) or correction (``correction``: times ``fpc``), one per
        replicate or one for all, between 0 and 1. ``fpctype`` must be said (R stops without it). Refused for BRR,
        Fay, JK2, ACS and successive-difference (no fpc in R) and bootstrap (R: its replicates carry the fpc).
    bootstrap_average : float, optional
        R's ``bootstrap.average`` for ``type="bootstrap"``: how many bootstrap samples each delivered replicate
        averages (a "mean bootstrap"); the scale is ``bootstrap_average / (R - 1)``. Refused for other types, and
        beside a ``scale`` it contradicts (R keeps the ``scale`` and drops it).

    Returns
    -------
    SurveyDesign

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"y": [1.0, 2, 3], "w": 1.0, "r1": [0, 1.5, 1.5], "r2": [1.5, 0, 1.5], "r3": [1.5, 1.5, 0]})
    >>> d = replicate_design(f, ["r1", "r2", "r3"], type="JK1", weights="w")
    >>> round(float(svymean(d, "y").loc[0, "se"]), 12)
    0.57735026919
    """
    f = frame.reset_index(drop=True)
    cols = [c for c in f.columns if c.startswith(repweights)] if isinstance(repweights, str) else list(repweights)
    if not cols:
        raise DesignError("没有重复权重列 / no replicate weight columns")
    R = np.column_stack([_as_number(f[c], c, "重复权重 replicate weights", f) for c in cols])
    w = _as_number(_col(f, weights), weights, "权重 weights", f)
    _refuse_bad_weights(w, weights, negative=False, f=f)
    for j, c in enumerate(cols):
        _refuse_bad_weights(R[:, j], c, negative=False, f=f)
    raw = R
    if not combined_weights:
        R = R * w[:, None]
    k = R.shape[1]
    t = type.lower() if isinstance(type, str) else repr(type)     # not a name: the unknown type's refusal below
    if t == "jk1":
        sc, rs = (k - 1) / k, np.ones(k)
        if scale is None and not combined_weights and raw[:, 0].max() > 0:
            # R's svrepdesign guesses scale from the first replicate's largest multiplier, n/(n-1), not from the
            # number of replicates: 1/max(repweights[, 1]), with a warning
            sc = 1 / float(raw[:, 0].max())
            warnings.warn("JK1 未给出 scale，按 R 由权重推测 (n-1)/n = 1/第一个重复的最大乘数 / JK1 scale (n-1)/n not "
                          "provided: guessing from weights (1/the first replicate's largest multiplier), as R's "
                          "svrepdesign", RuntimeWarning, stacklevel=2)
    elif t == "jkn":
        if rscales is None:
            rscales = _jkn_rscales(raw, combined_weights, cols, fpc is not None)
        sc, rs = 1.0, None
    elif t == "bootstrap":
        sc, rs = 1 / (k - 1), np.ones(k)
        if bootstrap_average is not None:
            avg = _one_positive(bootstrap_average, "bootstrap_average")
            if scale is not None and not np.isclose(_one_positive(scale, "scale"), avg / (k - 1), rtol=1e-9, atol=0):
                raise DesignError(
                    f"scale（{scale}）与 bootstrap_average（{avg:g}，即 scale = {avg:g}/({k}-1)）矛盾：R 的 svrepdesign 用 scale"
                    f"而忽略 bootstrap_average。请只给其中一个 / scale ({scale}) contradicts bootstrap_average ({avg:g}, "
                    f"i.e. scale = {avg:g}/({k}-1)): R's svrepdesign keeps scale and drops bootstrap_average. Give one "
                    "of them")
            sc = avg / (k - 1)
    elif t == "brr":
        sc, rs = 1 / k, np.ones(k)
    elif t == "fay":
        try:
            rho_ok = fay_rho is not None and 0 <= float(fay_rho) < 1
        except (TypeError, ValueError):
            rho_ok = False
        if not rho_ok:
            raise DesignError(f"Fay 类型需要 fay_rho（0 ≤ rho < 1，R 的 fay.rho），不是 {fay_rho!r} / type Fay needs fay_rho "
                              f"(0 <= rho < 1, R's fay.rho), not {fay_rho!r}")
        sc, rs = 1 / (k * (1 - float(fay_rho)) ** 2), np.ones(k)
    elif t in ("successive-difference", "acs"):
        sc, rs = 4 / k, np.ones(k)
    elif t == "jk2":
        sc, rs = 1.0, np.ones(k)
    elif t == "other":
        if scale is None or rscales is None:
            warnings.warn("type other 未给出 scale 或 rscales，按 R 取 1 / type other: scale or rscales not specified, "
                          "set to 1 (as R's svrepdesign)", RuntimeWarning, stacklevel=2)
        sc, rs = 1.0, np.ones(k)
    else:
        raise DesignError(f"未知的重复权重类型 {type}：可用 JK1、JKn、bootstrap、BRR、Fay、successive-difference、ACS、JK2、"
                          f"other / unknown replicate type {type}: use JK1, JKn, bootstrap, BRR, Fay, "
                          "successive-difference, ACS, JK2 or other")
    def numbers(name, given):
        try:
            g = np.atleast_1d(np.asarray(given, dtype=float)).ravel()
        except (TypeError, ValueError):
            raise DesignError(f"{name} 必须是数值，不是 {given!r} / {name} must be numeric, not {given!r}") from None
        return np.full(k, g[0]) if name == "rscales" and g.size == 1 else g   # R recycles one rscales

    # R's svrepdesign sets the scale of BRR, Fay, successive-difference, ACS and JK2 whatever is passed, and the
    # rscales (1) of successive-difference, ACS and JK2 only: BRR's and Fay's given rscales are kept and used by
    # svrVar. A fixed value given different is a contradiction in the delivery, refused rather than ignored.
    fixed_scale = t in ("brr", "fay", "successive-difference", "acs", "jk2")
    fixed_rscales = t in ("successive-difference", "acs", "jk2")
    for name, given, own, fixed in (("scale", scale, np.array([sc]), fixed_scale),
                                    ("rscales", rscales, rs, fixed_rscales)):
        if fixed and given is not None:
            g = numbers(name, given)
            if g.shape != own.shape or not np.allclose(g, own, rtol=1e-9, atol=0):
                raise DesignError(
                    f"{type} 类型的 {name} 由方法确定（{name} = {own[0]:.12g}），与所给的不同：R 的 svrepdesign 会忽略"
                    f"所给值。请删去 {name}，或若调查公司另有规定，用 type='other' 并给出 scale 与 rscales / type "
                    f"{type} fixes {name} ({name} = {own[0]:.12g}), which differs from the one given: R's svrepdesign "
                    f"ignores the given value. Leave {name} out, or, if the survey firm specifies its own, use "
                    "type='other' with scale and rscales")
    if fixed_scale:
        scale = None
    if fixed_rscales:
        rscales = None
    if scale is not None:
        g = numbers("scale", scale)
        if g.size != 1:
            raise DesignError(f"scale 必须是一个数值，不是 {g.size} 个 / scale must be one number, not {g.size}")
        sc = float(g[0])
    if rscales is not None:
        rs = numbers("rscales", rscales)
    if len(rs) != k:
        raise DesignError(f"rscales 的个数（{len(rs)}）必须等于重复数（{k}）或为 1 / rscales has {len(rs)} values: give one "
                          f"per replicate ({k}) or one for all, as R's svrepdesign")
    if not np.isfinite(rs).all() or not np.isfinite(sc):
        raise DesignError("scale 与 rscales 必须是有限数值（不能缺失） / scale and rscales must be finite numbers (none "
                          "missing)")
    if bootstrap_average is not None and t != "bootstrap":
        raise DesignError(f"bootstrap_average 只用于 bootstrap 类型，{type} 类型没有（R 的 svrepdesign 会忽略它）：请删去 / "
                          f"bootstrap_average belongs to type bootstrap only, not {type} (R's svrepdesign ignores it): "
                          "leave it out")
    if fpc is not None:
        rs = rs * _replicate_fpc(fpc, fpctype, t, type, k)
    elif fpctype is not None:
        raise DesignError("给了 fpctype 却没有 fpc：请给出各重复的 fpc，或删去 fpctype / fpctype given without fpc: give "
                          "each replicate's fpc, or leave fpctype out")
    return SurveyDesign(f, w, (), "fail", repweights=R, scale=sc, rscales=rs, mse=mse, rep_type=type)


def _one_positive(value, name: str) -> float:
    try:
        v = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        v = np.array(np.nan)
    if v.size != 1 or not np.isfinite(v).all() or float(v.ravel()[0]) <= 0:
        raise DesignError(f"{name} 必须是一个正数，不是 {value!r} / {name} must be one positive number, not {value!r}")
    return float(v.ravel()[0])


def _jkn_rscales(raw: np.ndarray, combined_weights: bool, cols: list, with_fpc: bool = False) -> np.ndarray:
    """JKn's ``rscales`` where the delivery leaves them out: R's guess where it is no guess, else a refusal with the fix.

    R's ``svrepdesign(type = "JKn")`` stops without ``rscales`` for combined weights (a survey firm's final
    replicate weights, often adjusted again per replicate, do not show each replicate's stratum size), and for
    multipliers (``combined_weights=False``) guesses ``1/max`` of each replicate's column, with a warning. That guess
    is ``(n_h-1)/n_h`` exactly where the column is a delete-one jackknife: 0 on the dropped PSU's rows, one
    multiplier ``n_h/(n_h-1)`` on its stratum's other rows, 1 elsewhere. It is taken (with R's warning) only where
    every column is of that form; otherwise, as for combined weights, the delivery must say its ``rscales``."""
    fix_zh = ("请给出 rscales：每个重复为被删 PSU 所在层的 (n_h-1)/n_h（n_h 为该层样本 PSU 数）；有有限总体校正时另给 fpc 与 "
              "fpctype（或直接乘以 1-f_h）")
    fix_en = ("give rscales: for each replicate (n_h-1)/n_h of the dropped PSU's stratum (n_h its sampled PSUs); with a "
              "finite population correction also give fpc and fpctype (or multiply by 1-f_h yourself)")
    if combined_weights:
        raise DesignError(f"JKn 的组合重复权重没有给出 rscales，无法由权重得知（R 的 svrepdesign 同样停止）：{fix_zh} / "
                          f"JKn combined replicate weights without rscales, which the weights do not show (R's "
                          f"svrepdesign stops too): {fix_en}")
    top = raw.max(axis=0)
    ok = top > 1
    with np.errstate(invalid="ignore", divide="ignore"):
        for j in np.nonzero(ok)[0]:
            c = raw[:, j]
            zero = np.isclose(c, 0, atol=1e-12)      # the dropped PSU's rows: 0 up to the same float noise as below
            if not (zero | np.isclose(c, 1, rtol=1e-9) | np.isclose(c, top[j], rtol=1e-9)).all() or not zero.any():
                ok[j] = False
    if not ok.all():
        j = int(np.nonzero(~ok)[0][0])
        raise DesignError(f"JKn 未给出 rscales，且重复乘数第 {j + 1} 列（{cols[j]}）不是删一 PSU 的刀切形式（0、一个 n_h/(n_h-1)、1），"
                          f"无法由权重得知：{fix_zh} / JKn without rscales, and replicate {j + 1} ({cols[j]}) is not a "
                          f"delete-one jackknife column (0, one multiplier n_h/(n_h-1), 1), so the weights do not show "
                          f"them: {fix_en}")
    fpc_zh, fpc_en = ("，再乘以所给 fpc 的校正", ", then times the given fpc's correction") if with_fpc else \
        ("（无有限总体校正）", "; no finite population correction")
    warnings.warn(f"JKn 未给出 rscales，按 R 由乘数推测 (n_h-1)/n_h = 1/各重复的最大乘数{fpc_zh} / JKn rscales (n-1)/n not "
                  f"provided: guessing from the multipliers (1/each replicate's largest), as R's svrepdesign{fpc_en}",
                  RuntimeWarning, stacklevel=3)
    return 1 / top


def _replicate_fpc(fpc, fpctype, t: str, type: str, k: int) -> np.ndarray:
    """The factor R's ``svrepdesign(fpc =, fpctype =)`` multiplies ``rscales`` by, or a refusal with the fix."""
    if t in ("brr", "fay", "jk2", "acs", "successive-difference"):
        raise DesignError(f"{type} 类型不能给 fpc（R 的 svrepdesign：fpc not available for this type）：请删去 fpc / "
                          f"type {type} takes no fpc (R's svrepdesign: fpc not available for this type): leave it out")
    if t == "bootstrap":
        raise DesignError("bootstrap 类型不另给 fpc：有限总体校正应已在重复权重中（R：Separate fpc not needed for "
                          "bootstrap）。请删去 fpc，或请调查公司按有限总体重抽样（如 Rao-Wu-Yue）交付重复权重 / type "
                          "bootstrap takes no separate fpc: the replicates carry it (R: Separate fpc not needed for "
                          "bootstrap). Leave fpc out, or ask the survey firm for replicates resampled with the fpc")
    if fpctype not in ("fraction", "correction"):
        raise DesignError(f"给了 fpc 须同时说明 fpctype：'fraction'（抽样比 f，rscales 乘以 1-f）或 'correction'（校正系数 "
                          f"1-f，rscales 直接乘以它），不是 {fpctype!r}（R 的 svrepdesign 同样要求） / fpc needs fpctype: "
                          f"'fraction' (the sampling fraction f; rscales times 1-f) or 'correction' (1-f itself; rscales "
                          f"times it), not {fpctype!r} (R's svrepdesign asks for it too)")
    try:
        g = np.atleast_1d(np.asarray(fpc, dtype=float)).ravel()
    except (TypeError, ValueError):
        # svydesign's fpc names a column; svrepdesign's is numbers, one per replicate (a column name is not read)
        raise DesignError(f"replicate_design 的 fpc 是数值（每个重复一个，或全部一个），不是 {fpc!r}；它不是列名（与 svydesign 的 "
                          f"fpc 不同）：请给出各重复的抽样比或校正系数 / replicate_design's fpc is numbers (one per replicate, "
                          f"or one for all), not {fpc!r}; it names no column (unlike svydesign's fpc): give each "
                          "replicate's sampling fraction or correction") from None
    if g.size == 1:
        g = np.full(k, g[0])
    if g.size != k:
        raise DesignError(f"fpc 有 {g.size} 个值：每个重复一个（{k}）或全部一个。按层或按 PSU、按行给出的抽样比须换成每个重复一个："
                          f"JKn 的每个重复取被删 PSU 所在层的值 / fpc has {g.size} values: give one per replicate ({k}) or "
                          "one for all. A fraction given per stratum, per PSU or per row must become one per replicate: "
                          "for JKn, each replicate takes the value of the dropped PSU's stratum")
    bad = ~(np.isfinite(g) & (g >= 0) & (g <= 1))
    if bad.any():
        j = int(np.nonzero(bad)[0][0])
        raise DesignError(f"fpc 第 {j + 1} 个值 {float(g[j]):g} 不在 0 与 1 之间（{fpctype}）：抽样比与校正系数都在 [0, 1] 内 / fpc "
                          f"value {j + 1} ({float(g[j]):g}) is not between 0 and 1 ({fpctype}): a sampling fraction or a correction "
                          "lies in [0, 1]")
    return 1 - g if fpctype == "fraction" else g


# ------------------------------------------------------------------ variance
def _calibrated(design: SurveyDesign) -> bool:
    """Whether a step of ``design.calibration`` calibrated the weights (post-stratify, rake, calibrate): R's
    ``cal.design`` and ``postStrata``, whose variance and domains differ. A trim (:func:`trim_weights`) is recorded
    there too but is no calibration: R's ``trimWeights`` leaves a design of the class it was.

    Examples
    --------
    >>> _calibrated(SurveyDesign(pd.DataFrame(), np.ones(0), calibration=(("trim", {}),)))
    False
    """
    return any(kind != "trim" for kind, _ in design.calibration)


def _resid_calibration(design: SurveyDesign, X: np.ndarray) -> np.ndarray:
    """R's svyrecvar: remove post-strata means, raking margins and calibration fits from the estfun."""
    for kind, data in design.calibration:
        if kind == "post":
            idx, psw, oldw = data
            # R's svyrecvar: a row of weight 0 before and after (psw == oldw == 0) takes psw = 1, not 0/0
            psw = np.where((psw == 0) & (oldw == 0), 1.0, psw)
            num = np.zeros((idx.max() + 1, X.shape[1]))
            np.add.at(num, idx, X * (oldw / psw)[:, None])
            den = np.bincount(idx, oldw)
            X = X - (num / den[:, None])[idx] * psw[:, None]
        elif kind == "rake":
            for _ in range(10):
                for idx, psw in data:
                    Z = X / psw[:, None]
                    s = np.zeros((idx.max() + 1, X.shape[1]))
                    np.add.at(s, idx, Z)
                    cnt = np.bincount(idx)
                    X = X - psw[:, None] * (s / cnt[:, None])[idx]
        elif kind == "greg":
            Q, wq = data       # qr of mm * sqrt(w_old); w = g * sqrt(w_old)
            Y = X / wq[:, None]
            Y = Y - Q @ (Q.T @ Y)
            X = Y * wq[:, None]
        # "trim" (trim_weights): a record of what was done to the weights; the residuals are as they were (R's)
    return X


def _dense(M) -> np.ndarray:
    """A scipy sparse matrix (or an array) as a dense array."""
    return M.toarray() if sparse.issparse(M) else np.asarray(M)


def _gram(A: np.ndarray, block: int | None) -> np.ndarray:
    """``A.T @ A``, or with ``block`` only its diagonal blocks of ``block`` columns each (groups x block x block):
    the covariance within each domain, where the whole matrix is not asked for (survey46).

    Examples
    --------
    >>> A = np.arange(8.0).reshape(2, 4)
    >>> bool(np.array_equal(_gram(A, 2)[1], (A.T @ A)[2:, 2:])), _gram(A, 1).ravel().tolist()
    (True, [16.0, 26.0, 40.0, 58.0])
    """
    if block is None:
        return A.T @ A
    if block == 1:
        return np.einsum("pk,pk->k", A, A)[:, None, None]
    A3 = A.reshape(A.shape[0], A.shape[1] // block, block)
    return np.einsum("pgi,pgj->gij", A3, A3)


def _scaled(V: np.ndarray, d: np.ndarray | None, block: int | None) -> np.ndarray:
    """``V * outer(d, d)`` on the whole matrix or on its diagonal blocks (``_gram``'s); NaN in ``d`` makes that
    estimate's row and column NaN."""
    if d is None:
        return V
    if block is None:
        return V * np.outer(d, d)
    d3 = d.reshape(-1, block)
    return V * d3[:, :, None] * d3[:, None, :]


def _stage_var(stage: _Stage, X, mult: np.ndarray, lonely: str, top: bool,
               dom=None, adjust_domain: bool = False,
               upper: np.ndarray | None = None, block: int | None = None) -> np.ndarray:
    """One stage's share of the linearisation variance of the columns of ``X`` (dense, or scipy sparse: a domain's
    column is zero off its rows), R's ``onestage``; with ``block`` only the diagonal blocks (``_gram``)."""
    A, d, c = _stage_parts(stage, X, mult, lonely, top, dom, adjust_domain, upper)
    V = _scaled(_gram(A, block), d, block)
    return V if c is None else V * c


def _stage_parts(stage: _Stage, X, mult: np.ndarray, lonely: str, top: bool, dom=None, adjust_domain: bool = False,
                 upper: np.ndarray | None = None):
    """``(A, d, c)``: the stage's variance is ``c * outer(d, d) * (A.T @ A)``, ``d`` (NaN: no variance) and ``c``
    None where they are 1, so a caller may take all of ``A.T @ A`` or only the blocks it needs."""
    nrow = X.shape[0]
    ncl = int(stage.cluster.max()) + 1
    C = sparse.csr_matrix((np.ones(nrow), (stage.cluster, np.arange(nrow))), shape=(ncl, nrow))
    T = _dense(C @ X)
    first = np.zeros(ncl, dtype=np.int64)
    first[stage.cluster] = np.arange(nrow)
    st = stage.stratum[first]
    n = stage.n[first]
    N = stage.N[first]
    m = mult[first]
    f = np.where(np.isinf(N), 1.0, (N - n) / np.where(np.isinf(N), 1.0, N))
    nst = int(st.max()) + 1
    cnt = np.bincount(st, minlength=nst)
    mean = np.zeros((nst, X.shape[1]))
    np.add.at(mean, st, T)
    mean = mean / np.maximum(cnt, 1)[:, None]
    is_lonely = n < 2
    centred = np.where((is_lonely & (lonely == "adjust"))[:, None], T, T - mean[st])
    scale = np.where(n > 1, f * n / np.maximum(n - 1, 1), f)
    certain = f < 1e-7
    scale = np.where(certain, 0.0, scale)
    drop = is_lonely & ~certain & (lonely == "average")
    scale = np.where(drop, 0.0, scale) * m
    single = None
    if adjust_domain and dom is not None and lonely in ("adjust", "average"):
        # R's onestrat with options(survey.adjust.domain.lonely = TRUE): a stratum of several PSUs of which the
        # domain (column) reaches one -- adjust: that PSU's total uncentred; average: the stratum left out. R's
        # multistage calls onestrat at every stage, so a later stage's stratum (within a cluster of the stage
        # above) of several units of which the domain reaches one is treated the same way
        C_dom = _dense(C @ dom.astype(float)) > 0                             # clusters x columns: reached
        S_cl = sparse.csr_matrix((np.ones(ncl), (st, np.arange(ncl))), shape=(nst, ncl))
        n_sub = np.asarray(S_cl @ C_dom.astype(float))                      # strata x columns
        first_n = np.zeros(nst)
        first_n[st] = n
        cert_st = np.zeros(nst, dtype=bool)
        cert_st[st[certain]] = True                       # R returns a fully sampled stratum's zero first
        single = (n_sub == 1) & (first_n > 1)[:, None] & ~cert_st[:, None]
        if lonely == "adjust":
            centred = np.where(single[st], T, centred)
    A = centred * np.sqrt(scale)[:, None]
    if single is not None and lonely == "average":
        A = np.where(single[st], 0.0, A)
    if single is not None and lonely == "average" and not top and upper is not None:
        # R's onestage within each cluster of the stage above, for the domain's rows there: the sum over its strata
        # scaled by nstrat / nokstrat (a stratum lonely, or reached by the domain at one unit, is not ok); NaN where
        # none is ok
        S = sparse.csr_matrix((np.ones(nrow), (stage.stratum, np.arange(nrow))), shape=(nst, nrow))
        present = _dense(S @ dom.astype(float)) > 0                          # strata x columns
        st_lonely = np.zeros(nst, dtype=bool)
        st_lonely[st[drop]] = True
        st_mult = np.zeros(nst)
        st_mult[st] = m
        bad = (st_lonely[:, None] | single) & present & (st_mult > 0)[:, None]
        first_row = np.zeros(nst, dtype=np.int64)
        first_row[stage.stratum] = np.arange(nrow)
        u_of_st = upper[first_row]
        nu = int(upper.max()) + 1
        U = sparse.csr_matrix((np.ones(nst), (u_of_st, np.arange(nst))), shape=(nu, nst))
        n_u = np.asarray(U @ present.astype(float))
        n_bad = np.asarray(U @ bad.astype(float))
        n_ok = n_u - n_bad
        with np.errstate(invalid="ignore", divide="ignore"):
            fac = np.where(n_bad == 0, 1.0, np.where(n_ok > 0, n_u / np.maximum(n_ok, 1), np.nan))
        A = A * np.sqrt(fac[u_of_st[st]])
        # a NaN row of A is NaN in every column it meets: keep each column's own NaN only
        nan_col = np.isnan(A).any(axis=0)
        return np.where(np.isnan(A), 0.0, A), (np.where(nan_col, np.nan, 1.0) if nan_col.any() else None), None
    d = c = None
    if lonely == "average" and not top and (drop & (m > 0)).any():
        # R's onestage within each cluster of the stage above: its one stratum lonely, scaled by 1/0 -> NaN for
        # every estimate whose rows reach such a cluster (a domain without its rows keeps its variance)
        hit_rows = (drop & (m > 0))[stage.cluster]
        if dom is None:
            hit = np.ones(A.shape[1], dtype=bool)
        elif sparse.issparse(dom):
            hit = np.asarray(dom.multiply(hit_rows[:, None]).sum(axis=0)).ravel() > 0
        else:
            hit = (dom & hit_rows[:, None]).any(axis=0)
        d = np.where(hit, np.nan, 1.0)
    if lonely == "average" and top:
        st_lonely = np.zeros(nst, dtype=bool)
        st_lonely[st[drop]] = True
        if dom is None:
            nok = nst - st_lonely.sum()
            c = nst / nok if nok else np.nan
        else:
            # R's onestage scales by the strata of the design it is given: for a domain (svyby, na.rm) the
            # strata with rows in it, and NaN when every one of them is lonely (never a standard error of 0)
            S = sparse.csr_matrix((np.ones(nrow), (stage.stratum, np.arange(nrow))), shape=(nst, nrow))
            present = _dense(S @ dom.astype(float)) > 0
            n_st = present.sum(axis=0)
            bad = st_lonely[:, None] if single is None else (st_lonely[:, None] | single)
            n_ok = n_st - (present & bad).sum(axis=0)
            with np.errstate(invalid="ignore", divide="ignore"):
                d = np.sqrt(np.where(n_ok > 0, n_st / np.maximum(n_ok, 1), np.nan))
    return A, d, c


def _vcov_taylor(design: SurveyDesign, X, dom=None, block: int | None = None) -> np.ndarray:
    """Linearisation variance of the columns of ``X`` (dense or scipy sparse); ``dom`` (rows x columns, optional,
    dense or sparse) marks each column's domain, which R's ``average`` lonely-PSU rule counts strata in (a calibrated
    design keeps every row, as R does). With ``block``: only the covariance within each run of ``block`` columns
    (groups x block x block; ``block=1``: the variances), the same numbers as the whole matrix's blocks."""
    if _calibrated(design):
        X = _resid_calibration(design, _dense(X))
        dom = None
    K = X.shape[1]
    V = np.zeros((K, K)) if block is None else np.zeros((K // block, block, block))
    mult = np.ones(X.shape[0])
    for s, stage in enumerate(design.stages):
        if s > 0:
            prev = design.stages[s - 1]
            mult = mult * np.where(np.isinf(prev.N), 0.0, prev.n / np.where(np.isinf(prev.N), 1.0, prev.N))
            if not mult.any():
                break
        V = V + _stage_var(stage, X, mult, design.lonely_psu, s == 0, dom, design.adjust_domain_lonely,
                           design.stages[s - 1].cluster if s > 0 else None, block)
    return V


def _var_taylor(design: SurveyDesign, X, dom=None) -> np.ndarray:
    """The linearisation variances of the columns of ``X`` alone (``_vcov_taylor``'s diagonal, without the matrix)."""
    return _vcov_taylor(design, X, dom, block=1).ravel()


def _rep_vcov(design: SurveyDesign, theta: np.ndarray, theta_r: np.ndarray, block: int | None = None) -> np.ndarray:
    """R's ``svrVar``: the replicates that give NaN (a domain without weight in that replicate) are left out
    (``na.action = na.omit``, with their ``rscales``), the rest centred at the mean of the kept replicates whose
    ``rscales`` are positive (a census stratum's jackknife replicates carry ``rscales`` 0: they add nothing and do not
    move the centre) or, with ``mse``, at the full-sample estimate. No kept replicate with a positive ``rscales``
    and no ``mse``: NaN, as R's (the mean of no replicate).

    R: ``svrVar(thetas, scale, rscales, mse = mse, coef = theta)``, i.e.
    ``crossprod(sweep(thetas, 2, colMeans(thetas[rscales > 0, , drop = FALSE])) * sqrt(rscales)) * scale``.

    Examples
    --------
    >>> d = SurveyDesign(pd.DataFrame(), np.ones(1), scale=1.0, rscales=np.array([0.5, 0.5, 0.0]))
    >>> _rep_vcov(d, np.array([2.0]), np.array([[1.0], [3.0], [10.0]])).tolist()   # centre 2, not 14/3
    [[1.0]]
    """
    K = theta_r.shape[1]
    shape = (K, K) if block is None else (K // block, block, block)
    keep = ~np.isnan(theta_r).any(axis=1)
    if not keep.any():
        return np.full(shape, np.nan)
    th, rs = (theta_r, design.rscales) if keep.all() else (theta_r[keep], design.rscales[keep])
    if design.mse:
        centre = theta
    else:
        pos = rs > 0
        if not pos.any():
            return np.full(shape, np.nan)
        centre = (th if pos.all() else th[pos]).mean(axis=0)
    D = th - centre
    if block is None:
        return design.scale * (D * rs[:, None]).T @ D
    # only the blocks within each run of ``block`` columns (a domain's variables), the same replicates kept
    D3 = D.reshape(len(D), K // block, block)
    return design.scale * np.einsum("rgi,r,rgj->gij", D3, rs, D3)


def _rep_var_columns(design: SurveyDesign, theta: np.ndarray, theta_r: np.ndarray) -> np.ndarray:
    """Each column's own :func:`_rep_vcov` variance, all columns at once (a column's NaN replicates left out of that
    column alone, as R's svyby calls svrVar one domain at a time): ``theta`` (K,), ``theta_r`` (replicates, K).

    Examples
    --------
    >>> d = SurveyDesign(pd.DataFrame(), np.ones(1), scale=1.0, rscales=np.array([0.5, 0.5, 0.0]))
    >>> th = np.array([[1.0, np.nan], [3.0, np.nan], [10.0, 5.0]])   # column 2: one replicate kept, its rscales 0
    >>> _rep_var_columns(d, np.array([2.0, 4.0]), th).tolist()
    [1.0, nan]
    >>> [float(_rep_vcov(d, np.array([2.0, 4.0])[k:k + 1], th[:, k:k + 1])[0, 0]) for k in range(2)]   # one by one
    [1.0, nan]
    """
    keep = ~np.isnan(theta_r)
    rs = np.asarray(design.rscales, dtype=float)[:, None]
    th = np.where(keep, theta_r, 0.0)
    if design.mse:
        centre = np.asarray(theta, dtype=float)
        ok = keep.any(axis=0)
    else:
        pos = keep & (rs > 0)
        cnt = pos.sum(axis=0)
        centre = np.where(pos, th, 0.0).sum(axis=0) / np.where(cnt > 0, cnt, 1)
        ok = cnt > 0          # no kept replicate, or none with a positive rscales: NaN, as R's
    D = np.where(keep, th - centre[None, :], 0.0)
    return np.where(ok, design.scale * (rs * D * D).sum(axis=0), np.nan)


# ------------------------------------------------------------------ domains
def _r_level(lv) -> str:
    """A factor level as R's as.character writes it: a float to 15 significant digits (1.0 is '1', as R's f1)."""
    if isinstance(lv, (float, np.floating)):
        return f"{float(lv):.15g}"
    return str(lv)


def _values(design: SurveyDesign, values, factors: bool = False) -> pd.DataFrame:
    if isinstance(values, str):
        values = [values]
    if isinstance(values, (list, tuple)):
        values = design.frame[list(values)]
    frame = pd.DataFrame(values).reset_index(drop=True)
    # the delivery's own rows (sheet!row) where the values are the design's rows, for a refusal to name them
    own = design.frame if len(frame) == len(design.frame) else None
    names, arrays = [], []      # lists, not a dict: a level's name may equal another column's (win + A, winA)
    for i in range(frame.shape[1]):
        c, s = frame.columns[i], frame.iloc[:, i]
        if factors and isinstance(s.dtype, pd.CategoricalDtype):
            # a factor, as R's svymean(~f): one 0/1 column a level, named <column><level> as R names them, every
            # declared level kept (an empty one is 0 with SE 0, as R); a missing value is missing in each
            codes = s.cat.codes.to_numpy()
            ind = (codes[:, None] == np.arange(len(s.cat.categories))).astype(float)
            ind[codes < 0] = np.nan
            for j, lv in enumerate(s.cat.categories):
                names.append(f"{c}{_r_level(lv)}")
                arrays.append(ind[:, j])
        else:
            names.append(c)
            arrays.append(_as_number(s, c, "分析变量 variable", own))
    data = np.column_stack(arrays) if arrays else np.empty((len(frame), 0))
    return pd.DataFrame(data, columns=pd.Index(names, dtype=object))


def _groups(design: SurveyDesign, by):
    if not by:
        return np.zeros(len(design.frame), dtype=np.int64), pd.DataFrame(index=[0]), []
    by = [by] if isinstance(by, str) else list(by)
    keys = design.frame[by]
    codes = keys.groupby(by, sort=True, dropna=True).ngroup().to_numpy()
    codes = np.where(keys.isna().any(axis=1).to_numpy(), -1, codes).astype(np.int64)
    labels = keys[codes >= 0].assign(_g=codes[codes >= 0]).drop_duplicates("_g").sort_values("_g")
    return codes, labels.drop(columns="_g").reset_index(drop=True), by


def _alike(Y: np.ndarray, g: np.ndarray, G: int, w: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """For every (domain, column) of ``Y`` (NaN outside the column's domain; ``g`` the rows' domain, -1 none), in
    the order ``domain * columns + column``: whether its values are all alike (at least one), and the first of them;
    with ``w``, only the rows whose weight is not 0 count (a weight-0 row's other value weighs nothing: survey46).

    Examples
    --------
    >>> Y = np.array([[1.0, 2.0], [1.0, np.nan], [3.0, 2.0], [np.nan, 5.0]])
    >>> a, f = _alike(Y, np.array([0, 0, 1, 1]), 2)
    >>> a.tolist(), f[a].tolist()
    ([True, True, True, False], [1.0, 2.0, 3.0])
    """
    M = Y.shape[1]
    rows = (g >= 0) if w is None else (g >= 0) & (w != 0)
    r, m = np.nonzero(~np.isnan(Y) & rows[:, None])
    key = g[r] * M + m
    y = Y[r, m]
    lo = np.full(G * M, np.inf)
    hi = np.full(G * M, -np.inf)
    np.minimum.at(lo, key, y)
    np.maximum.at(hi, key, y)
    return lo == hi, lo


def _element_var(w, y, ok):
    """R's svyvar of one variable on the rows ``ok``: weighted variance times n/(n-1)."""
    ww = w[ok]
    yy = y[ok]
    nobs = int((ww != 0).sum())
    W = ww.sum()
    mu = (ww * yy).sum() / W
    yw = yy[ww != 0]
    if len(yw) and yw.min() == yw.max():    # all alike: variance exactly 0 (R's deff 0/0 = NaN), not rounding noise
        mu = yw[0]                          # (a weight-0 row's other value weighs nothing: survey46)
    return (ww * (yy - mu) ** 2).sum() / W * nobs / (nobs - 1), nobs, W


def _estimate(design: SurveyDesign, values, by, kind: str, level: float, deff: bool,
              covmat: bool = False, df=None) -> pd.DataFrame:
    V = _values(design, values, factors=True)
    Y = V.to_numpy()
    g, labels, bylist = _groups(design, by)
    G, M = len(labels), Y.shape[1]
    w = design.weights
    n = len(Y)
    # every answer once, keyed by its (domain, variable): domain * M + variable (one pass over the rows, no per-domain
    # loop; a domain's column is zero off its rows, so the influence values are held sparse: survey46)
    r_ok, j_ok = np.nonzero(~np.isnan(Y) & (g >= 0)[:, None])
    key = g[r_ok] * M + j_ok
    y_ok, w_ok = Y[r_ok, j_ok], w[r_ok]
    n_dom = np.bincount(key, minlength=G * M)
    W_dom = np.bincount(key, w_ok, minlength=G * M)
    S_dom = np.bincount(key, w_ok * y_ok, minlength=G * M)
    alike, first = _alike(Y, g, G)
    if kind == "mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            est = np.where(W_dom > 0, S_dom / W_dom, np.nan)
        # answers all alike: their mean is that answer exactly, so the linearised values are exact zeros (SE 0, a
        # design effect 0/0 = NaN, as R's) rather than a few ulps of rounding noise; alike among the rows that weigh
        # something (a weight-0 row of another value left SE 6e-17 and a design effect of noise over noise: survey46)
        alike_w, first_w = _alike(Y, g, G, w)
        est = np.where((W_dom > 0) & alike_w, first_w, est)
        vals = w_ok * (y_ok - est[key]) / W_dom[key]
    else:
        est = S_dom
        vals = w_ok * y_ok
    X = sparse.csr_matrix((vals, (r_ok, key)), shape=(n, G * M))
    dom_sp = sparse.csr_matrix((np.ones(len(key), dtype=bool), (r_ok, key)), shape=(n, G * M))

    answered = n_dom > 0                                          # the domains (and variables) someone answered
    V_all = None
    if design.repweights is None:
        var = _var_taylor(design, X, dom_sp)
        if covmat:
            # R's svyby(covmat = TRUE): svyrecvar of every domain's influence values on the whole design, so the
            # domain rules (survey.adjust.domain.lonely; "average" counting a domain's strata) are not applied there
            # and, under them, its diagonal need not be the se column -- as R's vcov(svyby) and SE(svyby) differ.
            # Only the blocks within each domain are built now (what a contrast within a window needs); the whole
            # matrix when it is read (attrs["vcov"] as an array, a contrast across domains)
            V_all = _Cov(blocks=_vcov_taylor(design, X, block=M), build=lambda: _vcov_taylor(design, X))
    else:
        R = np.asarray(design.repweights, dtype=float)
        # every (domain, variable) at once, its replicates' totals through the sparse answers (no loop over the
        # domains: survey47, as survey46 did for the covariance)
        Ysp = sparse.csr_matrix((y_ok, (r_ok, key)), shape=(n, G * M))
        num = np.asarray((Ysp.T @ R).T)
        if kind == "mean":
            den = np.asarray((dom_sp.astype(float).T @ R).T)
            with np.errstate(invalid="ignore", divide="ignore"):
                th_r = num / den
            # every replicate's mean of answers all alike is that answer, exactly
            th_r = np.where(alike[None, :] & ~np.isnan(th_r), first[None, :], th_r)
        else:
            th_r = num
        # one domain (column) at a time, as R's svyby: a replicate with no weight in a domain is left out of its
        # variance only (R's svrVar drops NaN replicates, and says so: "1 replicates gave NA results and were
        # discarded", R 4.2.2 / survey 4.1.1 svyby(~y, ~a, jk1, svymean) with a level in one PSU); said here too
        _warn_lost_replicates(th_r, answered, labels, bylist,
                              lambda k: V.columns[k % M], M)
        e = est.ravel()
        with np.errstate(invalid="ignore", divide="ignore"):
            var = _rep_var_columns(design, e, th_r)
            if covmat:      # R's svyby(covmat = TRUE): svrVar of every domain's replicates together
                V_all = _Cov(blocks=_rep_vcov(design, e, th_r, block=M), build=lambda: _rep_vcov(design, e, th_r))
    est = est.reshape(G, M)
    # a domain where nobody answered has no estimate and no standard error (R's svyby gives its mean 0, SE 0)
    if kind == "mean":
        var = np.where(answered, var, np.nan)
    else:   # a total there is 0 and so is its SE, under every lonely-PSU rule (its influence values are all 0; R
        # 4.2.2 / survey 4.1.1 svyby(~y, ~g, des, svytotal, na.rm = TRUE) with survey.lonely.psu = "average" gives
        # SE 0 where the "average" rule's count of the domain's strata had made it 0/0 here)
        var = np.where(answered, var, 0.0)
    q = _ci_quantile(level, df, design)
    out = labels.loc[np.repeat(np.arange(G), M)].reset_index(drop=True) if bylist else pd.DataFrame(index=range(M))
    out["variable"] = np.tile(np.asarray(V.columns, dtype=object), G)
    out["n"] = n_dom.astype(int)
    name = "mean" if kind == "mean" else "total"
    out[name] = est.ravel()
    out["se"] = np.sqrt(var)
    out["ci_low"] = out[name] - q * out["se"]
    out["ci_high"] = out[name] + q * out["se"]
    if deff:
        # R's svyvar of each (domain, variable) on its rows, all at once by their keys (no loop over the domains:
        # survey47); a domain whose answers are all alike has no element variance: 0/0, NaN as R gives it, without
        # a RuntimeWarning on the console
        with np.errstate(invalid="ignore", divide="ignore"):
            nobs = np.bincount(key, (w_ok != 0).astype(float), minlength=G * M)
            mu = S_dom / W_dom
            alike_w, first_w = _alike(Y, g, G, w)
            mu = np.where(alike_w, first_w, mu)     # exactly that answer (a weight-0 row weighs nothing: survey46)
            s2 = np.bincount(key, w_ok * (y_ok - mu[key]) ** 2, minlength=G * M) / W_dom * nobs / (nobs - 1)
            vsrs = s2 / nobs if kind == "mean" else s2 * W_dom ** 2 / nobs
            d_rep = var / vsrs
            # R's svymean: weights summing to less than the respondents leave no population to sample without
            # replacement from, so NA (and a warning: "Sample size greater than population size: are weights
            # correctly scaled?"), never the negative (W - n) / W; R's svytotal has no such check (survey 4.1.1)
            d_wo = var / (vsrs * (W_dom - nobs) / W_dom)
            if kind == "mean":
                d_wo = np.where(W_dom < nobs, np.nan, d_wo)
        out["deff"] = d_wo
        out["deff_replace"] = d_rep
    if covmat:
        out.attrs["vcov"] = _covmat(V_all, answered if kind == "mean" else None)
        _key_rows(out, bylist + ["variable"])
    return out


def _key_rows(out: pd.DataFrame, columns: list) -> None:
    """Label ``attrs["vcov"]``'s rows and columns by the table's label columns (the groups and the variable), so
    :func:`svycontrast` pairs each row with its own variance after the table is sorted or filtered."""
    out.attrs["vcov_rows"] = _Shared(columns=list(columns),
                                     keys=list(zip(*[out[c].tolist() for c in columns])) if columns else [])


class _Shared(dict):
    """A dict of ``attrs`` that pandas' deep copy of ``attrs`` (on every table or column taken from the table) shares
    rather than copies: the rows' keys of a 1,000-window table cost ~30 ms a copy (survey46). Not to be changed."""

    def __deepcopy__(self, memo):
        return self


def _vcov_of_rows(table: pd.DataFrame) -> _RowsCov:
    """``attrs["vcov"]`` in the order of the table's current rows (a table sorted or filtered after it was made), or
    refused where its rows can no longer be matched to the matrix's; read through ``at(i, j)``, so a contrast within
    a domain reads its block only."""
    cov = table.attrs["vcov"]
    if not isinstance(cov, _Cov):       # a matrix put there by hand
        cov = _Cov(full=cov)
    V = cov
    lab = table.attrs.get("vcov_rows")
    fix = ("请用 covmat=True 重新计算该表，排序或筛选后勿删改分组列 / compute the table again with covmat=True; after "
           "sorting or filtering it, keep its group columns")
    if lab is None:
        if V.shape != (len(table), len(table)):
            raise DesignError(f"表有 {len(table)} 行，而其协方差矩阵为 {V.shape[0]}×{V.shape[1]}，无法对应。{fix} / the "
                              f"table has {len(table)} rows but its covariance matrix is {V.shape[0]}x{V.shape[1]}")
        return _RowsCov(cov, None)
    cols = lab["columns"]
    missing = [c for c in cols if c not in table]
    if missing:
        raise DesignError(f"表缺少列 {', '.join(map(str, missing))}，无法把各行对应到协方差矩阵的行。{fix} / the table "
                          f"lacks column {', '.join(map(str, missing))}, so its rows cannot be matched to the "
                          "covariance matrix's")
    pos_of = {k: i for i, k in enumerate(lab["keys"])}
    keys = list(zip(*[table[c].tolist() for c in cols])) if len(table) else []
    pos = [pos_of.get(k, -1) for k in keys]
    if len(keys) != len(set(keys)) or min(pos, default=0) < 0 or len(lab["keys"]) != V.shape[0]:
        raise DesignError(f"表的行（按 {', '.join(map(str, cols))}）与其协方差矩阵的行对不上（有重复或新增的行）。{fix} / "
                          f"the table's rows (by {', '.join(map(str, cols))}) do not match its covariance matrix's "
                          "rows (a row repeated or added)")
    pos = np.asarray(pos, dtype=int)
    return _RowsCov(cov, None if np.array_equal(pos, np.arange(V.shape[0])) else pos)


def _ci_quantile(level: float, df, design: SurveyDesign | None = None) -> float:
    """The interval's multiplier, as R's ``confint(stat, level, df = )``: normal where ``df`` is None (R's default
    ``df = Inf``), else Student's t on ``df`` degrees of freedom; ``df="design"`` is R's ``df = degf(design)``."""
    if df is None or (isinstance(df, float) and np.isinf(df)):
        return float(_dist.norm_ppf(1 - (1 - level) / 2))
    if isinstance(df, str):
        if design is None:
            raise DesignError(f"此处 df 必须是数值或 None，不是 {df!r}：对比表不带设计。要用设计自由度，请传 df=degf(design) / "
                              f"here df must be a number or None, not {df!r}: a contrast's table carries no design. For "
                              "the design's degrees of freedom pass df=degf(design)")
        if df != "design":
            raise DesignError(f"df 必须是数值、None 或 'design'，不是 {df!r} / df must be a number, None or 'design', "
                              f"not {df!r}")
        df = degf(design)
    if not (isinstance(df, (int, float, np.integer, np.floating)) and df > 0):
        raise DesignError(f"df 必须大于 0，不是 {df!r} / df must be greater than 0, not {df!r}")
    return float(_dist.t_ppf(1 - (1 - level) / 2, float(df)))


class _Cov:
    """The covariance of a table's rows (``attrs["vcov"]``), built when it is read.

    表中各估计值的协方差矩阵：读取时才整体构建。/ A contrast within one domain (a window's promoters against its
    detractors) needs only that domain's block, ``blocks[g]`` (groups x variables x variables); the whole matrix (2,000 x
    2,000 at 1,000 windows and two variables) is built once, the first time it is read as an array
    (``np.asarray(t.attrs["vcov"])``, or a contrast across domains), and kept read-only. Copying it returns itself,
    so the tables and columns pandas takes from the table (which deep-copies ``attrs``) share it rather than each
    carrying a copy of the matrix (survey46).

    Examples
    --------
    >>> c = _Cov(blocks=np.array([[[1.0, 0.5], [0.5, 2.0]], [[3.0, 0.0], [0.0, 4.0]]]),
    ...          build=lambda: np.array([[1.0, 0.5, 9, 9], [0.5, 2.0, 9, 9], [9, 9, 3.0, 0], [9, 9, 0, 4.0]]))
    >>> c.at(np.array([1, 2]), np.array([0, 2])).tolist(), c.built      # within a block: the block, nothing built
    ([0.5, 3.0], False)
    >>> float(np.asarray(c)[0, 2]), c.shape, c.built
    (9.0, (4, 4), True)
    >>> import copy; copy.deepcopy(c) is c
    True
    """

    def __init__(self, *, full: np.ndarray | None = None, blocks: np.ndarray | None = None, build=None,
                 estimable: np.ndarray | None = None):
        self._full = None
        self._build = build
        self._estimable = estimable
        self.blocks = None
        if blocks is not None:
            b = np.array(blocks, dtype=float)
            if estimable is not None and not estimable.all():
                e3 = estimable.reshape(b.shape[0], b.shape[1])
                b[~(e3[:, :, None] & e3[:, None, :])] = np.nan
            b.flags.writeable = False
            self.blocks = b
        if full is not None:
            self._set(full)

    def _set(self, V) -> None:
        # R's vcov(svyby(..., covmat = TRUE)): NaN in the row and column of an estimate that has none (a domain
        # nobody answered in)
        V = np.asarray(V, dtype=float)
        e = self._estimable
        if e is not None and not e.all():
            V = V.copy()
            V[~e, :] = np.nan
            V[:, ~e] = np.nan
        V = V.view()                    # read-only here, the caller's own array left as it was, and not copied
        V.flags.writeable = False
        self._full = V
        self._build = None

    @property
    def built(self) -> bool:
        """Whether the whole matrix has been built."""
        return self._full is not None

    def full(self) -> np.ndarray:
        """The whole matrix (read-only), built on first use."""
        if self._full is None:
            self._set(self._build())
        return self._full

    @property
    def shape(self) -> tuple:
        if self._full is not None:
            return self._full.shape
        k = self.blocks.shape[0] * self.blocks.shape[1]
        return (k, k)

    def __len__(self) -> int:
        return self.shape[0]

    def at(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The entries ``V[i, j]`` (arrays of one shape), from the blocks where every pair lies in one domain."""
        i, j = np.asarray(i), np.asarray(j)
        if self._full is None and self.blocks is not None:
            m = self.blocks.shape[1]
            if np.array_equal(i // m, j // m):
                return self.blocks[i // m, i % m, j % m]
        return self.full()[i, j]

    def __getitem__(self, key):
        return self.full()[key]

    def __array__(self, dtype=None, copy=None):
        V = self.full()
        return V.astype(dtype) if dtype is not None and V.dtype != dtype else (V.copy() if copy else V)

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self

    def __reduce__(self):
        # pickled (a table sent to another process, kept on disk) as the whole matrix: the blocks' builder is a
        # closure over the design, which does not travel
        return (_Cov, (), {"_full": self.full(), "_build": None, "_estimable": None, "blocks": self.blocks})

    def __setstate__(self, state):
        self.__dict__.update(state)
        for a in (self._full, self.blocks):
            if a is not None:
                a.flags.writeable = False

    def __repr__(self) -> str:
        return f"<covariance {self.shape[0]}x{self.shape[1]}{'' if self.built else ', blocks only so far'}>"


class _RowsCov:
    """A table's covariance in the order of its current rows: ``at(i, j)`` is ``V[pos[i], pos[j]]``."""

    def __init__(self, cov: _Cov, pos: np.ndarray | None):
        self.cov, self.pos = cov, pos

    def at(self, i, j):
        i, j = np.asarray(i), np.asarray(j)
        return self.cov.at(i, j) if self.pos is None else self.cov.at(self.pos[i], self.pos[j])


def _covmat(V, estimable: np.ndarray | None) -> _Cov:
    """The covariance of a table's rows, R's ``vcov(svyby(..., covmat = TRUE))``: NaN in the row and column of an
    estimate that has none (a domain nobody answered in); ``V`` an array or a :class:`_Cov` of blocks not yet built."""
    if isinstance(V, _Cov):
        return _Cov(blocks=V.blocks, build=V.full, estimable=estimable)
    return _Cov(full=V, estimable=estimable)


def svymean(design: SurveyDesign, values, *, by=None, level: float = 0.95, deff: bool = False,
            covmat: bool = False, df=None) -> pd.DataFrame:
    """Design-based means, R's ``svymean(..., na.rm = TRUE)`` and ``svyby(..., svymean)``.

    加权均值及其设计标准误；``deff=True`` 给出 R 的两种设计效应：``deff``（对不放回简单随机抽样，
    R 的 ``deff = TRUE``；权重之和小于受访人数时总体小于样本，与 R 一样为 NaN）与 ``deff_replace``（对放回简单随机抽样，
    R 的 ``deff = "replace"``）。/ ``deff`` is NaN where the weights sum to less than the respondents, as R's NA.

    Parameters
    ----------
    design : SurveyDesign
    values : str, list of str or DataFrame
        NaN is outside the domain (R's ``na.rm = TRUE``). A categorical column (pandas ``category``, R's factor)
        gives a row a level, named ``<column><level>`` as R names them, every declared level kept: a level nobody
        chose is 0 with SE 0, as R's ``svymean(~f)``. (Text columns are refused, not read as factors.)
    by : str or list of str, optional
    level : float
        Normal interval, as R's ``confint``.
    deff : bool
    covmat : bool
        Keep the covariance of the rows' estimates in ``attrs["vcov"]`` (R's ``svyby(..., covmat = TRUE)``), for
        :func:`svycontrast`: every window against every other, this year against last. It equals R 4.2.2 / survey
        4.1.1's ``vcov(svyby(~y, ~g, design, svymean, covmat = TRUE))``: the full matrix, windows that share PSUs
        covary (not block-diagonal, on a linearisation design as on replicates). As R's, it is taken on the
        whole design, so with ``adjust_domain_lonely`` (or ``average`` where a domain misses strata) its diagonal can
        differ from ``se``, the domain's own. The matrix is labelled by the table's group columns and ``variable``
        (``attrs["vcov_rows"]``), so it follows the rows when the table is sorted or filtered. Only each group's
        block is computed with the table (what a contrast within a window needs, as :func:`net_promoter`'s); the
        whole matrix the first time it is read (``np.asarray(t.attrs["vcov"])``, or a contrast across groups), then
        kept read-only and shared by the tables and columns taken from ``t`` rather than copied into each.
    df : None, number or "design"
        The interval on Student's t with these degrees of freedom (R's ``confint(..., df = )``; ``"design"`` is
        ``df = degf(design)``); None: normal, R's default.

    Returns
    -------
    pandas.DataFrame
        ``*by``, ``variable``, ``n``, ``mean``, ``se``, ``ci_low``, ``ci_high`` (and ``deff``, ``deff_replace``).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"h": list("aabb"), "y": [1.0, 2, 3, 5], "w": [2.0, 2, 3, 3]})
    >>> svymean(svydesign(f, ids=None, strata="h", weights="w"), "y")[["mean", "se"]].round(6).values.tolist()
    [[3.0, 0.632456]]
    """
    return _estimate(design, values, by, "mean", level, deff, covmat, df)


def _fmm_spline(x: np.ndarray, y: np.ndarray):
    """Forsythe, Malcolm and Moler's cubic spline coefficients (R's ``spline(method = "fmm")``): ``b, c, d`` with
    ``s(u) = y_i + t (b_i + t (c_i + t d_i))``, ``t = u - x_i``; end conditions from the third divided differences."""
    n = len(x)
    b, c, d = np.zeros(n), np.zeros(n), np.zeros(n)
    if n < 2:
        return b, c, d
    if n < 3:
        b[:] = (y[1] - y[0]) / (x[1] - x[0])
        return b, c, d
    m = n - 1
    d[0] = x[1] - x[0]
    c[1] = (y[1] - y[0]) / d[0]
    for i in range(1, m):
        d[i] = x[i + 1] - x[i]
        b[i] = 2.0 * (d[i - 1] + d[i])
        c[i + 1] = (y[i + 1] - y[i]) / d[i]
        c[i] = c[i + 1] - c[i]
    b[0], b[m] = -d[0], -d[n - 2]
    c[0] = c[m] = 0.0
    if n > 3:
        c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
        c[m] = c[n - 2] / (x[m] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
        c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
        c[m] = -c[m] * d[n - 2] * d[n - 2] / (x[m] - x[n - 4])
    for i in range(1, m + 1):
        t = d[i - 1] / b[i - 1]
        b[i] = b[i] - t * d[i - 1]
        c[i] = c[i] - t * c[i - 1]
    c[m] = c[m] / b[m]
    for i in range(n - 2, -1, -1):
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
    b[m] = (y[n - 1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[m])
    for i in range(m):
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i])
        d[i] = (c[i + 1] - c[i]) / d[i]
        c[i] = 3.0 * c[i]
    c[m] = 3.0 * c[m]
    d[m] = d[n - 2]
    return b, c, d


def _spline(x: np.ndarray, y: np.ndarray):
    """R's ``spline(x, y)``: the fmm spline through the points (in the order of ``x``, tied ``x`` averaged),
    evaluated at ``3 * length(x)`` equally spaced points from the least to the largest ``x``."""
    o = np.argsort(x, kind="stable")
    x, y = x[o], y[o]
    if len(x) > 1 and (np.diff(x) == 0).any():
        u, inv = np.unique(x, return_inverse=True)
        y = np.bincount(inv, y) / np.bincount(inv)
        x = u
    nout = 3 * len(o)
    u = x[0] + np.arange(nout) * ((x[-1] - x[0]) / (nout - 1))
    b, c, d = _fmm_spline(x, y)
    i = np.clip(np.searchsorted(x, u, side="right") - 1, 0, len(x) - 1)
    t = u - x[i]
    return u, y[i] + t * (b[i] + t * (c[i] + t * d[i]))


def _likelihood_interval(yk, wk, mu, var_l, naive, df, n_rows, level, replicates):
    """R's ``svyciprop(method = "likelihood")``: ``confint(svyglm(y ~ 1, family = quasibinomial), method =
    "likelihood", ddf = df)`` -- the profile of the weighted deviance over the design-based dispersion, stepped
    out from the fit by a fifth of ``sqrt(qf(alpha, 1, n - 1))`` design SEs, interpolated by R's fmm spline and
    read at the normal quantiles of the Rao-Scott scaled level ``alpha = pnorm(qt(a/2, df) sqrt(lambda)) / 2``
    (``lambda`` the design variance over the model one); ``expit`` back."""
    if not 0 < mu < 1 or not df > 0:
        return np.nan, np.nan
    with np.errstate(all="ignore"):          # a profile that leaves the scale (df near 0) gives NaN, silently
        return _likelihood_profile(yk, wk, mu, var_l, naive, df, n_rows, level, replicates)


def _likelihood_profile(yk, wk, mu, var_l, naive, df, n_rows, level, replicates):
    from scipy import special

    W = wk * (n_rows / wk.sum())                    # the prior weights of R's svyglm, mean 1 over the rows
    b0 = np.log(mu / (1 - mu))

    def deviance(p):
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(yk > 0, yk * np.log(yk / p), 0.0) + np.where(yk < 1, (1 - yk) * np.log((1 - yk) / (1 - p)), 0.0)
        return float(np.sum((2 * W * r).astype(np.longdouble)))

    dev0 = deviance(mu)
    se = np.sqrt(var_l)                             # the design SE of the logit
    lam = se ** 2 / naive
    alpha = _dist.norm_sf(-_dist.t_ppf((1 - level) / 2, df) * np.sqrt(lam)) / 2
    n = len(yk)
    # R's sqrt(qf(alpha, 1, n - 1, lower.tail = FALSE)), the upper tail taken directly: F(1, m) is t(m) squared, so
    # it is |qt(alpha / 2, m)|. fdtri(1, m, 1 - alpha) loses alpha in 1 - alpha (1.6e-9 off at alpha 4e-9, inf below
    # 1e-16: steps of inf, an interval NaN where R's is finite)
    zmax = abs(float(special.stdtrit(n - 1, alpha / 2))) if n > 1 else np.nan
    if replicates:
        # R's summary.svrepglm: sum(pw r^2) / sum(pw), its Pearson residuals r = (y - mu) sqrt(W) / (sqrt(mu (1 - mu))
        # sqrt(pw / sum(pw))), which is n times the linearisation one: the profile rarely reaches the cut-off, and
        # the interval is then NaN, as R's
        pr = (yk - mu) * np.sqrt(W) / (np.sqrt(mu * (1 - mu)) * np.sqrt(wk / wk.sum()))
        disp = float(np.sum(wk * pr ** 2) / wk.sum())
    else:
        # R's svyvar of svyglm's Pearson residuals, which divide the sampling weights back out
        # ((y - mu) / sqrt(mu (1 - mu))), with weights w and n / (n - 1) over the non-zero weights
        pr = (yk - mu) / np.sqrt(mu * (1 - mu))
        disp = _element_var(wk, pr, np.ones(len(yk), dtype=bool))[0]
    dl = zmax / 5
    bs, zs = [b0], [0.0]
    for sgn in (-1, 1):
        step, z = 0, 0.0
        while (step := step + 1) < 10 and abs(z) < zmax:
            bi = b0 + sgn * step * dl * se
            # R's glm.fit evaluates mu by binomial()$linkinv, which holds eta within +/-30 (DBL_EPSILON from 0 and
            # 1): a step beyond it gives the same deviance, so the profile levels off there, never an infinite
            # deviance (expit rounds to 1 above ~37), whose NaN spline left the interval NaN where R's is finite
            zz = (deviance(_LINKS["logit"][1](np.float64(bi))) - dev0) / disp
            z = sgn * np.sqrt(max(zz, 0.0))
            bs.append(bi)
            zs.append(z)
    bs, zs = np.array(bs), np.array(zs)
    o = np.argsort(zs, kind="stable")
    sx, sy = _spline(bs[o], zs[o])
    cut = 2 * alpha
    out = []
    for c in (_dist.norm_ppf(cut), -_dist.norm_ppf(cut)):
        if c < np.min(sy) or c > np.max(sy):
            out.append(np.nan)                      # R's approx(rule = 1): NA outside the profile
        else:
            v = _approx(sy, sx, c, False)
            out.append(np.exp(v) / (1 + np.exp(v)))
    return out[0], out[1]


def svyciprop(design: SurveyDesign, values, *, by=None, method: str = "beta", level: float = 0.95) -> pd.DataFrame:
    """A proportion with an interval inside 0–1, R's ``svyciprop`` (and ``svyby(..., svyciprop)``).

    比例及其不越出 0–1 的置信区间（Korn–Graubard 或 logit），等同 R 的 ``svyciprop``；适用于任何
    线性化设计，包括有限总体校正与事后分层、raking、线性校准之后的设计。

    Each value column is a 0/1 indicator; NaN is outside the domain, as
    ``svyciprop(~y, subset(design, !is.na(y)))``. The point estimate and SE are
    :func:`svymean`'s; the interval is :func:`windoweval.survey.estimate.proportion_ci` with the
    domain's degrees of freedom (its PSUs with a non-zero weight minus their strata, R's ``degf``
    of the subset) and R's ``nrow(design)``: the domain's rows, or every row of a calibrated design
    (R keeps a calibrated design's rows when it takes a subset, with zero weight).

    Parameters
    ----------
    design : SurveyDesign
        A linearisation design (:func:`svydesign`, possibly calibrated) or a replicate design
        (:func:`replicate_design`: R's ``svyciprop`` on a ``svrepdesign``, its df the rank of the domain's
        replicate weights minus one, ``logit`` from the intercept refitted on every replicate as R's ``svyglm``).
    values : str, list of str or DataFrame
        0/1 indicators.
    by : str or list of str, optional
    method : {"beta", "logit", "likelihood", "asin", "xlogit", "mean"}
        R's methods. ``likelihood`` is R's profile-likelihood interval of the quasibinomial ``svyglm`` (the
        deviance over the design-based dispersion, Rao-Scott scaled level, R's fmm spline through the profile); on
        a replicate design R's dispersion is ``n`` times the linearisation one, so the interval is mostly NaN there,
        as R's. ``asin`` and ``xlogit`` are the delta
        method on ``asin(sqrt(p))`` and ``log(p / (1 - p))`` back-transformed, ``mean`` the plain ``t``
        interval (it can leave 0-1, as R's).
    level : float

    Returns
    -------
    pandas.DataFrame
        ``*by``, ``variable``, ``n``, ``mean``, ``se``, ``ci_low``, ``ci_high``, ``df``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"h": list("aaaabbbb"), "psu": [1, 2, 3, 4, 5, 6, 7, 8], "N": 40,
    ...                   "y": [1.0, 1, 1, 0, 1, 1, 1, 1], "w": [2.0, 2, 2, 2, 3, 3, 3, 3]})
    >>> t = svyciprop(svydesign(f, ids="psu", strata="h", weights="w", fpc="N"), "y")
    >>> # R: svyciprop(~y, svydesign(~psu, strata=~h, weights=~w, fpc=~N, data=f), method="beta")
    >>> # -> 0.9, SE 0.09486832981, 2.5% 0.53923991386, 97.5% 0.99798575820
    >>> t[["mean", "se", "ci_low", "ci_high", "df"]].round(6).values.tolist()
    [[0.9, 0.094868, 0.53924, 0.997986, 6.0]]
    """
    from .estimate import proportion_ci

    if method not in ("beta", "logit", "likelihood", "asin", "xlogit", "mean"):
        raise DesignError(f"svyciprop 的 method 必须是 beta、logit、likelihood、asin、xlogit 或 mean，不是 {method!r} / "
                          f"svyciprop's method must be beta, logit, likelihood, asin, xlogit or mean, not {method!r}")
    cols = [values] if isinstance(values, str) else list(values) if isinstance(values, (list, tuple)) else \
        list(pd.DataFrame(values).columns)
    src = design.frame if isinstance(values, (str, list, tuple)) else pd.DataFrame(values)
    cat = [c for c in cols if isinstance(src[c].dtype, pd.CategoricalDtype)]
    if cat:
        # R's svyciprop needs a 0/1 (or logical) variable; a factor is a row a level in svymean, not one proportion
        raise DesignError(f"svyciprop 需要 0/1 数值列，'{cat[0]}' 是分类列（取值 {list(src[cat[0]].cat.categories)}）；请改用 "
                          f"0/1 列，如 ({cat[0]} == 某取值).astype(float)，或用 svymean 得到每个取值的比例 / svyciprop needs "
                          f"a 0/1 numeric column, '{cat[0]}' is categorical (levels "
                          f"{list(src[cat[0]].cat.categories)}); pass a 0/1 column such as ({cat[0]} == level)"
                          ".astype(float), or use svymean for the share of every level")
    t = _estimate(design, values, by, "mean", level, False)
    V = _values(design, values).to_numpy()
    g, labels, _ = _groups(design, by)
    if design.repweights is None:   # every (window, column) at once: no pass over the rows per domain (survey47b)
        df, nrow = _domains_df_nrow(design, V, g, len(labels))
    else:
        df, nrow = [], []
        digest = _digest(design.repweights)     # once, not once per domain
        for gi in range(len(labels)):
            for j in range(V.shape[1]):
                ok = (g == gi) & ~np.isnan(V[:, j])
                d_, n_ = _domain_df_nrow(design, ok, digest)
                df.append(d_)
                nrow.append(n_)
    t["df"] = np.asarray(df, dtype=float)
    if method in ("asin", "xlogit", "mean"):
        # R: svymean, then (asin, xlogit) svycontrast's delta method on asin(sqrt(p)) or log(p / (1 - p)), confint with
        # qt on df, back-transformed by sin(.)^2 or expit
        p_, se_ = t["mean"].to_numpy(), t["se"].to_numpy()
        q = _dist.t_ppf(1 - (1 - level) / 2, t["df"].to_numpy())
        with np.errstate(invalid="ignore", divide="ignore"):
            if method == "mean":
                lo, hi = p_ - q * se_, p_ + q * se_
            elif method == "asin":
                c, s_ = np.arcsin(np.sqrt(p_)), se_ / (2 * np.sqrt(p_ * (1 - p_)))
                lo, hi = np.sin(c - q * s_) ** 2, np.sin(c + q * s_) ** 2
            else:
                c, s_ = np.log(p_ / (1 - p_)), se_ / (p_ * (1 - p_))
                lo, hi = 1 / (1 + np.exp(-(c - q * s_))), 1 / (1 + np.exp(-(c + q * s_)))
        t["ci_low"], t["ci_high"] = lo, hi
        return t
    if method == "beta":
        lo, hi = proportion_ci(t["mean"].to_numpy(), t["se"].to_numpy() ** 2, np.asarray(nrow, dtype=float),
                               t["df"].to_numpy(), method=method, level=level)
        t["ci_low"], t["ci_high"] = lo, hi
        return t
    # logit and likelihood: R's rate and interval are svyglm's (family quasibinomial): its fitted proportion, which
    # glm.fit's stopping rule leaves ~1e-11 from the mean, and the design variance of its logit -- linearised (the
    # variance of w (y - mu) / W centred there, over (mu (1 - mu))^2) or from the intercept refitted on every
    # replicate's weights (w_r / sum(w_r)) from the full-sample fit (svrVar of those logits)
    from .estimate import _glm_logit_coefs, _glm_logit_means, _logit_interval

    w = design.weights
    M, K = V.shape[1], len(nrow)
    # every (domain, column)'s answered rows at once, keyed k = domain * M + column: no pass over the rows per
    # domain (survey48; before, a mask of all rows for each of the G * M domains, twice)
    r, m_ = np.nonzero(~np.isnan(V) & (g >= 0)[:, None])
    key = g[r] * M + m_
    if (w[r] < 0).any():
        neg = np.flatnonzero(np.bincount(key, w[r] < 0, minlength=K))
    else:
        neg = []
    if len(neg):
        # R's svyglm is a glm, which stops on them ("negative weights not allowed"): no fit, no interval to agree with
        n_neg = int((w < 0).sum())
        raise DesignError(
            f"{n_neg} 行的权重为负（线性校准可能产生负权重），R 的 svyciprop(method = \"{method}\") 在此报错（其 glm 不接受负"
            "权重），没有可核对的区间。请改用 Korn–Graubard 区间（method=\"beta\"，命令行 --method beta），或改用使权重保持为正的"
            f"加权（raking：--rake）/ {n_neg} rows have negative weights (linear calibration can give them), where R's "
            f"svyciprop(method = \"{method}\") stops (its glm takes no negative weights), so there is no interval to agree "
            "with. Use the Korn-Graubard interval (method=\"beta\", --method beta on the command line), or a weighting "
            "that keeps the weights positive (raking: --rake)")
    mu = t["mean"].to_numpy().copy()
    # logit: R's svyglm fits a domain whose answers are all 1 (or all 0) too, stopping ~2e-11 from the edge, and
    # its interval comes from that coefficient and its SE (below), not NaN
    fit = (0 < mu) & (mu < 1) | ((method == "logit") & ((mu == 0.0) | (mu == 1.0)))
    sel = fit[key]
    yv = V[r, m_]
    b0, mu_f, swsum = _glm_logit_means(yv[sel], w[r[sel]], key[sel], K, np.asarray(nrow, dtype=float))
    b0[~fit], swsum[~fit] = np.nan, np.nan
    mu = np.where(fit, mu_f, mu)
    wsum = np.bincount(key, w[r], minlength=K)
    X = sparse.csr_matrix((w[r] * (yv - mu[key]) / wsum[key], (r, key)), shape=(len(V), K))
    dom_sp = sparse.csr_matrix((np.ones(len(key), dtype=bool), (r, key)), shape=(len(V), K))

    def domain_rows(k):     # one domain's rows, for the replicate refit and the likelihood interval (per domain)
        return (g == k // M) & ~np.isnan(V[:, k % M])

    if design.repweights is None:
        var_p = _var_taylor(design, X, dom_sp)
        with np.errstate(invalid="ignore", divide="ignore"):
            var_l = var_p / (mu * (1 - mu)) ** 2
    else:
        R = design.repweights
        var_l = np.full(len(nrow), np.nan)
        for k in range(K):
            if not 0 < mu[k] < 1:
                continue
            ok = domain_rows(k)
            yk = V[ok, k % V.shape[1]]
            br = _glm_logit_coefs(yk, R[ok], b0[k])       # every replicate's refit at once
            var_l[k] = _rep_vcov(design, b0[k:k + 1], br[:, None])[0, 0]
    t["mean"] = mu
    if method == "logit":
        if design.repweights is None:
            # a domain of all 1 (or 0): R's b0 +/- t * SE(b0), from the coefficient (see _logit_interval)
            lo, hi = _logit_interval(mu, var_p, t["df"].to_numpy(), level, b0)
        else:
            # the t quantile itself: where df is 1, R's normal round trip saturates to [0, NaN]; the package keeps
            # the t interval there (tests/test_audit15_domains_r.py::saturated)
            q = _dist.t_ppf(1 - (1 - level) / 2, t["df"].to_numpy())
            with np.errstate(invalid="ignore", divide="ignore"):
                lo = 1 / (1 + np.exp(-(b0 - q * np.sqrt(var_l))))
                hi = 1 / (1 + np.exp(-(b0 + q * np.sqrt(var_l))))
    else:
        lo, hi = np.full(len(nrow), np.nan), np.full(len(nrow), np.nan)
        for k in range(K):
            ok = domain_rows(k)
            lo[k], hi[k] = _likelihood_interval(V[ok, k % V.shape[1]], w[ok], mu[k], var_l[k], 1 / swsum[k],
                                                t["df"].to_numpy()[k], nrow[k], level, design.repweights is not None)
    t["ci_low"], t["ci_high"] = lo, hi
    return t


def svytotal(design: SurveyDesign, values, *, by=None, level: float = 0.95, deff: bool = False,
             covmat: bool = False, df=None) -> pd.DataFrame:
    """Design-based totals, R's ``svytotal(..., na.rm = TRUE)``.

    加权总量及其设计标准误（含两种设计效应）。

    Parameters
    ----------
    design : SurveyDesign
    values : str, list of str or DataFrame
        A categorical column gives a total a level, as in :func:`svymean` (R's ``svytotal(~f)``).
    by : str or list of str, optional
    level : float
    deff : bool
    covmat : bool
        Keep the covariance of the rows' estimates in ``attrs["vcov"]``, for :func:`svycontrast`.
    df : None, number or "design"
        As :func:`svymean`.

    Returns
    -------
    pandas.DataFrame
        ``*by``, ``variable``, ``n``, ``total``, ``se``, ``ci_low``, ``ci_high`` (and ``deff``, ``deff_replace``).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"y": [1.0, 2, 3], "w": [10.0, 10, 10]})
    >>> svytotal(svydesign(f, ids=None, strata=None, weights="w"), "y")[["total", "se"]].values.tolist()
    [[60.0, 17.320508075688775]]
    """
    return _estimate(design, values, by, "total", level, deff, covmat, df)


def _numeric(design: SurveyDesign, col: str) -> np.ndarray:
    return _as_number(_col(design.frame, col), col, "分析变量 variable", design.frame)


def _table_head(labels: pd.DataFrame, bylist: list, G: int) -> pd.DataFrame:
    return labels.reset_index(drop=True).copy() if bylist else pd.DataFrame(index=range(G))


def _warn_lost_replicates(th_r: np.ndarray, answered: np.ndarray, labels: pd.DataFrame, bylist: list, what,
                          M: int = 1, stacklevel: int = 4) -> None:
    """Warn, as R's svrVar does ("1 replicates gave NA results and were discarded", R 4.2.2 / survey 4.1.1
    ``svyby(~y, ~a, jk1, svymean)`` and ``svyby(~y, ~a, jk1, svyratio, denominator = ~z)`` with a level in one
    PSU), where a replicate's estimate of an answered domain is NaN (no weight there) and so left out of that
    domain's variance.  ``th_r``: replicates x columns, column ``k`` the domain ``k // M`` (a row of ``labels``) and
    the variable ``what(k)``."""
    lost = np.isnan(th_r).sum(axis=0)
    if not (lost[answered] > 0).any():
        return
    import warnings

    where = []
    for k in np.flatnonzero((lost > 0) & answered)[:10]:
        lab = ", ".join(f"{c}={labels.iloc[k // M][c]}" for c in bylist) if bylist else "全体 all"
        where.append(f"{lab} ({what(k)}): {int(lost[k])}")
    shown = "; ".join(where)
    warnings.warn(f"重复权重中有的在某个域中无人有权重，其估计为 NA，已从该域的方差中去掉（R 的 svrVar 同样去掉并警告）："
                  f"{shown} / some replicates have no weight in a domain and gave NA results there; they were "
                  f"discarded from that domain's variance, as R's svrVar does (and warns: 'replicates gave NA "
                  f"results and were discarded'): {shown}", RuntimeWarning, stacklevel=stacklevel)


def _per_column_rep_var(design: SurveyDesign, est: np.ndarray, th_r: np.ndarray) -> np.ndarray:
    """Each column's replicate variance on its own (R's svyby: a replicate with no weight in a domain is left out of
    that domain's variance only)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return _rep_var_columns(design, est, th_r)


def svyratio(design: SurveyDesign, numerator: str, denominator: str, *, by=None, level: float = 0.95,
             deff: bool = False, covmat: bool = False, df=None) -> pd.DataFrame:
    """Ratio of two totals, R's ``svyratio(~num, ~den, design, na.rm = TRUE)`` and, by group,
    ``svyby(~num, ~g, design, svyratio, denominator = ~den, na.rm = TRUE)``.

    两个总量之比（如每次来访的平均满意分、每件工单的平均回访次数）及其标准误，可按窗口等分组。

    Parameters
    ----------
    design : SurveyDesign
    numerator, denominator : str
        A row missing either is outside the ratio (R's ``na.rm = TRUE``).
    by : str or list of str, optional
        One ratio per group, each on its own rows (a domain, as R's ``svyby``).
    level : float
        Normal interval, as R's ``confint``.
    deff : bool
        Add R's two design effects: ``deff`` (against simple random sampling without replacement, R's
        ``deff = TRUE``) and ``deff_replace`` (with replacement, R's ``deff = "replace"``). Refused on a replicate
        design, where R's ``svyratio`` stops (survey 4.1.1: "incorrect number of dimensions").
    covmat : bool
        Keep the covariance of the rows' ratios in ``attrs["vcov"]``, for :func:`svycontrast`.
    df : None, number or "design"
        As :func:`svymean`.

    Returns
    -------
    pandas.DataFrame
        ``*by``, ``numerator``, ``denominator``, ``n`` (rows with both values), ``ratio``, ``se``, ``ci_low``,
        ``ci_high`` (and ``deff``, ``deff_replace``).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"y": [1.0, 2, 3], "x": [2.0, 2, 2], "w": 1.0})
    >>> float(svyratio(svydesign(f, ids=None, strata=None, weights="w"), "y", "x").loc[0, "ratio"])
    1.0
    >>> f = pd.DataFrame({"win": list("aabb"), "y": [1.0, 3, 4, 6], "x": [1.0, 2, 2, 2], "w": 1.0})
    >>> svyratio(svydesign(f, ids=None, strata=None, weights="w"), "y", "x", by="win")[["win", "ratio"]].values.tolist()
    [['a', 1.3333333333333333], ['b', 2.5]]
    """
    if deff and design.repweights is not None:
        raise DesignError(
            "重复权重设计上不计算比率的设计效应：R 的 svyratio 在此报错（survey 4.1.1：incorrect number of dimensions），"
            "无可核对的参照。请去掉 deff，或在线性化设计上计算 / the design effect of a ratio is not computed on a "
            "replicate design: R's svyratio stops there (survey 4.1.1: 'incorrect number of dimensions'), so there is "
            "no reference to agree with. Drop deff, or compute it on a linearisation design")
    y = _numeric(design, numerator)
    x = _numeric(design, denominator)
    both = ~np.isnan(y) & ~np.isnan(x)
    g, labels, bylist = _groups(design, by)
    G = len(labels)
    w = design.weights
    n = len(y)
    # each complete row once, keyed by its domain, the influence values held sparse and the totals by bincount: no
    # rows x domains matrix and no loop over the domains (survey47, as survey46 did for svymean)
    rows = np.flatnonzero(both & (g >= 0))
    gk, yk, xk, wk = g[rows], y[rows], x[rows], w[rows]
    n_dom = np.bincount(gk, minlength=G)
    answered = n_dom > 0
    Xhat = np.bincount(gk, wk * xk, minlength=G)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.bincount(gk, wk * yk, minlength=G) / Xhat
        # numerators all in one proportion to their denominators (y = r x on every row): that r exactly, so the
        # residuals are exact zeros (SE 0, as R's), not rounding noise
        nz = xk != 0
        q = yk[nz] / xk[nz]
        qa, qb = np.full(G, np.inf), np.full(G, -np.inf)
        np.minimum.at(qa, gk[nz], q)
        np.maximum.at(qb, gk[nz], q)
        off = np.bincount(gk, (~nz & (yk != 0)).astype(float), minlength=G) > 0   # y off 0 where x is 0
        r = np.where((qa == qb) & ~off & (Xhat != 0), qa, r)
        # R: (num - ratio * den) / (denominator total), on the domain's rows
        ek = (yk - r[gk] * xk) / Xhat[gk]
    X = sparse.csr_matrix((wk * ek, (rows, gk)), shape=(n, G))
    dom = sparse.csr_matrix((np.ones(len(rows), dtype=bool), (rows, gk)), shape=(n, G))
    if design.repweights is None:
        var = _var_taylor(design, X, dom)
        # as svymean's: R's whole-design covmat; each domain's own block now, the whole matrix when read
        V = _Cov(blocks=_vcov_taylor(design, X, block=1), build=lambda: _vcov_taylor(design, X)) if covmat else None
    else:
        R = np.asarray(design.repweights, dtype=float)
        Ysp = sparse.csr_matrix((yk, (rows, gk)), shape=(n, G))
        Xsp = sparse.csr_matrix((xk, (rows, gk)), shape=(n, G))
        with np.errstate(invalid="ignore", divide="ignore"):
            th = np.asarray((Ysp.T @ R).T) / np.asarray((Xsp.T @ R).T)
        # a replicate with no weight in a domain: left out of its variance, and said, as R's svrVar (review rev18)
        _warn_lost_replicates(th, answered, labels, bylist, lambda k: f"{numerator}/{denominator}", 1, 3)
        var = _per_column_rep_var(design, r, th)
        V = _Cov(blocks=_rep_vcov(design, r, th, block=1), build=lambda: _rep_vcov(design, r, th)) if covmat else None
    out = _table_head(labels, bylist, G)
    out["numerator"] = numerator
    out["denominator"] = denominator
    out["n"] = n_dom.astype(int)
    out["ratio"] = r
    # a group without a complete row has no ratio and no standard error (never a standard error of 0)
    se = np.where(answered, np.sqrt(var), np.nan)
    z = _ci_quantile(level, df, design)
    out["se"] = se
    out["ci_low"] = r - z * se
    out["ci_high"] = r + z * se
    if deff:
        # R: deff(svytotal(r, design, deff)), r the ratio's residual over the denominator total, on the domain's rows
        # (R's svyvar of them: weighted variance times n/(n-1)), every domain at once by its key
        with np.errstate(invalid="ignore", divide="ignore"):
            nobs = np.bincount(gk, (wk != 0).astype(float), minlength=G)
            Wd = np.bincount(gk, wk, minlength=G)
            mu = np.bincount(gk, wk * ek, minlength=G) / Wd
            on = wk != 0
            lo, hi = np.full(G, np.inf), np.full(G, -np.inf)
            np.minimum.at(lo, gk[on], ek[on])
            np.maximum.at(hi, gk[on], ek[on])
            mu = np.where(lo == hi, lo, mu)     # all alike: variance exactly 0 (R's deff 0/0 = NaN), not noise
            s2 = np.bincount(gk, wk * (ek - mu[gk]) ** 2, minlength=G) / Wd * nobs / (nobs - 1)
            vsrs = s2 * Wd ** 2 / nobs
            out["deff"] = var / (vsrs * (Wd - nobs) / Wd)
            out["deff_replace"] = var / vsrs
    if covmat:
        out.attrs["vcov"] = _covmat(V, None)
        _key_rows(out, bylist + ["numerator", "denominator"])
    return out


def svyvar(design: SurveyDesign, values, *, by=None, level: float = 0.95, df=None) -> pd.DataFrame:
    """Population variance of a variable, R's ``svyvar(~y, design, na.rm = TRUE)`` and
    ``svyby(~y, ~g, design, svyvar, na.rm = TRUE)``.

    总体方差（如等候时间的离散程度）及其设计标准误，可按窗口分组。

    Parameters
    ----------
    design : SurveyDesign
    values : str or list of str
        One variance per column, each as R's ``svyvar`` of that column alone (R's matrix for several columns drops
        a row missing any of them); NaN is outside (``na.rm = TRUE``).
    by : str or list of str, optional
    level : float
        Normal interval, as R's ``confint``.
    df : None, number or "design"
        As :func:`svymean`.

    Returns
    -------
    pandas.DataFrame
        ``*by``, ``variable``, ``n`` (rows with a value), ``variance``, ``se``, ``ci_low``, ``ci_high``.

    Notes
    -----
    As R: on a linearisation design the variance is the weighted mean of ``(y - mean)^2 n/(n-1)`` where ``n``
    counts the rows of weight other than 0 in the design (or the group) -- rows missing ``y`` included, as R's
    ``svyvar.survey.design`` counts them -- and its standard error that of this mean with the mean held fixed; on
    a replicate design ``n`` counts the rows with a value and every replicate recomputes its own mean (R's
    ``svyvar.svyrep.design``).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"y": [1.0, 2, 3, 6], "w": 1.0})
    >>> # R: svyvar(~y, svydesign(ids = ~1, weights = ~w, data = f)) -> 4.6667, SE 2.6943
    >>> svyvar(svydesign(f, ids=None, strata=None, weights="w"), "y")[["variance", "se"]].round(4).values.tolist()
    [[4.6667, 2.6943]]
    """
    V = _values(design, values)
    Y = V.to_numpy()
    g, labels, bylist = _groups(design, by)
    G, M = len(labels), Y.shape[1]
    w = design.weights
    K = G * M
    # every (domain, column)'s answered rows at once, keyed domain * M + column (survey48: before, a mask of all
    # rows and dense rows x domains matrices for each (window, column) of a linearised design)
    r, m_ = np.nonzero(~np.isnan(Y) & (g >= 0)[:, None])
    key = g[r] * M + m_
    answered = np.bincount(key, minlength=K)
    with np.errstate(invalid="ignore", divide="ignore"):
        if design.repweights is None:
            # n: the domain's rows with weight (answered or not), as R's nrow of the subset's design
            n = np.repeat(np.bincount(g[(g >= 0) & (w != 0)], minlength=G), M).astype(float)
            y, wr = Y[r, m_], w[r]
            W = np.bincount(key, wr, minlength=K)
            xbar = np.bincount(key, wr * y, minlength=K) / W
            z = (y - xbar[key]) ** 2 * n[key] / (n[key] - 1)
            est = np.bincount(key, wr * z, minlength=K) / W
            X = sparse.csr_matrix((wr * (z - est[key]) / W[key], (r, key)), shape=(len(Y), K))
            dom_sp = sparse.csr_matrix((np.ones(len(key), dtype=bool), (r, key)), shape=(len(Y), K))
            var = _var_taylor(design, X, dom_sp)
        else:
            # n: the domain's answered rows (every row of the domain with a value in the column, weight or not)
            n = answered.astype(float)

            def v(Wt):          # Wt: rows x replicates (or one column); each (domain, column) from its answered rows
                # alone: a sparse domains x entries sum over the answered entries of each column, no mask of all the
                # rows a (window, column) (survey49: before, five passes over rows x replicates per window)
                out = np.empty((Wt.shape[1], K))
                for j in range(M):
                    at = m_ == j
                    rows, kj = r[at], g[r[at]]
                    S = sparse.csr_matrix((np.ones(len(rows)), (kj, np.arange(len(rows)))), shape=(G, len(rows)))
                    Wj, yj = Wt[rows], Y[rows, j][:, None]
                    sw = S @ Wj
                    xb = (S @ (Wj * yj)) / sw
                    nk = n[j::M][:, None]
                    out[:, j::M] = (nk / (nk - 1) * (S @ (Wj * (yj - xb[kj]) ** 2)) / sw).T
                return out

            est = v(w[:, None])[0]
            th_r = v(design.repweights)
            # a replicate with no weight in a domain: left out of its variance, and said, as R's svrVar (R 4.2.2 /
            # survey 4.1.1 svyby(~y, ~a, jk1, svyvar) with a level in one PSU: "1 replicates gave NA results and were
            # discarded"; review rev18)
            _warn_lost_replicates(th_r, n > 1, labels, bylist, lambda k: V.columns[k % M], M, 3)
            var = _per_column_rep_var(design, est, th_r)
    out = labels.loc[np.repeat(np.arange(G), M)].reset_index(drop=True) if bylist else pd.DataFrame(index=range(G * M))
    out["variable"] = np.tile(np.asarray(V.columns, dtype=object), G)
    out["n"] = answered.astype(int)
    out["variance"] = est
    se = np.where(answered > 0, np.sqrt(var), np.nan)     # a group nobody answered: no estimate, no SE
    z = _ci_quantile(level, df, design)
    out["se"] = se
    out["ci_low"] = est - z * se
    out["ci_high"] = est + z * se
    return out


def _r_row_names(table: pd.DataFrame) -> list:
    """R's names of a table's estimates: the variable (``y``; a ratio ``y/x``) without groups; with groups the
    groups' levels joined by ``.`` (``G1``, ``G1.a``), followed by ``:variable`` when the table has several
    variables, as ``svyby`` names them."""
    lab = table.attrs.get("vcov_rows")
    cols = lab["columns"] if lab else [c for c in ("variable",) if c in table]
    if not cols or any(c not in table for c in cols):
        return [str(i) for i in range(len(table))]
    if "numerator" in cols:
        var = (table["numerator"].astype(str) + "/" + table["denominator"].astype(str)).tolist()
        groups = [c for c in cols if c not in ("numerator", "denominator")]
    else:
        var = table["variable"].astype(str).tolist()
        groups = [c for c in cols if c != "variable"]
    if not groups:
        return var
    g = [".".join(str(table[c].iloc[i]) for c in groups) for i in range(len(table))]
    if len(set(var)) <= 1:
        return g
    return [f"{a}:{b}" for a, b in zip(g, var)]


def _named_coefficients(c: dict, labels: list, name) -> np.ndarray:
    """R's ``match.names``: coefficients given by name, the estimates not named 0; a name not among the table's rows
    refused (R: "names not matched")."""
    unknown = [k for k in c if str(k) not in labels]
    if unknown:
        raise DesignError(f"对比 {name} 的系数名 {', '.join(map(str, unknown))} 不是表中的估计（R 报 names not matched）；"
                          f"可用的名称：{', '.join(labels)} / contrast {name} names {', '.join(map(str, unknown))}, "
                          f"not an estimate of the table (R: \"names not matched\"); the names are: {', '.join(labels)}")
    v = np.zeros(len(labels))
    for k, x in c.items():
        for i, lab in enumerate(labels):
            if lab == str(k):
                v[i] = x
    return v


def _contrast_est_se(coef: np.ndarray, V: np.ndarray, C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each contrast's estimate and standard error (rows of ``C``) from only the estimates it touches: ``c[nz] @
    V[nz, nz] @ c[nz]``, the contrasts of one support size in one product (one contrast per window over 2 x 1,000
    estimates cost 4e9 operations as ``C V C'``; sparse, a few thousand: nps45b). R's contrast(): a row a contrast
    gives 0 does not matter to it, whatever other contrasts make of that row (a window nobody answered, its estimate
    and covariances NaN, made every other window's contrast NaN: survey45); one it touches that is NaN makes it NaN.

    Examples
    --------
    >>> e, s = _contrast_est_se(np.array([1.0, 3, np.nan]), np.diag([1.0, 4, np.nan]), np.array([[-1.0, 1, 0], [0, 0, 1]]))
    >>> e.tolist(), s.round(6).tolist()[0], bool(np.isnan(s[1]))
    ([2.0, nan], 2.236068, True)
    """
    m = C.shape[0]
    est = np.zeros(m)
    var = np.zeros(m)
    bad = np.zeros(m, dtype=bool)
    r, j = np.nonzero(C)                      # row-major: each contrast's support in order
    size = np.bincount(r, minlength=m)
    for k in np.unique(size[size > 0]):
        rows_k = np.flatnonzero(size == k)
        nz = j[size[r] == k].reshape(len(rows_k), k)
        est[rows_k], var[rows_k], bad[rows_k] = _contrast_support(coef, V, nz, C[rows_k[:, None], nz])
    est = np.where(bad, np.nan, est)
    with np.errstate(invalid="ignore"):
        se = np.where(bad, np.nan, np.sqrt(var))
    return est, se


def _contrast_support(coef: np.ndarray, V: np.ndarray, nz: np.ndarray, c: np.ndarray):
    """Contrasts of one support size: ``nz`` (contrasts x k) the estimates each touches, ``c`` its coefficients on
    them; their estimates, variances (NaN entries as 0) and whether any entry they touch is NaN."""
    b = coef[nz]
    i, j = np.broadcast_arrays(nz[:, :, None], nz[:, None, :])
    Vk = V.at(i, j) if hasattr(V, "at") else V[i, j]
    bad = np.isnan(b).any(axis=1) | np.isnan(Vk).any(axis=(1, 2))
    with np.errstate(invalid="ignore"):
        est = np.einsum("ij,ij->i", c, np.where(np.isnan(b), 0.0, b))
        var = np.einsum("ij,ijk,ik->i", c, np.where(np.isnan(Vk), 0.0, Vk), c)
    return est, var, bad


def svycontrast(table: pd.DataFrame, contrasts: dict, *, level: float = 0.95, df=None) -> pd.DataFrame:
    """Linear contrasts of estimates, R's ``svycontrast(svyby(..., covmat = TRUE), list(...))``.

    估计值的线性对比：如本窗口与另一窗口之差、今年与去年之差，标准误取自各估计值的协方差（共用初级抽样单元的窗口
    之间并不独立）。

    Parameters
    ----------
    table : pandas.DataFrame
        A table from :func:`svymean`, :func:`svytotal` or :func:`svyratio` made with ``covmat=True`` (its
        ``attrs["vcov"]``); the estimate is its ``mean``, ``total`` or ``ratio`` column. It may be sorted or
        filtered: each row keeps its own variance (the matrix is labelled by the group columns and the variable); a
        table whose rows no longer match the matrix (a group column dropped, a row repeated or added) is refused.
    contrasts : dict
        ``{name: coefficients}``, one coefficient per row of ``table`` (R's ``list(name = c(...))``), or
        ``{name: {row name: coefficient}}``, R's named ``c(y = 1, x = -1)``: rows not named count 0. Row names are
        R's: the variable (``y``, a ratio ``y/x``), or with groups their levels joined by ``.`` (``G1``), then
        ``:variable`` when the table has several variables (``G1:y``).
    level : float
        Normal interval, as R's ``confint`` of a ``svystat``.
    df : None or number
        The interval (not ``z`` and ``p_value``, which stay normal as R's ``svycontrast``) on Student's t with these
        degrees of freedom, R's ``confint(svycontrast(...), df = )``; for the design's, ``df=degf(design)``.

    Returns
    -------
    pandas.DataFrame
        ``contrast``, ``estimate``, ``se``, ``z``, ``p_value`` (two-sided, normal), ``ci_low``, ``ci_high``. A
        contrast that reaches an estimate without a value is NaN, as R's; a row it gives 0 does not matter.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"win": list("aabbab"), "y": [1.0, 3, 4, 6, 2, 5], "w": 1.0})
    >>> t = svymean(svydesign(f, ids=None, strata=None, weights="w"), "y", by="win", covmat=True)
    >>> svycontrast(t, {"b - a": [-1, 1]})[["contrast", "estimate"]].values.tolist()
    [['b - a', 3.0]]
    """
    if "vcov" not in table.attrs:
        raise DesignError("对比需要各估计值的协方差：请以 covmat=True 计算该表（R 的 svyby(..., covmat = TRUE)） / a "
                          "contrast needs the estimates' covariance: compute the table with covmat=True (R's "
                          "svyby(..., covmat = TRUE))")
    col = next((c for c in ("mean", "total", "ratio") if c in table), None)
    if col is None:
        raise DesignError("表中没有 mean、total 或 ratio 列 / the table has no mean, total or ratio column")
    coef = table[col].to_numpy(dtype=float)
    V = _vcov_of_rows(table)
    names, rows = [], []
    labels = _r_row_names(table)
    for name, c in contrasts.items():
        if isinstance(c, dict):
            c = _named_coefficients(c, labels, name)
        try:
            c = np.asarray(c, dtype=float)
        except (TypeError, ValueError):
            raise DesignError(f"对比 {name} 的系数须为数值（表的每行一个），或以行名为键的字典（R 的 c(y = 1, x = -1)），"
                              f"得到 {c!r} / contrast {name}'s coefficients must be numbers (one per row of the "
                              f"table) or a dict keyed by row names (R's c(y = 1, x = -1)), got {c!r}") from None
        if c.shape != coef.shape or not np.isfinite(c).all():
            raise DesignError(f"对比 {name} 需要 {len(coef)} 个有限系数（表的每行一个），得到 {c.size} 个 / contrast "
                              f"{name} needs {len(coef)} finite coefficients (one per row of the table), got {c.size}")
        names.append(str(name))
        rows.append(c)
    C = np.array(rows).reshape(len(rows), len(coef))
    est, se = _contrast_est_se(coef, V, C)
    z = _ci_quantile(level, df)
    with np.errstate(invalid="ignore", divide="ignore"):
        zs = est / se
    return pd.DataFrame({"contrast": names, "estimate": est, "se": se, "z": zs, "p_value": 2 * _dist.norm_sf(np.abs(zs)),
                         "ci_low": est - z * se, "ci_high": est + z * se})


def net_promoter(design: SurveyDesign, column: str, *, by=None, scale=(0, 10), promoters: int = 9,
                 detractors: int = 6, level: float = 0.95, df=None) -> pd.DataFrame:
    """Net promoter score of a 0-10 recommendation question: the share of promoters (9-10) less the share of
    detractors (0-6), in points (-100 to 100), with its design-based standard error.

    净推荐值（NPS）：0–10 分推荐意愿题中推荐者（9–10 分）比例减去贬损者（0–6 分）比例，以 −100 至 100 表示，
    并给出按抽样设计计算的标准误。/ A promoter and a detractor indicator (missing where the answer is off the scale,
    a missing code such as 99, or blank) are averaged by :func:`svymean` with their covariance, and the score is
    their contrast (:func:`svycontrast`): R's

        des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
        d$pro <- ifelse(d$x %in% 0:10, as.numeric(d$x >= 9), NA); d$det <- ifelse(d$x %in% 0:10, as.numeric(d$x <= 6), NA)
        m <- svymean(~pro + det, des, na.rm = TRUE)        # by: svyby(~pro + det, ~g, des, svymean, covmat = TRUE, na.rm = TRUE)
        svycontrast(m, list(nps = c(pro = 100, det = -100)))

    Parameters
    ----------
    design : SurveyDesign
    column : str
        The recommendation question's answers (codes on ``scale``; anything else is not an answer).
    by : str or list of str, optional
    scale : (int, int)
        The question's scale; a whole number in it is an answer.
    promoters, detractors : int
        An answer at least ``promoters`` is a promoter's, at most ``detractors`` a detractor's.
    level : float
    df : None or number
        As :func:`svycontrast`: the interval on Student's t with these degrees of freedom; None: normal.

    Returns
    -------
    pandas.DataFrame
        ``*by``, ``n`` (answers), ``promoters``, ``promoters_se``, ``detractors``, ``detractors_se`` (shares, 0-1),
        ``nps``, ``se``, ``ci_low``, ``ci_high`` (points); one row per group with an answer.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"x": [10, 9, 7, 3, 99, 10], "w": 1.0})
    >>> t = net_promoter(svydesign(f, ids=None, strata=None, weights="w"), "x")
    >>> t[["n", "promoters", "detractors", "nps"]].round(6).values.tolist()
    [[5.0, 0.6, 0.2, 40.0]]
    """
    lo, hi = (int(v) for v in scale)
    if not (lo <= detractors < promoters <= hi):
        raise DesignError(f"推荐者下限 {promoters} 与贬损者上限 {detractors} 须在量表 {lo}–{hi} 内且前者大于后者 / "
                          f"promoters from {promoters} and detractors up to {detractors} must lie on the scale "
                          f"{lo}-{hi}, promoters above detractors")
    x = _numeric(design, column)
    on = np.isfinite(x) & (x >= lo) & (x <= hi) & (x == np.floor(x))
    ind = pd.DataFrame({"promoters": np.where(on, x >= promoters, np.nan),
                        "detractors": np.where(on, x <= detractors, np.nan)})
    tab = svymean(design, ind, by=by, covmat=True, level=level, df=df)
    bylist = [by] if isinstance(by, str) else list(by or [])
    keys = tab[bylist].drop_duplicates().reset_index(drop=True) if bylist else pd.DataFrame(index=[0])
    at = (tab.groupby(bylist, sort=False).ngroup().to_numpy() if bylist else np.zeros(len(tab), dtype=int))
    # one contrast per group, pro - det: only the two estimates it touches (no groups x estimates matrix: nps45b)
    isp, isd = ((tab["variable"] == v).to_numpy() for v in ("promoters", "detractors"))
    if not (np.array_equal(np.sort(at[isp]), np.arange(len(keys)))
            and np.array_equal(np.sort(at[isd]), np.arange(len(keys)))):
        raise AssertionError("svymean gives each group one promoters and one detractors row")
    nz = np.empty((len(keys), 2), dtype=np.intp)
    nz[at[isp], 0], nz[at[isd], 1] = np.flatnonzero(isp), np.flatnonzero(isd)
    est, var, bad = _contrast_support(tab["mean"].to_numpy(dtype=float), _vcov_of_rows(tab), nz,
                                      np.broadcast_to([100.0, -100.0], nz.shape))
    with np.errstate(invalid="ignore"):
        est, se = np.where(bad, np.nan, est), np.where(bad, np.nan, np.sqrt(var))
    z = _ci_quantile(level, df)
    con = pd.DataFrame({"estimate": est, "se": se, "ci_low": est - z * se, "ci_high": est + z * se})
    out = keys.copy()
    for v in ("promoters", "detractors"):
        part = tab[tab["variable"] == v]
        idx = at[(tab["variable"] == v).to_numpy()]
        out.loc[idx, v] = part["mean"].to_numpy()
        out.loc[idx, f"{v}_se"] = part["se"].to_numpy()
        if v == "promoters":
            out.loc[idx, "n"] = part["n"].to_numpy()
    out = out[[*bylist, "n", "promoters", "promoters_se", "detractors", "detractors_se"]]
    out.attrs = {}          # the shares' covariance is not this table's (its rows are scores): not carried along
    return out.assign(nps=con["estimate"].to_numpy(), se=con["se"].to_numpy(), ci_low=con["ci_low"].to_numpy(),
                      ci_high=con["ci_high"].to_numpy())


# ------------------------------------------------------------------ calibration
def _with_weights(design: SurveyDesign, w_new: np.ndarray, step, repweights=None) -> SurveyDesign:
    """The design reweighted; on a replicate design ``repweights`` are the replicates reweighted the same way (R's
    postStratify / rake / calibrate on a svrep.design adjust every replicate), the variance from them."""
    if design.repweights is not None and repweights is None:
        raise AssertionError("a replicate design's replicates must be reweighted with its weights")
    if repweights is not None:
        return replace(design, weights=w_new, repweights=repweights, calibration=design.calibration + (step,))
    return replace(design, weights=w_new, calibration=design.calibration + (step,))


def _sums_by(idx: np.ndarray, M: np.ndarray, n: int) -> np.ndarray:
    """Column sums of M (rows x replicates) within each level of idx (R's rowsum)."""
    out = np.zeros((n, M.shape[1]))
    np.add.at(out, idx, M)
    return out


def _poststratify_reps(R: np.ndarray, idx: np.ndarray, target: np.ndarray) -> np.ndarray:
    """R's postStratify.svyrep.design: each replicate scaled to the population within each post-stratum (a
    post-stratum a replicate leaves without weight is refused first, :func:`_refuse_empty_replicate_cells`)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return R * (target[:, None] / _sums_by(idx, R, len(target)))[idx]


def _refuse_zero_population(target: np.ndarray, levels, idx: np.ndarray, column: str, what: str) -> None:
    """Refuse (:class:`DesignError`) a level the sample has whose population count is 0 (or missing): its respondents'
    weights would be 0, and raking divided 0 by 0 in the next sweep (every weight NaN, told only as "did not
    converge").  R stops: postStratify / rake -> "Strata in sample absent from population. This Can't Happen"
    (R 4.2.2 / survey 4.1.1, ``postStratify(d, ~a, data.frame(a=c("x","y","z"), Freq=c(10,20,0)))``).

    Examples
    --------
    >>> try:
    ...     _refuse_zero_population(np.array([10.0, 0]), ["x", "z"], np.array([0, 0, 1]), "a", "rake")
    ... except DesignError as e:
    ...     print(str(e).split("：")[0])
    rake
    """
    zero = ~(np.nan_to_num(target, nan=0.0) != 0)
    if not zero.any():
        return
    n = np.bincount(idx, minlength=len(levels))
    names = [str(levels[i]) for i in np.flatnonzero(zero)]
    per = ", ".join(f"'{levels[i]}': {int(n[i])}" for i in np.flatnonzero(zero)[:10])
    zh, en = ("边际", "the margin") if what == "rake" else ("事后分层列", "the post-stratum column")
    raise DesignError(
        f"{what}：{zh} '{column}' 的取值 {names[:10]} 在样本中有受访者（{per}），总体数却是 0 或缺失：这些受访者的权重会变成 0"
        "（raking 会在下一轮以 0 除 0）；R 的 postStratify/rake 同样停止（Strata in sample absent from population）。"
        f"请核对总体数，或把这一取值与相邻取值合并 / {what}: {en} '{column}' has respondents at {names[:10]} ({per}) "
        "but a population count of 0 or none: their weights would become 0 (and raking divide 0 by 0 in the next "
        "sweep); R's postStratify / rake stops too ('Strata in sample absent from population'). Check the "
        "population counts, or merge the level with a neighbouring one")


def _refuse_empty_replicate_cells(R: np.ndarray, idx: np.ndarray, levels, column: str, what: str) -> None:
    """Refuse (:class:`DesignError`) post-stratifying or raking the replicates ``R`` to the levels ``idx`` of
    ``column`` when a replicate leaves a level without weight (a jackknife replicate deleting the only PSU that holds
    it): its population cannot be spread over nobody.  R divides the level's population by the replicate's zero
    total and stops on the NaN weights it made (R 4.2.2 / survey 4.1.1: ``postStratify(jk, ~a, pop)`` and
    ``rake(jk, list(~a, ~b), list(pa, pb))`` -> ``Error in qr.default(weights(design, "analysis"), tol = 1e-05):
    NA/NaN/Inf in foreign function call``, from ``degf()``); left alone, that replicate went NaN and was dropped
    from the variance without a word.  The message names the column, the levels and how many replicates (which).

    Examples
    --------
    >>> R = np.array([[0.0, 2], [0, 2], [2, 2]])
    >>> try:
    ...     _refuse_empty_replicate_cells(R, np.array([0, 0, 1]), ["x", "y"], "a", "rake")
    ... except DesignError as e:
    ...     print(str(e).split("（各")[0])
    rake：边际 'a' 的取值 'x' 在 1 个重复权重（第 1 个）中无人有权重
    """
    empty = _sums_by(idx, np.abs(R), len(levels)) == 0          # level x replicate: no weight there
    if not empty.any():
        return
    lv = np.flatnonzero(empty.any(axis=1))
    reps = np.flatnonzero(empty.any(axis=0))
    names = [str(levels[i]) for i in lv]
    shown = ", ".join(f"'{n}'" for n in names[:10]) + (f" …（{len(names)}）" if len(names) > 10 else "")
    which = ", ".join(str(r + 1) for r in reps[:10]) + (" …" if len(reps) > 10 else "")
    per = "; ".join(f"'{levels[i]}': {int(empty[i].sum())}" for i in lv[:10])
    n = len(reps)
    zh, en = ("边际", "the margin") if what == "rake" else ("事后分层列", "the post-stratum column")
    raise DesignError(
        f"{what}：{zh} '{column}' 的取值 {shown} 在 {n} 个重复权重（第 {which} 个）中无人有权重（各取值无人的重复数 {per}）："
        "该重复删去了持有这一取值的全部初级抽样单元，无法把总体数分给无人；R 的 postStratify/rake 在此同样停止"
        "（NA/NaN/Inf in foreign function call）。请把这一取值与相邻取值合并后再调整，或在不分重复的设计（svydesign，"
        f"泰勒线性化）上调整 / {what}: {en} '{column}' has level(s) {shown.replace('（', ' (').replace('）', ')')} "
        f"without weight in {n} replicate{'s' if n != 1 else ''} (number {which}; replicates per level: {per}): the "
        "replicate deleted every PSU holding the level, so its population cannot be spread over nobody; R's "
        "postStratify / rake stops here too (NA/NaN/Inf in foreign function call). Merge the level with a "
        "neighbouring one before adjusting, or adjust the design without replicates (svydesign, Taylor "
        "linearisation)")


def _joined_labels(frame: pd.DataFrame, cols: list) -> pd.Series:
    """Each row's labels of ``cols`` as one string, joined by the unit separator (0x1F), column by column
    (vectorised; a row-wise ``agg(axis=1)`` called Python per row).

    Examples
    --------
    >>> _joined_labels(pd.DataFrame({"a": ["x", "y"], "b": [1, 2]}), ["a", "b"]).tolist()
    ['x\\x1f1', 'y\\x1f2']
    """
    out = frame[cols[0]].astype(str)
    for c in cols[1:]:
        out = out + "\x1f" + frame[c].astype(str)
    return out


def post_stratify(design: SurveyDesign, strata, population) -> SurveyDesign:
    """Post-stratify to known population counts, R's ``postStratify``.

    事后分层：使各层权重之和等于已知总体数（如各窗口的全年办件量），方差按 R 的方法取残差。

    Parameters
    ----------
    design : SurveyDesign
    strata : str or list of str
        Post-stratum columns.
    population : pandas.DataFrame or dict
        The post-strata and their population count (column ``Freq``, as R), or a dict
        ``{level: count}`` for one column.

    Returns
    -------
    SurveyDesign
        On a replicate design every replicate post-stratified too (R's ``postStratify.svyrep.design``). A
        post-stratum with respondents but a population count of 0, or one a replicate leaves without weight, is
        refused, as R stops there.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"g": list("aab"), "y": [1.0, 2, 3], "w": 1.0})
    >>> d = post_stratify(svydesign(f, ids=None, strata=None, weights="w"), "g", {"a": 20, "b": 10})
    >>> d.weights.tolist()
    [10.0, 10.0, 10.0]
    """
    cols = [strata] if isinstance(strata, str) else list(strata)
    if isinstance(population, dict):
        population = pd.DataFrame({cols[0]: list(population), "Freq": list(population.values())})
    pop = population.copy()
    for c in cols:
        pop[c] = pop[c].astype(str)
    key = _joined_labels(design.frame, cols)
    pkey = _joined_labels(pop, cols)
    freq = dict(zip(pkey, pd.to_numeric(pop["Freq"]).astype(float)))
    missing = sorted(set(key) - set(freq))
    if missing:
        shown = [k.replace("\x1f", ", ") for k in missing]
        raise DesignError(f"样本中的事后分层在总体表中没有：{shown}；请在总体表中补上它们的总体数 / post-strata in the sample "
                          f"but not in the population: {shown}; add their population counts to the population table")
    # a post-stratum whose respondents all weigh 0 is absent from the sample too: its weights would be 0 x (N / 0),
    # NaN (R's postStratify counts the sample by weight and stops alike; R 4.2.2 / survey 4.1.1:
    # postStratify(svydesign(ids=~1, weights=~w, data=data.frame(g=c("a","a","b","b"), w=c(1,1,0,0))), ~g,
    # data.frame(g=c("a","b"), Freq=c(10,20))) -> 'Some strata absent from sample')
    weighed = pd.Series(np.asarray(design.weights, dtype=float)).groupby(key.to_numpy()).sum()
    present = set(weighed.index[weighed.to_numpy() > 0])
    unsurveyed = sorted(k for k, v in freq.items() if v != 0 and k not in present)
    if unsurveyed:
        # R's postStratify: 'Some strata absent from sample: use partial=TRUE to ignore them.'
        shown = [k.replace("\x1f", ", ") for k in unsurveyed]
        counts = [freq[k] for k in unsurveyed]
        raise DesignError(f"总体表中的事后分层 {shown} 有人（{counts}），样本中却无一受访者（或其受访者的权重都是 0）：权重之和达不到总体数；请把它们与相近的层合并，"
                          f"或从总体表中去掉（R 的 postStratify 同样拒绝） / the population's post-strata {shown} have people "
                          f"({counts}) but no respondent in the sample (or only respondents of weight 0): the weights cannot add up to the population; "
                          "merge them with a neighbouring post-stratum or remove them from the population table (R's "
                          "postStratify refuses this too: 'Some strata absent from sample')")
    idx, levels = pd.factorize(key, sort=True)
    w = design.weights
    Ws = np.bincount(idx, w)
    target = np.array([freq[k] for k in levels])
    _refuse_zero_population(target, levels, idx, "+".join(cols), "post_stratify")
    new = w * (target / Ws)[idx]
    reps = None
    if design.repweights is not None:
        _refuse_empty_replicate_cells(design.repweights, idx, list(levels), "+".join(cols), "post_stratify")
        reps = _poststratify_reps(design.repweights, idx, target)
    return _with_weights(design, new, ("post", (idx, new, w)), reps)


def svystandardize(design: SurveyDesign, by, over=None, population=None) -> SurveyDesign:
    """Direct standardisation to one mix, R's ``svystandardize(design, by, over, population)``.

    直接标化：把每个 ``over`` 组（如每个窗口）的权重按 ``by``（如客户类型、年龄组、业务类型）重新分配，使各组的
    ``by`` 构成都等于 ``population`` 给出的同一构成，组的权重之和不变；此后按组估计的均值即为标化均值，可在客户
    构成不同的窗口之间比较。

    R's rule (survey 4.1.1): post-stratify (:func:`post_stratify`, ``postStratify(..., partial = TRUE)``) to the
    cells ``by`` x ``over``, each cell's count the population share of its ``by`` level times the ``over`` group's
    sum of weights; means by ``over`` then equal R's ``svyby(~y, ~over, svystandardize(...), svymean)``, SEs too,
    on linearised and replicate designs alike.  Where R is silent the package refuses, Chinese first: a ``by``
    level of the sample the population lacks, or gives a share of 0 (R's ``postStratify`` sets its respondents'
    weights to 0, dropping their answers without a word); a level with no respondent (or only respondents of weight 0) in an
    ``over`` group, which R's ``partial = TRUE`` would leave out so that the group's weights fall short of its total
    and its mix is not the population's; shares (every value below 1) that do not add up to 1; counts negative,
    missing or summing to 0.  Counts are shares once divided by their sum, as R divides.

    Parameters
    ----------
    design : SurveyDesign
    by : str or list of str
        The columns of the mix (R's ``by``).
    over : str or list of str, optional
        The groups standardised, each to the same mix (R's ``over``; None is R's ``~1``, the whole sample).
    population : dict or pandas.DataFrame
        ``{level: count or share}`` for one ``by`` column, or a table of the ``by`` columns and ``Freq``. Matched
        by label (R matches by position, in the order of the levels).

    Examples
    --------
    >>> f = pd.DataFrame({"win": list("aaabbb"), "ct": list("xxyxyy"), "w": 1.0})
    >>> d = svystandardize(svydesign(f, ids=None, strata=None, weights="w"), "ct", "win", {"x": 1, "y": 1})
    >>> d.weights.tolist()
    [0.75, 0.75, 1.5, 1.5, 0.75, 0.75]
    """
    by_cols = [by] if isinstance(by, str) else list(by)
    over_cols = [] if over is None else [over] if isinstance(over, str) else list(over)
    if isinstance(population, dict):
        if len(by_cols) != 1:
            raise DesignError(f"按多列（{by_cols}）标化时，总体构成须是含这些列与 Freq 列的表 / standardising by several "
                              f"columns ({by_cols}) needs the population as a table of those columns and Freq")
        population = pd.DataFrame({by_cols[0]: list(population), "Freq": list(population.values())})
    if not isinstance(population, pd.DataFrame) or "Freq" not in population.columns \
            or any(c not in population.columns for c in by_cols):
        raise DesignError(f"标准构成须是 {{水平: 人数或比例}} 或含 {by_cols} 与 Freq 列的表 / the standard population must "
                          f"be {{level: count or share}} or a table of {by_cols} and Freq")
    pkey = _joined_labels(population.astype({c: str for c in by_cols}), by_cols)
    freq = pd.to_numeric(population["Freq"], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(freq) | (freq < 0)
    if bad.any() or not freq.sum() > 0:
        shown = [k.replace("\x1f", ", ") for k in pkey[bad]] if bad.any() else list(pkey.str.replace("\x1f", ", "))
        raise DesignError(f"标准构成的人数或比例须为非负数且合计大于 0，{shown} 不符；请改正总体表 / the standard population's "
                          f"counts or shares must be non-negative numbers adding up to more than 0, and {shown} are not; "
                          "fix the population table")
    if pkey.duplicated().any():
        dup = sorted(set(pkey[pkey.duplicated()].str.replace("\x1f", ", ")))
        raise DesignError(f"标准构成中水平 {dup} 出现不止一次；每个水平只写一行 / the standard population lists the levels "
                          f"{dup} more than once; give each level one row")
    if (freq < 1).all() and abs(freq.sum() - 1) > 1e-6:
        raise DesignError(f"标准构成看来是比例（都小于 1），但合计为 {freq.sum():.6g} 而不是 1：请核对（漏了一个水平或输错了数）；"
                          f"若是人数请写人数 / the standard population looks like shares (all below 1) but they add up "
                          f"to {freq.sum():.6g}, not 1: check them (a level left out, or a typing error); give counts "
                          "if they are counts")
    share = dict(zip(pkey, freq / freq.sum()))
    w = np.asarray(design.weights, dtype=float)
    key = _joined_labels(design.frame, by_cols).to_numpy()
    missing = sorted(set(key) - set(share))
    if missing:
        shown = [k.replace("\x1f", ", ") for k in missing]
        raise DesignError(f"样本中的 {'+'.join(by_cols)} 水平 {shown} 在标准构成中没有：请在总体表中补上它们的人数或比例 / the "
                          f"sample's {'+'.join(by_cols)} levels {shown} are missing from the standard population: add "
                          "their counts or shares to the population table")
    held = np.unique(key[w > 0]) if len(key) else np.array([], dtype=object)
    zero = sorted(k for k in held if share[k] == 0)
    if zero:      # R's postStratify(partial = TRUE) gives these respondents weight 0: dropped without a word
        shown = [k.replace("\x1f", ", ") for k in zero]
        raise DesignError(f"样本中的 {'+'.join(by_cols)} 水平 {shown} 有受访者，但标准构成给它们的人数或比例是 0：标化会把这些"
                          "受访者的权重变成 0（R 的 svystandardize 如此，不作提示），他们的回答将不计入任何均值。请在总体表中给出"
                          "它们的人数或比例；若确实要排除，请先用 subset 明确剔除这些受访者再标化 / the sample's "
                          f"{'+'.join(by_cols)} levels {shown} have respondents, but the standard population gives them a "
                          "count or share of 0: standardising would set those respondents' weights to 0 (R's "
                          "svystandardize does so without a word) and their answers would count in no mean. Give "
                          "their counts or shares in the population table, or, to leave them out, take them out "
                          "with subset first and standardise after")
    group = (_joined_labels(design.frame, over_cols).to_numpy() if over_cols
             else np.zeros(len(w), dtype=object))
    gidx, glevels = pd.factorize(group, sort=True)
    bidx = pd.Categorical(key, categories=list(share)).codes       # every level is the population's (above)
    nb = len(share)
    cell = np.bincount(gidx * nb + bidx, w, minlength=len(glevels) * nb).reshape(len(glevels), nb)
    shares = np.array(list(share.values()))
    empty = (cell <= 0) & (shares > 0)[None, :]
    if empty.any():
        g, b = np.nonzero(empty)
        blv = list(share)
        shown = [(str(glevels[i]).replace("\x1f", ", ") if over_cols else "(全部/all)", blv[j].replace("\x1f", ", "))
                 for i, j in zip(g, b)][:10]
        raise DesignError(f"{'+'.join(over_cols) or '样本'} 中有组没有 {'+'.join(by_cols)} 某一水平的受访者（或其权重都是 0）："
                          f"{shown}；无法把该组标化到标准构成（R 的 svystandardize 会略过该格，使该组权重之和不足、构成也不是标准构成）；"
                          "请合并相近的水平，或不比较该组 / "
                          f"some {'+'.join(over_cols) or 'sample'} groups have no respondent (or only respondents of weight 0) "
                          f"of a {'+'.join(by_cols)} level: {shown}; such a group cannot be standardised to the population's "
                          "mix (R's svystandardize leaves the cell out, so the group's weights fall short of its total and "
                          "its mix is not the standard); merge neighbouring levels, or leave the group out of the comparison")
    totals = np.bincount(gidx, w, minlength=len(glevels))      # R's free margins: each group keeps its total
    gg, bb = np.nonzero(cell > 0)
    blv = np.array(list(share), dtype=object)
    keys = pd.Series(blv[bb], dtype=object)
    if over_cols:
        keys = pd.Series(np.asarray(glevels, dtype=object)[gg], dtype=object).astype(str) + "\x1f" + keys
    cols = over_cols + by_cols
    table = keys.str.split("\x1f", expand=True)
    table.columns = cols
    table["Freq"] = totals[gg] * shares[bb]
    return post_stratify(design, cols, table)


def trim_weights(design: SurveyDesign, upper: float = np.inf, lower: float = -np.inf, *, strict: bool = False,
                 maxit: int = 10_000) -> SurveyDesign:
    """Trim extreme weights, R's ``trimWeights(design, upper, lower, strict)``.

    权重截尾：高于 ``upper`` 的权重截到 ``upper``、低于 ``lower`` 的抬到 ``lower``，截下（或补上）的量平均分给
    界内的其余受访者，权重之和不变；``strict=True`` 时反复进行，直到没有权重越界（R 的 strict 递归）。

    R's rule (survey 4.1.1, ``trimWeights.survey.design2``): the weights outside ``[lower, upper]`` are set to the
    bound, and the sum trimmed off (less what was added below) is shared equally by the rows that were inside, so
    the total weight is kept; the sharing may push an inside row over a bound, which ``strict`` trims again, round
    after round (the rows held at a bound count as inside in the next round, as R's), until none is outside. The
    variance is the design's as before (a calibrated design keeps its calibration residuals, as R keeps
    ``postStrata``).

    Two departures from R, both deliberate:

    - A replicate design's full-sample weights are trimmed by R's rule and every replicate weight is scaled by its
      row's factor (trimmed / untrimmed weight): the trimming held fixed, as the linearised variance holds it.
      R 4.1.1's ``trimWeights.svyrep.design`` leaves the full-sample weights as they were (it stores the old ones),
      ignores ``strict`` and recycles a vector over the replicate matrix (R warns "longer object length is not a
      multiple"), raising a jackknife's deleted rows to ``lower``: on ``apiclus1``'s JK1 design with ``lower = 20``
      the SE of ``api00``'s mean falls from 26.3 to 0.66. Nor is each replicate trimmed by the same bounds (R's
      intent, survey22's first rule): a replicate's weights are the full sample's rescaled (a jackknife's
      n_h / (n_h - 1), a bootstrap PSU drawn twice or three times), so a bound cuts them far more often than the
      full sample's and pulls every replicate towards the full-sample estimate -- the bootstrap SE of a mean fell by
      half where the linearised SE moved by 4% (tests/test_rev22a_trim.py). Golden: R's ``trimWeights`` of the
      full-sample weights and ``svrepdesign(repweights = weights(rd, "analysis") * (pwt / pw))``.
    - A weight of 0 (a row the design, or a replicate, leaves out) stays 0 and takes no share: R's
      ``trimWeights.survey.design2`` would raise it to ``lower`` and put a deleted PSU back.

    Bounds that cannot hold are refused (:class:`DesignError`, exit code 3): ``lower > upper`` or a bound missing;
    every weight outside (nothing to share the trimmings with; R divides by 0); with ``strict`` a total weight
    above ``upper`` (or below ``lower``) times the rows with weight (R recurses until its stack overflows).

    Parameters
    ----------
    design : SurveyDesign
    upper, lower : float
        Bounds on each weight (R's defaults: none).
    strict : bool
        Trim again until no weight is outside the bounds.
    maxit : int
        Rounds ``strict`` may take (R: as deep as its stack).

    Returns
    -------
    SurveyDesign
        The design with trimmed weights (the same design when none is outside, as R), the trim recorded last in its
        ``calibration`` beside post-stratification, raking and calibration: ``("trim", {"upper", "lower", "strict",
        "rounds", "rows", "shared"})``, ``rows`` the rows set to a bound and ``shared`` the weight they gave up (less
        what was added below ``lower``) for the rows inside to share. The trim is no calibration (:func:`_calibrated`):
        the variance and the domains are those of the design it trimmed.

    Examples
    --------
    >>> f = pd.DataFrame({"y": [1.0, 2, 3, 4], "w": [1.0, 2, 3, 10]})
    >>> d = svydesign(f, ids=None, strata=None, weights="w")
    >>> trim_weights(d, upper=6).weights.tolist()     # R: weights(trimWeights(d, upper = 6))
    [2.333333333333333, 3.333333333333333, 4.333333333333333, 6.0]
    >>> t = trim_weights(d, upper=4.5, strict=True)
    >>> t.weights.round(12).tolist()   # R: 3, 4, 4.5, 4.5 (to 1e-15)
    [3.0, 4.0, 4.5, 4.5]
    >>> t.calibration[-1][1]["rows"], round(t.calibration[-1][1]["shared"], 12)
    (2, 4.0)
    """
    bad = [(n, v) for n, v in (("upper", upper), ("lower", lower))
           if not isinstance(v, (int, float, np.integer, np.floating)) or isinstance(v, bool) or np.isnan(v)]
    if bad or lower > upper:
        what = ", ".join(f"{n}={v!r}" for n, v in bad) if bad else f"lower={lower!r} > upper={upper!r}"
        raise DesignError(f"trim_weights：截尾界限无效（{what}）：upper 与 lower 须是数，且 lower 不大于 upper；请改正界限 / "
                          f"trim_weights: the bounds are not valid ({what}): upper and lower must be numbers with "
                          "lower not above upper; correct the bounds")
    upper, lower = float(upper), float(lower)
    w0 = np.asarray(design.weights, dtype=float)
    W = w0[:, None]     # one column: a replicate design's replicates follow its full-sample weights (below)
    names = ["权重 / the weights"]
    live = W != 0
    out = (live & ((W < lower) | (W > upper))).any(axis=0)
    if not out.any():
        return design
    n_live = live.sum(axis=0)
    total = W.sum(axis=0)
    none_in = out & ~(live & (W >= lower) & (W <= upper)).any(axis=0)
    slack = 1e-12 * np.abs(total)
    with np.errstate(invalid="ignore"):     # an infinite bound times a column without weight: no limit there
        cannot = none_in | (strict & ((total - slack > upper * n_live) | (total + slack < lower * n_live)))
    if cannot.any():
        j = int(np.flatnonzero(cannot)[0])
        m = total[j] / n_live[j]
        if none_in[j]:
            why = ("全部在界外，截下的量无人可分", "all of them outside the bounds, leaving no row to share the trimmings")
            fix = ("请放宽界限，使至少一个权重在界内", "widen the bounds so that some weight lies within them")
        else:
            why = (f"平均权重 {m:.6g} 已在界外，而截尾保持总和不变",
                   f"their mean {m:.6g} is outside the bounds, and trimming keeps the total")
            b = "upper 至少" if total[j] > upper * n_live[j] else "lower 至多"
            fix = (f"请放宽界限（{b} {m:.6g}）或不用 strict",
                   f"widen the bounds ({b.split()[0]} {'at least' if b.startswith('upper') else 'at most'} {m:.6g}) "
                   "or drop strict")
        zh_name, en_name = names[j].split(" / ")
        raise DesignError(
            f"trim_weights：{zh_name}无法截到 [{lower:g}, {upper:g}] 之内（共 {int(cannot.sum())} 列）：{int(n_live[j])} 个"
            f"有权重的受访者权重之和为 {total[j]:.6g}，{why[0]}；{fix[0]} / trim_weights: {en_name} cannot be trimmed "
            f"into [{lower:g}, {upper:g}] ({int(cannot.sum())} column{'s' if cannot.sum() != 1 else ''} of weights in all): the "
            f"{int(n_live[j])} rows with weight sum to {total[j]:.6g}, {why[1]}; {fix[1]}")
    rounds = 0
    for _ in range(maxit):
        outside = live & ((W < lower) | (W > upper))
        cols = outside.any(axis=0)
        if not cols.any():
            break
        rounds += 1
        new = np.where(live, np.clip(W, lower, upper), 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):     # a column left as it was may have no row inside
            share = (W - new).sum(axis=0) / (live & ~outside).sum(axis=0)     # R: sum(trimmings) / sum(!outside)
        W = np.where(cols & live & ~outside, new + share, new)
        if not strict:
            break
    else:
        raise DesignError(f"trim_weights：strict 截尾 {maxit} 轮后仍有权重在 [{lower:g}, {upper:g}] 之外；请放宽界限或增大 maxit / "
                          f"trim_weights: weights are still outside [{lower:g}, {upper:g}] after {maxit} strict "
                          "rounds; widen the bounds or raise maxit")
    # what was done, beside the design's other weighting steps: the bounds, strict, the rounds, the rows set to a
    # bound and the weight they gave up (or took, below ``lower``) for the others to share
    w1 = W[:, 0]
    moved = (w0 != 0) & ((w1 == upper) | (w1 == lower)) & (w1 != w0)
    step = ("trim", {"upper": upper, "lower": lower, "strict": bool(strict), "rounds": rounds,
                     "rows": int(moved.sum()), "shared": float((w0 - w1)[moved].sum())})
    if design.repweights is None:
        return replace(design, weights=w1, calibration=design.calibration + (step,))
    # every replicate weight scaled by its row's trimming factor (a row without weight: left as it was)
    factor = np.where(w0 != 0, w1 / np.where(w0 != 0, w0, 1.0), 1.0)
    return replace(design, weights=w1, repweights=np.asarray(design.repweights, dtype=float) * factor[:, None],
                   calibration=design.calibration + (step,))


#: What :func:`rake`'s warning that it did not converge advises (Chinese, English): a caller with no ``maxit`` to
#: raise (the command line) puts its own advice in their place.
RAKE_ADVICE = ("请增大 maxit", "raise maxit")


def rake(design: SurveyDesign, margins: dict, *, maxit: int = 10, epsilon: float = 1.0) -> SurveyDesign:
    """Rake to known margins, R's ``rake`` (iterative post-stratification).

    迭代事后分层（raking）：使每个边际的权重之和等于已知总体数。默认值与 R 相同（``maxit = 10``，``epsilon = 1``）。

    Parameters
    ----------
    design : SurveyDesign
    margins : dict
        Column -> ``{level: population count}``.
    maxit : int
        At most this many sweeps (each post-stratifies to every margin in turn); R's default, 10.
    epsilon : float
        Stop when the largest move of a cell of the joint weighted table of the margins' columns in a sweep is below
        ``epsilon``: a count of the population (R's default, 1) or, below 1, a share of the sum of the weights before
        raking, as R's ``control = list(maxit = 10, epsilon = 1, verbose = FALSE)`` reads it.

    Returns
    -------
    SurveyDesign
        Weighted by the last sweep, its variance from that sweep's post-strata, as R. A rake that has not converged
        after ``maxit`` sweeps is returned as R returns it (the last sweep's weights, which match the last margin
        exactly and the others only nearly), with a ``RuntimeWarning`` in Chinese and English, as R warns ("Raking
        did not converge after 10 iterations"); pass a larger ``maxit`` (a sparse cross-classification of the margins
        converges slowly). Margins whose totals disagree converge to the last margin's total, the earlier margins
        unmet: R says nothing there, this warns in both languages (the weights are R's). On a replicate design every
        replicate is raked the same way (R's ``rake`` on a ``svrep.design``), the variance from them. A margin level
        with people in the population but no respondent is refused, as R stops ("Some strata absent from sample");
        so is a level with respondents but a population count of 0 ("Strata in sample absent from population"), and,
        on a replicate design, a level some replicate leaves without weight (R stops on the NaN weights it makes;
        the message names the margin, the level and the replicates).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"a": list("xxyy"), "b": list("pqpq"), "w": 1.0})
    >>> d = rake(svydesign(f, ids=None, strata=None, weights="w"), {"a": {"x": 10, "y": 30}, "b": {"p": 20, "q": 20}})
    >>> [round(float(v), 9) for v in d.weights]
    [5.0, 5.0, 15.0, 15.0]
    """
    cols = list(margins)
    if int(maxit) < 1 or not np.isfinite(epsilon) or epsilon <= 0:
        raise DesignError(f"rake 的 maxit 须至少为 1、epsilon 须大于 0（得到 maxit={maxit}, epsilon={epsilon}） / "
                          f"rake needs maxit of at least 1 and epsilon above 0 (got maxit={maxit}, epsilon={epsilon})")
    eps = epsilon * design.weights.sum() if epsilon < 1 else epsilon
    idxs, targets = [], []
    for c in cols:
        col = _col(design.frame, c)
        if col.isna().any():
            at = np.flatnonzero(col.isna().to_numpy())[:5]
            # a delivery's frame carries its own row numbers ('row', as check and the firm number them); else the
            # position in the frame
            rows = (design.frame["row"].to_numpy()[at] if "row" in design.frame.columns else at + 1).tolist()
            if "sheet" in design.frame.columns:   # a workbook delivered one sheet a month: sheet!row, as check names it
                rows = [f"{s}!{r}" for s, r in zip(design.frame["sheet"].to_numpy()[at], rows)]
            raise DesignError(f"raking 的边际列 '{c}' 有缺失值（第 {rows} 行）；请补齐或去掉这些行，R 的 rake 同样拒绝 / "
                              f"the raking margin column '{c}' has missing values (rows {rows}); fill them in or leave "
                              "those rows out (R's rake refuses them too)")
        key = col.astype(str)
        idx, levels = pd.factorize(key, sort=True)
        m = {str(k): float(v) for k, v in margins[c].items()}
        absent = [k for k in levels if k not in m]
        if absent:
            raise DesignError(f"样本中 '{c}' 的取值 {absent} 在边际总体数中没有；请在边际中补上 / the sample's values "
                              f"{absent} of '{c}' have no population count in the margin; add them to the margin")
        # a level whose respondents all weigh 0 is absent too (R's rake counts the sample by weight and stops alike)
        weighed = np.bincount(idx, np.asarray(design.weights, dtype=float), minlength=len(levels))
        present = {str(k) for k, wt in zip(levels, weighed) if wt > 0}
        unsurveyed = [k for k, v in m.items() if k not in present and v != 0]
        if unsurveyed:
            # R's rake (postStratify): 'Some strata absent from sample: use partial=TRUE to ignore them.'
            raise DesignError(f"边际 '{c}' 的取值 {unsurveyed} 在总体中有人（{[m[k] for k in unsurveyed]}），样本中却无一受访者（或其受访者的权重都是 0）："
                              "raking 无法使权重之和达到该边际的总数；请从边际中去掉这些取值（并相应减少其他边际的总数），"
                              f"或补充这些取值的受访者（R 的 rake 同样拒绝） / the margin '{c}' has population counts "
                              f"for {unsurveyed} ({[m[k] for k in unsurveyed]}) but no respondent in the sample has "
                              "them (or only respondents of weight 0): the raked weights cannot reach that margin's total; remove those levels from the "
                              "margin (and their people from the other margins' totals) or survey respondents there "
                              "(R's rake refuses this too: 'Some strata absent from sample')")
        _refuse_zero_population(np.array([m[k] for k in levels]), levels, idx, c, "rake")
        if design.repweights is not None:   # R stops on the NaN a replicate without the level makes
            _refuse_empty_replicate_cells(design.repweights, idx, list(levels), c, "rake")
        targets.append(np.array([m[k] for k in levels]))
        idxs.append(idx)
    sums = {c: float(sum(float(v) for v in margins[c].values())) for c in cols}
    if max(sums.values()) - min(sums.values()) > 1e-9 * max(abs(v) for v in sums.values()):
        import warnings
        warnings.warn(f"raking 的各边际总数不一致 {sums}：权重只与最后一个边际 '{cols[-1]}' 相符，前面的边际不符（R 不提示）；"
                      f"请核对总数 / the raking margins' totals disagree {sums}: the weights meet the last margin "
                      f"'{cols[-1]}' only, not the earlier ones (R says nothing); check the totals", RuntimeWarning,
                      stacklevel=2)
    joint = pd.factorize(_joined_labels(design.frame, cols))[0]
    w = design.weights.copy()
    reps = design.repweights
    old = np.bincount(joint, w)
    steps = []
    converged = False
    for _ in range(int(maxit)):
        steps = []
        for idx, t in zip(idxs, targets):
            w = w * (t / np.bincount(idx, w))[idx]
            if reps is not None:        # R's rake on a svrep.design: postStratify.svyrep.design, every replicate
                reps = _poststratify_reps(reps, idx, t)
            steps.append((idx, w.copy()))
        new = np.bincount(joint, w)
        delta = float(np.max(np.abs(new - old)))
        if delta < eps:
            converged = True
            break
        old = new
    if not converged:
        import warnings
        warnings.warn(f"raking 在 {int(maxit)} 轮后仍未收敛（最后一轮联合表变动 {delta:.6g}，"
                      f"阈值 {eps:.6g}）：权重取最后一轮的结果，只有最后一个边际精确相符；{RAKE_ADVICE[0]}"
                      f" / raking did not converge after {int(maxit)} iterations (the joint table moved "
                      f"{delta:.6g} in the last sweep, epsilon {eps:.6g}): the weights are the "
                      f"last sweep's, matching the last margin exactly only; {RAKE_ADVICE[1]}", RuntimeWarning,
                      stacklevel=2)
    return _with_weights(design, w, ("rake", tuple(steps)), reps)


def calibrate(design: SurveyDesign, formula_columns, population: dict, *, intercept: bool = True,
              calfun: str = "linear", bounds=(-np.inf, np.inf), maxit: int = 50, epsilon: float = 1e-7,
              force: bool = False) -> SurveyDesign:
    """Calibration to known totals, R's ``calibrate(..., calfun = "linear" | "raking" | "logit", bounds = )``.

    校准：使辅助变量的加权总量等于已知总体总量；线性（GREG）、raking（指数）或 logit（有界）距离函数，可限定权重调整
    倍数的上下界（``bounds``）。

    Parameters
    ----------
    design : SurveyDesign
    formula_columns : list of str
        Numeric auxiliary columns; a non-numeric column enters as dummies of its levels
        after the first, as R's treatment contrasts.
    population : dict
        Model-matrix column -> population total; ``"(Intercept)"`` is the population size.
        Dummy columns are named ``<column><level>`` as R names them.
    intercept : bool
    calfun : {"linear", "raking", "logit"}
        R's calibration functions; linear without bounds is R's ``regcalibrate`` (one step), the others (and linear
        with bounds) R's ``grake`` iterations, step for step (so a result that stops at ``epsilon`` is R's).
    bounds : (lower, upper)
        Bounds on the weights' adjustment g = new / old weight (R's ``bounds``); ``logit`` needs them finite. When
        every total is over 20 times the sample's weighted total the weights are first rescaled by the mean ratio
        (R's ``grake``) and the bounds apply after that rescaling, as R, with a ``RuntimeWarning`` in both languages
        (R: "Bounds were set but will be interpreted after rescaling").
    maxit, epsilon : int, float
        R's: stop when every total is within ``epsilon`` (relative to 1 + the total) or after ``maxit`` iterations.
    force : bool
        A calibration that does not converge (bounds too tight for the totals) is refused, as R stops ("Calibration
        failed"); ``force=True`` keeps its last weights with a warning in both languages, as R's ``force = TRUE``.

    Returns
    -------
    SurveyDesign
        The variance is R's: residuals of the calibration variables by weighted least squares (R's ``caldata``),
        whatever ``calfun``; on a replicate design every replicate calibrated to the same totals (R's
        ``calibrate.svyrep.design``), the variance from them. A total for a term the sample lacks (a window nobody
        answered in) is refused, as R stops ("Population and sample totals are not the same length").

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"x": [1.0, 2, 3, 4], "w": 1.0})
    >>> d = calibrate(svydesign(f, ids=None, strata=None, weights="w"), ["x"], {"(Intercept)": 8, "x": 24})
    >>> round(float(d.weights.sum()), 9), round(float((d.weights * f.x).sum()), 9)
    (8.0, 24.0)
    """
    mm = _model_matrix(design.frame, list(formula_columns), intercept)
    missing = [c for c in mm.columns if c not in population]
    if missing:
        raise DesignError(f"缺少总体总量 population totals missing for: {missing}")
    extra = [c for c in population if c not in mm.columns]
    if extra:
        # R's calibrate: 'Population and sample totals are not the same length.'
        raise DesignError(f"总体总量 {extra} 在样本的校准变量中没有对应项（样本列为 {list(mm.columns)}），例如某个窗口没有受访者；"
                          f"请去掉这些总量或补充样本（R 的 calibrate 同样拒绝） / the population totals {extra} match no "
                          f"term of the sample's calibration variables (the sample's are {list(mm.columns)}), e.g. a "
                          "window with no respondent; remove those totals or survey there (R's calibrate refuses "
                          "this too: 'Population and sample totals are not the same length')")
    T = np.array([float(population[c]) for c in mm.columns])
    A = mm.to_numpy(dtype=float)
    if np.isnan(A).any():
        bad = [c for c in mm.columns if mm[c].isna().any()]
        raise DesignError(f"校准变量有缺失值：{bad}；请补齐或改用其他辅助变量 / calibration variables have missing values: "
                          f"{bad}; fill them in or calibrate on other variables")
    w = design.weights
    try:
        lo, hi = (float(b) for b in (bounds if bounds is not None else (-np.inf, np.inf)))
    except (TypeError, ValueError):
        raise DesignError(f"bounds 须为两个数（下界, 上界），如 (0.5, 2)，得到 {bounds!r} / bounds must be two numbers (lower, "
                          f"upper), e.g. (0.5, 2); got {bounds!r}") from None
    if calfun not in ("linear", "raking", "logit") or not lo < 1 < hi:
        raise DesignError(f"calfun 须为 linear、raking 或 logit，bounds 须下界 < 1 < 上界（得到 {calfun!r}, {bounds!r}） / "
                          f"calfun must be linear, raking or logit and bounds lower < 1 < upper (got {calfun!r}, "
                          f"{bounds!r})")
    try:
        if calfun == "linear" and np.isinf(lo) and np.isinf(hi):
            That = A.T @ w
            XtWX = A.T @ (A * w[:, None])
            lam = np.linalg.solve(XtWX, T - That)
            g = 1 + A @ lam
        else:
            if calfun == "logit" and not (np.isfinite(lo) and np.isfinite(hi)):
                raise DesignError("logit 校准需要有限的上下界 bounds（如 (0.5, 2)），R 同样要求 / logit calibration needs "
                                  "finite bounds (e.g. (0.5, 2)), as R's does")
            g = _grake(A, w, T, calfun, lo, hi, int(maxit), float(epsilon), force)
        new = w * g
        reps = None
        if design.repweights is not None:
            # R's calibrate.svyrep.design: every replicate calibrated to the same totals, regcalibrate's one step for
            # linear without bounds, grake otherwise (a replicate that does not converge is kept, as R, unchecked)
            # grake (bounds, raking, logit) a replicate a call on purpose: all at once gave the same weights (3e-13)
            # but was 0.15-0.65x as fast (benchmarks/bench_survey21_grake.py: each Newton step is vectorised already)
            R = design.repweights
            linear = calfun == "linear" and np.isinf(lo) and np.isinf(hi)
            if linear:     # regcalibrate's one step, every replicate's normal equations solved at once
                reps = _linear_calibrated_reps(A, R, T)
            else:
                reps = np.empty_like(R)
                for r in range(R.shape[1]):
                    with np.errstate(over="ignore", invalid="ignore"):     # a failure is refused just below
                        reps[:, r] = R[:, r] * _grake(A, R[:, r], T, calfun, lo, hi, int(maxit), float(epsilon),
                                                      True, replicate=True)
            bad = ~np.isfinite(reps).all(axis=0)
            if bad.any():
                # R's grake stops here ("missing value where TRUE/FALSE needed": its misfit is NaN); left in,
                # the replicate's NaN weights would be dropped from every variance as a domain without weight
                r = int(np.flatnonzero(bad)[0])
                raise DesignError(
                    f"第 {r + 1} 个重复权重无法按 {calfun} 在 bounds ({lo:g}, {hi:g}) 内校准到这些总体总量（调整系数"
                    f"不是有限数；R 的 calibrate 同样在此停止）：请放宽 bounds，或改用 linear、raking 校准 / replicate "
                    f"{r + 1} cannot be calibrated to these totals by {calfun} within bounds ({lo:g}, {hi:g}) (its "
                    "adjustments are not finite numbers; R's calibrate stops there too): widen the bounds, or "
                    "calibrate by linear or raking")
    except np.linalg.LinAlgError:
        # a calibration variable without data (a level nobody, or no replicate, has): R's solve stops there too
        raise DesignError(f"校准无法求解：加权的校准变量矩阵奇异（某个取值在样本或某个重复权重中无人，或变量彼此线性相关）："
                          f"{list(mm.columns)}；请去掉或合并这些项 / the calibration cannot be solved: the weighted matrix "
                          f"of the calibration variables {list(mm.columns)} is singular (a level nobody has in the "
                          "sample or in a replicate, or variables linear in each other); leave out or merge those "
                          "terms") from None
    whalf = np.sqrt(w)
    Q, _ = np.linalg.qr(A * whalf[:, None])
    return _with_weights(design, new, ("greg", (Q, g * whalf)), reps)


def _linear_calibrated_reps(A: np.ndarray, R: np.ndarray, T: np.ndarray, block: int = 4096) -> np.ndarray:
    """Every replicate of ``R`` calibrated linearly without bounds to the totals ``T`` on the model matrix ``A`` (R's
    regcalibrate: ``w_r (1 + A solve(A' W_r A, T - A' w_r))``), all at once: the replicates' ``A' W_r A`` from one
    product of the rows' ``a a'`` (upper triangle, ``block`` rows at a time) with ``R``, then one batched solve
    (a singular replicate raises ``LinAlgError`` as a loop's solve did).

    Examples
    --------
    >>> A = np.column_stack([np.ones(4), [1.0, 2, 3, 4]])
    >>> R = np.array([[1.0, 2], [1, 0], [1, 2], [1, 0.5]])
    >>> W = _linear_calibrated_reps(A, R, np.array([8.0, 24]))
    >>> (A.T @ W).round(12).tolist()
    [[8.0, 8.0], [24.0, 24.0]]
    """
    n, p = A.shape
    iu, ju = np.triu_indices(p)
    G = np.zeros((len(iu), R.shape[1]))
    for s in range(0, n, block):
        a = A[s:s + block]
        G += (a[:, iu] * a[:, ju]).T @ R[s:s + block]
    M = np.empty((R.shape[1], p, p))
    M[:, iu, ju] = G.T
    M[:, ju, iu] = G.T
    lam = np.linalg.solve(M, (T[None, :] - R.T @ A)[:, :, None])[:, :, 0]
    return R * (1 + A @ lam.T)


def _calfun(calfun: str, lo: float, hi: float):
    """R's cal.linear, cal.raking, cal.logit: (F^-1(u) - 1, dF(u)) with the bounds on g."""
    if calfun == "linear":
        return (lambda u: np.minimum(np.maximum(u + 1, lo), hi) - 1,
                lambda u: ((u < hi - 1) & (u > lo - 1)).astype(float))
    if calfun == "raking":
        return (lambda u: np.minimum(np.maximum(np.exp(u), lo), hi) - 1,
                lambda u: np.where((u < hi - 1) & (u > lo - 1), np.exp(u), 0.0))
    A = (hi - lo) / ((hi - 1) * (1 - lo))

    def fm1(u):
        e = np.exp(A * u)
        return (lo * (hi - 1) + hi * (1 - lo) * e) / (hi - 1 + (1 - lo) * e) - 1

    def df(u):
        e = np.exp(A * u)
        den = hi - 1 + (1 - lo) * e
        return hi * (1 - lo) * e * A / den - ((lo * (hi - 1) + hi * (1 - lo) * e) * ((1 - lo) * e * A)) / den ** 2

    return fm1, df


def _grake(mm: np.ndarray, ww: np.ndarray, population: np.ndarray, calfun: str, lo: float, hi: float, maxit: int,
           epsilon: float, force: bool, *, replicate: bool = False) -> np.ndarray:
    """R's ``grake`` (survey 4.1.1), step for step: Newton steps on eta with a generalised inverse, step halving
    where g is not finite, the weights rescaled first when every total is over 20 times the sample's."""
    fm1, dF = _calfun(calfun, lo, hi)
    sample_total = mm.T @ ww
    eta = np.zeros(mm.shape[1])
    xeta = mm @ eta
    it = 1
    with np.errstate(divide="ignore", invalid="ignore"):
        scales = population / sample_total
    scale = None
    if np.min(scales) > 20:
        scale = float(np.mean(scales))
        ww = ww * scale
        sample_total = sample_total * scale
        if (np.isfinite(lo) or np.isfinite(hi)) and not replicate:
            import warnings     # R's grake: 'Bounds were set but will be interpreted after rescaling by <scale>'
            sc3 = float(f"{scale:.3g}")
            warnings.warn(f"每个总体总量都超过样本加权总量的 20 倍，权重先乘以 {sc3:g} 再校准；上下界 bounds 是对放大后权重的调整"
                          f"倍数，相对原权重的调整约为 bounds × {sc3:g}（R 同样如此并警告）；若要限定相对原权重的调整，请先把权重"
                          f"换算到总体规模 / every population total is over 20 times the sample's weighted total, so the "
                          f"weights are first rescaled by {sc3:g}: the bounds apply to the adjustment of the rescaled "
                          f"weights, about bounds x {sc3:g} of the original ones (R does so too and warns: 'Bounds were "
                          "set but will be interpreted after rescaling'); to bound the adjustment of the original "
                          "weights, scale them to the population first", RuntimeWarning, stacklevel=3)
    failed = None
    while True:
        deriv = dF(xeta)
        Tmat = (mm * (ww * deriv)[:, None]).T @ mm
        misfit = population - sample_total - (mm * (ww * fm1(xeta))[:, None]).sum(axis=0)
        deta = np.linalg.pinv(Tmat, rcond=256 * np.finfo(float).eps) @ misfit
        eta = eta + deta
        xeta = mm @ eta
        with np.errstate(over="ignore", invalid="ignore"):
            g, deriv = 1 + fm1(xeta), dF(xeta)
            while it < maxit and not (np.isfinite(g).all() and np.isfinite(deriv).all()):
                it += 1
                deta = deta / 2
                eta = eta - deta
                xeta = mm @ eta
                g, deriv = 1 + fm1(xeta), dF(xeta)
        misfit = population - sample_total - (mm * (ww * fm1(xeta))[:, None]).sum(axis=0)
        if np.all(np.abs(misfit) / (1 + np.abs(population)) < epsilon):
            break
        it += 1
        if it > maxit:
            failed = float(np.max(np.abs(misfit) / (1 + np.abs(population))))
            break
    if failed is not None and not replicate:     # a replicate that does not converge is kept silently, as R
        zh = (f"校准在 {maxit} 次迭代后未收敛（最大相对偏差 {failed:.6g}）：上下界 bounds 对这些总体总量太紧，或总量彼此矛盾")
        en = (f"the calibration did not converge in {maxit} iterations (largest relative misfit {failed:.6g}): the bounds "
              "are too tight for these population totals, or the totals contradict each other")
        if not force:
            raise DesignError(f"{zh}；请放宽 bounds、核对总量，或用 force=True 保留最后的权重（R: Calibration failed） / {en}; "
                              "widen the bounds, check the totals, or keep the last weights with force=True (R: "
                              "Calibration failed)")
        import warnings
        warnings.warn(f"{zh}；按 force=True 保留最后的权重 / {en}; the last weights are kept (force=True)",
                      RuntimeWarning, stacklevel=3)
    g = 1 + fm1(xeta)
    return g * scale if scale is not None else g


def _model_matrix(frame: pd.DataFrame, columns: list, intercept: bool) -> pd.DataFrame:
    parts = {}
    if intercept:
        parts["(Intercept)"] = np.ones(len(frame))
    for c in columns:
        s = frame[c]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            parts[c] = s.astype(float).to_numpy()
        elif isinstance(s.dtype, pd.CategoricalDtype):
            # R's factor: its declared order, the first level present the reference (glm's model.frame drops the
            # unused levels, drop.unused.levels = TRUE)
            codes = s.cat.codes.to_numpy()
            present = np.unique(codes[codes >= 0])
            for j in present[1 if intercept else 0:]:
                # a missing value is missing in every dummy (R's model.frame: na.omit in glm, na.fail in calibrate)
                parts[f"{c}{_r_level(s.cat.categories[j])}"] = np.where(codes < 0, np.nan, (codes == j).astype(float))
        else:
            levels = sorted(s.dropna().astype(str).unique())
            miss = s.isna().to_numpy()
            for lv in levels[1 if intercept else 0:]:
                parts[f"{c}{lv}"] = np.where(miss, np.nan, (s.astype(str) == lv).astype(float).to_numpy())
    return pd.DataFrame(parts, index=frame.index)


# ------------------------------------------------------------------ regression
_EPS = np.finfo(float).eps


def _x_d_opx(t):
    """t / (1 + t), R's x_d_opx (family.c)."""
    return t / (1 + t)


_LINKS = {
    # name: (link, inverse, d mu / d eta)
    "identity": (lambda mu: mu, lambda eta: eta, lambda eta: np.ones_like(eta)),
    # R's log link: pmax(exp(eta), .Machine$double.eps); its logit link clamps at |eta| 30 (C code, make.link)
    "log": (np.log, lambda eta: np.maximum(np.exp(eta), np.finfo(float).eps),
            lambda eta: np.maximum(np.exp(eta), np.finfo(float).eps)),
    # (R's C code, family.c: logit_linkinv is t / (1 + t), t = exp(eta) clamped to DBL_EPSILON below -30 and
    # 1 / DBL_EPSILON above 30; logit_mu_eta is DBL_EPSILON where |eta| > 30, else exp(eta) / (1 + exp(eta))^2)
    "logit": (lambda mu: np.log(mu / (1 - mu)),
              lambda eta: _x_d_opx(np.where(eta < -30, _EPS, np.where(eta > 30, 1 / _EPS,
                                                                     np.exp(np.clip(eta, -30, 30))))),
              lambda eta: np.where(np.abs(eta) > 30, _EPS,
                                   np.exp(np.clip(eta, -30, 30)) / (1 + np.exp(np.clip(eta, -30, 30))) ** 2)),
    "inverse": (lambda mu: 1 / mu, lambda eta: 1 / eta, lambda eta: -1 / eta ** 2),
}
# family: (variance function, R's default link, links allowed here)
_FAMILIES = {
    "gaussian": (lambda mu: np.ones_like(mu), "identity", ("identity", "log", "inverse")),
    "binomial": (lambda mu: mu * (1 - mu), "logit", ("logit", "log")),
    "poisson": (lambda mu: mu, "log", ("log", "identity")),
    "Gamma": (lambda mu: mu ** 2, "inverse", ("inverse", "log", "identity")),
}




def _ylogy(y, mu):
    """y log(y / mu), 0 where y is 0 (R's poisson deviance residuals)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0) / mu), 0.0)


def _binomial_dev_resids(y, mu, wt):
    from .estimate import _binomial_dev_resids as dev    # the one formula (svyciprop's glm.fit uses it too)
    return dev(y, mu, wt)


_DEV = {
    "gaussian": lambda y, mu, wt: wt * (y - mu) ** 2,
    "binomial": lambda y, mu, wt: _binomial_dev_resids(y, mu, wt),
    "poisson": lambda y, mu, wt: 2 * wt * np.where(y > 0, _ylogy(y, mu) - (y - mu), mu),
    "Gamma": lambda y, mu, wt: -2 * wt * (np.log(np.where(y == 0, 1.0, y / mu)) - (y - mu) / mu),
}
_VALID = {  # R's family$validmu and link$valideta
    "binomial": lambda mu: np.all(np.isfinite(mu) & (mu > 0) & (mu < 1)),
    "poisson": lambda mu: np.all(np.isfinite(mu) & (mu > 0)),
    "Gamma": lambda mu: np.all(np.isfinite(mu) & (mu > 0)),
}


def _wls_qr(X: np.ndarray, w: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The weighted least-squares step of R's ``glm.fit``: ``qr(x * sqrt(w))`` and ``qr.coef`` on ``z * sqrt(w)``,
    never the normal equations (``solve(X'WX, X'Wz)`` squares the condition number: two predictors 1e-9 apart,
    which R fits, are singular there to within rounding, and whether the solve raises then depends on the machine's
    BLAS kernel). Returns the coefficients and the triangular factor ``R`` (for :func:`_cov_unscaled`).

    >>> X = np.column_stack([np.ones(4), [1.0, 2.0, 3.0, 4.0]])
    >>> b, _ = _wls_qr(X, np.ones(4), np.array([2.0, 4.0, 6.0, 8.0]))
    >>> (np.round(b, 12) + 0.0).tolist()
    [0.0, 2.0]
    """
    sw = np.sqrt(w)
    q, r = np.linalg.qr(X * sw[:, None])
    d = np.abs(np.diag(r))
    if not d.size or not np.all(np.isfinite(r)) or d.min() == 0.0:
        raise np.linalg.LinAlgError("singular weighted design matrix")
    from scipy.linalg import solve_triangular
    return solve_triangular(r, q.T @ (z * sw)), r


def _cov_unscaled(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``summary.glm``'s ``cov.unscaled``: ``chol2inv`` of the QR's ``R`` of ``X * sqrt(w)``, i.e. ``(X'WX)^-1``
    without forming ``X'WX`` (see :func:`_wls_qr`)."""
    from scipy.linalg import solve_triangular
    _, r = _wls_qr(X, w, np.zeros(len(w)))
    rinv = solve_triangular(r, np.eye(r.shape[0]))
    return rinv @ rinv.T


def _glm_fit(X, y, prior, off, fam, link, *, start=None, epsilon=1e-8, maxit=25):
    """R's ``glm.fit``, step by step: the same start (``family$initialize`` or ``start``), IRLS on the working
    response, step halving where the deviance is not finite or the mean leaves its range, and the stop when the
    deviance moves by less than ``epsilon`` (relative, ``|dev - devold| / (|dev| + 0.1)``). Returns the
    coefficients, the working weights of the last iteration (computed, as R's, before its update), the working
    residuals at the final coefficients and whether it converged: R's ``svyglm`` takes its sandwich from exactly
    these, so its standard errors carry the last step's lag, which this reproduces."""
    var_fn = _FAMILIES[fam][0]
    linkfun, linkinv, mu_eta = _LINKS[link]
    dev_fn, valid = _DEV[fam], _VALID.get(fam, lambda mu: True)
    if start is None:
        mustart = {"binomial": lambda: (prior * y + 0.5) / (prior + 1), "poisson": lambda: y + 0.1}.get(
            fam, lambda: y)()
        eta = linkfun(mustart)
        coefold = None
    else:
        eta = X @ start + off
        coefold = start
    mu = linkinv(eta)
    devold = float(dev_fn(y, mu, prior).sum())
    conv = False
    b = coefold
    good = prior > 0
    everyone = bool(good.all())
    Xg = X if everyone else X[good]
    for _ in range(int(maxit)):
        me = mu_eta(eta)
        if everyone:
            z = eta - off + (y - mu) / me
            wsq = prior * me ** 2 / var_fn(mu)
        else:
            z = (eta - off)[good] + (y - mu)[good] / me[good]
            wsq = prior[good] * me[good] ** 2 / var_fn(mu)[good]
        b = _wls_qr(Xg, wsq, z)[0]
        eta = X @ b + off
        mu = linkinv(eta)
        dev = float(dev_fn(y, mu, prior).sum())
        halvings = 0
        while not (np.isfinite(dev) and valid(mu)):
            if coefold is None or halvings >= int(maxit):
                raise np.linalg.LinAlgError("no valid set of coefficients")
            halvings += 1
            b = (b + coefold) / 2
            eta = X @ b + off
            mu = linkinv(eta)
            dev = float(dev_fn(y, mu, prior).sum())
        if abs(dev - devold) / (abs(dev) + 0.1) < epsilon:
            conv = True
            break
        devold = dev
        coefold = b
    W = np.zeros(len(y))
    W[good] = wsq
    return b, W, (y - mu) / mu_eta(eta), conv


def _aliased(A: np.ndarray, tol: float = 1e-11) -> np.ndarray:
    """Columns that are linear in the columns before them, as R's ``glm`` finds them (LINPACK ``dqrdc2``, tolerance
    ``min(1e-7, epsilon / 1000)``, 1e-11 at glm's default epsilon 1e-8: a column whose norm left after the earlier columns is below ``tol`` times its own is aliased). One
    Householder QR in the columns' order: ``|R[j, j]|`` is that norm left (an aliased column adds a direction of
    rounding noise only, which changes the later columns' norms by a share of about 1/rows)."""
    if A.shape[1] == 0:
        return np.zeros(0, dtype=bool)
    R = np.linalg.qr(A, mode="r")
    left = np.zeros(A.shape[1])             # fewer rows than columns: the columns past the rows are aliased
    left[:min(A.shape)] = np.abs(np.diag(R))
    norms = np.sqrt(np.einsum("ij,ij->j", A, A))
    return ~(left >= tol * norms) | (norms == 0)


def svyglm(design: SurveyDesign, y: str, x, *, family: str = "gaussian", link: str | None = None, offset=None,
           level: float = 0.95, epsilon: float = 1e-8, maxit: int = 25) -> pd.DataFrame:
    """Design-based generalised linear regression, R's ``svyglm``.

    基于设计的广义线性回归（等同 R 的 ``svyglm``）：线性、logistic、Poisson、Gamma 回归，可带偏移量（offset）；系数、
    三明治标准误、t 检验（自由度为设计自由度减非别名参数个数加一）。与其他列线性相关的列（别名）如 R 记为 NA。

    Parameters
    ----------
    design : SurveyDesign
    y : str
        Response column (0/1 or a share for the binomial families, a count for poisson, positive for Gamma).
    x : list of str
        Predictors; text columns enter as treatment dummies (R's names ``<col><level>``).
    family : {"gaussian", "binomial", "quasibinomial", "poisson", "quasipoisson", "Gamma"}
        The quasi families give the same coefficients and the same design-based standard errors in R's ``svyglm``.
    link : str, optional
        R's default link of the family when not given (identity, logit, log, inverse for Gamma); also ``"log"`` for
        Gamma (R's ``Gamma(link = "log")``) and the other links listed in ``_FAMILIES``.
    offset : str or array-like, optional
        A column (or values, one a row) added to the linear predictor with coefficient 1, R's ``offset(...)`` in the
        formula: pass ``log(days)`` as a column for a rate per day (R: ``cnt ~ x + offset(log(days))``).
    level : float
    epsilon, maxit : float, int
        R's ``glm.control``: the fit stops when the deviance moves by less than ``epsilon`` (relative), as R's
        ``glm.fit``, step for step, so that the standard errors equal R's (R takes them from the working weights of
        the last iteration, before its update: with the default 1e-8 they are within about 1e-6 of the converged
        fit's, and so are ours). A fit that does not converge warns in both languages, as R warns.

    Returns
    -------
    pandas.DataFrame
        ``term``, ``estimate``, ``se``, ``t``, ``p_value``, ``ci_low``, ``ci_high``, ``aliased``: a term linear in
        the terms before it (a column that repeats another, or a sum of them) is aliased, as R's ``glm`` finds it,
        its row all NaN (R's NA); ``attrs['df']`` the residual degrees of freedom, ``attrs['vcov']`` the covariance
        matrix of the terms that are not aliased (as R's ``vcov``), ``attrs['aliased']`` their names. On a
        replicate design an aliased term is refused, as R's ``svyglm`` stops there ("Infinite/NA values in
        estimate").

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"y": [1.0, 3, 5, 7.5], "x": [0.0, 1, 2, 3], "w": 1.0})
    >>> t = svyglm(svydesign(f, ids=None, strata=None, weights="w"), "y", ["x"])
    >>> t["term"].tolist(), round(float(t.loc[1, "estimate"]), 6)
    (['(Intercept)', 'x'], 2.15)
    >>> t = svyglm(svydesign(f.assign(x2=2 * f.x), ids=None, strata=None, weights="w"), "y", ["x", "x2"])
    >>> t["aliased"].tolist(), t.attrs["aliased"]       # R: coef NA for x2
    ([False, False, True], ['x2'])
    """
    f = design.frame
    cols = [x] if isinstance(x, str) else list(x)
    fam = {"quasibinomial": "binomial", "quasipoisson": "poisson"}.get(family, family)
    if fam not in _FAMILIES:
        raise DesignError(f"family 必须是 gaussian、binomial（quasibinomial）、poisson（quasipoisson）或 Gamma，不支持 "
                          f"{family!r} / family must be gaussian, binomial (quasibinomial), poisson (quasipoisson) or "
                          f"Gamma, not {family!r}")
    var_fn, default_link, links = _FAMILIES[fam]
    link = default_link if link is None else link
    if link not in links:
        raise DesignError(f"family {family!r} 的 link 必须是 {list(links)} 之一，不支持 {link!r} / the link of family "
                          f"{family!r} must be one of {list(links)}, not {link!r}")
    linkfun, linkinv, mu_eta = _LINKS[link]
    yv = _as_number(_col(f, y), y, "分析变量 variable", f)
    mm = _model_matrix(f, cols, True)
    A = mm.to_numpy(dtype=float)
    if offset is None:
        off = np.zeros(len(f))
    elif isinstance(offset, str):
        off = _as_number(_col(f, offset), offset, "偏移量 offset", f)
    else:
        off = np.asarray(offset, dtype=float).reshape(-1)
        if off.shape[0] != len(f):
            raise DesignError(f"offset 须每行一个值（{len(f)} 个），得到 {off.shape[0]} 个 / offset needs one value a "
                              f"row ({len(f)}), got {off.shape[0]}")
    ok = ~np.isnan(yv) & ~np.isnan(A).any(axis=1) & np.isfinite(off)
    if not ok.any():
        raise DesignError(f"回归 {y} ~ {' + '.join(cols)} 没有一行同时有因变量和全部预测变量的值（R: 0 (non-NA) cases） / the "
                          f"regression {y} ~ {' + '.join(cols)} has no row with the response and every predictor "
                          "(R: 0 (non-NA) cases)")
    _refuse_outside_family(yv[ok], fam, y)
    tol = min(1e-7, epsilon / 1000)     # R's glm.fit: qr(..., tol = min(1e-07, control$epsilon/1000))
    alias = _aliased(A[ok] * np.sqrt(design.weights[ok])[:, None], tol)
    if alias.any() and design.repweights is not None:
        raise DesignError(f"回归项 {list(mm.columns[alias])} 与前面的项线性相关（别名）；R 的 svyglm 在重复权重设计上遇到别名项"
                          "会停止（Infinite/NA values in estimate）；请去掉这些项 / the terms "
                          f"{list(mm.columns[alias])} are linear in the terms before them (aliased); R's svyglm stops on "
                          "a replicate design there (Infinite/NA values in estimate); leave them out")
    A0 = A[ok][:, ~alias]               # the fit runs on the complete rows; the score is 0 elsewhere
    y1, off1 = yv[ok], off[ok]
    # R's svyglm rescales the weights to mean 1 over every row of the design (before glm drops the incomplete ones)
    prior = design.weights[ok] / design.weights.mean()
    unfit = (f"回归 {y} ~ {' + '.join(cols)} 无法拟合（加权设计矩阵奇异，或拟合值越界）；请检查预测变量与因变量的取值 / the "
             f"regression {y} ~ {' + '.join(cols)} cannot be fitted (the weighted design matrix is singular, or the "
             "fitted values left the family's range); check the predictors and the response")
    try:
        b, W, res, conv = _glm_fit(A0, y1, prior, off1, fam, link, epsilon=epsilon, maxit=maxit)
        p = len(b)
        if design.repweights is None:
            Ainv = _cov_unscaled(A0, W)                             # summary(glm)$cov.unscaled
            U = np.zeros((len(ok), p))
            U[ok] = (A0 * (res * W)[:, None]) @ Ainv                # estfun %*% Ainv
            V = _vcov_taylor(design, U)
            # R's svyglm.survey.design subsets the design to the complete rows first: its degf counts the PSUs (and
            # strata) left with a row, so a PSU whose every row misses y or x is not counted
            df = _domain_df_nrow(design, ok)[0] + 1 - p
        else:   # svyglm.svyrep.design: each replicate from the full fit, weights summing to 1; the design's degf
            R = design.repweights[ok]
            th = np.empty((R.shape[1], p))
            dropped = 0
            for k in range(R.shape[1]):
                wk = R[:, k] / R[:, k].sum()
                if _aliased(A0 * np.sqrt(wk)[:, None], tol).any():
                    # a replicate that leaves a term without data (a window in one PSU, that PSU deleted): R's glm.fit
                    # pivots it out, its coefficient NA, and svrVar discards the replicate with a warning
                    th[k] = np.nan
                    dropped += 1
                    continue
                th[k], _, _, ck = _glm_fit(A0, y1, wk, off1, fam, link, start=b, epsilon=epsilon, maxit=maxit)
                conv = conv and ck
            if dropped:
                import warnings
                warnings.warn(f"{dropped} 个重复权重的回归有项无数据（系数 NA），已从方差中去掉（R 的 svrVar 同样去掉并警告）；"
                              f"标准误来自其余 {R.shape[1] - dropped} 个重复 / {dropped} replicates gave NA results "
                              "(a term without data in that replicate) and were discarded from the variance, as R's "
                              f"svrVar does; the standard errors come from the other {R.shape[1] - dropped} replicates",
                              RuntimeWarning, stacklevel=2)
            V = _rep_vcov(design, b, th)
            df = degf(design) + 1 - p
    except np.linalg.LinAlgError:
        raise DesignError(unfit) from None
    if not conv:
        import warnings
        warnings.warn(f"回归 {y} ~ {' + '.join(cols)} 的迭代在 {maxit} 次内未收敛（R 的 glm.fit 同样警告）；请增大 maxit "
                      f"或检查是否有完全分离 / the fit of {y} ~ {' + '.join(cols)} did not converge in {maxit} "
                      "iterations (R's glm.fit warns too); raise maxit or look for complete separation",
                      RuntimeWarning, stacklevel=2)
    mu_hat = _LINKS[link][1](A0 @ b + off1)
    eps10 = 10 * np.finfo(float).eps
    if (fam == "binomial" and ((mu_hat > 1 - eps10) | (mu_hat < eps10)).any()) or (
            fam == "poisson" and (mu_hat < eps10).any()):
        import warnings     # R's glm.fit warns the same ("fitted probabilities numerically 0 or 1 occurred")
        warnings.warn(f"回归 {y} ~ {' + '.join(cols)} 的拟合值在数值上为 0 或 1（完全或准完全分离）：系数与标准误不可靠（R 的 "
                      f"glm.fit 同样警告） / the fit of {y} ~ {' + '.join(cols)} has fitted values numerically 0 or 1 "
                      "(complete or quasi-complete separation): its coefficients and standard errors are not to be "
                      "trusted (R's glm.fit warns too)", RuntimeWarning, stacklevel=2)
    se = np.sqrt(np.diag(V))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = b / se
    q = _dist.t_ppf(1 - (1 - level) / 2, df)
    full = np.full(len(alias), np.nan)

    def spread(v):
        o = full.copy()
        o[~alias] = v
        return o

    out = pd.DataFrame({"term": list(mm.columns), "estimate": spread(b), "se": spread(se), "t": spread(t),
                        "p_value": spread(2 * _dist.t_sf(np.abs(t), df)), "ci_low": spread(b - q * se),
                        "ci_high": spread(b + q * se), "aliased": alias})
    out.attrs["df"] = int(df)
    out.attrs["vcov"] = V
    out.attrs["aliased"] = list(mm.columns[alias])
    return out


def _refuse_outside_family(yv: np.ndarray, fam: str, y: str) -> None:
    """A response outside its family's range is refused (R's glm stops on these too)."""
    bad = {"binomial": (yv < 0) | (yv > 1), "poisson": yv < 0, "Gamma": yv <= 0}.get(fam)
    if bad is not None and bad.any():
        need = {"binomial": "在 0 与 1 之间 / between 0 and 1", "poisson": "不为负 / not negative",
                "Gamma": "大于 0 / above 0"}[fam]
        zh, en = need.split(" / ")
        raise DesignError(f"{fam} 回归的因变量 '{y}' 须{zh}，有 {int(bad.sum())} 个值不符（如 {yv[bad][0]:g}） / the "
                          f"response '{y}' of a {fam} regression must be {en}; {int(bad.sum())} values are not "
                          f"(e.g. {yv[bad][0]:g})")


def svyttest(design: SurveyDesign, y: str, group: str, *, level: float = 0.95) -> pd.DataFrame:
    """Design-based two-group t test, R's ``svyttest(y ~ group, design)``.

    两组均值差的设计 t 检验（以 svyglm 的组别系数检验，自由度为 svyglm 的残差自由度：设计自由度减一）。

    Parameters
    ----------
    design : SurveyDesign
        Linearisation or replicate weights.
    y, group : str
        The group column must have exactly two levels (among the rows with ``y``), each with weight. A numeric group
        is taken as its two levels, the difference of their means whatever the codes: R's ``svyttest(y ~ group)``
        for codes 0/1 or 1/2, ``svyttest(y ~ factor(group))`` for others (where R's ``svyttest(y ~ group)`` stops,
        "group must be binary", as its coefficient would be the slope per unit).
    level : float
        Of the interval, on the t distribution with ``df`` degrees of freedom (R's ``confint`` of the fit).

    Returns
    -------
    pandas.DataFrame
        One row: ``difference`` (second level minus first), ``se``, ``t``, ``df``, ``p_value``, ``levels``,
        ``ci_low``, ``ci_high``. ``df`` is R's: on a linearisation design the PSUs with a complete row minus their
        strata, minus one; on a replicate design the design's own, minus one.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"y": [1.0, 2, 3, 5, 6, 8], "g": list("aaabbb"), "w": 1.0})
    >>> t = svyttest(svydesign(f, ids=None, strata=None, weights="w"), "y", "g")
    >>> round(float(t.loc[0, "difference"]), 12)
    4.333333333333
    """
    yv = _numeric(design, y)
    gcol = _col(design.frame, group)
    levels = _sorted_levels(gcol[~np.isnan(yv) & gcol.notna().to_numpy()])
    if len(levels) != 2:
        raise DesignError(f"分组列 {group} 必须恰好有两个取值（在有 {y} 的行中），现有 {len(levels)} 个 / group column "
                          f"{group} must have exactly two levels (among the rows with {y}), found {len(levels)}")
    ok = ~np.isnan(yv) & gcol.notna().to_numpy()
    numeric = pd.api.types.is_numeric_dtype(gcol) and not pd.api.types.is_bool_dtype(gcol)
    codes, uniq = pd.factorize(gcol[ok], sort=True)
    _refuse_unweighted_levels(group, y, [str(u) for u in uniq], codes, design.weights[ok], "svyttest 在此给出 NA",
                              "svyttest gives NA here")
    if numeric:
        # the second level against the first (a 0/1 indicator): the difference of the two means, whatever the codes
        # (R's svyglm would take the slope per unit, so R's svyttest takes only 0/1 or 1/2 and refuses the rest)
        second = gcol[ok].unique().max()
        ind = (gcol == second).astype(float).where(gcol.notna())
        key = f"{group}\x1f{levels[1]}"
        design, group = replace(design, frame=design.frame.assign(**{key: ind.to_numpy()})), key
    fit = svyglm(design, y, [group], level=level)
    d = fit.iloc[1]
    df = fit.attrs["df"]
    t = d["estimate"] / d["se"]
    return pd.DataFrame([{"difference": d["estimate"], "se": d["se"], "t": t, "df": df,
                          "p_value": 2 * _dist.t_sf(abs(t), df), "levels": f"{levels[1]} - {levels[0]}",
                          "ci_low": d["ci_low"], "ci_high": d["ci_high"]}])


def _refuse_unweighted_levels(group, y, levels, codes, ws, r_zh: str, r_en: str) -> None:
    """Refuse a group whose every row (with ``y``) has weight 0: it has no mean to compare (a singular fit)."""
    unweighted = [lv for lv, sw in zip(levels, np.bincount(codes, ws, minlength=len(levels))) if not sw > 0]
    if unweighted:
        shown = ", ".join(map(str, unweighted[:10])) + (" …" if len(unweighted) > 10 else "")
        raise DesignError(
            f"分组列 {group} 的取值 {shown} 在有 {y} 的行中权重全为 0（如被修剪或校准为 0 的窗口），无法比较（R 的 {r_zh}）。"
            f"请去掉这些行，或只比较有权重的组 / group column {group}: level {shown} has weight 0 in every row with {y} "
            f"(a window trimmed or calibrated to 0), so it cannot be compared (R's {r_en}). Remove those rows, or "
            "compare only the groups that have weight")


def _sorted_levels(series: pd.Series) -> list:
    """A group column's levels as R orders them: by value for a numeric column (9 before 10), else as text."""
    vals = series.dropna()
    if pd.api.types.is_numeric_dtype(vals) and not pd.api.types.is_bool_dtype(vals):
        return [str(v) for v in sorted(vals.unique())]
    return sorted(vals.astype(str).unique())


_RANKTESTS = ("wilcoxon", "vanderWaerden", "median", "KruskalWallis")


def svyranktest(design: SurveyDesign, y: str, group: str, *, test: str = "wilcoxon") -> pd.DataFrame:
    """Design-based rank test of a score between windows, R's ``svyranktest(y ~ group, design, test = )``.

    基于设计的秩检验（如比较各窗口 1–5 分的满意度）：Wilcoxon、van der Waerden、中位数检验与 Kruskal–Wallis；
    两组时为 t 检验（两组平均秩分之差），多组时为 F 检验（Lumley 与 Scott 2013）。

    Parameters
    ----------
    design : SurveyDesign
    y : str
        The score; a row missing it (or the group) is left out (R's ``na.omit``, the design's rows subset).
    group : str
        Its levels in sorted order, by value for a numeric column (the second minus the first for two groups; R's
        coefficient of a numeric column is this over the gap between its two values, the same ``t``).
    test : {"wilcoxon", "vanderWaerden", "median", "KruskalWallis"}
        The rank score: the estimated population mid-rank over the population size (``wilcoxon`` and
        ``KruskalWallis``, the same test), its normal quantile (``vanderWaerden``), or being above the population
        median (``median``).

    Returns
    -------
    pandas.DataFrame
        One row: ``test``, ``levels``, ``statistic`` (``t`` for two groups, ``Chisq`` for more), ``value``,
        ``ndf`` (NaN for ``t``; groups minus one), ``ddf`` (the design's df minus one, or minus ``ndf``),
        ``p_value`` (for ``Chisq``: of ``value / ndf`` on F(``ndf``, ``ddf``), as R), ``estimate`` and ``se``
        (two groups: the difference in mean rank score).

    Notes
    -----
    Three or more groups on a replicate design are refused: R's ``svyranktest`` stops there (survey 4.1.1, "missing
    value where TRUE/FALSE needed"), so there is no reference to agree with.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"s": [1.0, 2, 2, 3, 4, 4, 5, 5], "win": list("aaaabbbb"), "w": 1.0})
    >>> t = svyranktest(svydesign(f, ids=None, strata=None, weights="w"), "s", "win")
    >>> # R: svyranktest(s ~ win, svydesign(ids = ~1, weights = ~w, data = f)) -> t = 5.133512, df = 6, estimate 0.5
    >>> t[["statistic", "ddf"]].values.tolist(), round(float(t.loc[0, "value"]), 6), round(float(t.loc[0, "estimate"]), 12)
    ([['t', 6.0]], 5.133512, 0.5)
    """
    if test not in _RANKTESTS:
        raise DesignError(f"test 必须是 {'、'.join(_RANKTESTS)} 之一，不支持 {test!r} / test must be one of "
                          f"{', '.join(_RANKTESTS)}, not {test!r}")
    f = design.frame
    yv = _numeric(design, y)
    gcol = _col(f, group)
    ok = ~np.isnan(yv) & gcol.notna().to_numpy()
    levels = _sorted_levels(gcol[ok])
    k = len(levels)
    if k < 2:
        raise DesignError(f"分组列 {group} 在有 {y} 的行中至少要有两个取值，只有 {k} 个 / group column {group} needs at "
                          f"least two levels among the rows with {y}, found {k}")
    if k > 2 and design.repweights is not None:
        raise DesignError("重复权重设计上不做多组秩检验：R 的 svyranktest 在此报错（survey 4.1.1），无可核对的参照。请两两"
                          "比较 / a rank test of more than two groups is not computed on a replicate design: R's "
                          "svyranktest stops there (survey 4.1.1), so there is no reference to agree with. Compare the "
                          "groups two at a time")
    idx = np.nonzero(ok)[0]
    ys, ws = yv[idx], design.weights[idx]
    gi = pd.Categorical(gcol.iloc[idx].astype(str), categories=levels).codes
    _refuse_unweighted_levels(group, y, levels, gi, ws, "svyranktest 在此报错 non-conformable arguments",
                              "svyranktest stops here: 'non-conformable arguments'")
    ii = np.argsort(ys, kind="stable")
    N = float(_ld_cumsum(ws)[-1])
    mid = _ld_cumsum(ws[ii]) - ws[ii] / 2
    _, tie = np.unique(ys[ii], return_inverse=True)
    mid = (np.bincount(tie, mid) / np.bincount(tie))[tie]        # R's ave(): the mean over tied values
    rank = np.empty(len(ys))
    rank[ii] = mid
    if test == "vanderWaerden":
        score = _dist.norm_ppf(rank / N)
    elif test == "median":
        score = (rank > N / 2).astype(float)
    else:
        score = rank / N
    # a row of weight 0 below (or above) every weighted one has rank 0 (or N): van der Waerden's score is -inf (inf);
    # it is not in R's weighted lm (lm.wfit drops weight-0 rows) and its influence is weighted 0, so its score is moot
    score = np.where(ws == 0, 0.0, score)
    # R: lm(score ~ g, weights = w) (two groups) or glm(score ~ factor(g), weights = w): the group means
    A = np.column_stack([np.ones(len(ys))] + [(gi == j).astype(float) for j in range(1, k)])
    beta, _ = _wls_qr(A, ws, score)             # QR of A sqrt(w), never inv(A'WA) (see _wls_qr)
    Ainv = _cov_unscaled(A, ws)
    resid = score - A @ beta
    infn = (A * resid[:, None]) @ Ainv          # R's infn: the coefficients' influence values, unweighted
    infl = np.zeros((len(f), k))
    infl[idx] = ws[:, None] * infn
    df_sub, _ = _domain_df_nrow(design, ok)
    if design.repweights is None:
        V = _vcov_taylor(design, infl, np.repeat(ok[:, None], k, axis=1))
    else:
        # R: svytotal(infn, design[-naa, ]): the replicate totals of the full-sample influence values
        R = design.repweights
        V = _rep_vcov(design, infl.sum(axis=0), R[idx].T @ infn)
    base = {"test": test, "levels": " - ".join(levels[::-1]) if k == 2 else ", ".join(levels)}
    if k == 2:
        se = float(np.sqrt(V[1, 1]))
        t = beta[1] / se
        df = df_sub - 1
        return pd.DataFrame([{**base, "statistic": "t", "value": t, "ndf": np.nan, "ddf": df,
                              "p_value": 2 * _dist.t_sf(abs(t), df), "estimate": beta[1], "se": se}])
    b, Vb = beta[1:], V[1:, 1:]
    chisq = float(b @ np.linalg.solve(Vb, b))
    ndf, ddf = k - 1, df_sub - (k - 1)
    from scipy import stats   # here only, as svychisq
    return pd.DataFrame([{**base, "statistic": "Chisq", "value": chisq, "ndf": float(ndf), "ddf": ddf,
                          "p_value": stats.f.sf(chisq / ndf, ndf, ddf), "estimate": np.nan, "se": np.nan}])


_QRULES = ("math", "school", "shahvaish", "hf1", "hf2", "hf3", "hf4", "hf5", "hf6", "hf7", "hf8", "hf9")


def _ld_cumsum(w):
    """R's ``cumsum`` (and ``sum`` as its last element): accumulated in long double, each value rounded to double."""
    return np.cumsum(np.asarray(w, dtype=np.longdouble)).astype(float)


def _r_mean(w):
    """R's ``mean`` of doubles: the long-double sum over n, corrected by a second pass as R does."""
    x = np.asarray(w, dtype=np.longdouble)
    m = x.sum() / len(x)
    m = m + (x - m).sum() / len(x)
    return float(m)


def _approx(pk, ys, p, constant: bool):
    """R's ``approx(pk, ys, p, rule = 2)``: linear, or ``method = "constant", f = 0``; ends held. As R's
    ``regularize.values``, the points are put in the order of ``pk`` first and a tied ``pk`` takes the mean of its
    values (Shah and Vaish's ``pk`` need not increase: it adds the raw weight, not the scaled one)."""
    o = np.argsort(pk, kind="stable")
    pk, ys = np.asarray(pk)[o], np.asarray(ys)[o]
    if len(pk) > 1 and (np.diff(pk) == 0).any():
        u, inv = np.unique(pk, return_inverse=True)
        ys = np.bincount(inv, ys) / np.bincount(inv)
        pk = u
    if constant:
        i = np.clip(np.searchsorted(pk, p, side="right") - 1, 0, len(ys) - 1)
        return float(ys[i])
    if p <= pk[0]:
        return float(ys[0])
    if p >= pk[-1]:
        return float(ys[-1])
    j = int(np.searchsorted(pk, p, side="right")) - 1
    if pk[j] == p:
        return float(ys[j])
    return float(ys[j] + (ys[j + 1] - ys[j]) * ((p - pk[j]) / (pk[j + 1] - pk[j])))


def _qrule(rule: str, ys: np.ndarray, ws: np.ndarray, p: float) -> float:
    """R's ``qrule_<rule>(x, w, p)`` on values already sorted (stably, as R's ``order``) with their weights."""
    keep = ws != 0
    ys, ws = ys[keep], ws[keep]
    n = len(ys)
    if n == 0 or np.isnan(p):
        return np.nan
    if rule == "hf3":      # weights summed over tied values first (R's rowsum), then the sorted distinct values
        ys, inv = np.unique(ys, return_inverse=True)
        ws = np.bincount(inv, ws)
        n = len(ys)
    if rule in ("math", "school", "hf1", "hf2", "hf3", "hf4"):
        cw = _ld_cumsum(ws)
        W = cw[-1]
        below = np.nonzero(cw <= p * W)[0]
        pos = int(below[-1]) if len(below) else 0          # R's last(): the first when none
        nxt = pos if pos == n - 1 else pos + 1
        wlow = p - cw[pos] / W
        wup = cw[nxt] / W - p
        if rule in ("math", "hf1"):
            return float(ys[pos] if wlow == 0 else ys[nxt])
        if rule in ("school", "hf2"):
            return float((ys[pos] + ys[nxt]) / 2 if wlow == 0 else ys[nxt])
        if rule == "hf3":
            return float(ys[pos] if (wlow == 0 and (pos + 1) % 2 == 0) else ys[nxt])
        g = wlow / (wup + wlow)
        return float(ys[pos] * (1 - g) + ys[nxt] * g)
    cw = _ld_cumsum(ws)
    if rule == "shahvaish":
        S = _ld_cumsum(ws / _r_mean(ws))
        return _approx((S + 0.5 - ws / 2) / (n + 1), ys, p, True)
    if rule == "hf5":
        pk = (cw - ws / 2) / cw[-1]
    elif rule == "hf6":
        pk = cw / (cw[-1] + ws[-1])
    elif rule == "hf7":
        pk = np.concatenate([[0.0], cw[:-1]]) / cw[n - 2] if n > 1 else np.zeros(1)
    elif rule == "hf8":
        pk = (np.concatenate([[0.0], cw[:-1]]) * 1 / 3 + cw * 2 / 3) / (cw[-1] + ws[-1] / 3)
    else:                  # hf9
        pk = (np.concatenate([[0.0], cw[:-1]]) * 3 / 8 + cw * 5 / 8) / (cw[-1] + ws[-1] / 4)
    return _approx(pk, ys, p, False)


def _zeroin(f, lo: float, hi: float, f_lo: float, f_hi: float, tol: float, maxit: int = 1000) -> float:
    """Brent's root finder with R's ``uniroot`` stopping rule (its ``zeroin``: the same steps, so the same root)."""
    eps = np.finfo(float).eps
    a, b, fa, fb = lo, hi, f_lo, f_hi
    c, fc = a, fa
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    for _ in range(maxit + 1):
        prev = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol_act = 2 * eps * abs(b) + tol / 2
        step = (c - b) / 2
        if abs(step) <= tol_act or fb == 0.0:
            return b
        if abs(prev) >= tol_act and abs(fa) > abs(fb):
            cb = c - b
            if a == c:
                t1 = fb / fa
                p = cb * t1
                q = 1.0 - t1
            else:
                q, t1, t2 = fa / fc, fb / fc, fb / fa
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0))
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0)
            if p > 0:
                q = -q
            else:
                p = -p
            if p < (0.75 * cb * q - abs(tol_act * q) / 2) and p < abs(prev * q / 2):
                step = p / q
        if abs(step) < tol_act:
            step = tol_act if step > 0 else -tol_act
        a, fa = b, fb
        b = b + step
        fb = f(b)
        if (fb > 0 and fc > 0) or (fb < 0 and fc < 0):
            c, fc = a, fa
    return b


def _domain_df_nrow(design: SurveyDesign, ok: np.ndarray, digest: bytes | None = None) -> tuple[float, int]:
    """R's ``degf`` and ``nrow`` of ``subset(design, ok)``: the domain's PSUs with weight minus their strata (a replicate
    design: the rank of the domain's replicate weights minus one), its rows (every row of a calibrated design, which
    R keeps). ``digest``: the replicate weights' :func:`_digest`, taken once by a caller asking for many domains."""
    if design.repweights is not None:   # R's [.svyrep.design recomputes degf: the rank of the kept rows' weights
        if ok.all():
            return float(_rep_rank_rows(design.repweights, None, digest) - 1), int(ok.sum())
        return (float(_rep_rank_rows(design.repweights, ok, digest) - 1) if ok.any() else np.nan), int(ok.sum())
    first = design.stages[0]
    okw = ok & (design.weights != 0)
    df = len(np.unique(first.cluster[okw])) - len(np.unique(first.stratum[okw]))
    return float(df), int(len(ok) if _calibrated(design) else ok.sum())


def _domains_df_nrow(design: SurveyDesign, V: np.ndarray, g: np.ndarray, G: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_domain_df_nrow` of every (domain, column) of a linearised design at once, in the order
    ``domain * columns + column``: a domain's rows are those of ``g`` (-1 none) whose value in the column is not NaN.

    Examples
    --------
    >>> f = pd.DataFrame({"h": [1, 1, 2, 2, 2], "c": [1, 2, 3, 4, 4], "w": [1.0, 1, 1, 0, 1]})
    >>> d = svydesign(f, ids="c", strata="h", weights="w")
    >>> V = np.array([[1.0, 1.0], [0.0, np.nan], [1.0, 1.0], [0.0, 0.0], [1.0, 1.0]])
    >>> df, n = _domains_df_nrow(d, V, np.array([0, 0, 0, 1, 1]), 2)   # the 4th row weighs 0: its cluster not counted
    >>> df.tolist(), n.tolist()
    ([1.0, 0.0, 0.0, 0.0], [3, 2, 2, 2])
    """
    M = V.shape[1]
    first = design.stages[0]
    r, m = np.nonzero(~np.isnan(V) & (g >= 0)[:, None])
    k = g[r] * M + m
    n = np.bincount(k, minlength=G * M)
    keep = design.weights[r] != 0
    k, r = k[keep], r[keep]
    out = []
    for codes in (first.cluster, first.stratum):
        c = pd.factorize(codes)[0].astype(np.int64)
        pairs = np.unique(k * (int(c.max(initial=0)) + 1) + c[r])    # each (domain, cluster) once
        out.append(np.bincount(pairs // (int(c.max(initial=0)) + 1), minlength=G * M))
    df = (out[0] - out[1]).astype(float)
    return df, (np.full(G * M, len(g)) if _calibrated(design) else n)


_INTERVALS = ("mean", "beta", "xlogit", "asin", "score", "quantile")


def svyquantile(design: SurveyDesign, y: str, quantiles, *, by=None, level: float = 0.95, qrule: str = "math",
                interval_type: str = "mean", df: float | None = None) -> pd.DataFrame:
    """Quantiles and their intervals, R's ``svyquantile(~y, design, q, ci = TRUE, qrule =, interval.type =)``.

    分位数及其置信区间（等同 R 4.x 的 ``svyquantile``）：十二种分位数规则 ``qrule``（R 的 ``"math"``（默认）、
    ``"school"``、``"shahvaish"``、``"hf1"``…``"hf9"``）；区间 ``interval_type``：``"mean"``（Woodruff，默认）、
    ``"beta"``、``"xlogit"``、``"asin"``（Woodruff，比例的区间分别取 Korn–Graubard、logit、反正弦变换）、
    ``"score"``（Francisco–Fuller 得分区间，仅线性化设计）、``"quantile"``（重复权重下分位数本身的重复方差，
    仅重复权重设计）。缺失值视为在域外（R 的 ``na.rm = TRUE``）。

    Parameters
    ----------
    design : SurveyDesign
    y : str
    quantiles : float or list of float
    by : str or list of str, optional
        Domains, as R's ``svyby(~y, ~by, design, svyquantile, quantiles = q, ci = TRUE, na.rm = TRUE)``: each
        domain's quantiles and SE are those of ``svyquantile`` on ``subset(design, by == domain)`` (its own degrees
        of freedom), and so is its interval -- the Woodruff (or replicate) interval, where ``confint`` of R's
        ``svyby`` gives the estimate +/- a normal quantile times that SE. A domain whose rows hold no answer has
        its rows, NaN (as :func:`svymean`'s ``by``), never left out unsaid.
    level : float
    qrule : str
        R's quantile rule: ``math`` (= ``hf1``, the inverse of the weighted distribution function), ``school``
        (= ``hf2``, the midpoint at a jump), ``shahvaish``, ``hf3``..``hf9`` (Hyndman and Fan's types, weighted).
    interval_type : {"mean", "beta", "xlogit", "asin", "score", "quantile"}
        R 4.1.1 computes the Woodruff interval of a replicate design with the ``mean`` rule whatever
        ``interval.type`` says; so ``beta``, ``xlogit`` and ``asin`` are refused there rather than labelled
        wrongly. ``score`` takes a linearisation design, ``quantile`` a replicate design, as in R.
    df : float, optional
        Degrees of freedom of the interval's ``t`` quantile (R's ``df``); default the design's (:func:`degf`),
        ``numpy.inf`` for the normal.

    Returns
    -------
    pandas.DataFrame
        ``quantile``, ``estimate``, ``ci_low``, ``ci_high``, ``se`` (interval width over twice the ``t``
        quantile on ``df``, as R's ``diff(ci) / (2 * qcrit(1 - alpha/2))``). A Woodruff limit whose
        proportion falls outside 0–1 is NaN, as R's; a ``score`` limit whose test does not change sign
        between the ends R searches is NaN (R stops there with an error).

        A quantile equal to its domain's largest value (a median of 5 where most answered 5): every answer is
        at or below it, so the Woodruff share is exactly 1 with variance exactly 0, and that exact arithmetic
        is what is reported: ``mean`` gives the interval [maximum, maximum] with ``se`` 0; ``beta``, ``xlogit``
        and ``asin`` give NaN (0/0: not estimable, variance 0, as :func:`svyciprop` at 100 %). This is R's
        result wherever its ``svymean(~I(y <= q), design)`` comes out exactly 1 with SE 0 (weights whose
        shares add up exactly; tests/test_survey37_quantile_max.py pins it). Elsewhere R's rounding leaves a
        share of 1 - 1.1e-16 or 1 + 2.2e-16 with an SE near 4e-17, and its limits follow the noise: the lower
        limit is the maximum still, the upper one NaN by ``mean`` on some small designs (one degree of freedom,
        its t quantile 12.7) and ``beta``/``xlogit``/``asin`` become [maximum, maximum] or NaN by the sign of
        the noise; those are not reproduced.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"y": [1.0, 2, 3, 4, 5], "w": 1.0})
    >>> d = svydesign(f, ids=None, strata=None, weights="w")
    >>> svyquantile(d, "y", 0.5)["estimate"].tolist()
    [3.0]
    >>> # R: svyquantile(~y, d, c(0.25, 0.6), qrule = "hf7")  ->  2, 3.4
    >>> svyquantile(d, "y", [0.25, 0.6], qrule="hf7")["estimate"].round(12).tolist()
    [2.0, 3.4]
    """
    if qrule not in _QRULES:
        raise DesignError(f"qrule 必须是 {'、'.join(_QRULES)} 之一，不是 {qrule!r} / qrule must be one of "
                          f"{', '.join(_QRULES)}, not {qrule!r}")
    if interval_type not in _INTERVALS:
        raise DesignError(f"interval_type 必须是 {'、'.join(_INTERVALS)} 之一，不是 {interval_type!r} / "
                          f"interval_type must be one of {', '.join(_INTERVALS)}, not {interval_type!r}")
    rep = design.repweights is not None
    if rep and interval_type in ("beta", "xlogit", "asin"):
        raise DesignError(
            f"重复权重设计的分位数区间不支持 interval_type={interval_type!r}：R（survey 4.1.1）在重复权重设计上忽略它，"
            "仍按 mean 计算 Woodruff 区间；请用 mean 或 quantile / interval_type "
            f"{interval_type!r} is not supported on a replicate design: R (survey 4.1.1) ignores it there and computes "
            "the Woodruff interval by the mean rule; use mean or quantile")
    if rep and interval_type == "score":
        raise DesignError("score 区间只用于线性化设计（R 的 svyquantile 在重复权重设计上没有它）；请用 mean 或 quantile / "
                          "the score interval takes a linearisation design (R's svyquantile has none for replicate "
                          "designs); use mean or quantile")
    if not rep and interval_type == "quantile":
        raise DesignError("quantile 区间只用于重复权重设计（R 同样如此）；请用 mean、beta、xlogit、asin 或 score / "
                          "the quantile interval takes a replicate design (as in R); use mean, beta, xlogit, asin or "
                          "score")
    yv = _as_number(_col(design.frame, y), y, "分析变量 variable", design.frame)
    ps = np.atleast_1d(np.asarray(quantiles, dtype=float))
    if not by:
        return pd.DataFrame(_quantile_rows(design, yv, ~np.isnan(yv), ps, level, qrule, interval_type, df))
    g, labels, bylist = _groups(design, by)
    tables = []
    digest = None if design.repweights is None else _digest(design.repweights)     # once, not once per domain
    for k in range(len(labels)):
        ok = (g == k) & ~np.isnan(yv)
        if ok.any():
            t = pd.DataFrame(_quantile_rows(design, yv, ok, ps, level, qrule, interval_type, df, digest))
        else:               # a domain of the design with no answer: its row says so (NaN), as svymean's by does
            t = pd.DataFrame({"quantile": ps, "estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan, "se": np.nan})
        for j, b in enumerate(bylist):
            t.insert(j, b, labels.iloc[k][b])
        tables.append(t)
    cols = [*bylist, "quantile", "estimate", "ci_low", "ci_high", "se"]
    return pd.concat(tables, ignore_index=True)[cols] if tables else pd.DataFrame(columns=cols)


def _quantile_rows(design: SurveyDesign, yv: np.ndarray, ok: np.ndarray, ps: np.ndarray, level: float, qrule: str,
                   interval_type: str, df, digest: bytes | None = None) -> list:
    """svyquantile's rows (quantile, estimate, interval, SE) on the rows ``ok``: the answered rows of a domain."""
    dom_df, nrow = _domain_df_nrow(design, ok, digest)
    df = dom_df if df is None else float(df)
    alpha = 1 - level
    qc = _dist.norm_ppf(1 - alpha / 2) if np.isinf(df) else _dist.t_ppf(1 - alpha / 2, df)
    o = np.argsort(yv[ok], kind="stable")
    ys, ws = yv[ok][o], design.weights[ok][o]

    def q_at(p, wts=ws):
        return _qrule(qrule, ys, wts, p)

    rows = []
    for p in ps:
        qhat = q_at(p)
        if interval_type == "quantile":
            R = design.repweights[ok][o]
            # column by column: at once over the replicate axis (R's long-double cumsum of an n x R array and the
            # steps found from it) measured 0.8-0.9x this loop's speed (benchmarks/README.md, survey20)
            reps = np.array([q_at(p, R[:, k]) for k in range(R.shape[1])])
            v = float(_rep_vcov(design, np.array([qhat]), reps[:, None])[0, 0])
            lo, hi = qhat - np.sqrt(v) * qc, qhat + np.sqrt(v) * qc
        elif interval_type == "score":
            lo, hi = _score_interval(design, yv, ok, ys, ws, p, qrule, alpha, qc, df, nrow)
        else:
            ind = pd.DataFrame({"_": np.where(ok, (yv <= qhat).astype(float), np.nan)})
            m = svymean(design, ind)
            # numpy floats: at pe = 1 (the largest value) xlogit's 1/(pe(1-pe)) is inf/NaN as in R, not a traceback
            pe, se_p = np.float64(m.loc[0, "mean"]), np.float64(m.loc[0, "se"])
            if qhat >= ys[-1]:
                # the domain's largest value: every answer is at or below it, so the share is 1 and its variance 0
                # exactly; R's arithmetic leaves a hair of noise there (1 - 1e-16, SE 4e-17) that turns its limits
                # NaN or not by chance, so the exact values are used (the decision in svyquantile's Returns)
                pe, se_p = np.float64(1.0), np.float64(0.0)
            with np.errstate(invalid="ignore", divide="ignore"):
                if interval_type == "mean":
                    lo_p, hi_p = pe - qc * se_p, pe + qc * se_p
                elif interval_type == "xlogit":       # svycontrast's delta method on log(p / (1 - p)), expit back
                    c, s_ = np.log(pe / (1 - pe)), se_p / (pe * (1 - pe))
                    lo_p, hi_p = 1 / (1 + np.exp(-(c - qc * s_))), 1 / (1 + np.exp(-(c + qc * s_)))
                elif interval_type == "asin":         # on asin(sqrt(p)), sin(.)^2 back
                    c, s_ = np.arcsin(np.sqrt(pe)), se_p / (2 * np.sqrt(pe * (1 - pe)))
                    lo_p, hi_p = np.sin(c - qc * s_) ** 2, np.sin(c + qc * s_) ** 2
                else:                                  # beta: R's n.eff on nrow(design) and degf(design)
                    from .estimate import proportion_ci

                    lo_a, hi_a = proportion_ci([pe], [se_p ** 2], [nrow], [dom_df], method="beta", level=level)
                    lo_p, hi_p = float(lo_a[0]), float(hi_a[0])
            lo = np.nan if (np.isnan(lo_p) or lo_p < 0) else q_at(float(lo_p))
            hi = np.nan if (np.isnan(hi_p) or hi_p > 1) else q_at(float(hi_p))
        rows.append({"quantile": float(p), "estimate": qhat, "ci_low": lo, "ci_high": hi, "se": (hi - lo) / (2 * qc)})
    return rows


def _score_interval(design, yv, ok, ys, ws, p, qrule, alpha, qc, df, nrow):
    """R's ``ffullerCI``: the roots of the score test of ``P(y > theta) = 1 - p``, searched by ``uniroot`` between
    the least and largest value moved in by a hundredth of the (unweighted, type 7) interquartile range, then each
    root's unweighted share of values at or below it put through the quantile rule."""
    # R's na.rm=TRUE: a subset drops the missing rows, except from a calibrated design, which keeps them (weight 0)
    # with the value set to 0 -- and those zeros enter the unweighted IQR, range and share below, as in R
    # (a domain of a calibrated design: R's subset keeps the other domains' rows too, with their values)
    x = np.where(np.isnan(yv), 0.0, yv) if _calibrated(design) else yv[ok]

    w = np.where(ok, design.weights, 0.0)
    W = w.sum()

    def score(theta, limit):
        # svymean(U(theta), design) on the domain: its mean and linearisation SE, without a frame per step
        u = np.where(ok, (yv > theta).astype(float) - (1 - p), 0.0)
        mu = (w * u).sum() / W
        v = _vcov_taylor(design, (w * (u - mu) / W)[:, None], ok[:, None])[0, 0]
        return mu / np.sqrt(v) - limit

    q25, q75 = np.percentile(x, [25, 75])
    iqr = q75 - q25
    lo_t, hi_t = float(x.min() + iqr / 100), float(x.max() - iqr / 100)
    tol = 1 / (100 * np.sqrt(nrow))
    out = []
    for limit in (qc, -qc):       # qcrit(alpha/2, lower.tail = FALSE), then lower.tail = TRUE
        with np.errstate(invalid="ignore", divide="ignore"):
            f_lo, f_hi = score(lo_t, limit), score(hi_t, limit)
        if not (lo_t < hi_t) or np.isnan(f_lo) or np.isnan(f_hi) or f_lo * f_hi > 0:
            out.append(np.nan)
            continue
        with np.errstate(invalid="ignore", divide="ignore"):
            root = _zeroin(lambda t, lim=limit: score(t, lim), lo_t, hi_t, f_lo, f_hi, tol)
        out.append(_qrule(qrule, ys, ws, float(np.mean(x <= root))))
    return out[0], out[1]


# ------------------------------------------------------------------ ordered logit
def _olr_parts(theta, A, y, w, K):
    """Weighted log-likelihood, per-row gradient (d/d beta, d/d zeta) of an ordered logit."""
    p = A.shape[1]
    beta, zeta = theta[:p], theta[p:]
    eta = A @ beta
    up = np.where(y < K - 1, np.concatenate([zeta, [np.inf]])[y], np.inf)
    lo = np.where(y > 0, np.concatenate([[-np.inf], zeta])[y], -np.inf)
    Fu = np.where(np.isinf(up), 1.0, 1 / (1 + np.exp(-(up - eta))))
    Fl = np.where(np.isinf(lo), 0.0, 1 / (1 + np.exp(-(lo - eta))))
    fu = Fu * (1 - Fu)
    fl = Fl * (1 - Fl)
    pr = Fu - Fl
    ll = float((w * np.log(pr)).sum())
    G = np.zeros((len(y), p + K - 1))
    G[:, :p] = -A * ((fu - fl) / pr)[:, None]
    rows = np.arange(len(y))
    iu = y < K - 1
    G[rows[iu], p + y[iu]] += fu[iu] / pr[iu]
    il = y > 0
    G[rows[il], p + y[il] - 1] -= fl[il] / pr[il]
    return ll, G * w[:, None]


def _refuse_olr_empty_levels(Rw: np.ndarray, yc: np.ndarray, ok: np.ndarray, K: int, levels, y: str) -> None:
    """A replicate without weight on a level of ``y`` (or without any weight) leaves a threshold unidentified: its
    fit has no optimum (R's optim stops anywhere and its standard error means nothing), so it is refused, naming
    the replicates and levels."""
    onehot = np.zeros((len(yc), K))
    onehot[np.nonzero(ok)[0], yc[ok]] = 1.0
    W = onehot.T @ Rw                       # levels x replicates: each level's weight in each replicate
    bad = np.argwhere(~(W > 0))
    if not len(bad):
        return
    shown = "; ".join(f"#{r + 1}: {y} = {_fmt(levels[k])}" for k, r in bad[:5])
    more = f" …（共 {len(bad)} 处）" if len(bad) > 5 else ""
    more_en = f" ... ({len(bad)} in all)" if len(bad) > 5 else ""
    raise DesignError(f"有序 logit：重复权重中有等级没有权重（{shown}{more}），该重复的阈值无法估计（R 的 optim 在此停在任意处，"
                      f"标准误无意义）。请检查这些重复权重列（第几列见 #），或合并稀少的等级 / ordered logit: a level of {y} has "
                      f"no weight in a replicate ({shown}{more_en}), so that replicate's threshold cannot be estimated "
                      "(R's optim stops anywhere there and its standard error means nothing). Check those replicate "
                      "weight columns (numbered by #) or merge the rare levels")


def svyolr(design: SurveyDesign, y: str, x, *, level: float = 0.95) -> pd.DataFrame:
    """Design-weighted proportional-odds (ordered logit) model, R's ``svyolr(factor(y) ~ x, design)``.

    基于设计的加权有序 logit 模型（等同 R 的 ``svyolr``）：``logit P(Y <= k) = zeta_k - x'beta``，
    系数与阈值的标准误由设计的三明治方差给出。

    Parameters
    ----------
    design : SurveyDesign
        A linearisation design, or a replicate design (R's ``svyolr.svyrep.design``: the model refitted on every
        replicate's weights, the variance from those fits). Where the delivery's weight column is named ``w``,
        R's replicate fits (``polr(..., data = df, weights = w)``, ``df`` the design's own columns) read that column,
        the full-sample weights, instead of each replicate's, and R gives every SE as 0; ours refits on each
        replicate. R agrees once the column is renamed (survey 4.1.1; tests/test_stats45_olr_replicates.py).
    y : str
        Ordered response (its sorted distinct values are the levels; at least 3).
    x : list of str
        Numeric predictors.
    level : float

    Returns
    -------
    pandas.DataFrame
        ``term`` (the predictors, then the thresholds ``a|b``), ``kind`` (``coef`` / ``threshold``),
        ``estimate``, ``se``, ``t``, ``p_value``; ``attrs``: ``df`` (design df minus predictors, as
        R), ``n``, ``loglik`` (weighted), ``vcov``.

    Examples
    --------
    >>> import pandas as pd, numpy as np
    >>> rng = np.random.default_rng(1)
    >>> xs = rng.normal(size=400)
    >>> ys = np.digitize(xs + rng.logistic(size=400), [-1, 0, 1])
    >>> f = pd.DataFrame({"y": ys, "x": xs, "w": 1.0})
    >>> t = svyolr(svydesign(f, ids=None, strata=None, weights="w"), "y", ["x"])
    >>> t["kind"].tolist()
    ['coef', 'threshold', 'threshold', 'threshold']
    >>> bool(0.6 < t.loc[0, "estimate"] < 1.4)
    True
    """
    f = design.frame
    cols = [x] if isinstance(x, str) else list(x)
    yv = _as_number(_col(f, y), y, "分析变量 variable", f)
    A = np.column_stack([_as_number(_col(f, c), c, "分析变量 variable", f) for c in cols])
    ok = ~np.isnan(yv) & ~np.isnan(A).any(axis=1)
    levels = np.unique(yv[ok])
    K = len(levels)
    if K < 3:
        raise DesignError("有序 logit 需要至少 3 个等级 / an ordered logit needs at least 3 levels")
    yc = np.where(ok, np.searchsorted(levels, np.where(ok, yv, levels[0])), 0)
    w = np.where(ok, design.weights, 0.0)
    A0 = np.where(ok[:, None], A, 0.0)
    p = A0.shape[1]

    def total_grad(th, wt):
        return _olr_parts(th, A0, yc, wt, K)[1].sum(0)

    def hessian(th, wt):
        h = 1e-6 * np.maximum(1.0, np.abs(th))
        H = np.zeros((len(th), len(th)))
        for j in range(len(th)):
            e = np.zeros(len(th))
            e[j] = h[j]
            H[:, j] = (total_grad(th + e, wt) - total_grad(th - e, wt)) / (2 * h[j])
        return (H + H.T) / 2

    def fit(wt, th):
        # Newton with step halving, the thresholds kept increasing
        ll = _olr_parts(th, A0, yc, wt, K)[0]
        for _ in range(200):
            g = total_grad(th, wt)
            step = np.linalg.solve(hessian(th, wt), -g)
            t_ = 1.0
            while True:
                cand = th + t_ * step
                z = cand[p:]
                if np.all(np.diff(z) > 0):
                    ll_new = _olr_parts(cand, A0, yc, wt, K)[0]
                    if ll_new >= ll - 1e-12 * abs(ll):
                        break
                t_ /= 2
                if t_ < 1e-10:
                    break
            th, ll = cand, ll_new
            if np.max(np.abs(t_ * step)) < 1e-12 * (1 + np.max(np.abs(th))):
                break
        return th, ll

    # start: cumulative shares as thresholds, no slopes
    cum = np.cumsum(np.bincount(yc[ok], weights=w[ok], minlength=K))[:-1] / w.sum()
    th, ll = fit(w, np.concatenate([np.zeros(p), np.log(cum / (1 - cum))]))
    if design.repweights is None:
        H = hessian(th, w)
        _, G = _olr_parts(th, A0, yc, w, K)
        V = _vcov_taylor(design, G @ np.linalg.inv(-H))
    else:
        # R's svyolr on replicates: the model refitted on every replicate's weights from the full-sample fit,
        # svrVar of those estimates (R's own fits stop at polr's default reltol; these run to convergence). A
        # replicate a fit on purpose (survey22 looked): each replicate's Newton halves its own steps and keeps its
        # thresholds increasing, and the finite-difference Hessian needs every replicate's own theta -- all at once
        # would hold rows x terms x replicates of scores (320 MB at 20,000 x 10 x 200) for a loop of ~5 steps each
        Rw = design.repweights * ok[:, None]
        _refuse_olr_empty_levels(Rw, yc, ok, K, levels, y)
        try:
            reps = np.array([fit(Rw[:, r], th.copy())[0] for r in range(Rw.shape[1])])
        except np.linalg.LinAlgError:
            raise DesignError(f"有序 logit {y} ~ {' + '.join(cols)} 在某个重复权重下无法拟合（信息矩阵奇异：该重复中自变量无变化"
                              "或完全分离）；R 的 optim 在此停在任意处并给出无意义的标准误。请检查重复权重或合并等级 / the ordered "
                              f"logit {y} ~ {' + '.join(cols)} cannot be fitted on one of the replicate weights (singular "
                              "information: no variation of a predictor in that replicate, or complete separation); R's "
                              "optim stops anywhere there and gives a meaningless standard error. Check the replicate "
                              "weights or merge levels") from None
        V = _rep_vcov(design, th, reps)
    se = np.sqrt(np.diag(V))
    df = degf(design) - p
    t = th / se
    names = cols + [f"{_fmt(levels[k])}|{_fmt(levels[k + 1])}" for k in range(K - 1)]
    out = pd.DataFrame({"term": names, "kind": ["coef"] * p + ["threshold"] * (K - 1), "estimate": th, "se": se,
                        "t": t, "p_value": 2 * _dist.t_sf(np.abs(t), df)})
    out.attrs.update(df=int(df), n=int(ok.sum()), loglik=float(ll), vcov=V)
    return out


def _fmt(v):
    return str(int(v)) if float(v).is_integer() else str(v)


# ------------------------------------------------------------------ cross-tables
def _saddle(x: float, lam: np.ndarray) -> float:
    """R survey's ``saddle(x, lambda)``: the saddlepoint upper tail of ``sum(lambda_i chi2_1)`` at ``x`` (NaN where R
    gives NA, a saddlepoint within 1e-4 of 0); the root by R's ``uniroot(tol = 1e-8)``."""
    d = lam.max()
    lam = lam / d
    x = x / d

    def k0(z):
        return -np.log(1 - 2 * z * lam).sum() / 2

    def k1(z):
        return (lam / (1 - 2 * z * lam)).sum()

    def k2(z):
        return 2 * (lam ** 2 / (1 - 2 * z * lam) ** 2).sum()

    if (lam < 0).any():
        lmin = np.max(1 / (2 * lam[lam < 0])) * 0.99999
    elif x > lam.sum():
        lmin = -0.01
    else:
        lmin = -len(lam) / (2 * x)
    lmax = np.min(1 / (2 * lam[lam > 0])) * 0.99999
    f_lo, f_hi = k1(lmin) - x, k1(lmax) - x
    if not f_lo * f_hi <= 0:
        return np.nan
    z = _zeroin(lambda t: k1(t) - x, float(lmin), float(lmax), f_lo, f_hi, 1e-8)
    w = np.sign(z) * np.sqrt(2 * (z * x - k0(z)))
    v = z * np.sqrt(k2(z))
    if abs(z) < 1e-4:
        return np.nan
    return float(_dist.norm_sf(w + np.log(v / w) / w))


_CHISQ = ("F", "Chisq", "Wald", "adjWald", "lincom", "saddlepoint")


def _lincom_warn(zh: str, en: str) -> None:
    import warnings
    warnings.warn(f"svychisq(statistic='lincom'): {zh} / {en}", RuntimeWarning, stacklevel=3)


def _lincom_p(pearson: float, a: np.ndarray, ddf) -> float:
    """The p-value of ``svychisq(statistic="lincom")`` as R's ``pFsum`` (``ddf`` given: a linearisation design) or
    ``pchisqsum`` (``ddf`` None: replicates) computes it with CompQuadForm, every fault handled so that the p-value is
    a probability (CompQuadForm returns its error codes as ``Qq``: 2 from Davies, 3, 4 or 8 from Farebrother, and R
    passes them on as the p-value):

    * X² = 0 on replicates (Farebrother: ``q <= 0``, ifault 2, R's p-value 3): 1, as it is (every eigenvalue positive).
    * Farebrother's series breaks down (ifault 3, R's 4) or its leading coefficient underflows (ifault 1, R's 1
      whatever the data): Davies' integration instead (R's own choice where an eigenvalue is not positive), with a
      warning that R's number differs.
    * Farebrother's probability a rounding outside [0, 1] (ifault 9): put back in [0, 1].
    * Davies without a value (ifault 1, 3 or 4: Qq 2; on a linearisation design after R's second try at acc 1e-5):
      refused, naming the statistics that give one.
    * R's warnings kept: "Probable loss of accuracy" on replicates where Davies reports a fault or a p-value below
      1e-6, or Farebrother's is below 1e-9.
    """
    from ._qf import davies, ruben

    def no_value(fault):
        raise DesignError(
            f"svychisq(statistic='lincom')：Davies 数值积分未能给出 p 值（CompQuadForm ifault {fault}；R 在此把错误码 2 当作 "
            "p 值返回并警告 Consider playing with 'lim' or 'acc'）。请改用 statistic='saddlepoint'（同一分布的鞍点近似）或 "
            f"'F'（R 的默认） / svychisq(statistic='lincom'): Davies' integration gave no p-value (CompQuadForm ifault "
            f"{fault}; R returns its error code 2 as the p-value here, warning \"Consider playing with 'lim' or "
            "'acc'\"). Use statistic='saddlepoint' (the same distribution, by the saddlepoint) or 'F' (R's default)")

    if ddf is not None:
        lam, h = np.concatenate([a, [-pearson / ddf]]), np.concatenate([np.ones(len(a)), [int(ddf)]])
        p, fault = davies(0.0, lam, h, acc=1e-7)
        if fault not in (0, 2):
            p, fault = davies(0.0, lam, h, acc=1e-5)
            if fault not in (0, 2):
                no_value(fault)
        return float(min(max(p, 0.0), 1.0))
    if (a <= 0).any():
        p, fault = davies(pearson, a, np.ones(len(a)), acc=1e-7)
        if fault not in (0, 2):
            no_value(fault)
        if fault or p < 1e-6:
            _lincom_warn("可能损失精度（同 R 的 Probable loss of accuracy）", "probable loss of accuracy (as R warns)")
        return float(min(max(p, 0.0), 1.0))
    p, fault = ruben(pearson, a, np.ones(len(a)))
    if fault == 2:                          # X^2 = 0: Q > 0 with probability 1
        return 1.0
    if fault in (1, 3) or fault < 0:
        p, dfault = davies(pearson, a, np.ones(len(a)), acc=1e-7)
        if dfault not in (0, 2):
            no_value(dfault)
        _lincom_warn(f"Farebrother 级数无法计算（CompQuadForm ifault {fault}，R 在此返回 {1.0 if fault == 1 else 4.0:g}），"
                     "改用 Davies 数值积分", f"Farebrother's series could not be evaluated (CompQuadForm ifault {fault}; "
                     f"R returns {1.0 if fault == 1 else 4.0:g} here); Davies' integration used instead")
    p = float(min(max(p, 0.0), 1.0))
    if p < 1e-9:
        _lincom_warn("可能损失精度（同 R 的 Probable loss of accuracy）", "probable loss of accuracy (as R warns)")
    return p


def svychisq(design: SurveyDesign, row: str, col: str, *, statistic: str = "F") -> pd.DataFrame:
    """Test of association in a two-way table, R's ``svychisq(~row + col, design, statistic = )``.

    二维列联表的关联检验：``statistic="F"``（R 的默认，Rao–Scott 二阶校正的 F 检验）、``"Chisq"``（一阶校正的
    卡方检验）、``"Wald"`` 与 ``"adjWald"``（Koch 等的设计 Wald 检验及其调整的 F 形式）、``"lincom"``（Pearson X²
    在设计下的渐近分布，数值积分）与 ``"saddlepoint"``（同一分布的鞍点近似）。

    Parameters
    ----------
    design : SurveyDesign
    row, col : str
    statistic : {"F", "Chisq", "Wald", "adjWald", "lincom", "saddlepoint"}
        ``"lincom"``: Pearson's X² against its exact asymptotic distribution under the design, a linear combination
        of chi-squared variables, integrated as R's CompQuadForm package does (Davies' algorithm; on a replicate
        design with every eigenvalue positive Farebrother's series), ported step by step (``survey._qf``). Where
        CompQuadForm reports a fault its error code is not taken as the p-value (R's is: 3 where X² is 0 on a
        replicate design, where ours is 1); see ``_lincom_p`` for each fault.

    Returns
    -------
    pandas.DataFrame
        One row: ``statistic`` (``F`` or ``X-squared``), ``value`` (for ``Chisq`` and ``saddlepoint``, Pearson's
        X² as R shows it; for ``Chisq`` its p-value from X² over the mean generalised design effect), ``ndf``,
        ``ddf`` (NaN for ``lincom`` and ``saddlepoint``, which have none, as R's ``NULL``), ``p_value``, ``pearson`` (the
        unadjusted Pearson X² on the weighted table scaled to the sample size). The design degrees of freedom
        ``nu`` are R's: PSUs minus strata of the whole design (a replicate design: its rank minus one).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"a": list("xxyyxxyy"), "b": list("pqpqppqq"), "w": 1.0})
    >>> t = svychisq(svydesign(f, ids=None, strata=None, weights="w"), "a", "b")
    >>> t.columns.tolist()
    ['statistic', 'value', 'ndf', 'ddf', 'p_value', 'pearson']
    >>> # R: svychisq(~a + b, svydesign(ids=~1, weights=~w, data=f), statistic = "Wald") -> F = 2.3333, 1 and 7 df
    >>> svychisq(svydesign(f, ids=None, strata=None, weights="w"), "a", "b", statistic="Wald")[
    ...     ["value", "ndf", "ddf"]].round(4).values.tolist()
    [[2.3333, 1.0, 7.0]]
    """
    if statistic not in _CHISQ:
        raise DesignError(f"statistic 必须是 {'、'.join(_CHISQ)} 之一，不支持 {statistic!r} / statistic must be one of "
                          f"{', '.join(_CHISQ)}, not {statistic!r}")
    f = design.frame
    r = f[row].astype(object).where(f[row].notna())
    c = f[col].astype(object).where(f[col].notna())
    ok = (r.notna() & c.notna()).to_numpy()
    rl = sorted(r[ok].astype(str).unique())
    cl = sorted(c[ok].astype(str).unique())
    nr, nc = len(rl), len(cl)
    ri = np.where(ok, pd.Categorical(r.astype(str), categories=rl).codes, -1)
    ci = np.where(ok, pd.Categorical(c.astype(str), categories=cl).codes, -1)
    cell = np.where(ok, ri + nr * ci, -1)          # rows vary fastest, as R's interaction()
    k = nr * nc
    w = design.weights
    Wd = w[ok].sum()
    P = np.zeros((len(f), k))
    P[np.nonzero(ok)[0], cell[ok]] = 1.0
    N = len(f)
    if design.repweights is None:
        first = design.stages[0]
        nu = len(np.unique(first.cluster)) - len(np.unique(first.stratum))
    else:
        nu = degf(design)
    mean = (w[:, None] * P).sum(0) / Wd
    # Pearson X^2 on the weighted table scaled to N rows
    tab = mean.reshape(nc, nr).T * N
    exp = np.outer(tab.sum(1), tab.sum(0)) / N
    pearson = float(((tab - exp) ** 2 / exp).sum())
    from scipy import stats   # here only (0.3-0.9 s to import); the estimates take their few quantiles from _dist
    if statistic in ("Wald", "adjWald"):
        # R: the totals of the cells, the row and column margins and the count (svytotal(~mm + mr + mc + one,
        # na.rm = TRUE)), their covariance, and the Wald test of cell total minus its independence value
        Z = np.column_stack([P, (ri[:, None] == np.arange(nr)) & ok[:, None],
                             (ci[:, None] == np.arange(nc)) & ok[:, None], ok]).astype(float)
        tot = Z.T @ w
        if design.repweights is None:
            V = _vcov_taylor(design, Z * w[:, None], np.repeat(ok[:, None], Z.shape[1], axis=1))
        else:
            V = _rep_vcov(design, tot, design.repweights.T @ Z)
        R_, C_, T_ = tot[k:k + nr], tot[k + nr:k + nr + nc], tot[-1]
        rows_ = np.tile(np.arange(nr), nc)
        cols_ = np.repeat(np.arange(nc), nr)
        J = np.column_stack([np.eye(k),
                             -(rows_[:, None] == np.arange(nr)).astype(float) * (C_[cols_] / T_)[:, None],
                             -(cols_[:, None] == np.arange(nc)).astype(float) * (R_[rows_] / T_)[:, None],
                             (R_[rows_] * C_[cols_]) / T_ ** 2])
        Y = tot[:k] - R_[rows_] * C_[cols_] / T_
        Vy = J @ V @ J.T
        use = (rows_ > 0) & (cols_ > 0)
        M = Vy[np.ix_(use, use)]
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            rc = 1 / np.linalg.cond(M, 1) if np.isfinite(M).all() else np.nan
        if not rc >= np.finfo(float).eps:      # R's solve(): "system is computationally singular" (rcond < eps)
            raise DesignError(
                f"svychisq(statistic={statistic!r})：单元格总量的协方差矩阵奇异（倒条件数 {rc:.3g}），Wald 统计量无意义，R 的 "
                "solve 在此报错 system is computationally singular。常见原因：某些单元格只出现在必然入样层（fpc 等于样本 PSU "
                "数）或方差为 0 的层中。请改用 statistic='F'（R 的默认）或 'Chisq' / svychisq(statistic="
                f"{statistic!r}): the covariance matrix of the cell totals is singular (reciprocal condition number "
                f"{rc:.3g}), so the Wald statistic means nothing; R's solve stops here (\"system is computationally "
                "singular\"). Usually some cells vary only in certainty strata (fpc equal to the PSUs sampled) or "
                "strata of no variance. Use statistic='F' (R's default) or 'Chisq'")
        wald = float(Y[use] @ np.linalg.solve(M, Y[use]))
        ndf = (nc - 1) * (nr - 1)
        if statistic == "Wald":
            val, ddf = wald / ndf, nu
        else:
            ddf = nu - ndf + 1
            val = wald * ddf / (ndf * nu)
        return pd.DataFrame([{"statistic": "F", "value": val, "ndf": float(ndf), "ddf": float(ddf),
                              "p_value": stats.f.sf(val, ndf, ddf), "pearson": pearson}])
    U = np.where(ok[:, None], w[:, None] * (P - mean) / Wd, 0.0)
    if design.repweights is None:
        V = _vcov_taylor(design, U)
    else:
        # every replicate's cell proportions at once: one product of the replicate weights with the cell indicators
        # (rows outside the table are zero in P), over each replicate's total weight of the table's rows
        R = design.repweights
        th = (R.T @ P) / (R[ok].sum(0))[:, None]
        V = _rep_vcov(design, mean, th)
    rows_ = np.tile(np.arange(nr), nc)
    cols_ = np.repeat(np.arange(nc), nr)
    X1 = np.column_stack([np.ones(k)] + [(rows_ == i).astype(float) for i in range(1, nr)]
                         + [(cols_ == j).astype(float) for j in range(1, nc)])
    inter = np.column_stack([((rows_ == i) & (cols_ == j)).astype(float) for j in range(1, nc) for i in range(1, nr)])
    Q, _ = np.linalg.qr(X1)
    Cm = inter - Q @ (Q.T @ inter)
    # R's diag(ifelse(mean == 0, 0, 1/mean)): an empty cell (a window nobody visited in the afternoon) gives 0,
    # without numpy's divide-by-zero warning reaching the user
    iD = np.diag(np.divide(1.0, mean, out=np.zeros_like(mean, dtype=float), where=mean != 0))
    denom = Cm.T @ (iD / N) @ Cm
    numr = Cm.T @ iD @ V @ iD @ Cm
    Delta = np.linalg.solve(denom, numr)
    tr = np.trace(Delta)
    d0 = tr ** 2 / np.trace(Delta @ Delta)
    if statistic == "F":
        val = pearson / tr
        return pd.DataFrame([{"statistic": "F", "value": val, "ndf": d0, "ddf": d0 * nu,
                              "p_value": stats.f.sf(val, d0, d0 * nu), "pearson": pearson}])
    if statistic == "Chisq":
        dfc = (nr - 1) * (nc - 1)
        # as R: the statistic shown is Pearson's X^2; the p-value is of X^2 / mean(diag(Delta))
        return pd.DataFrame([{"statistic": "X-squared", "value": pearson, "ndf": dfc, "ddf": np.inf,
                              "p_value": stats.chi2.sf(pearson / np.mean(np.diag(Delta)), dfc), "pearson": pearson}])
    a = np.sort(np.linalg.eigvals(Delta).real)[::-1]            # R's eigen(): decreasing
    if statistic == "lincom":
        # R's pFsum(method = "integration") on a linearisation design: Davies' integration of
        # sum(a_i chi2_1) - X2/ddf chi2_ddf > 0 (ddf = d0 * nu, truncated to an integer as R's .C), at acc 1e-7 and,
        # where that fails, 1e-5; on replicates pchisqsum: Farebrother's series where every a_i > 0, else Davies
        if design.repweights is None:
            ddf = d0 * nu
            p = _lincom_p(pearson, a, ddf)
        else:
            p = _lincom_p(pearson, a, None)
        return pd.DataFrame([{"statistic": "X-squared", "value": pearson, "ndf": np.nan, "ddf": np.nan,
                              "p_value": p, "pearson": pearson}])
    # saddlepoint: R's pFsum (linearisation: the F form on d0 * nu denominator df) or pchisqsum (replicates)
    tr_, tr2 = a.mean(), (a ** 2).mean() / a.mean() ** 2
    sc, ndf_s = tr_ * tr2, len(a) / tr2
    if design.repweights is None:
        ddf = d0 * nu
        p = stats.f.sf(pearson / ndf_s / sc, ndf_s, ddf)
        lam = np.concatenate([a, np.full(int(ddf), -pearson / ddf)])   # R's rep(a, df): the df truncated
        s_ = _saddle(0.0, lam)
    else:
        p = stats.chi2.sf(pearson / sc, ndf_s)
        s_ = _saddle(pearson, a)
    return pd.DataFrame([{"statistic": "X-squared", "value": pearson, "ndf": np.nan, "ddf": np.nan,
                          "p_value": p if np.isnan(s_) else s_, "pearson": pearson}])
