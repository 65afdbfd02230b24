"""Session 35 (csv35): a long table's columns handed to the two validation threads heaviest first
(``validate._heavy_first``): whole numbers, numbers, yes/no and date-times written as text before ids and
categories, columns typed already last.  At the demo x100 the hospital's yes/no ``exempt`` was asked last and ran
alone to the end of the validation (its median validate 0.24 s -> 0.16 s, eight alternations).  Only the order the
work starts in changes: the same frame, the same problems in the same order."""
import importlib

import numpy as np
import pandas as pd
import pytest

V = importlib.import_module("windoweval.records.validate")


class _InOrder:
    """A pool that runs each task as it is handed over (so the order of the calls is the order of submission)."""

    def submit(self, fn, *a):
        try:
            got = fn(*a)
        except Exception as e:   # noqa: BLE001 - raised where the result is taken, as a future does
            return _Failed(e)
        return V._Done(got)

    def map(self, fn, items):
        return [fn(x) for x in items]


class _Failed:
    def __init__(self, e):
        self.e = e

    def result(self):
        raise self.e


def _hospital(n: int, exempt=None, doses=None) -> pd.DataFrame:
    rng = np.random.default_rng(35)
    t0 = np.datetime64("2025-03-03T08:00:00")
    called = t0 + rng.integers(0, 10 ** 6, n).astype("timedelta64[s]")
    text = lambda v: pd.Series(v, dtype="string[pyarrow]")   # noqa: E731
    return pd.DataFrame({
        "event_id": text([f"H{i:07d}" for i in range(n)]),
        "window_id": text(rng.choice(["HBIL", "HPHA"], n)),
        "event_type": text(rng.choice(["billing", "prescription_western"], n)),
        "patient_kind": text(rng.choice(["outpatient", "inpatient"], n)),
        "doses": text(doses if doses is not None else rng.choice(["1", "2", None], n)),
        "called_at": pd.Series(called),
        "started_at": pd.Series(called + np.timedelta64(30, "s")),
        "finished_at": pd.Series(called + np.timedelta64(90, "s")),
        "exempt": text(exempt if exempt is not None else rng.choice(["False", "True"], n)),
    })


def _started(monkeypatch, df):
    calls = []
    typing = V._fast_column
    monkeypatch.setattr(V, "PARALLEL_ROWS", 1)
    monkeypatch.setattr(V, "_workers", lambda: _InOrder())
    monkeypatch.setattr(V, "_fast_column", lambda raw, spec, name, *a: calls.append(name) or typing(raw, spec, name, *a))
    return calls


def test_heaviest_columns_start_first(monkeypatch):
    """The yes/no and number columns are started before the ids and categories, the parse's date-times last.
    Fails before: the contract's order (exempt, the heaviest, started last)."""
    df = _hospital(500)
    calls = _started(monkeypatch, df)
    out = V.validate(df, "hospital_events")
    assert len(out) == 500
    assert calls[:2] == ["doses", "exempt"], calls
    assert calls[2:] == ["window_id", "event_type", "patient_kind", "called_at", "started_at", "finished_at",
                         "event_id"], calls   # (the key typed on the caller's thread, after the threads are handed theirs)


def test_same_frame_as_the_contract_order(monkeypatch):
    """The frame typed is the one typed in the contract's order."""
    df = _hospital(2000)
    calls = _started(monkeypatch, df)
    got = V.validate(df, "hospital_events")
    monkeypatch.setattr(V, "_heavy_first", lambda df, c, names: list(names))
    calls.clear()
    want = V.validate(df, "hospital_events")
    assert calls[:2] == ["window_id", "event_type"]   # (the contract's order, the key on the caller's thread)
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize("two_threads", [True, False])
def test_problems_named_in_the_contract_order(monkeypatch, two_threads):
    """Bad cells in two columns started in another order (doses before window_id, exempt too): the problems come
    in the contract's order, each with its row, as before, on the real threads or on the caller's."""
    n = 300
    exempt = np.array(["False"] * n, dtype=object)
    exempt[7] = "maybe"
    doses = np.array(["1"] * n, dtype=object)
    doses[3] = "two and a half"
    df = _hospital(n, exempt=exempt, doses=doses)
    if two_threads:
        monkeypatch.setattr(V, "PARALLEL_ROWS", 1)
    with pytest.raises(V.RecordsError) as got:
        V.validate(df, "hospital_events", file="h.csv")
    monkeypatch.setattr(V, "_heavy_first", lambda df, c, names: list(names))
    with pytest.raises(V.RecordsError) as want:
        V.validate(df, "hospital_events", file="h.csv")
    pd.testing.assert_frame_equal(got.value.problems, want.value.problems)
    assert got.value.problems[["row", "column"]].values.tolist()[:2] == [[5, "doses"], [9, "exempt"]]
