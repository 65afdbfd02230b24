"""msgs44: how long a name or any text in ``windoweval.toml`` and the mapping file may be.

A window name of 3 M characters was accepted (``Workspace.from_dict``) and written into every page title, table
cell, chart axis and sheet of the report.  Names (the workspace's and a window's ``name``, ``name_en``, and a
window's ``region``) now take at most ``MAX_NAME`` = 200 characters, a window id ``MAX_ID`` = 64, any other text of
``windoweval.toml`` or the mapping file ``MAX_CONFIG_TEXT`` = 1,000: longer is refused (exit 3) naming the file,
the place, the length, its first characters and the fix, never the whole text.
"""
import re
import shutil

import pytest

from windoweval.cli import main
from windoweval.errors import EXIT_INPUT
from windoweval.records.workspace import MAX_CONFIG_TEXT, MAX_ID, MAX_NAME, Workspace, WorkspaceError


@pytest.fixture
def data(tmp_path):
    from windoweval.datadir import resolve

    d = tmp_path / "data"
    shutil.copytree(resolve(None), d)
    return d


def _set(toml, pattern, value):
    text = toml.read_text(encoding="utf-8")
    new, n = re.subn(pattern, lambda m: m.group(1) + value + '"', text, count=1, flags=re.M)
    assert n == 1
    toml.write_text(new, encoding="utf-8")


def _run(data, capsys, tmp_path):
    code = main(["score", "--year", "2025", "--data", str(data), "--out", str(tmp_path / "out")])
    said = capsys.readouterr()
    return code, said.out + said.err


def test_a_window_name_of_three_million_characters_is_refused_with_the_fix(data, capsys, tmp_path):
    _set(data / "windoweval.toml", r'^(name = ")城西营业厅"', "城" * 3_000_000)
    code, text = _run(data, capsys, tmp_path)
    assert code == EXIT_INPUT, text[:2000]
    assert "windoweval.toml" in text and "第 2 个窗口" in text and "window #2's name" in text
    assert "3,000,000" in text and f"{MAX_NAME}" in text
    assert "请写窗口的名称" in text and "write the window's name" in text and text.index("请写") < text.index("write the")
    assert len(text) < 5_000 and "Traceback" not in text
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.csv"))


def test_a_name_at_the_limit_is_read(data):
    from windoweval.records.workspace import load_workspace

    _set(data / "windoweval.toml", r'^(name = ")城西营业厅"', "城" * MAX_NAME)
    ws = load_workspace(data)
    assert (ws.windows["window_name"].str.len() == MAX_NAME).sum() == 1


@pytest.mark.parametrize("key,limit", [("name", MAX_NAME), ("name_en", MAX_NAME), ("region", MAX_NAME),
                                       ("id", MAX_ID)])
def test_each_field_of_a_window_has_its_limit(key, limit):
    w = {"id": "PW01", "name": "城东营业厅", "kind": "power_hall", key: "a" * limit}
    Workspace.from_dict({"windows": [w]})
    w[key] = "a" * (limit + 1)
    with pytest.raises(WorkspaceError) as e:
        Workspace.from_dict({"windows": [w]})
    assert e.value.exit_code == EXIT_INPUT and f"window #1's {key}" in str(e.value) and f"{limit:,}" in str(e.value)


def test_a_key_of_megabytes_is_refused_by_its_length_not_looked_up():
    with pytest.raises(WorkspaceError) as e:
        Workspace.from_dict({"windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}],
                             "x" * 2_000_000: 1})
    assert "2,000,000" in str(e.value) and len(str(e.value)) < 2_000


def test_the_organisations_name_and_any_other_text_have_their_limits():
    w = {"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}
    with pytest.raises(WorkspaceError) as e:
        Workspace.from_dict({"name": "某" * (MAX_NAME + 1), "windows": [w]})
    assert "单位名称" in str(e.value) and "organisation's name" in str(e.value)
    with pytest.raises(WorkspaceError) as e:
        Workspace.from_dict({"windows": [w], "params": {"m": {"phrase": "x" * (MAX_CONFIG_TEXT + 1)}}})
    assert "params → m → phrase" in str(e.value) and f"{MAX_CONFIG_TEXT:,}" in str(e.value)


def test_a_mapping_text_past_the_limit_is_refused_naming_its_place(data, capsys, tmp_path):
    m = data / "mapping.yaml"
    long = "工" * (MAX_CONFIG_TEXT + 5)
    m.write_text(m.read_text(encoding="utf-8") + f"\nqueue_tickets:\n  columns:\n    {long}: ticket_id\n",
                 encoding="utf-8")
    code, text = _run(data, capsys, tmp_path)
    assert code == EXIT_INPUT, text[:2000]
    assert "mapping.yaml" in text and "queue_tickets → columns" in text and f"{MAX_CONFIG_TEXT + 5:,}" in text
    assert "请改为导出文件中的表头" in text and "the export's header" in text
    assert long not in text and "Traceback" not in text
