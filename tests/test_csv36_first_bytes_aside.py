"""Session 36 (csv36): a long UTF-8 CSV's one pass over its bytes (a NUL, a carriage return, a quote, ``=``:
``csvfast.FirstBytes``) made on a thread of its own (libc's ``memchr``, which lets go of the interpreter), while the
reader finds the header and parses the body as if it held no quote (``csvfast.parse_body``); the parse is kept only
when the pass then finds no quote and no lone carriage return, and a NUL the pass finds is refused before anything
the parse did is used or raised.  The same answers, tables and refusals as the pass made first: the demo x100's
files spent ~0.2 s on one core in that pass before each parse."""
from __future__ import annotations

import random
import threading

import pytest

from test_csv33_first_bytes import _outcome as _read_or_refused

from windoweval.records import csvfast, io
from windoweval.records.csvfast import SEARCHED, FirstBytes


def test_the_pass_aside_answers_as_find_does(monkeypatch):
    monkeypatch.setattr(csvfast, "_ASIDE_BYTES", 0)
    rng = random.Random(36)
    for _ in range(600):
        data = bytes(rng.choice(b'ab\x00\r"=,\n') for _ in range(rng.randint(1, 48)))
        fb = FirstBytes(data, start=rng.randint(0, 4), block=rng.randint(1, 9), aside=True)
        for x in (*SEARCHED, b"a", b"z"):
            for at in range(len(data) + 2):
                assert fb.find(x, at) == data.find(x, at), (data, fb.start, x, at)
        assert fb.done()
        assert fb.seen(b'"') == (data.find(b'"', fb.start) >= 0)


def _held_until_parsed(monkeypatch):
    """The pass aside held at its first search until the body's parse has begun (or 3 s): the order they ran in
    noted."""
    monkeypatch.setattr(csvfast, "_ASIDE_BYTES", 0)
    began = threading.Event()
    order: list = []
    memchr, read = csvfast._memchr(), csvfast._read_body

    def held(*a):
        if not order or order[-1] != "pass":   # held once, at its first search
            began.wait(3)
            order.append("pass")
        return memchr(*a)

    def parse(*a, **k):
        if not began.is_set():
            order.append("parse")
            began.set()
        return read(*a, **k)
    monkeypatch.setattr(csvfast, "_memchr", lambda: held)
    monkeypatch.setattr(csvfast, "_read_body", parse)
    return order


def test_the_parse_begins_while_the_pass_runs(tmp_path, monkeypatch):
    f = tmp_path / "queue_tickets.csv"
    f.write_text("ticket_id,window_id,ticket_at\n" + "".join(f"Q{i:07d},PW01,2025-03-04 09:{i % 60:02d}:00\n"
                                                             for i in range(5_000)), encoding="utf-8")
    order = _held_until_parsed(monkeypatch)   # before: the pass first, on the reader's thread (no aside)
    t = io.read_tables(f, timestamps=lambda heads: [2])[0]
    assert order == ["parse", "pass"]
    assert len(t.frame) == 5_000 and str(t.frame[2].dtype) == "datetime64[ns]"


def _outcome(f, **kw):
    """The table as csv33's test compares it, and its columns' types (a date-time typed by the parse, or text)."""
    got = _read_or_refused(f, **kw)
    if got[0] == "read":
        got += tuple(str(d) for d in io.read_tables(f, **kw)[0].frame.dtypes)
    return got


def _body(n):
    return b"".join(b"R%d,2025-03-04 09:%02d:00,v%d\n" % (i, i % 60, i) for i in range(n))


HEAD = b"id,at,note\n"
HOSTILE = {
    "plain": lambda: HEAD + _body(300),
    "a NUL late": lambda: HEAD + _body(300) + b"R9,2025-03-04 09:00:00,x\x00y\n" + _body(5),
    "a quote late": lambda: HEAD + _body(300) + b'R9,2025-03-04 09:00:00,"a, b"\n' + _body(5),
    "a quoted line break late": lambda: HEAD + _body(300) + b'R9,2025-03-04 09:00:00,"a\nb"\n' + _body(5),
    "a quote left open late": lambda: HEAD + _body(300) + b'R9,2025-03-04 09:00:00,"open\n' + _body(5),
    "a lone CR late": lambda: HEAD + _body(300) + b"R9,2025-03-04 09:00:00,a\rb\n" + _body(5),
    "CRLF": lambda: (HEAD + _body(300)).replace(b"\n", b"\r\n"),
    "a quote in the header only": lambda: b'id,"at",note\n' + _body(300),
    "forced text late": lambda: HEAD + _body(300) + b'R9,2025-03-04 09:00:00,="0012"\n',
    "a date out of range late": lambda: HEAD + _body(300) + b"R9,2300-01-01 00:00:00,x\n",
    "a bad date late": lambda: HEAD + _body(300) + b"R9,2025/3/4 9:00,x\n",
    "BOM": lambda: b"\xef\xbb\xbf" + HEAD + _body(300),
    "a short row late": lambda: HEAD + _body(300) + b"R9,x\n" + _body(3),
    "not UTF-8 late": lambda: HEAD + _body(300) + "R9,2025-03-04 09:00:00,备注\n".encode("gb18030"),
}


#: The cases whose parse is begun while the pass runs (the others are read by pandas, or refused, before any parse)
BEGUN = {"plain", "a NUL late", "a quote late", "a quoted line break late", "a quote left open late", "a lone CR late",
         "CRLF", "forced text late", "a date out of range late", "a bad date late", "BOM", "a short row late"}


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("typed", [False, True])
def test_the_same_table_or_refusal_as_the_pass_first(tmp_path, monkeypatch, case, typed):
    f = tmp_path / "records.csv"
    f.write_bytes(HOSTILE[case]())
    kw = {"timestamps": (lambda heads: [1])} if typed else {}
    with monkeypatch.context() as m:
        order = _held_until_parsed(m)   # the pass aside, held until the parse has begun
        got = _outcome(f, **kw)
    if case in BEGUN:
        assert order == ["parse", "pass"]
    with monkeypatch.context() as m:
        m.setattr(csvfast, "_ASIDE_BYTES", 1 << 62)   # the pass first, on the reader's thread
        want = _outcome(f, **kw)
    assert got == want
