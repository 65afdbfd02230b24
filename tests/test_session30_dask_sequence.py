"""mapping.yaml ``sequence`` on Dask (session 30): refused with exit 3 and the fix, never numbered per partition.

``records map`` now proposes ``sequence: {key: null}`` for an export without a record id; on Dask each partition
numbers its own rows from 1 (ids repeated across partitions; a dialogue split by a partition boundary renumbered
from its middle, its turns scrambled).  The pandas reader, and ``records import`` into the store, number the file
whole.
"""
import io
from contextlib import redirect_stderr, redirect_stdout

from windoweval.cli import main


def _dir(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    (d / "windoweval.toml").write_text('name = "x"\nmapping_file = "mapping.yaml"\n[[windows]]\nid = "PW01"\n'
                                      'name = "城东"\nkind = "power_hall"\n', encoding="utf-8")
    rows = "\n".join(f"PW01,1号窗口,2025-05-{1 + i:02d} 12:00:00,2025-05-{1 + i:02d} 12:20:00,李强" for i in range(20))
    (d / "counter_pauses.csv").write_text("营业厅,窗口号,暂停开始,暂停结束,顶岗人\n" + rows + "\n", encoding="utf-8")
    (d / "mapping.yaml").write_text(
        "counter_pauses:\n  columns: {营业厅: window_id, 窗口号: counter_id, 暂停开始: paused_at, 暂停结束: resumed_at, "
        "顶岗人: covered_by}\n  sequence: {pause_id: null}\n", encoding="utf-8")
    return d


def _run(args):
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(args)
    return code, so.getvalue()


def test_sequence_is_refused_on_dask_with_the_fix(tmp_path):
    d = _dir(tmp_path)
    code, out = _run(["score", "--standard", "etiquette", "--year", "2025", "--data", str(d),
                      "--out", str(tmp_path / "out"), "--scheduler", "sync"])
    assert code == 3, out
    assert "Traceback" not in out and "sequence" in out and "records import" in out and "Dask" in out


def test_the_same_mapping_reads_without_a_scheduler(tmp_path):
    d = _dir(tmp_path)
    code, out = _run(["score", "--standard", "etiquette", "--year", "2025", "--data", str(d),
                      "--out", str(tmp_path / "out")])
    assert code == 0, out
