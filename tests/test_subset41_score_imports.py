"""subset41: ``score()`` on a store reads what a scorecard row counts (``counted``, ``records_missing``,
``unit_label``) from the engine's accounting (``windoweval.engine.account``), without importing
``windoweval.summaries`` (its HTML and number formatting: compiled from source where no bytecode is cached, ~10-20 ms of
a command's cold start); the summaries module still gives the same functions by the same names."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_score_on_a_store_does_not_import_the_summaries(tmp_path):
    code = textwrap.dedent(f"""
        import sys
        from windoweval.demo import tiny_data_dir
        from windoweval.records.store import import_records
        d = tiny_data_dir()
        import_records("work_orders", d / "work_orders.csv", store_dir=d)
        (d / "work_orders.csv").unlink()
        from windoweval.scoring import score
        assert "windoweval.summaries" not in sys.modules, "imported before score()"
        card = score("power_window", year=2025, data=d)
        assert len(card.results) and "unit" in card.results
        print("summaries" if "windoweval.summaries" in sys.modules else "clean")
        """)
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600,
                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert p.returncode == 0, p.stderr[-3000:]
    assert p.stdout.strip().splitlines()[-1] == "clean"


def test_the_summaries_give_the_same_functions():
    from windoweval import summaries
    from windoweval.engine import account

    for name in ("counted", "records_missing", "units_missing", "unit_label", "unit_kernels", "UNIT_LABELS",
                 "RECORDS_LABEL"):
        assert getattr(summaries, name) is getattr(account, name)
