"""survey_design's refusal of missing design values names the rows (the delivery's own ``sheet!row`` where the
frame carries them, else from 1 and said so), the columns and the fix, in Chinese then English, as the project's
InputError (exit 3; still a ValueError for callers that catch that). Before session 23 it said only how many rows."""
import numpy as np
import pandas as pd
import pytest

from windoweval.errors import InputError
from windoweval.survey.estimate import survey_design


def _frame(**extra):
    f = pd.DataFrame({"stratum": ["A", "A", "B", "B", "B"], "psu": ["1", "2", "1", "2", None],
                      "weight": [1.0, 2.0, 0.0, 1.5, 1.0]})
    return f.assign(**extra)


def test_rows_from_one_are_said_so():
    with pytest.raises(InputError) as e:
        survey_design(_frame())
    msg = str(e.value)
    assert e.value.exit_code == 3 and isinstance(e.value, ValueError)
    assert msg.index("行号从 1 起") < msg.index(" / ")           # Chinese first, English alongside
    assert "rows from 1: 3, 5" in msg and "(stratum, psu)" in msg and "(weight)" in msg
    assert "Fill in the stratum and the PSU" in msg


def test_the_deliverys_own_rows_are_named():
    f = _frame(sheet=["1月", "1月", "2月", "2月", "2月"], row=np.array([6, 7, 2, 3, 4]))
    with pytest.raises(InputError) as e:
        survey_design(f)
    msg = str(e.value)
    assert "2月!2, 2月!4" in msg and "from 1" not in msg and "从 1 起" not in msg


def test_a_clean_design_is_built():
    d = survey_design(_frame().assign(psu=["1", "2", "1", "2", "3"], weight=1.0))
    assert d.n_psu.tolist() == [2, 3]
