"""msgs46 (session 45's note): a read note said on a validation thread belongs to the scope that asked for it.

``validate._coerce`` types a long table's columns on two threads (``_workers``; ``_halves`` and ``_row_hashes``
split a column or the rows in two there); a thread starts with a context of its own, so the read-notes scope
(``errors.notes_once``, a context variable) was not open on it: a note said while a column was typed there was said
by every task and every read of the scope (or, were a scope set on the thread, kept from the next read).  Each task
handed to the threads now runs in a copy of the caller's context (``validate._submit``): the scope is the caller's.
No note is said on the threads today (the day-first note is said on the caller's thread, by the per-value path); the
first test says one from the typing of each column, as a note of a future fast path would be."""
from __future__ import annotations

import contextvars
import importlib
import warnings

import pytest

from windoweval.errors import notes_once
from windoweval.records.read import read_records

from _workspace import write_workspace

V = importlib.import_module("windoweval.records.validate")

HEAD = "order_id,window_id,order_type,received_at,arrived_at,completed_at\n"
ROWS = ("a,PW01,fault_repair,2025-03-13 10:00,2025-03-13 10:30,2025-03-13 12:00\n"
        "b,PW01,fault_repair,2025-04-03 10:00,2025-04-03 11:30,2025-04-03 12:00\n")
NOTE = "msgs46 试读说明 / msgs46 probe note"


@pytest.fixture()
def threads(monkeypatch):
    if V._workers() is None:                           # a machine of one core: no thread to say it on
        pytest.skip("one core: no validation thread")
    monkeypatch.setattr(V, "PARALLEL_ROWS", 1)        # every table typed on the validation threads
    typed = V._fast_column

    def saying(*a, **k):                               # each column's typing says the same note
        V._say_once(NOTE)
        return typed(*a, **k)
    monkeypatch.setattr(V, "_fast_column", saying)


def _said(got) -> int:
    return sum(str(w.message) == NOTE for w in got)


def test_a_note_said_on_the_threads_is_said_once_in_the_scope(tmp_path, threads):
    d = write_workspace(tmp_path / "data")
    (d / "work_orders.csv").write_text(HEAD + ROWS, encoding="utf-8")
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        with notes_once():                             # one scope (a command's), the file read twice in it
            read_records("work_orders", d)
            read_records("work_orders", d, columns=["order_id", "received_at"])
    assert _said(got) == 1, _said(got)
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        read_records("work_orders", d)                 # a read of its own (its own scope): said again, once
    assert _said(got) == 1, _said(got)


def test_a_task_on_the_threads_sees_the_callers_context():
    var = contextvars.ContextVar("msgs46_probe", default=None)
    pool = V._workers()
    if pool is None:
        pytest.skip("one core: no validation thread")
    token = var.set("caller")
    try:
        assert V._submit(pool, var.get).result() == "caller"
    finally:
        var.reset(token)
