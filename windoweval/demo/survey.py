"""Seeded demo deliveries: what a survey firm sends, with the flaws real ones have.

演示数据生成器：按固定随机种子生成与真实交付相似的调查数据（含少量随意作答者）。

The design mirrors a typical third-party exit survey: strata are districts (two
windows each), primary sampling units are interview days at a window, weights are
a window's annual visitors over its interviews, adjusted by customer type. Each
window has its own level of satisfaction; the next year most windows improve a
little and the last one falls. Some respondents straight-line and rush, some
interviews are fabricated copies within a window and day; comments carry phone
numbers and names, as real ones do.

Examples
--------
>>> from windoweval.demo import survey as demo
>>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03"], n_per_window=30, seed=7)
>>> len(df), df["stratum"].nunique(), df["respondent_id"].is_unique
(90, 2, True)
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from windoweval import paths

from ..survey.instrument import Instrument, load_instrument

__all__ = ["DEFAULT_WINDOWS", "generate_delivery", "delivery_file", "write_demo"]

DEFAULT_WINDOWS = {
    "power_hall": ["PW01", "PW02", "PW03", "PW04", "PW05", "PW06"],
    "hospital_window": ["HW01", "HW02", "HW03", "HW04"],
}

_DIM_OFFSET = {"environment": 0.15, "staff": 0.1, "efficiency": -0.35, "information": -0.05, "convenience": 0.05}
_DIM_DRIVER = {"environment": 0.5, "staff": 1.2, "efficiency": 1.5, "information": 0.6, "convenience": 0.8}
_SURNAMES = "王李张刘陈杨黄赵吴周"
_GIVEN = ["小明", "建国", "丽", "芳", "伟", "静", "海燕", "志强"]

_PRAISE = [
    "服务很好，工作人员很热情。",
    "办事效率高，很满意。",
    "环境干净整洁，谢谢！",
    "{name}师傅态度很好，耐心解答问题。",
    "流程清楚，一次就办好了。",
]
_COMPLAINTS = {
    "queue": ["排队时间太长，等了一个多小时。", "人太多，排队等候太久。"],
    "attitude": ["窗口工作人员态度冷漠，不耐烦。", "工作人员{name}态度不好，爱答不理。"],
    "slow": ["办理速度太慢，效率低。"],
    "repeat_visits": ["材料没一次说清楚，来回跑了好几趟。", "跑了几次才办完。"],
    "environment": ["等候区座位太少，空调太热。"],
    "signage": ["标识不清楚，找不到窗口。"],
    "phone": ["电话打不通，请回电 {phone}。", "有问题请联系我 {phone}，谢谢。"],
    "charges": ["收费不清楚，希望解释一下。"],
    "report_delay": ["报告出来太晚，等了很久。"],
    "phone_use": ["工作人员上班玩手机、闲聊。"],
}


def _rng(*key) -> np.random.Generator:
    return np.random.default_rng([zlib.crc32("|".join(map(str, key)).encode())])


def _comment(rng: np.random.Generator, satisfied: bool, terms: list[str]) -> str:
    name = rng.choice(list(_SURNAMES)) + rng.choice(_GIVEN)
    phone = "1" + str(rng.choice([3, 5, 8, 9])) + "".join(str(x) for x in rng.integers(0, 10, 9))
    if satisfied:
        t = str(rng.choice(_PRAISE))
    else:
        keys = [k for k in _COMPLAINTS if k in terms or k == "phone"]
        t = str(rng.choice(_COMPLAINTS[str(rng.choice(keys))]))
    return t.format(name=name, phone=phone)


def _same_day_sources(win: np.ndarray, day: np.ndarray, copiers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whom each copier copies, in linear time: ``(copiers that have a source, source rows)``.

    A copier (taken in order) copies the first other interview at its window on its day, as
    that interview stands then: if the source is a copier copied earlier, its copied answers.
    A copier alone at its window that day copies nobody and is dropped. The sources returned
    are rows whose answers are still the ones to copy when every copy is made at once.
    """
    group = pd.factorize(pd.MultiIndex.from_arrays([win, day]))[0]
    order = np.argsort(group, kind="stable")          # by group, rows ascending within one
    g_sorted = group[order]
    start = np.flatnonzero(np.r_[True, g_sorted[1:] != g_sorted[:-1]])
    size = np.diff(np.r_[start, len(order)])
    first = order[start]
    second = np.where(size > 1, order[np.minimum(start + 1, len(order) - 1)], -1)
    g = group[copiers]
    src = np.where(first[g] != copiers, first[g], second[g])
    keep = src >= 0
    copiers, src = copiers[keep], src[keep]
    # copy chains: a source copied before its copier hands on what it copied
    when = np.full(len(win), -1)
    when[copiers] = np.arange(len(copiers))
    cur, t = src.copy(), np.arange(len(copiers))
    while True:
        w = when[cur]
        chained = (w >= 0) & (w < t)
        if not chained.any():
            return copiers, cur
        t[chained] = w[chained]
        cur[chained] = src[w[chained]]


def generate_delivery(
    instrument: Instrument | str,
    year: int,
    window_ids,
    *,
    n_per_window: int = 60,
    seed: int = 0,
    careless_share: float = 0.05,
    missing_share: float = 0.04,
    comment_share: float = 0.35,
    declining: str | None = None,
) -> pd.DataFrame:
    """A realistic delivery for one instrument and year.

    生成某问卷某年度的演示交付数据（与调查公司交付格式一致）。

    Parameters
    ----------
    instrument : Instrument or str
    year : int
    window_ids : sequence of str
        The windows surveyed; consecutive pairs share a stratum (district).
    n_per_window : int
        Respondents per window.
    seed : int
        The same seed, instrument, year and windows give the same delivery.
    careless_share : float
        Share of careless respondents planted (straight-liners who rush, and
        fabricated copies of another interview the same day).
    missing_share : float
        Probability that an item is answered with the missing code.
    comment_share : float
        Share of respondents leaving a comment.
    declining : str, optional
        The window whose satisfaction falls after 2024; default the last window.

    Returns
    -------
    pandas.DataFrame
        Columns ``respondent_id``, ``window_id``, ``interview_date`` (text YYYY-MM-DD),
        ``stratum``, ``psu``, ``weight``, ``customer_type``, the item columns,
        ``overall``, ``duration_s``, ``comment``; plus nothing else, so it can be
        written as a delivery file as is.

    Examples
    --------
    >>> df = generate_delivery("hospital_window", 2024, ["HW01", "HW02"], n_per_window=25, seed=1)
    >>> df.columns[:7].tolist()
    ['respondent_id', 'window_id', 'interview_date', 'stratum', 'psu', 'weight', 'customer_type']
    >>> set(df["overall"]) <= {1, 2, 3, 4, 5, 9}
    True
    """
    ins = load_instrument(instrument)
    windows = [str(w) for w in window_ids]
    declining = declining if declining is not None else (windows[-1] if len(windows) > 1 else None)
    rng = _rng(seed, ins.id, year, ",".join(windows))
    n_w = int(n_per_window)
    n = n_w * len(windows)
    win = np.repeat(np.array(windows, dtype=object), n_w)
    widx = np.repeat(np.arange(len(windows)), n_w)
    stratum = np.array([f"D{i // 2 + 1}" for i in widx], dtype=object)

    # window levels: stable across years, with a trend after 2024
    level = np.array([_rng(seed, ins.id, w).normal(0.0, 0.35) for w in windows])
    trend = np.array([(-0.35 if w == declining else 0.12) * (year - 2024) for w in windows])
    mu = (level + trend)[widx]

    # interview days (PSUs)
    n_days = max(3, n_w // 8)
    days = np.array(pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D"))
    day_choice = np.stack([np.sort(rng.choice(days, n_days, replace=False)) for _ in windows])
    day_idx = rng.integers(0, n_days, n)
    dates = pd.DatetimeIndex(day_choice[widx, day_idx])
    date_txt = dates.strftime("%Y-%m-%d").to_numpy(dtype=object)
    psu = (win + "-" + dates.strftime("%m%d").to_numpy(dtype=object)).astype(object)

    ctypes = list(ins.customer_types) or ["other"]
    probs = np.array([0.7, 0.2, 0.1][: len(ctypes)])
    ctype = rng.choice(np.array(ctypes, dtype=object), n, p=probs / probs.sum())
    adj = {c: a for c, a in zip(ctypes, [0.9, 1.3, 1.1])}
    visitors = np.array([_rng(seed, ins.id, w, "visitors").integers(20000, 80000) for w in windows])
    weight = visitors[widx] / n_w * np.vectorize(adj.get)(ctype)
    weight = np.round(weight * rng.uniform(0.9, 1.1, n), 3)

    theta = mu + rng.normal(0.0, 0.55, n)
    answers = {}
    driver = np.zeros(n)
    wsum = 0.0
    for d in ins.dimensions:
        td = theta + rng.normal(0.0, 0.4, n) + _DIM_OFFSET.get(d.id, 0.0)
        b = _DIM_DRIVER.get(d.id, 1.0)
        driver += b * td
        wsum += b
        for iid in d.items:
            a = np.clip(np.rint(3.7 + td + rng.normal(0.0, 0.55, n)), ins.scale_min, ins.scale_max)
            if ins.question(iid).reverse:
                a = ins.scale_min + ins.scale_max - a
            answers[iid] = a
    overall = np.clip(np.rint(3.75 + driver / wsum + rng.normal(0.0, 0.45, n)), ins.scale_min, ins.scale_max)

    miss = min(ins.missing_codes) if ins.missing_codes else None
    if miss is not None:
        for k, iid in enumerate(ins.item_ids):
            p = missing_share * (3.0 if iid in ("info2", "conv3", "eff3") else 1.0)
            answers[iid] = np.where(rng.random(n) < p, miss, answers[iid])
        overall = np.where(rng.random(n) < missing_share / 4, miss, overall)

    duration = np.rint(rng.lognormal(np.log(330), 0.3, n))

    # careless respondents: straight-liners who rush, and copies of another interview that day
    n_careless = int(round(careless_share * n))
    if n_careless:
        who = rng.choice(n, n_careless, replace=False)
        half = (n_careless + 1) // 2
        liners, copiers = who[:half], who[half:]
        # one respondent at a time, as the seeded stream has always been drawn: a level, then a pace
        level, pace = np.empty(len(liners)), np.empty(len(liners))
        for k in range(len(liners)):
            level[k] = float(rng.integers(3, 6))
            pace[k] = rng.uniform(0.15, 0.3)
        for iid in ins.item_ids:
            answers[iid][liners] = level
        overall[liners] = level
        duration[liners] = np.rint(duration[liners] * pace)

        copiers, source = _same_day_sources(win, date_txt, copiers)
        if len(copiers):
            for iid in ins.item_ids:
                answers[iid][copiers] = answers[iid][source]
            overall[copiers] = overall[source]
            duration[copiers] = np.rint(duration[copiers] * rng.uniform(0.2, 0.35, len(copiers)))

    terms = [t["id"] for t in ins.complaint_terms]
    has_comment = rng.random(n) < comment_share
    comment = np.array([
        _comment(_rng(seed, ins.id, year, i), bool(overall[i] >= 4 and overall[i] != miss), terms) if has_comment[i] else ""
        for i in range(n)
    ], dtype=object)

    out = pd.DataFrame({
        "respondent_id": [f"{i + 1:06d}" for i in range(n)],
        "window_id": win,
        "interview_date": date_txt,
        "stratum": stratum,
        "psu": psu,
        "weight": weight,
        "customer_type": ctype,
    })
    for iid in ins.item_ids:
        out[iid] = answers[iid].astype(int)
    out[ins.overall_id] = overall.astype(int)
    out["duration_s"] = duration.astype(int)
    out["comment"] = comment
    order = rng.permutation(n)
    out = out.iloc[order].reset_index(drop=True)
    out["respondent_id"] = [f"{i + 1:06d}" for i in range(n)]
    return out


@contextlib.contextmanager
def delivery_file(delivery: pd.DataFrame, name: str = "d.csv"):
    """Write a delivery as a CSV file in a temporary folder, for as long as the block runs.

    把交付数据写成临时目录中的 CSV 文件（代码块结束后删除），供示例与测试使用。

    Parameters
    ----------
    delivery : pandas.DataFrame
        E.g. from :func:`generate_delivery`, possibly altered; written as is (UTF-8, no index).
    name : str
        The file's name.

    Yields
    ------
    Path
        The file; its folder (``path.parent``) is empty otherwise and may hold a store.

    Examples
    --------
    >>> df = generate_delivery("power_hall", 2025, ["PW01"], n_per_window=3)
    >>> with delivery_file(df) as p:
    ...     p.name, len(p.read_text(encoding="utf-8").splitlines())
    ('d.csv', 4)
    >>> p.exists()
    False
    """
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        delivery.to_csv(path, index=False)
        yield path


def write_demo(
    out_dir: str | os.PathLike | None = None,
    *,
    windows: dict | None = None,
    years=(2024, 2025),
    instruments=("power_hall", "hospital_window"),
    n_per_window: int = 60,
    seed: int = 0,
    fmt: str = "csv",
) -> pd.DataFrame:
    """Write demo deliveries for several years and instruments.

    写出多个年度、多个问卷的演示交付文件。

    Parameters
    ----------
    out_dir : path, optional
        Default ``paths.DEMO_DIR / "surveys"``.
    windows : dict, optional
        Instrument id -> window ids; default :data:`DEFAULT_WINDOWS`.
    years : sequence of int
    instruments : sequence of str
    n_per_window : int
    seed : int
    fmt : {"csv", "xlsx"}
        CSV files are written as UTF-8 with BOM, as Excel's "CSV UTF-8" does.

    Returns
    -------
    pandas.DataFrame
        Columns ``instrument``, ``year``, ``path``, ``n_rows``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = write_demo(d, years=(2024,), instruments=("power_hall",), n_per_window=10)
    >>> t[["instrument", "year", "n_rows"]].to_dict("records")
    [{'instrument': 'power_hall', 'year': 2024, 'n_rows': 60}]
    """
    out = Path(out_dir) if out_dir else paths.DEMO_DIR / "surveys"
    out.mkdir(parents=True, exist_ok=True)
    windows = windows or DEFAULT_WINDOWS
    rows = []
    for iid in instruments:
        for y in years:
            df = generate_delivery(iid, y, windows.get(iid, DEFAULT_WINDOWS.get(iid, ["W01", "W02"])),
                                   n_per_window=n_per_window, seed=seed)
            p = out / f"{iid}_{y}.{fmt}"
            if fmt == "csv":
                df.to_csv(p, index=False, encoding="utf-8-sig")
            elif fmt == "xlsx":
                df.to_excel(p, index=False, sheet_name="数据 data")
            else:
                raise ValueError(f"不支持的格式 unsupported format: {fmt}")
            rows.append({"instrument": iid, "year": int(y), "path": str(p), "n_rows": len(df)})
    return pd.DataFrame(rows, columns=["instrument", "year", "path", "n_rows"])
