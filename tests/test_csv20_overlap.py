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

