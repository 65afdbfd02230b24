"""``records map`` never proposes a rate header (电压合格率(%), 超上限率) for a limit or a count spelt close to it
(session 33: a voltage monitor's 电压合格率(%) was proposed as lower_limit_pct, close to 电压下限(%))."""
import pandas as pd

from windoweval.records.propose import propose


def test_a_rate_is_not_proposed_as_a_limit(tmp_path):
    f = tmp_path / "电压监测统计.csv"
    pd.DataFrame({"监测点编号": ["D1"], "电压等级": ["220V"], "统计月份": ["2025-03"], "运行时间(分钟)": [44640],
                  "超上限时间(分钟)": [3], "超下限时间(分钟)": [0], "电压合格率(%)": [99.99], "超上限率(%)": [0.01],
                  "下限(%)": [-10]}).to_csv(f, index=False)
    text = propose(str(f), "voltage_statistics")
    cols = [x.strip() for x in text.splitlines() if x.strip().startswith('"')]
    # volt34: the rates are columns of their own (checked against the minutes), never a limit or a count
    rates = [x for x in cols if x.startswith(('"电压合格率(%)"', '"超上限率(%)"'))]
    assert rates == ['"电压合格率(%)": qualified_rate', '"超上限率(%)": over_rate'], rates
    assert '"下限(%)": lower_limit_pct' in text and '"超上限时间(分钟)": over_min' in text
