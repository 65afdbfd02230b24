"""review47 on readings47's b8b96fd0: records map proposes a state column as event_status only where every code is
placed closed/open and none is a cancellation; a code that withdraws, voids or cancels the report or the dispensing
(报告作废, 报告已撤回, 撤销报告, 报告召回, 取消发药) was placed 'closed' by the word
报告/发药 in it (the cancellation checks match only at the code's start), so the column was proposed."""
import pandas as pd
import pytest

from windoweval.records.contract import contracts
from windoweval.records.propose import _status_placed


@pytest.mark.parametrize("code", ["报告作废", "报告已撤回", "撤销报告", "报告召回", "取消发药"])
def test_a_cancelled_state_keeps_the_column_unproposed(code):
    c = contracts()["hospital_events"]
    assert not _status_placed(pd.Series(["已审核", "已发药", code]), "hospital_events", c)
