"""survey.delivery._split_item_columns compares a question's duplicate columns whole (numpy over the columns), not row
by row in Python (session 40 left it), with the same refusal: the first differing row, its columns and values."""
import sys

import numpy as np

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
ITEMS = list(INS.coded_columns)


def _wide(n):
    """A wide delivery's header, rows and numbers: env1 once per window, a respondent's answer in their window's."""
    header = ["respondent_id", "window_id"] + [f"{ITEMS[0]}_{w}" for w in ("PW01", "PW02")] + ITEMS[1:3]
    canon = ["respondent_id", "window_id", ITEMS[0], ITEMS[0]] + ITEMS[1:3]
    rows = []
    for i in range(n):
        w = "PW01" if i < n - 3 else "PW02"          # the last three respondents answered in PW02's column
        rows.append([f"R{i}", w, " 5 " if w == "PW01" else None, "4" if w == "PW02" else "", "5", "5"])
    rows[-1] = rows[-1][:4]                           # a short row: its missing cells blank
    seen = {c: j for j, c in reversed(list(enumerate(canon)))}
    return header, canon, seen, rows, list(range(2, n + 2))


def _calls(n):
    header, canon, seen, rows, numbers = _wide(n)
    probs, count = [], [0]

    def prof(frame, event, arg):
        if event == "call":
            count[0] += 1
    sys.setprofile(prof)
    try:
        D._split_item_columns(header, canon, seen, rows, numbers, INS, probs)
    finally:
        sys.setprofile(None)
    return count[0], probs


def test_the_same_refusal_first_differing_row_named():
    _, probs = _calls(50)
    (p,) = [p for p in probs if p.get("code") == "item_split_columns"]
    zh, en = p["problem_zh"], p["problem_en"]
    assert "第 49 行" in zh and f"列 '{ITEMS[0]}_PW02' 是「4」" in zh and "空白" in zh   # row 49: the 48th respondent
    assert f"row 49: '4' in column '{ITEMS[0]}_PW02', a blank in column '{ITEMS[0]}_PW01'" in en


def test_no_python_call_per_row():
    small, _ = _calls(200)
    large, _ = _calls(4000)
    assert large - small < 50, (small, large)     # before: two calls a row (cell), 7600 more for 3800 more rows
