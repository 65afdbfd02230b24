"""review41: a dialogue exported one turn per row belongs whole to the year of its first turn (diff41,
``Contract.year_of``) on every reading path, the store's too.

Seen failing: diff41 made the files' year filter (``rows_of_year``) take such a recording whole, but ``records import``
still put each turn in the ``year=`` partition of its own time, and the store's scan filters on that partition: a
recording begun on 31 December 2025 and ended after midnight was judged in 2025 without its staff turns (A failed
您好) and one begun on 31 December 2024 was judged in 2025 on its last turns (B passed, counted in the wrong year),
while the same rows as a CSV gave A in 2025 and B in 2024."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from _workspace import HALL, workspace_toml

YEAR = 2025


def _rows() -> pd.DataFrame:
    t = [datetime(YEAR, 12, 31, 23, 59, 30), datetime(YEAR + 1, 1, 1, 0, 0, 10), datetime(YEAR + 1, 1, 1, 0, 1)]
    return pd.DataFrame({"transcript_id": ["A"] * 3 + ["B"] * 3, "turn": [1, 2, 3] * 2, "window_id": "PW01",
                         "channel": "counter", "recorded_at": t + [x.replace(year=x.year - 1) for x in t],
                         "speaker": ["customer", "staff", "staff"] * 2,
                         "text": ["你好,交电费。", "您好,请出示户号。", "请慢走。"] * 2})


@pytest.mark.parametrize("path", ["store", "csv"])
def test_a_recording_across_the_years_end_is_judged_whole_in_the_year_it_began(tmp_path, path):
    import windoweval as we
    from windoweval.records.store import import_records

    (tmp_path / "windoweval.toml").write_text(workspace_toml(HALL), encoding="utf-8")
    if path == "store":
        src = tmp_path.parent / f"{tmp_path.name}-transcripts.csv"
        _rows().to_csv(src, index=False)
        import_records("transcripts", src, store_dir=tmp_path)
    else:
        _rows().to_csv(tmp_path / "transcripts.csv", index=False)
    for year, judged in ((YEAR, "A"), (YEAR - 1, "B")):
        card = we.score(["etiquette"], year, data=tmp_path)
        dd = card.drilldown("etiquette.annex1.1", include_passed=True)
        assert dd[["transcript_id", "passed"]].values.tolist() == [[judged, True]], (path, year, dd.to_dict("records"))


def test_the_store_partitions_a_recording_by_its_first_turn(tmp_path):
    """The turns of A (begun 31 December 2025) all sit under year=2025, none under year=2026."""
    from windoweval.records.store import import_records

    (tmp_path / "windoweval.toml").write_text(workspace_toml(HALL), encoding="utf-8")
    src = tmp_path.parent / f"{tmp_path.name}-transcripts.csv"
    _rows().to_csv(src, index=False)
    dest = import_records("transcripts", src, store_dir=tmp_path)
    years = sorted(p.name for p in dest.glob("year=*"))
    assert years == ["year=2024", "year=2025"], years
