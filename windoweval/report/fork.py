"""Part of the year's evaluation computed in a forked process, beside the report's own: two cores, two computations.

报告的年度评价一部分在派生(fork)的子进程中计算,与主进程并行(两个核心,两处计算)。

The report's own process is its critical path: it computes every section
(:mod:`windoweval.sections`) while the kernels wait to present them.  The
survey and complaints sections need nothing the others compute (the survey's
estimates and its ordered logit import ``scipy.stats`` and statsmodels, ~0.6 s,
that nothing else in the process needs), so the report forks once, after the
year's check and before any thread starts (the kernels were started as processes), and
the child computes them with everything the parent has read and imported; only
while the machine has a core to spare (:func:`can_fork`).
Each result comes back pickled through a pipe and is heard by a thread of the
parent as soon as it arrives (the report keeps the section and its notebook
starts).  A child that fails, or is killed, is only an optimisation lost: what
it did not send is computed by the parent as before (and raises there as it
would have), so the numbers and the errors are the same either way.

Examples
--------
>>> def produce(send):
...     send("square", 7 * 7)
>>> f = Forked(produce)
>>> f.get("square"), f.get("cube"), f.error
(49, None, None)
>>> f.close()
"""
from __future__ import annotations

import os
import pickle
import struct
import threading

__all__ = ["Forked", "can_fork"]


#: Fork only while the machine's load (1-minute average) leaves a core to spare: at most this many runnable tasks
#: beyond one per other core.  On a busy machine (issue 14, fifth round: load 4-10 on 2 cores) a second process of
#: the report's only shares the report's slice of the machine and adds the fork's copy-on-write cost: measured
#: slower there, so the report computes every section itself.
SPARE = 0.5


def can_fork() -> bool:
    """True where a process can be forked (POSIX), there is a second core, and the machine leaves one to spare
    (load average <= cores - 1 + :data:`SPARE`).

    Examples
    --------
    >>> isinstance(can_fork(), bool)
    True
    """
    cores = os.cpu_count() or 1
    if not hasattr(os, "fork") or cores < 2:
        return False
    try:
        load = os.getloadavg()[0]
    except OSError:          # no load average: assume a core to spare
        return True
    return load <= cores - 1 + SPARE


class Forked:
    """``produce(send)`` run in a forked child process; each ``send(name, value)`` comes back to this process
    pickled, is heard by ``on_item(name, value)`` in a thread of this process (when given) and kept for
    :meth:`get`.

    Fork with no other thread running (the child has only the thread that forked).  The child ends with
    ``os._exit`` (no exit handlers, no buffers flushed twice).  ``error`` says why the child stopped early
    (its exception, as text), ``callback_error`` holds what ``on_item`` raised (the parent raises it).

    Examples
    --------
    >>> got = []
    >>> def produce(send):
    ...     send("a", [1, 2])
    ...     raise ValueError("no b")
    >>> f = Forked(produce, on_item=lambda name, value: got.append(name))
    >>> f.get("a"), f.get("b"), f.error, got
    ([1, 2], None, 'ValueError: no b', ['a'])
    >>> f.close()
    """

    def __init__(self, produce, on_item=None):
        self.on_item = on_item
        self.error: str | None = None
        self.callback_error: BaseException | None = None
        self._items: dict = {}
        self._finished = False
        self._cond = threading.Condition()
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:                                         # the child
            code = 1
            try:
                os.close(r)
                out = os.fdopen(w, "wb")

                def send(name, value):
                    data = pickle.dumps((name, value), protocol=pickle.HIGHEST_PROTOCOL)
                    out.write(struct.pack("<Q", len(data)) + data)
                    out.flush()
                try:
                    produce(send)
                    code = 0
                except BaseException as e:   # noqa: BLE001 - said to the parent, which computes what is missing
                    send("__error__", f"{type(e).__name__}: {e}")
                out.close()
            finally:
                os._exit(code)
        os.close(w)
        self.pid = pid
        self._r = os.fdopen(r, "rb")
        self._thread = threading.Thread(target=self._read, name="windoweval-forked", daemon=True)
        self._thread.start()

    def _read(self):
        try:
            while True:
                head = self._r.read(8)
                if len(head) < 8:
                    break
                n = struct.unpack("<Q", head)[0]
                data = self._r.read(n)
                if len(data) < n:
                    break
                name, value = pickle.loads(data)
                if name == "__error__":
                    self.error = value
                    break
                if self.on_item is not None:
                    try:
                        self.on_item(name, value)
                    except BaseException as e:  # noqa: BLE001 - raised by the parent (wait)
                        self.callback_error = e
                        break
                with self._cond:
                    self._items[name] = value
                    self._cond.notify_all()
        except Exception as e:  # noqa: BLE001 - a broken pipe or message: what is missing is computed by the parent
            self.error = f"{type(e).__name__}: {e}"
        finally:
            self._r.close()
            self._reap(kill=self.callback_error is not None or self.error is not None)
            with self._cond:
                self._finished = True
                self._cond.notify_all()

    def _reap(self, kill: bool = False):
        import signal

        if self.pid is None:
            return
        try:
            if kill:
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self.pid = None

    def get(self, name: str):
        """The value sent as ``name``, waiting for it; None when the child ended without sending it."""
        with self._cond:
            self._cond.wait_for(lambda: name in self._items or self._finished)
            return self._items.get(name)

    def wait(self) -> dict:
        """Wait for the child to end; every value it sent, by name.  Raises what ``on_item`` raised."""
        with self._cond:
            self._cond.wait_for(lambda: self._finished)
        if self.callback_error is not None:
            raise self.callback_error
        return dict(self._items)

    def close(self):
        """Stop the child if it still runs (the build failed meanwhile) and wait for it."""
        import signal

        pid = self.pid
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._thread.join(timeout=60)
