"""A ``file:`` line in mapping.yaml and the store ``records import`` wrote in the same data folder (left39).

Before, the named file alone was read and the store passed over without a word: a month imported (records import)
beside an export named under file: was invisible to score and records check.  Now the store is read when it holds
every named file (their bytes imported; an export no longer in the folder by its name), said by records check; a
named file never imported is refused with both named and the fixes (exit 3)."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pytest

from tests._workspace import write_workspace
from windoweval.cli import main
from windoweval.records.files import find_files, load
from windoweval.records.io import ExportError
from windoweval.records.workspace import load_workspace

_HEAD = "工单号,营业厅,工单类型,受理时间,完成时间"
FEB = [f"W2{i},PW01,故障报修,2025-02-0{i} 09:00,2025-02-0{i} 10:00" for i in range(1, 4)]
MAR = [f"W3{i},PW01,故障报修,2025-03-0{i} 09:00,2025-03-0{i} 10:00" for i in range(1, 5)]
_MAP = ('work_orders:\n  file: "{f}"\n  columns: {{"工单号": order_id, "营业厅": window_id, "工单类型": order_type, '
        '"受理时间": received_at, "完成时间": completed_at}}\n  values: {{order_type: {{"故障报修": fault_repair}}}}\n')


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(list(args))
    return rc, out.getvalue() + err.getvalue()


def _ws(tmp_path, named="工单2月.csv"):
    folder = write_workspace(tmp_path / "ws")
    (folder / "mapping.yaml").write_text(_MAP.format(f=named), encoding="utf-8")
    feb = tmp_path / "工单2月.csv"
    feb.write_text("\n".join([_HEAD, *FEB]) + "\n", encoding="utf-8")
    mar = tmp_path / "工单3月.csv"
    mar.write_text("\n".join([_HEAD, *MAR]) + "\n", encoding="utf-8")
    return folder, feb, mar


def _imported(folder, *files):
    for f in files:
        rc, text = _run("records", "import", "work_orders", str(f), "--data", str(folder))
        assert rc == 0, text


def test_named_export_imported_the_store_is_read_with_every_import(tmp_path):
    folder, feb, mar = _ws(tmp_path)
    (folder / feb.name).write_bytes(feb.read_bytes())     # the export named under file:, in the folder
    _imported(folder, feb, mar)                           # and both months imported
    ws = load_workspace(folder)
    km = ws.mapping().get("work_orders")
    assert [f.name for f in find_files("work_orders", folder, km)] == ["work_orders"]
    assert len(load("work_orders", folder, km).frame) == 7      # Feb and March, Feb once
    rc, text = _run("records", "check", "--data", str(folder))
    assert rc == 0 and "✓ work_orders: 7 行" in text
    assert "已导入存储 work_orders/,按存储读取" in text and "the store is read" in text
    assert "未被任何记录类型读取" not in text       # the named export is accounted for (the store holds it)


def test_named_export_no_longer_in_the_folder_but_imported_by_its_name(tmp_path):
    folder, feb, mar = _ws(tmp_path)
    _imported(folder, feb, mar)
    rc, text = _run("records", "check", "--data", str(folder))
    assert rc == 0 and "✓ work_orders: 7 行" in text


def test_named_export_never_imported_beside_the_store_is_refused_with_both_named(tmp_path):
    folder, feb, mar = _ws(tmp_path)
    (folder / feb.name).write_bytes(feb.read_bytes())
    _imported(folder, mar)                                 # only March imported; February sits as an export
    ws = load_workspace(folder)
    with pytest.raises(ExportError):
        find_files("work_orders", folder, ws.mapping().get("work_orders"))
    rc, text = _run("records", "check", "--data", str(folder))
    assert rc == 3
    assert "工单2月.csv" in text and "未导入这个存储" in text and "never imported into this store" in text
    assert "records import work_orders" in text and "move the store work_orders/ out" in text
    assert "Traceback" not in text


def test_no_store_the_named_file_is_read_as_before(tmp_path):
    folder, feb, _ = _ws(tmp_path)
    (folder / feb.name).write_bytes(feb.read_bytes())
    rc, text = _run("records", "check", "--data", str(folder))
    assert rc == 0 and "✓ work_orders: 3 行" in text and "按存储读取" not in text


def test_no_store_a_missing_named_file_is_still_refused(tmp_path):
    folder, _, _ = _ws(tmp_path)
    rc, text = _run("records", "check", "--data", str(folder))
    assert rc == 3 and "找不到文件" in text


def test_a_glob_matching_no_file_but_imported_names_reads_the_store(tmp_path):
    folder, feb, mar = _ws(tmp_path, named="工单*.csv")
    _imported(folder, feb, mar)
    rc, text = _run("records", "check", "--data", str(folder))
    assert rc == 0 and "✓ work_orders: 7 行" in text
