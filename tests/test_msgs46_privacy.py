"""msgs46: 杠, a dash said aloud and typed so (``138杠1234杠5678``), between the groups of a mobile, a landline (its
halves, not only its area code: leaks45 took ``0755杠12345678``), an ID card or a bank card, reached every output as
written.  It is a separator as a dash is (``privacy._S``, ``_LS``, ``_CARD_SEP``); the forms are cases of
tests/cases/privacy/masking.yaml (a message and a column).  Here the other routes the masking is tested on: the
survey's profile, a table for people (``mask_frame``), the pre-filter, a problem's echoed value and ``records check``."""
from __future__ import annotations

import re

import pandas as pd

from windoweval.cli import main
from windoweval.privacy import candidates, mask_frame, mask_text
from windoweval.records.problems import Problems

from _workspace import write_workspace

FORMS = ["138杠1234杠5678", "0755杠1234杠5678", "110105杠19491231杠002X", "6222杠0200杠1234杠5678"]


def _digits(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text)


def test_survey_profile_frame_and_prefilter():
    texts = [f"客户来电{x}反映" for x in FORMS]
    s = pd.Series(texts, dtype="string")
    assert candidates(s).all()
    for got in mask_text(s, profile="survey").tolist() + mask_frame(pd.DataFrame({"note": texts}))["note"].tolist():
        assert len(_digits(got)) < 4, got


def test_a_problem_never_echoes_the_number():
    for x in FORMS:
        p = Problems.of(file="a.csv", row=[3], column="received_at", value=[x], problem_zh="不是日期",
                        problem_en="not a date")
        line = p.lines()
        assert "第 3 行" in line and _digits(x) not in _digits(line), line


def test_records_check_says_the_row_not_the_number(tmp_path, capsys):
    d = write_workspace(tmp_path / "data")
    (d / "work_orders.csv").write_text(
        "order_id,window_id,order_type,received_at,arrived_at,completed_at\n"
        "a,PW01,fault_repair,138杠1234杠5678,2025-03-01 10:30,2025-03-01 12:00\n", encoding="utf-8")
    rc = main(["records", "check", "--data", str(d)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert rc == 3 and "received_at" in text, text[-2000:]
    assert "13812345678" not in _digits(text) and "1234杠5678" not in text, text[-2000:]
