"""The 'date alone' reason for missing evidence is a limit in minutes or hours' (review44's find in newuser44's
reason): a limit counted in days or working days judges a time written as a date alone, so a record of such a
measure that lacks evidence lacks it for another cause, never 'a limit in minutes or hours cannot be judged'."""
import numpy as np
import pandas as pd

from windoweval.calendar import DATE_ONLY_NS
from windoweval.scoring import _lacking_reason


def _rows():
    end = pd.to_datetime(["2025-03-05"]).to_numpy(dtype="datetime64[ns]").view(np.int64) + DATE_ONLY_NS
    return pd.DataFrame({"received_at": pd.to_datetime(["2025-03-03 09:00"]),
                         "completed_at": pd.Series(end.view("datetime64[ns]"))})


def test_minutes_say_date_alone():
    got = _lacking_reason(_rows(), {"start": "received_at", "end": "completed_at", "unit": "minutes"}, "work_orders")
    assert "date alone" in got.tolist()[0]


def test_working_days_never_say_minutes_or_hours():
    for unit in ("days", "working_days"):
        got = _lacking_reason(_rows(), {"start": "received_at", "end": "completed_at", "unit": unit}, "work_orders")
        assert "minutes or hours" not in got.tolist()[0], (unit, got.tolist())
