"""The ``score`` command's CSV for people (issue 14, item 1; session 44): its ``deadline`` and ``elapsed`` columns are
the program's own (a time limit's deadline from a typed time, the elapsed time from two, in the program's words),
so they are sent through no masking rule (1,545 distinct deadlines of 10 M work orders took 0.08 s of the people's
CSV's 0.17 s of CPU); every column of text from data still is.  A drill-down whose records hold a column of those
names (not a time limit's deadline) has it masked where the table is made.  The bytes written are the same."""
from __future__ import annotations

import pandas as pd
import pytest

from _workspace import score_in_process

from windoweval import privacy


@pytest.fixture(scope="module")
def store(work_orders_store):
    """The demo's work orders imported into a store (``tests/conftest.py``)."""
    return work_orders_store


@pytest.fixture
def masked_texts(monkeypatch):
    """Every text the masking rules are applied to (the masking's memory of texts emptied)."""
    seen: list = []
    real = privacy._apply_rules

    def apply(vals, profile, *, remember):
        seen.extend(v for v in vals if isinstance(v, str))
        return real(vals, profile, remember=remember)
    monkeypatch.setattr(privacy, "_apply_rules", apply)
    monkeypatch.setattr(privacy, "_FEW_SEEN", {})
    return seen


def _people(out) -> pd.DataFrame:
    return pd.read_csv(out / "power_window_missed.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_the_deadlines_are_not_sent_through_the_masking_rules(store, tmp_path, masked_texts):
    from windoweval.exports import write_csv

    code, text = score_in_process(store, tmp_path / "out")
    assert code == 0, text
    people = _people(tmp_path / "out")
    deadlines = {d for d in people["deadline"] if d}
    assert len(deadlines) > 10, "the demo's people CSV holds the deadlines of its time limits"
    assert not deadlines & set(masked_texts), "a deadline the program wrote was scanned for personal data"
    # the text from data still is: the windows (and the records' keys, before or after their column's name)
    assert set(people["window_id"]) <= set(masked_texts)
    # the same bytes as when every column is scanned
    again = pd.read_csv(tmp_path / "out" / "power_window_missed.csv", dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")
    write_csv(again, tmp_path / "all_scanned.csv")
    assert (tmp_path / "all_scanned.csv").read_bytes() == (tmp_path / "out" / "power_window_missed.csv").read_bytes()


def test_a_written_column_is_neutralised_but_not_masked(tmp_path):
    """``written`` spares the masking scan only: a formula-like cell is still neutralised."""
    from windoweval.exports import write_csv

    df = pd.DataFrame({"deadline": ["=1+1", "2025-06-01"], "note": ["张先生 13812345678", "x"]})
    write_csv(df, tmp_path / "a.csv", written=("deadline",))
    got = pd.read_csv(tmp_path / "a.csv", dtype=str, encoding="utf-8-sig")
    assert got["deadline"].tolist() == ["'=1+1", "2025-06-01"]
    assert got["note"].tolist() == ["某先生 [手机号]", "x"]


def test_a_records_column_named_deadline_is_masked_in_the_people_table(monkeypatch):
    """A drill-down whose own ``deadline`` column is not a time limit's (the program did not write it, a measure's
    parameter names it): its text is masked where the people's table is made, as the CSV's scan masked it before."""
    import windoweval as we
    from windoweval.summaries import MISSED_WRITTEN, missed_for_people

    card = we.score("power_window", year=2025)
    failed = card.results.loc[card.results["verdict"] == "fail", "measure"].unique().tolist()
    frames = []
    for m in failed:
        d = card.drilldown(m)
        if len(d):
            frames.append(d.assign(measure=m))
    # a measure that is no time limit in minutes, hours or days: its table's deadline is the records' own column
    spec = {m["measure"]: m for m in card.catalog.measures()}
    other = [f for f in frames if spec.get(f["measure"].iloc[0], {}).get("kernel") != "time_limit"]
    assert other, "the demo fails a measure that is no time limit"
    f = other[0].assign(deadline="客户张先生 13812345678", elapsed="13912345678")
    mid = f["measure"].iloc[0]
    kept = card._masks[mid]
    spec_ = dict(kept[2], params={**(kept[2].get("params") or {}), "due": "deadline", "took": "elapsed"})
    monkeypatch.setitem(card._masks, mid, (*kept[:2], spec_, *kept[3:]))
    got = missed_for_people(card, [f], 5)
    for c in MISSED_WRITTEN:
        assert not got[c].str.contains("1381234|1391234").any(), got[c].tolist()
        assert got[c].str.contains(r"\[手机号\]").all(), got[c].tolist()
