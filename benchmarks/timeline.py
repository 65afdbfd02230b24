"""The ``score`` command's wall-clock timeline: what each thread is doing, and whether it is on a core, every
``--every`` seconds (score48).  Run by hand, never in the test suite::

    python benchmarks/timeline.py [--every 0.01] [--width 0.1] score --standard power_window --year 2025 \
        --data STORE --out DIR

A sampler thread reads each thread's stack (``sys._current_frames``) and its CPU so far (``/proc/self/task/<tid>/
schedstat``, nanoseconds on a core) at each tick; a thread's phase is the first function of :data:`PHASES` found
from its innermost frame outwards (else its innermost ``windoweval`` function, else ``import`` while the import
machinery runs).  Printed after the command: each thread's spans of one phase (start, end, wall, CPU), then a strip
of ``--width``-second columns saying per thread which phase held it (a letter; lower case when it was on a core less
than half of the column) and how many cores the process used: the serial spans are where that figure is ~1.
The sampler's own cost is ~1-2 % of a core at 10 ms.  ``TIMELINE_DETAIL=name,name`` also lists every sample of the
threads whose names start so (time, CPU since the sample before, the innermost three frames).  What it cannot see:
Arrow's own thread pool (the store's read and decoding: not Python threads), and a sample is taken only when the
sampler gets the GIL, so a span of GIL contention reads longer than it was; compare process CPU (``/usr/bin/time``).
"""
from __future__ import annotations

import os
import sys
import threading
import time

#: (function name, phase): the first found from a thread's innermost frame outwards names its phase.
PHASES = [
    ("_read_ipc", "ipc-read"), ("put", "ipc-put"), ("_repeats", "promise"), ("_promise_rows", "promise"),
    ("_records_arrow", "drill-limits"), ("_drill_arrow", "drill"), ("evaluate_frame", "scoring"),
    ("_gather_piece", "read"), ("from_store_pieces", "read"),
    ("people_csv", "people-csv"), ("missed_for_people", "people-csv"),
    ("tables", "writer-feed"), ("_grouped", "writer-feed"), ("_write_pieces", "writer"), ("write_missed", "writer"),
    ("_print_tables", "tables"), ("_score_rest", "rest"), ("missing_evidence", "rest"), ("exempted", "rest"), ("blank_columns", "blank"), ("write_csv", "csv"),
    ("read_year_counts", "years"), ("score", "score-other"), ("publishing_files", "publish"),
    ("_find_and_load", "import"),
]
_NAMES = dict(PHASES)
_LETTERS = {"ipc-read": "I", "ipc-put": "P", "promise": "R", "drill-limits": "L", "drill": "D", "scoring": "S",
            "read": "G", "people-csv": "C", "writer-feed": "F", "writer": "W", "tables": "T", "blank": "B",
            "csv": "V", "rest": "E", "years": "Y", "score-other": "O", "publish": "U", "import": "M"}


def _phase(frame) -> str:
    inner = None
    f = frame
    while f is not None:
        name = f.f_code.co_name
        if name in _NAMES and (name != "put" or "missed_pass" in f.f_code.co_filename) \
                and (name != "score" or f.f_code.co_filename.endswith("scoring.py")):
            return _NAMES[name]
        if inner is None and "windoweval" in f.f_code.co_filename:
            inner = name
        if "importlib" in f.f_code.co_filename:
            return "import"
        f = f.f_back
    return inner or "other"


def _inner(frame, depth: int = 3) -> str:
    got = []
    f = frame
    while f is not None and len(got) < depth:
        got.append(f"{os.path.basename(f.f_code.co_filename)}:{f.f_code.co_name}:{f.f_lineno}")
        f = f.f_back
    return " < ".join(got)


def _cpu_ns(tid: int) -> int:
    try:
        with open(f"/proc/self/task/{tid}/schedstat") as fh:
            return int(fh.read().split()[0])
    except OSError:
        return 0


class Sampler:
    def __init__(self, every: float):
        self.every, self.samples, self.stop = every, [], threading.Event()
        self.t0 = time.perf_counter()
        self._t = threading.Thread(target=self._run, name="timeline-sampler", daemon=True)
        self._t.start()

    def _run(self):
        me = threading.get_ident()
        while not self.stop.wait(self.every):
            now = time.perf_counter() - self.t0
            threads = {t.ident: t for t in threading.enumerate()}
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                t = threads.get(ident)
                native = getattr(t, "native_id", None) if t is not None else None
                if native is None:
                    continue
                self.samples.append((now, t.name, _cpu_ns(native), _phase(frame), _inner(frame)))

    def report(self, width: float) -> None:
        self.stop.set()
        out = sys.stderr
        by: dict = {}
        for s in self.samples:
            by.setdefault(s[1], []).append(s)
        print(f"# timeline: {len(self.samples)} samples every {self.every * 1000:.0f} ms, "
              f"{time.perf_counter() - self.t0:.2f} s; load {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
              file=out)
        end = max((s[0] for s in self.samples), default=0.0)
        for name, ss in by.items():
            print(f"## thread {name}", file=out)
            start = 0
            for i in range(1, len(ss) + 1):
                if i == len(ss) or ss[i][3] != ss[start][3]:
                    a, b = ss[start], ss[i - 1]
                    prev_cpu = ss[start - 1][2] if start else a[2]
                    wall = b[0] - (ss[start - 1][0] if start else a[0])
                    cpu = (b[2] - prev_cpu) / 1e9
                    if wall >= 0.03 or cpu >= 0.03:
                        print(f"  {a[0]:6.2f}-{b[0]:6.2f}  {a[3]:14s} wall {wall:5.2f} s  "
                              f"cpu {cpu:5.2f} s", file=out)
                    start = i
        cols = int(end / width) + 1
        print(f"## strip ({width:.2f} s a column; upper case: on a core >= half the column; "
              + " ".join(f"{v}={k}" for k, v in _LETTERS.items()) + ")", file=out)
        busy = [0.0] * cols
        for name, ss in by.items():
            row = [" "] * cols
            counts: list = [dict() for _ in range(cols)]
            cpu = [0.0] * cols
            for j in range(1, len(ss)):
                c = int(ss[j][0] / width)
                counts[c][ss[j][3]] = counts[c].get(ss[j][3], 0) + 1
                cpu[c] += (ss[j][2] - ss[j - 1][2]) / 1e9
            for c in range(cols):
                busy[c] += cpu[c] / width
                if counts[c]:
                    ph = max(counts[c], key=counts[c].get)
                    ch = _LETTERS.get(ph, "x")
                    row[c] = ch if cpu[c] >= width / 2 else ch.lower()
            print(f"  {name[:22]:22s} |{''.join(row)}|", file=out)
        print(f"  {'cores used (0-9 tenths of 2)':22s} |"
              + "".join(str(min(9, int(b * 4.5))) for b in busy) + "|", file=out)
        detail = os.environ.get("TIMELINE_DETAIL", "")
        for name, ss in by.items():
            if detail and name.startswith(tuple(detail.split(","))):
                print(f"## detail {name}", file=out)
                for j in range(1, len(ss)):
                    print(f"  {ss[j][0]:6.3f} cpu {(ss[j][2] - ss[j - 1][2]) / 1e6:5.1f} ms  {ss[j][4]}", file=out)
        print(f"  {'seconds':22s} |" + "".join(str(int(c * width) % 10) if (c * width) % 1 < width else "."
                                                for c in range(cols)) + "|", file=out)
        out.flush()


def main(argv: list[str]) -> int:
    every, width = 0.01, 0.1
    while argv and argv[0] in ("--every", "--width"):
        if argv[0] == "--every":
            every = float(argv[1])
        else:
            width = float(argv[1])
        argv = argv[2:]
    sampler = Sampler(every)
    exit_now = os._exit

    def said_then_exit(code):   # the program ends at once when done (cli._exit_now): the timeline first
        sampler.report(width)
        exit_now(code)

    os._exit = said_then_exit
    import windoweval.program as program

    sys.argv = ["windoweval", *argv]
    code = program.main()
    sampler.report(width)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
