"""A satisfaction-index model (CCSI / ACSI / ECSI form) by PLS path modelling, with survey weights.

满意度指数模型（CCSI/ACSI/ECSI 形式：预期、感知质量、感知价值、满意度、抱怨、忠诚）的
偏最小二乘路径模型（PLS-PM）估计，支持抽样权重，并给出尊重抽样设计的自助法（bootstrap）区间。

:func:`pls_path_model` is Lohmöller's / Wold's PLS-PM algorithm as R's ``plspm`` runs it
(mode A reflective or mode B formative outer estimation; path, centroid or factorial inner
scheme), with one addition: case weights enter every mean, variance, covariance and
regression. With equal weights the figures are R ``plspm``'s (checked on the ECSI
``satisfaction`` data in ``tests/test_survey_pls.py``). With design weights (inverse
inclusion probabilities) every moment is a design-consistent estimate of the population
moment, so the fit estimates the model one would get on the whole population, also when
selection into the sample depends on the outcome (informative sampling), where the
unweighted fit is biased.

Conventions (R ``plspm``'s): indicators are centred (and with ``scaled=True`` divided by
their standard deviation) with weighted moments whose denominator is the sum of the weights
(the population form); a latent score is the weighted composite of its block scaled to
weighted mean 0 and variance 1; the sign of each block is chosen so that most of its
loadings are positive; path coefficients are the weighted least-squares regressions of each
endogenous score on its predecessors, so they are standardised coefficients.

:func:`pls_bootstrap` refits the model on replicate weights from the Rao–Wu rescaling
bootstrap, R's ``as.svrepdesign(design, type = "subbootstrap")`` (``survey:::subbootweights``;
R's ``type = "bootstrap"`` is Canty and Davison's variant, which draws ``n_h`` PSUs and rescales
the variance instead): within each first-stage stratum, ``n_h - 1`` PSUs are drawn with
replacement and every row of a PSU drawn ``r`` times gets its weight multiplied by
``r n_h / (n_h - 1)``. With a finite population correction the multiplier is Rao and Wu's
(1988) ``1 - l + l r n_h / (n_h - 1)``, ``l = sqrt(1 - f_h)`` (R's ``subbootweights`` ignores the fpc).
Percentile intervals and the bootstrap standard error (R's ``svrepdesign`` bootstrap
scale ``1/(R-1)`` about the mean of the replicates) are returned for every path, effect,
loading, outer weight and R².

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> xi = rng.normal(size=300)
>>> eta = 0.6 * xi + 0.8 * rng.normal(size=300)
>>> f = pd.DataFrame({**{f"x{i}": xi + 0.5 * rng.normal(size=300) for i in (1, 2, 3)},
...                   **{f"y{i}": eta + 0.5 * rng.normal(size=300) for i in (1, 2, 3)}})
>>> fit = pls_path_model(f, {"EXPE": ["x1", "x2", "x3"], "SAT": ["y1", "y2", "y3"]}, [("EXPE", "SAT")])
>>> fit.paths[["source", "target"]].values.tolist()
[['EXPE', 'SAT']]
>>> bool(0.45 < fit.paths.loc[0, "estimate"] < 0.65)
True
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from .design import SurveyDesign
from .estimate import Design

__all__ = ["PLSError", "PLSResult", "pls_path_model", "rao_wu_weights", "pls_bootstrap", "ACSI_INNER"]

#: The ACSI / CCSI structural model: expectation, perceived quality, perceived value, satisfaction,
#: complaints, loyalty (Fornell et al. 1996; 中国顾客满意指数 CCSI has the same core). (source, target) pairs.
ACSI_INNER = [("EXPE", "QUAL"), ("EXPE", "VAL"), ("QUAL", "VAL"), ("EXPE", "SAT"), ("QUAL", "SAT"), ("VAL", "SAT"),
              ("SAT", "COMP"), ("SAT", "LOY"), ("COMP", "LOY")]


class PLSError(InputError):
    """A PLS path model that cannot be fitted as asked. 偏最小二乘路径模型无法按所给参数估计。

    Examples
    --------
    >>> f = pd.DataFrame({"x1": [1.0, 2, 3], "y1": [2.0, 1, 3]})
    >>> try:
    ...     pls_path_model(f, {"EXPE": ["x1"], "SAT": ["y9"]}, [("EXPE", "SAT")])
    ... except PLSError as e:
    ...     print(e.exit_code)
    3
    """


@dataclass(frozen=True)
class PLSResult:
    """A fitted PLS path model: tidy tables, no rounding.

    Attributes
    ----------
    outer : pandas.DataFrame
        One row per indicator: ``lv``, ``indicator``, ``weight`` (outer weight on the centred,
        and with ``scaled=True`` standardised, indicator), ``loading`` (weighted correlation with
        its latent score), ``communality`` (loading²), ``redundancy`` (communality × R² of its LV).
    paths : pandas.DataFrame
        One row per structural path: ``source``, ``target``, ``estimate`` (standardised path
        coefficient), ``r_squared`` (of the target).
    effects : pandas.DataFrame
        ``source``, ``target``, ``direct``, ``indirect``, ``total`` for every pair with a non-zero total effect.
    inner : pandas.DataFrame
        One row per latent variable: ``lv``, ``type`` (``exogenous``/``endogenous``), ``r_squared``,
        ``block_communality``, ``mean_redundancy``, ``ave``.
    quality : pandas.DataFrame
        One row per latent variable: ``lv``, ``mode``, ``indicators``, ``cronbach_alpha`` (standardised
        items), ``dillon_goldstein_rho`` (from the first principal component, as R ``plspm``),
        ``eig_1st``, ``eig_2nd`` (of the weighted correlation matrix of the block), ``ave``.
    scores : pandas.DataFrame
        Latent scores, one column per latent variable, the index of ``data``; weighted mean 0, variance 1.
    iterations : int
    gof : float
        Goodness of fit (Tenenhaus): sqrt(mean communality of multi-item blocks × mean R² of endogenous LVs).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> xi = rng.normal(size=200)
    >>> f = pd.DataFrame({"x1": xi + 0.5 * rng.normal(size=200), "x2": xi + 0.5 * rng.normal(size=200),
    ...                   "y1": 0.7 * xi + 0.7 * rng.normal(size=200)})
    >>> fit = pls_path_model(f, {"EXPE": ["x1", "x2"], "SAT": ["y1"]}, [("EXPE", "SAT")])
    >>> type(fit).__name__, fit.outer["indicator"].tolist(), fit.inner["type"].tolist()
    ('PLSResult', ['x1', 'x2', 'y1'], ['exogenous', 'endogenous'])
    >>> bool(abs(fit.paths.loc[0, "estimate"] - fit.effects.loc[0, "total"]) < 1e-12), fit.iterations > 0
    (True, True)
    """

    outer: pd.DataFrame
    paths: pd.DataFrame
    effects: pd.DataFrame
    inner: pd.DataFrame
    quality: pd.DataFrame
    scores: pd.DataFrame
    iterations: int
    gof: float


# ------------------------------------------------------------------ model specification
def _spec(data: pd.DataFrame, blocks, inner, mode):
    if not isinstance(blocks, dict) or not blocks:
        raise PLSError("blocks 必须是 {潜变量: [指标列, ...]} / blocks must be a dict {latent variable: [indicator columns]}")
    lvs = [str(k) for k in blocks]
    cols, owner = [], []
    for j, (lv, items) in enumerate(blocks.items()):
        items = [items] if isinstance(items, str) else list(items)
        if not items:
            raise PLSError(f"潜变量 {lv} 没有指标 / latent variable {lv} has no indicators")
        missing = [c for c in items if c not in data.columns]
        if missing:
            raise PLSError(f"潜变量 {lv} 的指标列不存在：{', '.join(map(str, missing))}；请检查列名 / "
                           f"indicator columns of {lv} not in the data: {', '.join(map(str, missing))}; check the names")
        cols += items
        owner += [j] * len(items)
    dup = sorted({c for c in cols if cols.count(c) > 1})
    if dup:
        raise PLSError(f"指标 {', '.join(map(str, dup))} 属于多个潜变量 / indicators {', '.join(map(str, dup))} "
                       "belong to more than one latent variable")
    if isinstance(inner, dict):
        pairs = [(str(s), str(t)) for t, srcs in inner.items() for s in ([srcs] if isinstance(srcs, str) else srcs)]
    else:
        pairs = [(str(s), str(t)) for s, t in inner]
    if not pairs:
        raise PLSError("inner 没有路径 / inner has no paths")
    idx = {lv: j for j, lv in enumerate(lvs)}
    unknown = sorted({x for p in pairs for x in p if x not in idx})
    if unknown:
        raise PLSError(f"路径中的潜变量没有指标块：{', '.join(unknown)} / latent variables in paths have no block: "
                       f"{', '.join(unknown)}")
    L = len(lvs)
    P = np.zeros((L, L), dtype=bool)          # P[target, source]
    for s, t in pairs:
        if s == t:
            raise PLSError(f"路径 {s} -> {t} 指向自身 / path {s} -> {t} points to itself")
        P[idx[t], idx[s]] = True
    # acyclic (a recursive model), as R plspm requires
    M = P.astype(float)
    reach = M.copy()
    for _ in range(L):
        reach = np.minimum(reach + reach @ M, 1.0)
    if np.trace(reach) > 0:
        raise PLSError("结构模型有回路；PLS 路径模型须为递归模型 / the structural model has a cycle; a PLS path "
                       "model must be recursive")
    modes = [mode] * L if isinstance(mode, str) else [str(mode.get(lv, "A")) for lv in lvs]
    modes = [m.upper() for m in modes]
    bad = sorted({m for m in modes if m not in ("A", "B")})
    if bad:
        raise PLSError(f"mode 必须是 A（反映型）或 B（形成型），不是 {bad} / mode must be A (reflective) or B (formative), not {bad}")
    return lvs, cols, np.asarray(owner), P, modes


def _weights(data: pd.DataFrame, weights) -> np.ndarray:
    n = len(data)
    if weights is None:
        return np.ones(n)
    if isinstance(weights, str):
        if weights not in data.columns:
            raise PLSError(f"没有权重列 '{weights}' / no weight column '{weights}'")
        w = pd.to_numeric(data[weights], errors="coerce").to_numpy(dtype=float)
    else:
        w = np.asarray(weights, dtype=float)
    if w.shape != (n,):
        raise PLSError(f"权重个数 {w.size} 与行数 {n} 不符 / {w.size} weights for {n} rows")
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        rows = ", ".join(map(str, data.index[bad][:5]))
        raise PLSError(f"{int(bad.sum())} 行的权重缺失、无穷或为负（行 {rows}）；请修正权重 / {int(bad.sum())} rows have a "
                       f"weight missing, infinite or negative (rows {rows}); fix the weights")
    if w.sum() <= 0:
        raise PLSError("权重之和为 0 / the weights sum to 0")
    return w


def _matrix(data: pd.DataFrame, cols) -> np.ndarray:
    X = data[cols].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(X)
    if bad.any():
        r, c = np.nonzero(bad)
        where = "; ".join(f"{data.index[i]!s}/{cols[j]}={data.iloc[i][cols[j]]!r}" for i, j in zip(r[:5], c[:5]))
        raise PLSError(f"{int(bad.any(axis=1).sum())} 行的指标缺失或不是数值（行/列=值：{where}）。PLS 路径模型需要完整的"
                       "指标；请删去这些回答者或先插补 / "
                       f"{int(bad.any(axis=1).sum())} rows have a missing or non-numeric indicator (row/column=value: {where}). "
                       "The PLS path model needs complete indicators: drop those respondents or impute first")
    return X


# ------------------------------------------------------------------ the algorithm
def _wls(A: np.ndarray, y: np.ndarray, what: tuple) -> np.ndarray:
    """Least squares of ``y`` on the columns of ``A``, both already times the square root of the weights: LAPACK's
    ``gelsd`` on ``A`` itself, never ``solve(A'A, A'y)`` (which squares the condition number and made svyglm's
    coefficients depend on the machine, survey20). Columns that are combinations of others are refused (R's plspm
    stops in ``solve`` there).

    Examples
    --------
    >>> A = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    >>> _wls(A, np.array([1.0, 3.0, 5.0]), ("x", "x")).round(12).tolist()
    [1.0, 2.0]
    """
    b, _, rank, _ = np.linalg.lstsq(A, y, rcond=None)
    if rank < A.shape[1]:
        raise PLSError(f"{what[0]}的列线性相关（秩 {rank} < {A.shape[1]}），回归系数不唯一：请删去重复或可由其他列合成的指标 / "
                       f"the columns of {what[1]} are collinear (rank {rank} < {A.shape[1]}): the regression weights are "
                       "not unique; drop an indicator that repeats or is a combination of the others")
    return b


def _inner_weights(C: np.ndarray, P: np.ndarray, scheme: str, Ys: np.ndarray) -> np.ndarray:
    """E[j, k]: weight of LV j in the inner proxy of LV k, from the weighted correlations C of the scores (the path
    scheme: the regression of each LV on its sources, on ``Ys``, the scores times the square root of the weights)."""
    adj = P | P.T
    if scheme == "centroid":
        return np.sign(C) * adj
    if scheme == "factorial":
        return C * adj
    E = np.zeros_like(C)
    for k in range(len(C)):
        pred = P[k]                       # sources of k: regression weights
        if pred.any():
            E[pred, k] = _wls(Ys[:, pred], Ys[:, k], ("潜变量的前因", "the sources of a latent variable"))
        succ = P[:, k]                    # targets of k: correlations
        if succ.any():
            E[succ, k] = C[succ, k]
    return E


def _fit_core(X: np.ndarray, wn: np.ndarray, owner: np.ndarray, P: np.ndarray, modes, scheme: str, tol: float,
              max_iter: int, start: np.ndarray | None = None):
    """Outer weights matrix W (mvs x lvs, on X), scores Y (weighted unit variance), iterations; X weighted-centred."""
    p, L = X.shape[1], P.shape[0]
    ODM = np.zeros((p, L))
    ODM[np.arange(p), owner] = 1.0
    Xw = X * wn[:, None]

    def normalise(W):
        Y = X @ W
        sd = np.sqrt(np.einsum("i,ij,ij->j", wn, Y, Y))
        if np.any(sd <= 0):
            raise PLSError("某个潜变量的得分方差为 0（指标全为常数？）/ a latent score has zero variance (constant indicators?)")
        return W / sd, Y / sd

    W, Y = normalise(ODM if start is None else start)   # a bootstrap replicate starts at the full-sample weights
    blocks_b = [j for j in range(L) if modes[j] == "B"]
    sw = np.sqrt(wn)
    it = 0
    while True:
        it += 1
        C = Y.T @ (Y * wn[:, None])
        Z = Y @ _inner_weights(C, P, scheme, Y * sw[:, None])
        Wn = ODM * (Xw.T @ Z)                       # mode A: weighted covariances of indicators with the proxy
        for j in blocks_b:
            b = owner == j
            Xb = X[:, b]
            Wn[b, j] = _wls(Xb * sw[:, None], sw * Z[:, j], (f"第 {j + 1} 个 B 模式块", f"mode B block {j + 1}"))
        Wn, Y = normalise(Wn)
        delta = np.max(np.abs(np.abs(Wn) - np.abs(W)))
        W = Wn
        if delta < tol:
            break
        if it >= max_iter:
            raise PLSError(f"PLS 算法在 {max_iter} 次迭代内未收敛（最后的变化 {delta:.3g}）；请增大 max_iter 或检查模型 / "
                           f"the PLS algorithm did not converge in {max_iter} iterations (last change {delta:.3g}); "
                           "raise max_iter or check the model")
    # sign: most loadings of each block positive (ties: positive sum), as R plspm
    load = (Xw.T @ Y) / np.sqrt(np.einsum("i,ij,ij->j", wn, X, X))[:, None]
    own = load[np.arange(p), owner]
    votes = np.bincount(owner, np.sign(own), minlength=L)
    sums = np.bincount(owner, own, minlength=L)
    flip = np.where(votes != 0, np.sign(votes), np.where(sums < 0, -1.0, 1.0))
    return W * flip, Y * flip, it


def _standardise(X: np.ndarray, wn: np.ndarray, scaled: bool, cols) -> np.ndarray:
    Xc = X - wn @ X
    if scaled:
        sd = np.sqrt(wn @ (Xc * Xc))
        zero = sd <= 0
        if zero.any():
            names = ", ".join(str(c) for c, z in zip(cols, zero) if z)
            raise PLSError(f"指标 {names} 是常数，无法标准化 / indicators {names} are constant and cannot be standardised")
        Xc = Xc / sd
    return Xc


def _paths(C: np.ndarray, P: np.ndarray, Ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Path coefficient matrix B[target, source] and R² per LV, from the weighted correlation C of the scores (the
    coefficients by least squares on ``Ys``, the scores times the square root of the weights)."""
    L = len(P)
    B = np.zeros((L, L))
    r2 = np.zeros(L)
    for k in range(L):
        src = P[k]
        if src.any():
            b = _wls(Ys[:, src], Ys[:, k], ("潜变量的前因", "the sources of a latent variable"))
            B[k, src] = b
            r2[k] = b @ C[src, k]
    return B, r2


def _estimates(X, wn, owner, P, modes, scheme, tol, max_iter, start=None):
    """Everything of one fit as arrays (used for the fit and for each bootstrap replicate)."""
    W, Y, it = _fit_core(X, wn, owner, P, modes, scheme, tol, max_iter, start)
    p, L = W.shape
    C = Y.T @ (Y * wn[:, None])
    B, r2 = _paths(C, P, Y * np.sqrt(wn)[:, None])
    sdx = np.sqrt(wn @ (X * X))
    load = ((X * wn[:, None]).T @ Y) / sdx[:, None]
    w_out = W[np.arange(p), owner]
    l_out = load[np.arange(p), owner]
    T = np.linalg.inv(np.eye(L) - B) - np.eye(L)       # total effects (recursive model)
    return dict(W=W, Y=Y, it=it, B=B, r2=r2, weight=w_out, loading=l_out, total=T, cross=load)


def _quality(X, wn, owner, lvs, modes, communality):
    rows = []
    for j, lv in enumerate(lvs):
        b = owner == j
        Xb = X[:, b]
        k = int(b.sum())
        sd = np.sqrt(wn @ (Xb * Xb))
        R = (Xb.T @ (Xb * wn[:, None])) / np.outer(sd, sd)
        ev, vec = np.linalg.eigh(R)
        ev, vec = ev[::-1], vec[:, ::-1]
        if k > 1 and modes[j] == "A":
            alpha = max(0.0, k / (k - 1) * (1 - k / R.sum()))
            c = np.abs(vec[:, 0]) * np.sqrt(ev[0])        # correlations of the items with the first component
            rho = c.sum() ** 2 / (c.sum() ** 2 + (k - (c ** 2).sum()))
        else:
            alpha = rho = np.nan
        ave = communality[b].mean() if modes[j] == "A" else np.nan
        rows.append({"lv": lv, "mode": modes[j], "indicators": k, "cronbach_alpha": alpha, "dillon_goldstein_rho": rho,
                     "eig_1st": ev[0], "eig_2nd": ev[1] if k > 1 else np.nan, "ave": ave})
    return pd.DataFrame(rows)


def _check_options(scheme, tol, max_iter):
    if scheme not in ("path", "centroid", "factorial"):
        raise PLSError(f"scheme 必须是 path、centroid 或 factorial，不是 {scheme!r} / scheme must be path, centroid or "
                       f"factorial, not {scheme!r}")
    if not (tol > 0) or int(max_iter) < 1:
        raise PLSError("tol 必须大于 0，max_iter 至少为 1 / tol must be positive and max_iter at least 1")


def pls_path_model(data: pd.DataFrame, blocks: dict, inner, *, weights=None, mode="A", scheme: str = "path",
                   scaled: bool = True, tol: float = 1e-9, max_iter: int = 300) -> PLSResult:
    """Fit a PLS path model (Lohmöller / Wold PLS-PM) with case weights.

    用偏最小二乘路径模型估计满意度指数模型；权重（如抽样设计权重）进入每一个均值、方差、协方差与回归。
    权重相同时与 R 的 ``plspm`` 结果一致。

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent; the indicators must be numeric and complete (a missing indicator is refused,
        naming the rows: drop or impute those respondents first).
    blocks : dict
        ``{latent variable: [indicator columns]}``; its order is the order of the latent variables.
    inner : list of (source, target) or dict
        The structural paths, e.g. :data:`ACSI_INNER`, or ``{target: [sources]}``. Must be recursive (no cycle).
    weights : str, array-like or None
        A weight column of ``data`` or one weight per row (design weights: inverse inclusion
        probabilities); ``None`` for equal weights. Only their ratios matter.
    mode : {"A", "B"} or dict
        Outer estimation: ``"A"`` reflective (weighted covariances), ``"B"`` formative (weighted multiple
        regression); a dict ``{lv: mode}`` per latent variable (default A).
    scheme : {"path", "centroid", "factorial"}
        Inner weighting scheme.
    scaled : bool
        Standardise the indicators (weighted); ``False`` only centres them (R ``plspm``'s ``scaled``).
    tol : float
        Convergence: the largest change of an outer weight (on the unit-variance scale) between iterations.
    max_iter : int
        Refuse (:class:`PLSError`) when not converged after this many iterations.

    Returns
    -------
    PLSResult
        ``outer``, ``paths``, ``effects``, ``inner``, ``quality``, ``scores``, ``iterations``, ``gof``.

    Raises
    ------
    PLSError
        Unknown columns, a block shared or empty, a cyclic model, a missing or non-numeric indicator,
        bad weights, no convergence.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> q = rng.normal(size=400); s = 0.7 * q + 0.7 * rng.normal(size=400)
    >>> f = pd.DataFrame({"q1": q + rng.normal(size=400) / 2, "q2": q + rng.normal(size=400) / 2,
    ...                   "s1": s + rng.normal(size=400) / 2, "s2": s + rng.normal(size=400) / 2,
    ...                   "w": rng.uniform(1, 3, size=400)})
    >>> fit = pls_path_model(f, {"QUAL": ["q1", "q2"], "SAT": ["s1", "s2"]}, {"SAT": ["QUAL"]}, weights="w")
    >>> fit.outer.columns.tolist()
    ['lv', 'indicator', 'weight', 'loading', 'communality', 'redundancy']
    >>> fit.paths.columns.tolist()
    ['source', 'target', 'estimate', 'r_squared']
    >>> bool(abs(float(fit.scores["SAT"].var(ddof=0))) > 0)
    True
    """
    _check_options(scheme, tol, max_iter)
    lvs, cols, owner, P, modes = _spec(data, blocks, inner, mode)
    w = _weights(data, weights)
    X = _standardise(_matrix(data, cols), w / w.sum(), scaled, cols)
    wn = w / w.sum()
    e = _estimates(X, wn, owner, P, modes, scheme, tol, int(max_iter))
    L = len(lvs)
    r2 = e["r2"]
    endo = P.any(axis=1)
    communality = e["loading"] ** 2
    outer = pd.DataFrame({"lv": [lvs[j] for j in owner], "indicator": cols, "weight": e["weight"],
                          "loading": e["loading"], "communality": communality, "redundancy": communality * r2[owner]})
    t_idx, s_idx = np.nonzero(P)
    order = np.lexsort((t_idx, s_idx))          # by source, then target, in the order of the blocks
    t_idx, s_idx = t_idx[order], s_idx[order]
    paths = pd.DataFrame({"source": [lvs[i] for i in s_idx], "target": [lvs[i] for i in t_idx],
                          "estimate": e["B"][t_idx, s_idx], "r_squared": r2[t_idx]})
    T = e["total"]
    ti, si = np.nonzero(np.abs(T) > 0)
    order = np.lexsort((ti, si))
    ti, si = ti[order], si[order]
    effects = pd.DataFrame({"source": [lvs[i] for i in si], "target": [lvs[i] for i in ti],
                            "direct": e["B"][ti, si], "indirect": T[ti, si] - e["B"][ti, si], "total": T[ti, si]})
    quality = _quality(X, wn, owner, lvs, modes, communality)
    block_comm = np.bincount(owner, communality, minlength=L) / np.bincount(owner, minlength=L)
    mean_red = np.bincount(owner, communality * r2[owner], minlength=L) / np.bincount(owner, minlength=L)
    inner_t = pd.DataFrame({"lv": lvs, "type": np.where(endo, "endogenous", "exogenous"), "r_squared": r2,
                            "block_communality": block_comm, "mean_redundancy": mean_red, "ave": quality["ave"].to_numpy()})
    sizes = np.bincount(owner, minlength=L)
    multi = sizes > 1
    gof = float(np.sqrt((block_comm[multi] * sizes[multi]).sum() / sizes[multi].sum() * r2[endo].mean())) \
        if multi.any() and endo.any() else np.nan
    scores = pd.DataFrame(e["Y"], index=data.index, columns=lvs)
    return PLSResult(outer, paths, effects, inner_t, quality, scores, int(e["it"]), gof)


# ------------------------------------------------------------------ design bootstrap
def _first_stage(design):
    """(row weights, PSU code per row, stratum code per PSU, PSUs per stratum, sampling fraction per stratum, lonely rule)."""
    if isinstance(design, SurveyDesign):
        if design.repweights is not None:
            raise PLSError("重复权重设计请直接用其重复权重（见 pls_bootstrap 的 replicate_weights）/ for a replicate-weight "
                           "design pass its replicate weights (pls_bootstrap's replicate_weights)")
        st = design.stages[0]
        psu = st.cluster
        ncl = int(psu.max()) + 1
        first = np.zeros(ncl, dtype=np.int64)
        first[psu] = np.arange(len(psu))
        h = pd.factorize(st.stratum[first])[0]
        N = st.N[first]
        n = st.n[first]
        f_psu = np.where(np.isfinite(N), n / np.where(np.isfinite(N), N, 1.0), 0.0)
        return design.frame, design.weights, psu, h, f_psu, design.lonely_psu
    if isinstance(design, Design):
        return design.frame, design.weight, design.psu, design.psu_stratum, np.zeros(len(design.psu_stratum)), \
            design.lonely_psu
    raise PLSError("design 必须是 svydesign 或 survey_design 建立的设计 / design must come from svydesign or survey_design")


def rao_wu_weights(design, replicates: int = 500, *, seed: int = 0) -> np.ndarray:
    """Rao–Wu rescaling bootstrap replicate weights, as R's ``as.svrepdesign(d, type="subbootstrap")``.

    Rao–Wu 重标度自助法重复权重：在每个第一阶段抽样层内，从 ``n_h`` 个初级抽样单元（PSU）中有放回地抽取
    ``n_h - 1`` 个，被抽中 ``r`` 次的 PSU 内每行权重乘以 ``r n_h / (n_h - 1)``（有有限总体校正时为
    ``1 - l + l r n_h/(n_h - 1)``，``l = sqrt(1 - f_h)``）。

    The draws are R's ``subbootweights`` (``survey:::subbootstratum``: ``sample(upsu, n - 1, replace = TRUE)``,
    counts times ``n/(n - 1)``); the random numbers are numpy's, so the replicates are not R's draw for draw.

    Parameters
    ----------
    design : SurveyDesign or Design
        From :func:`windoweval.survey.design.svydesign` or :func:`windoweval.survey.estimate.survey_design`.
        Only the first stage is resampled (the ultimate-cluster bootstrap, as R's).
    replicates : int
    seed : int
        The draws are ``numpy.random.default_rng(seed)``'s: the same seed gives the same weights.

    Returns
    -------
    numpy.ndarray
        ``(rows, replicates)``: the final replicate weights (design weight × multiplier).

    Raises
    ------
    PLSError
        A stratum with a single PSU under ``lonely_psu="fail"`` (with any other rule the stratum
        is kept whole in every replicate, i.e. treated as certain), or fewer than 2 replicates.

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.survey.design import svydesign
    >>> f = pd.DataFrame({"h": list("aaaabbbb"), "psu": [1, 1, 2, 3, 1, 2, 2, 3], "w": 2.0})
    >>> R = rao_wu_weights(svydesign(f, ids="psu", strata="h", weights="w"), 4, seed=1)
    >>> R.shape
    (8, 4)
    >>> bool((R[[0, 1]] == R[0]).all())   # one multiplier per PSU
    True
    """
    replicates = int(replicates)
    if replicates < 2:
        raise PLSError("至少需要 2 个重复 / at least 2 replicates are needed")
    frame, w, psu, h, f_psu, lonely = _first_stage(design)
    rng = np.random.default_rng(seed)
    npsu = len(h)
    mult = np.ones((npsu, replicates))
    for s in range(int(h.max()) + 1):
        members = np.nonzero(h == s)[0]
        nh = len(members)
        if nh < 2:
            if lonely == "fail":
                raise PLSError(f"抽样层 {s + 1} 只有一个初级抽样单元，无法自助抽样；请合并抽样层或选择 lonely_psu 规则 / "
                               f"stratum {s + 1} has a single PSU and cannot be resampled; merge strata or choose a "
                               "lonely_psu rule")
            continue
        r = rng.multinomial(nh - 1, np.full(nh, 1.0 / nh), size=replicates).T      # (nh, replicates)
        lam = np.sqrt(1.0 - f_psu[members])[:, None]
        mult[members] = 1.0 - lam + lam * r * nh / (nh - 1)
    return w[:, None] * mult[psu]


def pls_bootstrap(design, blocks: dict, inner, *, replicates: int = 500, seed: int = 0, level: float = 0.95,
                  replicate_weights=None, mode="A", scheme: str = "path", scaled: bool = True, tol: float = 1e-9,
                  max_iter: int = 300) -> pd.DataFrame:
    """Design-based bootstrap intervals for a weighted PLS path model.

    尊重抽样设计的自助法区间：按层对初级抽样单元重抽（Rao–Wu 重标度权重），每个重复用重复权重重新估计
    PLS 路径模型，给出百分位区间与自助法标准误。

    Parameters
    ----------
    design : SurveyDesign or Design
        The design of the responses (its frame holds the indicators; its weights are the fit's weights).
    blocks, inner, mode, scheme, scaled, tol, max_iter
        As :func:`pls_path_model`.
    replicates : int
    seed : int
        Seed of :func:`rao_wu_weights`; the same seed gives the same intervals.
    level : float
        Coverage of the percentile intervals.
    replicate_weights : array-like, optional
        ``(rows, R)`` bootstrap replicate weights delivered with the data (or from
        :func:`rao_wu_weights`); then ``replicates`` and ``seed`` are not used. A design from
        :func:`~windoweval.survey.design.replicate_design` of type ``bootstrap`` brings its own.

    Notes
    -----
    Only the first sampling stage is resampled (the ultimate-cluster bootstrap). A calibrated design
    (post-stratified, raked, calibrated) is resampled with its final weights; the replicates are not
    recalibrated, so the intervals ignore the variance reduction calibration brings (conservative).

    Returns
    -------
    pandas.DataFrame
        One row per quantity: ``kind`` (``path``, ``total_effect``, ``r_squared``, ``loading``, ``weight``),
        ``source`` (LV; for loadings and weights the LV), ``target`` (LV; for loadings and weights the
        indicator; for R² the LV), ``estimate`` (full-sample fit), ``se`` (sqrt of ``sum((t_r - mean)^2)/(R-1)``;
        a bootstrap design's own ``scale``, ``rscales`` and ``mse`` where they differ, as R's ``svrVar``: a mean
        bootstrap's replicates then give no percentile interval, ``lower`` and ``upper`` NaN with a warning),
        ``lower``, ``upper`` (percentiles ``(1-level)/2`` and ``(1+level)/2``, numpy's linear rule, R's type 7),
        ``replicates`` (replicates that converged; every replicate that did not is counted in
        ``attrs["failed"]`` and named in a warning, never dropped in silence). ``attrs["draws"]`` holds the
        replicate estimates ``(R, rows of the table)``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from windoweval.survey.design import svydesign
    >>> rng = np.random.default_rng(2)
    >>> n = 240; q = rng.normal(size=n); s = 0.6 * q + 0.8 * rng.normal(size=n)
    >>> f = pd.DataFrame({"h": np.repeat(["a", "b"], n // 2), "psu": np.repeat(np.arange(24), 10), "w": 1.5,
    ...                   "q1": q + rng.normal(size=n) / 2, "q2": q + rng.normal(size=n) / 2,
    ...                   "s1": s + rng.normal(size=n) / 2, "s2": s + rng.normal(size=n) / 2})
    >>> d = svydesign(f, ids="psu", strata="h", weights="w")
    >>> t = pls_bootstrap(d, {"QUAL": ["q1", "q2"], "SAT": ["s1", "s2"]}, [("QUAL", "SAT")], replicates=50, seed=3)
    >>> row = t[t.kind == "path"].iloc[0]
    >>> bool(row.lower < row.estimate < row.upper), int(row.replicates)
    (True, 50)
    """
    import warnings

    if not 0 < level < 1:
        raise PLSError("level 必须在 0 与 1 之间 / level must be between 0 and 1")
    _check_options(scheme, tol, max_iter)
    frame, w = (design.frame, design.weights) if isinstance(design, SurveyDesign) else (design.frame, design.weight)
    fit = pls_path_model(frame, blocks, inner, weights=w, mode=mode, scheme=scheme, scaled=scaled, tol=tol,
                         max_iter=max_iter)
    own = None      # a bootstrap design's (scale, rscales, mse): its variance is svrVar's, not the plain 1/(R-1)
    if replicate_weights is None and isinstance(design, SurveyDesign) and design.repweights is not None:
        if "boot" not in str(design.rep_type).lower():
            raise PLSError(f"百分位区间需要自助法重复权重，不能用 {design.rep_type} 重复权重 / percentile intervals need "
                           f"bootstrap replicate weights, not {design.rep_type}")
        replicate_weights = design.repweights
        k = design.repweights.shape[1]
        if design.mse or not (np.isclose(design.scale * (k - 1), 1.0, rtol=1e-12, atol=0)
                              and np.all(design.rscales == 1)):
            own = (design.scale, np.asarray(design.rscales, dtype=float), bool(design.mse))
    if replicate_weights is None:
        Rw = rao_wu_weights(design, replicates, seed=seed)
    else:
        Rw = np.asarray(replicate_weights, dtype=float)
        if Rw.ndim != 2 or Rw.shape[0] != len(frame) or Rw.shape[1] < 2:
            raise PLSError("replicate_weights 须为 (行数, 重复数≥2) 的矩阵 / replicate_weights must be (rows, R>=2)")
        if not np.isfinite(Rw).all() or (Rw < 0).any():
            raise PLSError("重复权重缺失、无穷或为负 / replicate weights missing, infinite or negative")
    lvs, cols, owner, P, modes = _spec(frame, blocks, inner, mode)
    X0 = _matrix(frame, cols)
    L = len(lvs)
    W0 = np.zeros((len(cols), L))
    W0[np.arange(len(cols)), owner] = fit.outer["weight"].to_numpy()
    t_idx, s_idx = np.nonzero(P)
    order = np.lexsort((t_idx, s_idx))
    t_idx, s_idx = t_idx[order], s_idx[order]
    T0 = np.linalg.inv(np.eye(L) - _to_B(fit, lvs)) - np.eye(L)
    te_t, te_s = np.nonzero(np.abs(T0) > 0)
    order = np.lexsort((te_t, te_s))
    te_t, te_s = te_t[order], te_s[order]
    endo = np.nonzero(P.any(axis=1))[0]
    p = len(cols)

    def flat(e):
        return np.concatenate([e["B"][t_idx, s_idx], e["total"][te_t, te_s], e["r2"][endo], e["loading"], e["weight"]])

    R = Rw.shape[1]
    draws = np.full((R, len(t_idx) + len(te_t) + len(endo) + 2 * p), np.nan)
    failed = []
    for r in range(R):
        wr = Rw[:, r]
        if wr.sum() <= 0:
            failed.append(r)
            continue
        wn = wr / wr.sum()
        try:
            X = _standardise(X0, wn, scaled, cols)
            draws[r] = flat(_estimates(X, wn, owner, P, modes, scheme, tol, int(max_iter), W0))
        except (PLSError, np.linalg.LinAlgError):
            failed.append(r)
    if failed:
        warnings.warn(f"{len(failed)} 个自助重复未能估计（第 {', '.join(str(i + 1) for i in failed[:10])} 个），"
                      f"区间基于其余 {R - len(failed)} 个 / {len(failed)} bootstrap replicates could not be fitted "
                      f"(numbers {', '.join(str(i + 1) for i in failed[:10])}); the intervals use the other "
                      f"{R - len(failed)}", stacklevel=2)
    est = np.concatenate([fit.paths["estimate"].to_numpy(), T0[te_t, te_s], fit.inner["r_squared"].to_numpy()[endo],
                          fit.outer["loading"].to_numpy(), fit.outer["weight"].to_numpy()])
    ok = ~np.isnan(draws).any(axis=1)
    D = draws[ok]
    a = (1 - level) / 2
    lo, hi = (np.quantile(D, [a, 1 - a], axis=0) if len(D) else (np.full(len(est), np.nan),) * 2)
    se = D.std(axis=0, ddof=1) if len(D) > 1 else np.full(len(est), np.nan)
    if own is not None:
        # the design's own variance, as every other statistic of it (R's svrVar): scale * sum(rscales (t_r - centre)^2),
        # centred at the full-sample fit with mse, else at the mean of the kept replicates with rscales > 0
        sc, rs, mse = own[0], own[1][ok], own[2]
        pos = rs > 0
        centre = est if mse else (D[pos].mean(axis=0) if pos.any() else np.full(len(est), np.nan))
        se = np.sqrt(sc * (rs[:, None] * (D - centre) ** 2).sum(axis=0)) if len(D) else np.full(len(est), np.nan)
        if not (np.isclose(sc * (R - 1), 1.0, rtol=1e-12, atol=0) and np.all(own[1] == 1)):
            # a mean bootstrap's replicates (bootstrap_average > 1), or a scale or rscales of the firm's own, spread
            # narrower or wider than the estimate does: their percentiles are no interval of it
            lo, hi = np.full(len(est), np.nan), np.full(len(est), np.nan)
            rmin, rmax = float(own[1].min()), float(own[1].max())
            warnings.warn(
                f"设计的重复权重方差为 scale × Σ rscales (t_r − 均值)²（scale = {sc:.6g}，rscales {rmin:.6g} 至 {rmax:.6g}；"
                f"普通自助法为 1/(R−1) = {1 / (R - 1):.6g} 与 1，均值自助法 bootstrap_average 则不同），其重复估计的分布不是估计量的"
                "抽样分布：标准误按设计给出，百分位区间无法给出（NaN）。需要百分位区间时请用普通自助法重复权重（如 rao_wu_weights） / "
                f"the design's replicate variance is scale x sum(rscales (t_r - mean)^2) (scale = {sc:.6g}, rscales "
                f"{rmin:.6g} to {rmax:.6g}; a plain bootstrap has 1/(R-1) = {1 / (R - 1):.6g} and 1, a mean bootstrap's "
                "bootstrap_average does not): its replicate estimates are not the sampling distribution of the estimate, "
                "so the standard errors follow the design and the percentile intervals are not given (NaN). For "
                "percentile intervals use plain bootstrap replicate weights (rao_wu_weights, say)",
                RuntimeWarning, stacklevel=2)
    kind = (["path"] * len(t_idx) + ["total_effect"] * len(te_t) + ["r_squared"] * len(endo) + ["loading"] * p
            + ["weight"] * p)
    lvo = [lvs[j] for j in owner]
    source = [lvs[i] for i in s_idx] + [lvs[i] for i in te_s] + [lvs[i] for i in endo] + lvo + lvo
    target = [lvs[i] for i in t_idx] + [lvs[i] for i in te_t] + [lvs[i] for i in endo] + list(cols) + list(cols)
    out = pd.DataFrame({"kind": kind, "source": source, "target": target, "estimate": est, "se": se, "lower": lo,
                        "upper": hi, "replicates": int(ok.sum())})
    out.attrs.update(failed=len(failed), draws=D, level=level, seed=seed if replicate_weights is None else None)
    return out


def _to_B(fit: PLSResult, lvs) -> np.ndarray:
    idx = {lv: j for j, lv in enumerate(lvs)}
    B = np.zeros((len(lvs), len(lvs)))
    B[[idx[t] for t in fit.paths["target"]], [idx[s] for s in fit.paths["source"]]] = fit.paths["estimate"].to_numpy()
    return B
