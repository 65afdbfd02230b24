"""Session 35 (csv35): a quoted CSV body is copied once, by a join of the file's bytes with the sentinel row
(``csvfast.parse_body``), not sliced out of the file's map and then summed with the sentinel (two copies, each in
fresh memory: 0.11 s instead of 0.03 s for the demo x100's 50 MB of transcripts).  The same rows, the same
refusals of a quote left open."""
import pandas as pd
import pytest

from windoweval.records import csvfast


class _Sliced(bytearray):
    """The file's bytes, noting every slice taken of them by indexing (a copy of that many bytes)."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.slices: list[int] = []

    def __getitem__(self, k):
        got = super().__getitem__(k)
        if isinstance(k, slice):
            self.slices.append(len(got))
        return got


_BODY = 'id,note\n' + 'A1,"第一行\n第二行"\nA2,"say ""hi"""\nA3,plain\n' * 200


@pytest.mark.parametrize("tail", ["", "\n"])
def test_quoted_body_not_sliced(tail):
    """A quoted body (every row after the header) read from its bytes without a slice of the body itself."""
    text = _BODY.rstrip("\n") + tail
    data = _Sliced(text.encode())
    start = text.index("\n") + 1
    got = csvfast.parse_body(data, 2, ",", start=start)
    assert got is not None and len(got) == 600
    assert max(data.slices, default=0) <= 1, data.slices   # the last byte looked at, never the body copied
    plain = csvfast.parse_body(bytes(data), 2, ",", start=start)
    pd.testing.assert_frame_equal(got, plain)
    assert got.iloc[0].tolist() == ["A1", "第一行\n第二行"] and got.iloc[1].tolist() == ["A2", 'say "hi"']


def test_quote_left_open_still_refused():
    """A quote never closed: the sentinel row is swallowed into the cell and the body is handed to pandas (None)."""
    text = 'id,note\nA1,"open\nA2,x\n'
    data = _Sliced(text.encode())
    assert csvfast.parse_body(data, 2, ",", start=text.index("\n") + 1) is None
    assert max(data.slices, default=0) <= 1


def test_body_from_a_map(tmp_path):
    """The file's read-only map (as records.io gives it): read, and the map closes after (no view left on it)."""
    import mmap

    f = tmp_path / "t.csv"
    f.write_bytes(_BODY.encode())
    with open(f, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        got = csvfast.parse_body(mm, 2, ",", start=_BODY.index("\n") + 1)
        assert got is not None and len(got) == 600
    assert mm.closed
