"""Session 34 (csv34): a long table's one-column key checked for twins while the mapping runs (``files._key_ahead``,
``files.key_ahead``), on the column as the file gave it: its answer taken only for the very same text, so every
table, refusal and its order stays as it was (a key trimmed, folded, mapped or dropped into twins is checked again)."""
import importlib
import os
import threading

import numpy as np
import pandas as pd
import pytest

from windoweval.records import files as F
from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files
from windoweval.records import mapping as M

V = importlib.import_module("windoweval.records.validate")

ROWS = 6_000
two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the check runs beside the mapping on two cores")


def _tickets(tmp_path, rows: int = ROWS, edit=None, head: str = "票号流水号,窗口编号,取号时间,叫号时间",
             prefix: bytes = b"", name: str = "queue_tickets.csv"):
    ids = np.char.add("Q", np.char.zfill(np.arange(rows).astype(str), 8)).astype(object)
    lines = [f"{i},HPHA,2025-03-04 09:{k % 60:02d}:00,2025-03-04 10:{k % 60:02d}:00" for k, i in enumerate(ids)]
    if edit:
        edit(lines)
    f = tmp_path / name
    f.write_bytes(prefix + ("\n".join([head] + lines) + "\n").encode("utf-8"))
    return f


@pytest.fixture
def long_from_1000(monkeypatch):
    """Tables of 1,000 rows count as long (the two threads, the check beside the mapping)."""
    monkeypatch.setattr(V, "PARALLEL_ROWS", 1000)


def _outcome(f, mapping=None):
    try:
        got = load_files("queue_tickets", [f], mapping)
    except RecordsError as e:
        return ("refused", e.problems.astype(str).values.tolist())
    df = got.frame
    return ("read", list(df.columns), [str(t) for t in df.dtypes], df.astype("string").fillna("<NA>").values.tolist())


@two_cores
def test_the_key_is_checked_while_the_mapping_runs(tmp_path, monkeypatch, long_from_1000):
    """The key's twins are looked for before the mapping ends (main checked them after it, in the validation), and
    once: the answer is taken, not found again."""
    f = _tickets(tmp_path)
    events, lock = [], threading.Lock()
    apply, distinct = F._apply, V._all_distinct

    def spy_apply(*a, **k):
        with lock:
            events.append("apply begins")
        try:
            return apply(*a, **k)
        finally:
            with lock:
                events.append("apply ends")

    def spy_distinct(arr):
        with lock:
            events.append(("distinct", len(arr)))
        return distinct(arr)

    monkeypatch.setattr(F, "_apply", spy_apply)
    monkeypatch.setattr(V, "_all_distinct", spy_distinct)
    got = load_files("queue_tickets", [f])
    assert len(got.frame) == ROWS
    checks = [i for i, e in enumerate(events) if isinstance(e, tuple)]
    assert [events[i] for i in checks] == [("distinct", ROWS)]
    assert checks[0] < events.index("apply ends")


def _dup(lines):
    lines[4000] = lines[10]


def _trailing_space_twin(lines):     # 'Q00000010 ' is Q00000010 once trimmed: twins only after the typing
    lines[4000] = lines[10].replace(",", " ,", 1)


def _full_width_twin(lines):         # Ｑ00000010 is Q00000010 once folded (NFKC)
    lines[4000] = "Ｑ" + lines[10][1:]


def _missing_key(lines):
    lines[4000] = lines[4000][lines[4000].index(","):]


def _repeated_header(lines):
    lines[3000] = "票号流水号,窗口编号,取号时间,叫号时间"


def _bad_date(lines):
    lines[5000] = lines[5000].replace("2025-03-04 09", "2025-02-30 09", 1)


def _quoted_twin(lines):             # a quoted body (parsed another way), the twin written in quotes
    lines[4000] = '"' + lines[10].split(",")[0] + '",' + lines[10].split(",", 1)[1]


@two_cores
@pytest.mark.parametrize("edit", [None, _dup, _trailing_space_twin, _full_width_twin, _missing_key, _repeated_header,
                                  _bad_date, _quoted_twin])
@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"])
def test_the_same_table_or_refusal_as_without_the_early_check(tmp_path, monkeypatch, long_from_1000, edit, prefix):
    f = _tickets(tmp_path, edit=edit, prefix=prefix)
    early = _outcome(f)
    monkeypatch.setattr(F, "_key_ahead", lambda *a, **k: {}, raising=False)
    assert early == _outcome(f)
    if edit in (_dup, _trailing_space_twin, _full_width_twin, _quoted_twin):
        assert early[0] == "refused" and any("Q00000010" in str(r) for r in early[1])


@two_cores
@pytest.mark.parametrize("mapping", [
    {"values": {"ticket_id": {"X1": "Q00000010"}}},          # a code mapped onto another ticket's id: twins
    {"drop": {"窗口编号": ["HOLD"]}},                          # rows dropped: the key column is another array
])
def test_a_mapped_or_dropped_key_is_checked_as_typed(tmp_path, monkeypatch, long_from_1000, mapping):
    def edit(lines):
        lines[4000] = "X1" + lines[4000][lines[4000].index(","):]
        lines[200] = lines[200].replace("HPHA", "HOLD")
    f = _tickets(tmp_path, edit=edit)
    early = _outcome(f, mapping)
    monkeypatch.setattr(F, "_key_ahead", lambda *a, **k: {}, raising=False)
    assert early == _outcome(f, mapping)


@two_cores
def test_a_second_file_of_the_kind_is_checked_with_the_first(tmp_path, long_from_1000):
    """Two exports of one kind: their keys together (the twin across the files is found), never one file's answer."""
    a = _tickets(tmp_path, name="a.csv")
    b = _tickets(tmp_path, name="b.csv")   # the same tickets again
    with pytest.raises(RecordsError):
        load_files("queue_tickets", [a, b])


def test_plain_columns_as_plain_datetimes_reads_them():
    plain_columns, plain_datetimes = M.plain_columns, M.plain_datetimes
    heads = ["票号流水号", "窗口编号", "取号时间", "叫号时间"]
    assert plain_columns(heads, "queue_tickets", {}) == [(0, "ticket_id"), (1, "window_id"), (2, "ticket_at"),
                                                         (3, "called_at")]
    assert plain_datetimes(heads, "queue_tickets", {}) == [2, 3]
    mapped = {"values": {"ticket_id": {"X1": "Q1"}}}
    assert [n for _i, n in plain_columns(heads, "queue_tickets", mapped)] == ["window_id", "ticket_at", "called_at"]
    assert plain_columns(heads, "queue_tickets", {"drop": {"票号流水号": ["合计"]}})[0] == (1, "window_id")


def test_same_text_needs_the_same_memory():
    import pyarrow as pa

    a = pa.chunked_array([["Q1", None], ["Q2"]])
    assert V._same_text(a, pa.chunked_array(a.chunks))
    assert not V._same_text(a, pa.chunked_array([["Q1", None], ["Q2"]]))        # equal values, other memory
    assert not V._same_text(a, a.slice(0, 2))
    assert not V._same_text(a, pa.chunked_array(a.chunks, type=pa.string()).cast(pa.large_string()))
    assert not V._same_text(a, pa.chunked_array([pa.concat_arrays(a.chunks)]))


def test_an_answer_for_other_text_is_not_taken():
    col = pd.Series(["Q1", "Q2", "Q1"], dtype="string[pyarrow]")
    other = V._text(pd.Series(["Q1", "Q2", "Q3"], dtype="string[pyarrow]"))
    assert V._key_distinct(col, F.key_ahead(other, big=False)) is False
    assert V._key_distinct(col, F.key_ahead(V._text(col), big=False)) is False
    ok = pd.Series(["Q1", "Q2", "Q3"], dtype="string[pyarrow]")
    assert V._key_distinct(ok, F.key_ahead(V._text(ok), big=False)) is True


def test_a_failed_early_check_leaves_the_answer_to_the_typed_column(monkeypatch):
    col = pd.Series(["Q1", "Q2", "Q1"], dtype="string[pyarrow]")
    arr = V._text(col)
    monkeypatch.setattr(V, "_all_distinct", lambda a: (_ for _ in ()).throw(ValueError("broken")))
    ahead = F.key_ahead(arr, big=False)
    assert ahead[1]() is None
    monkeypatch.undo()
    assert V._key_distinct(col, ahead) is False
