"""What a report is made of: its notebooks, their sheets, the kernel, and the build's one refusal."""
from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

from .. import i18n, paths
from ..errors import BuildFailed


#: The notebooks of the report, in the order they run and are listed.
NOTEBOOKS = ["annual_evaluation", "satisfaction_survey", "complaint_callbacks", "promise_fulfilment", "explore"]
#: Short names for the workbook's sheets.
SHEET_PREFIX = {"annual_evaluation": "annual", "satisfaction_survey": "survey", "complaint_callbacks": "complaints",
                "promise_fulfilment": "promises", "explore": "explore"}
KERNEL_NAME = "windoweval"
TEMPLATES_DIR = paths.PACKAGE_DIR / "templates"
DEFAULTS = {"instrument": "power_hall", "language": "zh+en"}
#: Notebooks run at once by default: one kernel.  A kernel costs ~1.7 s of one core before it presents anything (its
#: start, then :data:`windoweval.report.run.WARM_UP`: pandas, plotly, the package), more than the five notebooks
#: present on a report of the demo's size (~1.7 s of CPU for all five: they read the kept evaluation and draw it);
#: a second kernel started beside it took that CPU from the command computing the evaluation (the build's critical
#: path on two cores) and gave back less (benchmarks/README.md, the thirteenth round).  ``--jobs 2`` runs two where
#: the notebooks present much more (thousands of windows, several standards' long tables).
JOBS = 1
#: The kernel's own log says only errors (not its TCP transport warning) on the build's console.
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]

log = logging.getLogger("windoweval.report")


class BuildError(BuildFailed):
    """The build failed; the previous report is untouched. ``notebook`` and ``cell`` say where, when a notebook failed.

    Examples
    --------
    >>> e = BuildError("笔记本运行失败 / a notebook failed", notebook="annual_evaluation", cell=7)
    >>> e.exit_code, e.notebook, e.cell, isinstance(e, BuildFailed)
    (4, 'annual_evaluation', 7, True)
    """

    def __init__(self, message: str, notebook: str | None = None, cell: int | None = None):
        super().__init__(message)
        self.notebook, self.cell = notebook, cell


# ---------------------------------------------------------------- kernel
def ensure_kernel(name: str = KERNEL_NAME) -> str:
    """A Jupyter kernel ``name`` that runs this interpreter, installed into ``sys.prefix`` when missing or stale.

    A fresh virtual environment has none; ``python -m ipykernel install
    --sys-prefix --name windoweval`` does the same by hand.

    Examples
    --------
    >>> from jupyter_client.kernelspec import KernelSpecManager
    >>> name = ensure_kernel()
    >>> name, KernelSpecManager().get_kernel_spec(name).argv[0] == sys.executable
    ('windoweval', True)
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    def current() -> bool:
        try:
            spec = KernelSpecManager().get_kernel_spec(name)
        except NoSuchKernel:
            return False
        return bool(spec.argv) and os.path.abspath(spec.argv[0]) == os.path.abspath(sys.executable)

    if current():
        return name
    from ipykernel.kernelspec import install

    where = install(kernel_name=name, display_name="Python (windoweval)", prefix=sys.prefix)
    log.info("kernel %s installed: %s", name, where)
    if not current():
        spec = KernelSpecManager().get_kernel_spec(name)
        raise BuildError(f"内核 {name} 指向另一个解释器 {spec.argv[0]} ({spec.resource_dir}),请删除它 / "
                         f"a kernel named {name} at {spec.resource_dir} runs {spec.argv[0]}, not {sys.executable}; "
                         f"remove it (jupyter kernelspec remove {name})")
    return name


# ---------------------------------------------------------------- parameters
def _languages(language: str) -> tuple[str, ...]:
    from ..present import languages
    return languages(language)


def _instrument(given: str | None) -> str | None:
    """An organisation's own instrument given by a relative path (``orgs/my.yaml``), made absolute as ``data`` is:
    the notebooks run in the build folder, where the relative path names nothing, and the kept sections' key
    (:func:`windoweval.sections.parameters_key`, the digest of the resolved path) must be the same there as in the
    build.  A name (``power_hall``) is kept as given.

    Examples
    --------
    >>> _instrument("power_hall")
    'power_hall'
    """
    if given is None:   # no instrument for the workspace's windows (default_instrument): the page says so
        return None
    p = Path(str(given))
    if (re.search(r"[/\\]", str(given)) or p.suffix in (".yaml", ".yml")) and p.is_file():
        return str(p.resolve())
    return given


#: The bundled instrument for each sort of window (the power-supply standard's survey, 第十二条(二), for its halls
#: and 95598 centre; the hospital window's for the hospital kinds).  A government service hall has none: none of the
#: standards its windows are evaluated by (礼仪规范, 窗口工作人员服务规范) asks for a satisfaction survey.
INSTRUMENT_OF_KIND = {"power_hall": "power_hall", "call_centre": "power_hall", "hospital_": "hospital_window"}


def default_instrument(data=None) -> str | None:
    """The survey instrument a report uses when none is given, picked from the workspace's window kinds: the
    power-supply hall's (:data:`DEFAULTS`) where a power-supply window is, else the hospital window's where a hospital
    window is (``hospital_*`` kinds: probe32, a hospital's report asked for a power-hall survey), else None: no bundled
    instrument is for its windows (a government service hall's workspace was asked for a power-hall survey; its page
    now says that no instrument is given and how to give the organisation's own, ``--instrument FILE.yaml``).

    Examples
    --------
    >>> default_instrument()      # the demo organisation: halls and a hospital
    'power_hall'
    """
    from ..records.workspace import WorkspaceError, load_workspace

    try:
        kinds = set(load_workspace(data).windows["kind"].astype(str))
    except (WorkspaceError, OSError):   # refused where the records are read, with its own message
        return DEFAULTS["instrument"]
    if not kinds:
        return DEFAULTS["instrument"]
    found = {ins for k in kinds for prefix, ins in INSTRUMENT_OF_KIND.items()
             if k == prefix or (prefix.endswith("_") and k.startswith(prefix))}
    for ins in (DEFAULTS["instrument"], "hospital_window"):
        if ins in found:
            return ins
    return None


def parameters(year: int, data=None, *, language: str = "zh+en", baseline_year: int | None = None,
               instrument: str | None = None, windows=None, scheduler: str | None = None,
               extra: dict | None = None) -> dict:
    """The notebooks' parameters: ``year``, ``data`` (absolute), ``instrument``, ``baseline_year``, ``windows``,
    ``language``, ``scheduler`` (a Dask scheduler for the scoring, None for pandas), plus ``extra``.

    Examples
    --------
    >>> p = parameters(2025, scheduler="tcp://10.0.0.5:8786")
    >>> p["baseline_year"], p["scheduler"]
    (2024, 'tcp://10.0.0.5:8786')
    """
    p = {"year": int(year), "data": str(Path(data).resolve()) if data else None,
         "instrument": _instrument(instrument or default_instrument(data)),
         "baseline_year": int(baseline_year) if baseline_year else int(year) - 1,
         "windows": windows, "language": "+".join(_languages(language or DEFAULTS["language"])),
         "scheduler": scheduler or None}
    p.update(extra or {})
    return p


# ---------------------------------------------------------------- reading the executed notebooks
