"""small46: a refused row's fix named the code of the first status column the mapping leaves unread only; an export
with two (状态 and 退号状态: a registration withdrawn is said in the second) named one and hid the other.  Each now
names every such column's code, with a drop entry for each."""
import numpy as np
import pandas as pd

from windoweval.records.files import _status_said


def test_both_status_columns_are_named_in_the_fix():
    from types import SimpleNamespace
    heads = ["流水号", "签到时间", "状态", "退号状态"]
    frame = pd.DataFrame([["G1", "08:10", "已就诊", ""], ["G2", None, "未就诊", "已退号"], ["G3", None, "未就诊", None]])
    raws = [("q.csv", heads, frame, np.array([2, 3, 4]))]
    plans = [SimpleNamespace(used={"流水号": ["ticket_id"], "签到时间": ["ticket_at"]})]
    p = pd.DataFrame({"file": ["q.csv"] * 2, "row": [3, 4], "column": ["ticket_at"] * 2,
                      "code": ["missing_value"] * 2, "fix_zh": ["请补上"] * 2, "fix_en": ["fill it in"] * 2})
    out = _status_said(p, raws, plans)
    zh, en = out["fix_zh"].iloc[0], out["fix_en"].iloc[0]
    assert "该行的“状态”为“未就诊”、“退号状态”为“已退号”" in zh                  # before: 状态 alone
    assert 'drop: {"状态": ["未就诊"]} 或 drop: {"退号状态": ["已退号"]}' in zh
    assert "the row's 状态 is 未就诊, 退号状态 is 已退号" in en
    assert 'drop: {"状态": ["未就诊"]} or drop: {"退号状态": ["已退号"]}' in en
    # a row whose second status is blank: the first alone, as before
    assert out["fix_en"].iloc[1] == ("fill it in; the row's 状态 is 未就诊: if it is a service that never took place, "
                                     'skip such rows with drop: {"状态": ["未就诊"]}')
