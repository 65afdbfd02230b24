"""review30: a key numbered in file order (``sequence: {pause_id: null}``, which ``records map`` proposes for an
export without ids since session 30) is 1, 2, 3 in every monthly file.  Importing the next month's file replaced the
stored month's records of the same numbers without a word (the store's guard compares keys only, and every stored
id was in the new file); it is refused now, as any delivery that would remove stored records."""
import subprocess
import sys

import pandas as pd

MAPPING = """counter_pauses:
  file: "pause_*.csv"
  columns: {"窗口": window_id, "工号": staff_id, "暂停开始": paused_at, "暂停结束": resumed_at, "暂停原因": reason}
  constant: {counter_id: C1}
  values:
    reason: {"就餐": approved, "如厕": none}
    window_id: {"城东营业厅": PW01}
  sequence: {pause_id: null}
"""


def _month(d, m):
    f = d / f"pause_{m:02d}.csv"
    f.write_text("窗口,工号,暂停开始,暂停结束,暂停原因\n"
                 f"城东营业厅,S01,2025-{m:02d}-01 09:00,2025-{m:02d}-01 09:10,就餐\n"
                 f"城东营业厅,S02,2025-{m:02d}-01 10:00,2025-{m:02d}-01 10:05,如厕\n", encoding="utf-8")
    return f


def _import(d, f, *extra):
    return subprocess.run([sys.executable, "-m", "windoweval", "records", "import", "counter_pauses", str(f),
                           "--data", str(d), *extra], capture_output=True, text=True)


def _stored(d):
    return sorted(pd.read_parquet(d / "counter_pauses")["paused_at"].astype(str))


def _workspace(d):
    (d / "windoweval.toml").write_text('name = "x"\nmapping_file = "mapping.yaml"\n[[windows]]\nid = "PW01"\n'
                                       'name = "城东营业厅"\nkind = "power_hall"\n', encoding="utf-8")
    (d / "mapping.yaml").write_text(MAPPING, encoding="utf-8")


def test_the_next_months_file_does_not_replace_the_stored_month(tmp_path):
    _workspace(tmp_path)
    assert _import(tmp_path, _month(tmp_path, 3)).returncode == 0
    r = _import(tmp_path, _month(tmp_path, 4))
    assert r.returncode == 3, r.stdout + r.stderr
    out = r.stdout + r.stderr
    assert "Traceback" not in out and "sequence" in out and "paused_at" in out
    assert _stored(tmp_path) == ["2025-03-01 09:00:00", "2025-03-01 10:00:00"]   # the stored month kept
    # the same file again replaces itself; --replace still removes on purpose
    assert _import(tmp_path, tmp_path / "pause_03.csv").returncode == 0
    assert _import(tmp_path, tmp_path / "pause_04.csv", "--replace").returncode == 0
    assert _stored(tmp_path) == ["2025-04-01 09:00:00", "2025-04-01 10:00:00"]
