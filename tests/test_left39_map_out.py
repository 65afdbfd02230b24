"""``records map --out`` names the file it wrote as the other commands name theirs (left39): as given when the user
gave a relative path, relative to the workspace when inside it, never the user's folders (a home folder carries a
person's name)."""
from __future__ import annotations

import os

from windoweval.cli import main

TOML = 'name = "示例"\nmapping_file = "mapping.yaml"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'
ORDERS = "工单号,窗口编号,工单类型,受理时间\nW1,PW01,fault_repair,2025-06-01 18:00\n"


def _export(tmp_path):
    home = tmp_path / "home" / "张三"
    home.mkdir(parents=True)
    (home / "工单.csv").write_text(ORDERS, encoding="utf-8")
    return home


def test_absolute_out_shows_no_folders(tmp_path, capsys):
    home = _export(tmp_path)
    out = home / "导出" / "mapping.proposed.yaml"
    assert main(["records", "map", str(home / "工单.csv"), "--kind", "work_orders", "--out", str(out)]) == 0
    assert out.exists()
    got = capsys.readouterr()
    text = got.out + got.err
    assert "proposal written" in text and "mapping.proposed.yaml" in text
    assert "张三" not in text and str(tmp_path) not in text
    # written again: refused, the message names the file the same way
    assert main(["records", "map", str(home / "工单.csv"), "--kind", "work_orders", "--out", str(out)]) == 2
    got = capsys.readouterr()
    text = got.out + got.err
    assert "已存在" in text and "mapping.proposed.yaml" in text
    assert "张三" not in text and str(tmp_path) not in text


def test_relative_out_is_shown_as_given(tmp_path, capsys, monkeypatch):
    home = _export(tmp_path)
    monkeypatch.chdir(home)
    assert main(["records", "map", "工单.csv", "--kind", "work_orders", "--out", "提议/m.yaml"]) == 0
    got = capsys.readouterr()
    assert "proposal written, please review: 提议/m.yaml" in got.out
    assert str(tmp_path) not in got.out + got.err


def test_out_inside_the_workspace_is_relative_to_it(tmp_path, capsys):
    home = _export(tmp_path)
    ws = home / "ws"
    ws.mkdir()
    (ws / "windoweval.toml").write_text(TOML, encoding="utf-8")
    out = ws / "proposals" / "m.yaml"
    assert main(["records", "map", str(home / "工单.csv"), "--kind", "work_orders", "--data", str(ws),
                 "--out", str(out)]) == 0
    got = capsys.readouterr()
    assert "proposal written, please review: proposals/m.yaml" in got.out
    assert "张三" not in got.out + got.err


def test_a_phone_in_the_out_name_is_masked(tmp_path, capsys, monkeypatch):
    home = _export(tmp_path)
    monkeypatch.chdir(home)
    assert main(["records", "map", "工单.csv", "--kind", "work_orders", "--out", "客户13812345678.yaml"]) == 0
    got = capsys.readouterr()
    assert "13812345678" not in got.out + got.err and "[手机号]" in got.out
