"""windoweval: evaluate public service windows against their written service standards.

窗口服务标准评价:按书面服务标准评价供电营业厅、医院挂号收费、药房、检验及政务大厅等窗口。

The public API, one import away in JupyterLab::

    import windoweval as we
    card = we.score("power_window", year=2025)     # .results, .windows, .drilldown(measure); shows a summary
    we.explain(card, "power_window.10.2.5")        # the records that missed, with deadline, elapsed time, clause
    we.coverage()                                  # clauses per standard and how they are assessed
    we.import_records("work_orders", "工单.csv", "data/store")   # a delivery into the Parquet store

These functions are the package's entry points: called without ``data`` they
read the demo organisation, generated on first use (:mod:`windoweval.datadir`);
the modules behind them never generate it.
"""
from ._version import __version__

#: The public names, imported on first use (PEP 562: :func:`__getattr__`): ``import windoweval`` alone imports
#: neither pandas nor pyarrow, so that the ``windoweval`` program (:mod:`windoweval.program`) can choose Arrow's
#: memory pool in the environment before pyarrow loads.  The first public name asked for imports them all
#: (:func:`_load`), as ``import windoweval`` did before.
_LAZY = frozenset({
    "CalendarError", "WorkCalendar", "StandardsError", "coverage", "load_catalog", "measures_frame",
    "assess_cases", "breakdown", "callback_rate", "complaint_summary", "open_cases", "read_complaints",
    "repeat_complainants", "satisfaction", "timeliness", "entry_point", "survey_responses", "with_survey",
    "Evaluation", "NoRecords", "UnknownWindow", "evaluate", "score", "select_windows", "years_covered", "KERNELS",
    "explain", "mask_text", "fulfilment", "load_promises", "publication_table", "RecordsError", "contracts",
    "read_records", "validate", "Review", "demonstration_review", "supervision_record", "Scorecard",
    "wilson_interval", "import_records", "Workspace", "WorkspaceError", "load_workspace"})


def _load() -> None:
    """Import the public API into the package's namespace, once (the first public name asked for calls it)."""
    g = globals()
    if g.get("_loaded"):
        return
    from .calendar import CalendarError, WorkCalendar
    from .catalog import StandardsError, coverage, load_catalog, measures_frame
    from .complaints import (assess_cases, breakdown, callback_rate, complaint_summary, open_cases, read_complaints,
                             repeat_complainants, satisfaction, timeliness)
    from .datadir import entry_point, survey_responses, with_survey
    from .evaluation import Evaluation, NoRecords, UnknownWindow, evaluate, score, select_windows, years_covered
    from .kernels import KERNELS
    from .summaries import explain
    from .privacy import mask_text
    from .promises import fulfilment, load_promises, publication_table
    from .records import RecordsError, contracts, read_records, validate
    from .review import Review, demonstration_review, supervision_record
    from .scoring import Scorecard, wilson_interval
    from .records.store import import_records
    from .records.workspace import Workspace, WorkspaceError, load_workspace

    # The entry points that read records: without ``data`` they make the demo exist first (the rest pass through).
    (score, evaluate, read_records, load_workspace, read_complaints, complaint_summary, fulfilment, publication_table,
     demonstration_review, supervision_record, years_covered) = map(entry_point, (
        score, evaluate, read_records, load_workspace, read_complaints, complaint_summary, fulfilment,
        publication_table, demonstration_review, supervision_record, years_covered))
    # the review's satisfaction criterion reads the survey the survey page shows (one source: datadir.survey_source)
    demonstration_review = with_survey(demonstration_review)
    names = locals()
    g.update({n: names[n] for n in _LAZY})
    g["_loaded"] = True


def __getattr__(name: str):
    """A public name on first use: the API imported (:func:`_load`), then the name as ever.  A submodule's name
    imports the submodule, and the API only when none of the package's modules is being imported, so that a
    submodule's own imports (``from windoweval import x``) never set off the whole API's import midway.

    Examples
    --------
    >>> import windoweval as we
    >>> we.score.__name__, we.KERNELS is __import__("windoweval.kernels").kernels.KERNELS
    ('score', True)
    >>> we.complaints.__name__, we.records.store.__name__
    ('windoweval.complaints', 'windoweval.records.store')
    """
    if name in _LAZY:
        _load()
        return globals()[name]
    if not name.startswith("_") and not _importing() and _submodule(name):
        # ``we.privacy`` after ``import windoweval as we``: the API loaded binds the submodules it imports
        # (``we.records.store``) as the eager package did; a submodule it does not import is Python's as ever
        _load()
        if name in globals():
            return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _submodule(name: str) -> bool:
    from pathlib import Path

    here = Path(__file__).parent
    return (here / f"{name}.py").is_file() or (here / name / "__init__.py").is_file()


def _importing() -> bool:
    """Whether one of the package's modules is being imported now (its code running): loading the whole API then
    could meet that module half made."""
    import sys

    return any(getattr(getattr(m, "__spec__", None), "_initializing", False)
               for k, m in list(sys.modules.items()) if k == __name__ or k.startswith(__name__ + "."))


def __dir__():
    return sorted(set(globals()) | _LAZY)


def yearbook(section: str, year: int, data=None, *, instrument: str = "power_hall", kept=None, **params):
    """One section of the year's evaluation (:mod:`windoweval.sections`): read from a report build's ``kept``
    folder when it holds it for these parameters, computed here otherwise; the survey from its one source
    (:func:`windoweval.datadir.survey_source`: the demo organisation's seeded survey, or the survey store).

    Examples
    --------
    >>> s = yearbook("complaints", 2025)
    >>> s.meta["present"], s.origin
    (True, 'computed')
    """
    from .datadir import resolve, survey_source
    from .params import notebook_values
    from .sections import section as _section

    # a notebook's parameters are data: checked (and refused with the fix) before anything is read
    checked = notebook_values(year=year, data=data, **{k: params[k] for k in ("baseline_year", "windows", "standard")
                                                       if k in params})
    year, data = checked.pop("year"), checked.pop("data")
    params.update(checked)
    if data is None:
        resolve(None)
    return _section(section, year, data, kept=kept, instrument=instrument,
                    survey=survey_source(instrument, data), **params)


__all__ = [
    "score", "Scorecard", "wilson_interval",
    "load_catalog", "coverage", "measures_frame", "StandardsError",
    "read_records", "validate", "contracts", "RecordsError", "import_records",
    "WorkCalendar", "CalendarError",
    "load_workspace", "Workspace", "WorkspaceError",
    "KERNELS",
    "read_complaints", "assess_cases", "timeliness", "callback_rate", "satisfaction", "open_cases",
    "repeat_complainants", "breakdown", "complaint_summary",
    "load_promises", "fulfilment", "publication_table",
    "demonstration_review", "Review", "supervision_record",
    "mask_text",
    "explain",
    "evaluate", "Evaluation", "yearbook", "select_windows", "survey_responses", "years_covered", "NoRecords", "UnknownWindow",
]
