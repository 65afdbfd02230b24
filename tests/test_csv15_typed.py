"""Issue 14, fifteenth round: a CSV's date-time columns typed by pyarrow's parse, with the same results.

The CSV reader asks the mapping which columns it hands on as they are to a date or date-time column of the contract
(``mapping.plain_datetimes``); pyarrow parses those as ISO date-times while it parses the file (on its threads, the
text never made), and any file whose such values are not all in that form is parsed again as text, as before.
Each shortcut is checked against the way it replaces:

- value by value, on hostile text: whatever the typed parse accepts, the text path's cast accepts, with the same
  instant (a value it refuses sends the file back to the text path, so it cannot change anything);
- whole files (work orders, a date column, a mapping with ``columns``, ``combine``, ``drop``, ``derive``): the same
  frame, or the same refusal (file, row, column, value, fix), as with the typed parse switched off;
- the columns the mapping takes as they are, and only those;
- a typed ``datetime64[ns]`` column is validated as the per-value path validates it (Parquet's too).
"""
from __future__ import annotations

import importlib
import random

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from windoweval.errors import InputError
from windoweval.records.io import read_tables

csvfast = importlib.import_module("windoweval.records.csvfast")
mapping = importlib.import_module("windoweval.records.mapping")
files = importlib.import_module("windoweval.records.files")
v = importlib.import_module("windoweval.records.validate")

HOSTILE = [
    "2025-03-04 09:05:12", "2025-03-04T09:05:12", "2025-03-04 09:05", "2025-03-04T09:05", "2025-03-04", "2025-03-04 09",
    "2025-03-04T09", " 2025-03-04 09:05", "2025-03-04 09:05 ", "2025-03-04\u300009:05", "\u30002025-03-04",
    "2025-03-04 09:05:12Z", "2025-03-04T09:05:12+08:00", "2025-03-04 09:05:12+0800", "2025-03-04 09:05:12 +08:00",
    "2025-03-04 09:05:12.5", "2025-03-04 09:05:12.000", "2025-03-04 09:05:12,5", "2025/03/04 09:05", "2025/3/4 9:05",
    "2025-3-4", "2025-03-4", "20250304", "20250304T090512", "2025-03-04 9:05", "2025-03-04 09:5", "2025-02-29",
    "2024-02-29 00:00", "2025-02-30 00:00", "2025-13-01", "2025-00-10", "2025-03-04 24:00:00", "2025-03-04 23:59:60",
    "2025-03-04 23:60", "9999-12-31 23:59:59", "0001-01-01", "1677-09-21 00:12:44", "1677-09-21 00:12:43",
    "2262-04-11 23:47:16", "2262-04-11 23:47:17", "12025-03-04", "-2025-03-04", "+2025-03-04", "２０２５-03-04",
    "2025－03－04", "2025年3月4日", "2025-03-04 下午3点", "NULL", "null", "NaN", "N/A", "-", "无", "None", "0", "45717",
    "2025-03-04\t09:05", "2025-03-04  09:05", "2025-03-04T", "T09:05", "09:05", "2025-03-04 09:05:12Z ", "2025-W10-2",
    "2025-063", "2025-03-04 09:05:12.123456789", "2025-03-04 09:05:12.1234567891",
]


def _typed_parse(value: str):
    """The typed parse of one value (column 1 of two): ('ok', seconds or None) or ('refused', None)."""
    body = f"X,{value}\n".encode()
    df = csvfast.parse_body(body, 2, ",", timestamps=[1])
    if df is None:
        return "none", None
    col = df[1]
    if col.dtype != np.dtype("datetime64[ns]"):
        return "refused", None
    x = col.iloc[0]
    return "ok", None if pd.isna(x) else x.value // 1_000_000_000


def _cast(value: str):
    """What the text path's first step (validate._iso_cast on the parsed text) makes of it."""
    df = csvfast.parse_body(f"X,{value}\n".encode(), 2, ",")
    if df is None:
        return "none", None
    text = v._text(df[1])
    got = v._iso_cast(text)
    if got is None:
        return "refused", None
    x = got.to_pylist()[0]
    return "ok", None if x is None else int(pc.cast(got, pa.int64()).to_pylist()[0])


def _random_values(n: int, seed: int = 15) -> list[str]:
    rng = random.Random(seed)
    parts = ["2025", "1999", "0001", "9999", "2262", "1677", "-", "/", ":", " ", "T", "t", "Z", "z", "+", ".", ",",
             "0", "1", "2", "3", "9", "00", "12", "23", "24", "29", "30", "31", "59", "60", "08:00", "\u3000", "\t",
             "年", "时", "下午"]
    out = []
    for _ in range(n):
        if rng.random() < 0.5:   # near ISO: a good value with one edit
            good = f"{rng.randint(1, 9999):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.7:
                good += rng.choice([" ", "T"]) + f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
                if rng.random() < 0.5:
                    good += f":{rng.randint(0, 59):02d}"
            i = rng.randint(0, len(good))
            op = rng.random()
            if op < 0.3:
                good = good[:i] + rng.choice(parts) + good[i:]
            elif op < 0.6:
                good = good[:i] + good[i + 1:]
            out.append(good)
        else:
            out.append("".join(rng.choice(parts) for _ in range(rng.randint(1, 8))))
    return [x for x in out if "," not in x and '"' not in x and "\n" not in x and "\r" not in x]


@pytest.mark.parametrize("value", HOSTILE + _random_values(1500))
def test_what_the_typed_parse_accepts_the_cast_accepts_as_the_same_instant(value):
    typed = _typed_parse(value)
    cast = _cast(value)
    if typed[0] == "ok":
        assert cast == typed, value
    else:   # the file goes back to the text path: nothing to compare
        assert typed[0] in ("refused", "none")


def test_a_value_out_of_datetime64_range_sends_the_file_back_to_text():
    for value in ("9999-12-31 23:59:59", "0001-01-01", "2262-04-11 23:47:17", "1677-09-21 00:12:43"):
        df = csvfast.parse_body(f"X,{value}\nY,2025-03-04\n".encode(), 2, ",", timestamps=[1])
        assert df[1].dtype != np.dtype("datetime64[ns]") and df[1].tolist() == [value, "2025-03-04"]
    df = csvfast.parse_body(b"X,2262-04-11 23:47:16\nY,1677-09-21 00:12:44\nZ,\n", 2, ",", timestamps=[1])
    assert str(df[1].dtype) == "datetime64[ns]"
    assert df[1].tolist()[:2] == [pd.Timestamp("2262-04-11 23:47:16"), pd.Timestamp("1677-09-21 00:12:44")]
    assert pd.isna(df[1].iloc[2])


def test_a_body_with_quotes_is_typed_and_a_quote_left_open_goes_back_to_text():
    df = csvfast.parse_body(b'X,2025-03-04 09:05\n"Y\nZ","2025-03-05 10:00"\nW,""\n', 2, ",", timestamps=[1])
    assert str(df[1].dtype) == "datetime64[ns]" and df[0].tolist() == ["X", "Y\nZ", "W"]
    assert df[1].tolist()[:2] == [pd.Timestamp("2025-03-04 09:05"), pd.Timestamp("2025-03-05 10:00")]
    assert pd.isna(df[1].iloc[2])
    for body in (b'X,2025-03-04 09:05\n"Y,2025-03-05 10:00\nW,2025-03-06\n',     # open in a text column
                 b'X,2025-03-04 09:05\nY,"2025-03-05 10:00\nW,2025-03-06\n',     # open in a typed column
                 b'X,2025-03-04 09:05\nY,2025-03-05 10:00\nW,"2025-03-06\n',
                 b'"X,2025-03-04 09:05\n'):
        assert csvfast.parse_body(body, 2, ",", timestamps=[1]) is None, body   # as without typed columns
        assert csvfast.parse_body(body, 2, ",") is None, body


def test_many_blocks_and_missing_values_come_back_as_the_cast_gives_them():
    rng = np.random.default_rng(15)
    secs = rng.integers(1_600_000_000, 1_800_000_000, 300_000)
    text = pd.to_datetime(secs, unit="s").strftime("%Y-%m-%d %H:%M:%S").to_numpy(dtype=object)
    text[rng.random(len(text)) < 0.1] = ""
    body = "\n".join(f"R{i},{t}" for i, t in enumerate(text)).encode() + b"\n"   # several 4 MiB blocks
    typed = csvfast.parse_body(body, 2, ",", timestamps=[1])
    plain = csvfast.parse_body(body, 2, ",")
    assert str(typed[1].dtype) == "datetime64[ns]"
    want = v._iso_timestamps(v._text(plain[1]), plain[1], "datetime")
    pd.testing.assert_series_equal(typed[1], want, check_names=False)
    pd.testing.assert_series_equal(typed[0], plain[0])


def test_read_tables_types_the_columns_it_is_told_and_only_those(tmp_path):
    f = tmp_path / "工单.csv"
    f.write_text("工单号,受理时间,办结时间\nWO1,2025-03-04 09:05,2025-03-05\nWO2,,2025-03-06 10:00\n", encoding="utf-8")
    seen = []
    t = read_tables(f, timestamps=lambda h: seen.append(h) or [1])[0]
    assert seen == [["工单号", "受理时间", "办结时间"]]
    assert str(t.frame[1].dtype) == "datetime64[ns]" and t.frame[2].tolist() == ["2025-03-05", "2025-03-06 10:00"]
    assert t.frame[1].tolist()[0] == pd.Timestamp("2025-03-04 09:05") and pd.isna(t.frame[1].iloc[1])
    assert read_tables(f)[0].frame[1].tolist() == ["2025-03-04 09:05", np.nan]   # not asked: text, as before


def test_the_mapping_names_the_date_time_columns_it_takes_as_they_are():
    pd_ = mapping.plain_datetimes
    h = ["工单编号", "供电单位", "业务类型", "受理时间", "客户编号", "办结时间", "到达时间", "备注"]
    cols = {"columns": {"工单编号": "order_id", "供电单位": "window_id", "业务类型": "order_type",
                        "受理时间": "received_at", "客户编号": "customer_id", "办结时间": "completed_at",
                        "到达时间": "arrived_at"}}
    assert pd_(h, "work_orders", cols) == [3, 5, 6]
    assert pd_(h, "work_orders", {**cols, "drop": {"受理时间": ["合计"]}}) == [5, 6]    # read as text by drop
    assert pd_(h, "work_orders", {**cols, "derive": {"due_at": {"from": "received_at", "add": "备注",
                                                                "unit": "hours"}}}) == []
    assert pd_(["工单号", "日期", "时间", "completed_at"], "work_orders",
               {"combine": {"received_at": {"date": "日期", "time": "时间"}}}) == [3]   # the completed_at by name
    assert pd_(["工单号", "受理时间", "受理时间 "], "work_orders", {}) == []   # a duplicate header: refused later
    assert pd_(["staff_id", "window_id", "role", "active_from"], "staff_roster", {}) == [3]   # a date column


def _demo_like(tmp_path, values, header="received_at", kind="work_orders"):
    f = tmp_path / f"{kind}.csv"
    if kind == "work_orders":
        rows = [f"WO{i},PW01,new_connection_resident,{x},C{i},," for i, x in enumerate(values)]
        f.write_text("order_id,window_id,order_type," + header + ",customer_id,completed_at,filed_at\n"
                     + "\n".join(rows) + "\n", encoding="utf-8")
    else:   # activities: held_on is a date
        rows = [f"A{i},PW01,training,{x},topic {i}," for i, x in enumerate(values)]
        f.write_text("activity_id,window_id,kind,held_on,topic,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return f


def _load(kind, f, km=None):
    try:
        return files.load_files(kind, [f], km).frame
    except (InputError, Exception) as e:   # noqa: BLE001 - the refusal's text is what is compared
        return f"{type(e).__name__}: {e}"


def _both(monkeypatch, kind, f, km=None):
    typed = _load(kind, f, km)
    with monkeypatch.context() as m:
        m.setattr(mapping, "plain_datetimes", lambda *a, **k: [])
        plain = _load(kind, f, km)
    return typed, plain


def _same(a, b):
    if isinstance(a, str) or isinstance(b, str):
        assert a == b
    else:
        pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_file_reads_as_with_the_text_path_whatever_its_date_times(tmp_path, monkeypatch, value):
    f = _demo_like(tmp_path, ["2025-03-04 09:05:12", value, "2025-03-05 10:00", ""])
    _same(*_both(monkeypatch, "work_orders", f))
    quoted = _demo_like(tmp_path, ['"2025-03-04 09:05:12"', f'"{value}"', '"2025-03-05\n10:00"', '""'])
    _same(*_both(monkeypatch, "work_orders", quoted))


@pytest.mark.parametrize("value", ["2025-03-04", "2025-03-04 09:05", "2025-03-04T23:59:59", "2025/3/4", "9999-12-31",
                                   " 2025-03-04", "2025-03-04Z", ""])
def test_a_date_column_reads_as_with_the_text_path(tmp_path, monkeypatch, value):
    f = _demo_like(tmp_path, ["2025-03-04 08:00", value, "2025-03-06"], kind="activities")
    _same(*_both(monkeypatch, "activities", f))


def test_every_mapping_shape_reads_as_with_the_text_path(tmp_path, monkeypatch):
    f = tmp_path / "导出.csv"
    f.write_text("工单编号,供电单位,业务类型,受理日期,受理时刻,客户编号,办结时间,归档时间,时长\n"
                 "WO1,PW01,居民新装,2025-03-04,09:05,C1,2025-03-04 10:00,2025-03-04 09:05,2\n"
                 "WO2,PW01,居民新装,2025-03-04,23:50,C2,2025-03-05 00:10,2025-03-04 23:50,1\n"
                 "合计,,,,,,,,\n", encoding="utf-8")
    base = {"columns": {"工单编号": "order_id", "供电单位": "window_id", "业务类型": "order_type",
                        "客户编号": "customer_id", "办结时间": "completed_at", "归档时间": "filed_at"},
            "values": {"order_type": {"居民新装": "new_connection_resident"}},
            "combine": {"received_at": {"date": "受理日期", "time": "受理时刻"}}}
    for km in (base, {**base, "drop": {"工单编号": ["合计"]}},
               {**base, "drop": {"工单编号": ["合计"]}, "derive": {"due_at": {"from": "received_at", "add": "时长",
                                                                            "unit": "hours"}}}):
        typed, plain = _both(monkeypatch, "work_orders", f, km)
        _same(typed, plain)
    assert not isinstance(typed, str) and len(typed) == 2


def test_an_end_before_its_start_is_refused_with_the_same_row_and_value(tmp_path, monkeypatch):
    f = tmp_path / "work_orders.csv"
    f.write_text("order_id,window_id,order_type,received_at,customer_id,completed_at,filed_at\n"
                 "WO1,PW01,new_connection_resident,2025-03-04 09:05,C1,2025-03-04 08:00,\n", encoding="utf-8")
    typed, plain = _both(monkeypatch, "work_orders", f)
    assert isinstance(typed, str) and "end_before_start" in typed or "早于" in typed
    assert typed == plain


def test_a_typed_column_validates_as_the_per_value_path_reads_it():
    raw = pd.Series(pd.to_datetime(["2025-03-04 09:05:12", None, "2025-03-05 23:59:59"])).astype("datetime64[ns]")
    for t in ("datetime", "date"):
        got = v._fast_column(raw, {"type": t}, "received_at")
        probs: list = []
        want = v._coerce_column(raw, {"type": t}, "received_at", np.array(["f"] * 3, dtype=object),
                                np.arange(2, 5), probs)
        assert not probs
        pd.testing.assert_series_equal(got, want, check_names=False)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16"])
def test_a_gbk_or_utf16_export_is_typed_too_and_reads_the_same(tmp_path, monkeypatch, encoding):
    f = tmp_path / "工单.csv"
    text = ("工单编号,供电单位,业务类型,受理时间,客户编号,归档时间\n"
            "WO1,PW01,居民新装,2025-03-04 09:05,C1,2025-03-04 09:05\nWO2,PW01,居民新装,,C2,2025-03-05 10:00\n")
    f.write_bytes(text.encode(encoding))
    t = read_tables(f, timestamps=lambda h: [3])[0]
    assert str(t.frame[3].dtype) == "datetime64[ns]"
    km = {"columns": {"工单编号": "order_id", "供电单位": "window_id", "业务类型": "order_type",
                      "受理时间": "received_at", "客户编号": "customer_id", "归档时间": "filed_at"},
          "values": {"order_type": {"居民新装": "new_connection_resident"}}}
    typed, plain = _both(monkeypatch, "work_orders", f, km)
    _same(typed, plain)
    assert not isinstance(typed, str) and typed["received_at"].iloc[0] == pd.Timestamp("2025-03-04 09:05")


def test_random_files_read_as_with_the_text_path(tmp_path, monkeypatch):
    rng = random.Random(1515)
    pool = _random_values(400, seed=1516) + HOSTILE + ["2025-03-04 09:05:12"] * 200 + [""] * 50
    for k in range(25):
        vals = [rng.choice(pool) for _ in range(rng.randint(1, 6))]
        d = tmp_path / str(k)
        d.mkdir()
        f = _demo_like(d, vals, kind=rng.choice(["work_orders", "activities"]))
        kind = f.stem
        _same(*_both(monkeypatch, kind, f))


def test_records_check_counts_placeholders_as_before_and_skips_a_typed_column(tmp_path, monkeypatch):
    from windoweval.records.check import placeholder_counts
    from windoweval.records.files import load_files

    f = tmp_path / "complaints.csv"
    f.write_text("case_id,channel,kind,window_id,received_at,replied_at\n1,95598,complaint,PW01,2025-03-01 08:00,-\n"
                 "2,95598,complaint,PW01,2025-03-01 08:00,无\n", encoding="utf-8")
    got = load_files("complaints", [f])   # a placeholder: the file is read as text, as before
    assert str(got.tables[0][2][4].dtype) != "datetime64[ns]"
    assert placeholder_counts(got.plans[0], got.tables[0], "complaints") == [("replied_at", "replied_at", 2, ["-", "无"])]
    f.write_text("case_id,channel,kind,window_id,received_at,replied_at\n1,95598,complaint,PW01,2025-03-01 08:00,\n"
                 "2,95598,complaint,PW01,2025-03-01 08:00,2025-03-02 09:00\n", encoding="utf-8")
    got = load_files("complaints", [f])
    assert str(got.tables[0][2][4].dtype) == "datetime64[ns]"   # typed by the parse
    calls = []
    v_placeholder = v._placeholder
    monkeypatch.setattr(v, "_placeholder", lambda s: calls.append(str(s.dtype)) or v_placeholder(s))
    assert placeholder_counts(got.plans[0], got.tables[0], "complaints") == []
    assert "datetime64[ns]" not in calls   # a typed column is not written out as text to be looked at
