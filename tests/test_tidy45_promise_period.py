"""tidy45 (session 44's note, item 3): the promises' table of a year with no occurrence warns of nothing.

``promises.publication_table`` filled the year into a ``period`` column of no period at all (float, every value NaN)
with ``fillna(str(year))``: pandas warned (Pandas4Warning, "calling fillna with an incompatible value will raise"),
which a future pandas makes an error.  The column is text before it is filled: no warning, the same values."""
from __future__ import annotations

import warnings

import pandas as pd

from windoweval.promises import publication_table

#: occurrences as :func:`windoweval.promises.occurrences` gives them from a data folder: the months as objects (a year
#: with none of them leaves the period column of no value at all, float)
OCC = pd.DataFrame({"promise_id": ["pw_fault_repair_45min"] * 2, "window_id": ["PW01"] * 2,
                    "month": pd.Series(["2025-01", "2025-02"], dtype=object),
                    "passed": pd.array([True, False], dtype="boolean")})


def _table(year):
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # any warning (pandas' FutureWarning, Pandas4Warning) an error
        return publication_table(year, occ=OCC, standard="power_window")


def test_a_year_with_no_occurrence_warns_of_nothing_and_reads_its_year():
    t = _table(2026)
    assert t["期间"].tolist() == ["2026年"] * len(t)
    assert set(t["兑现率"]) <= {"无数据", "本年不在有效期内", "未按记录计量"}, t["兑现率"].tolist()


def test_a_year_with_occurrences_is_as_before():
    t = _table(2025)
    assert t["期间"].tolist() == ["2025年"] * len(t)
    assert t["兑现率"].iloc[-1] == "50.0%"
