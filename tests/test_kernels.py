"""Each kernel on hand-computed cases at its edges."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from windoweval import kernels as K


def ts(*xs):
    return pd.to_datetime(list(xs), format="mixed")


def test_time_limit_exactly_45_minutes_meets_it():
    df = pd.DataFrame({"a": ts("2025-06-01 20:10:00", "2025-06-01 20:10:00", "2025-06-01 20:10:00"),
                       "b": ts("2025-06-01 20:55:00", "2025-06-01 20:55:01", None)})
    assert K.time_limit(df, "a", "b", 45, "minutes").tolist() == [True, False, pd.NA]
    assert K.time_limit(df, "a", "b", 45, "minutes", missing="fail").tolist() == [True, False, False]


def test_time_limit_12_seconds():
    df = pd.DataFrame({"a": ts(*["2025-01-02 08:00:00"] * 3),
                       "b": ts("2025-01-02 08:00:12", "2025-01-02 08:00:12.100", "2025-01-02 07:59:59")})
    # end before start is not evidence of anything: <NA>
    assert K.time_limit(df, "a", "b", 12, "seconds").tolist() == [True, False, pd.NA]


def test_time_limit_exempt_records_are_not_applicable():
    df = pd.DataFrame({"a": ts("2025-01-02 08:00", "2025-01-02 08:00"), "b": ts("2025-01-02 11:00", "2025-01-02 11:00"),
                       "x": pd.array([True, False], dtype="boolean")})
    assert K.time_limit(df, "a", "b", 30, "minutes", exempt="x").tolist() == [pd.NA, False]


def test_cutoff_decoction_rules():
    rules = [{"before": "10:00", "due": "12:00"}, {"before": "15:30", "due": "17:30"}]
    df = pd.DataFrame({"s": ts("2025-04-08 09:59", "2025-04-08 10:00", "2025-04-08 15:29", "2025-04-08 15:31",
                               "2025-04-08 09:00"),
                       "e": ts("2025-04-08 12:00", "2025-04-08 17:30", "2025-04-08 17:31", "2025-04-08 19:00",
                               "2025-04-08 12:01")})
    assert K.cutoff(df, "s", "e", rules).tolist() == [True, True, False, pd.NA, False]


def test_cutoff_tolerance():
    df = pd.DataFrame({"s": ts("2025-04-08 10:00", "2025-04-08 10:00"), "e": ts("2025-04-08 17:30", "2025-04-08 17:31")})
    assert K.cutoff(df, "s", "e", [{"before": "17:00", "due": "17:00"}], tolerance_minutes=30).tolist() == [True, False]


def test_lead_time_seven_days():
    df = pd.DataFrame({"n": ts("2025-03-01 23:00", "2025-03-02 00:00", None), "e": ts(*["2025-03-08 08:00"] * 3)})
    assert K.lead_time(df, "n", "e", 7).tolist() == [True, False, False]
    assert K.lead_time(df, "n", "e", 7, missing="na").tolist() == [True, False, pd.NA]


@pytest.mark.parametrize("v,ok", [(235.4, True), (235.41, False), (198.0, True), (197.99, False), (220, True)])
def test_band_220v_single_phase(v, ok):
    df = pd.DataFrame({"v": [v], "n": [220.0]})
    assert K.band(df, "v", "n", -0.10, 0.07).tolist() == [ok]


def test_band_span_35kv():
    df = pd.DataFrame({"p": ["a", "a", "b", "b"], "v": [36.75, 33.25, 36.75, 33.2], "n": [35.0] * 4,
                       "t": ts("2025-01-01 01:00", "2025-01-01 05:00", "2025-01-01 01:00", "2025-01-01 05:00")})
    # a: +5 % and −5 % = 10 % (meets); b: +5 % and −5.14 % (misses)
    assert K.band_span(df, "v", "n", 0.10, by=["p"], time="t").tolist() == [True, True, False, False]


def test_phrases_full_width_spaces_and_punctuation():
    df = pd.DataFrame({"text": ["ＡＢ您　好！请问", "请问,您好", "急 什 么!", "急，什么", "请慢走。", None]})
    assert K.phrases_required(df, ["您好"], position="start", window_chars=2).tolist() == \
        [False, False, False, False, False, pd.NA]
    assert K.phrases_required(df, ["您好"], position="start", window_chars=6).tolist() == \
        [True, True, False, False, False, pd.NA]
    assert K.phrases_forbidden(df, ["急什么!"]).tolist() == [True, True, False, False, True, pd.NA]
    hits = K.phrase_hits(df["text"], ["急什么!"])
    assert hits["row"].tolist() == [2, 3] and hits["sentence"].tolist() == ["急 什 么!", "急，什么"]
    assert set(hits["status"]) == {"violation"}


def test_count_limit_planned_outages():
    df = pd.DataFrame({"window_id": ["w"] * 5, "c": ["x", "x", "x", "x", "y"], "o": ["1", "2", "3", "4", "1"],
                       "t": ts("2025-01-01", "2025-03-01", "2025-05-01", "2026-01-01", "2025-01-01")})
    r = K.count_limit(df, "c", "t", 3, distinct="o")
    assert r.tolist() == [True, True, True] and r.index.names == ["window_id", "c", "year"]
    assert K.count_limit(df, "c", "t", 2, distinct="o").tolist() == [False, True, True]


def test_count_at_least_and_roster():
    df = pd.DataFrame({"window_id": ["a", "a", "a", "b"], "k": ["1", "1", "2", "3"], "x": [True, False, False, False]})
    # a window with no record at all (c) is missing evidence, never a fail on nothing (left19v)
    assert K.count_at_least(df, 2, distinct="k", windows=["a", "b", "c"]).tolist() == [True, False, pd.NA]
    assert K.count_at_least(df, 3, windows=["a"]).tolist() == [True]
    assert K.roster_any(df, "x", windows=["a", "b", "c"]).tolist() == [True, False, pd.NA]


def test_checklist_and_flag():
    df = pd.DataFrame({"item": ["a", "a", "b"], "result": ["pass", "fail", "na"],
                       "f": pd.array([True, None, False], dtype="boolean")})
    assert K.checklist(df, ["a", "b"]).tolist() == [True, False, pd.NA]
    assert K.flag(df, "f").tolist() == [True, pd.NA, False]
    assert K.flag(df, "f", missing="fail").tolist() == [True, False, False]


@settings(max_examples=200, deadline=None)
@given(secs=st.lists(st.integers(-100, 10_000), min_size=1, max_size=50), limit=st.integers(1, 5000))
def test_time_limit_matches_arithmetic(secs, limit):
    a = pd.Series(pd.Timestamp("2025-05-05 08:00"), index=range(len(secs)))
    df = pd.DataFrame({"a": a, "b": a + pd.to_timedelta(secs, unit="s")})
    got = K.time_limit(df, "a", "b", limit, "seconds")
    for s, g in zip(secs, got):
        assert (g is pd.NA) if s < 0 else (bool(g) == (s <= limit))


def test_kernel_parameters_are_introspected():
    assert "limit" in K.KERNELS["time_limit"].required
    assert "calendar" not in K.KERNELS["time_limit"].parameters
    assert K.KERNELS["band"].message({"low": -0.1, "high": 0.07}).startswith("偏差超出 -0.1~0.07")


def test_phrases_keep_the_records_index():
    # records filtered to a year keep their original index labels
    df = pd.DataFrame({"text": ["您好,请慢走", "请慢走"]}, index=[1500, 1501])
    assert K.phrases_required(df, ["您好"], position="start").tolist() == [True, False]
    assert K.normalise_text(df["text"]).index.tolist() == [1500, 1501]
