"""Review rev22e of records22 (40cfe69).

- An unlabelled total's fix named the first column blank there and filled in every other row of its file: with a
  序号 column first, ``drop: {序号: [""]}``, which also skipped another month's valid record whose 序号 is blank
  (counted, but a record lost); a column the contract requires (窗口编号: a row with it blank is refused anyway)
  now comes first.
- A one-digit year (5/3/5) was described as a two-digit year (25-3-5).
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from windoweval.records import validate
from windoweval.records.contract import RecordsError


def test_an_unlabelled_totals_fix_skips_no_other_months_record(tmp_path):
    from _workspace import write_workspace

    from windoweval.records import read_records
    d = write_workspace(tmp_path / "w", (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall")),
                        mapping_file="mapping.yaml")
    h = "序号,窗口编号,观测时间,排队人数\n"
    (d / "queue_snapshots_03.csv").write_text(h + "1,PW01,2025-03-05 09:00,3\n2,PW02,2025-03-05 09:00,2\n,,,5\n",
                                              encoding="utf-8")
    (d / "queue_snapshots_04.csv").write_text(h + "1,PW01,2025-04-05 09:00,3\n,PW02,2025-04-05 09:00,4\n",
                                              encoding="utf-8")
    (d / "mapping.yaml").write_text("queue_snapshots:\n  file: queue_snapshots_*.csv\n", encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        read_records("queue_snapshots", d)
    t = e.value.problems[e.value.problems["code"] == "totals_row"]
    assert t["row"].tolist() == [4]
    entry = re.search(r"`(drop: \{.*?\})`", t["fix_en"].iloc[0]).group(1)
    assert entry == 'drop: {窗口编号: [""]}'
    (d / "mapping.yaml").write_text(f"queue_snapshots:\n  file: queue_snapshots_*.csv\n  {entry}\n", encoding="utf-8")
    got = read_records("queue_snapshots", d)
    assert len(got) == 4 and got["queue_length"].tolist() == [3, 2, 3, 4]


def _tickets(*ticket_at: str) -> pd.DataFrame:
    n = len(ticket_at)
    return pd.DataFrame({"ticket_id": [f"A{i}" for i in range(n)], "window_id": ["PW01"] * n,
                         "business_type": ["enquiry"] * n, "ticket_at": list(ticket_at),
                         "started_at": ["2027-01-01 00:00"] * n, "ended_at": ["2027-01-02 00:00"] * n})


@pytest.mark.parametrize("value", ["5/3/5", "5-3-5 09:00", "5.3.5 9:00"])
def test_a_one_digit_year_is_not_described_as_two_digits(value):
    with pytest.raises(RecordsError) as e:
        validate(_tickets(value, "2025-03-05 09:00"), "counter_transactions", file="c.csv")
    p = e.value.problems
    p = p[p["column"] == "ticket_at"]
    assert p["row"].tolist() == [2] and p["value"].tolist() == [value]
    zh, en = p["problem_zh"].iloc[0], p["problem_en"].iloc[0]
    assert "一位" in zh and "one digit" in en and "两位" not in zh and "two digits" not in en
    assert "四位年份" in zh + p["fix_zh"].fillna("").iloc[0]


def test_a_record_of_numbers_with_an_optional_cell_blank_is_not_named_a_total(tmp_path):
    """window 2 at 09:36 (an Excel serial), 5 waiting (3 + 2 by chance), diverted blank, open windows mistyped -1:
    a record, refused for its -1 alone; it was named a totals row whose other errors "all come from that", with
    ``drop: {diverted: [""]}``, which skips it (and any record with diverted blank)."""
    from _workspace import write_workspace

    from windoweval.records import read_records
    d = write_workspace(tmp_path / "w", (("1", "城东营业厅", "power_hall"), ("2", "城西营业厅", "power_hall")))
    (d / "queue_snapshots.csv").write_text("window_id,observed_at,queue_length,diverted,open_windows\n"
                                           "1,45721.375,3,1,2\n2,45721.375,2,1,2\n2,45721.4,5,,-1\n", encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        read_records("queue_snapshots", d)
    p = e.value.problems
    assert p[["row", "column", "value", "code"]].values.tolist() == [[4, "open_windows", "-1", "out_of_range"]]
