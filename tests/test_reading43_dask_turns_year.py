"""reading43: on Dask, transcripts exported one turn per row were read for every year the files hold, joined, and
only then filtered to the year (left42 kept a recording whole so): what was held grew with the years held.  Now
each recording's first turn is found over every partition first (a row per recording and partition), and each
partition keeps the year's rows as it is read: the rows handed on are the year's, the same recordings judged."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from _workspace import HALL, workspace_toml
from test_review41_turns_store import YEAR, _rows


def _years_of_rows() -> pd.DataFrame:
    """A (begun 31 Dec YEAR, over midnight), B (begun 31 Dec YEAR-1), C three years before, D mid-YEAR."""
    base = _rows()
    more = []
    for rid, when in (("C", datetime(YEAR - 3, 6, 1, 10)), ("D", datetime(YEAR, 6, 1, 10))):
        more.append(pd.DataFrame({"transcript_id": rid, "turn": [1, 2, 3], "window_id": "PW01", "channel": "counter",
                                  "recorded_at": [when, when.replace(second=10), when.replace(minute=1)],
                                  "speaker": ["customer", "staff", "staff"],
                                  "text": ["你好,交电费。", "您好,请出示户号。", "请慢走。"]}))
    return pd.concat([base, *more], ignore_index=True)


def _drill(tmp_path, year, scheduler=None):
    import windoweval as we

    card = we.score(["etiquette"], year, data=tmp_path, scheduler=scheduler)
    dd = card.drilldown("etiquette.annex1.1", include_passed=True)
    return sorted(map(tuple, dd[["transcript_id", "passed"]].astype(str).values.tolist()))


@pytest.mark.parametrize("block", [60, 1 << 20])
def test_the_years_rows_only_are_handed_on_and_judged_alike(tmp_path, monkeypatch, block):
    from windoweval.engine import dask as wdask
    from windoweval.records.contract import Contract

    (tmp_path / "windoweval.toml").write_text(workspace_toml(HALL), encoding="utf-8")
    _years_of_rows().to_csv(tmp_path / "transcripts.csv", index=False)
    monkeypatch.setattr(wdask, "CSV_BLOCKSIZE", block)
    seen = []
    real = Contract.rows_of_year

    def spy(self, df, year):
        if year is not None and "speaker" in df and "transcript_id" in df:
            seen.append(sorted(set(df["transcript_id"].astype(str))))
        return real(self, df, year)
    monkeypatch.setattr(Contract, "rows_of_year", spy)
    got = _drill(tmp_path, YEAR, scheduler="synchronous")
    assert got == [("A", "True"), ("D", "True")]
    assert seen and all(set(s) <= {"A", "D"} for s in seen), seen     # before: ['A', 'B', 'C', 'D'] joined first
    monkeypatch.setattr(Contract, "rows_of_year", real)
    assert _drill(tmp_path, YEAR) == got                                 # the local path: the same recordings
    assert _drill(tmp_path, YEAR - 1, scheduler="synchronous") == [("B", "True")]
