"""A record some measure takes but a measure selecting on a blank column leaves out is counted, never dropped in
silence.  A Chinese prescription with no 付数 was the example (in 标准3's 24-hour measure, in neither dispensing
band); since the twenty-ninth audit it is in both bands as missing evidence (a band that cannot place a record never
passes on it), so the list no longer holds it."""
import pandas as pd
from _workspace import workspace, write_workspace

from windoweval import score
from windoweval.records import validate
from windoweval.sections import _blank_population


def _events():
    return pd.DataFrame({
        "event_id": ["E1", "E2", "E3", "E4"], "window_id": "HPHA", "patient_kind": "outpatient",
        "event_type": ["prescription_chinese", "prescription_chinese", "prescription_chinese", "prescription_western"],
        "doses": [3, None, 8, None],
        # E2 (no 付数) dispensed in 15 minutes: between the bands' limits (10, 20), so missing evidence in both
        # (review 16: within 10 minutes it would meet both, over 20 miss both)
        "started_at": ["2025-03-03 09:00"] * 4,
        "finished_at": ["2025-03-03 09:05", "2025-03-03 09:15", "2025-03-03 09:05", "2025-03-03 09:05"]})


def _ws():
    return workspace([("HPHA", "门诊药房", "hospital_pharmacy")])


def test_a_prescription_with_no_doses_is_missing_evidence_in_both_bands():
    """Since the twenty-ninth audit the bands take a blank 付数 in (``blank: true``) as missing evidence
    (``needs: doses``): in both bands, never in neither, so no band passes on it and nothing is left unscored."""
    ev = validate(_events(), "hospital_events", file="药房.csv")
    card = score("hospital_commitments", 2025, data=".", workspace=_ws(), records={"hospital_events": ev})
    u = card.unscored
    assert u[u["reason"] == "blank_elsewhere"].empty
    assert _blank_population(card).empty
    # the bands themselves: E1 and E2 in the first, E3 and E2 in the second; E2 missing evidence in each
    r = card.results[card.results["window_id"] == "HPHA"].set_index("measure")
    got = {m.split("#")[1]: (int(r.loc[m, "records"]), int(r.loc[m, "n"]), int(r.loc[m, "missing_evidence"]),
                             r.loc[m, "verdict"]) for m in r.index if "#chinese_" in m}
    assert got == {"chinese_up_to_5": (2, 1, 1, "insufficient"), "chinese_over_5": (2, 1, 1, "insufficient")}
    me = card.missing_evidence(["hospital_commitments.pharmacy.7#chinese_up_to_5"])
    assert me["event_id"].tolist() == ["E2"]


def test_the_same_count_from_a_store(tmp_path):
    """A Parquet store read piece by piece (or by value) counts the same record."""
    from windoweval import import_records

    d = write_workspace(tmp_path / "ws", [("HPHA", "门诊药房", "hospital_pharmacy")])
    src = tmp_path / "hospital_events.csv"
    _events().to_csv(src, index=False)
    import_records("hospital_events", src, d)
    assert (d / "hospital_events").is_dir()
    card = score("hospital_commitments", 2025, data=d)
    u = card.unscored
    assert u[u["reason"] == "blank_elsewhere"].empty
    r = card.results[card.results["window_id"] == "HPHA"].set_index("measure")
    assert [(int(r.loc[m, "missing_evidence"]), r.loc[m, "verdict"]) for m in r.index if "#chinese_" in m] == [
        (1, "insufficient"), (1, "insufficient")]


def test_a_population_of_written_values_chooses_its_blanks():
    """标准1's talk-time measure takes the calls answered (answered_at written): an unanswered call is not missing
    from it, so it is not counted (the demo's 80 unanswered calls of 2025 stay out of the list)."""
    import pandas as pd

    from windoweval.engine.frame import unscored
    from windoweval.engine.plan import Item
    from windoweval.kernels import KERNELS

    df = pd.DataFrame({"window_id": ["A", "A"], "answered_at": pd.to_datetime(["2025-01-02 09:00", None]),
                       "ok": pd.array([True, True], dtype="boolean")})
    every = Item({"measure": "e", "records": "k", "where": {}}, ["A"], KERNELS["flag"], {"column": "ok"})
    answered = Item({"measure": "a", "records": "k", "where": {"answered_at": {"notna": True}}}, ["A"],
                    KERNELS["flag"], {"column": "ok"})
    assert unscored(df, [every, answered], "k").empty
