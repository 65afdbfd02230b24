"""A sixth standard is a YAML file and a cases file: no code.

A toy standard (a queue wait of at most 10 minutes in the business halls) is written into a temporary
directory with its cases file; the catalog loads it beside the bundled five (``load_catalog(extra_dirs=...)``),
the case runner of tests/test_cases.py checks its cases, and the scorer scores it on the demo organisation,
where the counts are checked against the records counted directly.
"""
import pandas as pd
import pytest
import yaml

import test_cases as case_runner
from windoweval.catalog import StandardsError, load_catalog
from windoweval.demo import DEMO_YEAR
from windoweval.records import read_records
from windoweval.scoring import score

TOY = """
standard:
  id: toy_wait
  source_file: toy.txt
  title_zh: 排队等候时限(示例)
  title_en: Queue waiting limit (a toy standard)
  window_kinds: [power_hall]
clauses:
  - id: toy_wait.1
    source: {article: 第一条, item: null}
    text_zh: "客户取号后等候叫号的时间不超过10分钟。"
    reading: null
    summary_en: A customer is called within 10 minutes of taking a ticket.
    assessment: records
    window_kinds: [power_hall]
    status: active
    aliases: []
    measures:
      - id: ""
        label_zh: 10分钟内叫号率
        label_en: Called within 10 minutes
        records: counter_transactions
        where: {}
        kernel: time_limit
        params: {start: ticket_at, end: called_at, limit: 10, unit: minutes, missing: na}
        target: 0.9
        weight_column: null
"""

CASES = """
standard: toy_wait
cases:
  - measure: toy_wait.1
    note: 10 minutes to the second is in time, one second more is late; no call recorded is missing evidence
    records:
      - {ticket_at: "2025-03-04 09:00:00", called_at: "2025-03-04 09:10:00", expect: pass}
      - {ticket_at: "2025-03-04 09:00:00", called_at: "2025-03-04 09:10:01", expect: fail}
      - {ticket_at: "2025-03-04 09:00:00", called_at: null, expect: na}
"""


@pytest.fixture
def toy(tmp_path):
    (tmp_path / "toy_wait.yaml").write_text(TOY, encoding="utf-8")
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "toy_wait.yaml").write_text(CASES, encoding="utf-8")
    return tmp_path


def test_the_catalog_loads_an_extra_standards_directory(toy):
    cat = load_catalog(extra_dirs=(toy,))
    assert len(cat.standards) == len(load_catalog().standards) + 1 and "toy_wait" in cat.standards
    assert [m["measure"] for m in cat.measures("toy_wait")] == ["toy_wait.1"]


def test_its_cases_run_through_the_case_runner(toy, monkeypatch):
    cat = load_catalog(extra_dirs=(toy,))
    monkeypatch.setattr(case_runner, "load_catalog", lambda: cat)
    cases = yaml.safe_load((toy / "cases" / "toy_wait.yaml").read_text(encoding="utf-8"))["cases"]
    for case in cases:
        case_runner.test_case("toy_wait", case)
    wrong = {**cases[0], "records": [{**cases[0]["records"][1], "expect": "pass"}]}
    with pytest.raises(AssertionError):  # the runner does fail on a wrong expectation
        case_runner.test_case("toy_wait", wrong)


def test_it_is_scored_on_the_demo_organisation(toy, ws):
    card = score("toy_wait", year=DEMO_YEAR, workspace=ws, catalog=load_catalog(extra_dirs=(toy,)))
    res = card.results.set_index("window_id")
    halls = ws.windows.loc[ws.windows["kind"] == "power_hall", "window_id"]
    assert sorted(res.index) == sorted(halls) and (res["measure"] == "toy_wait.1").all()

    tx = read_records("counter_transactions", ws.root, year=DEMO_YEAR, mapping=ws.mapping().get("counter_transactions"))
    tx = tx[tx["window_id"].isin(halls).to_numpy()]
    wait = (tx["called_at"] - tx["ticket_at"]).dt.total_seconds()
    seen = wait.notna() & (wait >= 0)
    want = pd.DataFrame({"window_id": tx["window_id"], "n": seen, "met": seen & (wait <= 600)}) \
        .groupby("window_id")[["n", "met"]].sum()
    assert res["n"].astype(int).to_dict() == want["n"].astype(int).to_dict()
    assert res["met"].astype(int).to_dict() == want["met"].astype(int).to_dict()
    assert 0 < want["met"].sum() < want["n"].sum()  # the demo's waits run to 15 minutes: some are late
    assert (res["verdict"] == "fail").all()          # about a third late against a 90 % target


def test_a_broken_sixth_standard_is_refused_with_its_file_named(tmp_path):
    (tmp_path / "toy_wait.yaml").write_text(TOY.replace("limit: 10, ", ""), encoding="utf-8")
    with pytest.raises(StandardsError, match="toy_wait.yaml.*limit"):
        load_catalog(extra_dirs=(tmp_path,))
