"""The report's pages, tables and workbook made in a process of their own while the command computes.

报告的页面、表格与工作簿在独立进程中生成,与命令的计算同时进行。

Each executed notebook's page, its tables' CSVs and its workbook sheets
(:func:`windoweval.report.build._finish`, the same code as before) cost about
1-1.4 s of CPU (nbconvert's import and templates, openpyxl, the tables).  Made
in the command they came after its last section was kept; made on a thread of
the command they slowed the evaluation it computes meanwhile (the page work
holds the interpreter's lock).  :class:`PageProcess` is another Python process,
started with the build: it imports nbconvert and openpyxl while the command
computes, makes each notebook's page as soon as the notebook arrives, and saves
the workbook when asked.  It writes only into the build's temporary folder; the
command publishes that folder as before, once every page is made.

A page that fails raises the same exception in the command as it did when the
command made it; the process ending unexpectedly (killed, out of memory) is a
:class:`~windoweval.report.settings.BuildError`.  The process leads a session of
its own (Ctrl-C in a terminal reaches the command, which stops it) and ends by
itself when the command's end of its pipe closes (the command killed).

Examples
--------
>>> import pickle
>>> _Remote.make("ValueError", "bad").__class__.__name__, str(_Remote.make("ValueError", "bad"))
('ValueError', 'bad')
"""
from __future__ import annotations

import logging
import os
import pickle
import sys

__all__ = ["PageProcess", "serve"]


class _Remote(Exception):
    """An exception raised in the page process that would not pickle: its type's name and text kept."""

    @staticmethod
    def make(name: str, text: str) -> Exception:
        return type(name, (_Remote,), {"__module__": __name__})(text)


class _Records(logging.Handler):
    """The page process's log records, kept to be sent with the reply (the command's handlers write them)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list = []

    def emit(self, record):
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None
        self.records.append(record)

    def take(self) -> list:
        out, self.records = self.records, []
        return out


def _error(e: BaseException) -> Exception:
    try:
        pickle.loads(pickle.dumps(e))
        return e
    except Exception:
        return _Remote.make(type(e).__name__, str(e))


def serve(language: str) -> None:
    """The page process: read requests (pickled) on stdin, answer each on stdout, until ``quit`` or the end of
    stdin.  ``("page", name, notebook path, build folder)``: the notebook's page, CSVs and sheets
    (:func:`~windoweval.report.build._finish`), answered ``("page", name, collected, records, error)``;
    ``("save", path, order)``: the workbook saved, answered ``("saved", None, None, records, error)``."""
    import signal
    from pathlib import Path

    signal.signal(signal.SIGINT, signal.SIG_IGN)      # the command decides; it stops this process
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)                                     # a print anywhere below goes to stderr, not into the answers
    requests = sys.stdin.buffer
    records = _Records()
    root = logging.getLogger()
    root.addHandler(records)
    root.setLevel(logging.DEBUG)

    from .run import light_nbformat

    light_nbformat()
    from ..exports import Workbook
    from .build import _finish
    from .pages import _exporter

    _exporter(language)                               # nbconvert imported, the exporter made, while the command computes
    book = Workbook()
    while True:
        try:
            req = pickle.load(requests)
        except EOFError:
            return
        if req[0] == "quit":
            return
        got, err = None, None
        try:
            if req[0] == "page":
                got = _finish(req[1], Path(req[2]), Path(req[3]), language, book)
            elif req[0] == "save":
                book.save(Path(req[1]), order=req[2])
        except Exception as e:
            err = _error(e)
        pickle.dump(("saved" if req[0] == "save" else "page", req[1] if req[0] == "page" else None, got,
                     records.take(), err), answers)
        answers.flush()


class PageProcess:
    """The page process of one build (``language``): :meth:`page` hands it an executed notebook, :meth:`answers`
    gives what it has finished, :meth:`save` saves the workbook and waits; :meth:`close` ends it (at once when
    the build failed or was stopped).

    Examples
    --------
    >>> p = PageProcess("zh+en")
    >>> p.alive()
    True
    >>> p.close(); p.alive()
    False
    """

    def __init__(self, language: str):
        import queue
        import subprocess
        import threading
        from pathlib import Path

        env = dict(os.environ)
        here = str(Path(__file__).resolve().parents[2])     # this package, whichever copy the command imported
        env["PYTHONPATH"] = os.pathsep.join([here, *[p for p in [env.get("PYTHONPATH")] if p]])
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from windoweval.report.convert import serve; serve(sys.argv[1])",
             language], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, start_new_session=True)
        self._answers: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, name="windoweval-pages", daemon=True)
        self._reader.start()
        self.pending = 0
        self._saved = False

    def _read(self):
        try:
            while True:
                self._answers.put(pickle.load(self.proc.stdout))
        except Exception:          # the end of the pipe (the process ended) or a broken answer
            self._answers.put(None)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def _crashed(self):
        from .settings import BuildError

        code = self.proc.wait()
        return BuildError(f"报告生成失败 / the build failed: 生成页面的进程意外退出(退出码 {code})/ the process "
                          f"making the pages ended unexpectedly (exit code {code}); 请重新运行 / run the build again")

    def _send(self, req):
        try:
            pickle.dump(req, self.proc.stdin)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._crashed() from None
        self.pending += 1

    def page(self, name: str, dst, tmp) -> None:
        """Make the page, CSVs and sheets of the executed notebook ``dst`` (named ``name``) in the folder ``tmp``."""
        self._send(("page", name, str(dst), str(tmp)))

    def _take(self, block: bool):
        import queue

        try:
            got = self._answers.get(block=block, timeout=None)
        except queue.Empty:
            return None
        if got is None:
            raise self._crashed()
        self.pending -= 1
        kind, name, collected, records, err = got
        for r in records:
            logger = logging.getLogger(r.name)
            if logger.isEnabledFor(r.levelno):
                logger.handle(r)
        if err is not None:
            raise err
        return name, collected

    def answers(self, block: bool = False):
        """``(name, collected)`` of each page finished since the last call (with ``block``, at least one, when
        one is pending); a failed page raises its error."""
        out = []
        while self.pending:
            got = self._take(block and not out)
            if got is None:
                break
            out.append(got)
        return out

    def save(self, path, order: list) -> None:
        """Save the workbook (every sheet handed so far) at ``path``, its sheets in ``order``; waits for it."""
        self._send(("save", str(path), list(order)))
        while self.pending:
            self._take(True)
        self._saved = True

    def close(self) -> None:
        """End the process: asked to quit once the workbook is saved (:meth:`save`), else killed (a failed or
        stopped build: whatever it still makes is for a folder being removed); waited for either way."""
        if self.proc.poll() is None:
            try:
                if not self._saved:
                    raise BrokenPipeError
                pickle.dump(("quit",), self.proc.stdin)
                self.proc.stdin.flush()
                self.proc.wait(timeout=5)
            except Exception:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=5)
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except Exception:
                pass
