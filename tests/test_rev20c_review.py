"""rev20c: review of the safety20 merge (id_too_long, masking)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from windoweval.records import validate
from windoweval.records.contract import RecordsError


def _refused(order_id):
    df = pd.DataFrame({"order_id": [order_id, "WO2"], "window_id": ["PW01", "PW01"],
                       "order_type": ["fault_repair", "fault_repair"],
                       "received_at": ["2025-03-01 08:00", "2025-03-01 09:00"]})
    with pytest.raises(RecordsError) as e:
        validate(df, "work_orders", file="工单.csv")
    return e.value


# a text pasted into the id column: its mobile number runs across the 32 characters the refusal shows
PASTED = "备注:客户反映窗口排队时间过长,请尽快回电,联系电话13812345678,谢谢" * 8


def test_an_id_too_long_never_shows_part_of_a_phone_number():
    err = _refused(PASTED)
    shown = str(err)
    assert "id_too_long" in err.problems["code"].tolist()
    # no run of 5 digits or more of the number is shown (the value was cut inside it, then masked: too late)
    assert not re.search(r"1381234|13812", shown), shown


def test_an_id_too_long_states_its_fix_once():
    err = _refused("WO" + "7" * 300)
    row = err.problems[err.problems["code"] == "id_too_long"].iloc[0]
    assert row["fix_zh"] and row["fix_en"]
    assert "重新导出" not in row["problem_zh"] and "export again" not in row["problem_en"]
    assert str(err).count("export again") == 1 and str(err).count("重新导出") == 1, str(err)


@pytest.mark.parametrize("ok", ["a3f5" * 16, "R-2025-" + "0" * 249, "问卷" + "9" * 254])
def test_a_long_legitimate_id_passes(ok):
    df = pd.DataFrame({"order_id": [ok, "WO2"], "window_id": ["PW01", "PW01"],
                       "order_type": ["fault_repair", "fault_repair"],
                       "received_at": ["2025-03-01 08:00", "2025-03-01 09:00"]})
    assert validate(df, "work_orders", file="工单.csv")["order_id"].iloc[0] == ok
