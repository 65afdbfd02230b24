"""Importing deliveries: raw kept byte for byte, valid rows stored, rejects listed,
idempotent, all-or-nothing even when killed, replacement only on request."""
import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
from _workspace import delivery_of_year
import pytest

from windoweval.survey import store as S
from windoweval.cli.survey import main
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def snapshot(store_dir):
    root = S.store_root(store_dir)
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name not in (".lock", ".remoded")}   # claims46: the re-mode marker is bookkeeping


def test_import_keeps_raw_valid_rows_and_rejects(tmp_path):
    src = DATA / "kitchen_sink.csv"
    r = S.import_delivery(src, INS, 2025, store_dir=tmp_path).iloc[0]
    sha = hashlib.sha256(src.read_bytes()).hexdigest()
    root = S.store_root(tmp_path)
    assert r["status"] == "imported" and r["sha256"] == sha and r["survey"] == "power_hall_2025"
    assert (root / f"raw/{sha}.csv").read_bytes() == src.read_bytes()  # byte for byte, named by hash
    # row 7 (a blank overall item) is item nonresponse and kept; row 9 is the first of two rows with one id; row 3's
    # env1 = 8 is refused as that answer alone (audit30): the respondent is kept, env1 missing
    assert (r["n_rows"], r["n_valid"], r["n_rejected"]) == (12, 7, 5)
    resp = S.load_responses("power_hall_2025", store_dir=tmp_path)
    assert sorted(resp["row"]) == [3, 4, 6, 7, 8, 9, 13]
    assert resp.loc[resp["row"] == 3, "env1"].isna().all()
    assert S.load_survey_instrument("power_hall_2025", store_dir=tmp_path).text == INS.text
    assert resp["respondent_id"].map(type).eq(str).all() and resp["respondent_id"].str.len().eq(6).all()
    assert {"flagged", "screens_fired", "n_screens"} <= set(resp.columns)
    rej = S.load_rejects("power_hall_2025", store_dir=tmp_path)
    assert rej["row"].tolist() == [2, 5, 10, 11, 12]
    by_row = rej.set_index("row")
    assert by_row.loc[2, "codes"] == "nonpositive_weight" and "weight" in by_row.loc[2, "reasons_en"]
    assert by_row.loc[2, "weight"] == "0"                     # the value as delivered
    assert by_row.loc[11, "codes"] == "ragged_row" and by_row.loc[11, "raw_record"].startswith("000010|PW01")
    assert "权重必须大于 0" in by_row.loc[2, "reasons_zh"]
    assert S.verify_store(store_dir=tmp_path)["ok"].all()


def test_every_format_imports(tmp_path):
    for i, name in enumerate(["clean_utf8.csv", "clean_utf8_bom.csv", "clean_gbk.csv", "clean.xlsx", "clean.sav"]):
        # one store each: an instrument and year take one survey id in a store (SurveyExists)
        r = S.import_delivery(DATA / name, INS, 2025, survey=f"s{i}", store_dir=tmp_path / f"s{i}").iloc[0]
        assert r["n_valid"] == 12 and r["n_rejected"] == 0, name
        assert len(S.list_surveys(store_dir=tmp_path / f"s{i}")) == 1
    a = S.load_responses("s0", store_dir=tmp_path / "s0")
    b = S.load_responses("s4", store_dir=tmp_path / "s4")
    assert a["overall"].tolist() == b["overall"].tolist()


def test_importing_the_same_file_twice_adds_nothing(tmp_path):
    S.import_delivery(DATA / "clean_utf8.csv", INS, 2025, store_dir=tmp_path)
    before = snapshot(tmp_path)
    mtimes = {p: p.stat().st_mtime_ns for p in S.store_root(tmp_path).rglob("*")}
    r = S.import_delivery(DATA / "clean_utf8.csv", INS, 2025, store_dir=tmp_path).iloc[0]
    assert r["status"] == "unchanged" and bool(r["current"])
    assert snapshot(tmp_path) == before
    assert {p: p.stat().st_mtime_ns for p in S.store_root(tmp_path).rglob("*")} == mtimes
    assert len(S.list_deliveries(store_dir=tmp_path)) == 1


def test_a_second_delivery_replaces_only_when_asked_and_the_first_is_kept(tmp_path):
    first = S.import_delivery(DATA / "clean_utf8.csv", INS, 2025, store_dir=tmp_path).iloc[0]
    before = snapshot(tmp_path)
    with pytest.raises(S.DeliveryExists, match="replace"):
        S.import_delivery(DATA / "zero_weight.csv", INS, 2025, store_dir=tmp_path)
    assert snapshot(tmp_path) == before
    second = S.import_delivery(DATA / "zero_weight.csv", INS, 2025, store_dir=tmp_path, replace=True).iloc[0]
    assert second["status"] == "replaced" and second["replaces"] == first["sha256"]
    assert len(S.load_responses("power_hall_2025", store_dir=tmp_path)) == 10
    d = S.list_deliveries("power_hall_2025", store_dir=tmp_path)
    assert d["status"].tolist() == ["kept", "current"]
    assert len(S.load_responses("power_hall_2025", sha256=first["sha256"], store_dir=tmp_path)) == 12
    assert (S.store_root(tmp_path) / first["raw"]).exists()
    # the first file again: nothing added unless asked; with replace it becomes current again
    assert S.import_delivery(DATA / "clean_utf8.csv", INS, 2025, store_dir=tmp_path).iloc[0]["status"] == "unchanged"
    back = S.import_delivery(DATA / "clean_utf8.csv", INS, 2025, store_dir=tmp_path, replace=True).iloc[0]
    assert back["status"] == "replaced" and len(S.list_deliveries(store_dir=tmp_path)) == 2
    assert len(S.load_responses("power_hall_2025", store_dir=tmp_path)) == 12


def test_file_level_errors_refuse_the_import_and_write_nothing(tmp_path):
    S.import_delivery(DATA / "clean_utf8.csv", INS, 2025, store_dir=tmp_path)
    before = snapshot(tmp_path)
    for name in ("misspelled_column.csv", "missing_column.csv", "sav_reversed_labels.sav"):
        with pytest.raises(S.ImportRefused) as e:
            S.import_delivery(DATA / name, INS, 2025, survey="x", store_dir=tmp_path)
        assert (e.value.problems["severity"] == "error").any()
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("where", ["_write_parquet", "_commit_manifest"])
@pytest.mark.parametrize("exc", [RuntimeError, KeyboardInterrupt])
def test_an_interrupted_import_leaves_the_store_as_it_was(tmp_path, monkeypatch, where, exc):
    S.import_delivery(delivery_of_year(DATA / "clean_utf8.csv", 2024, tmp_path / "in"), INS, 2024, survey="earlier",
                      store_dir=tmp_path)
    before = snapshot(tmp_path)
    listing = S.list_surveys(store_dir=tmp_path)

    def boom(*a, **k):
        raise exc("killed mid-import")

    monkeypatch.setattr(S, where, boom)
    with pytest.raises(exc):
        S.import_delivery(DATA / "kitchen_sink.csv", INS, 2025, store_dir=tmp_path)
    assert snapshot(tmp_path) == before
    pd.testing.assert_frame_equal(S.list_surveys(store_dir=tmp_path), listing)
    monkeypatch.undo()
    r = S.import_delivery(DATA / "kitchen_sink.csv", INS, 2025, store_dir=tmp_path).iloc[0]
    assert r["status"] == "imported" and r["n_valid"] == 7       # row 3 kept since audit30 (an answer refused alone)


def test_a_killed_import_process_leaves_the_store_as_it_was(tmp_path):
    """SIGKILL between moving files into place and committing the manifest."""
    S.import_delivery(delivery_of_year(DATA / "clean_utf8.csv", 2024, tmp_path / "in"), INS, 2024, survey="earlier",
                      store_dir=tmp_path)
    manifest = (S.store_root(tmp_path) / "manifest.json").read_bytes()
    marker = tmp_path / "reached"
    code = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from windoweval.survey import store
        def hang(*a, **k):
            Path({str(marker)!r}).write_text("x")
            time.sleep(60)
        store._commit_manifest = hang
        store.import_delivery({str(DATA / 'kitchen_sink.csv')!r}, "power_hall", 2025, store_dir={str(tmp_path)!r})
    """)
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.time() + 60
        while not marker.exists() and time.time() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert marker.exists(), "the import never reached the commit"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    root = S.store_root(tmp_path)
    assert (root / "manifest.json").read_bytes() == manifest
    assert S.list_surveys(store_dir=tmp_path)["survey"].tolist() == ["earlier"]
    with pytest.raises(KeyError):
        S.load_responses("power_hall_2025", store_dir=tmp_path)
    assert (root / "imports" / "power_hall_2025").exists()  # leftovers exist, unreferenced
    r = S.import_delivery(DATA / "kitchen_sink.csv", INS, 2025, store_dir=tmp_path).iloc[0]
    assert r["status"] == "imported"
    assert not list(root.glob(".tmp-*"))
    files = set(snapshot(tmp_path))
    refs = json.loads((root / "manifest.json").read_text())
    wanted = {"manifest.json"}
    for s in refs["surveys"].values():
        for rec in s["deliveries"]:
            wanted.add(rec["raw"])
            wanted |= {f"{rec['dir']}/{f}" for f in ("responses.parquet", "rejects.csv", "problems.csv", "meta.json",
                                                           "instrument.yaml", "answers_refused.csv",
                                                           "values_refused.csv")}
    assert files == wanted


def test_cli_import(tmp_path, capsys):
    args = ["survey", "import", str(DATA / "ragged_row.csv"), "--instrument", "power_hall", "--year", "2025",
            "--store", str(tmp_path)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "有效 valid 10" in out and "被拒 rejected 2" in out and "rejects.csv" in out
    assert main(args) == 0 and "unchanged" in capsys.readouterr().out
    other = ["survey", "import", str(DATA / "clean_utf8.csv"), "--instrument", "power_hall", "--year", "2025",
             "--store", str(tmp_path)]
    assert main(other) == 3 and "replace" in capsys.readouterr().err
    assert main(other + ["--replace"]) == 0
    bad = ["survey", "import", str(DATA / "missing_column.csv"), "--instrument", "power_hall", "--year", "2025",
           "--store", str(tmp_path), "--survey", "y"]
    assert main(bad) == 3 and "psu" in capsys.readouterr().err
