"""Issue 14: the report's promise occurrences are the drill-downs of the year's evaluation, not a third scoring of
the promises' measures on a catalog of their own; the same occurrences either way."""
from __future__ import annotations

import pandas as pd

from windoweval import promises, scoring, sections
from windoweval.report.build import COMPUTE_ORDER


def test_the_report_scores_the_promises_measures_no_second_time(monkeypatch):
    from windoweval.datadir import survey_source
    from windoweval.demo import ensure_demo

    ensure_demo()
    real, own = scoring.score, []

    def counted(*a, **k):
        if k.get("catalog") is not None:      # a catalog of their own: the promises' (or the voltage's) measures
            own.append(a[0] if a else k.get("standard"))
        return real(*a, **k)

    monkeypatch.setattr(scoring, "score", counted)
    got = sections.compute(2025, None, sections=COMPUTE_ORDER, survey=survey_source("power_hall", None),
                           baseline_year=2024)
    assert own == []           # before: ['hospital_commitments', 'power_window'] scored again for the occurrences
    alone = sections.compute(2025, None, sections=("promises",), baseline_year=2024)["promises"]   # scored alone
    assert own and len(own) == 1
    for t, df in alone.tables.items():
        pd.testing.assert_frame_equal(got["promises"][t], df, obj=t)


def test_occurrences_from_a_scorecard_of_another_year_are_scored_anew():
    from windoweval.demo import tiny_data_dir

    d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    other = scoring.score("power_window", 2024, data=d)
    got = promises.occurrences(2025, data=d, standard="power_window", card=other)
    pd.testing.assert_frame_equal(got, promises.occurrences(2025, data=d, standard="power_window"))
    assert got["record_id"].tolist() == ["2"]
