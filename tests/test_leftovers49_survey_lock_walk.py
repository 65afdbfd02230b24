"""leftovers49: the survey store's lock (``_locked``) re-moded the store (walked every file and folder: nps45b) on
every import and removal, a private store too.  It walks it once: a store found private (or made so) is marked
(``.remoded``, keyed by its manifest) and the mark carried on to the manifest each import writes, so the next import
does not walk it; an old store (0644 files, 0755 folders) is still re-moded by its next import, and one an older
release imported into since is walked again (its manifest no longer the one marked)."""
import os

import windoweval.survey.store as survey_store
from test_claims46_survey_remode_once import _count_walks
from test_nps45b_old_store_modes import _all_private, _old_store
from test_survey42_weights_note import _delivery, _run
from windoweval.survey.store import REMODED, store_root


def _import(capsys, tmp_path, store, *more):
    rc, msg = _run(capsys, "survey", "import", _delivery(tmp_path), "--instrument", "power_hall", "--year", "2025",
                   "--store", store, *more)
    assert rc == 0, msg


def test_a_private_store_is_not_walked_by_each_import(tmp_path, capsys, monkeypatch):
    store = tmp_path / "store"
    _import(capsys, tmp_path, store)                     # made now: private from its first byte, marked
    root = store_root(store)
    assert (root / REMODED).exists()
    walks = _count_walks(monkeypatch)
    _import(capsys, tmp_path, store)                     # the same file: unchanged
    _import(capsys, tmp_path, store, "--replace")
    assert walks == []                                   # before: the lock walked the whole store each time
    _all_private(store)


def test_an_old_store_is_still_remoded_by_its_next_import_and_then_marked(tmp_path, capsys, monkeypatch):
    store = _old_store(tmp_path, capsys)
    root = store_root(store)
    (root / REMODED).unlink(missing_ok=True)
    walks = _count_walks(monkeypatch)
    _import(capsys, tmp_path, store, "--replace")
    assert walks                                         # walked once, as before
    _all_private(store)
    walks.clear()
    _import(capsys, tmp_path, store, "--replace")
    assert walks == []


def test_a_store_an_older_release_imported_into_since_is_walked_again(tmp_path, capsys, monkeypatch):
    store = tmp_path / "store"
    _import(capsys, tmp_path, store)
    root = store_root(store)
    for d, dirs, files in os.walk(root):                 # an older release's import since: 0644, a new manifest
        for f in files:
            if f != REMODED:
                os.chmod(os.path.join(d, f), 0o644)
    manifest = root / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8"), encoding="utf-8")
    walks = _count_walks(monkeypatch)
    _import(capsys, tmp_path, store, "--replace")
    assert walks
    _all_private(store)
    assert survey_store._remoded(root, survey_store._manifest_stamp(root))
