"""In JupyterLab, ``score()`` and ``evaluate()`` say the records of other years they left out of the year, as
``windoweval score --year``'s line says them (years45): ``Scorecard.other_year_counts`` (``{kind: {year: records}}``,
by the year filter's rule), shown in the scorecard's and the evaluation's text and HTML repr, Chinese first, English
alongside, escaped; the evaluation marks its baseline year."""
import html

from tests.test_years44_counts import ORDERS, SAID_EN, SAID_ZH, _data

WANT = {"work_orders": {2024: 3, 2026: 2}, "complaints": {2024: 1}}


def test_score_counts_and_says_other_years(tmp_path):
    import windoweval as we
    from windoweval.records import contracts, read_records

    d = _data(tmp_path, "store")
    card = we.score(year=2025, data=d)
    assert card.other_year_counts == WANT
    # every record counted: the year's own and the other years' add up to the file
    kept = read_records("work_orders", d, year=2025)
    assert len(kept) + sum(WANT["work_orders"].values()) == len(ORDERS)
    assert contracts()["work_orders"].year_counts(read_records("work_orders", d)) == {**WANT["work_orders"],
                                                                                       2025: len(kept)}
    text = repr(card)
    assert SAID_ZH in text and SAID_EN in text and text.index(SAID_ZH) < text.index(SAID_EN)
    page = card._repr_html_()
    assert html.escape(SAID_ZH) in page and html.escape(SAID_EN) in page


def test_nothing_said_without_other_years_or_without_a_year(tmp_path):
    import windoweval as we

    d = _data(tmp_path, "csv")
    card = we.score(data=d)             # every year scored: nothing left out, nothing counted
    assert card.other_year_counts is None and "数据中另有其他年份的记录" not in repr(card)


def test_evaluate_says_them_with_its_baseline(tmp_path):
    import windoweval as we

    d = _data(tmp_path, "csv")
    ev = we.evaluate(2025, data=d, baseline_year=2024, standards="power_window")
    assert ev.card.other_year_counts == WANT
    zh = "不在 2025 年的评价内:2024 年(基准年):work_orders 3 条、complaints 1 条;2026 年:work_orders 2 条"
    en = "outside the 2025 evaluation: 2024 (the baseline year): work_orders 3 records, complaints 1 record; 2026:"
    text = repr(ev)
    assert zh in text and en in text and text.index(zh) < text.index(en)
    page = ev._repr_html_()
    assert html.escape(zh) in page and html.escape(en) in page
