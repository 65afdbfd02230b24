"""Session 29 (csv29): ``_all_distinct`` takes the first and last value of each ascending run chunk by chunk
(``validate._take_few``), never through ``ChunkedArray.take``, which combines the chunks (a copy of the column)."""
import numpy as np
import pyarrow as pa
import pytest

import importlib

V = importlib.import_module("windoweval.records.validate")


def _chunked(values, sizes):
    out, pos = [], 0
    for s in sizes:
        out.append(pa.array(values[pos:pos + s], type=pa.large_string()))
        pos += s
    return pa.chunked_array(out, type=pa.large_string())


LAYOUTS = [[10], [3, 7], [0, 5, 0, 5, 0], [1] * 10, [4, 0, 0, 6], [9, 1], [1, 9]]


@pytest.mark.parametrize("sizes", LAYOUTS)
def test_take_few_is_take(sizes):
    vals = [f"v{i}" for i in range(10)]
    arr = _chunked(vals, sizes)
    for idx in ([0], [9], [0, 9], [2, 3, 4], list(range(10)), [9, 0, 5], [3, 3], []):
        got = V._take_few(arr, np.array(idx, dtype=np.int64))
        assert isinstance(got, pa.Array)
        assert got.type == arr.type
        assert got.to_pylist() == [vals[i] for i in idx]


def test_take_few_of_sliced_chunks_and_plain_arrays():
    base = pa.array([f"x{i}" for i in range(20)], type=pa.large_string())
    arr = pa.chunked_array([base.slice(3, 5), base.slice(11, 6)])   # chunks with offsets
    want = arr.to_pylist()
    idx = np.array([0, 4, 5, 10])
    assert V._take_few(arr, idx).to_pylist() == [want[i] for i in idx]
    assert V._take_few(base, idx).to_pylist() == [base[i].as_py() for i in idx]
    one = pa.chunked_array([base])
    assert V._take_few(one, idx).to_pylist() == [base[i].as_py() for i in idx]


def _runs(rng, nruns, length, overlap):
    """Ascending runs of ids, overlapping or not, as the parse's chunks cut them (a run across chunk edges)."""
    runs = []
    for r in range(nruns):
        lo = 0 if overlap else r * length
        runs.append([f"R{lo + i:06d}" + ("" if not overlap else f"~{r}") for i in range(length)])
    vals = [v for run in runs for v in run]
    return vals


@pytest.mark.parametrize("overlap", [False, True])
@pytest.mark.parametrize("seed", range(6))
def test_all_distinct_over_chunk_edges(seed, overlap):
    rng = np.random.default_rng(seed)
    vals = _runs(rng, nruns=int(rng.integers(2, 9)), length=int(rng.integers(1_100, 2_000)), overlap=overlap)
    n = len(vals)
    cuts = np.sort(rng.choice(np.arange(1, n), size=int(rng.integers(1, 12)), replace=False))
    sizes = np.diff(np.concatenate([[0], cuts, [n]])).tolist()
    assert V._all_distinct(_chunked(vals, sizes)) is True
    # a duplicate: a run's last value written again as the next run's first; a value of one run in another's middle
    for i, j in ((int(rng.integers(1, n)), None), (int(rng.integers(0, n)), int(rng.integers(0, n)))):
        dup = list(vals)
        if j is None:
            dup[i] = dup[i - 1]
        elif i != j and dup[i] != dup[j]:
            dup[j] = dup[i]
        else:
            continue
        assert V._all_distinct(_chunked(dup, sizes)) is (len(set(dup)) == n)
