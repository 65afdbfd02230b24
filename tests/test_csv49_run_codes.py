"""Session 49 (csv49): keys that come in a few ascending runs whose ranges overlap (one export per hall or per month
joined; the demo x100's ``T240000001~46``) are told distinct by codes that keep the values' order and numpy's stable
sort, which merges the runs (``validate._run_codes_distinct``), not by hashes and their sort.  Before it every such key
took the hashes (the first test fails: ``_hashes_distinct`` was called); the answers must be the same as a set's."""
from __future__ import annotations

import importlib

import numpy as np
import pyarrow as pa
import pytest

V = importlib.import_module("windoweval.records.validate")


def _runs(k: int, m: int, form: str, seed: int = 0) -> list[str]:
    """``k`` ascending runs of ``m`` ids each, their ranges overlapping (each run the same numbers, its own suffix)."""
    rng = np.random.default_rng(seed)
    nums = np.sort(rng.choice(10 ** 7, m, replace=False))
    return [form.format(i=int(i), j=j) for j in range(k) for i in nums]


def _chunked(vals: list[str], typ=pa.large_string(), pieces: int = 3) -> pa.ChunkedArray:
    cuts = np.linspace(0, len(vals), pieces + 1).astype(int)
    return pa.chunked_array([pa.array(vals[a:b], typ) for a, b in zip(cuts[:-1], cuts[1:])], typ)


FORMS = ["T24{i:07d}~{j}",      # the demo x100's tickets: 13 bytes, 11 after the common "T2"
         "{i:07d}",            # 7 bytes: the bytes themselves (one run's ids repeated: duplicates across runs)
         "GD-{i:07d}-{j:02d}",  # 13 bytes after nothing common
         "O2024-{i:07d}~{j}",  # the outages' form
         "{j}{i:06d}"]         # a run's own leading digit


@pytest.mark.parametrize("form", FORMS)
def test_overlapping_runs_answered_without_hashes(monkeypatch, form):
    """Overlapping ascending runs: the same answer as a set, and the hashes never asked (before: always asked)."""
    monkeypatch.setattr(V, "_hashes_distinct", lambda arr: (_ for _ in ()).throw(AssertionError("hashes asked")))
    vals = _runs(5, 4000, form)
    truth = len(set(vals)) == len(vals)
    assert V._all_distinct(_chunked(vals)) is truth
    if truth:
        for at in (0, 1, 3999, 4000, 12345, len(vals) - 1):   # one value again, inside its own run's order
            dup = vals[:at + 1] + [vals[at]] + vals[at + 1:]
            assert V._all_distinct(_chunked(dup)) is False, at


@pytest.mark.parametrize("typ", [pa.string(), pa.large_string(), pa.binary(), pa.large_binary()])
def test_every_text_type_and_block_edges(typ):
    """More values than a block (2**16) in chunks of odd sizes, each text type: the codes' answer is a set's."""
    vals = _runs(4, 20000, "T24{i:07d}~{j}", seed=3)
    if typ in (pa.binary(), pa.large_binary()):
        vals = [v.encode() for v in vals]
    assert V._run_codes_distinct(_chunked(vals, typ, pieces=7), 2) is True
    dup = vals + [vals[V._BLOCK]]
    assert V._run_codes_distinct(_chunked(dup, typ, pieces=7), 2) is False
    assert V._all_distinct(_chunked(dup, typ, pieces=7)) is False


def test_letters_alike_in_their_low_bits_are_told_apart():
    """``A`` and ``Q`` (0x41, 0x51) share their low 4 bits: their codes are alike, so the values decide."""
    a = [f"GD-A-{i:07d}" for i in range(3000)]
    q = [f"GD-Q-{i:07d}" for i in range(3000)]
    both = [v for pair in zip(a, q) for v in pair]   # A, Q alternating: one descent per pair, too many runs
    assert V._run_codes_distinct(pa.array(a + q)) is True
    assert V._run_codes_distinct(pa.array(a + q + ["GD-Q-0000007"])) is False
    assert V._all_distinct(pa.array(a + q)) is True and V._all_distinct(pa.array(both)) is True
    assert V._all_distinct(pa.array(a + q + ["GD-A-0002999"])) is False


def test_lengths_common_start_and_empty_values():
    """A value that is only the common start, the empty value, rests of every length 0-15: a set's answer."""
    vals = ["", "7", "70", "700", "7000000", "70000000", "700000000000000"]   # each a prefix of the next
    assert V._run_codes_distinct(pa.array(vals + vals[1:])) is False
    assert V._run_codes_distinct(pa.array(vals)) is True
    longer = ["P" * 4 + str(i).zfill(15) for i in range(50)]
    assert V._run_codes_distinct(pa.array(longer + longer[:1]), 4) is False
    assert V._run_codes_distinct(pa.array(longer), 4) is True
    assert V._run_codes_distinct(pa.array(longer), 3) is None   # a rest of 16 bytes: no code, the hashes decide
    assert V._common_start("PPPP000", "PPPP999") == 4 and V._common_start("", "a") == 0


def test_missing_value_or_other_type_not_coded():
    assert V._run_codes_distinct(pa.array(["a", None, "b"])) is None
    assert V._run_codes_distinct(pa.array([1, 2, 3])) is None


def test_many_codes_alike_left_to_the_hashes(monkeypatch):
    """When most values share a code with another, the codes say nothing (None) and the hashes decide."""
    letters = "ABCDEFGHIJKLMNOQRSTUVWXYZ"   # Q..Z alike in their low bits with A..J
    runs = [f"X{c}-{i:07d}" for half in (0, 1) for c in letters for i in range(half * 2500, half * 2500 + 2500)]
    a, b = runs[:62500], runs[62500:]   # two ascending runs whose ranges overlap
    assert V._run_codes_distinct(pa.array(a + b)) is None
    asked = []
    real = V._hashes_distinct
    monkeypatch.setattr(V, "_hashes_distinct", lambda arr: asked.append(1) or real(arr))
    assert V._all_distinct(pa.array(a + b)) is True and asked
    assert V._all_distinct(pa.array(a + b + [b[-1]])) is False
