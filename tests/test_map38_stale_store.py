"""map38 item 2: a store imported before hospital_events had ``collected_at`` says so, with the fix.

Before hosp37, 取药时间 was an alias of finished_at: a decoction export's pick-up was stored as the ready time, and a
patient who came at 14:00 for a decoction due at 12:00 made a miss.  hosp37 reads it as collected_at (an upper bound
of the ready time); a store written before keeps the old reading until the delivery is imported again, and nothing
told the user.  Such a store's Parquet files lack the collected_at column (every file written since carries it, blank
or not): `records check` and `score` now name the partitions whose decoction records hold a finished_at so written,
in Chinese and English, with the fix (records import again).  A store written since, or one whose old files hold no
such record, says nothing.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.parquet as pq

from tests._workspace import write_workspace
from windoweval.records.store import stale_partitions

_WIN = (("HPHA", "门诊药房", "hospital_pharmacy"),)
_HEAD = "事件编号,窗口编号,事件类型,开始时间,取药时间"
_ZH, _EN = "成为单独一列之前", "were imported before collected_at was a column of its own"


def _rows(year, kind="decoction"):
    return [f"D{year}1,HPHA,{kind},{year}-04-08 09:00:00,{year}-04-08 11:55:00",
            f"D{year}2,HPHA,{kind},{year}-04-08 09:00:00,{year}-04-08 14:00:00",
            f"D{year}3,HPHA,{kind},{year}-04-08 15:00:00,{year}-04-08 17:00:00"]


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "windoweval", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8")


def _import(folder, tmp_path, name, rows):
    src = tmp_path / name
    src.write_text("\n".join([_HEAD, *rows]) + "\n", encoding="utf-8")
    run = _cli("records", "import", "hospital_events", str(src), "--data", str(folder), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    return src


def _as_before_hosp37(folder, year=None):
    """The store's files (of ``year``, else all) as an import before hosp37 wrote them: no collected_at, the
    pick-up in finished_at, the dataset's log naming the contract of then."""
    ds = folder / "hospital_events"
    for f in ds.rglob("*.parquet"):
        if year is not None and f"year={year}" not in f.as_posix():
            continue
        t = pq.read_table(f)
        t = t.set_column(t.schema.get_field_index("finished_at"), "finished_at", t.column("collected_at"))
        pq.write_table(t.drop(["collected_at"]), f)
    marker = ds / "_windoweval.json"
    m = json.loads(marker.read_text(encoding="utf-8"))
    m["contract"] = "0123456789abcdef"
    marker.write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")


def _check_and_score(folder, tmp_path):
    check = _cli("records", "check", "--data", str(folder), cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    run = _cli("score", "--standard", "hospital_commitments", "--year", "2025", "--data", str(folder), "--out",
               str(tmp_path / "out"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    return check.stdout, run.stdout


def test_a_store_written_since_says_nothing(tmp_path):
    folder = write_workspace(tmp_path / "ws", _WIN)
    _import(folder, tmp_path, "代煎.csv", _rows(2025))
    assert stale_partitions("hospital_events", folder / "hospital_events") == []
    check, score = _check_and_score(folder, tmp_path)
    assert _ZH not in check and _EN not in check and _ZH not in score and _EN not in score


def test_a_store_written_before_collected_at_says_so_with_the_fix(tmp_path):
    folder = write_workspace(tmp_path / "ws", _WIN)
    _import(folder, tmp_path, "代煎.csv", _rows(2025))
    _as_before_hosp37(folder)
    assert stale_partitions("hospital_events", folder / "hospital_events") == [
        {"partition": "year=2025/month=04", "rows": 3, "files": ["代煎.csv"]}]
    check, score = _check_and_score(folder, tmp_path)
    for text in (check, score):
        assert f"3 条代煎记录导入于 collected_at {_ZH}" in text and f"3 stored decoction records {_EN}" in text, text
        assert "year=2025/month=04" in text and "代煎.csv" in text
        assert "records import hospital_events" in text and "重新导入" in text and "import those partitions again" in text


def test_only_the_partitions_written_before_are_named_and_an_import_clears_them(tmp_path):
    folder = write_workspace(tmp_path / "ws", _WIN)
    _import(folder, tmp_path, "代煎2024.csv", _rows(2024))
    _as_before_hosp37(folder)
    src25 = _import(folder, tmp_path, "代煎2025.csv", _rows(2025))   # the next year imported since: its own files new
    got = stale_partitions("hospital_events", folder / "hospital_events")
    assert got == [{"partition": "year=2024/month=04", "rows": 3, "files": ["代煎2024.csv"]}]
    check, _ = _check_and_score(folder, tmp_path)
    note = next(line for line in check.splitlines() if _ZH in line)
    assert "year=2024/month=04" in note and "year=2025" not in note and "代煎2025" not in note
    # the fix: the 2024 delivery imported again; the note goes
    _import(folder, tmp_path, "代煎2024.csv", _rows(2024))
    assert stale_partitions("hospital_events", folder / "hospital_events") == []
    assert src25.exists()


def test_old_files_with_no_decoction_read_otherwise_say_nothing(tmp_path):
    folder = write_workspace(tmp_path / "ws", _WIN)
    # dispensing (发药): 取药时间 was and is the handout; a decoction with no pick-up time written: nothing misread
    _import(folder, tmp_path, "药房.csv", [r.replace("decoction", "prescription_western") for r in _rows(2025)]
            + ["DX,HPHA,decoction,2025-04-09 09:00:00,"])
    _as_before_hosp37(folder)
    assert stale_partitions("hospital_events", folder / "hospital_events") == []
    check, score = _check_and_score(folder, tmp_path)
    assert _ZH not in check and _ZH not in score


def test_a_store_imported_through_the_proposed_mapping_is_checked_and_scored(tmp_path):
    # a decoction register whose headers are the system's own (代煎单号, 送煎时间), mapped as records map proposes it,
    # then imported: records check read the store through that mapping and refused every column (the store holds
    # event_id, not 代煎单号); a store written before collected_at was refused by score the same way, so the note
    # above could not be read there
    folder = write_workspace(tmp_path / "ws", _WIN)
    src = tmp_path / "中药代煎登记.csv"
    src.write_text("代煎单号,窗口编号,送煎时间,取药时间\n" + "\n".join(
        ",".join([f"D{i}", "HPHA", s, p]) for i, (s, p) in enumerate([
            ("2025-04-08 09:00:00", "2025-04-08 11:55:00"), ("2025-04-08 09:00:00", "2025-04-08 14:00:00"),
            ("2025-04-08 15:00:00", "2025-04-08 17:00:00")])) + "\n", encoding="utf-8")
    run = _cli("records", "map", str(src), "--kind", "hospital_events", "--data", str(folder), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    proposed = "\n".join(x for x in run.stdout.splitlines() if not x.strip().startswith("file:"))
    assert '"取药时间": collected_at' in proposed
    (folder / "mapping.yaml").write_text(proposed + "\n", encoding="utf-8")
    run = _cli("records", "import", "hospital_events", str(src), "--data", str(folder), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    check, score = _check_and_score(folder, tmp_path)
    assert "✓ hospital_events: 3" in check and _ZH not in check and _ZH not in score
    _as_before_hosp37(folder)
    check, score = _check_and_score(folder, tmp_path)
    assert "✓ hospital_events: 3" in check
    for text in (check, score):
        assert f"3 条代煎记录导入于 collected_at {_ZH}" in text and "中药代煎登记.csv" in text, text
