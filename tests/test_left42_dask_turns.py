"""left42: on Dask a recording exported one turn per row belongs whole to the year of its first turn, however the CSV
is cut into blocks (``contract.of_first_turn``, as the local path reads it).

Seen failing: ``read_dask`` filtered each block by year on its own, so a recording begun on 31 December 2025 whose
turns after midnight lay in the next block had those turns dated by their own first row there (2026): A was judged
in 2025 on its customer turn alone (您好 missed) and B, begun on 31 December 2024, had its 2025 turns judged in 2025.
With blocks of a row or two, every recording is split; the Dask scorecard is the local one.
"""
from __future__ import annotations

import pytest

from _workspace import HALL, workspace_toml
from test_review41_turns_store import YEAR, _rows


def _drill(tmp_path, year, scheduler=None):
    import windoweval as we

    card = we.score(["etiquette"], year, data=tmp_path, scheduler=scheduler)
    dd = card.drilldown("etiquette.annex1.1", include_passed=True)
    return sorted(map(tuple, dd[["transcript_id", "passed"]].astype(str).values.tolist()))


@pytest.mark.parametrize("block", [60, 120])
def test_a_recording_split_across_blocks_is_dated_by_its_first_turn(tmp_path, monkeypatch, block):
    from windoweval.engine import dask as wdask

    (tmp_path / "windoweval.toml").write_text(workspace_toml(HALL), encoding="utf-8")
    _rows().to_csv(tmp_path / "transcripts.csv", index=False)
    monkeypatch.setattr(wdask, "CSV_BLOCKSIZE", block)
    parts = wdask.read_dask("transcripts", tmp_path).npartitions
    assert parts >= 3, parts   # the recordings are split: a block holds fewer rows than a recording has
    for year, judged in ((YEAR, "A"), (YEAR - 1, "B")):
        want = _drill(tmp_path, year)
        assert want == [(judged, "True")], want
        assert _drill(tmp_path, year, scheduler="synchronous") == want, (year, block)
    # the turns after midnight are no record of the next year: that year holds none, and is refused (years45:
    # a year the data holds no records for is NoRecords, never an empty scorecard), on both paths
    from windoweval.evaluation import NoRecords

    for scheduler in ("synchronous", None):
        with pytest.raises(NoRecords):
            _drill(tmp_path, YEAR + 1, scheduler=scheduler)
