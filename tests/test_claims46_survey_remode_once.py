"""claims46: opening the survey store re-modes it (files 0600, folders 0700: nps45b) once, not on every open.

``_remode_on_open`` walked the whole store (every file's ``lstat``) on each open of it.  A store found private is now
marked so (``.remoded``, written aside and moved into place), keyed by its manifest's identity: the next opens do not
walk it; a store an older release imported into since (which writes the manifest anew, its files 0644) is walked and
re-moded again, as is a store opened for the first time by this release.
"""
import json
import os
import stat

import windoweval.survey.store as survey_store
from test_nps45b_old_store_modes import _all_private, _old_store
from test_survey42_weights_note import _delivery, _run
from windoweval.survey.store import REMODED, load_responses, store_root


def _count_walks(monkeypatch) -> list:
    walks = []
    real = os.walk

    def walk(top, *a, **k):
        walks.append(str(top))
        return real(top, *a, **k)

    monkeypatch.setattr(survey_store.os, "walk", walk)
    return walks


def test_an_old_store_is_remoded_on_its_first_open_then_not_walked_again(tmp_path, capsys, monkeypatch):
    store = _old_store(tmp_path, capsys)              # 0644 files, 0755 folders, as before survey45
    root = store_root(store)
    assert not (root / REMODED).exists()
    walks = _count_walks(monkeypatch)
    n = len(load_responses("power_hall_2025", store_dir=store))
    assert n > 0 and walks                            # the first open walks it, and re-modes it
    _all_private(store)
    assert stat.S_IMODE((root / REMODED).stat().st_mode) == 0o600
    walks.clear()
    for _ in range(3):
        assert len(load_responses("power_hall_2025", store_dir=store)) == n
    assert walks == []                                # marked: the later opens do not walk it
    assert not [p.name for p in root.iterdir() if p.name.startswith(".tmp-")]


def test_a_store_an_older_release_imported_into_since_is_remoded_again(tmp_path, capsys, monkeypatch):
    store = _old_store(tmp_path, capsys)
    load_responses("power_hall_2025", store_dir=store)
    root = store_root(store)
    assert (root / REMODED).exists()
    # an older release's import since: the manifest written anew (its files 0644 again)
    for d, dirs, files in os.walk(root):
        for f in files:
            if f != REMODED:
                os.chmod(os.path.join(d, f), 0o644)
    manifest = root / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8"), encoding="utf-8")
    walks = _count_walks(monkeypatch)
    load_responses("power_hall_2025", store_dir=store)
    assert walks
    _all_private(store)


def test_a_marker_of_another_manifest_is_not_trusted(tmp_path, capsys):
    store = _old_store(tmp_path, capsys)
    root = store_root(store)
    (root / REMODED).write_text(json.dumps({"manifest": [1, 2, 3, 4]}), encoding="utf-8")   # copied from elsewhere
    load_responses("power_hall_2025", store_dir=store)
    _all_private(store)


def test_a_fresh_store_is_marked_on_its_first_open(tmp_path, capsys, monkeypatch):
    store = tmp_path / "store"
    rc, msg = _run(capsys, "survey", "import", _delivery(tmp_path), "--instrument", "power_hall", "--year", "2025",
                   "--store", store)
    assert rc == 0, msg
    load_responses("power_hall_2025", store_dir=store)
    walks = _count_walks(monkeypatch)
    load_responses("power_hall_2025", store_dir=store)
    assert walks == []
    _all_private(store)
