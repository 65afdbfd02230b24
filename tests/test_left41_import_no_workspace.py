"""records import into a store with no windoweval.toml: the export's headers were read with no mapping at all (the
mapping.yaml the user wrote lay beside the export), and the refusal told only to "write `header: column` in
mapping.yaml", which the user had done.  The refusal now says the store holds no windoweval.toml, so no mapping.yaml
was read, and the fix (left41)."""
from __future__ import annotations

from _workspace import run_cli


def test_the_refusal_says_no_mapping_was_read(tmp_path):
    f = tmp_path / "lis.csv"
    f.write_text("标本号,科室编号,检验项目,接收时间,报告时间\nS001,HLAB,血常规,2025-04-08 08:20,2025-04-08 08:45\n",
                 encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text('hospital_events:\n  columns: {"标本号": event_id, "接收时间": started_at}\n',
                                           encoding="utf-8")
    r = run_cli("records", "import", "hospital_events", str(f), "--data", str(tmp_path / "store"), cwd=tmp_path)
    assert r.returncode == 3, r.stderr[-2000:]
    assert "Traceback" not in r.stderr
    assert "没有 windoweval.toml,因此没有读取任何 mapping.yaml" in r.stderr
    assert "holds no windoweval.toml, so no mapping.yaml was read" in r.stderr
    assert r.stderr.index("没有 windoweval.toml") < r.stderr.index("holds no windoweval.toml")


def test_a_store_with_its_workspace_gets_no_such_note(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "HLAB"\nname = "检验科"\nkind = "hospital_lab"\n',
                                           encoding="utf-8")
    f = tmp_path / "lis.csv"
    f.write_text("标本号,科室编号\nS001,HLAB\n", encoding="utf-8")
    r = run_cli("records", "import", "hospital_events", str(f), "--data", str(store), cwd=tmp_path)
    assert r.returncode == 3 and "缺少必需的列" in r.stderr
    assert "没有 windoweval.toml" not in r.stderr
