"""The row groups a sorted store's by-value scorer reads through the scan with the filter (their statistics do not say
the filter holds: orders filed in another year) are read without pre-buffering on Arrow's I/O threads, whose
allocator kept the freed pages resident: most of the working-day subset's peak (issue 14 item 3: 361 -> ~290 MiB
at 10 M work orders).  The counts stay the pieces' (``tests/test_engine_byvalue.py``)."""
from __future__ import annotations

import pyarrow.dataset as pads

from test_engine_byvalue import _both, _items, _same, sorted_store  # noqa: F401 - the module's store fixture


def test_the_filtered_row_groups_are_read_without_pre_buffering_and_count_the_same(monkeypatch, sorted_store):
    made = []
    real = pads.ParquetFragmentScanOptions

    def options(*a, **k):
        made.append(k.get("pre_buffer"))
        return real(*a, **k)
    monkeypatch.setattr(pads, "ParquetFragmentScanOptions", options)
    its = _items(["billing_query", "new_connection_other", "meter_fault"])
    new, old, taken = _both(monkeypatch, its, sorted_store)
    assert taken == [True]
    _same(new, old, its)
    assert made and set(made) == {False}     # the filtered row groups were there, and read without pre-buffering
