"""safety22 #5: problem lines use the contracts' declaration of personal columns, as the outputs do: a service
offering's ``name`` (柜台缴费, ``personal: false``) is shown, a person's name stays masked."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.records import validate
from windoweval.records.contract import RecordsError, not_personal_columns
from windoweval.records.problems import Problems, personal_values_masked

MASKED = "[已遮蔽 masked]"


def _refusal(frame, kind):
    with pytest.raises(RecordsError) as e:
        validate(frame, kind, file="f.csv")
    return str(e.value)


def test_a_service_name_in_a_problem_line_is_shown():
    msg = _refusal(pd.DataFrame({"window_id": ["PW01", "PW01"], "year": ["2025", "2025"],
                                 "kind": ["payment_channel", "payment_channel"], "name": ["柜台缴费", "柜台缴费"]}),
                   "service_offerings")
    assert MASKED not in msg and "值 value 'PW01'" in msg


@pytest.mark.parametrize("column, value", [("name", "柜台缴费"), ("window_id,year,kind,name", "PW01")])
def test_lines_show_not_personal_columns(column, value):
    p = Problems.of(file="s.csv", row=[2], column=column, value=value, problem_zh="x", problem_en="y")
    assert f"'{value}'" in p.lines(not_personal=not_personal_columns())
    assert personal_values_masked(p, not_personal_columns())["value"].tolist() == [value]
    # without the declaration (a survey's name column, a user's own): masked, the safe default
    assert MASKED in p.lines() and f"'{value}'" not in p.lines()


@pytest.mark.parametrize("column", ["姓名", "联系人", "customer_name", "order_id,联系人"])
def test_a_person_s_name_in_a_problem_line_stays_masked(column):
    p = Problems.of(file="s.csv", row=[2], column=column, value="张三", problem_zh="x", problem_en="y")
    line = p.lines(not_personal=not_personal_columns())
    assert "张三" not in line and MASKED in line
    assert personal_values_masked(p, not_personal_columns())["value"].tolist() == [MASKED]
