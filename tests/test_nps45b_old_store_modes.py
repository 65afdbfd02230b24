"""nps45b: a store imported before survey45 keeps its 0644 files in 0755 folders (respondents' answers, ids,
windows): survey45 made new imports private only.  The next import, or the next open of the store, re-modes every
file 0600 and every folder 0700 under the store's lock (records.raw.private_file / private_dir)."""
import os
import stat

from test_survey42_weights_note import _delivery, _run
from test_survey45_store_modes import _modes
from windoweval.survey.store import load_responses, store_root


def _old_store(tmp_path, capsys):
    store = tmp_path / "store"
    rc, msg = _run(capsys, "survey", "import", _delivery(tmp_path), "--instrument", "power_hall", "--year", "2025",
                   "--store", store)
    assert rc == 0, msg
    root = store_root(store)
    (root / ".remoded").unlink(missing_ok=True)   # an older release marks no store (leftovers49: an import marks it)
    for d, dirs, files in os.walk(root):          # as an import before survey45 left them (umask 022)
        for n in dirs:
            os.chmod(os.path.join(d, n), 0o755)
        for n in files:
            os.chmod(os.path.join(d, n), 0o644)
    os.chmod(root, 0o755)
    _, got = _modes(store)
    assert set(got.values()) == {0o644, 0o755}
    return store


def _all_private(store):
    root, got = _modes(store)
    bad = {k: oct(v) for k, v in got.items() if v != (0o700 if k.endswith("/") else 0o600)}
    assert not bad, bad
    assert stat.S_IMODE(root.stat().st_mode) == 0o700


def test_opening_an_old_store_remodes_it(tmp_path, capsys):
    store = _old_store(tmp_path, capsys)
    assert len(load_responses("power_hall_2025", store_dir=store)) > 0
    _all_private(store)                                  # before: 0644 files, 0755 folders kept


def test_the_next_import_remodes_an_old_store(tmp_path, capsys):
    store = _old_store(tmp_path, capsys)
    rc, msg = _run(capsys, "survey", "import", _delivery(tmp_path), "--instrument", "power_hall", "--year", "2025",
                   "--store", store, "--replace")
    assert rc == 0, msg
    _all_private(store)
