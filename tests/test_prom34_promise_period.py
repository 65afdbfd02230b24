"""prom34: a promise withdrawn (or made) mid-year is judged on the records of its own days.

The register had no dates: a promise withdrawn on 30 June (a ledger's 撤销日期) was judged on the whole year's records,
and the same promise renumbered on 1 July could not be registered at all (two promises of one measure, refused).  A
promise now takes ``from``/``until`` (or 起始日期/终止日期), dates as records are read (2025-07-01, 2025/7/1,
2025年7月1日), each day whole; its occurrences are the records whose period column (the day a complaint was received)
falls in them, in :func:`occurrences`, the published table and the scorecard's 5.2 alike; an ``until`` before ``from``
is refused with the file, the promise and the fix.

By hand (complaints, 5 calendar days, the day of receipt not counted): C1 received 3 March, replied 5 March: kept;
C2 received 4 August, replied 20 August: broken (due 9 August); C3 received 1 September, replied 3 September: kept.
"""
import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.promise_register import PromiseRegisterError, load_promises
from windoweval.promises import fulfilment, occurrences, publication_table
from windoweval.scoring import score

PROMISE = """  - id: {id}
    clause: power_window.13.5
    measure: "power_window.13.5#complaint_reply"
    zh: 对客户投诉在5天内答复
    public_zh: {public}
    en: Complaints are answered within 5 days.
"""


#: Three complaints of hall PW01 (C1 kept, C2 broken, C3 kept), as the prom34 tests use them.
CASES = ("C1,95598,complaint,PW01,2025-03-03 09:00,2025-03-05 09:00\n"
         "C2,95598,complaint,PW01,2025-08-04 09:00,2025-08-20 09:00\n"
         "C3,95598,complaint,PW01,2025-09-01 09:00,2025-09-03 09:00\n")


def workspace(d, rows: str = CASES, register: str | None = None,
              head: str = "case_id,channel,kind,window_id,received_at,replied_at"):
    """A data folder: a workspace of one hall (PW01), the complaints ``rows`` under ``head``, and the promise
    register ``register`` (promises.yaml, named in the workspace) if given."""
    named = 'promises = "promises.yaml"\n' if register is not None else ""
    (d / "windoweval.toml").write_text(f'name = "x"\n{named}[[windows]]\nid = "PW01"\nname = "城东"\n'
                                       'kind = "power_hall"\n', encoding="utf-8")
    (d / "complaints.csv").write_text(f"{head}\n{rows}", encoding="utf-8")
    if register is not None:
        (d / "promises.yaml").write_text(register if register.startswith("promises:") else "promises:\n" + register,
                                         encoding="utf-8")
    return d


def _data(tmp_path, register: str):
    return workspace(tmp_path, register=register)


def _row_52(d):
    r = score("power_window", 2025, data=d).results.set_index("measure").loc["power_window.5.2#complaints"]
    return int(r["n"]), int(r["met"])


def test_a_promise_withdrawn_mid_year_is_judged_on_its_days_only(tmp_path):
    d = _data(tmp_path, PROMISE.format(id="CN-02", public="您的投诉,5天内给您答复") + "    终止日期: 2025年6月30日\n")
    occ = occurrences(2025, data=d)
    assert occ["record_id"].tolist() == ["C1"], occ       # C2 and C3 came after it was withdrawn
    per = fulfilment(2025, data=d).set_index("promise_id")
    assert per.loc["CN-02", ["occurrences", "met", "verdict"]].tolist() == [1, 1, "pass"]
    assert per.loc["CN-02", "until"] == pd.Timestamp("2025-06-30")
    assert _row_52(d) == (1, 1)                           # the scorecard's 5.2 takes the same record, not 3 (2 met)
    zh = publication_table(2025, data=d)
    assert zh["承诺事项"].iloc[0] == "您的投诉,5天内给您答复(有效期 2025-01-01 至 2025-06-30)", zh
    assert zh["兑现率"].tolist() == ["100.0%", "100.0%"]
    en = publication_table(2025, data=d, lang="en")
    assert en["Promise"].iloc[0].endswith("(in force 2025-01-01 to 2025-06-30)"), en


def test_a_promise_renumbered_mid_year_is_two_promises_whose_periods_do_not_overlap(tmp_path):
    reg = (PROMISE.format(id="CN-02", public="您的投诉,5天内给您答复") + "    until: 2025-06-30\n"
           + PROMISE.format(id="CN-09", public="投诉5天内答复(原CN-02)") + "    起始日期: 2025/7/1\n")
    d = _data(tmp_path, reg)
    per = fulfilment(2025, data=d).set_index("promise_id")
    assert per.loc["CN-02", ["occurrences", "met"]].tolist() == [1, 1]
    assert per.loc["CN-09", ["occurrences", "met", "broken"]].tolist() == [2, 1, 1]
    assert _row_52(d) == (3, 2)                           # each record once: 3 occurrences, 2 kept
    assert publication_table(2025, data=d)["兑现率"].tolist() == ["100.0%", "50.0%", "66.7%"]
    # a promise not in force in the year says so, never 无记录 (no records)
    t = publication_table(2026, data=d).set_index("承诺事项")["兑现率"]
    assert t["您的投诉,5天内给您答复"] == "本年不在有效期内", t


def test_overlapping_periods_of_one_measure_are_still_refused(tmp_path):
    reg = (PROMISE.format(id="CN-02", public="a") + "    until: 2025-07-01\n"
           + PROMISE.format(id="CN-09", public="b") + "    from: 2025-07-01\n")
    with pytest.raises(PromiseRegisterError) as e:
        load_promises(_data(tmp_path, reg) / "promises.yaml")
    zh, en = str(e.value).split(" / ", 1)
    assert "CN-09" in zh and "CN-02" in zh and "两次" in zh and "twice" in en, e.value


@pytest.mark.parametrize("fields", ["    from: 2025-07-01\n    until: 2025-06-30\n",
                                    "    起始日期: 2025年7月1日\n    终止日期: 2025/6/30\n"])
def test_an_until_before_from_is_refused_with_file_promise_and_fix(tmp_path, fields):
    d = _data(tmp_path, PROMISE.format(id="CN-02", public="a") + fields)
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        rc = main(["promises", "--data", str(d), "--year", "2025"])
    msg = err.getvalue()
    assert rc == 3 and "Traceback" not in msg, msg
    zh = msg[msg.index("promises.yaml"):]
    assert "第 1 条承诺" in zh and "CN-02" in zh and "早于" in zh and "改正" in zh, msg
    assert "promise #1" in msg and "before the first" in msg, msg
    assert msg.index("早于") < msg.index("before the first"), msg      # Chinese first


@pytest.mark.parametrize("value", ["2025-13-01", "明年", "2025-07-01 12:00"])
def test_a_period_that_is_not_a_date_is_refused(tmp_path, value):
    d = _data(tmp_path, PROMISE.format(id="CN-02", public="a") + f'    from: "{value}"\n')
    with pytest.raises(PromiseRegisterError) as e:
        load_promises(d / "promises.yaml")
    assert "不是日期" in str(e.value) and value in str(e.value) and "2025/7/1" in str(e.value), e.value
