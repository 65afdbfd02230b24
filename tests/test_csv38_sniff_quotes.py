"""Session 38 (csv38): the delimiter sniffed without running the quote patterns over text that holds no quote.

``io.sniff_delimiter`` took quoted cells out of a head's first 64 KiB by a pattern tried at every position, and quoted
text out of every line by another: with no quote in the text neither can match, and 15 of the demo x100's 16 heads
hold none (the 17 heads: 26.4 -> 4.4 ms of CPU).  The answer is the old rule's (written out below) for every head
generated here, quoted or not; no pattern runs on a head without a quote (failed before: the cell pattern ran once).
"""
from __future__ import annotations

import random
import re

import pytest

from windoweval.records import io as wio


def old_sniff(head: str, suffix: str = ".csv") -> str:
    """sniff_delimiter as it was before session 38 (every pattern run on every head and line)."""
    if suffix == ".tsv":
        return "\t"
    # the body's lines, not the top's: a title, a preamble or comments above the header may hold any punctuation.
    # A quoted cell is taken out whole first, over the lines it spans (a note or a free-text answer written over
    # several lines: its inner lines' semicolons are no delimiters, and its commas leave no line uneven), then any
    # quoted text left within a line
    text = wio._QUOTED_CELL.sub("", head[:1 << 16])
    kept = [re.sub(r'"[^"]*"', "", x) for x in text.splitlines() if x.strip() and not x.lstrip().startswith("#")]
    lines = (kept[:-1] if len(kept) > 2 else kept)[-20:]
    # the header: the first of the top lines as wide as a header is (_header_at), by whichever delimiter splits it
    top = kept[:11]
    header = top[wio._header_at([max(x.count(c) for c in ",\t;") + 1 for x in top])] if top else ""

    def table(sep):   # (lines agreeing, fields - 1) when the header and most lines split alike by sep, else None
        counts = [x.count(sep) for x in lines]
        mode = max(set(counts), key=lambda c: (counts.count(c), c)) if counts else 0
        if mode and header.count(sep) == mode and 2 * counts.count(mode) > len(counts):
            return counts.count(mode), mode
        return None

    if table(",") is not None:   # a consistent comma table: steps 受理;派单;… in a field do not turn it
        return ","
    other = [(got, sep) for sep in ("\t", ";") if (got := table(sep)) is not None]
    if other:
        return max(other)[1]
    best, score = ",", (0, 0)   # no delimiter gives a consistent table: the one most lines write equally often
    for sep in (",", "\t", ";"):
        nonzero = [c for c in (x.count(sep) for x in lines) if c]
        if not nonzero:
            continue
        mode = max(set(nonzero), key=lambda c: (nonzero.count(c), c))
        got = (nonzero.count(mode), mode)   # the lines that agree first, then how many cells they make
        if got > score:
            best, score = sep, got
    return best


_CELLS = ["GD1", "2025-03-05 09:00", "PW01", "受理;派单;核查", "1,5", "a\tb", '"x, y"', '"多行\n备注; 第二行"',
          '"He said ""hi"""', '""', "", " ", "# not a comment", '"open', "窗口", "1;2;3", '"a";"b"', "3.5"]


def _head(rng: random.Random) -> str:
    sep = rng.choice([",", "\t", ";"])
    width = rng.randint(1, 6)
    cells = _CELLS if rng.random() < 0.5 else [c for c in _CELLS if '"' not in c]   # half the heads hold no quote
    lines = []
    if rng.random() < 0.3:
        lines.append(rng.choice(["# exported 2025", "报表标题", '"title, quoted"', "preamble;with;semicolons"]))
    lines.append(sep.join(f"h{i}" for i in range(width)))
    for _ in range(rng.randint(0, 40)):
        n = width if rng.random() < 0.8 else rng.randint(1, width + 2)
        lines.append(sep.join(rng.choice(cells) for _ in range(n)))
    nl = rng.choice(["\n", "\r\n"])
    return nl.join(lines) + (nl if rng.random() < 0.7 else "")


@pytest.mark.parametrize("seed", range(40))
def test_same_delimiter_as_the_old_rule(seed):
    rng = random.Random(seed)
    for _ in range(50):
        head = _head(rng)
        for suffix in (".csv", ".txt", ".tsv"):
            assert wio.sniff_delimiter(head, suffix) == old_sniff(head, suffix), head


def test_same_on_long_heads():
    """Past 64 KiB (only the first 64 KiB is looked at), with a quote before and after that edge."""
    rng = random.Random(7)
    body = "\n".join(",".join(rng.choice(["GD1", "PW01", "2025-03-05", "a;b"]) for _ in range(4)) for _ in range(9000))
    for head in ("a,b,c,d\n" + body, 'a,b,c,d\n"x;y",1,2,3\n' + body, "a,b,c,d\n" + body + '\n"q;q",1,2,3\n'):
        assert len(head) > 1 << 16
        assert wio.sniff_delimiter(head) == old_sniff(head)


class _Spy:
    def __init__(self, pat):
        self.pat, self.calls = pat, 0

    def sub(self, *a, **k):
        self.calls += 1
        return self.pat.sub(*a, **k)


def test_no_pattern_without_a_quote(monkeypatch):
    spy = _Spy(wio._QUOTED_CELL)
    monkeypatch.setattr(wio, "_QUOTED_CELL", spy)
    head = "工单号,受理时间,窗口\n" + "GD1,2025-03-05 09:00,PW01\n" * 500
    assert wio.sniff_delimiter(head) == ","
    assert spy.calls == 0
    assert wio.sniff_delimiter('工单号;备注\nGD1;"a, b"\n' * 3) == ";"   # a quote: the cells taken out, as before
    assert spy.calls == 1


def test_quoted_lines_only_are_rewritten():
    # the pattern for quoted text within a line is the old one
    assert wio._QUOTED_TEXT.pattern == re.compile(r'"[^"]*"').pattern
