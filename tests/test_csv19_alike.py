"""Session 19 (house item of issue 14): one rule makes one kind's tables alike before they are concatenated.

``files._typed_alike`` (a CSV the parse typed beside one it read as text: the typed file read again as text) and
``files._text_alike`` (a Parquet export's typed column beside a CSV's text: written as text; zones to Beijing
wall-clock time) were two rules for one job, each with its own census of the columns' types.  ``files._alike`` is
the one: one census of the tables with rows, then the CSV parse's typed tables read again as written, an empty
month given the typed column's type, an export's typed column written as text.  The unit tests call it on tables
made by hand (they fail before: ``_alike`` did not exist); the end-to-end ones read the two cases the issue names
(a typed Parquet export beside text CSVs; CSVs of different inferred types) and the three together, and pass on
main as here: nothing read changes.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _workspace import HALL, write_workspace

from windoweval.records import files as files_mod
from windoweval.records.contract import RecordsError
from windoweval.records.files import load, load_files

_alike = getattr(files_mod, "_alike", None)


def _t(**cols) -> pd.DataFrame:
    return pd.DataFrame(cols)


def _entry(f, frames, asked):
    return (f, [(df, None, None, None, None) for df in frames], asked)


def _frames(read_):
    return [df for _f, got, _a in read_ for df, *_ in got]


def _no_read(f, typed):
    raise AssertionError(f"{f} read again")


def test_a_typed_parquet_column_beside_csv_text_is_written_as_text():
    """Case 1: a Parquet export's date-time, number and yes/no beside a CSV's text: written as text, nothing read
    again; categories (a Parquet export's text) give plain text."""
    assert _alike is not None, "files._alike: the one rule (before: _typed_alike and _text_alike)"
    pq = _t(order_id=["A1", "A2"], received_at=pd.to_datetime(["2024-03-01 10:00:00", "2024-03-01 10:00:30"]),
            n=np.array([3.0, np.nan]), note=pd.Categorical(["x", "y"]))
    csv = _t(order_id=["B1"], received_at=["2025/1/2 10:00"], n=["4"], note=["z"])
    out = _frames(_alike([_entry("a.parquet", [pq], False), _entry("b.csv", [csv], True)], _no_read))
    assert out[0]["received_at"].tolist() == ["2024-03-01 10:00:00", "2024-03-01 10:00:30"]
    assert out[0]["n"].iloc[0] == "3" and pd.isna(out[0]["n"].iloc[1])
    assert str(out[0]["note"].dtype) == "category"        # text already: left as it is (the concat makes it text)
    assert out[1] is csv
    both = pd.concat(out, ignore_index=True)
    assert both["received_at"].tolist() == ["2024-03-01 10:00:00", "2024-03-01 10:00:30", "2025/1/2 10:00"]


def test_csvs_of_different_inferred_types_the_typed_one_read_again_as_text():
    """Case 2: the parse typed one CSV's column (every value ISO) and read another's as text (not ISO): the typed
    file is read again with every column as text, once; the other is left alone."""
    assert _alike is not None
    typed = _t(order_id=["A1"], received_at=pd.to_datetime(["2025-03-04 09:05"]).astype("datetime64[ns]"))  # as the parse types
    text = _t(order_id=["B1"], received_at=["2025/3/4 9:05"])
    again = _t(order_id=["A1"], received_at=["2025-03-04T09:05"])
    calls = []

    def read(f, typed_):
        calls.append((f, typed_))
        return [(again, None, None, None, None)], [], [], False

    read_ = _alike([_entry("a.csv", [typed], True), _entry("b.csv", [text], True)], read)
    assert calls == [("a.csv", False)]
    assert [a for _f, _g, a in read_] == [False, True]
    out = _frames(read_)
    assert out[0] is again and out[1] is text


def test_an_empty_month_takes_the_typed_type_and_a_zone_goes_to_beijing_time():
    """An empty table beside typed ones takes their type (nothing read again, nothing written as text); a zoned
    export beside a naive one: both typed, in Beijing wall-clock time."""
    assert _alike is not None
    full = _t(order_id=["A1"], received_at=pd.to_datetime(["2025-03-04 09:05"]).astype("datetime64[ns]"))
    empty = _t(order_id=pd.Series([], dtype=object), received_at=pd.Series([], dtype=object))
    out = _frames(_alike([_entry("a.csv", [full], True), _entry("b.csv", [empty], True)], _no_read))
    assert str(out[1]["received_at"].dtype) == "datetime64[ns]" and out[0] is full
    zoned = _t(order_id=["Z1"], received_at=pd.to_datetime(["2025-03-04 01:05"]).tz_localize("UTC"))
    out = _frames(_alike([_entry("a.csv", [full], True), _entry("z.parquet", [zoned], False)], _no_read))
    assert out[1]["received_at"].tolist() == [pd.Timestamp("2025-03-04 09:05")]
    assert str(out[1]["received_at"].dtype) == "datetime64[ns]"


def test_one_table_is_left_as_it_is():
    assert _alike is not None
    one = [_entry("a.csv", [_t(order_id=["A1"], received_at=pd.to_datetime(["2025-03-04"]))], True)]
    assert _alike(one, _no_read) is one


# ---------------------------------------------------------------- end to end: both cases, and all three together
_HEAD = "order_id,window_id,order_type,received_at,arrived_at\n"


def _three(tmp_path, iso_rows, text_rows, parquet=True):
    d = write_workspace(tmp_path / "data", HALL, mapping_file="mapping.yaml")
    pats = (['"work_orders_2024.parquet"'] if parquet else []) + ['"work_orders_2025-*.csv"']
    (d / "mapping.yaml").write_text(f"work_orders:\n  file: [{', '.join(pats)}]\n", encoding="utf-8")
    if parquet:
        recv = pd.to_datetime(["2024-03-01 10:00:00", "2024-03-02 10:00:00"])
        pd.DataFrame({"order_id": ["P1", "P2"], "window_id": "PW01", "order_type": "fault_repair",
                      "received_at": recv, "arrived_at": recv + pd.Timedelta("20min")}).to_parquet(
            d / "work_orders_2024.parquet", index=False)
    (d / "work_orders_2025-01.csv").write_text(_HEAD + "".join(",".join(r) + "\n" for r in iso_rows), encoding="utf-8")
    (d / "work_orders_2025-02.csv").write_text(_HEAD + "".join(",".join(r) + "\n" for r in text_rows), encoding="utf-8")
    (d / "work_orders_2025-03.csv").write_text(_HEAD, encoding="utf-8")     # a month with no records
    return d


@pytest.mark.parametrize("parquet", [True, False])
def test_a_parquet_export_an_iso_csv_a_text_csv_and_an_empty_month_read_as_one_typed_frame(tmp_path, parquet):
    d = _three(tmp_path, [["I1", "PW01", "fault_repair", "2025-01-02T10:00", "2025-01-02 10:30:00"]],
               [["T1", "PW01", "fault_repair", "2025/2/3 10:00", "2025年2月3日 10时30分"]], parquet)
    seen = {}
    real = files_mod.validate

    def spy(df, *a, **k):
        seen.update({c: df[c].tolist() for c in ("received_at", "arrived_at")})
        return real(df, *a, **k)

    files_mod.validate = spy
    try:
        f = load("work_orders", d).frame.set_index("order_id")
    finally:
        files_mod.validate = real
    # every value reaches validate as the text the files and the export give: no boxed Timestamp (one per row)
    assert not any(isinstance(v, pd.Timestamp) for col in seen.values() for v in col)
    assert "2025-01-02T10:00" in seen["received_at"]                   # the ISO CSV's cell as written
    assert str(f["received_at"].dtype) == "datetime64[ns]" and str(f["arrived_at"].dtype) == "datetime64[ns]"
    assert f.loc["I1", "arrived_at"] == pd.Timestamp("2025-01-02 10:30")
    assert f.loc["T1", "arrived_at"] == pd.Timestamp("2025-02-03 10:30")
    if parquet:
        assert f.loc["P2", "arrived_at"] == pd.Timestamp("2024-03-02 10:20")
    assert len(f) == 2 + 2 * parquet


def test_a_refusal_in_the_three_shows_each_cell_as_written(tmp_path):
    """A bad value in the text CSV and an end before its start in the ISO CSV (typed by the parse, read again):
    each named with its cell as the file wrote it."""
    d = _three(tmp_path, [["I1", "PW01", "fault_repair", "2025-01-02T10:00", "2025-01-02T09:30"]],
               [["T1", "PW01", "fault_repair", "2025/2/3 10:00", "昨天"]])
    with pytest.raises(RecordsError) as e:
        load("work_orders", d)
    p = e.value.problems.set_index("column").loc["arrived_at"]
    assert sorted(zip(p["code"], p["value"])) == [("bad_date", "昨天"), ("end_before_start", "2025-01-02T09:30")]
