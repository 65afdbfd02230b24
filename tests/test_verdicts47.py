"""verdicts47: verdicts checked by hand against the standards' text (after verdicts46).

办件时限: the only text is 窗口工作人员服务规范 五、5 (业务要限期办结 … 缩短承诺时限).  It sets no limit, the five texts never
say 即办件 or 承诺件, and no record kind holds a case's promised limit: the clause is a document review, counted as not
measured, and its reading and data/README.md say so and say where the written limits are measured.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from windoweval.catalog import coverage, load_catalog

ROOT = Path(__file__).resolve().parents[1]
STANDARDS = Path("/work/shared/standards")


def test_the_business_time_limit_clause_says_it_is_not_measured_from_records_and_why():
    cat = load_catalog()
    c = cat.clause("window_staff.5.5")
    assert c["assessment"] == "document_review" and c["measures"] == []
    reading = c["reading"] or ""
    assert reading.startswith("Not measured from records (不由业务记录计量)")
    for word in ("即办件", "承诺件", "counter_transactions", "power_window 10.2.1-10.2.9", "power_window.5.2"):
        assert word in reading, word
    # the coverage counts it as not measured, never as measured from records
    row = coverage(cat).set_index("standard").loc["window_staff"]
    assert int(row["not_measured"]) == sum(x["assessment"] not in ("records", "checklist")
                                           for x in cat.clauses.values()
                                           if x["standard"] == "window_staff" and x["status"] == "active")
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert "## 办件时限 / Business time limits" in readme and "`window_staff.5.5`" in readme


def test_the_five_texts_indeed_never_say_jiban_or_chengnuo_jian():
    """The reading's claim, checked against the source texts where they are present."""
    texts = sorted(STANDARDS.glob("*.zh.txt"))
    if not texts:
        pytest.skip("the source texts are not on this machine")
    body = "".join(t.read_text(encoding="utf-8") for t in texts)
    assert "即办件" not in body and "承诺件" not in body and "限期办结" in body


def _visits(*visits):
    import tempfile

    import windoweval as we
    from _workspace import records_of, workspace

    rows = [{"window_id": "PW01", "visit_id": f"V{i}", "item": "open_all_week", "result": r, "visited_at": t,
             "method": "mystery_shopper"} for i, (t, r) in enumerate(visits)]
    card = we.score("power_window", 2025, data=tempfile.mkdtemp(), workspace=workspace((("PW01", "营业厅", "power_hall"),)),
                    records={"inspections": records_of("inspections", rows)})
    return card.results.set_index("measure").loc["power_window.10.1.1"]


def test_a_weekend_visit_on_a_makeup_working_day_is_no_evidence_of_no_weekly_closing_day():
    """无周休日 (标准1 第十条(一)1), item open_all_week: the hall found open on the 调休 working Sunday 28 September 2025
    was open with every office; before, that visit passed the clause.  Now it is left out (not assessed): alone it
    leaves the hall without evidence, never a pass; beside an ordinary Sunday's visit it does not make the hall's
    verdict insufficient either.  Shut on that day stays a fail."""
    alone = _visits(("2025-09-28 10:00:00", "pass"))
    assert alone["verdict"] != "pass" and int(alone["n"]) == 0 and int(alone["not_assessed"]) == 1
    both = _visits(("2025-09-28 10:00:00", "pass"), ("2025-09-21 10:00:00", "pass"))
    assert (both["verdict"], int(both["n"]), int(both["missing_evidence"]), int(both["not_assessed"])) == ("pass", 1, 0, 1)
    shut = _visits(("2025-09-28 10:00:00", "fail"), ("2025-09-21 10:00:00", "pass"))
    assert (shut["verdict"], int(shut["n"]), int(shut["met"])) == ("fail", 2, 1)
