"""``records map`` on a 95598 case export that holds praise (表扬) beside complaints, in a new workspace (session 31).

A praise is no case owed a reply or a callback (第十三条(五)): its code was left ``TODO`` among the kind's values,
where nothing the user could write (a value, or ``null``: a required value left blank, refused) leaves the rows out.
It is now proposed under ``drop`` (left out, counted by ``records check``); a code the tool cannot place stays TODO and
its comment names ``drop`` for rows that are no records of the kind.
"""
import csv
import subprocess
import sys

import yaml


def _export(d):
    rows = [["工单编号", "受理渠道", "诉求类型", "责任单位", "受理时间", "答复时间", "回访结果"]]
    for i, k in enumerate(["投诉", "举报", "表扬", "咨询", "服务申请"] * 4):
        rows.append([f"GD2503{i:04d}", "95598", k, "城东营业厅", f"2025-03-{i + 1:02d} 09:00:00",
                     f"2025-03-{i + 2:02d} 10:00:00", "未回访"])
    with open(d / "95598工单.csv", "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    (d / "windoweval.toml").write_text('name = "x"\nmapping_file = "mapping.yaml"\n[[windows]]\nid = "PW01"\n'
                                       'name = "城东营业厅"\nkind = "power_hall"\n', encoding="utf-8")


def _run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "windoweval", *args], capture_output=True, text=True, cwd=cwd)


def test_the_first_mapping_of_a_new_workspace(tmp_path):
    """windoweval.toml names mapping.yaml, not yet written: ``records map --data`` is how it gets written, and was
    refused (exit 3, mapping file not found) while proposing the workspace's window ids."""
    _export(tmp_path)
    r = _run("records", "map", "95598工单.csv", "--kind", "complaints", "--data", ".", "--out", "mapping.yaml",
             cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    sec = yaml.safe_load((tmp_path / "mapping.yaml").read_text(encoding="utf-8"))["complaints"]
    assert sec["values"]["window_id"] == {"城东营业厅": "PW01"}


def test_praise_is_proposed_under_drop_and_counted(tmp_path):
    _export(tmp_path)
    r = _run("records", "map", "95598工单.csv", "--kind", "complaints", "--out", "mapping.yaml", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    text = (tmp_path / "mapping.yaml").read_text(encoding="utf-8")
    sec = yaml.safe_load(text)["complaints"]
    assert sec["drop"] == {"诉求类型": ["表扬"]}
    assert "表扬" not in sec["values"]["kind"]
    todo = next(x for x in text.splitlines() if "服务申请" in x)
    assert "TODO" in todo and "drop" in todo
    # the user places the one code left; records check counts the praise apart, every other row read
    (tmp_path / "mapping.yaml").write_text(text.replace(todo.split("#")[0], '      "服务申请": enquiry   '),
                                           encoding="utf-8")
    r = _run("records", "check", "--data", ".", cwd=tmp_path)
    assert "complaints: 16 行 / rows" in r.stdout, r.stdout   # (the hall's name is no window id here: counted apart)
    assert "诉求类型=表扬 (4 行 / rows)" in r.stdout


def test_drop_is_named_only_for_a_column_that_says_what_a_row_is(tmp_path):
    """A callback's result the tool cannot place (一般) is the case's own: its TODO never suggests dropping the case."""
    from test_session29_map_values import _export as export29, _rows
    from windoweval.records.propose import propose

    text = propose(export29(tmp_path / "export.csv", _rows()), "complaints")
    so_so = next(x for x in text.splitlines() if '"一般"' in x)
    assert "TODO" in so_so and "drop" not in so_so
