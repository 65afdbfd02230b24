"""csv41: a CSV body parsed by pyarrow in blocks of 2 MiB, not 4 MiB: the checks after the parse
read each chunk's offsets and bytes with numpy, no longer paying a pyarrow call per piece, and the parse of smaller
blocks took less CPU (the demo x100, paired in the same rounds).  The same frames and the same refusals at any block
size: a repeated header in the middle, a totals row (合计) in an id and a category column, a bad category in the last
row, blank categories, a GB18030 file."""
from __future__ import annotations

import pyarrow as pa
import pytest

from windoweval.records import csvfast
from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files

HEAD = "order_id,window_id,order_type,received_at\n"
TYPES = ["fault_repair", "new_connection_resident", "meter_fault"]


def _rows(n: int, start: int = 0) -> str:
    return "".join(f"WO{i:08d},PW0{i % 9},{TYPES[i % 3]},2025-03-{1 + i % 28:02d} 09:{i % 60:02d}\n"
                   for i in range(start, start + n))


def _outcome(f):
    try:
        got = load_files("work_orders", [f])
    except RecordsError as e:
        return ("refused", e.problems.astype(str).values.tolist())
    df = got.frame
    return ("read", list(df.columns), [str(t) for t in df.dtypes], df.astype("string").fillna("<NA>").values.tolist())


def test_a_body_of_a_few_mib_is_parsed_in_pieces_of_2_mib(tmp_path):
    f = tmp_path / "work_orders.csv"
    f.write_text(HEAD + _rows(60_000), encoding="utf-8")   # ~3 MB
    raw = load_files("work_orders", [f]).tables[0][2]
    arr = raw.iloc[:, 0].array._pa_array
    assert (2 << 20) < f.stat().st_size < (4 << 20) and arr.num_chunks >= 2   # 4 MiB blocks: one chunk


EDGES = {
    "repeated header in the middle": _rows(30_000) + HEAD + _rows(30_000, 30_000),
    "合计 in the id column, last": _rows(60_000) + "合计,60000,,\n",
    "合计 in the category column": _rows(30_000) + "WO99999999,PW01,合计,2025-03-03 09:00\n" + _rows(30_000, 30_000),
    "a bad category in the last row": _rows(60_000) + "WO99999999,PW01,no_such_type,2025-03-03 09:00\n",
    "blank categories": _rows(20_000) + "WO99999998,PW01,,2025-03-03 09:00\n" + _rows(20_000, 20_000)
                        + "WO99999999,PW01, ,2025-03-03 09:00\n" + _rows(20_000, 40_000),
    "all good": _rows(60_000),
}


@pytest.mark.parametrize("edge, encoding", [(e, "utf-8") for e in sorted(EDGES)]
                         + [("repeated header in the middle", "gb18030"), ("合计 in the category column", "gb18030")])
def test_the_same_outcome_at_any_block_size(tmp_path, monkeypatch, edge, encoding):
    f = tmp_path / "work_orders.csv"
    f.write_bytes((HEAD + EDGES[edge]).encode(encoding))
    got = {}
    for block in (4 << 20, 2 << 20, 1 << 16):
        monkeypatch.setattr(csvfast, "_BLOCK", block)
        got[block] = _outcome(f)
    assert got[2 << 20] == got[4 << 20] == got[1 << 16]
    if edge != "all good":
        want = {"repeated header in the middle": "header_repeated", "合计 in the id column, last": "totals_row",
                "合计 in the category column": "not_allowed", "a bad category in the last row": "not_allowed",
                "blank categories": "missing_value"}[edge]
        assert got[2 << 20][0] == "refused" and any(want in r for r in got[2 << 20][1])


def test_a_chunked_text_column_is_the_same_text():
    """The pieces are pyarrow's: a column of several chunks holds the text of one (nothing lost at a block's edge)."""
    body = _rows(60_000).encode()   # ~2.7 MB: one piece at 4 MiB
    tab = csvfast._read_body(body, 0, ["a", "b", "c", "d"], [], False, ",", False)
    assert tab.column(0).num_chunks >= 2
    assert tab.column(0).combine_chunks().equals(pa.array(
        [line.split(",")[0] for line in body.decode().splitlines()], pa.large_string()))
