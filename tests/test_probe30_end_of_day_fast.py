"""probe30: a column of ISO times holding a 24:00 (2025-03-10 24:00) was typed by the per-value parser, row by row
(pyarrow's ISO cast refuses 24:00): one such value made a 200,000-row column ~40 times slower to read.  Now the
vectorised path reads it (the value written as 00:00 of its date, cast with the others, a day added after), with
the same result as the per-value path; a day after past what datetime64[ns] holds is left to that path (refused)."""
import pandas as pd
import pytest

from windoweval.records import validate
from windoweval.records.contract import RecordsError
from windoweval.records.validate import _fast_column

SPEC = {"type": "datetime"}
VALUES = ["2025-03-10 09:05:00", "2025-03-10 24:00", "2025-03-10T24:00:00", "2025-12-31 24:00:00", "2025-03-11 00:00"]
WANT = ["2025-03-10 09:05:00", "2025-03-11 00:00:00", "2025-03-11 00:00:00", "2026-01-01 00:00:00", "2025-03-11 00:00:00"]


@pytest.mark.parametrize("values", [VALUES, [v.replace("-", "/") for v in VALUES]])
def test_the_vectorised_path_reads_24_00(values):
    got = _fast_column(pd.Series(values * 1000, dtype="string"), SPEC, "observed_at")
    assert got is not None, "left to the per-value parser"
    assert [str(x) for x in got[:5]] == WANT


def test_as_the_per_value_path_reads_it():
    frame = pd.DataFrame({"window_id": [f"W{i}" for i in range(5)], "observed_at": VALUES, "queue_length": [1] * 5})
    assert validate(frame, "queue_snapshots", file="q.csv")["observed_at"].astype(str).tolist() == WANT


def test_a_day_after_past_what_the_type_holds_is_refused():
    assert _fast_column(pd.Series(["2262-04-11 24:00"], dtype="string"), SPEC, "observed_at") is None
    frame = pd.DataFrame({"window_id": ["W"], "observed_at": ["2262-04-11 24:00"], "queue_length": [1]})
    with pytest.raises(RecordsError) as e:
        validate(frame, "queue_snapshots", file="q.csv")
    assert e.value.problems["row"].tolist() == [2]
