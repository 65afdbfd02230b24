"""Where ``data=None`` becomes the demo organisation: once, at the edge.

示例数据只在入口处生成:命令行、``windoweval`` 的公开函数和报告笔记本。

The core modules (records, workspace, engine, complaints, review …) read
``data=None`` as the demo directory's *location* (:func:`windoweval.paths.data_dir`)
and never generate anything; the entry points call :func:`resolve` first, so
the demo records exist before the core reads them.  This module and
:mod:`windoweval.demo` are the only ones that import the generators.

Examples
--------
>>> resolve(None) == paths.DEMO_DIR
True
"""
from __future__ import annotations

import functools
import inspect
import os
from pathlib import Path

from . import paths

__all__ = ["resolve", "entry_point", "named_within", "survey_responses", "survey_source", "with_survey"]


def resolve(data: str | os.PathLike | None = None) -> Path:
    """The records directory ``data`` names; for None the demo directory, generated on first use.

    Examples
    --------
    >>> from windoweval import paths
    >>> resolve() == paths.DEMO_DIR, (resolve() / "windoweval.toml").exists()
    (True, True)
    >>> resolve("/srv/records").as_posix()
    '/srv/records'
    """
    if data is None:
        # the generators loaded only when the demo is needed (a command given --data never loads them: ~0.1 s)
        from .demo import ensure_demo

        return ensure_demo()
    return paths.data_dir(data)


def entry_point(func):
    """``func`` as a public entry point: a call without ``data`` (and without ``workspace``) gets the demo first.

    The arguments are passed on unchanged; only the demo directory is made
    to exist (:func:`resolve`).

    Examples
    --------
    >>> @entry_point
    ... def windows(data=None):
    ...     "The window ids of a workspace."
    ...     from windoweval.records.workspace import load_workspace
    ...     return load_workspace(data).windows["window_id"].tolist()
    >>> windows.__name__, windows()[:2]          # without data: the demo organisation, generated if need be
    ('windows', ['PW01', 'PW02'])
    """
    from .errors import WindowevalError

    sig = inspect.signature(func)

    @functools.wraps(func)
    def entry(*args, **kwargs):
        bound = sig.bind_partial(*args, **kwargs).arguments
        name = "data" if "data" in sig.parameters else "data_dir"  # read_records names it data_dir
        if name in sig.parameters and bound.get(name) is None and bound.get("workspace") is None:
            resolve(None)
        import contextlib

        from .privacy import roots_for

        try:   # the folders a note (a column read day first) names its files within while the call runs (msgs46b)
            roots = _roots(bound.get(name), bound.get("workspace"))
        except Exception:   # noqa: BLE001  (a data argument of the wrong type: the call itself refuses it)
            roots = ()
        try:
            with roots_for(*roots) if roots else contextlib.nullcontext():
                return func(*args, **kwargs)
        except WindowevalError as e:   # a refusal names a file as the command line names it (msgs46)
            named_within(e, bound.get(name), bound.get("workspace"))
            raise

    return entry


def _roots(data=None, workspace=None) -> tuple:
    """The folders a public call names its files relative to: the data folder (``data``; the workspace's folder; the
    demo's for None), as given and as it really is (/tmp a link), and the project's folder."""
    root = getattr(workspace, "root", None) if data is None else data
    folder = Path(paths.data_dir(root) if root is not None else paths.DEMO_DIR)
    try:
        real = folder.resolve()
    except OSError:
        real = folder
    return folder.absolute(), real, paths.ROOT


def named_within(e: Exception, data=None, workspace=None) -> Exception:
    """``e`` (a refusal) naming each file relative to the data folder (``data``; the workspace's folder; the demo's
    for None) or the project's folder, else by its name, never by the folders above it (``/home/张三/…``), as the
    command line shows it (README: a message names a file relative to the data folder, or by its name): its message,
    and a records refusal's ``file`` and the ``file`` of its problems.  Changed in place, and returned.

    Examples
    --------
    >>> from windoweval.errors import InputError
    >>> str(named_within(InputError("/home/张三/data/exports/工单.csv: 第 3 行 / row 3"), "/home/张三/data"))
    'exports/工单.csv: 第 3 行 / row 3'
    >>> str(named_within(InputError("/home/张三/other/工单.csv: 坏 / bad"), "/home/张三/data"))
    '工单.csv: 坏 / bad'
    """
    from .privacy import roots_for, shown_paths

    with roots_for(*_roots(data, workspace)):
        e.args = tuple(shown_paths(a) if isinstance(a, str) else a for a in e.args)
        if isinstance(getattr(e, "file", None), str):
            e.file = shown_paths(e.file)
        probs = getattr(e, "problems", None)
        if probs is not None and "file" in getattr(probs, "columns", ()) and len(probs):
            files = probs["file"]
            shown = {f: shown_paths(f) for f in files.dropna().unique() if isinstance(f, str)}
            if any(k != v for k, v in shown.items()):
                probs = probs.copy()
                probs["file"] = files.map(lambda f: shown.get(f, f))
                e.problems = probs
    return e


def survey_responses(year: int, instrument: str, data=None, store_dir=None):
    """The responses of the ``instrument`` survey of ``year``, and where they came from.

    From the survey store (:func:`windoweval.evaluation.survey_responses`,
    source ``"store"``); for the demo organisation (``data`` None) without
    one, the seeded demo survey of its windows
    (:func:`windoweval.demo.survey.generate_delivery`, source ``"demo"``);
    otherwise ``(None, "")``.

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()          # an organisation's records, its survey store not filled yet
    >>> survey_responses(2025, "power_hall", data=d, store_dir=d)
    (None, '')

    With ``data`` None (the demo organisation) the source is ``"demo"``: the
    seeded survey, generated in a few seconds the first time.
    """
    from .evaluation import survey_responses as stored
    from .demo.survey import generate_delivery
    from .records.workspace import load_workspace

    if instrument is None:   # no instrument for the workspace's windows (report.settings.default_instrument)
        return None, ""
    got = stored(year, instrument, data=data, store_dir=store_dir)
    if got[0] is not None or data is not None:
        return got
    if int(year) not in _demo_years():   # no demo survey for a year without records
        return None, ""
    w = load_workspace(resolve(None)).windows
    kind = w["kind"].astype(str)
    mine = w.loc[(kind == instrument).to_numpy(), "window_id"].tolist() or \
        w.loc[kind.str.startswith(instrument.split("_")[0] + "_").to_numpy(), "window_id"].tolist()
    if not mine:
        return None, ""
    return generate_delivery(instrument, int(year), sorted(mine)), "demo"


def _demo_years() -> list[int]:
    """The years the demo records cover, read once per generation of the demo directory."""
    toml = resolve(None) / "windoweval.toml"
    return _demo_years_of(str(toml.parent), toml.stat().st_mtime_ns)


@functools.lru_cache(maxsize=2)
def _demo_years_of(root: str, stamp: int) -> list[int]:
    from .evaluation import covered_years, years_covered

    return covered_years(years_covered(Path(root)))


def survey_source(instrument: str = "power_hall", data=None):
    """``source(year) -> (responses or None, source)``: the one place every page of a report takes the survey from.

    :func:`survey_responses` for ``instrument`` and ``data``, each year read once: the survey page and the
    demonstration review's satisfaction criterion get the same responses (the demo's seeded survey for the
    demo organisation, the survey store otherwise), so one report never says two things.

    Examples
    --------
    >>> source = survey_source("power_hall")          # the demo organisation: its seeded survey
    >>> responses, origin = source(2025)
    >>> len(responses), origin, source(2025)[0] is responses   # read once, the same responses every time
    (720, 'demo', True)
    """
    cache: dict[int, tuple] = {}

    def source(year: int):
        if int(year) not in cache:
            cache[int(year)] = survey_responses(int(year), instrument, data=data)
        return cache[int(year)]

    return source


def with_survey(func):
    """``func`` (e.g. :func:`windoweval.review.demonstration_review`) given :func:`survey_source` as its ``survey``
    when the caller gives none.

    Examples
    --------
    >>> @with_survey
    ... def criterion(year, data=None, survey=None):
    ...     responses, origin = survey(year)
    ...     return origin
    >>> criterion(2025)
    'demo'
    """
    @functools.wraps(func)
    def call(*args, **kwargs):
        if kwargs.get("survey") is None:
            bound = inspect.signature(func).bind_partial(*args, **kwargs).arguments
            kwargs["survey"] = survey_source(kwargs.pop("instrument", "power_hall"), bound.get("data"))
        return func(*args, **kwargs)

    return call
