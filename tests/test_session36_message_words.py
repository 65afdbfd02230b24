"""session 36: the English half of a message wrote the program's spelling of a unit and a slot (over the limit of 5
working_days, "a hour with no service"; probe35 had made the Chinese half say 5 个工作日).  Both halves now say the
unit in words; the exempt reasons of a time limit too."""
import pandas as pd

from windoweval.kernels import KERNELS
from windoweval.scoring import _exempt_reason


def test_a_time_limit_in_working_days_in_english_words():
    got = KERNELS["time_limit"].message({"limit": 5, "unit": "working_days"})
    assert got.startswith("超过时限 5 个工作日") and "over the limit of 5 working days" in got
    assert "working_days" not in got


def test_a_slot_in_english_words():
    en = KERNELS["every_slot"].message({"slot": "hour"}).split(" / ")[1]
    assert en == "an hour with no service"
    en = KERNELS["every_slot"].message({"slot": "weekday"}).split(" / ")[1]
    assert en == "a weekday with no service"


def test_an_exempt_reason_in_words():
    rows = pd.DataFrame({"exempt": [True], "received_at": pd.to_datetime(["2025-04-08 10:00"])})
    why = _exempt_reason(rows, {"exempt": "exempt", "start": "received_at", "limit": 5, "unit": "working_days",
                                "exempt_overrun": True}, "work_orders")[0]
    assert "5 个工作日" in why and "over the limit of 5 working days" in why and "working_days" not in why
