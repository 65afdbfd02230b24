"""The missed records' CSV for people is written beside the Parquet file, not after it (session 20): it is made from
the first rows alone (``heads``), so ``write_missed`` writes it on a thread of its own while the Parquet file is
encoded (at 10 million work orders ~0.3 s of CPU that waited for the encoding, on the ``score`` command's serial
tail).  Both are done, or their error raised, before ``write_missed`` returns: nothing is written into the folder
after it (the command's staging folder is let go then)."""
from __future__ import annotations

import threading
import time

import pandas as pd
import pytest

import windoweval.exports as exports
from windoweval.exports import read_missed, write_missed


def _frames():
    f = pd.DataFrame({"order_id": [str(i) for i in range(50)], "window_id": "PW01",
                      "passed": pd.array([False] * 50, dtype="boolean"), "measure": "m"})
    return [f]


def _people_threads() -> list:
    return [t for t in threading.enumerate() if t.name == "windoweval-people-csv" and t.is_alive()]


def test_the_csv_is_written_while_the_parquet_file_is(tmp_path, monkeypatch):
    real = exports._write_pieces
    seen = {}

    def slow(srcs, heads, path):
        t = time.monotonic()
        while time.monotonic() - t < 20 and not (path.parent / "x_missed.csv").exists():
            time.sleep(0.02)
        seen["csv while parquet"] = (path.parent / "x_missed.csv").exists()
        return real(srcs, heads, path)

    monkeypatch.setattr(exports, "_write_pieces", slow)
    pq_path, csv_path = write_missed(_frames(), tmp_path, "x", csv_rows=10)
    assert seen["csv while parquet"]        # before: the CSV was written only after the Parquet file
    assert len(read_missed(tmp_path, "x")) == 50 and len(pd.read_csv(csv_path)) == 10
    assert _people_threads() == []


def test_the_csv_is_the_same_as_written_after(tmp_path):
    people = lambda heads: pd.concat(heads, ignore_index=True)[["order_id", "window_id"]].assign(why="=late")
    _, csv_path = write_missed(_frames(), tmp_path, "x", csv_rows=7, for_people=people)
    want = exports.safe_frame(people(_frames()).head(7))
    got = pd.read_csv(csv_path, dtype=str, encoding="utf-8-sig")
    assert got.values.tolist() == want.astype(str).values.tolist()   # masked and neutralised as before ("'=late")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_an_error_of_the_csv_is_raised_after_the_parquet_is_done(tmp_path):
    def bad(heads):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_missed(_frames(), tmp_path, "x", for_people=bad)
    assert _people_threads() == []


def test_an_error_of_the_parquet_waits_for_the_csv_first(tmp_path, monkeypatch):
    done = {}

    def slow_people(heads):
        time.sleep(0.5)
        done["csv"] = True
        return pd.concat(heads, ignore_index=True)

    def broken(*a, **k):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(exports, "_write_pieces", broken)
    with pytest.raises(OSError, match="Read-only"):
        write_missed(_frames(), tmp_path, "x", for_people=slow_people)
    assert done == {"csv": True} and _people_threads() == []   # nothing left writing once it returned
