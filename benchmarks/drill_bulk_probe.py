"""Would the ``score`` command's drill-down cost less made in bulk after the pass?  A probe (session 47), run by hand,
never in the test suite: the real command runs as it is; beside each piece's real drill-down the probe times, in
thread CPU on the same piece and masks,

* ``today``: :func:`windoweval.engine.missed_pass._drill_arrow` of every failed measure, no first rows made (the
  steady state of a piece; the real call, first rows and all, is ``judge``);
* ``today_records``: the same for the record-level measures alone (the time limits);
* ``bulk_piece``: what the bulk design keeps per piece for the record-level measures: their missed rows' positions
  (``_missed`` of each mask), every column of the piece taken at them in one Arrow take per column (a categorical as
  its text), one record batch appended to one Arrow IPC stream;
* ``bulk_after``: after the pass, per measure, its rows from the stream, its own columns made once (``passed``,
  ``open``, the elapsed minutes by :func:`windoweval.kernels.time._elapsed_columns`, the measure and message as
  one-valued dictionaries) and one table of them.

``--variant take``: a piece's rows are each row once (the union of the measures' positions, in the records' order),
each measure's rows taken after the pass from the whole stream by their places (``ChunkedArray.take``: one take per
column and measure).  ``--variant slices``: a piece's rows are the measures' rows one after another, so each
measure's rows are slices of the batches, put end to end without a copy.  No masking is timed (the bench's store
claims every text column plain: nothing is scanned), nor the writer (the same rows reach it either way)::

    python benchmarks/drill_bulk_probe.py --variant slices score --standard power_window --year 2025 \\
        --data STORE --out DIR

The figures go to stderr as one line (``# probe ...``) when the pass closes.
"""
from __future__ import annotations

import os
import sys
import threading
import time

#: thread CPU (s) per part, and counts
T: dict = {}
N: dict = {"pieces": 0, "rows": 0}
_LOCK = threading.Lock()
_STATE: dict = {"sink": None, "path": None, "kept": {}, "off": 0, "batches": 0, "items": None, "kind": None}


def _add(name: str, seconds: float) -> None:
    with _LOCK:
        T[name] = T.get(name, 0.0) + seconds


class _Every:
    """No key wants first rows (the steady state of a piece)."""

    def __contains__(self, key) -> bool:
        return True


def _bulk_piece(kept, piece, evs, variant: str) -> None:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    from windoweval.engine.local import _typed
    from windoweval.engine.missed_pass import _missed

    c0 = time.thread_time()
    recs = [it for it in kept.items.values() if it.kernel.level == "record"]
    ats, ms = [], []
    for it in recs:
        ev = evs[it.measure]
        keep = _missed(ev.mask)
        at = np.flatnonzero(keep) if ev.pop.pos is None else np.asarray(ev.pop.pos)[keep]
        ats.append(at)
        ms.append(it.measure)
    if variant == "take":
        mark = np.zeros(len(piece), dtype=bool)
        for a in ats:
            mark[a] = True
        u = np.flatnonzero(mark)
    else:
        u = np.concatenate(ats) if ats else np.zeros(0, dtype=np.int64)
    c1 = time.thread_time()
    ui = pa.array(u)
    cols = []
    for c in piece.columns:
        s = piece[c]
        if isinstance(s.dtype, pd.CategoricalDtype):
            cats = pa.array(pd.Series(s.cat.categories).astype(_typed(recs[0].kind, c)), from_pandas=True)
            codes = s.cat.codes.to_numpy()[u]
            arr = cats.cast(pa.large_string()).take(pa.array(codes, mask=codes < 0))
        elif hasattr(s.array, "_pa_array"):
            arr = s.array._pa_array.take(ui)
            arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
        else:
            arr = pa.Array.from_pandas(s.array.take(u))
        cols.append(arr)
    batch = pa.RecordBatch.from_arrays(cols, names=list(piece.columns))
    c2 = time.thread_time()
    with _LOCK:
        if _STATE["sink"] is None:
            _STATE["path"] = os.path.join(kept.dir, "probe.arrows")
            _STATE["sink"] = pa.ipc.new_stream(pa.OSFile(_STATE["path"], "wb"), batch.schema)
            _STATE["items"] = {it.measure: it for it in recs}
        _STATE["sink"].write_batch(batch)
        lo = 0
        for m, at in zip(ms, ats):
            if variant == "take":
                _STATE["kept"].setdefault(m, []).append(np.searchsorted(u, at) + _STATE["off"])
            else:
                _STATE["kept"].setdefault(m, []).append((_STATE["batches"], lo, lo + len(at)))
                lo += len(at)
        _STATE["off"] += len(u)
        _STATE["batches"] += 1
        N["rows"] += sum(len(a) for a in ats)
    c3 = time.thread_time()
    _add("bulk_piece.positions", c1 - c0)
    _add("bulk_piece.take", c2 - c1)
    _add("bulk_piece.write", c3 - c2)


def _bulk_after(variant: str) -> int:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    from windoweval.kernels.time import _elapsed_columns

    _STATE["sink"].close()
    batches = list(pa.ipc.open_stream(pa.memory_map(_STATE["path"])))
    table = pa.Table.from_batches(batches) if variant == "take" else None
    rows = 0
    for m, parts in _STATE["kept"].items():
        it = _STATE["items"][m]
        p = it.params or (it.m.get("params") or {})
        c0 = time.thread_time()
        if variant == "take":
            idx = pa.array(np.concatenate(parts))
            arrays = {c: table.column(c).take(idx) for c in table.column_names}
        else:
            sl = [batches[b].slice(lo, hi - lo) for b, lo, hi in parts]
            arrays = {c: pa.chunked_array([x.column(c) for x in sl]) for c in batches[0].schema.names}
        n = len(next(iter(arrays.values())))
        c1 = time.thread_time()
        arrays["passed"] = pa.chunked_array([pa.array(np.zeros(n, dtype=bool))])
        arrays["open"] = pa.chunked_array([pa.array(np.zeros(n, dtype=bool))])
        if p.get("unit") in ("seconds", "minutes", "hours") and p.get("end") in arrays and p.get("start") in arrays:
            got = _elapsed_columns({c: pd.Series(arrays[c].combine_chunks().to_numpy(zero_copy_only=False))
                                    for c in (p["end"], p["start"])}, p)
            arrays["elapsed_min"] = pa.chunked_array([pa.array(got["elapsed_min"].to_numpy(), from_pandas=True)])
        c2 = time.thread_time()
        zeros = pa.array(np.zeros(n, dtype=np.int32))
        for c, v in (("measure", m), ("message", str(it.m.get("title") or m))):
            arrays[c] = pa.chunked_array([pa.DictionaryArray.from_arrays(zeros, pa.array([v], pa.large_string()))])
        t = pa.Table.from_arrays(list(arrays.values()), names=list(arrays))
        c3 = time.thread_time()
        _add("bulk_after.rows", c1 - c0)
        _add("bulk_after.elapsed", c2 - c1)
        _add("bulk_after.table", c3 - c2)
        rows += t.num_rows
        del t, arrays
    return rows


def main(argv: list[str]) -> int:
    variant = "slices"
    if argv[:1] == ["--variant"]:
        variant, argv = argv[1], argv[2:]
    if variant not in ("take", "slices"):
        raise SystemExit("--variant take|slices")
    import windoweval.cli.scoring  # noqa: F401
    import windoweval.engine.missed_pass as mp

    judge, close = mp.KeptPass.judge, mp.KeptPass.close

    def timed_judge(self, piece, evs):
        items = list(self.items.values())
        recs = [it for it in items if it.kernel.level == "record"]
        c = time.thread_time()
        mp._drill_arrow(piece, items, evs, self.finish, self.prepare.arrow, self.head_rows, True, _Every(), self.plain)
        _add("today", time.thread_time() - c)
        c = time.thread_time()
        got = judge(self, piece, evs)
        _add("judge", time.thread_time() - c)
        c = time.thread_time()
        mp._drill_arrow(piece, recs, evs, self.finish, self.prepare.arrow, self.head_rows, True, _Every(), self.plain)
        _add("today_records", time.thread_time() - c)
        c = time.thread_time()
        _bulk_piece(self, piece, evs, variant)
        _add("bulk_piece", time.thread_time() - c)
        with _LOCK:
            N["pieces"] += 1
        return got

    def timed_close(self):
        if _STATE["sink"] is not None:
            c = time.thread_time()
            N["bulk_rows"] = _bulk_after(variant)
            _add("bulk_after", time.thread_time() - c)
        print(f"# probe ({variant}; load {' '.join(f'{x:.2f}' for x in os.getloadavg())}): "
              + ", ".join(f"{k} {v:.3f} s" for k, v in sorted(T.items())) + f"; {N}", file=sys.stderr)
        sys.stderr.flush()
        return close(self)

    mp.KeptPass.judge, mp.KeptPass.close = timed_judge, timed_close
    import windoweval.program as program

    exit_now = os._exit
    os._exit = lambda code: (sys.stderr.flush(), exit_now(code))
    sys.argv = ["windoweval", *argv]
    return program.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
