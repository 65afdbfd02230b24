"""``files._store_in_place`` hashed each export named under ``file:`` on every run (a year's export, every score and
check): now the hash is kept in the store's own record by the file's size, modification time, inode and change time
(as ``records.store.record_checked`` keeps a Parquet file's footprint), and a file changed is hashed again (left40)."""
from __future__ import annotations

import os

import pytest

import windoweval.records.raw as raw
from tests.test_left39_file_and_store import _imported, _ws
from windoweval.records.files import find_files
from windoweval.records.io import ExportError
from windoweval.records.workspace import load_workspace


@pytest.fixture
def hashed(monkeypatch):
    calls = []
    real = raw.sha256_file

    def counting(path):
        calls.append(os.fspath(path))
        return real(path)
    monkeypatch.setattr(raw, "sha256_file", counting)
    return calls


def _named(folder):
    return [c for c in find_files("work_orders", folder, load_workspace(folder).mapping().get("work_orders"))]


def test_a_named_export_is_hashed_once_then_read_from_the_record(tmp_path, hashed):
    folder, feb, mar = _ws(tmp_path)
    named = folder / feb.name
    named.write_bytes(feb.read_bytes())
    _imported(folder, feb, mar)
    hashed.clear()
    assert [f.name for f in _named(folder)] == ["work_orders"]
    assert [h for h in hashed if h.endswith(feb.name)] == [str(named)]
    hashed.clear()
    for _ in range(3):
        assert [f.name for f in _named(folder)] == ["work_orders"]
    assert not [h for h in hashed if h.endswith(feb.name)]


def test_a_changed_export_is_hashed_again_and_refused_when_not_imported(tmp_path, hashed):
    folder, feb, mar = _ws(tmp_path)
    named = folder / feb.name
    named.write_bytes(feb.read_bytes())
    _imported(folder, feb, mar)
    assert [f.name for f in _named(folder)] == ["work_orders"]
    # the same size, the same modification time: another content (its change time moved on)
    st = os.stat(named)
    data = named.read_bytes().replace(b"W21", b"W29")
    named.write_bytes(data)
    os.utime(named, ns=(st.st_atime_ns, st.st_mtime_ns))
    hashed.clear()
    with pytest.raises(ExportError):
        _named(folder)
    assert [h for h in hashed if h.endswith(feb.name)] == [str(named)]
