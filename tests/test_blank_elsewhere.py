"""A record some measure takes but a measure selecting on a blank column leaves out is counted, never dropped in
silence: a Chinese prescription with no 付数 is in 标准3's 24-hour measure, but in neither dispensing band (10 min up
to 5 doses, 20 min above). It was counted nowhere: `unscored` listed only the records no measure took."""
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
        "started_at": ["2025-03-03 09:00"] * 4, "completed_at": ["2025-03-03 09:05"] * 4})


def _ws():
    return workspace([("HPHA", "门诊药房", "hospital_pharmacy")])


def test_a_prescription_with_no_doses_is_counted_for_the_bands_it_misses():
    ev = validate(_events(), "hospital_events", file="药房.csv")
    card = score("hospital_commitments", 2025, data=".", workspace=_ws(), records={"hospital_events": ev})
    u = card.unscored
    got = u[u["reason"] == "blank_elsewhere"][["record_kind", "column", "records"]].values.tolist()
    # E2 only: E4 (Western, no doses) is no Chinese prescription, no band was ever its
    assert got == [["hospital_events", "doses", 1]]
    t = _blank_population(card)
    assert t[["standard", "column", "records"]].values.tolist() == [["hospital_commitments", "doses", 1]]
    assert "doses 为空" in t["reason_zh"].iloc[0] and "in none of those that select on doses" in t["reason_en"].iloc[0]
    # the bands themselves: E1 in the first, E3 in the second, E2 in neither
    r = card.results[card.results["window_id"] == "HPHA"].set_index("measure")
    n = {m.split("#")[1]: int(r.loc[m, "records"]) for m in r.index if "#chinese_" in m}
    assert n == {"chinese_up_to_5": 1, "chinese_over_5": 1}


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
    assert u[u["reason"] == "blank_elsewhere"][["record_kind", "column", "records"]].values.tolist() == [
        ["hospital_events", "doses", 1]]


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
