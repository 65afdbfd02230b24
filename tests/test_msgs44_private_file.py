"""msgs44: the private files' one door.

``survey.store`` imported ``records.raw._chmod`` (a private name) and copied the delivery as sent (names, phones in
it) with ``shutil.copyfile`` before setting it 0600: while its bytes went in, the copy had the umask's mode (0644, any
user of the machine could read it).  ``records.raw.private_file`` is now the one public door beside ``private_dir``:
the copy is made 0600 empty first and filled after.
"""
import ast
import os
import stat
from pathlib import Path

import pytest

from windoweval.demo import survey as demo
from windoweval.survey.instrument import load_instrument

PKG = Path(__file__).resolve().parents[1] / "windoweval"


def test_no_module_outside_records_imports_a_private_name_of_records_raw():
    bad = []
    for f in PKG.rglob("*.py"):
        if f.parent.name == "records":     # its own package's siblings share its private names
            continue
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("raw") and f.name != "raw.py":
                bad += [f"{f.relative_to(PKG)}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert not bad, bad


def test_private_file_is_made_and_set_0600_whatever_the_umask(tmp_path):
    from windoweval.records.raw import private_file

    old = os.umask(0o022)
    try:
        made = private_file(tmp_path / "new", create=True)
        (tmp_path / "old").write_bytes(b"x")
        kept = private_file(tmp_path / "old")
    finally:
        os.umask(old)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600 and made.read_bytes() == b""
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and kept.read_bytes() == b"x"


def test_the_survey_stores_copy_is_never_readable_by_others_while_it_is_written(tmp_path, monkeypatch):
    import shutil

    from windoweval.survey import store

    ins = load_instrument("power_hall")
    d = demo.generate_delivery(ins, 2025, ["PW01", "PW02"], n_per_window=8, seed=3, careless_share=0)
    src = tmp_path / "交付.csv"
    d.to_csv(src, index=False, encoding="utf-8-sig")
    modes = []
    real = shutil.copyfile

    def watched(a, b, *k, **kw):     # the mode the copy has once its bytes are in, before anything else runs
        got = real(a, b, *k, **kw)
        modes.append(stat.S_IMODE(os.stat(b).st_mode))
        return got

    monkeypatch.setattr(store.shutil, "copyfile", watched)
    old = os.umask(0o022)
    try:
        store.import_delivery(src, ins, 2025, store_dir=tmp_path / "store")
    finally:
        os.umask(old)
    assert modes and all(m == 0o600 for m in modes), [oct(m) for m in modes]
    raw = list((tmp_path / "store" / "surveys" / "raw").iterdir())
    assert raw and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in raw)
