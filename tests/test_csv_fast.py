"""pyarrow's CSV reading (records/csvfast.py) gives exactly what pandas' reader gave: same tables, same refusals.

The pandas path stays in io.py (it reads whatever pyarrow cannot be sure of); ``_old_tables`` below calls
it alone, as every CSV was read before issue 14, and each test compares it with ``read_tables``: on the
demo data, on every CSV of the bad-input corpus, on hand-made oddities and on random CSV text.
"""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from _corpus import assert_read_alike, read_case

from windoweval.records import csvfast
from windoweval.records.io import (ExportError, _csv, _nul_refused, _refuse_before_parsing, _refuse_long_field,
                                   _without_blank_rows, _workbook_zip, decode, read_tables,
                                   sniff_delimiter)

CORPUS = Path(__file__).parent / "bad_inputs"


def _old_tables(f: Path, header_row: int = 1, encoding: str | None = None):
    """read_tables' CSV branch with the pandas reader only (as before pyarrow)."""
    f = Path(f)
    b = f.read_bytes()
    if not b.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ExportError(f, "empty", "empty")
    if b[:4] == b"PK\x03\x04":   # a zip under a text name: read_tables reads or refuses it as a workbook, no CSV reader
        return _workbook_zip(f, header_row)
    _refuse_before_parsing(f, b, header_row, encoding)   # refused before either reader: a row too wide, a NUL
    text = decode(b, f, encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    suf = f.suffix.lower()
    sep = sniff_delimiter(text[:1 << 16], suf)   # a comma, a tab or a semicolon, as read_tables finds it
    nul = text.find("\x00")
    if nul >= 0:
        raise _nul_refused(f, text, nul, sep)
    # what read_tables does to any CSV's table after reading it, whichever reader: an over-long value refused, the
    # rows of empty cells (a blank row between blocks) left out
    return [_without_blank_rows(_refuse_long_field(f, _csv(f, text, header_row, sep, fast=False)))]


def _outcome(fn, *a, **k):
    try:
        return "ok", fn(*a, **k)
    except ExportError as e:
        return "refused", str(e)


def _same(f: Path, header_row: int = 1, encoding: str | None = None) -> None:
    old, new = _outcome(_old_tables, f, header_row, encoding), _outcome(read_tables, f, header_row, encoding)
    assert old[0] == new[0], (f, old, new)
    if old[0] == "refused":
        if "empty" not in old[1]:
            assert old[1] == new[1]
        return
    (a,), (b,) = old[1], new[1]
    assert (a.label, a.headers, a.first_row, a.sheet) == (b.label, b.headers, b.first_row, b.sheet)
    np.testing.assert_array_equal(a.row_numbers(), b.row_numbers())
    pd.testing.assert_frame_equal(a.frame, b.frame)


def test_the_demo_is_read_alike_and_by_pyarrow(tmp_path, monkeypatch):
    from windoweval.demo import generate

    d = tmp_path / "demo"
    generate(d)
    calls = []
    orig = csvfast.parse_body
    monkeypatch.setattr(csvfast, "parse_body", lambda *a: calls.append(1) or orig(*a))
    files = sorted(d.glob("*.csv"))
    assert len(files) >= 10
    for f in files:
        _same(f)
    assert len(calls) >= len(files) - 1   # calendar.csv has a comment block pandas must read


def _corpus_files():
    return sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in (".csv", ".tsv", ".txt"))


@pytest.mark.parametrize("f", _corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_csv_of_the_bad_input_corpus_is_read_alike(f):
    _same(f)
    _same(f, header_row=2)


ODD = {
    "title_row": "工单导出 2025\n工单号,窗口编号\nW1,PW01\n",
    "blank_before_header": "\n\n工单号,窗口编号\nW1,PW01\n",
    "title_then_blank": "标题\n\n工单号,窗口编号\nW1,PW01\nW2,PW02\n",
    "blank_lines_inside": "a,b\n1,2\n\n\n3,4\n",
    "whitespace_line": "a,b\n1,2\n   \n3,4\n",
    "tab_line": "a,b\n1,2\n \t\n3,4\n",
    "crlf": "a,b\r\n1,2\r\n\r\n3,4\r\n",
    "cr_only": "a,b\r1,2\r3,4\r",
    "quoted_newline": 'a,b\n1,"x\ny"\n3,4\n',
    "quoted_header": '"a,1",b\n1,2\n',
    "quoted_newline_header": '"a\nb",c\n1,2\n',
    "quote_inside": 'a,b\n1,b"c"\n"3"x,4\n"a""b",5\n',
    "quoted_empty": 'a,b\n1,""\n"",4\n',
    "only_commas": "a,b\n1,2\n,\n3,4\n",
    "short_row": "a,b,c\n1,2\n3,4,5\n",
    "long_row_empty": "a,b\n1,2,\n3,4\n",
    "long_row_full": "a,b\n1,2,x\n3,4\n",
    "unclosed_quote": 'a,b\n1,"2\n3,4\n',
    "header_only": "a,b\n",
    "header_no_newline": "a,b",
    "no_final_newline": "a,b\n1,2",
    "one_column": "a\n1\n \n2\n",
    "spaces_kept": "a,b\n 1 , 2 \n",
    "nul": "a,b\n1,\x002\n",
    "bom_twice": "\ufeff\ufeffa,b\n1,2\n",
    "fullwidth": "工单号,受理时间\nＷ１,２０２５-03-04\n",
    "title_eleven": "标题\n" + "\n" * 12 + "a,b\n1,2\n",
    "backslash": 'a,b\n1,x\\"y\n',
}


@pytest.mark.parametrize("name", sorted(ODD))
@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_oddities_are_read_alike(tmp_path, name, enc):
    f = tmp_path / "x.csv"
    f.write_bytes(ODD[name].encode(enc))
    _same(f)
    _same(f, header_row=2)
    t = tmp_path / "x.tsv"
    t.write_bytes(ODD[name].replace(",", "\t").encode(enc))
    _same(t)


def test_random_csv_text_is_read_alike(tmp_path):
    rng = random.Random(14)
    alphabet = ["a", "b", "中", ",", ",", ",", '"', "\n", "\n", "\r\n", "\r", " ", "\t", "1", ""]
    for i in range(400):
        head = rng.choice(["a,b,c\n", "a,b\n", "标题\na,b,c\n", "a,b,c,d\n"])
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        f = tmp_path / f"r{i}.csv"
        f.write_bytes((head + body).encode(rng.choice(["utf-8", "gb18030"])))
        _same(f)


def test_a_large_file_is_decoded_by_its_head_only(tmp_path):
    rows = "".join(f"W{i},PW0{i % 3},fault_repair,2025-03-01 08:00\n" for i in range(60000))
    f = tmp_path / "work_orders.csv"
    f.write_text("工单号,窗口编号,工单类型,受理时间\n" + rows, encoding="utf-8")
    assert f.stat().st_size > 1 << 21
    _same(f)
    g = tmp_path / "w2.csv"   # a short row far beyond the decoded head: pandas reads the whole file
    g.write_text("工单号,窗口编号,工单类型,受理时间\n" + rows + "W9,PW01\n", encoding="utf-8")
    _same(g)
    (t,) = read_tables(g)
    assert t.frame.iloc[-1].tolist()[:2] == ["W9", "PW01"] and t.frame.iloc[-1].isna().sum() == 2


def _old_records(monkeypatch):
    """Every fast path switched off: the reading and validation as they were before issue 14."""
    import importlib

    V = importlib.import_module("windoweval.records.validate")
    M = importlib.import_module("windoweval.records.mapping")
    monkeypatch.setattr(csvfast, "parse_body", lambda *a: None)
    monkeypatch.setattr(V, "_fast_column", lambda *a: None)
    monkeypatch.setattr(V, "_schema_holds", lambda *a: False)
    monkeypatch.setattr(M, "_by_code", lambda v, ic, idx: pd.Series(np.array(v + [None], dtype=object)[ic], index=idx,
                                                                      dtype="string"))


def test_the_demo_records_handed_on_are_the_same_frames(tmp_path, monkeypatch):
    from windoweval.demo import generate
    from windoweval.records import contracts, find_file, read_records

    d = tmp_path / "demo"
    generate(d, scale=2)
    kinds = [k for k in contracts() if (f := find_file(k, d)) is not None and f.suffix == ".csv"]
    assert len(kinds) >= 12
    new = {k: read_records(k, d) for k in kinds}
    with monkeypatch.context() as m:
        _old_records(m)
        old = {k: read_records(k, d) for k in kinds}
    for k in kinds:
        pd.testing.assert_frame_equal(old[k], new[k], obj=k)


@pytest.mark.parametrize("case", sorted(p.parent for p in (CORPUS / "records").glob("*/case.yaml")),
                         ids=lambda p: p.name)
def test_the_corpus_is_refused_or_read_alike(case, monkeypatch):
    new = read_case(case)
    with monkeypatch.context() as m:
        _old_records(m)
        old = read_case(case)
    assert_read_alike(old, new)


def test_a_date_outside_what_the_engine_holds_is_refused_not_a_traceback():
    from windoweval.records import RecordsError, validate

    df = pd.DataFrame({"order_id": ["1", "2"], "window_id": ["PW01"] * 2, "order_type": ["fault_repair"] * 2,
                       "received_at": ["2025-03-01 08:00", "1600-01-01"]})
    with pytest.raises(RecordsError) as e:
        validate(df, "work_orders", file="工单.csv")
    assert e.value.problems[["row", "column", "value", "code"]].values.tolist() == [
        [3, "received_at", "1600-01-01", "bad_date"]]


def _random_dates(rng, n: int, forms: list, valid: bool) -> list:
    """Date-times in the forms exports write (and some no parser reads): each column one or two forms mixed;
    ``valid``: real dates and times only (else months, days, hours... one past their ends too)."""
    out = []
    for _ in range(n):
        y = rng.integers(1990, 2040)
        if valid:
            mo, d, h, mi, s = (rng.integers(1, 13), rng.integers(1, 29), rng.integers(0, 24), rng.integers(0, 60),
                               rng.integers(0, 60))
        else:
            mo, d, h, mi, s = (rng.integers(0, 14), rng.integers(0, 33), rng.integers(0, 25), rng.integers(0, 61),
                               rng.integers(0, 61))
        f = forms[rng.integers(len(forms))]
        out.append(None if rng.random() < 0.05 else "  " if rng.random() < 0.02 else f.format(
            y=y, mo=mo, d=d, h=h, mi=mi, s=s, mo2=f"{mo:02d}", d2=f"{d:02d}", h2=f"{h:02d}", mi2=f"{mi:02d}",
            s2=f"{s:02d}"))
    return out


FORMS = ["{y}/{mo}/{d} {h}:{mi2}", "{y}/{mo2}/{d2} {h2}:{mi2}:{s2}", "{y}/{mo}/{d}", "{y}-{mo}-{d} {h}:{mi2}:{s2}",
         "{y}年{mo}月{d}日 {h}时{mi2}分", "{y}年{mo}月{d}日", "{y}年{mo2}月{d2}日 {h2}:{mi2}:{s2}", " {y}/{mo}/{d}  {h}:{mi2} ",
         "{y}-{mo2}-{d2}T{h2}:{mi2}", "{y}-{mo2}-{d2} {h2}:{mi2}:{s2}", "{y}/{mo}/{d} {h}:{mi2} PM",
         "{y}/{mo}/{d} 下午{h}:{mi2}", "{y}.{mo}.{d}", "{d}/{mo}/{y}", "{y}/{mo}/{d} {h}:{mi}", "{y}-{mo2}-{d2}+08:00",
         "４５", "{y}/{mo}/{d} {h}:{mi2}:{s2}.5"]


@pytest.mark.parametrize("seed", range(60))
def test_non_iso_date_times_are_typed_alike_by_column_and_by_value(seed):
    """A date-time column the vectorised check types (ISO, or 2025/3/4 9:05 and 2025年3月4日 written out as ISO)
    gets exactly what the per-value parser gives it, with no problem; any other column is left to that parser."""
    import importlib

    V = importlib.import_module("windoweval.records.validate")
    rng = np.random.default_rng(seed)
    k = 1 + (seed // 2) % 2
    forms = [FORMS[i] for i in rng.choice(len(FORMS), size=k, replace=False)]
    valid_only = seed % 2 == 0   # a column with every value a real date-time (the vectorised path must take it)
    vals = _random_dates(rng, 300, forms, valid_only)
    for t in ("datetime", "date"):
        raw = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(vals, pa.large_string())]),
                                                   dtype=pd.StringDtype("pyarrow", na_value=np.nan)))
        fast = V._fast_column(raw, {"type": t}, "x")
        probs: list = []
        slow = V._coerce_column(raw, {"type": t}, "x", np.full(len(raw), "f.csv", dtype=object),
                                np.arange(2, len(raw) + 2), probs)
        if fast is not None:
            assert not probs, (forms, probs)
            pd.testing.assert_series_equal(fast, slow, check_names=False, obj=str(forms))
        plain = all(("{y}" in f and f.startswith(("{y}", " {y}")) and not any(x in f for x in ("PM", "下午", "+", ".")))
                    and "{mi}" not in f for f in forms)
        if valid_only and plain and (raw.notna() & (raw.str.strip() != "")).any():
            assert fast is not None, forms   # the plain forms stay vectorised


def test_a_column_of_2025_3_4_dates_takes_no_per_value_parse(monkeypatch):
    import importlib

    V = importlib.import_module("windoweval.records.validate")
    monkeypatch.setattr(V, "_coerce_column", lambda *a, **k: pytest.fail("per-value parse"))
    raw = pd.Series(["2025/3/4 9:05", "2025/12/31 23:59:59", None, "2025年3月4日 9时05分"], dtype="string")
    got = V._fast_column(raw, {"type": "datetime"}, "x")
    assert [str(x) for x in got] == ["2025-03-04 09:05:00", "2025-12-31 23:59:59", "NaT", "2025-03-04 09:05:00"]
