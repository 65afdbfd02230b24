"""Running the report's notebooks: one kernel runs several notebooks, one after another, started (and warmed with
the package's imports) while the build computes the year's evaluation.

报告笔记本的运行:一个内核依次运行几个笔记本;内核在计算年度评价的同时启动并预先导入软件包。

A kernel costs its start and the imports of pandas, plotly and the package
(about a second); run per notebook, that was most of a report's time once
the evaluation is computed once (:mod:`windoweval.sections`).  Between two
notebooks the kernel's namespace is reset (``%reset -f``), so each notebook
still runs as if alone; the modules stay imported.

Parameters are injected as papermill does (a cell tagged
``injected-parameters`` after the cell tagged ``parameters``), without
importing papermill.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("year = 2024", metadata={"tags": ["parameters"]})])
>>> print(inject_parameters(nb, {"year": 2025, "data": None}).cells[1].source)
# Parameters
year = 2025
data = None
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

__all__ = ["inject_parameters", "Kernel", "NotebookFailed", "WARM_UP", "light_nbformat"]

#: The optional libraries of jsonschema's format checks (``jsonschema/_format.py``), left out of a presenting
#: process by :func:`light_nbformat`: no notebook schema has a ``format`` keyword.
_FORMAT_MODULES = ("rfc3987_syntax", "rfc3987", "rfc3986_validator", "rfc3339_validator", "isoduration", "fqdn", "idna",
                  "webcolors", "jsonpointer", "uri_template")


def light_nbformat() -> None:
    """Import nbformat without the format checkers' libraries its validator would import (1-2.5 s of one core
    for the IRI grammar, ~0.1 s for the rest, once per process: the command and each kernel).

    nbformat validates notebooks with jsonschema, and jsonschema, on import, tries the optional libraries of its
    format checks (:data:`_FORMAT_MODULES`): ``rfc3987_syntax`` builds a Lark grammar (a dependency of
    jupyter-events), ``isoduration`` imports ``arrow``, and ``fqdn``, ``idna``, ``webcolors``, ``jsonpointer``,
    ``uri_template``, ``rfc3339_validator``, ``rfc3986_validator`` follow.  Only the ``format`` keyword uses them,
    and no notebook schema has one.  When jsonschema is not imported yet, it is imported here with those of them
    not imported yet absent (its format checker then skips their formats, as it does wherever they are not
    installed); they are importable again afterwards.  A process that imported jsonschema already is left as it is.

    Examples
    --------
    >>> light_nbformat()
    >>> import sys
    >>> "nbformat" in sys.modules, [m for m in _FORMAT_MODULES if sys.modules.get(m, 0) is None]
    (True, [])
    """
    import sys

    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    absent = [m for m in _FORMAT_MODULES if m not in sys.modules]
    for m in absent:                 # import m -> ImportError, which jsonschema allows
        sys.modules[m] = None
    try:
        import nbformat  # noqa: F401
    finally:
        for m in absent:
            if m in sys.modules and sys.modules[m] is None:
                del sys.modules[m]

#: What a kernel imports while it waits for its first notebook: nbformat first without the IRI grammar (plotly's
#: renderers import it at the first ``present.setup``: 1-1.3 s of each kernel's CPU otherwise), then the renderers
#: and the package's public API (``import windoweval`` imports it on first use: ``_load`` imports it now).
#: Then what is imported is moved out of the garbage collector's sight (``gc.freeze``): the modules, plotly's
#: validators and the catalog live as long as the kernel, yet every full collection walked them again (the
#: ``%reset -f`` between two notebooks collects twice, ~0.2 s each, and so do the automatic ones while a notebook
#: presents); frozen, a collection walks only what the notebooks made.  Nothing is freed later than before but
#: garbage in a reference cycle made by the imports, which a kernel that runs a build's few notebooks never misses.
WARM_UP = ("from windoweval.report.run import light_nbformat; light_nbformat()\n"
           "import pandas, plotly.express, plotly.io, plotly.io._renderers\n"
           "import windoweval, windoweval.present, windoweval.sections\n"
           "windoweval._load(); windoweval.i18n.strings(); windoweval.catalog.load_catalog()\n"
           "import gc; gc.freeze()")


def inject_parameters(nb, params: dict):
    """A copy of ``nb`` with ``params`` set in a cell after its ``parameters`` cell (papermill's layout).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("year = 2024", metadata={"tags": ["parameters"]}),
    ...     nbformat.v4.new_code_cell("print(year)")])
    >>> [c.source for c in inject_parameters(nb, {"year": 2025}).cells]
    ['year = 2024', '# Parameters\\nyear = 2025', 'print(year)']
    """
    import nbformat

    nb = copy.deepcopy(nb)
    lines = ["# Parameters"] + [_assignment(k, v) for k, v in params.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": ["injected-parameters"]})
    cell.pop("id", None)
    cell["id"] = "injected-parameters"
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    at = next((i + 1 for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), 0)
    nb.cells.insert(at, cell)
    nb.metadata.setdefault("papermill", {})["parameters"] = dict(params)
    return nb


def _assignment(name, value) -> str:
    """``name = <value as a Python literal>``, the one line a parameter becomes; :class:`ValueError` when ``name`` is
    no plain name or ``value`` is no literal (its text read back is not the same value): a parameter is data, never
    code a kernel runs (safety20: an object's ``__repr__`` or a key such as ``x = 1; import os; y`` became code)."""
    import ast
    import keyword

    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"参数名不是名称 / a parameter's name is no name: {name!r:.80}")
    text = repr(value)
    try:
        same = ast.literal_eval(text) == value
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        same = False
    if not same:
        raise ValueError(f"参数 {name} 的值不是字面量 / parameter {name}'s value is no literal ({type(value).__name__})")
    return f"{name} = {text}"


def _code_notebook(source: str, kernel_name: str | None = None):
    """A notebook of one code cell, ``source``, for the kernel's own use (its warm-up, the reset between two
    notebooks), made without nbformat's validation: ``new_notebook`` and ``new_code_cell`` validate what they make,
    and the first validation in a process compiles the notebook schema (0.1-0.3 s of CPU), which each kernel's
    thread did at once, beside the other's and the build's own.  The same fields as ``new_notebook`` and
    ``new_code_cell`` give.

    >>> nb = _code_notebook("pass", "windoweval")
    >>> import nbformat; nbformat.validate(nb); nb.cells[0].source, nb.metadata.kernelspec.name
    ('pass', 'windoweval')
    """
    from nbformat import NotebookNode
    from nbformat.v4 import nbbase

    cell = NotebookNode(id=nbbase.random_cell_id(), cell_type="code", metadata=NotebookNode(), execution_count=None,
                        source=source, outputs=[])
    meta = NotebookNode()
    if kernel_name:
        meta["kernelspec"] = NotebookNode(name=kernel_name, display_name=kernel_name, language="python")
    return NotebookNode(nbformat=nbbase.nbformat, nbformat_minor=nbbase.nbformat_minor, metadata=meta, cells=[cell])


@dataclass
class NotebookFailed(Exception):
    """A cell raised: its index in the notebook, its execution count, its first line, the error's name and value.

    Examples
    --------
    >>> e = NotebookFailed(3, 7, "x = 1 / 0", "ZeroDivisionError", "division by zero")
    >>> str(e), e.cell_index
    ('ZeroDivisionError: division by zero', 3)
    """

    cell_index: int
    exec_count: int | None
    source: str
    ename: str
    evalue: str

    def __str__(self):
        return f"{self.ename}: {self.evalue}"


class Kernel:
    """One kernel (``kernel_name``, started in ``cwd``) that runs notebooks one after another.

    Not thread-safe: each thread of a build owns its kernels.

    Examples
    --------
    >>> k = Kernel("windoweval", ".", timeout=60)      # nothing starts until start() or the first run()
    >>> k.kernel_name, k.timeout, k.km is None
    ('windoweval', 60, True)
    """

    def __init__(self, kernel_name: str, cwd, *, extra_arguments=(), timeout: int = 900, startup_timeout: int = 120):
        self.kernel_name, self.cwd = kernel_name, str(cwd)
        self.extra_arguments, self.timeout, self.startup_timeout = list(extra_arguments), timeout, startup_timeout
        self.km = None
        self.kc = None       # the one kernel client of this kernel, made by the first execution, reused after
        self._runs = 0
        self._clean = True   # the namespace holds nothing a notebook left (none ran since the last reset)

    def _client(self, nb):
        from nbclient import NotebookClient

        return NotebookClient(nb, km=self.km, kernel_name=self.kernel_name, timeout=self.timeout,
                              startup_timeout=self.startup_timeout, record_timing=False,
                              extra_arguments=self.extra_arguments,
                              resources={"metadata": {"path": self.cwd}})

    def _execute(self, nb):
        """Execute ``nb`` on this kernel through its one client: a new client (nbclient's, for each notebook) waits
        for the kernel to be ready and then for 0.2 s of silence on its output channel (``wait_for_ready``), ~0.22 s
        of wall time twice per notebook (the reset, the notebook) on the build's path; nbclient keeps only the
        outputs of the cell it runs (by the request's id), so a client reused sees nothing of another notebook."""
        import atexit

        client = self._client(nb)
        if self.kc is not None:
            client.kc = self.kc
        try:
            client.execute()
        finally:
            self.kc = client.kc
            # the kernel is this object's to shut down (:meth:`close`): nbclient's exit hook stays registered when
            # its set-up fails (a kernel stopped by :meth:`kill` while it started), and would print a traceback at
            # the command's exit
            atexit.unregister(client._cleanup_kernel)

    def start(self, warm_up: str | None = WARM_UP, stop=None):
        """Start the kernel and run ``warm_up`` (its outputs dropped); not the warm-up when ``stop`` (an event) is
        set by then (the build was refused meanwhile: the kernel is only shut down)."""
        nb = _code_notebook(warm_up or "pass", self.kernel_name)
        from jupyter_core.utils import run_sync

        self.km = self._client(nb).create_kernel_manager()
        run_sync(self.km.start_kernel)(extra_arguments=self.extra_arguments, cwd=self.cwd)
        if stop is None or not stop.is_set():
            self._execute(nb)                # a client given the manager leaves the kernel running
        return self

    def run(self, nb):
        """Execute ``nb`` (in place, and returned); :class:`NotebookFailed` names the first cell that raised
        (``nb`` then holds the outputs up to and with the error)."""
        from nbclient.exceptions import CellExecutionError

        if self.km is None:
            self.start(None)
        if not self._clean:  # a clean namespace for each notebook: nothing one leaves is seen by the next
            self.reset()
        self._runs += 1
        self._clean = False
        try:
            self._execute(nb)
        except CellExecutionError as e:
            for i, cell in enumerate(nb.cells):
                errs = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                if cell.cell_type == "code" and errs:
                    first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
                    raise NotebookFailed(i, cell.get("execution_count"), first, errs[0].get("ename", e.ename),
                                         errs[0].get("evalue", e.evalue)) from e
            raise NotebookFailed(-1, None, "", getattr(e, "ename", type(e).__name__), str(e)) from e
        return nb

    def call(self, source: str) -> None:
        """Run ``source`` on this kernel, between two notebooks (its outputs dropped; the namespace is not reset
        for it): the page a notebook makes once it ran (:func:`windoweval.report.build.kernel_page`).  A cell that
        raises raises nbclient's ``CellExecutionError``."""
        if self.km is None:
            self.start(None)
        self._execute(_code_notebook(source, self.kernel_name))

    def reset(self) -> None:
        """Clear the namespace the last notebook left (``%reset -f``), unless nothing ran since the last reset; the
        modules stay imported.  :meth:`run` does it before a notebook when it was not done; :class:`Runner` does it
        right after a notebook while more may follow, so that the next one, often waited for (the annual notebook
        waits for the year's evaluation), starts on a clean kernel at once (session 47: 0.04-0.15 s off the build's
        path, the same executions in the same order)."""
        if self._clean or self.km is None:
            return
        self._execute(_code_notebook("%reset -f"))
        self._clean = True

    def kill(self) -> None:
        """Stop the kernel's process (and what it started: its process group) at once, from any thread: a notebook
        it runs stops there, and the thread running it sees the kernel dead (nbclient's ``DeadKernelError``) within
        about a second; :meth:`close` still does the rest.  Nothing when no kernel was started or it has ended.

        >>> Kernel("windoweval", ".").kill()      # never started: nothing to stop
        """
        import os
        import signal

        km = self.km
        prov = getattr(km, "provisioner", None) if km is not None else None
        proc = getattr(prov, "process", None)
        if proc is None or proc.poll() is not None:
            return
        try:
            pgid = getattr(prov, "pgid", None)
            if pgid and pgid != os.getpgrp():    # the kernel leads a group of its own (jupyter_client's launch)
                os.killpg(pgid, signal.SIGKILL)
            else:
                proc.kill()
        except (ProcessLookupError, PermissionError):   # it ended meanwhile
            pass

    def close(self):
        """Shut the kernel down (at once)."""
        if self.kc is not None:
            try:
                self.kc.stop_channels()
            except Exception:       # a client whose kernel died: nothing left to stop
                pass
            self.kc = None
        if self.km is not None:
            from jupyter_core.utils import run_sync

            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:       # a kernel killed meanwhile (:meth:`kill`): its process is gone already
                if self.km.has_kernel:
                    raise
            finally:
                self.km = None


class Runner:
    """``jobs`` kernels, each in a thread of its own, started at once (warming up while the build checks the year
    and computes its evaluation), then running the notebooks handed to :meth:`run` in order, one after another each.

    Notebooks may be handed over in several calls (``more=True``: the build hands each one over as soon as the
    section it presents is kept); the kernels wait for more until a call without ``more``.  After a failure no
    kernel takes a further notebook (those running finish).

    ``after(kernel, label, notebook, waiting)``, when given, runs in the kernel's thread right after each notebook
    that ran without an error, before the notebook is put on :attr:`done` (the build has the kernel make the
    notebook's page there, while the command still computes: :func:`windoweval.report.build.kernel_page`, unless
    ``waiting``: a notebook handed over waits to start, and the command, idle then, makes the page); what it raises
    is the notebook's error.
    """

    def __init__(self, kernel_name: str, cwd, jobs: int, *, extra_arguments=(), timeout: int = 900, after=None):
        import queue
        import threading

        self.after = after
        self._todo: queue.Queue = queue.Queue()
        self.done: queue.Queue = queue.Queue()
        self._ready, self.stop, self._last = threading.Event(), threading.Event(), threading.Event()
        self.kernels = [Kernel(kernel_name, cwd, extra_arguments=list(extra_arguments), timeout=timeout)
                        for _ in range(max(1, int(jobs)))]
        self._threads = [threading.Thread(target=self._work, args=(k,), name=f"windoweval-kernel-{i}", daemon=True)
                         for i, k in enumerate(self.kernels)]
        for t in self._threads:
            t.start()

    def _work(self, k: Kernel):
        import queue

        failed_start = None
        try:
            try:
                k.start(stop=self.stop)
            except Exception as e:      # reported with each notebook this thread takes
                failed_start = e
            self._ready.wait()
            while not self.stop.is_set():
                try:
                    label, nb, on_start = self._todo.get(timeout=0.05)
                except queue.Empty:
                    if self._last.is_set() and self._todo.empty():
                        break          # everything handed over has been taken
                    continue
                if on_start:
                    on_start()
                err = failed_start
                if err is None:
                    try:
                        k.run(nb)
                        if self.after is not None:      # whether a notebook waits for this kernel meanwhile
                            self.after(k, label, nb, not self._todo.empty())
                    except Exception as e:
                        err = e
                if err is not None:
                    self.stop.set()           # nothing starts after a failure
                self.done.put((label, nb, err))
                if err is None and not self.stop.is_set() and not (self._last.is_set() and self._todo.empty()):
                    try:          # the namespace cleared now, while the next notebook may still be awaited
                        k.reset()
                    except Exception:   # noqa: BLE001  (a kernel stopped meanwhile: the next run() resets or says so)
                        pass
        finally:
            k.close()

    def run(self, items, more: bool = False):
        """Hand over ``[(label, notebook, on_start or None)]``; their results come on :attr:`done` as
        ``(label, notebook, error or None)``, in the order they finish.  ``more``: further notebooks follow in
        another call (the kernels wait for them)."""
        for it in items:
            self._todo.put(it)
        if not more:
            self._last.set()
        self._ready.set()

    def close(self):
        """No further notebook; the kernels stopped at once (a notebook still running is one nobody waits for any
        more: the build failed or was stopped, and its folder, the kernels' working directory, is removed next),
        then their threads waited for.  After a complete build every notebook has finished: the kernels are idle and
        their shut-down is what it always was.  (Before session 22 a kernel still running a notebook was waited for
        60 s and then left running while its folder was removed.)"""
        self.stop.set()
        self._last.set()
        self._ready.set()
        for k in self.kernels:
            k.kill()
        for t in self._threads:
            t.join(timeout=60)
        for k in self.kernels:      # a kernel started after the kill above (its thread was starting it then)
            k.kill()
