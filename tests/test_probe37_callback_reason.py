"""probe37: a callback without evidence now says why in the scorecard's missing-evidence file (`score`'s
``*_missing_evidence.csv``, ``reason``), where it was blank: a callback time with no result (whether it reached the
customer is unknown), or a result saying the customer was reached with no callback time.  The verdicts are unchanged.
"""
from windoweval.scoring import score

TOML = 'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东"\nkind = "power_hall"\n'
CASES = ("case_id,channel,kind,window_id,received_at,replied_at,callback_at,callback_result\n"
         "C1,95598,complaint,PW01,2025-03-03 09:00,2025-03-04 10:00,2025-03-05 09:00,satisfied\n"
         "C2,95598,complaint,PW01,2025-03-03 09:00,2025-03-04 10:00,2025-03-05 09:00,\n"
         "C3,95598,complaint,PW01,2025-03-03 09:00,2025-03-04 10:00,,satisfied\n")


def test_a_callback_without_evidence_says_why(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (d / "complaints.csv").write_text(CASES, encoding="utf-8")
    card = score("power_window", 2025, data=d)
    row = card.results[card.results["measure"] == "power_window.13.5#callback_rate"].iloc[0]
    assert (int(row["records"]), int(row["n"]), int(row["met"])) == (3, 1, 1)
    lack = card.missing_evidence()
    lack = lack[lack["measure"] == "power_window.13.5#callback_rate"].set_index("case_id")["reason"]
    assert lack["C2"].startswith("回访结果未记录") and "result is not recorded" in lack["C2"]
    assert lack["C3"].startswith("有回访结果而无回访时间") and "no callback time" in lack["C3"]
