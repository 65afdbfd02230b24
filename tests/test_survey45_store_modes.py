"""survey45 (session 43's left item): the survey store's ``imports/`` (responses.parquet, rejects.csv,
answers_refused.csv, values_refused.csv, problems.csv: respondents' answers, ids, windows, dates) were written with
what the umask gives (0644 files in 0755 folders under 022), though its ``raw/`` was its owner's alone.  Now every file
an import writes into the store is 0600 and every folder 0700 (records.raw.private_file / private_dir), the manifest
too (it names each delivery's file), whatever the umask."""
import os
import stat

from test_survey42_weights_note import _delivery, _run
from windoweval.survey.store import MANIFEST, list_deliveries, store_root


def _modes(store):
    root = store_root(store)
    got = {}
    for d, dirs, files in os.walk(root):
        for n in dirs:
            p = os.path.join(d, n)
            got[os.path.relpath(p, root) + "/"] = stat.S_IMODE(os.stat(p).st_mode)
        for n in files:
            p = os.path.join(d, n)
            got[os.path.relpath(p, root)] = stat.S_IMODE(os.stat(p).st_mode)
    return root, got


def test_every_file_and_folder_an_import_writes_is_its_owners_alone(tmp_path, capsys):
    store = tmp_path / "store"
    old = os.umask(0o022)
    try:
        rc, msg = _run(capsys, "survey", "import", _delivery(tmp_path), "--instrument", "power_hall", "--year", "2025",
                       "--store", store)
    finally:
        os.umask(old)
    assert rc == 0, msg
    root, got = _modes(store)
    rec = list_deliveries("power_hall_2025", store_dir=store).iloc[0]
    imp = rec["dir"]
    for name in ("responses.parquet", "rejects.csv", "answers_refused.csv", "values_refused.csv", "problems.csv",
                 "meta.json", "instrument.yaml"):
        assert got[f"{imp}/{name}"] == 0o600, (name, oct(got[f"{imp}/{name}"]))     # before: 0o644
    assert got[MANIFEST] == 0o600, oct(got[MANIFEST])
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    files = {k: v for k, v in got.items() if not k.endswith("/") and k != ".lock"}
    dirs = {k: v for k, v in got.items() if k.endswith("/")}
    assert all(v == 0o600 for v in files.values()), {k: oct(v) for k, v in files.items() if v != 0o600}
    assert all(v == 0o700 for v in dirs.values()), {k: oct(v) for k, v in dirs.items() if v != 0o700}
    assert {"imports/", f"{imp}/", "raw/"} <= set(dirs)
