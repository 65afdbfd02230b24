"""Masking left by session 42 (public43): the -v log handler masks itself, headers that mask alike stay distinct,
and the store's kept raw deliveries (_raw/) are readable by their owner only, whatever the umask."""
from __future__ import annotations

import io
import logging
import os
import stat
import sys
from types import SimpleNamespace

import pandas as pd
import pytest

from windoweval import cli
from windoweval.cells import people_frame
from windoweval.records.store import RAW_DIR, import_records


def test_the_verbose_log_handler_masks_a_record_written_past_the_stderr_wrapper(monkeypatch):
    raw = io.StringIO()                         # a plain stream: no wrapper masks what reaches it
    monkeypatch.setattr(sys, "stderr", raw)
    h = cli._console_log(SimpleNamespace(verbose=1))
    lg = logging.getLogger("windoweval")
    level = lg.level
    try:
        logging.getLogger("windoweval.records").info("窗口 城东 客户电话 13812345678 身份证 110101199003074578")
    finally:
        lg.removeHandler(h)
        lg.setLevel(level)
    got = raw.getvalue()
    assert "城东" in got, got                    # the record was written
    assert "13812345678" not in got and "110101199003074578" not in got, got


def test_headers_that_mask_alike_stay_distinct_and_nothing_is_lost():
    df = pd.DataFrame({"备注13812345678": ["甲"], "备注13912345678": ["乙"], "id": ["W1"]})
    out = people_frame(df)
    assert out.columns.is_unique, out.columns.tolist()
    assert not any("138" in c or "139" in c for c in out.columns)
    assert out.shape == df.shape
    assert sorted(out.iloc[0, :2].tolist()) == ["乙", "甲"]            # both columns' values kept
    assert out.columns[2] == "id" and out.columns[1].startswith(out.columns[0])


@pytest.mark.skipif(os.name != "posix", reason="modes are POSIX's")
@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_the_kept_raw_deliveries_are_the_owner_s_alone_whatever_the_umask(tmp_path, umask):
    src = tmp_path / "roster.csv"
    pd.DataFrame({"staff_id": ["0012"], "window_id": ["PW01"], "english": ["是"],
                  "sign_language": ["否"]}).to_csv(src, index=False)
    store = tmp_path / "store"
    was = os.umask(umask)
    try:
        import_records("staff_roster", src, store)
    finally:
        os.umask(was)
    root = store / RAW_DIR
    files = [p for p in root.rglob("*") if p.is_file()]
    assert files, list(root.rglob("*"))
    for d in [root, *[p for p in root.rglob("*") if p.is_dir()]]:
        assert stat.S_IMODE(d.stat().st_mode) == 0o700, (d, oct(d.stat().st_mode))
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, (f, oct(f.stat().st_mode))


@pytest.mark.skipif(os.name != "posix", reason="modes are POSIX's")
def test_a_raw_folder_and_copy_kept_before_are_made_private_at_the_next_import(tmp_path):
    src = tmp_path / "roster.csv"
    pd.DataFrame({"staff_id": ["0012"], "window_id": ["PW01"], "english": ["是"],
                  "sign_language": ["否"]}).to_csv(src, index=False)
    store = tmp_path / "store"
    import_records("staff_roster", src, store)
    root = store / RAW_DIR
    for p in root.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)       # as a release before public43 left them
    root.chmod(0o755)
    import_records("staff_roster", src, store)       # the same bytes: nothing copied again
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == (0o700 if p.is_dir() else 0o600) for p in root.rglob("*"))


def test_the_readme_s_privacy_paragraph_says_so():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "`_raw/`" in readme and "0700" in readme and "0600" in readme
