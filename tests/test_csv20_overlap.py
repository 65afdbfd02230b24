"""Session 20, issue 14 (f): reading a kind's CSV overlaps work that leaves a core idle, with the same results.

At the demo x100 the repeated-header search (:func:`~windoweval.records.totals.repeated_headers`, 0.9 s of CPU on one
thread, pyarrow's substring search) ran after the parse and before the validation, and ``_schema_holds``' key check
(1.3 s, one thread) after the columns' coercion: the second core idle while each ran.  The search now runs on a
thread of its own while the records are validated (:func:`files._alongside`); its answer is waited for before
either is used, so a refusal is the one it was.
"""
from __future__ import annotations

import threading

import pytest

from windoweval.records import files, totals
from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files


def _complaints(tmp_path, repeated: bool, bad: bool):
    f = tmp_path / "complaints.csv"
    rows = [f"C{i},95598,complaint,PW0{i % 3 + 1},2025-03-{1 + i % 28:02d} 10:00\n" for i in range(400)]
    if repeated:
        rows[150] = "工单编号,受理渠道,诉求类型,窗口编号,受理时间\n"
    if bad:
        rows[7] = "C7,95598,complaint,PW01,2025-13-01 10:00\n"
    f.write_text("工单编号,受理渠道,诉求类型,窗口编号,受理时间\n" + "".join(rows), encoding="utf-8")
    return f


def test_the_repeated_header_search_runs_while_the_records_are_validated(tmp_path, monkeypatch):
    """The search waits (3 s at most) for the validation to start: run alongside, it sees it started, and on a
    thread of its own.  Fails before: the search ran to its end before the validation began (it waited 3 s in vain)."""
    monkeypatch.setattr(files, "_PARALLEL_ROWS", 1, raising=False)   # a thread even for a few rows
    started = threading.Event()
    seen = []
    search, check = totals.repeated_headers, files.validate

    def slow_search(*a, **k):
        seen.append((started.wait(3), threading.current_thread() is threading.main_thread()))
        return search(*a, **k)

    def validate(*a, **k):
        started.set()
        return check(*a, **k)

    monkeypatch.setattr(totals, "repeated_headers", slow_search)
    monkeypatch.setattr(files, "validate", validate)
    got = load_files("complaints", [_complaints(tmp_path, False, False)])
    assert len(got.frame) == 400
    assert seen == [(True, False)]


@pytest.mark.parametrize("repeated,bad", [(True, False), (True, True), (False, True), (False, False)])
def test_a_read_or_refusal_is_the_same_with_the_search_alongside_or_before(tmp_path, monkeypatch, repeated, bad):
    """A repeated header alone, with a bad date, a bad date alone, nothing wrong: the same records or the same
    problems (codes, rows, texts, fixes) with the search on its own thread or done first on the caller's."""
    f = _complaints(tmp_path, repeated, bad)

    def read(threshold):
        monkeypatch.setattr(files, "_PARALLEL_ROWS", threshold, raising=False)
        try:
            return load_files("complaints", [f]).frame
        except RecordsError as e:
            return e.problems

    alongside, first = read(1), read(10 ** 12)
    assert alongside.equals(first)
    if repeated or bad:   # refused: the repeated header named (alone, or as the totals rule names it with the date)
        assert set(alongside.columns) >= {"row", "code"}
        assert (150 + 2 in alongside["row"].tolist()) == repeated


@pytest.mark.parametrize("big", [True, False])
def test_what_the_work_alongside_raises_is_raised_where_it_is_waited_for(big):
    """An error in the work on the other thread (or done at once) is raised by the wait, not lost, not earlier."""
    def boom():
        raise ValueError("scan failed")

    wait = files._alongside(boom, big=big)
    with pytest.raises(ValueError, match="scan failed"):
        wait()
    assert files._alongside(lambda a, b: a + b, 2, 3, big=big)() == 5


# ---- 2. a one-column key checked while the other columns are typed ------------------------------------------------

def _roster(n: int, dup: bool = False, blank: bool = False):
    import pandas as pd

    ids = [f"{i:06d}" for i in range(n)]
    if dup:
        ids[n - 1] = ids[3]
    if blank:
        ids[5] = None
    return pd.DataFrame({"staff_id": pd.array(ids, dtype="string[pyarrow]"),
                         "window_id": pd.array([f"PW{i % 9}" for i in range(n)], dtype="string[pyarrow]"),
                         "english": pd.array(["是", "否"] * (n // 2), dtype="string[pyarrow]"),
                         "sign_language": pd.array(["0", "1"] * (n // 2), dtype="string[pyarrow]")})


def test_the_key_is_checked_while_the_other_columns_are_typed(monkeypatch):
    """On a long table the key's distinct check (_schema_holds' longest, one thread) runs on the thread that waits
    for the column threads, while they type the other columns: each of them waits (3 s at most) for the check to
    start and sees it started.  Fails before: the check ran after every column was typed (they waited in vain)."""
    import importlib

    V = importlib.import_module("windoweval.records.validate")
    monkeypatch.setattr(V, "PARALLEL_ROWS", 1)
    checking = threading.Event()
    seen = []
    typing, distinct = V._fast_column, V._all_distinct

    def fast_column(raw, spec, name, *a):
        if name != "staff_id":
            seen.append((name, checking.wait(3)))
        return typing(raw, spec, name, *a)

    def all_distinct(arr):
        checking.set()
        return distinct(arr)

    monkeypatch.setattr(V, "_fast_column", fast_column)
    monkeypatch.setattr(V, "_all_distinct", all_distinct)
    out = V.validate(_roster(1000), "staff_roster")
    assert len(out) == 1000 and out["staff_id"].iloc[7] == "000007"
    assert sorted(seen) == [("english", True), ("sign_language", True), ("window_id", True)]


@pytest.mark.parametrize("dup,blank", [(False, False), (True, False), (False, True), (True, True)])
def test_a_key_refusal_is_the_same_checked_alongside_or_after(monkeypatch, dup, blank):
    """A duplicate id, a blank id, both, neither: the same records or the same problems with the key checked while
    the columns are typed (on a long table) or after them (a short one)."""
    import importlib

    V = importlib.import_module("windoweval.records.validate")

    def check(threshold):
        monkeypatch.setattr(V, "PARALLEL_ROWS", threshold)
        try:
            return V.validate(_roster(1000, dup, blank), "staff_roster", file="roster.csv")
        except RecordsError as e:
            return e.problems

    alongside, after = check(1), check(10 ** 12)
    assert alongside.equals(after)
    if dup:
        assert "duplicate_key" in alongside["code"].tolist()
    if blank:
        assert "missing_value" in alongside["code"].tolist()
