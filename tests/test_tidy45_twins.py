"""tidy45 (session 44's note, item 8): twins made one.

- The low-bits test of a time of day was written three times (``records.validate._midnights``,
  ``records.csvfast._no_midnight``, ``calendar.date_only``): it is one function of the base layer,
  ``calendar.at_time_of_day``, which all three call, with exactly the results of the plain definition
  (``v % day == at``, NaT never one).  Timed on 10 M values before/after (tidy45's report): no slower.
- ``cli.survey._FILE_SUFFIXES`` repeated ``survey.delivery.DELIVERY_SUFFIXES``: both are ``paths.DELIVERY_SUFFIXES``."""
from __future__ import annotations

import importlib
import inspect

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from windoweval import calendar, paths
from windoweval.calendar import DATE_ONLY_NS, at_time_of_day, date_only
from windoweval.records import csvfast

validate = importlib.import_module("windoweval.records.validate")   # the module (the package exports the function)

DAY_NS = 86_400 * 10**9
NAT = np.iinfo(np.int64).min

#: times near midnights (whole days, a nanosecond or a 2**16 ns either side), NaT, any int64
_NEAR = st.one_of(st.integers(-40_000, 80_000).map(lambda d: d * DAY_NS),
                  st.integers(-40_000, 80_000).map(lambda d: d * DAY_NS + DATE_ONLY_NS),
                  st.integers(-40_000, 80_000).flatmap(lambda d: st.sampled_from([d * DAY_NS + 2**16, d * DAY_NS - 1,
                                                                                   d * DAY_NS + 2**17 + 1]))
                  .filter(lambda v: -2**63 < v < 2**63),
                  st.just(NAT), st.integers(-2**63, 2**63 - 1))
_NS = arrays(np.int64, st.integers(0, 300), elements=_NEAR)
_SECS = arrays(np.int64, st.integers(0, 300), elements=st.one_of(
    st.integers(-10**6, 10**6).map(lambda d: d * 86_400), st.integers(-10**6, 10**6).map(lambda d: d * 86_400 + 128),
    st.integers(-2**62, 2**62)))


@settings(max_examples=200, deadline=None)
@given(_NS)
def test_the_one_function_is_the_plain_definition(v):
    for at in (0, DATE_ONLY_NS):
        want = np.flatnonzero((v != NAT) & (v % DAY_NS == at))
        assert at_time_of_day(v, at).tolist() == want.tolist()


@settings(max_examples=200, deadline=None)
@given(_NS)
def test_validate_and_date_only_as_the_plain_definition(v):
    assert validate._midnights(v).tolist() == np.flatnonzero((v != NAT) & (v % DAY_NS == 0)).tolist()
    assert date_only(v).tolist() == ((v != NAT) & (v % DAY_NS == DATE_ONLY_NS)).tolist()
    grid = v[: len(v) // 2 * 2].reshape(-1, 2) if len(v) >= 2 else v.reshape(-1, 1)     # any shape, as before
    assert date_only(grid).shape == grid.shape
    assert date_only(grid).tolist() == ((grid != NAT) & (grid % DAY_NS == DATE_ONLY_NS)).tolist()


@settings(max_examples=200, deadline=None)
@given(_SECS)
def test_the_csv_readers_midnights_as_the_plain_definition(secs):
    assert csvfast._no_midnight(secs) == bool(np.all(secs % 86_400 != 0))
    assert at_time_of_day(secs, 0, 86_400).tolist() == np.flatnonzero(secs % 86_400 == 0).tolist()


@pytest.mark.parametrize("twin", [validate._midnights, csvfast._no_midnight, calendar.date_only])
def test_each_twin_calls_the_one_function_and_writes_no_test_of_its_own(twin):
    src = inspect.getsource(twin)
    assert "at_time_of_day(" in src
    assert not any(idiom in src for idiom in ("np.uint16", "bitwise_and", "% _DAY_NS", "% 86_400", "remainder"))


def test_the_delivery_endings_are_one_set():
    from windoweval.cli.survey import _FILE_SUFFIXES
    from windoweval.survey.delivery import DELIVERY_SUFFIXES

    assert _FILE_SUFFIXES is DELIVERY_SUFFIXES is paths.DELIVERY_SUFFIXES
    assert {".csv", ".xlsx", ".sav", ".html"} <= paths.DELIVERY_SUFFIXES
