"""The promise register: the public service promises and the catalog measure that tests each.

承诺登记册:每项服务承诺及检验它的目录测量。

Part of the rules (beside :mod:`windoweval.catalog`): the engine's planner
reads it to expand a ``promises_kept`` measure into the measures of its
promises (:func:`expand`), so no kernel reaches for it; fulfilment
and the published table are :mod:`windoweval.promises`.

Examples
--------
>>> reg = load_promises()
>>> reg.set_index("promise_id").loc["pw_complaint_reply_5d", "public_zh"]
'您的投诉,5天内给您答复'
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

import pandas as pd
import yaml

from . import paths
from .errors import InputError

__all__ = ["REGISTER_FILE", "load_promises", "promise_measures", "expand", "PromiseRegisterError"]

REGISTER_FILE = paths.PACKAGE_DIR / "promises.yaml"
_FIELDS = ("id", "clause", "measure", "zh", "public_zh", "en")


class PromiseRegisterError(InputError):
    """A promise register that cannot be used (file and promise named).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> f = Path(tempfile.mkdtemp()) / "promises.yaml"
    >>> _ = f.write_text("promises:\\n  - id: p1\\n    clause: power_window.10.2.5\\n", encoding="utf-8")
    >>> try:
    ...     load_promises(f)
    ... except PromiseRegisterError as e:
    ...     print(e.exit_code, "lacks ['measure'" in str(e))
    3 True
    """


@functools.lru_cache(maxsize=8)
def _load(path: str) -> pd.DataFrame:
    from .catalog import load_catalog

    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    items = doc.get("promises") or []
    if not items:
        raise PromiseRegisterError(f"{path}: 登记册中没有承诺(promises:)/ the register lists no promises")
    cat = load_catalog()
    known = {m["measure"]: m for m in cat.measures()}
    rows, seen = [], set()
    for i, p in enumerate(items):
        lacking = [f for f in _FIELDS if f not in p]
        if lacking:
            raise PromiseRegisterError(f"{path}: 第 {i + 1} 条承诺缺少字段 {lacking} / promise #{i + 1} lacks {lacking}")
        if p["id"] in seen:
            raise PromiseRegisterError(f"{path}: 承诺编号 {p['id']} 重复 / promise id {p['id']} used twice")
        seen.add(p["id"])
        ms = p["measure"]
        ms = [] if ms is None else ([ms] if isinstance(ms, str) else list(ms))
        found = [m for m in ms if m in known]
        rows.append({
            "promise_id": p["id"], "standard": str(p["clause"]).split(".")[0], "clause_id": p["clause"],
            "measures": tuple(ms), "zh": p["zh"], "public_zh": p["public_zh"], "en": p["en"],
            "reading": p.get("reading"), "records": known[found[0]]["records"] if found else None,
            "measured": bool(found),
            "unknown_measures": tuple(m for m in ms if m not in known),
        })
    return pd.DataFrame(rows)


def load_promises(register: str | os.PathLike | None = None) -> pd.DataFrame:
    """The promise register as a table.

    Parameters
    ----------
    register : path, optional
        A register file (the bundled ``windoweval/promises.yaml`` by default).

    Returns
    -------
    pandas.DataFrame
        One row per promise: ``promise_id``, ``standard``, ``clause_id``,
        ``measures`` (tuple of measure ids), ``zh``, ``public_zh``, ``en``,
        ``reading``, ``records`` (the record kind its measure reads),
        ``measured`` (a measure of the catalog tests it) and
        ``unknown_measures`` (ids the catalog does not have: shown as missing).

    Examples
    --------
    >>> reg = load_promises()
    >>> reg.loc[reg["promise_id"] == "pw_meter_reading_on_schedule", "measured"].item()
    True
    """
    return _load(str(register or REGISTER_FILE)).copy()


def promise_measures(standard: str | None = None, kind: str | None = None,
                     register: str | os.PathLike | None = None) -> list[tuple[str, dict]]:
    """``(promise_id, measure)`` for every measured promise, optionally of one standard and record kind.

    ``measure`` is the catalog's measure dict (records, where, kernel, params, …).

    Examples
    --------
    >>> [p for p, m in promise_measures("power_window", "complaints")]
    ['pw_complaint_reply_5d', 'pw_report_reply_10d']
    """
    from .catalog import load_catalog

    known = {m["measure"]: m for m in load_catalog().measures()}
    reg = load_promises(register)
    out = []
    for r in reg.itertuples():  # one row per promise (a register of a few dozen), not per record
        if standard and r.standard != standard:
            continue
        for mid in r.measures:
            m = known.get(mid)
            if m is not None and (kind is None or m["records"] == kind):
                out.append((r.promise_id, m))
    return out


def expand(measure: dict) -> tuple[tuple[str, dict], ...]:
    """The ``(promise_id, measure)`` pairs a measure of promises expands into when measures are planned; else ().

    A measure expands when its kernel takes ``promises`` (``promises_kept``):
    the promises of its ``standard`` whose measure reads its record ``kind``.

    Examples
    --------
    >>> from windoweval.catalog import load_catalog
    >>> m = load_catalog().measure("power_window.5.2#complaints") if hasattr(load_catalog(), "measure") else \\
    ...     next(x for x in load_catalog().measures() if x["measure"] == "power_window.5.2#complaints")
    >>> [p for p, _ in expand(m)]
    ['pw_complaint_reply_5d', 'pw_report_reply_10d']
    """
    from .kernels import KERNELS

    if "promises" not in KERNELS[measure["kernel"]].signature:
        return ()
    p = measure.get("params") or {}
    return tuple(promise_measures(p.get("standard", measure["standard"]), p.get("kind", measure["records"])))
