"""safety20: a folder shared by two machines (NFS) must not lose another machine's live temporary file or folder.

A process id says whether a process is alive on its own machine only; every name written aside carries the machine
(``-h<host>-``, :func:`windoweval.atomic._host_tag`) and every cleaner judges a process id only when the name is this
machine's (or carries no machine: a former release's, written here), another machine's once it is a day old."""
from __future__ import annotations

import os
import time

import pytest

from windoweval import atomic

DEAD = 999_999_999          # no process here has this id
OTHER = "0badc0de"          # another machine's tag


def _age(path, seconds):
    t = time.time() - seconds
    os.utime(path, (t, t))


@pytest.fixture(autouse=True)
def _fresh_seen():
    atomic._ASIDE_SEEN.clear()
    yield
    atomic._ASIDE_SEEN.clear()


def test_names_written_aside_carry_this_machine(tmp_path):
    tag = f"-h{atomic._host_tag()}-"
    assert tag in atomic.make_temp_dir(tmp_path / "report").name
    with atomic.replacing_dir(tmp_path / "out") as new:
        assert tag in new.name
    with atomic.publishing_files(tmp_path / "pub", "g", r"g_.*") as stage:
        assert tag in stage.name
        (stage / "g_a.csv").write_text("a")


@pytest.mark.parametrize("tag", ["new", "old", "pending"])
def test_recover_keeps_another_machines_live_folder(tmp_path, tag):
    (tmp_path / "data").mkdir()
    theirs = tmp_path / f".data.{tag}-{DEAD}-h{OTHER}-abcd1234"
    ours = tmp_path / f".data.{tag}-{DEAD}-h{atomic._host_tag()}-abcd1234"
    former = tmp_path / f".data.{tag}-{DEAD}-abcd1234"          # no machine: written here by a former release
    for d in (theirs, ours, former):
        d.mkdir()
    atomic.recover(tmp_path / "data")
    assert theirs.exists() and not ours.exists() and not former.exists()
    _age(theirs, 2 * 86400)                                     # a day old: no write takes that long
    atomic.recover(tmp_path / "data")
    assert not theirs.exists()


def test_recover_files_keeps_another_machines_staging_folder(tmp_path):
    theirs = tmp_path / f".g.files-{DEAD}-h{OTHER}-abcd1234"
    ours = tmp_path / f".g.files-{DEAD}-h{atomic._host_tag()}-abcd1234"
    theirs.mkdir()
    ours.mkdir()
    atomic.recover_files(tmp_path)
    assert theirs.exists() and not ours.exists()
    _age(theirs, 2 * 86400)
    atomic.recover_files(tmp_path)
    assert not theirs.exists()


def test_files_written_aside_of_another_machine_stay(tmp_path):
    theirs = tmp_path / f".tmp-{DEAD}-h{OTHER}-abcdefgh"
    ours = tmp_path / f".tmp-{DEAD}-h{atomic._host_tag()}-abcdefgh"
    theirs.write_bytes(b"half")
    ours.write_bytes(b"half")
    atomic._clean_written_aside(tmp_path)
    assert theirs.exists() and not ours.exists()



def test_a_pending_copy_with_the_machine_in_its_name_is_still_settled(tmp_path):
    """The kept copy an import stages carries the machine now; settle_pending must still know it (it is named when
    the dataset names it, else removed, under the store's lock)."""
    from windoweval.records.raw import settle_pending

    (tmp_path / f".a.csv.pending-{DEAD}-h{atomic._host_tag()}-ab12").write_text("a")
    (tmp_path / f".b.csv.pending-{DEAD}-h{OTHER}-cd34").write_text("b")
    assert settle_pending(tmp_path, {"a.csv"}) == ["named a.csv", f"removed .b.csv.pending-{DEAD}-h{OTHER}-cd34"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]
