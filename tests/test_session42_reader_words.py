"""What a manager reads on the complaints and promises pages (session 42, from left42's reading of a built report).

- A deadline is a day: the complaints page's open cases showed 答复期限 ``2025-03-23 00:00:00`` (the last day read as
  its first second) where the CLI and the CSV say ``2025-03-23``; the page's tables now write times by the exports'
  one rule (:func:`windoweval.present._times_as_written`).
- The promise table's count is the rate's denominator (kept + broken): headed 发生次数 / Occasions, a manager read the
  open case beside it as inside it (471 occasions, 1 open, where the complaints page counts 472 cases).
- The column of cases withdrawn within the limit sits in the complaints' reply tables too, where no 兑现率 exists.
"""
import pandas as pd

from windoweval import i18n, present




def test_a_whole_day_deadline_reads_as_a_day_on_the_page(monkeypatch):
    shown = {}
    monkeypatch.setattr(present, "_show", lambda d: shown.update(d))
    df = pd.DataFrame({"case_id": ["C1", "C2"], "due": pd.to_datetime(["2025-03-23", None])})
    present.table(df, "open_cases", "annual.table.ranking")
    page = shown["text/html"]
    assert "2025-03-23" in page
    assert "00:00:00" not in page                     # was: 2025-03-23 00:00:00
    assert shown[present.TABLE_MIME]["data"][0][1] == "2025-03-23"   # the export as before


def test_a_time_of_day_keeps_its_seconds_on_the_page(monkeypatch):
    shown = {}
    monkeypatch.setattr(present, "_show", lambda d: shown.update(d))
    df = pd.DataFrame({"case_id": ["C1"], "replied": pd.to_datetime(["2025-03-18 16:54:45"])})
    present.table(df, "replies", "annual.table.ranking")
    assert "2025-03-18 16:54:45" in shown["text/html"]


def test_the_promise_count_says_it_is_kept_plus_broken():
    zh, en = i18n.text("col.occurrences", "zh"), i18n.text("col.occurrences", "en")
    assert "兑现" in zh and "未兑现" in zh, zh           # was: 发生次数
    assert "kept" in en and "broken" in en, en          # was: Occasions


def test_the_withdrawn_column_names_no_promise_rate_in_complaint_tables():
    assert "兑现率" not in i18n.text("col.withdrawn_in_limit", "zh")
