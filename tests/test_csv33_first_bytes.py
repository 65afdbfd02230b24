"""Session 33 (csv33): a UTF-8 CSV's bytes searched for a NUL, a carriage return, a quote and ``=`` in one pass over
the file (``csvfast.FirstBytes``), not one pass each (four reads of the demo x100's 1.8 GB, ~0.5 s of the thread
that waits to parse): the same answers, the same tables, the same refusals."""
import random

import pandas as pd
import pytest

from windoweval.errors import InputError
from windoweval.records import csvfast, io
from windoweval.records.csvfast import SEARCHED, FirstBytes


def test_first_bytes_answers_as_find_does():
    """Every byte asked, from every position, at every block size and start: ``data.find``'s answer."""
    rng = random.Random(33)
    for _ in range(1500):
        data = bytes(rng.choice(b'ab\x00\r"=,\n') for _ in range(rng.randint(0, 48)))
        fb = FirstBytes(data, start=rng.randint(0, 4), block=rng.randint(1, 9))
        for x in (*SEARCHED, b"a", b"z"):
            for at in range(len(data) + 2):
                assert fb.find(x, at) == data.find(x, at), (data, fb.start, x, at)


class _Counted(bytes):
    """A file's bytes that note each search of more than a block (its byte, and how many bytes it may read)."""
    wide: list = []

    def find(self, sub, start=0, end=None):
        stop = len(self) if end is None else min(end, len(self))
        if sub in SEARCHED and stop - start > csvfast._SCAN_BLOCK:
            _Counted.wide.append((sub, stop - start))
        return super().find(sub, start, end)


def _csv(tmp_path, rows: int = 40_000, name: str = "queue_tickets.csv") -> object:
    lines = ["ticket_id,window_id,ticket_at"] + [f"Q{i:07d},PW01,2025-03-04 09:{i % 60:02d}:00" for i in range(rows)]
    f = tmp_path / name
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def test_read_tables_reads_the_file_once_for_the_four_bytes(tmp_path, monkeypatch):
    """No search of the whole file for one of the four bytes: the one pass looks at it block by block (main read it
    four times: a NUL, a carriage return, a quote, ``=``)."""
    f = _csv(tmp_path)
    monkeypatch.setattr(csvfast, "_SCAN_BLOCK", 1 << 12)   # the file is ~1.4 MB: many blocks
    monkeypatch.setattr(io, "_mapped", lambda p: _Counted(p.read_bytes()))
    _Counted.wide = []
    t = io.read_tables(f)[0]
    assert len(t.frame) == 40_000
    assert _Counted.wide == []


def _outcome(f, **kw):
    try:
        t = io.read_tables(f, **kw)[0]
    except InputError as e:
        return ("refused", type(e).__name__, str(e))
    return ("read", t.headers, t.first_row, t.frame.astype("string").fillna("<NA>").values.tolist(),
            list(t.row_numbers()))


def _searched_each_time(monkeypatch):
    """FirstBytes asked nothing of its pass: every byte searched in the file again, as main did."""
    monkeypatch.setattr(FirstBytes, "find", lambda self, needle, at=0: self.data.find(needle, at))


HOSTILE = {
    "nul at a block's edge": lambda n: b"id,note\nR1,ok\n" + b"R2," + b"x" * (n - 17) + b"\x00y\nR3,z\n",
    "quote at a block's edge": lambda n: b"id,note\nR1,ok\n" + b"R2," + b"x" * (n - 17) + b'"q"\nR3,"a\nb"\n',
    "lone CR at a block's edge": lambda n: b"id,note\nR1,ok\n" + b"R2," + b"x" * (n - 17) + b"\ry\nR3,z\n",
    "CRLF": lambda n: b"id,note\r\n" + b"".join(b"R%d,v%d\r\n" % (i, i) for i in range(n // 4)),
    "forced text after a block": lambda n: b"id,note\n" + b"R0,a\n" * (n // 5) + b'R1,="0012"\n',
    "an = alone": lambda n: b"id,note\n" + b"R0,a\n" * (n // 5) + b"R1,a=b\n",
    "a quote left open": lambda n: b"id,note\n" + b"R0,a\n" * (n // 5) + b'R1,"open\nR2,b\n',
    "BOM then NUL": lambda n: b"\xef\xbb\xbfid,note\n" + b"R0,a\n" * (n // 5) + b"R1,\x00\n",
    "GBK": lambda n: "编号,备注\n".encode("gb18030") + "R0,正常\n".encode("gb18030") * (n // 8),
    "UTF-16": lambda n: ("编号,备注\n" + "R0,a\n" * (n // 12)).encode("utf-16"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("block", [16, 64, 1 << 18])
def test_the_same_table_or_refusal_as_a_search_each(tmp_path, monkeypatch, case, block):
    f = tmp_path / "records.csv"
    f.write_bytes(HOSTILE[case](64))
    monkeypatch.setattr(csvfast, "_SCAN_BLOCK", block)
    got = _outcome(f)
    with monkeypatch.context() as m:
        _searched_each_time(m)
        want = _outcome(f)
    assert got == want


def test_the_frames_of_a_kind_are_the_same(tmp_path, monkeypatch):
    """Through the whole read (mapping, validation): the same records with the one pass as with a search each."""
    from windoweval.records.files import load_files

    f = _csv(tmp_path, 3_000)
    monkeypatch.setattr(csvfast, "_SCAN_BLOCK", 256)
    got = load_files("queue_tickets", [f]).frame
    with monkeypatch.context() as m:
        _searched_each_time(m)
        want = load_files("queue_tickets", [f]).frame
    pd.testing.assert_frame_equal(got, want)
