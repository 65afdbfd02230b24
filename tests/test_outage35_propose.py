"""`records map` on the three shapes an outage system exports (outage35): the customers listed in one cell proposes
`split` (with the count to check each list against), a count alone proposes `constant: {customer_id: null}` saying
the clauses per customer will read insufficient evidence, and the per-customer export maps 户号 as before.  Before,
both per-event shapes were proposed `join: {customer_id: [停电开始时间, 供电单位]}`: a customer made up of the event's
time and window, on which 6.2.1 was judged per event as if it were a customer.  Each proposal, kept as it is, reads.
"""
import yaml

from tests._workspace import ROOT, run_cli
from tests.test_outage35_outages import (COUNTED, LISTED, PER_CUSTOMER, _counted, _listed, _per_customer, _verdicts,
                                         _ws)
from windoweval.records.propose import propose


def _proposed(tmp_path, name, text):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    got = propose(f, "outages")
    return got, yaml.safe_load(got)["outages"]


def test_a_list_cell_is_proposed_split_with_its_count(tmp_path):
    text, m = _proposed(tmp_path, "停电事件.csv", _listed())
    assert m["split"] == {"customer_id": {"from": "停电用户", "count": "影响户数"}}
    assert "join" not in m and "停电用户" not in m.get("ignore", [])


def test_a_count_alone_is_proposed_blank_never_a_made_up_customer(tmp_path):
    text, m = _proposed(tmp_path, "停电事件.csv", _counted())
    assert m["constant"] == {"customer_id": None}
    assert "join" not in m
    assert "证据不足" in text and "insufficient evidence" in text
    assert "影响户数" in m["ignore"]


def test_the_per_customer_export_maps_its_customer_as_before(tmp_path):
    text, m = _proposed(tmp_path, "停电用户.csv", _per_customer())
    assert m["columns"]["户号"] == "customer_id"
    assert "split" not in m and "constant" not in m and "join" not in m


def test_each_proposal_kept_as_it_is_scores_as_written_by_hand(tmp_path):
    for shape, name, text, hand in (("a", "停电事件.csv", _listed(), LISTED), ("b", "停电事件.csv", _counted(), COUNTED),
                                    ("c", "停电用户.csv", _per_customer(), PER_CUSTOMER)):
        by_hand = _verdicts(_ws(tmp_path / (shape + "1"), name, text, hand))
        d = _ws(tmp_path / (shape + "2"), name, text, "")
        p = run_cli("records", "map", str(d / name), "--kind", "outages", cwd=ROOT)
        assert p.returncode == 0, p.stdout + p.stderr
        (d / "mapping.yaml").write_text(p.stdout, encoding="utf-8")
        assert _verdicts(d) == by_hand, shape
