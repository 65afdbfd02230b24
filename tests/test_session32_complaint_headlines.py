"""The complaint page's key figures give each rate its verdict beside it (session 32): a callback rate of 100 % on
the cases with evidence is "insufficient evidence" when the records never say when the fault repairs concluded
(session 31's rule), and the page had shown the rate alone, which a manager reads as a pass."""
from test_session31_callback_unknown import _workspace

from windoweval import sections


def _headlines(d):
    return sections.compute(2025, d, sections=("complaints",))["complaints"].meta["headlines"]


def test_the_callback_rate_carries_its_verdict_insufficient(tmp_path):
    h = _headlines(_workspace(tmp_path))
    assert h["callback_rate"] == 1.0
    assert h["callback_verdict"] == {"zh": "证据不足", "en": "insufficient evidence"}


def test_each_rate_carries_its_verdict_when_evidence_is_complete(tmp_path):
    h = _headlines(_workspace(tmp_path, repairs_resolved=True))
    assert h["callback_verdict"] == {"zh": "达标", "en": "met"}
    assert h["complaint_reply_verdict"] == {"zh": "达标", "en": "met"}
    assert h["report_reply_verdict"] == {"zh": "达标", "en": "met"}
    keys = list(h)
    assert keys.index("callback_verdict") == keys.index("callback_rate") + 1   # beside its rate


def test_the_supervision_record_says_why_a_callback_is_not_met(tmp_path):
    """callback_ok is False both below 90 % and where the records cannot say; callback_verdict tells them apart."""
    from windoweval.review import supervision_record

    d = _workspace(tmp_path)
    (d / "activities.csv").write_text("activity_id,window_id,kind,held_on\nA1,PW01,customer_symposium,2025-04-01\n",
                                      encoding="utf-8")
    rec = supervision_record(2025, data=d).set_index("window_id")
    assert not rec.loc["PW01", "callback_ok"] and rec.loc["PW01", "callback_verdict"] == "insufficient"
    assert rec.loc["ALL", "callback_verdict"] == "insufficient"


def test_the_console_shows_verdicts_in_words(tmp_path, capsys):
    """``windoweval complaints`` prints each verdict in words, Chinese first (证据不足 / insufficient evidence), not its
    code (review32: scoring.VERDICT_LABELS); the CSV keeps the code for programs."""
    from windoweval.cli import main

    out = tmp_path / "out"
    assert main(["complaints", "--year", "2025", "--data", str(_workspace(tmp_path)), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "证据不足 / insufficient evidence" in said and " insufficient\n" not in said
    assert "insufficient" in (out / "callbacks.csv").read_text(encoding="utf-8-sig")
