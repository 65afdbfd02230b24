"""A units row under the header (export42).

Exports saved from a report template carry a row of units or formats under the header (分钟, (元), yyyy-mm-dd
hh:mm).  It was refused, but as seven unrelated problems of row 2 (required values empty, 'yyyy-mm-dd hh:mm' no
date, fix it in the exporting system): the user was sent to the exporting system for a row that is no record.  Now
the row is named a units row (listed first when the lines are cut short), with the ``drop`` that skips it; the export read with that drop gives the same
records as without the row."""
from __future__ import annotations

import pytest

from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files
from windoweval.records.mapping import parse_mapping

HEAD = "票号,窗口编号,业务类型,取号时间,开始办理时间,办结时间\n"
UNITS = ",,,yyyy-mm-dd hh:mm,yyyy-mm-dd hh:mm,yyyy-mm-dd hh:mm\n"
ROWS = ("T1,PW01,resident_payment,2025-03-04 09:00,2025-03-04 09:02,2025-03-04 09:06\n"
        "T2,PW01,resident_payment,2025-03-04 10:00,2025-03-04 10:05,2025-03-04 10:09\n")


def test_a_units_row_is_named_first_with_its_drop(tmp_path):
    f = tmp_path / "counter_transactions.csv"
    f.write_text(HEAD + UNITS + ROWS, encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        load_files("counter_transactions", [f])
    p = e.value.problems
    got = p[p["code"] == "unit_row"]
    assert got[["row", "value"]].values.tolist() == [[2, "yyyy-mm-dd hh:mm"]]
    line = next(x for x in str(e.value).splitlines() if "单位或格式说明行" in x)
    assert "row 2" in line and "units or formats" in line and "drop: {该列的表头: [yyyy-mm-dd hh:mm]}" in line


def test_the_drop_it_gives_reads_the_records(tmp_path):
    f = tmp_path / "counter_transactions.csv"
    f.write_text(HEAD + UNITS + ROWS, encoding="utf-8")
    km = parse_mapping({"counter_transactions": {"drop": {"取号时间": ["yyyy-mm-dd hh:mm"]}}},
                       tmp_path / "mapping.yaml")["counter_transactions"]
    got = load_files("counter_transactions", [f], km).frame
    assert got["ticket_id"].tolist() == ["T1", "T2"]


def test_a_record_with_a_blank_is_no_units_row(tmp_path):
    f = tmp_path / "counter_transactions.csv"
    f.write_text(HEAD + "T0,,resident_payment,2025-03-04 08:00,2025-03-04 08:02,2025-03-04 08:06\n" + ROWS,
                 encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        load_files("counter_transactions", [f])
    assert "unit_row" not in set(e.value.problems["code"])
