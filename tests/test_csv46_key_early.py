"""Session 46 (csv46): a long CSV's one-column key is checked for twins from the table pyarrow parsed, begun before the
parse's date-times are written as nanoseconds (``csvfast.parse_body``'s ``parsed``, ``files._key_ahead_of``), not
after the whole read of the file (the demo x100's counter: 0.29 s later, the check then the last work of its
validation).  Its answer is taken only for that very text: every table, refusal and its order stay as they were."""
import importlib
import os
import threading

import pytest

from windoweval.records import files as F

from test_csv34_key_ahead import (ROWS, _bad_date, _dup, _full_width_twin, _missing_key, _outcome,  # noqa: F401
                                  _quoted_twin, _tickets, _trailing_space_twin, long_from_1000)

C = importlib.import_module("windoweval.records.csvfast")
V = importlib.import_module("windoweval.records.validate")

two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the check runs beside the parse's typing on two cores")


@two_cores
def test_the_key_check_begins_before_the_date_times_are_typed(tmp_path, monkeypatch, long_from_1000):
    """Fails before: the check began after ``read_tables`` returned, the date-times written already."""
    f = _tickets(tmp_path)
    events, lock = [], threading.Lock()
    stamps, distinct = C._datetimes64, V._all_distinct

    def spy_stamps(*a, **k):
        with lock:
            events.append("date-times typed")
        return stamps(*a, **k)

    def spy_distinct(arr):
        with lock:
            events.append(("distinct", len(arr)))
        return distinct(arr)

    monkeypatch.setattr(C, "_datetimes64", spy_stamps)
    monkeypatch.setattr(V, "_all_distinct", spy_distinct)
    got = F.load_files("queue_tickets", [f])
    assert len(got.frame) == ROWS
    assert [e for e in events if isinstance(e, tuple)] == [("distinct", ROWS)]   # once: the answer taken
    assert events.index(("distinct", ROWS)) < events.index("date-times typed")


def _late_date(lines):               # a date datetime64[ns] cannot hold: the typed parse set aside, read as text
    lines[5000] = lines[5000].replace("2025-03-04 09", "2300-03-04 09", 1)


@two_cores
@pytest.mark.parametrize("edit", [None, _dup, _trailing_space_twin, _full_width_twin, _missing_key, _bad_date,
                                  _quoted_twin, _late_date])
def test_the_same_table_or_refusal_as_without_it(tmp_path, monkeypatch, long_from_1000, edit):
    f = _tickets(tmp_path, edit=edit)
    early = _outcome(f)
    monkeypatch.setattr(F, "_key_ahead_of", lambda *a, **k: {})
    assert early == _outcome(f)
    if edit in (_dup, _trailing_space_twin, _full_width_twin, _quoted_twin):
        assert early[0] == "refused" and any("Q00000010" in str(r) for r in early[1])
