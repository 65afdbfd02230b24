"""Issue 14, fifth round: reading and validating records with fewer passes and fewer copies, refusing as before.

Each lean path is compared with the way it replaced (switched off by monkeypatching): the same frames, or the
same refusals (file, row, column, value, code, both languages).  ``tests/test_csv_fast.py`` compares the CSV
reader and the column checks of earlier rounds the same way.
"""
from __future__ import annotations

import importlib
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from _corpus import assert_read_alike, read_case

from windoweval.records import RecordsError, csvfast, read_records, validate

V = importlib.import_module("windoweval.records.validate")
M = importlib.import_module("windoweval.records.mapping")
IO = importlib.import_module("windoweval.records.io")
CORPUS = Path(__file__).parent / "bad_inputs"


def _per_value(monkeypatch):
    """Every column coerced value by value and checked by pandera, codes mapped one by one (the oracle)."""
    monkeypatch.setattr(V, "_fast_column", lambda *a, **k: None)
    monkeypatch.setattr(V, "_schema_holds", lambda *a, **k: False)
    monkeypatch.setattr(M, "_as_written", lambda *a, **k: None)
    monkeypatch.setattr(M, "_by_code", lambda v, ic, idx: pd.Series(np.array(v + [None], dtype=object)[ic], index=idx,
                                                                      dtype="string"))


def _outcome(fn):
    try:
        return "ok", fn()
    except RecordsError as e:
        return "refused", e.problems.reset_index(drop=True)


def _alike(fn, monkeypatch):
    new = _outcome(fn)
    with monkeypatch.context() as m:
        _per_value(m)
        old = _outcome(fn)
    assert old[0] == new[0], (old, new)
    pd.testing.assert_frame_equal(old[1], new[1])
    return new


# -- typed columns (Parquet): numbers and yes/no without text ------------------------------------------------


def _typed_frame(rng, n: int) -> pd.DataFrame:
    def pick(vals):
        return vals[rng.integers(0, len(vals), n)]
    return pd.DataFrame({
        "point_id": [f"P{i}" for i in range(n)], "window_id": "PW01",
        "supply_type": pick(np.array(["single_phase_220v", "kv35_plus"], dtype=object)),
        "nominal_v": pick(np.array([220.0, 10000.0, np.nan, -1.0, np.inf, 0.0])),
        "measured_v": pick(np.array([219.5, 230.25, 0.0])),
        "read_at": pd.Timestamp("2025-03-01") + pd.to_timedelta(np.arange(n), unit="h"),
        "duration_min": pick(np.array([1.5, np.nan, 3.0])),
        "system_state": "normal",
        "power_factor_ok": pick(np.array([True, False])),
    })


@pytest.mark.parametrize("seed", range(12))
def test_typed_numbers_and_yes_no_are_validated_alike(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    df = _typed_frame(rng, 40)
    if seed % 3 == 0:   # every value acceptable: the lean path types the frame
        df["nominal_v"] = df["nominal_v"].where(np.isfinite(df["nominal_v"]) & (df["nominal_v"] >= 0), 220.0)
    if seed % 4 == 1:   # yes/no as a nullable boolean with a missing value, counts as whole numbers
        df["power_factor_ok"] = pd.array([True, None] * 20, dtype="boolean")
    kind, got = _alike(lambda: validate(df, "voltage_readings", file="v.parquet"), monkeypatch)
    if seed % 3 == 0:
        assert kind == "ok" and str(got["power_factor_ok"].dtype) == "boolean"


@pytest.mark.parametrize("values, dtype", [([1.0, 2.5], float), ([3, -2], "int64"), ([1.0, np.inf], float),
                                           ([4.0, np.nan], float), ([7, 8], "Int64")])
def test_typed_whole_numbers_are_refused_alike(values, dtype, monkeypatch):
    df = pd.DataFrame({"window_id": ["PW01", "PW02"], "observed_at": ["2025-03-01 09:00", "2025-03-01 10:00"],
                       "queue_length": pd.array(values, dtype=dtype)})
    _alike(lambda: validate(df, "queue_snapshots", file="q.parquet"), monkeypatch)


def test_a_typed_yes_no_column_is_not_written_out_as_text():
    """17.5 million yes/no values of the demo x100 took gigabytes as text; a million now take a few MB."""
    n = 1_000_000
    col = pd.Series(np.arange(n) % 3 == 0)
    tracemalloc.start()
    try:
        got = V._fast_column(col, {"type": "bool"}, "power_factor_ok")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got is not None and got.dtype == "boolean" and int(got.sum()) == (n + 2) // 3
    assert peak < 16 * 2 ** 20, peak


# -- text: trimmed, mapped and checked without copies when nothing changes -------------------------------------


def test_text_with_nothing_to_trim_is_not_copied():
    a = pa.chunked_array([pa.array(["PW01", None, "受理"], pa.large_string())])
    assert V._trimmed(a) is a
    b = pa.chunked_array([pa.array(["PW01\u3000", "\u00a0x", "y\x1c"], pa.large_string())])
    assert V._trimmed(b).to_pylist() == ["PW01", "x", "y"]


def test_codes_are_looked_up_once_and_kept_as_they_are_when_written_so():
    arr = pa.chunked_array([pa.array(["counter", "online", None], pa.large_string())])
    col = pd.Series(pd.arrays.ArrowStringArray(arr, dtype=pd.StringDtype("pyarrow", na_value=np.nan)))
    same = M._as_written(col, {"counter": "counter", "online": "online"})
    assert same is not None and same.array._pa_array.chunk(0).buffers()[2].address == arr.chunk(0).buffers()[2].address
    assert same.tolist() == ["counter", "online", pd.NA]
    mapped = M._as_written(col, {"counter": "letter", "online": "online"})         # a code mapped, once
    assert mapped.tolist() == ["letter", "online", pd.NA] and str(mapped.dtype) == "string"
    assert M._as_written(col.astype(object), {"counter": "counter"}) is None      # not arrow text: mapped as before


@pytest.mark.parametrize("bad", [None, " counter", "Counter", "nope", ""])
def test_category_columns_are_refused_alike(bad, monkeypatch, tmp_path):
    rows = ["CS1,PW01,complaint,counter,2025-03-01 09:00", "CS2,PW01,complaint,online,2025-03-02 09:00"]
    if bad is not None:
        rows.append(f"CS3,PW01,complaint,{bad},2025-03-03 09:00")
    f = tmp_path / "complaints.csv"
    f.write_text("case_id,window_id,kind,channel,received_at\n" + "\n".join(rows) + "\n", encoding="utf-8")
    _alike(lambda: read_records("complaints", tmp_path), monkeypatch)


def test_the_demo_is_read_alike_with_every_lean_path(tmp_path, monkeypatch):
    from windoweval.demo import generate
    from windoweval.records import contracts, find_file

    d = tmp_path / "demo"
    generate(d, scale=2)
    kinds = [k for k in contracts() if find_file(k, d) is not None]
    assert len(kinds) >= 14
    for k in kinds:
        _alike(lambda: read_records(k, d), monkeypatch)


@pytest.mark.parametrize("case", sorted(p.parent for p in (CORPUS / "records").glob("*/case.yaml")),
                         ids=lambda p: p.name)
def test_the_corpus_is_refused_alike_with_every_lean_path(case, monkeypatch):
    new = read_case(case)
    with monkeypatch.context() as m:
        _per_value(m)
        old = read_case(case)
    assert_read_alike(old, new)


# -- keys ------------------------------------------------------------------------------------------------------


def test_keys_in_runs_are_judged_as_a_set_judges_them():
    rng = np.random.default_rng(7)
    for _ in range(2000):
        n = int(rng.integers(0, 40))
        v = [f"k{int(x):03d}" for x in rng.integers(0, int(rng.integers(1, 60)), n)]
        shape = rng.integers(0, 4)
        if shape == 1:
            v = sorted(v)
        elif shape >= 2 and n > 3:   # two or three exports in id order, joined (their ranges overlapping or not)
            cuts = sorted(rng.choice(np.arange(1, n), size=min(int(shape) - 1, n - 1), replace=False))
            v = [x for part in np.split(np.array(v, dtype=object), cuts) for x in sorted(part)]
        arrs = [pa.array(v, pa.large_string()),
                pa.chunked_array([pa.array(v[: n // 2], pa.large_string()), pa.array(v[n // 2:], pa.large_string())],
                                 type=pa.large_string())]
        for arr in arrs:
            assert V._all_distinct(arr) == (len(set(v)) == len(v)), v


# -- a Parquet dataset directory: the columns asked for ----------------------------------------------------------


def _dataset(tmp_path, window="PW01") -> Path:
    import pyarrow.dataset as ds

    d = tmp_path / "data"
    df = _typed_frame(np.random.default_rng(3), 30).assign(window_id=window)
    df["nominal_v"] = 220.0
    df["year"] = df["read_at"].dt.year
    ds.write_dataset(pa.Table.from_pandas(df, preserve_index=False), d / "voltage_readings", format="parquet",
                     partitioning=["year"], partitioning_flavor="hive")
    (d / "windoweval.toml").write_text('name = "示例"\nunknown_windows = "refuse"\n[[windows]]\nid = "PW01"\n'
                                       'name = "城东营业厅"\nkind = "power_hall"\n', encoding="utf-8")
    return d


def test_a_dataset_directory_is_read_by_the_columns_asked(tmp_path, monkeypatch):
    d = _dataset(tmp_path)
    asked = []
    real = pd.read_parquet
    monkeypatch.setattr(pd, "read_parquet", lambda *a, **k: asked.append(k.get("columns")) or real(*a, **k))
    some = read_records("voltage_readings", d, columns=["read_at"])
    assert asked and asked[0] is not None and set(asked[0]) == {"read_at", "point_id"}
    whole = read_records("voltage_readings", d)
    pd.testing.assert_frame_equal(some, whole[["read_at"]])


def test_a_dataset_directory_read_by_columns_refuses_unknown_windows_as_before(tmp_path):
    from windoweval.errors import InputError

    d = _dataset(tmp_path, window="PW09")
    with pytest.raises(InputError) as whole:
        read_records("voltage_readings", d)
    with pytest.raises(InputError) as some:
        read_records("voltage_readings", d, columns=["window_id", "read_at"])
    assert str(some.value) == str(whole.value) and "PW09" in str(some.value)


# -- CSV bytes read in place -------------------------------------------------------------------------------------


def _csv_files():
    return sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in (".csv", ".tsv", ".txt"))


@pytest.mark.parametrize("f", _csv_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_a_file_read_in_place_reads_as_its_bytes_read(f, monkeypatch):
    def outcome():
        try:
            return "ok", IO.read_tables(f)
        except IO.ExportError as e:
            return "refused", str(e)

    new = outcome()
    with monkeypatch.context() as m:
        m.setattr(IO, "_mapped", lambda p: Path(p).read_bytes())
        old = outcome()
    assert old[0] == new[0], (old, new)
    if old[0] == "refused":
        assert old[1] == new[1]
        return
    for a, b in zip(old[1], new[1]):
        assert (a.label, a.headers, a.first_row) == (b.label, b.headers, b.first_row)
        pd.testing.assert_frame_equal(a.frame, b.frame)


def test_bytes_for_an_empty_file_and_a_map_for_the_rest(tmp_path):
    e = tmp_path / "e.csv"
    e.write_bytes(b"")
    assert IO._mapped(e) == b""
    f = tmp_path / "f.csv"
    f.write_bytes(b"\xef\xbb\xbfa,b\n1,2\n")
    m = IO._mapped(f)
    assert not isinstance(m, bytes) and m[:] == f.read_bytes() and csvfast.utf8_start(m) == 3
