"""Session 40 (csv40): a column the mapping recodes through ``values`` (the counter's 业务类型) parsed by pyarrow as a
dictionary (``csvfast.parse_body(categories=...)``), its text made from the dictionary for the raw table (the same text
and chunks), and the recode reading the codes from the dictionary (``mapping._as_written``), with no search of the rows
for their distinct values.  Every table and refusal the same as with the column parsed as text: a totals row (合计) in
the category column, a bad code in the last row, blanks, a repeated header in the middle, a quoted body, a drop entry,
a bad date in a typed column, many chunks with a code first seen late."""
import random

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from windoweval.records import csvfast
from windoweval.records import mapping as M
from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files

MAP = {"values": {"business_type": {"居民缴费": "resident_payment", "用电业务": "electricity_business"}}}
HEAD = "票号,窗口编号,工号,业务类型,取号时间,叫号时间,开始办理时间,办结时间"


def _line(k: int, kind: str) -> str:
    m = k % 50
    return (f"T{k:08d},PW0{k % 3 + 1},S01{k % 7:02d},{kind},2025-03-04 09:{m:02d}:00,2025-03-04 09:{m:02d}:30,"
            f"2025-03-04 09:{m:02d}:40,2025-03-04 10:{m:02d}:00")


def _counter(tmp_path, rows: int = 3000, edit=None, prefix: bytes = b""):
    kinds = ["居民缴费", "用电业务"]
    lines = [_line(k, kinds[(k * 7) % 3 == 0]) for k in range(rows)]
    if edit:
        edit(lines)
    f = tmp_path / "counter_transactions.csv"
    f.write_bytes(prefix + ("\n".join([HEAD] + lines) + "\n").encode("utf-8"))
    return f


def _outcome(f, mapping=MAP):
    try:
        got = load_files("counter_transactions", [f], mapping)
    except RecordsError as e:
        return ("refused", e.problems.astype(str).values.tolist())
    df = got.frame
    arr = df["business_type"].array
    chunks = [len(c) for c in arr._pa_array.chunks] if hasattr(arr, "_pa_array") else None
    return ("read", list(df.columns), [str(t) for t in df.dtypes], df.astype("string").fillna("<NA>").values.tolist(),
            chunks, [dict(p.distinct) for p in got.plans], [len(r[2]) for r in got.tables],
            [r[2].astype("string").fillna("<NA>").values.tolist() for r in got.tables])


@pytest.fixture
def small_blocks(monkeypatch):
    """The parse in blocks of 4 KiB: a column of many chunks, each with its own dictionary before they are unified."""
    monkeypatch.setattr(csvfast, "_BLOCK", 4096)


def _both(f, monkeypatch, mapping=MAP):
    """The outcome with the category parsed as a dictionary, then with it parsed as text (as before)."""
    parsed = []
    read = csvfast._read_body

    def spy(*a, **k):
        tab = read(*a, **k)
        if tab is not None:
            parsed.append(any(pa.types.is_dictionary(t) for t in tab.schema.types))
        return tab

    monkeypatch.setattr(csvfast, "_read_body", spy)
    coded = _outcome(f, mapping)
    with monkeypatch.context() as m:
        m.setattr(M, "values_columns", lambda *a, **k: [])
        plain = _outcome(f, mapping)
    return coded, plain, parsed


def test_the_recode_reads_the_dictionary_not_the_rows(tmp_path, monkeypatch, small_blocks):
    """The counter's 业务类型 is parsed as a dictionary and recoded from it: ``pc.unique`` and ``pc.index_in`` never
    run over its rows (before, both did: the 0.14 s of the counter's recode at the demo x100)."""
    f = _counter(tmp_path)
    seen = []
    unique, index_in = pc.unique, pc.index_in

    def spy_unique(arr, *a, **k):
        seen.append(("unique", arr.to_pylist()[:1]))
        return unique(arr, *a, **k)

    def spy_index_in(arr, *a, **k):
        seen.append(("index_in", arr.to_pylist()[:1]))
        return index_in(arr, *a, **k)

    monkeypatch.setattr(pc, "unique", spy_unique)
    monkeypatch.setattr(pc, "index_in", spy_index_in)
    got = load_files("counter_transactions", [f], MAP)
    assert got.frame["business_type"].value_counts().to_dict() == {"resident_payment": 2000,
                                                                   "electricity_business": 1000}
    assert not [s for s in seen if s[1] in (["居民缴费"], ["用电业务"])]


@pytest.mark.parametrize("case", ["clean", "late_code", "totals_row", "bad_last", "blanks", "blank_last", "header_again",
                                  "quoted", "spaced_code", "mapped_to_null", "bad_date", "bom", "one_code"])
def test_the_same_tables_and_refusals(tmp_path, monkeypatch, small_blocks, case):
    mapping = MAP
    edit, prefix = None, b""
    if case == "late_code":   # a code first seen in the last chunk: the dictionaries unified in the rows' order
        def edit(lines):
            lines[-5] = lines[-5].replace("居民缴费", "一般事务").replace("用电业务", "一般事务")
        mapping = {"values": {"business_type": {**MAP["values"]["business_type"], "一般事务": "general_affairs"}}}
    elif case == "totals_row":   # 合计 in the category column, at the foot
        def edit(lines):
            lines.append(",,,合计,,,,")
    elif case == "bad_last":   # a code no entry maps, in the last row
        def edit(lines):
            lines[-1] = lines[-1].replace("居民缴费", "其他业务").replace("用电业务", "其他业务")
    elif case == "blanks":   # the category blank in a few rows
        def edit(lines):
            for k in (3, 1700, 2999):
                p = lines[k].split(",")
                p[3] = ""
                lines[k] = ",".join(p)
    elif case == "blank_last":   # blank in the first chunk's first rows only of its column, and in the very last row
        def edit(lines):
            for k in (0, 1, len(lines) - 1):
                p = lines[k].split(",")
                p[3] = ""
                lines[k] = ",".join(p)
    elif case == "header_again":   # two exports put together: the header written again in the middle
        def edit(lines):
            lines.insert(1500, HEAD)
    elif case == "quoted":   # a quote in the body: parsed as text (the sentinel row), the same
        def edit(lines):
            lines[10] = lines[10].replace("居民缴费", '"居民缴费"')
    elif case == "spaced_code":   # a code written with a blank around it and in full width: the norm finds it
        def edit(lines):
            lines[20] = lines[20].replace("居民缴费", " 居民缴费 ").replace("用电业务", " 用电业务 ")
    elif case == "mapped_to_null":
        mapping = {"values": {"business_type": {"居民缴费": "resident_payment", "用电业务": None}}}
    elif case == "bad_date":   # a typed date-time column falls back to text: the dictionary kept through it
        def edit(lines):
            lines[2500] = lines[2500].replace("2025-03-04 09:", "2025/3/4 09:", 1)
    elif case == "bom":
        prefix = b"\xef\xbb\xbf"
    elif case == "one_code":
        def edit(lines):
            for k in range(len(lines)):
                lines[k] = lines[k].replace("用电业务", "居民缴费")
    f = _counter(tmp_path, edit=edit, prefix=prefix)
    coded, plain, parsed = _both(f, monkeypatch, mapping)
    assert coded == plain
    if case == "quoted":
        assert not any(parsed)
    else:
        assert parsed and parsed[0]   # the dictionary parse was made, and kept
    if case in ("totals_row", "bad_last", "header_again"):
        assert coded[0] == "refused"


def test_a_drop_entry_parses_text(tmp_path, monkeypatch):
    """A ``drop`` entry cuts the rows before the recode: no dictionary asked for, the same table."""
    f = _counter(tmp_path, edit=lambda lines: lines.append("合计,,,,,,,"))
    mapping = {**MAP, "drop": {"票号": ["合计"]}}
    coded, plain, parsed = _both(f, monkeypatch, mapping)
    assert coded == plain and coded[0] == "read" and not any(parsed)


def test_parse_body_text_from_dictionaries_is_the_text(small_blocks):
    """Random columns of few codes, blanks, a code first seen late, many chunks: the text made from the dictionary is
    the text parsed as text (values and chunks), and the dictionary is ``pc.unique`` of it, in that order."""
    rng = random.Random(40)
    for trial in range(60):
        codes = ["甲", "乙", "ＡＢ", "a b", " x", "合计", "0", "-"][:rng.randint(1, 8)]
        n = rng.randint(1, 3000)
        late = rng.random() < 0.5
        rows = []
        for k in range(n):
            v = rng.choice(codes) if rng.random() > 0.1 else ""
            if late and k == n - 1:
                v = "最后才有"
            rows.append(f"{k},{v},{rng.randint(0, 9)}")
        data = ("\n".join(rows) + "\n").encode()
        text = csvfast.parse_body(data, 3, ",")
        coded = csvfast.parse_body(data, 3, ",", categories=[1])
        assert text is not None and coded is not None
        a, b = text[1].array._pa_array, coded[1].array._pa_array
        assert b.type == pa.large_string() and a.equals(b)
        assert [len(c) for c in a.chunks] == [len(c) for c in b.chunks]
        d = csvfast.dictionary_of(b)
        if d is None:   # every value blank: no dictionary kept (pc.unique then, as before)
            assert b.null_count == len(b)
            continue
        assert d.chunk(0).dictionary.to_pylist() == pc.unique(a).drop_null().to_pylist()
        assert all(c.dictionary.equals(d.chunk(0).dictionary) for c in d.chunks)
        assert pa.chunked_array([c.indices for c in d.chunks]).null_count == a.null_count
        assert csvfast.dictionary_of(a) is None and csvfast.dictionary_of(b.slice(0)) is None
        pd.testing.assert_frame_equal(text, coded)


def test_the_dictionary_is_forgotten_with_its_text():
    data = "1,甲\n2,乙\n".encode()
    t = csvfast.parse_body(data, 2, ",", categories=[1])
    key = id(t[1].array._pa_array)
    assert key in csvfast._DICTIONARIES
    del t
    import gc
    gc.collect()
    assert key not in csvfast._DICTIONARIES


def test_as_written_without_a_dictionary_is_as_before():
    """A column not made by the parse (sliced, or built) is recoded by its distinct values, as before."""
    col = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([["柜台", None], ["信函", "柜台"]], pa.large_string())))
    got = M._as_written(col, {"柜台": "counter", "信函": "letter"}, found := {})
    assert got.tolist() == ["counter", pd.NA, "letter", "counter"] and found["values"] == ["counter", "letter"]


def test_the_headers_mapped_once_for_both_questions(tmp_path, monkeypatch):
    """Which columns the parse types and which it reads as dictionaries: one application of the mapping to the
    headers (``mapping.handed_on``) answers both (before this commit: two, one for each)."""
    f = _counter(tmp_path, rows=50)
    calls = []
    handed = M.handed_on
    monkeypatch.setattr(M, "handed_on", lambda *a, **k: calls.append(1) or handed(*a, **k))
    monkeypatch.setattr(M, "values_columns", lambda *a, **k: calls.append("again") or [])
    got = load_files("counter_transactions", [f], MAP)
    assert calls == [1]
    assert got.frame["business_type"].tolist()[:3] == ["electricity_business", "resident_payment", "resident_payment"]


def test_bytes_not_utf8_in_the_category_refuse_the_parse_as_before():
    """pyarrow checks a dictionary column's bytes as it checks text: a GBK code is no UTF-8 (the file is then read as
    the encoding it is, as before)."""
    ok = "W1,柜台\nW2,网络\n".encode()
    bad = "W1,柜台\n".encode() + "W2,网络\n".encode("gbk")
    assert csvfast.parse_body(ok, 2, ",", check_utf8=True, categories=[1]) is not None
    assert csvfast.parse_body(bad, 2, ",", check_utf8=True) is None
    assert csvfast.parse_body(bad, 2, ",", check_utf8=True, categories=[1]) is None


def test_a_gb18030_export_reads_the_same(tmp_path, monkeypatch):
    f = _counter(tmp_path, rows=800)
    f.write_bytes(f.read_bytes().decode("utf-8").encode("gb18030"))
    coded, plain, parsed = _both(f, monkeypatch)
    assert coded == plain and coded[0] == "read" and parsed and parsed[0]
