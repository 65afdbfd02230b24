"""msgs46: messages left by session 45, each in one form, both languages (``中文 / English``), with the fix.

* a mapping file (YAML) not in UTF-8: the line it stops being UTF-8 was given in Chinese only;
* an export refusal naming a column and no row read ``a.csv(,列 姓名)`` / ``a.csv (, column 姓名)``;
* the workspace's refusals (its promise register or mapping file not there, not a file; its TOML not UTF-8 ...) and
  ``records map`` on a file that is not there said Chinese on one line and English on the next, each after the file
  (``f: 中文\\nf: English``), where every other message is one line, ``f: 中文 / English``.
"""
from __future__ import annotations

import pytest

from windoweval.cli import main
from windoweval.records.io import ExportError
from windoweval.records.workspace import WorkspaceError, load_workspace

from _workspace import write_workspace


def _one_form(msg: str) -> None:
    assert "\n" not in msg, msg
    zh, en = msg.split(" / ", 1)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh) and en.isascii() or "UTF-8" in en, msg


def test_mapping_not_utf8_names_its_line_in_both_languages(tmp_path):
    d = write_workspace(tmp_path / "data", mapping_file="mapping.yaml")
    (d / "mapping.yaml").write_bytes("work_orders:\n  columns:\n    工单号: order_id\n".encode("gbk"))
    with pytest.raises(WorkspaceError) as e:
        load_workspace(d).mapping()
    msg = str(e.value)
    _one_form(msg)
    assert "第 3 行起不是" in msg and "from line 3 on" in msg, msg


@pytest.mark.parametrize("kw, zh, en", [
    ({"column": "姓名"}, "a.csv(列 姓名): 缺表头", "a.csv (column 姓名): no header"),
    ({"row": 3, "column": "姓名"}, "a.csv(第 3 行,列 姓名): 缺表头", "a.csv (row 3, column 姓名): no header"),
    ({"value": "x"}, "a.csv('x'): 缺表头", "a.csv ('x'): no header"),
    ({"column": "B", "value": "x"}, "a.csv(列 B: 'x'): 缺表头", "a.csv (column B: 'x'): no header"),
    ({}, "a.csv: 缺表头", "a.csv: no header"),
])
def test_export_refusal_names_row_column_and_value_as_each_language_writes_them(kw, zh, en):
    assert str(ExportError("a.csv", "缺表头", "no header", **kw)) == f"{zh} / {en}"   # one line (msgs46b)


def test_workspace_refusals_are_one_line_each(tmp_path):
    d = write_workspace(tmp_path / "a", promises="mine.yaml")
    with pytest.raises(WorkspaceError) as e:
        load_workspace(d).promise_register()
    _one_form(str(e.value))
    assert "中的 promises / promise register not found" in str(e.value)
    d = write_workspace(tmp_path / "b", mapping_file="nope.yaml")
    with pytest.raises(WorkspaceError) as e:
        load_workspace(d).mapping()
    _one_form(str(e.value))
    assert "中的 mapping_file / mapping file not found" in str(e.value)
    (d / "nope.yaml").mkdir()
    with pytest.raises(WorkspaceError) as e:
        load_workspace(d).mapping()
    _one_form(str(e.value))
    d = write_workspace(tmp_path / "c")
    (d / "windoweval.toml").write_bytes("name = \"城东\"\n".encode("gbk"))
    with pytest.raises(WorkspaceError) as e:
        load_workspace(d)
    _one_form(str(e.value))
    for n, settings in enumerate(({"art203": "no"}, {"art230": True})):   # a setting's value, an unknown key
        d = write_workspace(tmp_path / f"d{n}", **settings)
        with pytest.raises(WorkspaceError) as e:
            load_workspace(d)
        _one_form(str(e.value))


def test_records_map_on_a_file_not_there_says_it_on_one_line(tmp_path, capsys):
    assert main(["records", "map", str(tmp_path / "nope.csv"), "--kind", "work_orders"]) == 3
    err = [x for x in capsys.readouterr().err.splitlines() if x.strip()]
    assert len(err) == 1 and err[0].startswith("错误 / error: nope.csv: 找不到文件") and " / " in err[0][15:], err
