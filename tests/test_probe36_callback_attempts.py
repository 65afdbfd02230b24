"""probe36: a 95598 回访记录 one row per callback attempt, read as it is exported (mapping.yaml ``attempts: callback``).

The export writes each attempt as a row of its case (未接通 at 09:00, 满意 at 15:00, the case's columns repeated). It
was refused (the key repeated) with the reading to apply by hand: keep the attempt that reached the customer, else
the last. The information suffices, so the mapping now applies that reading (records.attempts); a case the rule
cannot settle is refused as before, never merged by a guess.

By hand (complaints received 1 March, replied and closed 3 March 10:00):
- TS001: 未接通 4 March 09:00, 满意 15:00: called back (satisfied), the record on row 3;
- TS002: 满意 4 March 09:00, then a check call 未接通 on 5 March: called back (satisfied), row 4 - not the last row;
- TS003: 未接通 twice, the second an Excel serial day 45721.375 (5 March 09:00; 45658 is 1 January 2025):
  unreachable, the latest, row 7;
- TS004: one row, 基本满意: satisfied.
Callback rate 3 of 4 (unreachable counted as not called back), 4 of 4 counting unreachable as called back.
"""
import io
from contextlib import redirect_stderr, redirect_stdout

import pytest

from windoweval.cli import main
from windoweval.complaints import callback_rate, read_complaints

HEAD = "工单编号,业务类型,受理渠道,责任单位,受理时间,答复时间,办结时间,工单状态,回访时间,回访结果,回访次数\n"
CASE = "投诉,95598,PW01,2025/3/1 9:00,2025/3/3 10:00,2025/3/3 10:00,已办结"
ATTEMPTS = [("TS001", "2025/3/4 9:00", "未接通"), ("TS001", "2025/3/4 15:00", "满意"),
            ("TS002", "2025/3/4 9:00", "满意"), ("TS002", "2025/3/5 9:00", "未接通"),
            ("TS003", "2025/3/4 9:00", "未接通"), ("TS003", "45721.375", "未接通"),
            ("TS004", "2025/3/4 9:00", "基本满意")]
MAPPING = """complaints:
  file: 回访记录.csv
  columns: {工单编号: case_id, 业务类型: kind, 受理渠道: channel, 责任单位: window_id, 受理时间: received_at,
            答复时间: replied_at, 办结时间: resolved_at, 工单状态: case_status, 回访时间: callback_at,
            回访结果: callback_result}
  values:
    kind: {投诉: complaint}
    case_status: {已办结: closed}
    callback_result: {未接通: unreachable, 满意: satisfied, 基本满意: satisfied, 不满意: dissatisfied}
  ignore: [回访次数]
"""


def _data(tmp_path, rows=ATTEMPTS, attempts=True, case=CASE):
    d = tmp_path / "d"
    d.mkdir(exist_ok=True)
    (d / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "PW01"\nname = "城东"\nkind = "power_hall"\n',
                                       encoding="utf-8")
    (d / "mapping.yaml").write_text(MAPPING + ("  attempts: callback\n" if attempts else ""), encoding="utf-8")
    (d / "回访记录.csv").write_text(HEAD + "".join(f"{k},{case},{t},{r},{i}\n" for i, (k, t, r) in enumerate(rows)),
                                  encoding="utf-8")
    return d


def _check(d):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["records", "check", "--data", str(d)])
    return rc, out.getvalue() + err.getvalue()


def test_each_case_keeps_the_attempt_that_reached_the_customer(tmp_path):
    d = _data(tmp_path)
    cases = read_complaints(data=d, year=2025).set_index("case_id")
    assert cases["callback_result"].to_dict() == {"TS001": "satisfied", "TS002": "satisfied", "TS003": "unreachable",
                                                  "TS004": "satisfied"}
    assert str(cases.loc["TS003", "callback_at"]) == "2025-03-05 09:00:00"
    assert str(cases.loc["TS002", "callback_at"]) == "2025-03-04 09:00:00"
    rate = callback_rate(read_complaints(data=d, year=2025))
    row = rate.iloc[-1]
    assert (int(row["needing"]), int(row["called_back"]), int(row["unreachable"])) == (4, 3, 1), rate.T
    rc, said = _check(d)
    assert rc == 0, said
    assert "3 个工单" in said and "3 other rows left out" in said, said
    assert "7 = 记录 / records 4" in said and "其余回访尝试 / other callback attempts 3" in said, said


@pytest.mark.parametrize("rows, why", [
    ([("TS001", "2025/3/4 9:00", "满意"), ("TS001", "2025/3/5 9:00", "不满意")], "two views"),
    ([("TS001", "", "未接通"), ("TS001", "2025/3/5 9:00", "未接通")], "an attempt with no time"),
    ([("TS001", "2025/3/4 9:00", "未接通"), ("TS001", "2025/3/5 9:00", "回访成功")], "a result no value"),
])
def test_a_case_the_rule_cannot_settle_is_refused_as_before(tmp_path, rows, why):
    rc, said = _check(_data(tmp_path, rows=rows))
    assert rc == 3 and "Traceback" not in said, (why, said)
    assert "第 2 行" in said and "TS001" in said, (why, said)


def test_rows_that_differ_elsewhere_are_no_attempts(tmp_path):
    d = _data(tmp_path, rows=[("TS001", "2025/3/4 9:00", "满意")])
    f = d / "回访记录.csv"
    f.write_text(f.read_text(encoding="utf-8") + "TS001,投诉,95598,PW01,2025/3/2 9:00,2025/3/3 10:00,2025/3/3 10:00,"
                 "已办结,2025/3/4 9:00,满意,2\n", encoding="utf-8")   # another received time: two cases, or two states
    rc, said = _check(d)
    assert rc == 3 and "received_at" in said, said


def test_without_it_the_refusal_names_the_option(tmp_path):
    rc, said = _check(_data(tmp_path, attempts=False))
    assert rc == 3 and "attempts: callback" in said, said
    assert said.index("attempts: callback") < said.index("write attempts: callback"), said


def test_only_the_complaints_take_it(tmp_path):
    d = _data(tmp_path)
    (d / "mapping.yaml").write_text("work_orders:\n  attempts: callback\n", encoding="utf-8")
    rc, said = _check(d)
    assert rc == 3 and "work_orders.attempts" in said and "Traceback" not in said, said
    (d / "mapping.yaml").write_text(MAPPING + "  attempts: yes\n", encoding="utf-8")
    rc, said = _check(d)
    assert rc == 3 and "attempts: callback" in said and "Traceback" not in said, said


def test_records_map_proposes_it(tmp_path):
    import yaml

    from windoweval.records.propose import propose

    text = propose(_data(tmp_path, attempts=False) / "回访记录.csv", "complaints")
    assert yaml.safe_load(text)["complaints"]["attempts"] == "callback", text
    (tmp_path / "one").mkdir()
    one = _data(tmp_path / "one", rows=[("TS001", "2025/3/4 9:00", "满意"), ("TS002", "2025/3/4 9:00", "满意")])
    assert "attempts" not in propose(one / "回访记录.csv", "complaints")   # a row a case: nothing to merge


def test_not_read_on_dask(tmp_path):
    # a case's attempts may lie in two partitions: refused with the two ways that read it, never merged per partition
    import pandas as pd

    from windoweval.engine.dask import _validated
    from windoweval.errors import InputError

    part = pd.read_csv(_data(tmp_path) / "回访记录.csv", dtype=str)
    mapping = {"attempts": "callback", "columns": {"工单编号": "case_id"}}
    with pytest.raises(InputError) as e:
        _validated(part, "complaints", "回访记录.csv", mapping, None, 2025, None)
    assert "attempts" in str(e.value) and "records import" in str(e.value) and "--scheduler" in str(e.value)
