"""Review 16 (rev16v) of the csv15 merge (d9f76a9..d9402eb): a CSV's ISO date-time columns typed by pyarrow's parse.

Two defects of the per-file fallback where one kind is read from several files (a mapping ``file:`` pattern, monthly
exports), one typed by the parse and one read as text: the concatenated column must not be an object column of boxed
Timestamps (per-row Python in validate), and a refusal must show the cell as written, never the typed value's text.
Each test fails on d9402eb and passes on the tree before the merge (d9f76a9).
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.records import files as files_mod
from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files

HEAD = "order_id,window_id,order_type,received_at,customer_id,completed_at,filed_at\n"


def _month(path, prefix, n, fmt, seed):
    rng = np.random.default_rng(seed)
    t = pd.to_datetime(rng.integers(1_735_660_800, 1_767_196_800, n), unit="s")
    df = pd.DataFrame({"order_id": [f"{prefix}{i}" for i in range(n)], "window_id": "PW01",
                       "order_type": "new_connection_resident", "received_at": t.strftime(fmt),
                       "customer_id": "C1", "completed_at": (t + pd.Timedelta(hours=3)).strftime(fmt),
                       "filed_at": ""})
    df.to_csv(path, index=False)


def test_monthly_files_one_typed_one_text_do_not_box_every_timestamp(tmp_path):
    """Two monthly exports of one kind (mapping `file: [...]`), one all ISO (typed by the parse: datetime64) and
    one written 2025/03/04 09:05:12 (the text path): ``files.load_files`` concatenates a datetime64 column with a
    text column, which pandas turns into an object column of one boxed ``Timestamp`` per row (concat_compat ->
    DatetimeArray.astype(object)), and validate then writes each back out as text (``_text``: astype("string"),
    one Python call per row).  Measured at 1,000,000 rows per file: 15 s CPU / 57 s wall on main against
    4.2 s / 9-17 s before the merge.  Right: no per-row Python work -- the per-file fallback must leave the files
    of one kind with one column type (e.g. each file's typed column given back as text, or the text file's column
    cast, before the concat), never an object column of Timestamps, and the read no slower than the text path."""
    a, b = tmp_path / "wo_01.csv", tmp_path / "wo_02.csv"
    _month(a, "A", 200_000, "%Y-%m-%d %H:%M:%S", 1)
    _month(b, "B", 200_000, "%Y/%m/%d %H:%M:%S", 2)
    seen = {}
    real = files_mod.validate

    def spy(df, *args, **kw):
        seen["dtypes"] = {c: str(df[c].dtype) for c in ("received_at", "completed_at")}
        return real(df, *args, **kw)

    files_mod.validate = spy
    try:
        t0 = time.process_time()
        got = load_files("work_orders", [a, b])
        cpu = time.process_time() - t0
    finally:
        files_mod.validate = real
    assert len(got.frame) == 400_000
    assert str(got.frame["received_at"].dtype) == "datetime64[ns]"
    assert "object" not in seen["dtypes"].values(), (
        f"the concatenated date-time columns reach validate as {seen['dtypes']} (a boxed Timestamp per row); "
        f"load took {cpu:.2f} s CPU")


def test_mixed_zone_refusal_across_files_shows_the_value_as_written(tmp_path):
    """Two monthly exports: wo_01.csv writes received_at without a zone (2025-03-04T09:05, all ISO: typed by the
    parse), wo_02.csv with one (2025-03-04T01:05Z: text).  The column mixes zoned and plain times and is refused
    (mixed_time_zones), naming the fewer values -- here wo_01.csv's.  Before the merge the refusal named the value
    as the file writes it ('2025-03-04T09:05'); on main it names the parsed Timestamp's text
    ('2025-03-04 09:05:00'), a value that appears nowhere in the file (the user searches the export for it).
    Right: the value of a refusal is the cell as written (file, row, column, value, fix), as before."""
    (tmp_path / "wo_01.csv").write_text(HEAD + "WO1,PW01,new_connection_resident,2025-03-04T09:05,C1,,\n",
                                        encoding="utf-8")
    (tmp_path / "wo_02.csv").write_text(HEAD + "WO2,PW01,new_connection_resident,2025-03-04T01:05Z,C2,,\n",
                                        encoding="utf-8")
    with pytest.raises(RecordsError) as ei:
        load_files("work_orders", [tmp_path / "wo_01.csv", tmp_path / "wo_02.csv"])
    pr = ei.value.problems
    row = pr[(pr["code"] == "mixed_time_zones")]
    assert len(row) == 1 and str(row["file"].iloc[0]).endswith("wo_01.csv")
    assert row["value"].iloc[0] == "2025-03-04T09:05", row[["file", "row", "value"]].values.tolist()


def _monthly(tmp_path, months: dict) -> list:
    out = []
    for name, values in months.items():
        f = tmp_path / name
        f.write_text(HEAD + "".join(f"{name[:5]}{i},PW01,new_connection_resident,{x},C{i},{y},\n"
                                    for i, (x, y) in enumerate(values)), encoding="utf-8")
        out.append(f)
    return out


def _read(files_, typed=True):
    import importlib

    mapping = importlib.import_module("windoweval.records.mapping")
    real = mapping.plain_datetimes
    if not typed:
        mapping.plain_datetimes = lambda *a, **k: []
    try:
        return load_files("work_orders", files_)
    except RecordsError as e:
        return e
    finally:
        mapping.plain_datetimes = real


def test_typed_and_text_months_read_exactly_as_the_text_path_reads_them(tmp_path):
    """Three months, the first and last all ISO (typed by the parse), the middle one written 2025/03/04 (text): the
    frame, row numbers and file labels are the ones the text path gives (the typed months read again as text), and
    the typed months alone are read twice (one extra parse each, the text month once).  (A midnight in a typed month
    is read by the text path inside its one parse since session 43: 00:01 here keeps the month typed.)"""
    fs = _monthly(tmp_path, {"wo_01.csv": [("2025-01-04 09:05", "2025-01-04T10:00"), ("2025-01-05 08:00:01", "")],
                             "wo_02.csv": [("2025/02/04 09:05", "2025/02/05 09:05")],
                             "wo_03.csv": [("2025-03-04T09:05:12", "2025-03-06 00:01")]})
    from windoweval.records import io

    calls = []
    real = io.read_tables
    io.read_tables = lambda f, *a, **k: (calls.append((Path(f).name, k.get("timestamps") is not None))
                                         or real(f, *a, **k))
    try:
        typed = _read(fs)
    finally:
        io.read_tables = real
    plain = _read(fs, typed=False)
    pd.testing.assert_frame_equal(typed.frame, plain.frame)
    assert typed.rows.tolist() == plain.rows.tolist()
    assert str(typed.frame["received_at"].dtype) == "datetime64[ns]"
    assert calls == [("wo_01.csv", True), ("wo_02.csv", True), ("wo_03.csv", True),
                     ("wo_01.csv", False), ("wo_03.csv", False)]


def test_months_all_typed_or_one_empty_are_read_once_and_stay_typed(tmp_path):
    """Months all ISO are typed by the parse and read once; a month with no records (headers alone: read as text,
    no value to type) does not send the typed months back to the text path, and validate gets datetime64 columns
    (never an object column of Timestamps)."""
    fs = _monthly(tmp_path, {"wo_01.csv": [("2025-01-04 09:05", "2025-01-04T10:00")], "wo_02.csv": [],
                             "wo_03.csv": [("2025-03-04T09:05:12", "")]})
    from windoweval.records import io

    calls, seen = [], {}
    real, real_v = io.read_tables, files_mod.validate
    io.read_tables = lambda f, *a, **k: calls.append(Path(f).name) or real(f, *a, **k)

    def spy(df, *args, **kw):
        seen.update({c: str(df[c].dtype) for c in ("received_at", "completed_at")})
        return real_v(df, *args, **kw)

    files_mod.validate = spy
    try:
        got = _read(fs)
    finally:
        io.read_tables, files_mod.validate = real, real_v
    assert calls == ["wo_01.csv", "wo_02.csv", "wo_03.csv"]
    assert seen == {"received_at": "datetime64[ns]", "completed_at": "datetime64[ns]"}
    pd.testing.assert_frame_equal(got.frame, _read(fs, typed=False).frame)


def test_refusals_across_typed_and_text_months_are_the_text_paths(tmp_path):
    """An end before its start in a typed month and a value no reader takes in the text month: the same refusals
    (file, row, column, value as written, fix) as the text path's."""
    fs = _monthly(tmp_path, {"wo_01.csv": [("2025-01-04T09:05", "2025-01-04T08:00"), ("2025-01-05 08:00", "")],
                             "wo_02.csv": [("2025/02/04 09:05", "2025/02/31 09:05")]})
    typed, plain = _read(fs), _read(fs, typed=False)
    assert isinstance(typed, RecordsError) and isinstance(plain, RecordsError)
    pd.testing.assert_frame_equal(typed.problems.reset_index(drop=True), plain.problems.reset_index(drop=True))
    assert "2025/02/31 09:05" in typed.problems["value"].astype(str).tolist()   # the text month's cell as written
