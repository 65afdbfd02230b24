"""Import deliveries into the workspace store: all or nothing, once.

将交付文件导入工作区数据仓：要么完整导入，要么保持原样；同一文件只导入一次。

Layout under ``paths.STORE_DIR / "surveys"``::

    manifest.json                       the only truth: which imports exist, which is current
    raw/<sha256>.<ext>                  each delivery byte for byte, named by its content hash
    imports/<survey>/<sha256>/
        responses.parquet               the valid rows, typed, with the screening flags
        rejects.csv                     each refused row: its number, reasons and values
        answers_refused.csv             each answer refused alone (off the scale; the respondent kept): row, column,
                                        value as written, code, reason
        values_refused.csv              each optional value refused alone (an unknown customer type, a duration
                                        三分钟; the respondent kept), in the same columns
        problems.csv                    every problem found (errors and warnings)
        meta.json                       the import's record
        instrument.yaml                 the instrument the delivery was read with, as it was

An import stages everything in a temporary folder, moves it into place, and commits by
replacing ``manifest.json`` atomically (write to a temporary file, fsync, ``os.replace``).
Whatever is not in the manifest does not exist for readers, so an import killed half-way
leaves the store as it was; its leftovers are cleared by the next import. Importing the
same bytes again adds nothing. A second delivery for the same survey (instrument and
year) is refused unless ``replace=True``; the first stays in the store and in the
manifest's history. A second survey id for an instrument and year already in the store is
refused (:class:`SurveyExists`): the year's evaluation reads one survey per instrument and year.

Examples
--------
>>> from windoweval.demo import survey as demo
>>> from windoweval.survey import store
>>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=20)
>>> with demo.delivery_file(df, "power_hall_2025.csv") as p:
...     first = store.import_delivery(p, "power_hall", 2025, store_dir=p.parent / "store")
...     again = store.import_delivery(p, "power_hall", 2025, store_dir=p.parent / "store")
>>> first.loc[0, "status"], again.loc[0, "status"]
('imported', 'unchanged')
"""
from __future__ import annotations

from ..errors import InputError
import contextlib
import datetime as _dt
import fcntl
import hashlib
import json
import re
import os
import stat
import shlex
import shutil
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from windoweval import paths

from ..atomic import _step
from ..cells import people_frame
from ..records.problems import Problems, personal_values_masked
from ..paths import readable
from ..records.raw import sha256_file as _sha256
from .delivery import CheckedDelivery, parse_delivery, respondents_in, rows_as_shown
from .instrument import Instrument, load_instrument

__all__ = [
    "ImportRefused",
    "DeliveryExists",
    "SurveyExists",
    "store_root",
    "import_delivery",
    "list_surveys",
    "list_deliveries",
    "remove_survey",
    "load_responses",
    "load_survey_instrument",
    "load_rejects",
    "verify_store",
    "weights_note_kept",
    "weight_scale_note",
]

MANIFEST = "manifest.json"
_RECORD_COLUMNS = [
    "survey", "sha256", "status", "current", "file_name", "format", "encoding", "instrument", "year",
    "n_rows", "n_valid", "n_rejected", "n_dropped", "n_answers_refused", "n_answers_refused_respondents",
    "n_values_refused", "n_values_refused_respondents", "n_flagged", "n_warnings", "imported_at", "raw", "dir", "replaces",
    "weights_note",
]

#: What an estimate takes a delivery's weights for (the firm's final, post-stratified or raked weight used as it is, its
#: calibration not redone): said once per delivery, at its import, and kept in its record (``weights_note``), not
#: again on every estimate from the store; an estimate from a file, which no import read, says it itself.
WEIGHTS_AS_DELIVERED = (
    "注意 / note: 权重按交付的 weight 列（抽样权重或调查公司的最终权重）原样使用，未重新校准："
    "svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE)；事后分层或 raking 得到的最终权重，"
    "估计值照用，标准误不含校准带来的方差减少（偏保守）；要计入它，请用 --poststratify 或 --rake 给出总体数、"
    "从交付的权重重做校准 / the weights are the delivery's weight column as it is (sampling weights or the "
    "firm's final weights), and no calibration is redone: svydesign(ids = ~psu, strata = ~stratum, weights = "
    "~weight, nest = TRUE); for final weights from post-stratification or raking the estimates stand, and the "
    "standard errors leave out the variance the calibration removed (conservative); to count it, give the "
    "population totals with --poststratify or --rake and calibrate again from the delivered weights")


def weights_note(frame: pd.DataFrame) -> str | None:
    """The note on the delivered weights (:data:`WEIGHTS_AS_DELIVERED`) when ``frame``'s weights differ, else None
    (weights all alike, or none: an unweighted design takes nothing for granted of them).

    Examples
    --------
    >>> weights_note(pd.DataFrame({"weight": [1.0, 1.0]})) is None, weights_note(pd.DataFrame({"weight": [1, 2.5]}))[:5]
    (True, '注意 / ')
    """
    if "weight" not in frame.columns or pd.to_numeric(frame["weight"], errors="coerce").nunique() <= 1:
        return None
    return WEIGHTS_AS_DELIVERED + weight_scale_note(frame)


def weight_scale_note(frame: pd.DataFrame) -> str:
    """What the estimates take the weights' scale for, said with :data:`WEIGHTS_AS_DELIVERED`: weights summing to the
    number of respondents are normalised to n, any other sum is read as expansion weights (each respondent's people,
    their sum the population).  Means, rates and their standard errors and intervals are the same either way (a mean is
    a ratio of weighted totals; R's ``svydesign`` gives the same, tests/golden/survey43_survey_r.R); a total and the
    design effect against sampling without replacement (``--deff``'s ``deff``) need expansion weights.

    Examples
    --------
    >>> weight_scale_note(pd.DataFrame({"weight": [0.5, 1.5]}))[:22]
    '；权重之和等于受访人数（2），即归一化到 n'
    >>> "expansion weights" in weight_scale_note(pd.DataFrame({"weight": [300.0, 1200.5]}))
    True
    """
    w = pd.to_numeric(frame["weight"], errors="coerce")
    total, n = float(w.sum()), int(w.notna().sum())
    same = ("均值、满意率及其标准误与置信区间与权重的尺度无关（两种权重所得相同，与 R 的 svydesign 一致）",
            "means, rates and their standard errors and intervals do not depend on the weights' scale (either kind "
            "gives the same, as R's svydesign does)")
    if n and abs(total - n) <= 1e-6 * n:
        return (f"；权重之和等于受访人数（{n}），即归一化到 n 的权重：{same[0]}；总量与对不放回抽样的设计效应（--deff 的 deff）"
                f"需要扩展权重（权重之和为总体数） / the weights sum to the number of respondents ({n}), weights "
                f"normalised to n: {same[1]}; totals and the design effect against sampling without replacement "
                "(--deff's deff) need expansion weights (summing to the population)")
    return (f"；权重之和为 {total:,.6g}，按扩展权重读取（每位受访者代表的总体人数，权重之和即总体数）：{same[0]}，"
            f"归一化到 n 的权重所得相同 / the weights sum to {total:,.6g}, read as expansion weights (the people each "
            f"respondent stands for, their sum the population): {same[1]}; weights normalised to n give the same")

#: The answers refused alone (an answer off the question's scale, the respondent kept), beside rejects.csv.
ANSWERS_REFUSED = "answers_refused.csv"
#: The values of optional columns refused alone (an unknown customer type, a duration 三分钟: the value blank, the
#: respondent kept), beside answers_refused.csv, in its columns.
VALUES_REFUSED = "values_refused.csv"
_ANSWER_COLUMNS = ["row", "line", "record_id", "column", "value", "code", "reason_zh", "reason_en"]


class ImportRefused(InputError):
    """The delivery has file-level errors; nothing was imported. 文件级错误，未导入。

    Attributes
    ----------
    problems : pandas.DataFrame

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> p = Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_text("受访者编号,总体满意度\\nR1,5\\n", encoding="utf-8")
    >>> try:
    ...     import_delivery(p, "power_hall", 2025, store_dir=p.parent)
    ... except ImportRefused as e:
    ...     print(e.exit_code, sorted(set(e.problems["code"]))[:3])
    3 ['missing_column']
    """

    def __init__(self, message: str, problems: pd.DataFrame):
        super().__init__(message)
        self.problems = problems


class DeliveryExists(InputError):
    """The survey already has a different delivery and ``replace`` was not asked for. 已有另一份交付。

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=4, seed=3)
    >>> with demo.delivery_file(df, "a.csv") as p:
    ...     _ = import_delivery(p, "power_hall", 2025, store_dir=p.parent)
    ...     df.loc[0, "overall"] = 1
    ...     with demo.delivery_file(df, "b.csv") as q:
    ...         try:
    ...             import_delivery(q, "power_hall", 2025, store_dir=p.parent)
    ...         except DeliveryExists as e:
    ...             print(e.exit_code)
    3
    """


class SurveyExists(DeliveryExists):
    """The instrument and year already have a survey under another id. 同一问卷同一年度已有另一个调查编号。

    The year's evaluation reads one survey per instrument and year; a second survey id for the same
    pair would leave it to guess, so the import is refused, naming the survey to replace instead.

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=4, seed=3)
    >>> with demo.delivery_file(df, "a.csv") as p:
    ...     _ = import_delivery(p, "power_hall", 2025, store_dir=p.parent)
    ...     try:
    ...         import_delivery(p, "power_hall", 2025, survey="hall_2025_v2", store_dir=p.parent)
    ...     except SurveyExists as e:
    ...         print(e.exit_code, e.existing)
    3 power_hall_2025
    """

    def __init__(self, message: str, existing: str):
        super().__init__(message)
        self.existing = existing


def _same_instrument_year(manifest: dict, survey: str, instrument: str, year: int) -> list[str]:
    """The other survey ids of the store that hold ``instrument`` and ``year``."""
    return sorted(sid for sid, s in manifest["surveys"].items()
                  if sid != survey and str(s.get("instrument")) == instrument and int(s.get("year", -1)) == year)


def store_root(store_dir: str | os.PathLike | None = None) -> Path:
    """Folder of the survey store.

    调查数据仓所在目录：默认 ``paths.STORE_DIR / "surveys"``。

    Examples
    --------
    >>> store_root("/tmp/x").as_posix()
    '/tmp/x/surveys'
    """
    return (Path(store_dir) if store_dir else paths.STORE_DIR) / "surveys"


class StoreDamaged(InputError):
    """The survey store's manifest cannot be read (edited by hand, cut short by a copy, damaged on disk): exit 3,
    the file and the fix named; it had ended in a JSONDecodeError or RecursionError traceback (exit 5).

    Examples
    --------
    >>> import tempfile
    >>> root = store_root(tempfile.mkdtemp()); root.mkdir(); _ = (root / MANIFEST).write_text("{", encoding="utf-8")
    >>> try:
    ...     _read_manifest(root)
    ... except StoreDamaged as e:
    ...     print(e.exit_code, str(e).split("：")[0])
    3 surveys/manifest.json
    """


def _read_manifest(root: Path) -> dict:
    p = root / MANIFEST
    if not p.exists():
        return {"format": 1, "surveys": {}}
    why = "不是调查清单的结构 / not a manifest's structure"
    try:
        with open(p, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (ValueError, RecursionError) as e:      # not JSON, not UTF-8, nested past any manifest
        why = f"{type(e).__name__}" + (f": {e}"[:160] if isinstance(e, ValueError) else "")
        doc = None
    if not (isinstance(doc, dict) and isinstance(doc.get("surveys", {}), dict)):
        raise StoreDamaged(
            f"{root.name}/{MANIFEST}：调查数据仓的清单文件已损坏,无法读取({why});请从备份恢复该文件,或把 {root.name}/ "
            f"改名保留后用 windoweval survey import 重新导入各份交付(原始文件在 {root.name}/raw/)/ {root.name}/{MANIFEST}: the "
            f"survey store's manifest is damaged and cannot be read ({why}); restore it from a backup, or rename "
            f"{root.name}/ to keep it and import the deliveries again with windoweval survey import (the files as "
            f"delivered are in {root.name}/raw/)")
    return doc


def _fsync_dir(d: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(d, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


#: The steps of an import at which the crash test kills the process (``WINDOWEVAL_KILL_AT``,
#: :func:`windoweval.atomic._step`): the delivery staged and synced, its raw file moved in, its folder moved in (both
#: unreferenced until the manifest names them), the new manifest written aside, the manifest replaced (the commit).
SURVEY_STEPS = ("survey_staged", "survey_raw_moved", "survey_dir_moved", "survey_manifest_written", "survey_committed")


def _commit_manifest(root: Path, manifest: dict) -> None:
    """Replace the manifest atomically: the single commit point of an import."""
    from ..records.raw import private_file

    # (it names each delivery's file and its counts: its owner's alone, as every file of the store, survey45)
    tmp = private_file(root / f".tmp-manifest-{uuid.uuid4().hex}", create=True)
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    _step("survey_manifest_written")
    os.replace(tmp, root / MANIFEST)
    _fsync_dir(root)
    _step("survey_committed")


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` written to ``path``, a file its owner's alone from its first byte (respondents' answers)."""
    from ..records.raw import private_file

    frame.to_parquet(private_file(path, create=True), index=False)


def _private_csv(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` as a CSV a spreadsheet opens (UTF-8 with a BOM), a file its owner's alone from its first byte."""
    from ..records.raw import private_file

    frame.to_csv(private_file(path, create=True), index=False, encoding="utf-8-sig")


@contextlib.contextmanager
def _locked(root: Path):
    """The store under its lock (an import, a removal), re-moded once (:func:`_remode`: a store an older release wrote,
    0644 files in 0755 folders, nps45b): a store marked private under its manifest (:data:`REMODED`) is not walked;
    one not marked is walked, and marked when nothing in it is left readable by others.  What this release writes is
    its owner's alone from its first byte, so after the body the mark is carried on to the manifest it wrote: the next
    import does not walk the store again, while one an older release imported into since (a manifest not marked) is
    walked again (leftovers49: the lock walked every file of the store on every import)."""
    from ..records.raw import private_dir

    private_dir(root)   # the store's folders its owner's alone (0700), as its files (survey45)
    with open(root / ".lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            private = _remoded(root, _manifest_stamp(root))
            if not private:
                _remode(root)
                private = not _readable_by_others(root)   # a file whose mode cannot be set: walked again next time
            yield
            stamp = _manifest_stamp(root)
            if private and not _remoded(root, stamp):   # (an import of a file there already: nothing written)
                with contextlib.suppress(OSError):   # no mark: the next import walks the store, as before
                    _mark_remoded(root, stamp)
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remode(root: Path) -> None:
    """Every file of the store 0600 and every folder 0700 (records.raw.private_file / private_dir): a store imported
    before survey45 kept 0644 files in 0755 folders (respondents' answers, ids, windows), re-moded on its next import
    or open (nps45b).  Only what is readable by others is touched; links are left as they are."""
    from ..records.raw import private_dir, private_file

    for d, dirs, files in os.walk(root):
        for names, fix in ((dirs, private_dir), (files, private_file)):
            for n in names:
                p = Path(d) / n
                try:
                    st = p.lstat()
                except OSError:
                    continue
                if not stat.S_ISLNK(st.st_mode) and st.st_mode & 0o077:
                    fix(p)


#: The file that says a survey store was found private (every file 0600, every folder 0700: :func:`_remode`) while
#: its manifest was the one it names (:func:`_manifest_stamp`): an open of the store does not walk it again until
#: an import (of any release) writes the manifest anew.
REMODED = ".remoded"


def _manifest_stamp(root: Path) -> list | None:
    """The manifest's size, modification and change times and inode (None: no manifest): any import writes it anew,
    and a change of its mode (a store copied or restored as its files were) moves its change time."""
    try:
        st = (root / MANIFEST).stat()
    except FileNotFoundError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _remoded(root: Path, stamp) -> bool:
    """Whether :data:`REMODED` says the store was found private under the manifest ``stamp`` and the store's folder is
    still its owner's alone."""
    try:
        said = json.loads((root / REMODED).read_text(encoding="utf-8"))
        return isinstance(said, dict) and said.get("manifest") == stamp and not root.stat().st_mode & 0o077
    except (OSError, ValueError, RecursionError):
        return False


def _mark_remoded(root: Path, stamp) -> None:
    """Write :data:`REMODED` for the manifest ``stamp``: written aside (0600 from its first byte) and moved into place
    in one step, so a stop leaves the former marker or none, never half of one (a ``.tmp-`` file the next import
    removes)."""
    from ..records.raw import private_file

    tmp = private_file(root / f".tmp-remoded-{uuid.uuid4().hex}", create=True)
    try:
        tmp.write_text(json.dumps({"manifest": stamp}), encoding="utf-8")
        os.replace(tmp, root / REMODED)
    finally:
        tmp.unlink(missing_ok=True)


def _readable_by_others(root: Path) -> bool:
    """Whether the store's folder, or any folder or file in it, is readable (or writable) by others than its owner (a
    link's own mode is no one's access: left out, as :func:`_remode` leaves it)."""
    def public(p: Path) -> bool:
        mode = p.lstat().st_mode
        return not stat.S_ISLNK(mode) and bool(mode & 0o077)
    return bool(root.stat().st_mode & 0o077) or any(public(Path(d, n)) for d, ds, fs in os.walk(root) for n in (*ds, *fs))


def _remode_on_open(root: Path) -> None:
    """:func:`_remode` under the store's lock when opening a store that is readable by others; a store the user may
    only read (another's, a read-only mount) is read as it is.  Walked once: a store found private is marked so
    (:data:`REMODED`), and its next opens do not walk it while its manifest is the same (a store an older release
    imported into since, which wrote its files 0644, is walked and re-moded again)."""
    try:
        stamp = _manifest_stamp(root)
        if _remoded(root, stamp):
            return
        if not _readable_by_others(root):
            _mark_remoded(root, stamp)
            return
        with _locked(root):   # re-modes it (the manifest's mode too: its change time moves), no import meanwhile,
            pass              # and marks it when nothing is left readable by others (a file of another's: not marked)
    except OSError:
        pass


def _referenced(manifest: dict) -> tuple[set, set]:
    raws, dirs = set(), set()
    for s in manifest["surveys"].values():
        for rec in s["deliveries"]:
            raws.add(rec["raw"])
            dirs.add(rec["dir"])
    return raws, dirs


def _collect_garbage(root: Path, manifest: dict) -> None:
    """Remove what a killed import left behind: temporary entries and unreferenced files."""
    raws, dirs = _referenced(manifest)
    for p in root.glob(".tmp-*"):
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    for p in (root / "raw").glob("*") if (root / "raw").exists() else []:
        if p.relative_to(root).as_posix() not in raws:
            p.unlink(missing_ok=True)
    for p in (root / "imports").glob("*/*") if (root / "imports").exists() else []:
        if p.relative_to(root).as_posix() not in dirs:
            shutil.rmtree(p, ignore_errors=True)


def _rejects(chk: CheckedDelivery) -> pd.DataFrame:
    keys = chk._keys().to_numpy()   # a workbook read a sheet a month: the rows' keys in the delivery's frame
    e = Problems.conform(chk.problems)
    keep = (e["severity"].eq("error") & e["row"].notna()).to_numpy(dtype=bool).copy()
    if chk.delivery.format not in ("sav", "dta"):
        keep &= (e["row"].fillna(0) > 1).to_numpy(dtype=bool)
    keys, e = keys[keep], Problems(e[keep].reset_index(drop=True))
    e["row"] = pd.array(keys, dtype="Int64")
    cols = ["row", "codes", "reasons_zh", "reasons_en"]
    if e.empty:
        return rows_as_shown(pd.DataFrame(columns=cols + list(chk.delivery.frame.columns.drop("row")) + ["raw_record"]),
                             chk.delivery)
    reasons = e.assign(
        _zh=e["column"].where(e["column"] == "", e["column"] + ": ") + e.message_zh,
        _en=e["column"].where(e["column"] == "", e["column"] + ": ") + e.message_en,
    ).groupby("row", sort=True).agg(
        codes=("code", lambda s: ",".join(dict.fromkeys(s))),
        reasons_zh=("_zh", "；".join),
        reasons_en=("_en", "; ".join),
    ).reset_index()
    reasons["row"] = reasons["row"].astype(int)
    values = chk.delivery.frame.copy()
    values["row"] = values["row"].astype(int)
    out = reasons.merge(values, on="row", how="left")
    raw = {k: "|".join(v) for k, v in chk.delivery.raw_records.items()}
    out["raw_record"] = out["row"].map(raw).astype(object).fillna("")
    return rows_as_shown(out, chk.delivery)   # a sheet a month: each row as its sheet shows it, the sheet beside it


def import_delivery(
    source: str | os.PathLike,
    instrument: Instrument | str,
    year: int,
    *,
    survey: str | None = None,
    replace: bool = False,
    store_dir: str | os.PathLike | None = None,
    windows=None,
    screen_params: dict | None = None,
    replaces: str | None = None,
) -> pd.DataFrame:
    """Import a delivery: raw kept, valid rows stored, refused rows listed.

    导入交付文件：原始文件按字节保存（以 SHA-256 命名），有效行写入 Parquet，被拒行连同原因写入 rejects.csv。

    Parameters
    ----------
    source : path
        The delivery (CSV, XLSX or SAV).
    instrument : Instrument or str
    year : int
        The survey year.
    survey : str, optional
        The survey's id in the store; default ``"<instrument>_<year>"``.
    replace : bool
        Make this delivery the current one of a survey that already has another; the
        earlier one is kept.
    store_dir : path, optional
        Default ``paths.STORE_DIR``.
    windows : collection of str, optional
        Known window ids (others are errors).
    screen_params : dict, optional
        Careless-responding screen parameters.
    replaces : str, optional
        The current delivery this file corrects, by 8 or more leading hex digits of its SHA-256 (``--replaces``):
        ``replace`` implied, and the file taken for that delivery corrected even when every interview date moved
        (a firm's dates shifted by an export and fixed), which ``replace`` alone refuses as another wave.  A value
        naming no current delivery is refused (``DeliveryExists``), naming the current one.

    Returns
    -------
    pandas.DataFrame
        One row with columns ``survey``, ``sha256``, ``status`` (``imported``,
        ``replaced``, ``unchanged``), ``current``, ``file_name``, ``format``,
        ``encoding``, ``instrument``, ``year``, ``n_rows``, ``n_valid``, ``n_rejected``,
        ``n_dropped`` (exact repeats of an earlier row; ``n_valid + n_rejected + n_dropped == n_rows``),
        ``n_answers_refused`` and ``n_answers_refused_respondents`` (answers off the scale refused alone, that item
        missing for respondents who are kept and counted valid, and how many respondents they are in; listed by
        ``load_rejects(..., answers=True)``), ``n_values_refused`` and ``n_values_refused_respondents`` (values of
        optional columns refused alone, an unknown customer type or a duration 三分钟 taken as blank, the respondent
        kept; listed by ``load_rejects(..., values=True)``), ``n_flagged``, ``n_warnings``, ``imported_at``, ``raw``, ``dir``,
        ``replaces``.

    Raises
    ------
    ImportRefused
        File-level errors (missing columns, contradicting value labels); its
        ``problems`` lists them. Nothing is written.
    DeliveryExists
        The survey has a different current delivery and ``replace`` is False.
    SurveyExists
        Another survey id already holds this instrument and year (the message names it and
        the command that replaces its delivery instead).

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=15, seed=4)
    >>> df.loc[0, ["overall", "env1"]] = 7      # off the scale on two items: the respondent is refused
    >>> with demo.delivery_file(df, "a.csv") as p:
    ...     r = import_delivery(p, "power_hall", 2025, store_dir=p.parent)
    ...     rej = load_rejects("power_hall_2025", store_dir=p.parent)
    >>> r[["survey", "status", "n_rows", "n_valid", "n_rejected"]].to_dict("records")
    [{'survey': 'power_hall_2025', 'status': 'imported', 'n_rows': 30, 'n_valid': 29, 'n_rejected': 1}]
    >>> rej[["row", "codes"]].to_dict("records")
    [{'row': 2, 'codes': 'out_of_range'}]
    """
    ins = load_instrument(instrument)
    src = Path(source)
    year = int(year)
    from ..safepath import safe_name
    survey = safe_name(survey or f"{ins.id}_{year}", "survey")   # one path component inside the store
    root = store_root(store_dir)
    from .delivery import delivery_file

    delivery_file(src)      # a folder or a pipe refused before it is hashed (IsADirectoryError: exit 5; a FIFO: no end)
    sha = _sha256(src)
    named = None
    if replaces is not None:
        named = str(replaces).strip().lower()
        if not re.fullmatch(r"[0-9a-f]{8,64}", named):
            raise DeliveryExists(
                f"--replaces「{replaces}」不是一份交付的 SHA-256：请写现有交付 SHA-256 的前 8 位以上（导入时显示，"
                f"windoweval survey list 的当前交付）/ --replaces '{replaces}' is no delivery's SHA-256: give 8 or more "
                "leading digits of the current delivery's SHA-256 (shown at its import)")
        replace = True
    with _locked(root):
        manifest = _read_manifest(root)
        # what a killed import left (its staging folder, files moved in but never named): removed by every import,
        # the one that finds its file already there too (it returned before, and the leftovers stayed)
        _collect_garbage(root, manifest)
        entry = manifest["surveys"].get(survey)
        if named is not None and (entry is None or not entry["current"].startswith(named)):
            # the firm's word that this file corrects one delivery: held to the delivery it names, or it says nothing
            have_zh = (f"现有交付是 {entry['current'][:12]}…" if entry else f"调查 {survey} 还没有交付")
            have_en = (f"the current delivery is {entry['current'][:12]}..." if entry else f"survey {survey} has no delivery yet")
            raise DeliveryExists(
                f"未导入：--replaces {named[:12]} 不是调查 {survey} 的当前交付（{have_zh}）；请核对 SHA-256（windoweval survey "
                f"list），或不加 --replaces 导入 / nothing imported: --replaces {named[:12]} is not the current delivery "
                f"of survey {survey} ({have_en}); check the SHA-256 (windoweval survey list), or import without --replaces")
        if entry is not None:
            same = [r for r in entry["deliveries"] if r["sha256"] == sha]
            if same and (entry["current"] == sha or not replace):
                rec = dict(same[0], status="unchanged", current=entry["current"] == sha, survey=survey)
                return pd.DataFrame([rec]).reindex(columns=_RECORD_COLUMNS)
            if entry["current"] != sha and not replace:
                part_zh, part_en = _another_part(src, ins, year, survey, store_dir, entry["current"])
                raise DeliveryExists(
                    f"调查 {survey} 已有交付 {entry['current'][:12]}…；如要以新文件替换，请使用 replace=True（--replace），原交付会保留{part_zh} / "
                    f"survey {survey} already has delivery {entry['current'][:12]}...; pass replace=True (--replace) to "
                    f"make this file current; the earlier delivery is kept{part_en}"
                )
            if not same and replace and named is None:
                # a replacement is a corrected delivery of the same fieldwork: one whose interviews all fall in
                # another period (a second wave) would put the current one's respondents out of the year's figures
                part = _parts(src, ins, year, survey, store_dir)
                if part is not None and (part[3] is not None or _another_round(part)):
                    part_zh, part_en = _another_part(src, ins, year, survey, store_dir)
                    raise DeliveryExists(
                        f"未替换调查 {survey} 的交付 {entry['current'][:12]}…{part_zh}。如本文件是同一批访问的改正交付"
                        f"（现有交付的访问日期有误），请用 --replaces {entry['current'][:12]} 导入，写明它替换哪一份交付"
                        f"（原交付保留，可换回）/ the delivery {entry['current'][:12]}... of survey {survey} was not "
                        f"replaced{part_en}. If this file is a corrected delivery of the same interviews (the current "
                        f"one's interview dates were wrong), import it with --replaces {entry['current'][:12]}, naming "
                        "the delivery it replaces (the earlier one is kept and can be made current again)")
            if same:  # switch back to an earlier delivery: only the pointer moves
                new = json.loads(json.dumps(manifest))
                new["surveys"][survey]["current"] = sha
                _commit_manifest(root, new)
                rec = dict(same[0], status="replaced", current=True, survey=survey)
                return pd.DataFrame([rec]).reindex(columns=_RECORD_COLUMNS)

        chk = parse_delivery(src, ins, year=year, windows=windows, screen_params=screen_params)
        if not chk.file_ok:
            err = Problems.conform(chk.errors)
            bad = err[(err["row"].isna() | (err["row"] == 1)).to_numpy(dtype=bool)]
            raise ImportRefused(
                "文件级错误，未导入任何数据 / file-level errors, nothing imported:\n"
                + "\n".join(f"- {c}: {zh} / {en}" for c, zh, en in zip(bad["column"], bad.message_zh, bad.message_en)),
                chk.problems,
            )
        if not len(chk.valid):
            # every respondent refused (weights all 0, every row's window unknown …): no survey, and made current it
            # would stand for the year (or, with --replace, put a good delivery aside) with nobody in it
            n = len(chk.responses)
            err = chk.problems.assign(_key=chk._keys().to_numpy())   # a sheet a month: 1月!5 and 2月!5 are two rows
            err = err[err["severity"].eq("error").to_numpy(dtype=bool)]
            by = err.groupby("code")["_key"].nunique().sort_values(ascending=False)
            why = ", ".join(f"{c} {k}" for c, k in by.items())
            raise ImportRefused(
                f"没有一位受访者通过检查，未导入任何数据：{n} 位受访者全部被拒（{why}）；请改正后重新交付 / "
                f"no respondent passed the checks, nothing imported: all {n} respondents were refused ({why}); "
                "correct them and deliver again",
                chk.problems,
            )
        others = _same_instrument_year(manifest, survey, ins.id, year) if entry is None else []
        if others:
            # the evaluation reads one survey per instrument and year: a second id would be silently ignored
            o = others[0]
            cmd = f"windoweval survey import {shlex.quote(src.name)} --instrument {ins.id} --year {year} --survey {o} --replace"
            raise SurveyExists(
                f"问卷 {ins.id} 的 {year} 年调查已在数据仓中，编号为 {o}；同一问卷、同一年度只能有一个调查编号"
                f"（否则年度评价只会读取其中一个），因此没有以新编号 {survey} 导入。如要以本文件替换，请运行："
                f"{cmd}（原交付保留） / "
                f"the {year} survey of instrument {ins.id} is already in the store as {o}; an instrument and year "
                f"take one survey id (the year's evaluation would read only one of them), so nothing was imported "
                f"as {survey}. To make this file the survey's delivery, run: {cmd} (the earlier delivery is kept)",
                o,
            )

        from ..records.raw import private_dir, private_file, raw_name
        raw_rel = f"raw/{raw_name(sha, src)}"    # its suffix only when it is a file type (not bytes that are not UTF-8)
        dir_rel = f"imports/{survey}/{sha}"
        stage = root / f".tmp-{uuid.uuid4().hex}"
        moved: list[Path] = []
        try:
            private_dir(stage)   # (the store's root made 0700 by _locked; this folder its owner's from the start)
            # the delivery as sent (names, phones): its owner's alone, as _raw/'s, from its first byte (made 0600 empty,
            # then filled: copyfile keeps the mode of a file it writes into)
            shutil.copyfile(src, private_file(stage / "raw", create=True))
            if _sha256(stage / "raw") != sha:
                raise OSError("文件在导入过程中被修改 / the file changed while it was being imported")
            imp = private_dir(stage / "import")
            valid = chk.valid
            scr = chk.screening
            if scr is not None:
                flags = scr[["row", "n_screens", "flagged", "screens_fired"]]
                valid = valid.merge(flags, on="row", how="left")
            else:
                valid = valid.assign(n_screens=0, flagged=False, screens_fired="")
            # a sheet a month: the sheet and its own row stored, never the check's row key (exports20)
            _write_parquet(rows_as_shown(valid, chk.delivery), imp / "responses.parquet")
            rejects = _rejects(chk)
            alone = chk.refused_answers   # answers refused alone: the respondent kept, the answer counted here
            # files a clerk opens in a spreadsheet: personal data masked, no cell a formula
            _private_csv(people_frame(rejects), imp / "rejects.csv")
            _private_csv(people_frame(alone), imp / ANSWERS_REFUSED)
            vals = chk.refused_values   # optional values refused alone: the value blank, the respondent kept
            _private_csv(people_frame(vals), imp / VALUES_REFUSED)
            _private_csv(people_frame(personal_values_masked(Problems.conform(chk.problems))), imp / "problems.csv")
            now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
            rec = {
                "sha256": sha,
                "file_name": readable(src.name),   # a name that is not UTF-8: text (GB18030 or U+FFFD), never a crash
                "format": chk.delivery.format,
                "encoding": chk.delivery.encoding,
                "instrument": ins.id,
                "instrument_version": ins.version,
                "instrument_file": f"{dir_rel}/instrument.yaml",
                "instrument_sha256": hashlib.sha256((ins.text or "").encode("utf-8")).hexdigest(),
                "year": year,
                "n_rows": int(len(chk.responses) + len(chk.delivery.raw_records)),
                "n_valid": int(len(valid)),
                "n_rejected": int(len(rejects)),
                "n_dropped": int(len(chk.dropped_rows)),   # exact repeats of an earlier row (problems.csv names them)
                "n_answers_refused": int(len(alone)),      # answers off the scale refused alone (answers_refused.csv)
                "n_answers_refused_respondents": respondents_in(alone),
                "n_values_refused": int(len(vals)),         # optional values refused alone (values_refused.csv)
                "n_values_refused_respondents": respondents_in(vals),
                "n_flagged": int(valid["flagged"].fillna(False).sum()),
                "n_warnings": int((chk.problems["severity"] == "warning").sum()),
                "imported_at": now,
                "raw": raw_rel,
                "dir": dir_rel,
                "replaces": entry["current"] if entry else None,
                "weights_note": weights_note(valid),   # said at this import, kept here, not on every estimate
            }
            with open(private_file(imp / "meta.json", create=True), "w", encoding="utf-8") as fh:
                json.dump(rec, fh, ensure_ascii=False, indent=1)
            # the instrument this delivery was read with, byte for byte: estimating from the store needs nothing more
            private_file(imp / "instrument.yaml", create=True).write_text(ins.text or yaml.safe_dump({}, allow_unicode=True), encoding="utf-8")
            for f in (imp / "responses.parquet", imp / "rejects.csv", imp / ANSWERS_REFUSED, imp / VALUES_REFUSED,
                      imp / "problems.csv",
                      imp / "meta.json", imp / "instrument.yaml", stage / "raw"):
                with open(f, "rb") as fh:
                    os.fsync(fh.fileno())

            _step("survey_staged")
            private_dir(root / "raw")
            if not (root / raw_rel).exists():
                os.replace(stage / "raw", root / raw_rel)
                moved.append(root / raw_rel)
            _step("survey_raw_moved")
            final = root / dir_rel
            private_dir(root / "imports")
            private_dir(final.parent)
            if final.exists():  # unreferenced leftover of an earlier killed import
                shutil.rmtree(final)
            os.replace(imp, final)
            moved.append(final)
            _fsync_dir(final.parent)
            _step("survey_dir_moved")

            new = json.loads(json.dumps(manifest))
            s = new["surveys"].setdefault(survey, {"instrument": ins.id, "year": year, "current": None, "deliveries": []})
            s["deliveries"].append(rec)
            s["current"] = sha
            _commit_manifest(root, new)
        except BaseException:
            for p in reversed(moved):
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
            raise
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    status = "replaced" if entry else "imported"
    return pd.DataFrame([dict(rec, survey=survey, status=status, current=True)]).reindex(columns=_RECORD_COLUMNS)


def list_deliveries(survey: str | None = None, *, store_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every delivery imported, current or not.

    列出已导入的全部交付（含被替换的）。

    Parameters
    ----------
    survey : str, optional
        Only this survey.
    store_dir : path, optional

    Returns
    -------
    pandas.DataFrame
        Columns as :func:`import_delivery` returns, ``status`` being ``current`` or ``kept``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     print(len(list_deliveries(store_dir=d)))
    0
    """
    manifest = _read_manifest(store_root(store_dir))
    rows = []
    for sid, s in sorted(manifest["surveys"].items()):
        if survey and sid != survey:
            continue
        for rec in s["deliveries"]:
            cur = rec["sha256"] == s["current"]
            rows.append(dict(rec, survey=sid, current=cur, status="current" if cur else "kept"))
    return pd.DataFrame(rows).reindex(columns=_RECORD_COLUMNS)


def list_surveys(*, store_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The surveys in the store and their current delivery.

    列出数据仓中的调查及其当前交付。

    Returns
    -------
    pandas.DataFrame
        Columns ``survey``, ``instrument``, ``year``, ``current`` (sha256), ``file_name``,
        ``n_valid``, ``n_rejected``, ``n_answers_refused`` and ``n_values_refused`` (answers and optional values
        refused alone, their respondents kept; None for a delivery imported before they were counted),
        ``n_flagged``, ``n_deliveries``, ``imported_at``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     list_surveys(store_dir=d).columns.tolist()
    ['survey', 'instrument', 'year', 'current', 'file_name', 'n_valid', 'n_rejected', 'n_answers_refused', 'n_values_refused', 'n_flagged', 'n_deliveries', 'imported_at']
    """
    cols = ["survey", "instrument", "year", "current", "file_name", "n_valid", "n_rejected", "n_answers_refused",
            "n_values_refused", "n_flagged", "n_deliveries", "imported_at"]
    manifest = _read_manifest(store_root(store_dir))
    rows = []
    for sid, s in sorted(manifest["surveys"].items()):
        cur = next(r for r in s["deliveries"] if r["sha256"] == s["current"])
        rows.append({"survey": sid, "instrument": s["instrument"], "year": s["year"], "current": s["current"],
                     "file_name": cur["file_name"], "n_valid": cur["n_valid"], "n_rejected": cur["n_rejected"],
                     # refused alone (the respondent kept): not counted by a store imported before they were
                     "n_answers_refused": cur.get("n_answers_refused"), "n_values_refused": cur.get("n_values_refused"),
                     "n_flagged": cur["n_flagged"], "n_deliveries": len(s["deliveries"]),
                     "imported_at": cur["imported_at"]})
    return pd.DataFrame(rows, columns=cols)


def remove_survey(survey: str, *, store_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Remove a survey id from the store, with its deliveries, as one commit.

    从数据仓删去一个调查编号及其全部交付（一次提交）。For a survey imported under a wrong id, or the
    second id of an instrument and year that a store filled before :class:`SurveyExists` holds: the
    year's evaluation reads one survey per instrument and year. The manifest is replaced atomically
    first, so a removal killed half-way leaves either the survey or nothing of it for readers; its
    files are then cleared as an interrupted import's are. The delivery files themselves (wherever
    the survey firm's file was imported from) are not touched.

    Parameters
    ----------
    survey : str
        The survey id (``list_surveys()["survey"]``).
    store_dir : path, optional

    Returns
    -------
    pandas.DataFrame
        The deliveries removed, as :func:`list_deliveries` gives them.

    Raises
    ------
    InputError
        No survey of that id in the store (exit 3); the message names the ids there.

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=4, seed=3)
    >>> with demo.delivery_file(df, "a.csv") as p:
    ...     _ = import_delivery(p, "power_hall", 2025, survey="hall_typo", store_dir=p.parent)
    ...     gone = remove_survey("hall_typo", store_dir=p.parent)
    ...     left = list_surveys(store_dir=p.parent)
    ...     again = import_delivery(p, "power_hall", 2025, store_dir=p.parent)
    >>> gone["survey"].tolist(), len(left), again.loc[0, "survey"]
    (['hall_typo'], 0, 'power_hall_2025')
    """
    root = store_root(store_dir)
    with _locked(root):
        manifest = _read_manifest(root)
        if survey not in manifest["surveys"]:
            known = ", ".join(sorted(manifest["surveys"])) or "无 none"
            raise InputError(f"数据仓 {root} 中没有调查编号 {survey}（已有：{known}），未删除任何内容 / "
                             f"no survey id {survey} in the store {root} (there: {known}); nothing removed")
        removed = list_deliveries(survey, store_dir=store_dir)
        new = json.loads(json.dumps(manifest))
        del new["surveys"][survey]
        _commit_manifest(root, new)
        _collect_garbage(root, new)
        folder = root / "imports" / survey
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return removed


def _another_part(src: Path, ins, year: int, survey: str, store_dir, current: str = "") -> tuple[str, str]:
    """A file sharing no respondent with the current delivery is likely another part of it, and one whose interviews
    all fall in another period (after or before every interview of the current one) another wave: say so ("" if not).

    A delivery split over several files (one quarter in two, a first and a second wave of the year's fieldwork) is
    one delivery: ``--replace`` with one part alone would leave only that part's respondents in the year's figures.
    A second wave numbering its respondents from 000001 again shares ids with the first though they are other
    interviews (other days): the ids must be unique across the year's one delivery.
    """
    part = _parts(src, ins, year, survey, store_dir)
    if part is None:
        return "", ""
    old, new, shared, wave, redone = part
    if wave is None and _another_round(part):
        # the periods meet (a second round in the year's last months beside a first over the whole year), but the
        # ids both hold are other interviews: another day and other answers each (survey46)
        return (f"。本文件与现有交付（{len(old)} 位受访者）有 {shared} 个相同的受访者编号，其中 {redone} 个的访问日期与答案都不同："
                f"是另一轮访问，不是改正交付。请把各轮合并成一个文件、编号在全年唯一（如第二轮写作 W2-000001），再用 --replace "
                f"导入合并后的文件；只用本文件 --replace 会让年度数字只剩这 {len(new)} 位受访者"
                + (f"；若本文件确是同一批访问的改正交付，请用 --replaces {current[:12]} 导入" if current else ""),
                f". This file shares {shared} respondent ids with the current delivery ({len(old)} respondents), "
                f"{redone} of them on another day with other answers: another round of interviews, not a corrected "
                "delivery. Join the rounds into one file with ids unique across the year (the second round's as "
                f"W2-000001) and import that with --replace; --replace with this file alone would leave only its "
                f"{len(new)} respondents in the year's figures"
                + (f"; if this file really corrects the same interviews, import it with --replaces {current[:12]}"
                   if current else ""))
    if wave is not None:
        (o0, o1), (n0, n1) = wave
        same_zh = (f"；两份中有 {shared} 个相同的受访者编号，但访问日期不同，是不同的访问：合并时请让编号在全年唯一"
                   f"（如第二轮写作 W2-000001）") if shared else ""
        same_en = (f"; {shared} respondent ids are in both, on other days: other interviews, so make the ids unique "
                   "across the year when joining (the second wave's as W2-000001)") if shared else ""
        return (f"。本文件的访问日期（{n0}–{n1}）都在现有交付（{o0}–{o1}，{len(old)} 位受访者）之外，看来是同一年度的另一轮"
                f"（另一期）访问{same_zh}。请把各轮合并成一个文件（一行表头），再用 --replace 导入合并后的文件；只用本文件 "
                f"--replace 会让年度数字只剩这 {len(new)} 位受访者（{n0}–{n1}）"
                + (f"；若本文件是同一批访问的改正交付（现有交付的访问日期有误），请用 --replaces {current[:12]} 导入" if current else ""),
                f". This file's interviews ({n0} to {n1}) all fall outside the current delivery's ({o0} to {o1}, "
                f"{len(old)} respondents): it looks like another wave of the same year{same_en}. Join the waves into one "
                f"file (one header row) and import that with --replace; --replace with this file alone would leave only "
                f"its {len(new)} respondents ({n0} to {n1}) in the year's figures"
                + (f"; if this file is a corrected delivery of the same interviews (the current one's interview dates "
                   f"were wrong), import it with --replaces {current[:12]}" if current else ""))
    if shared:
        ids_o = set(old["respondent_id"].astype(str))
        ids_n = list(dict.fromkeys(new["respondent_id"].astype(str)))
        fresh = [i for i in ids_n if i not in ids_o]
        if len(fresh) <= shared:
            return "", ""
        # most of the file's respondents are new, a few already in the current delivery (a firm's first and second
        # half, or one file a hall, repeating a respondent in both): another part, not a correction (firm49)
        both = [i for i in ids_n if i in ids_o]
        shown = "、".join(both[:5]) + ("…" if len(both) > 5 else "")
        shown_en = ", ".join(both[:5]) + ("..." if len(both) > 5 else "")
        return (f"。本文件 {len(new)} 位受访者中有 {len(fresh)} 位不在现有交付（{len(old)} 位）中，只有 {shared} 位（{shown}）两份都有："
                f"看来是同一交付的另一部分（如上半年与下半年、每个营业厅一个文件），而不是改正交付。请把各部分合并成一个文件（一行表头），"
                f"两份都有的受访者只保留一行，再用 --replace 导入合并后的文件；只用本文件 --replace 会让年度数字只剩这 {len(new)} 位受访者"
                + (f"；若本文件确是现有交付的改正交付，请用 --replaces {current[:12]} 导入" if current else ""),
                f". {len(fresh)} of this file's {len(new)} respondents are not in the current delivery ({len(old)}), "
                f"and {shared} ({shown_en}) {'is' if shared == 1 else 'are'} in both: it looks like another part of the same delivery (a first and a "
                "second half of the year, or a file a hall), not a corrected delivery. Join the parts into one file (one "
                "header row), each respondent in both kept once, and import that with --replace; --replace with this "
                f"file alone would leave only its {len(new)} respondents in the year's figures"
                + (f"; if this file really corrects the current delivery, import it with --replaces {current[:12]}"
                   if current else ""))
    return (f"。本文件的 {len(new)} 位受访者都不在现有交付（{len(old)} 位）中，看来是同一交付的另一部分：请把各部分合并成一个文件"
            f"（一行表头），再用 --replace 导入合并后的文件；只用本文件 --replace 会让年度数字只剩这 {len(new)} 位受访者",
            f". None of this file's {len(new)} respondents is in the current delivery ({len(old)}): it looks like another "
            "part of the same delivery. Join the parts into one file (one header row) and import that with --replace; "
            f"--replace with this file alone would leave only its {len(new)} respondents in the year's figures")


def _another_round(part) -> bool:
    """Whether most of the ids a file shares with the current delivery are other interviews (another day and other
    answers each): a second round numbered from 000001 again, not a correction of the same interviews."""
    return part is not None and part[2] > 0 and 2 * part[4] > part[2]


def _parts(src: Path, ins, year: int, survey: str, store_dir):
    """(the current delivery's respondents, the file's, how many ids both hold, ((first, last) interview date of the
    current, of the file) when the two periods do not meet, else None, how many of the ids both hold have another
    interview date and other answers in the file); None when either cannot be read."""
    try:
        old = load_responses(survey, store_dir=store_dir)
        new = parse_delivery(src, ins, year=year, screen=False).valid
    except Exception:  # noqa: BLE001 - only a hint; the refusal stands without it
        return None
    if not len(new) or not len(old):
        return None
    shared = len(set(old["respondent_id"].astype(str)) & set(new["respondent_id"].astype(str)))
    od, nd = (pd.to_datetime(f["interview_date"], errors="coerce").dropna() for f in (old, new))
    wave = None
    if len(od) and len(nd) and (nd.min() > od.max() or nd.max() < od.min()):
        wave = ((od.min().date().isoformat(), od.max().date().isoformat()),
                (nd.min().date().isoformat(), nd.max().date().isoformat()))
    redone = 0
    if shared:
        cols = [c for c in ins.coded_columns if c in old and c in new]
        o = old.assign(respondent_id=old["respondent_id"].astype(str)).drop_duplicates("respondent_id")
        n = new.assign(respondent_id=new["respondent_id"].astype(str)).drop_duplicates("respondent_id")
        both = o.merge(n, on="respondent_id", suffixes=("_o", "_n"))
        day = (pd.to_datetime(both["interview_date_o"], errors="coerce")
               != pd.to_datetime(both["interview_date_n"], errors="coerce"))
        if cols:
            a = both[[f"{c}_o" for c in cols]].to_numpy(dtype=float)
            b = both[[f"{c}_n" for c in cols]].to_numpy(dtype=float)
            other = ~((a == b) | (np.isnan(a) & np.isnan(b))).all(axis=1)
            redone = int((day.to_numpy(dtype=bool) & other).sum())
    return old, new, shared, wave, redone


def _record(survey: str, sha256: str | None, store_dir) -> tuple[Path, dict]:
    root = store_root(store_dir)
    manifest = _read_manifest(root)
    _remode_on_open(root)
    if survey not in manifest["surveys"]:
        known = ", ".join(sorted(manifest["surveys"])) or "无 none"
        raise KeyError(f"数据仓中没有调查 '{survey}'（已有：{known}）/ no survey '{survey}' in the store (have: {known})")
    s = manifest["surveys"][survey]
    sha = sha256 or s["current"]
    for rec in s["deliveries"]:
        if rec["sha256"].startswith(sha):
            return root, rec
    raise KeyError(f"调查 {survey} 没有交付 {sha} / survey {survey} has no delivery {sha}")


def weights_note_kept(survey: str, *, store_dir: str | os.PathLike | None = None) -> bool:
    """Whether the store's current delivery of ``survey`` keeps its weights note (``weights_note`` in its record,
    None where no note was due): true for every delivery imported since session 42, which said it at import; false
    for one imported before, whose estimates must still say it (their import never did).

    Examples
    --------
    >>> import tempfile
    >>> weights_note_kept("power_hall_2025", store_dir=tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    KeyError: "数据仓中没有调查 'power_hall_2025'（已有：无 none）/ no survey 'power_hall_2025' in the store (have: 无 none)"
    """
    return "weights_note" in _record(survey, None, store_dir)[1]


def load_survey_instrument(survey: str, *, sha256: str | None = None,
                           store_dir: str | os.PathLike | None = None) -> Instrument:
    """The instrument a survey's current (or a given) delivery was imported with.

    读取某调查导入时所用问卷的副本（数据仓中保存）；无需原问卷文件即可估计。

    Parameters
    ----------
    survey : str
    sha256 : str, optional
    store_dir : path, optional

    Returns
    -------
    Instrument

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=5, seed=4)
    >>> with demo.delivery_file(df, "a.csv") as p:
    ...     _ = import_delivery(p, "power_hall", 2025, store_dir=p.parent)
    ...     ins = load_survey_instrument("power_hall_2025", store_dir=p.parent)
    >>> ins.id, ins.path.name
    ('power_hall', 'instrument.yaml')
    """
    root, rec = _record(survey, sha256, store_dir)
    f = root / rec.get("instrument_file", f"{rec['dir']}/instrument.yaml")
    if not f.exists():  # a delivery imported before copies were kept
        return load_instrument(rec["instrument"])
    # the copy as it was accepted at import: a rule on instruments added since notes it, never makes the stored
    # survey unreadable (nor asks anyone to edit the store's own file)
    return load_instrument(f, stored=True)


def load_responses(survey: str, *, sha256: str | None = None, store_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The valid rows of a survey's current (or a given) delivery.

    读取某调查当前交付（或指定交付）的有效行。

    Parameters
    ----------
    survey : str
        E.g. ``"power_hall_2025"``.
    sha256 : str, optional
        A delivery's hash (or its prefix); default the current delivery.
    store_dir : path, optional

    Returns
    -------
    pandas.DataFrame
        Columns ``row``, ``respondent_id``, ``window_id``, ``interview_date``, ``stratum``,
        ``psu``, ``weight``, the coded columns, ``customer_type``, ``duration_s``,
        ``comment``, ``n_screens``, ``flagged``, ``screens_fired``.  A workbook delivered one sheet a month:
        ``sheet`` first, ``row`` the sheet's own row (row 6 of 1月 and of 2月 are two respondents).

    Examples
    --------
    With :func:`load_rejects`, on a delivery without refused rows:

    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2024, ["PW01", "PW02"], n_per_window=10)
    >>> with demo.delivery_file(df, "a.csv") as p:
    ...     _ = import_delivery(p, "power_hall", 2024, store_dir=p.parent)
    ...     r = load_responses("power_hall_2024", store_dir=p.parent)
    ...     rej = load_rejects("power_hall_2024", store_dir=p.parent)
    >>> len(r), r["respondent_id"].iloc[0], len(rej)
    (20, '000001', 0)
    """
    from ..records.store import check_store_files

    root, rec = _record(survey, sha256, store_dir)
    f = root / rec["dir"] / "responses.parquet"
    # its footer checked as every reader of a store checks it (a file that lies about its size or rows)
    check_store_files(survey, [f], again=("用 survey import 重新导入该交付", "import the delivery again (survey import)"))
    return pd.read_parquet(f)


def load_rejects(survey: str, *, sha256: str | None = None, store_dir: str | os.PathLike | None = None,
                 answers: bool = False, values: bool = False) -> pd.DataFrame:
    """The refused rows of a survey's current (or a given) delivery; with ``answers=True`` the answers refused alone.

    读取被拒行及其原因；``answers=True`` 时读取单独被拒的答案（受访者保留，该题按缺失处理）。

    Parameters
    ----------
    survey : str
    sha256 : str, optional
    store_dir : path, optional
    answers : bool
        The answers refused alone (an answer off the question's scale: 6 on a 1-5 scale, 98, inf), whose
        respondents were kept, instead of the rows refused whole.
    values : bool
        The values of optional columns refused alone (an unknown customer type, a duration 三分钟), taken as blank
        for respondents who were kept, in the columns of ``answers=True`` (a delivery imported before they were
        kept apart: read from its ``problems.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns ``row``, ``codes``, ``reasons_zh``, ``reasons_en``, the delivered columns
        as text, ``raw_record`` (the fields of a row that could not be split into columns).  As written for
        people: phone numbers, ID numbers and names masked, a text a spreadsheet would read as a formula
        prefixed with ``'`` (:func:`windoweval.cells.people_frame`).  With ``answers=True``: ``row``, ``line``,
        ``record_id``, ``column``, ``value`` (as written), ``code``, ``reason_zh``, ``reason_en``, one row per
        answer (a delivery imported before they were kept apart: read from its ``problems.csv``, the values as
        the checks read them).

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=6, seed=3)
    >>> df.loc[1, ["overall", "env1"]] = 7   # off the 1-5 scale on two items (9 would be "don't know", a valid code)
    >>> with demo.delivery_file(df, "a.csv") as p:
    ...     _ = import_delivery(p, "power_hall", 2025, store_dir=p.parent)
    ...     rej = load_rejects("power_hall_2025", store_dir=p.parent)
    >>> rej[["row", "codes"]].to_dict("records")
    [{'row': 3, 'codes': 'out_of_range'}]

    See also :func:`load_responses` (no refused rows) and :func:`import_delivery`.
    """
    root, rec = _record(survey, sha256, store_dir)
    if answers or values:
        f = root / rec["dir"] / (ANSWERS_REFUSED if answers else VALUES_REFUSED)
        if f.exists():
            got = pd.read_csv(f, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        else:   # imported before they were kept apart: the warnings problems.csv holds for them
            from .delivery import ANSWER_REFUSED_CODES, OPTIONAL_FIXES

            p = pd.read_csv(root / rec["dir"] / "problems.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
            rejected = set(load_rejects(survey, sha256=sha256, store_dir=store_dir)["row"].astype(str))
            # an exact repeat dropped (problems.csv names it duplicate_row) went with its row, as a refused one did:
            # its answers are the kept copy's, never counted twice (CheckedDelivery.refused_answers; review rev18)
            rejected |= set(p.loc[p["code"].eq("duplicate_row") & p["row"].ne(""), "row"])
            if answers:
                items = set(load_survey_instrument(survey, sha256=sha256, store_dir=store_dir).coded_columns)
                which = p["code"].isin(list(ANSWER_REFUSED_CODES)) & p["column"].isin(items)
            else:
                which = p["column"].isin(list(OPTIONAL_FIXES))
            p = p[p["severity"].eq("warning") & which & p["row"].ne("") & ~p["row"].isin(rejected)]
            got = p.rename(columns={"problem_zh": "reason_zh", "problem_en": "reason_en"})
        # a workbook delivered one sheet a month: its sheet beside each row (row 6 of 1月 and of 2月 are two) (rev19x)
        got = got.reindex(columns=(["sheet"] if "sheet" in got.columns else []) + _ANSWER_COLUMNS).fillna("")
        return got.assign(row=got["row"].astype(int))
    return pd.read_csv(root / rec["dir"] / "rejects.csv", dtype=str, keep_default_na=False,
                       encoding="utf-8-sig").assign(row=lambda t: t["row"].astype(int))


def verify_store(*, store_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Check that every raw delivery still has the hash it is named by and every import is complete.

    校验数据仓：原始文件的哈希与文件名一致，导入目录完整。

    Returns
    -------
    pandas.DataFrame
        Columns ``survey``, ``sha256``, ``ok``, ``problem``; one row per delivery.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     print(len(verify_store(store_dir=d)))
    0
    """
    root = store_root(store_dir)
    manifest = _read_manifest(root)
    rows = []
    for sid, s in sorted(manifest["surveys"].items()):
        for rec in s["deliveries"]:
            problem = ""
            raw = root / rec["raw"]
            if not raw.exists():
                problem = "原始文件缺失 / raw file missing"
            elif _sha256(raw) != rec["sha256"]:
                problem = "原始文件已被改动（哈希不符）/ raw file altered (hash mismatch)"
            else:
                for f in ("responses.parquet", "rejects.csv", "problems.csv", "meta.json"):
                    if not (root / rec["dir"] / f).exists():
                        problem = f"缺少 missing {f}"
            rows.append({"survey": sid, "sha256": rec["sha256"], "ok": problem == "", "problem": problem})
    return pd.DataFrame(rows, columns=["survey", "sha256", "ok", "problem"])
