"""tidy45 (session 44's note, item 6): a read note is said by each read that needs it, once in it.

``validate._NOTES_SAID`` kept every note said for the life of the process: in a Jupyter kernel (or any program that
reads twice) the second reading of a file whose dates are written day first said nothing of how they were read.  A
note is now said once per command, per call of a public read (``read_records``, ``validate``, a scope of shared
reads), and again by the next one; Python's own "once per place" (its default action) does not hold it back either."""
from __future__ import annotations

import io
import warnings
from contextlib import redirect_stderr, redirect_stdout

from windoweval.cli import main
from windoweval.records.read import read_records
from windoweval.records.shared import shared_reads
from windoweval.records.validate import ReadNote

from _workspace import HALL, write_workspace

HEAD = "order_id,window_id,order_type,received_at,arrived_at,completed_at\n"
DAY_FIRST = ("a,PW01,fault_repair,13.03.2025 10:00,13.03.2025 10:30,13.03.2025 12:00\n"
             "b,PW01,fault_repair,03.04.2025 10:00,03.04.2025 11:30,03.04.2025 12:00\n")


def _data(tmp_path):
    d = write_workspace(tmp_path / "data", HALL)
    (d / "work_orders.csv").write_text(HEAD + DAY_FIRST, encoding="utf-8")
    return d


def _notes(got) -> list:
    return [str(w.message) for w in got if issubclass(w.category, ReadNote) and "received_at" in str(w.message)]


def test_two_reads_in_one_process_both_say_it(tmp_path):
    d = _data(tmp_path)
    with warnings.catch_warnings(record=True) as got:
        warnings.resetwarnings()
        warnings.simplefilter("default")      # Python's default: once per place and text
        read_records("work_orders", d)
        first = len(_notes(got))
        read_records("work_orders", d)        # a cell run again in the kernel
    assert first == 1 and len(_notes(got)) == 2, _notes(got)


def test_one_scope_of_shared_reads_says_it_once(tmp_path):
    d = _data(tmp_path)
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        with shared_reads():
            read_records("work_orders", d)
            read_records("work_orders", d, columns=["order_id", "received_at"])
    assert len(_notes(got)) == 1, _notes(got)


def test_two_commands_in_one_process_both_print_it(tmp_path):
    d = _data(tmp_path)
    said = []
    for _ in range(2):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            rc = main(["records", "check", "--data", str(d)])
        assert rc == 0, err.getvalue()
        said.append([x for x in err.getvalue().splitlines() if x.startswith("注意 / note:") and "received_at" in x])
    assert [len(x) for x in said] == [1, 1], said
    assert "日在前" in said[1][0] and "read day first" in said[1][0]


def test_one_scoring_says_it_once_and_the_next_again(tmp_path):
    """``we.score`` reads the orders for its years' check and again to score them: one call, one note a column."""
    import windoweval as we

    d = _data(tmp_path)
    counts = []
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("default")
        for _ in range(2):
            we.score("power_window", 2025, data=d)
            counts.append(len(_notes(got)))
    assert counts == [1, 2], [str(w.message)[:80] for w in got]
