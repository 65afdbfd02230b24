"""Session 21 (records21): the items session 20 left on records, exports and survey deliveries.

- An unclear date's problem described 03/04/2025 whatever raised it: a two-digit year (25-3-5) now gets its own
  example and fix (which part is the year), the code unchanged.
- The repeated-header scan's byte filter missed a header written again in another Unicode form (NFD-decomposed
  letters, compatibility ideographs of the supplement block).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.records import validate
from windoweval.records.contract import RecordsError
from windoweval.records.totals import repeated_headers


def _tickets(ticket_at: str) -> pd.DataFrame:
    return pd.DataFrame({"ticket_id": ["A1"], "window_id": ["PW01"], "business_type": ["enquiry"],
                         "ticket_at": [ticket_at], "started_at": ["2027-01-01 00:00"],
                         "ended_at": ["2027-01-02 00:00"]})


@pytest.mark.parametrize("value,example_zh,example_en", [
    ("25-3-5", "25-3-5", "25-3-5"),
    ("05/03/25 09:00", "25-3-5", "two digits"),
    ("3/4/2025", "03/04/2025", "03/04/2025"),
    ("05.03.2025 09:00", "03/04/2025", "4 March or 3 April"),
])
def test_an_unclear_date_is_described_by_the_shape_that_raised_it(value, example_zh, example_en):
    with pytest.raises(RecordsError) as e:
        validate(_tickets(value), "counter_transactions", file="c.csv")
    p = e.value.problems
    p = p[p["column"] == "ticket_at"]
    assert p[["row", "value", "code"]].values.tolist() == [[2, value, "ambiguous_day_month"]]
    zh, en = p["problem_zh"].iloc[0], p["problem_en"].iloc[0]
    assert example_zh in zh and example_en in en
    two = not value.split(" ")[0][-4:].isdigit()
    assert ("两位" in zh) == two and ("two digits" in en) == two and ("四位年份" in zh) == two


@pytest.mark.parametrize("written", [
    "Cafe\u0301",                      # NFD: the accent a combining mark after its letter (macOS file names, some DBs)
    "CAFE\u0301",
    "\u0045\u0301tat",                 # an initial capital decomposed: É as E + U+0301
    "e\u0301tat",
    "\u1100\u1161\u11a8",               # Hangul 각 as its jamo
])
def test_a_header_written_again_in_nfd_is_found(written):
    import unicodedata
    head = unicodedata.normalize("NFC", written)
    frame = pd.DataFrame({0: ["GD1", "工单号", "GD2"], 1: ["x", written, "y"]}, dtype="str")
    assert repeated_headers(["工单号", head], frame, np.array([2, 3, 4])).tolist() == [3]
    # and the header itself decomposed, the row composed
    frame = pd.DataFrame({0: ["GD1", "工单号", "GD2"], 1: ["x", head, "y"]}, dtype="str")
    assert repeated_headers(["工单号", written], frame, np.array([2, 3, 4])).tolist() == [3]


def test_a_header_written_again_in_compatibility_ideographs_is_found():
    # U+2F8B6 is the compatibility form of 揄 (NFKC), U+2F9DF of 輸: a header in the supplement block's forms
    frame = pd.DataFrame({0: ["GD1", "工单号", "GD2"], 1: ["x", "\U0002f9df入", "y"], 2: ["a", "\U0001f210", "b"]},
                         dtype="str")
    import unicodedata
    heads = ["工单号", unicodedata.normalize("NFKC", "\U0002f9df入"), unicodedata.normalize("NFKC", "\U0001f210")]
    assert repeated_headers(heads, frame, np.array([2, 3, 4])).tolist() == [3]


def test_an_html_xls_over_the_stated_size_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """A 1 GB web page saved as .xls was read whole (bytes, text, then every cell as text: ~9x its size at the
    peak); one over htmltable.MAX_BYTES is refused from its size, with the fix, before a byte is read."""
    from windoweval.errors import InputError
    from windoweval.records import htmltable
    from windoweval.records.io import read_tables
    from windoweval.survey.delivery import DeliveryError, read_delivery

    page = "<html><body><table><tr><td>工单号</td><td>窗口</td></tr>" + "<tr><td>GD1</td><td>PW01</td></tr>" * 200
    f = tmp_path / "工单.xls"
    f.write_text(page + "</table></body></html>", encoding="utf-8")
    assert len(read_tables(f)[0].frame) == 200                    # under the limit: read
    monkeypatch.setattr(htmltable, "MAX_BYTES", 1024)
    with pytest.raises(InputError) as e:
        read_tables(f)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "工单.xls" in msg
    assert "超过网页表格读取的上限" in msg and "CSV" in msg and "按月份" in msg and "split the export by month" in msg
    with pytest.raises(DeliveryError) as e:
        read_delivery(f.rename(tmp_path / "d.xls"), "power_hall")
    assert e.value.exit_code == 3 and "上限" in str(e.value) and "more than the 0.000977 MB" in str(e.value)
