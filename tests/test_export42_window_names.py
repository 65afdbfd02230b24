"""Records whose window column holds the window's name (export42).

An export writing 城东营业厅 where windoweval.toml has PW01 scored none of those records, and ``score`` listed them
as "窗口不在任何测量项中 / window in no measure": a reason that blamed the standard, with no fix (``records check``
said it; ``score``, where the reader looks, did not).  Now ``score`` names it as the window's name and gives the
mapping line that reads it as its id; records that are truly of no window keep their reason."""
from __future__ import annotations

import shutil

from windoweval.cli import main
from windoweval.demo import tiny_data_dir


def test_score_names_a_window_written_by_its_name_with_the_mapping_line(tmp_path, capsys):
    d = tiny_data_dir()
    try:
        f = d / "work_orders.csv"
        f.write_text(f.read_text(encoding="utf-8").replace("2,PW01,", "2,城东营业厅,").replace("1,PW01,", "1,PW09,"),
                     encoding="utf-8")
        assert main(["score", "--standard", "power_window", "--year", "2025", "--data", str(d),
                     "--out", str(tmp_path / "out")]) == 0
        out = capsys.readouterr().out
        line = next(x for x in out.splitlines() if "城东营业厅" in x and "work_orders" in x)
        assert "窗口名称而非窗口编号" in line and "`城东营业厅: PW01`" in line and "the name of PW01" in line
    finally:
        shutil.rmtree(d, ignore_errors=True)
