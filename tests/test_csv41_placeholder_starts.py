"""csv41: an id or key column's placeholder check (``-``, ``无``, ``N/A`` are no id; left40) looks up only the short
values whose first byte may start a placeholder, so that a column of short codes (the counter's ``PW01``, the
hospital's ``HBIL``: every value 4 bytes) is not copied value by value to be looked up.  The same answer as the
lookup of every short value, and the same refusals through ``load_files``."""
from __future__ import annotations

import random
import unicodedata

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files
from windoweval.records.validate import (_ASCII_PLACEHOLDER_BYTES, _ASCII_PLACEHOLDER_STARTS, _PLACEHOLDER_BYTES,
                                         _PLACEHOLDER_STARTS, _PLACEHOLDERS, _any_placeholder, _short_values)


def _every_short(text, plain):
    """The answer as left40 gave it: every value of 1 to the placeholders' bytes looked up."""
    few = _short_values(text, _ASCII_PLACEHOLDER_BYTES if plain else _PLACEHOLDER_BYTES)
    if few is None or not len(few):
        return False
    if plain:
        few = pc.ascii_lower(few)
    else:
        few = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_normalize(few, "NFKC")))
    return pc.any(pc.is_in(few, value_set=pa.array(_PLACEHOLDERS, pa.string()))).as_py() is True


def test_a_column_of_short_codes_is_not_copied_to_be_looked_up():
    codes = pa.chunked_array([["PW01", "PW02", "HBIL"] * 30_000, ["PW03", None, ""] * 1000])
    for plain, most, starts in ((True, _ASCII_PLACEHOLDER_BYTES, _ASCII_PLACEHOLDER_STARTS),
                                (False, _PLACEHOLDER_BYTES, _PLACEHOLDER_STARTS)):
        assert len(_short_values(codes, most, starts)) == 0   # left40's check copied all 91,000 of them
        assert _any_placeholder(codes, plain) is False


def test_the_short_values_kept_are_those_a_placeholder_may_start():
    text = pa.chunked_array([["N/A", "PW01", "-", "WO1", "无", "ｎ/a", " -", "\u3000无", "#na", "<NA>", "S01"],
                             [None, "", "/", "\\", "n.a."]])
    assert _short_values(text, _ASCII_PLACEHOLDER_BYTES, _ASCII_PLACEHOLDER_STARTS).to_pylist() == [
        "N/A", "-", "#na", "<NA>", "/", "\\", "n.a."]
    assert _short_values(text, _PLACEHOLDER_BYTES, _PLACEHOLDER_STARTS).to_pylist() == [
        "N/A", "-", "无", "ｎ/a", " -", "\u3000无", "#na", "<NA>", "/", "\\", "n.a."]


def test_a_byte_left_out_never_starts_a_placeholder_after_folding():
    """Every ASCII byte the check skips, followed by every character (composing marks among them): NFKC, trimming
    and lower-casing never make its first character one a placeholder starts with."""
    firsts = {w[0] for w in _PLACEHOLDERS}
    skipped = [b for b in range(128) if not _PLACEHOLDER_STARTS[b]]
    assert skipped and all(33 <= b < 127 for b in skipped)
    tails = [chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000   # the whole BMP, marks beyond it
             and (c < 0x10000 or unicodedata.category(chr(c)).startswith("M"))]
    for b in skipped:
        got = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_normalize(
            pa.array([chr(b) + t for t in tails], pa.string()), "NFKC")))
        first = pc.utf8_slice_codeunits(got, 0, 1)
        assert not pc.any(pc.is_in(first, value_set=pa.array(sorted(firsts)))).as_py(), chr(b)
        assert unicodedata.normalize("NFKC", chr(b)) == chr(b)


@pytest.mark.parametrize("seed", range(12))
def test_the_same_answer_as_every_short_value_looked_up(seed):
    rng = random.Random(seed)
    pool = (list(_PLACEHOLDERS) + [w.upper() for w in _PLACEHOLDERS] + ["－", "　无", " n/a", "Ｎ/Ａ", "—— ", "N\u0338",
            "-\u0301", "<\u0338", "无\u200b"] + ["PW01", "HBIL", "S0104", "WO1", "A", "z", "1", "n", "nb", "#", "<n>",
            "无人", "窗口", "ＰＷ０１", "é", None, ""])
    for _ in range(25):
        n = rng.randint(1, 300)
        vals = [rng.choice(pool[-16:]) for _ in range(n)]
        if rng.random() < 0.5:
            vals[rng.randrange(n)] = rng.choice(pool)
        cut = rng.randint(0, n)
        text = pa.chunked_array([vals[:cut], vals[cut:]], pa.string())
        if rng.random() < 0.3:
            text = text.cast(pa.large_string())
        for plain in (True, False):
            if plain and not all(v is None or (v.isascii() and v.isprintable() and " " not in v) for v in vals):
                continue
            assert _any_placeholder(text, plain) == _every_short(text, plain), (vals, plain)


def test_a_sliced_chunk_reads_its_first_bytes_from_its_own_offsets():
    arr = pa.array(["-", "PW01", "PW02", "N/A", "PW03"])
    assert _any_placeholder(arr.slice(1, 2), True) is False
    assert _any_placeholder(arr.slice(1, 3), True) is True
    assert _short_values(arr.slice(2, 3), 4, _ASCII_PLACEHOLDER_STARTS).to_pylist() == ["N/A"]
    assert np.array_equal(np.flatnonzero(_ASCII_PLACEHOLDER_STARTS[[ord(c) for c in "-PN"]]), [0, 2])


@pytest.mark.parametrize("text", ["-", "N/A", "无", "－", "n.a."])
def test_a_placeholder_id_among_short_codes_is_still_refused(tmp_path, text):
    rows = "".join(f"W{i},PW0{i % 9},fault_repair,2025-03-03 09:00\n" for i in range(1, 40))
    f = tmp_path / "work_orders.csv"
    f.write_text("order_id,window_id,order_type,received_at\n" + rows + f"W99,{text},fault_repair,2025-03-03 09:00\n",
                 encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        load_files("work_orders", [f])
    p = e.value.problems
    assert p[["row", "column", "code"]].values.tolist() == [[41, "window_id", "missing_value"]]
    assert p["value"].iloc[0] == text


_HEAD = "order_id,window_id,order_type,received_at\n"
_ROWS = "".join(f"W{i},PW0{i % 9},fault_repair,2025-03-03 09:00\n" for i in range(1, 40))   # short codes: all 4 bytes


@pytest.mark.parametrize("last, encoding, want", [
    (_HEAD, "utf-8", [[41, "order_type", "order_type", "not_allowed"], [41, "received_at", "received_at", "bad_date"],
                      [41, "order_id", "order_id", "header_repeated"]]),   # the header again, then a record after it
    ("合计,39,,\n", "utf-8", [[41, "filed_at", "", "missing_value"], [41, "order_id", "合计", "totals_row"],
                            [41, "order_type", "", "missing_value"]]),
    (",合计,,\n", "utf-8", [[41, "filed_at", "", "missing_value"], [41, "order_id", "", "missing_value"],
                          [41, "order_type", "", "missing_value"], [41, "window_id", "合计", "totals_row"]]),
    ("W98,PW01,no_such_type,2025-03-03 09:00\n", "utf-8", [[41, "order_type", "no_such_type", "not_allowed"]]),
    ("W98,PW01,,2025-03-03 09:00\n", "utf-8", [[41, "order_type", "", "missing_value"]]),
    ("W98,无,fault_repair,2025-03-03 09:00\n", "gb18030", [[41, "window_id", "无", "missing_value"]]),
    ("W98,－,fault_repair,2025-03-03 09:00\n", "gb18030", [[41, "window_id", "－", "missing_value"]]),
])
def test_the_edges_beside_short_codes_are_refused_as_before(tmp_path, last, encoding, want):
    """A repeated header, a totals row (合计) in an id or a category column, a bad category in the last row, a blank
    category, a GB18030 file's placeholder window: each row named as before csv41, among short window codes."""
    f = tmp_path / "work_orders.csv"
    f.write_bytes((_HEAD + _ROWS + last + ("W99,PW01,fault_repair,2025-03-03 09:00\n" if last == _HEAD else ""))
                  .encode(encoding))
    with pytest.raises(RecordsError) as e:
        load_files("work_orders", [f])
    p = e.value.problems
    assert p[["row", "column", "value", "code"]].values.tolist() == want
    assert p["problem_zh"].str.len().gt(0).all() and p["problem_en"].str.len().gt(0).all()
