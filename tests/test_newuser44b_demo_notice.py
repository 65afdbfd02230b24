"""A new user in their own folder (windoweval.toml, mapping.yaml, their exports) runs `windoweval records check` as the
README's table shows it, without --data (newuser44b).

It checked the bundled demo data and printed a ✓ for every kind of the demo's records, saying nowhere that these were
not the user's: a refused export of theirs passed unseen.  With a windoweval.toml in the current folder and no --data,
the command says (on stderr, both languages) that it used the demo data and how to read this folder; with --data it
says nothing of the kind.
"""
from __future__ import annotations

from _workspace import run_cli, write_workspace


def test_no_data_in_a_workspace_folder_says_the_demo_was_used(tmp_path):
    d = write_workspace(tmp_path / "ws", (("0301", "检验科", "hospital_lab"),))
    (d / "hospital_events.csv").write_text("流水号,科室编号\n1,0301\n", encoding="utf-8")   # refused: no event type
    r = run_cli("records", "check", cwd=d)
    assert "示例数据" in r.stderr and "demo data" in r.stderr and "--data ." in r.stderr, r.stderr
    r = run_cli("records", "check", "--data", ".", cwd=d)
    assert r.returncode == 3 and "demo data" not in r.stderr, r.stdout + r.stderr


def test_no_notice_outside_a_workspace_folder(tmp_path):
    r = run_cli("records", "check", cwd=tmp_path)
    assert "demo data" not in r.stderr
