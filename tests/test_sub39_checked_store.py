"""A store file checked by the import that wrote it is not walked again by every reader; any other still is (issue 14,
item 3: the subsets' cold start).

Every reader of the store walks each file's page headers once a process (:func:`windoweval.records.store.
check_store_files`, against footers that lie): 0.1-0.36 s for the 60 files of 10 M work orders, most of what a
``score`` of two measures costs over a second call in the same process.  ``records import`` now checks the files of
the dataset it swaps in and records each one's footprint (size, modification and change times, inode, hash of the
footer's bytes, :data:`~windoweval.records.store.CHECKED`); a reader skips the walk of a file whose footprint is the
recorded one and walks every other: a file swapped in or written into by hand, even touched back to the recorded
modification time, is refused as before.
"""
from __future__ import annotations

import json
import os
import shutil

import pyarrow.parquet as pq
import pytest

from test_audit19_inputs import _lie
from windoweval import safepath
from windoweval.errors import InputError
from windoweval.records import read_records
from windoweval.records import store as S


@pytest.fixture(autouse=True)
def _fresh_process(monkeypatch):
    """As a new process: no file known sound yet, no record read yet."""
    monkeypatch.setattr(S, "_SOUND", set())
    monkeypatch.setattr(S, "_RECORDS", {})


@pytest.fixture
def walks(monkeypatch):
    """The files whose pages are walked (:func:`windoweval.safepath._footer_lie`)."""
    seen = []
    orig = safepath._footer_lie

    def counted(f, md, want):
        seen.append(getattr(f, "name", f))
        return orig(f, md, want)
    monkeypatch.setattr(safepath, "_footer_lie", counted)
    return seen


def _csv(path, n, year=2025):
    path.write_text("order_id,window_id,order_type,received_at,arrived_at\n" + "".join(
        f"WO{year}{i:04d},PW01,fault_repair,{year}-0{1 + i % 3}-01 18:00,{year}-0{1 + i % 3}-01 18:20\n"
        for i in range(n)), encoding="utf-8")
    return path


def _store(tmp_path, n=300):
    store = tmp_path / "store"
    ds = S.import_records("work_orders", _csv(tmp_path / "wo.csv", n), store)
    return store, ds


def _biggest(ds):
    return max(sorted(ds.rglob("*.parquet")), key=lambda p: pq.read_metadata(p).num_rows)


def _reset():
    S._SOUND.clear()
    S._RECORDS.clear()


def test_an_imported_store_is_read_without_walking_its_pages_again(tmp_path, walks):
    store, ds = _store(tmp_path)
    files = sorted(p.relative_to(ds).as_posix() for p in ds.rglob("*.parquet"))
    assert len(files) == 3
    assert sorted(json.loads((ds / S.CHECKED).read_text())["files"]) == files
    walks.clear()   # the import's own walk (it checks what it recorded)
    assert len(read_records("work_orders", store, year=2025)) == 300
    assert walks == []
    # without the record (a store imported before it was kept), every file is walked, as before
    (ds / S.CHECKED).unlink()
    _reset()
    assert len(read_records("work_orders", store, year=2025)) == 300
    assert len(walks) == 3


@pytest.mark.parametrize("field", range(5), ids=["size", "mtime", "ctime", "inode", "footer"])
def test_a_file_whose_footprint_differs_in_any_part_is_walked(tmp_path, walks, field):
    store, ds = _store(tmp_path)
    rec = json.loads((ds / S.CHECKED).read_text())
    f = _biggest(ds)
    rel = f.relative_to(ds).as_posix()
    fp = rec["files"][rel]
    fp[field] = fp[field] + "0" if field == 4 else fp[field] + 1
    (ds / S.CHECKED).write_text(json.dumps(rec))
    walks.clear()
    assert len(read_records("work_orders", store, year=2025)) == 300
    assert [os.path.basename(w) for w in walks] == [f.name]


@pytest.mark.parametrize("how", ["swapped", "written_into"])
def test_a_lying_file_put_in_by_hand_is_refused_though_the_store_recorded_its_place(tmp_path, how):
    """The lying file keeps the recorded size and is touched back to the recorded modification time: its change
    time (and, swapped in, its inode) and its footer's bytes still tell it from the file the import checked."""
    store, ds = _store(tmp_path)
    f = _biggest(ds)
    fp = json.loads((ds / S.CHECKED).read_text())["files"][f.relative_to(ds).as_posix()]
    rows = pq.read_metadata(f).num_rows
    if how == "swapped":
        other = tmp_path / "other.parquet"
        shutil.copyfile(f, other)
        assert _lie(other, rows, 1) >= 2
        os.replace(other, f)
    else:
        assert _lie(f, rows, 1) >= 2
    os.utime(f, ns=(fp[1], fp[1]))
    assert [os.stat(f).st_size, os.stat(f).st_mtime_ns] == fp[:2]
    with pytest.raises(InputError) as e:
        read_records("work_orders", store, year=2025)
    assert e.value.exit_code == 3 and f.name in str(e.value) and f"its pages hold {rows:,} values" in str(e.value)


def test_a_later_import_does_not_record_a_lying_file_it_keeps(tmp_path):
    """A partition the delivery does not cover is kept as it is (linked): a file lied into by hand there is checked
    again, never recorded as sound, and still refused."""
    store, ds = _store(tmp_path)
    f = _biggest(ds)
    rows = pq.read_metadata(f).num_rows
    assert _lie(f, rows, 1) >= 2
    _reset()
    ds = S.import_records("work_orders", _csv(tmp_path / "wo2024.csv", 30, year=2024), store)
    rec = json.loads((ds / S.CHECKED).read_text())["files"]
    assert f.relative_to(ds).as_posix() not in rec
    assert any(k.startswith("year=2024/") for k in rec)
    _reset()
    with pytest.raises(InputError) as e:
        read_records("work_orders", store, year=2025)
    assert e.value.exit_code == 3 and f.name in str(e.value)
