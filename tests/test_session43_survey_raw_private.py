"""session 43 (review43's find): public43 made the records' ``_raw/`` (the exports as delivered: names, phones)
readable by its owner alone (0700 folders, 0600 files, whatever the umask); the survey store's ``raw/``, which keeps
each delivery as the firm sent it (respondents' names and phones too), was made with what the umask gives (0755 /
0644 under 022). Now the same."""
import os
import stat

from windoweval.survey.store import list_deliveries, store_root
from test_survey42_weights_note import _delivery, _run


def test_a_kept_delivery_is_its_owners_alone(tmp_path, capsys):
    store = tmp_path / "store"
    old = os.umask(0o022)
    try:
        rc, msg = _run(capsys, "survey", "import", _delivery(tmp_path), "--instrument", "power_hall", "--year", "2025",
                       "--store", store)
    finally:
        os.umask(old)
    assert rc == 0, msg
    rec = list_deliveries("power_hall_2025", store_dir=store).iloc[0]
    raw = store_root(store) / rec["raw"]
    assert stat.S_IMODE(raw.parent.stat().st_mode) == 0o700, oct(raw.parent.stat().st_mode)
    assert stat.S_IMODE(raw.stat().st_mode) == 0o600, oct(raw.stat().st_mode)
