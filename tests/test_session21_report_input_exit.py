"""A promise register refused while the report computes its sections exits 3 (input refused), as README's table
says, not 4 (the build failed): rev21c noticed.  The register is read only by the evaluation, after the year's check,
so the build's catch-all turned its InputError into a BuildError.  No report is published and the previous one stays.
"""
from __future__ import annotations

import shutil

from _workspace import run_cli


def test_a_broken_promise_register_during_a_report_exits_3(tmp_path):
    from windoweval.demo import tiny_data_dir

    d = tmp_path / "d"
    shutil.copytree(tiny_data_dir(), d)
    toml = d / "windoweval.toml"
    toml.write_text('promises = "promises.yaml"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    (d / "promises.yaml").write_text("promises:\n  - id: x\n    zh: [\n", encoding="utf-8")
    old = tmp_path / "rep" / "2025"
    old.mkdir(parents=True)
    (old / "index.html").write_text("previous report", encoding="utf-8")
    r = run_cli("report", "--year", "2025", "--data", str(d), "--out", str(tmp_path / "rep"), cwd=tmp_path)
    said = r.stdout + r.stderr
    assert r.returncode == 3, said[-3000:]
    assert "YAML 格式错误" in said and "invalid YAML" in said and "promises.yaml" in said
    assert "Traceback" not in said
    assert (old / "index.html").read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in (tmp_path / "rep").iterdir() if not p.name.startswith(".")) == \
        ["2025", "build-2025.log"]
