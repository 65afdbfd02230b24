"""``windoweval score`` writes the missed records twice: all of them as Parquet (for machines), and a narrow CSV a
person can read (issue 13): which measure and clause, window, record, deadline, elapsed time, and why."""
import pandas as pd

from windoweval.cli import main
from windoweval.summaries import MISSED_COLUMNS


def test_the_missed_csv_is_narrow_and_covers_every_failed_measure(tmp_path, capsys):
    assert main(["score", "--standard", "power_window", "--year", "2025", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    csv = pd.read_csv(tmp_path / "power_window_missed.csv", dtype=str, keep_default_na=False)
    full = pd.read_parquet(tmp_path / "power_window_missed.parquet")
    res = pd.read_csv(tmp_path / "power_window_results.csv", dtype=str)
    assert list(csv.columns) == MISSED_COLUMNS
    failed = set(res.loc[res["verdict"] == "fail", "measure"])
    assert set(csv["measure"]) == set(full["measure"]) == failed        # every failed measure is seen
    assert csv["message"].ne("").all()
    limits = csv[csv["measure"] == "power_window.10.2.5"]                # a time limit: the order, deadline, elapsed
    assert len(limits) and limits["record"].str.startswith("order_id=").all()
    assert limits["deadline"].ne("").all() and limits["elapsed"].str.contains("min|h").all()
    units = csv[csv["measure"] == "power_window.7.4#english"]            # judged per window: no record to name
    assert units["record"].eq("").all()
    assert len(full) >= len(csv)
