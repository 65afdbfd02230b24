"""File names a careless clerk hands in, and a workspace file saved by Windows Notepad (thirty-first audit).

Seen before: a delivery whose file name is not UTF-8 (``工单.csv`` unpacked from a Chinese Windows zip keeps its GBK
bytes; a name with a stray byte) crashed ``records import``, ``survey check`` and ``survey import`` with exit 5
(``UnicodeEncodeError: surrogates not allowed``: Python keeps such bytes as lone surrogates, which the delivery log's
JSON, the problem table's Arrow strings and the masked console line refuse).  Such a name is now read as GB18030 where
it is one, else its bad bytes are shown as U+FFFD (``windoweval.paths.readable``); the kept copy takes a suffix only
when it is a file type.  A long name (80 Chinese characters, 240 bytes) and a ``windoweval.toml`` with a BOM and CRLF
line ends work as the plain ones do.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from _workspace import fault_repairs_csv, run_cli, write_workspace

GBK = b"\xb9\xa4\xb5\xa5.csv"          # 工单.csv in GBK
STRAY = b"orders\xff.csv"
LONG = ("工" * 80 + ".csv").encode()


def _named(folder: Path, raw: bytes) -> str:
    return os.fsdecode(os.path.join(os.fsencode(folder), raw))


@pytest.mark.parametrize("raw, shown", [(GBK, "工单.csv"), (STRAY, "orders\ufffd.csv"), (LONG, "工" * 80 + ".csv")])
def test_records_import_of_a_file_whose_name_is_not_utf8(raw, shown, tmp_path):
    from windoweval.records import read_records
    from windoweval.records.store import list_deliveries, verify_raw

    store = write_workspace(tmp_path / "store")
    src = fault_repairs_csv(_named(tmp_path, raw))
    r = run_cli("records", "import", "work_orders", src, "--data", str(store), cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "Traceback" not in r.stderr and shown in r.stderr
    assert list_deliveries(store)["file_name"].tolist() == [shown]
    assert verify_raw(store)["ok"].all()
    assert len(read_records("work_orders", store, year=2025)) == 2
    r = run_cli("records", "check", "--data", str(store), cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]


@pytest.mark.parametrize("raw, shown", [(b"\xb5\xf7\xb2\xe9.csv", "调查.csv"), (b"survey\xff.csv", "survey\ufffd.csv")])
def test_survey_check_and_import_of_a_file_whose_name_is_not_utf8(raw, shown, tmp_path):
    from windoweval.demo.survey import generate_delivery

    src = _named(tmp_path, raw)
    generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=10).to_csv(src, index=False)
    r = run_cli("survey", "check", src, "--instrument", "power_hall", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert shown in r.stdout and "Traceback" not in r.stdout + r.stderr
    store = tmp_path / "store"
    r = run_cli("survey", "import", src, "--instrument", "power_hall", "--year", "2025", "--store", str(store),
                cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert shown in r.stdout + r.stderr
    manifest = next(store.rglob("manifest.json"))
    assert shown in str(json.loads(manifest.read_text(encoding="utf-8")))


def test_a_workspace_file_with_a_bom_and_crlf_reads_as_the_plain_one(tmp_path):
    plain = write_workspace(tmp_path / "plain", name="城东供电公司")
    notepad = write_workspace(tmp_path / "notepad", name="城东供电公司")
    text = (notepad / "windoweval.toml").read_text(encoding="utf-8")
    (notepad / "windoweval.toml").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    got = []
    for d in (plain, notepad):
        fault_repairs_csv(d / "work_orders.csv")
        r = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out",
                    str(d / "out"), cwd=tmp_path)
        assert r.returncode == 0, r.stderr[-3000:]
        got.append((d / "out" / "power_window_results.csv").read_bytes())
    assert got[0] == got[1]
