"""probe37: the breakdown (`complaints`' 分项汇总) counted a callback made with no result recorded as 未联系上 /
unreachable, where the callback table beside it counts it apart (回访结果未记录 / result not recorded): one export
read 16 customers unreached in one table and 6 in the other.  The breakdown counts them as the callback table does
(``result_unknown``, shown where a case is so); its rates are unchanged.

By hand: four complaints replied Tue 4 Mar, each called back Wed 5 Mar: satisfied, unreachable, no result, no result.
Due 4; called back 1; unreachable 1; result not recorded 2; rate 1 / (4 - 2) = 50 %; counting any attempt 4 / 4.
"""
import pandas as pd

from windoweval.complaints import breakdown, callback_rate
from windoweval.records import validate

CASES = ("case_id,channel,kind,window_id,received_at,replied_at,callback_at,callback_result\n"
         + "".join(f"C{i},95598,complaint,PW01,2025-03-03 09:00,2025-03-04 10:00,2025-03-05 09:00,{r}\n"
                   for i, r in enumerate(["satisfied", "unreachable", "", ""])))


def test_the_breakdown_counts_unreached_as_the_callback_table(tmp_path):
    f = tmp_path / "complaints.csv"
    f.write_text(CASES, encoding="utf-8")
    cases = validate(pd.read_csv(f, dtype=str), "complaints", file="complaints.csv")
    cb = callback_rate(cases).iloc[0]
    bd = breakdown(cases).iloc[0]
    assert (int(cb["unreachable"]), int(cb["result_unknown"])) == (1, 2)
    assert (int(bd["unreachable"]), int(bd["result_unknown"])) == (1, 2)
    assert float(bd["callback_rate"]) == float(cb["rate"]) == 0.5
    assert float(bd["callback_rate_incl_unreachable"]) == float(cb["rate_incl_unreachable"]) == 1.0
    # with every result recorded, no such column (the tables as they were)
    assert "result_unknown" not in breakdown(cases.iloc[:2]).columns
