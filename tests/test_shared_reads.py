"""Read once, share (issue 14, item 2): records.shared keeps each validated file for one scope, and changes no number."""
from __future__ import annotations

import os

import pandas as pd
import pytest

from windoweval.demo import tiny_data_dir
from windoweval.records import RecordsError, read_records
from windoweval.records import shared


def _count_loads(monkeypatch):
    import windoweval.records.read as rd

    calls = []
    real = rd.load

    def load(*a, **kw):
        calls.append(a[0])
        return real(*a, **kw)
    monkeypatch.setattr(rd, "load", load)
    return calls


def test_one_read_per_file_in_a_scope_same_frames(monkeypatch):
    d = tiny_data_dir()
    alone = {y: read_records("work_orders", d, year=y) for y in (2024, 2025, None)}
    cols = read_records("work_orders", d, columns=["received_at"])
    calls = _count_loads(monkeypatch)
    with shared.shared_reads() as reads:
        got = {y: read_records("work_orders", d, year=y) for y in (2024, 2025, None)}
        got_cols = read_records("work_orders", d, columns=["received_at"])
    assert calls == ["work_orders"] and (reads.reads, reads.hits) == (1, 3)
    for y in alone:
        pd.testing.assert_frame_equal(got[y], alone[y], check_exact=True)
    pd.testing.assert_frame_equal(got_cols, cols, check_exact=True)
    read_records("work_orders", d)            # outside the scope: read again, nothing kept
    assert calls == ["work_orders", "work_orders"] and shared.active() is None and reads.bytes == 0


def test_a_caller_changing_its_frame_changes_nobody_elses():
    d = tiny_data_dir()
    with shared.shared_reads():
        a = read_records("work_orders", d)
        a["order_id"] = "x"
        a["extra"] = 1
        b = read_records("work_orders", d)
    assert b["order_id"].tolist() == ["1", "2"] and "extra" not in b


def test_a_changed_file_is_read_again_and_a_refusal_is_not_kept(monkeypatch):
    d = tiny_data_dir()
    calls = _count_loads(monkeypatch)
    f = d / "work_orders.csv"
    with shared.shared_reads():
        assert len(read_records("work_orders", d)) == 2
        f.write_text(f.read_text(encoding="utf-8") + "3,PW01,fault_repair,2025-07-01 09:00,2025-07-01 09:30\n",
                     encoding="utf-8")
        os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 10**9))
        assert len(read_records("work_orders", d)) == 3
        good = f.read_text(encoding="utf-8")
        f.write_text(good + "4,PW01,fault_repair,not a date,2025-07-01 09:30\n", encoding="utf-8")
        for _ in range(2):                       # refused each time: a refusal is never kept
            with pytest.raises(RecordsError):
                read_records("work_orders", d)
    assert calls == ["work_orders"] * 4


def test_the_scope_is_joined_not_replaced_and_respects_its_limit():
    d = tiny_data_dir()
    outer = shared.SharedReads(limit_bytes=0)          # keeps nothing: every read is a read
    with outer.active():
        with shared.shared_reads() as inner:
            assert inner is outer
            read_records("work_orders", d)
            read_records("work_orders", d)
    assert (outer.reads, outer.hits, outer.bytes) == (2, 0, 0)


def test_evaluate_and_review_alone_give_what_they_give_inside_a_build_scope():
    import windoweval as we
    from windoweval.review import demonstration_review

    alone = we.evaluate(2025, baseline_year=2024, standards="power_window")
    rv_alone = demonstration_review(2025)
    with shared.shared_reads() as reads:
        inside = we.evaluate(2025, baseline_year=2024, standards="power_window")
        occ = __import__("windoweval.promises", fromlist=["occurrences"]).occurrences(2025)
        rv = demonstration_review(2025, occ=occ, cards={2025: inside.card, 2024: inside.baseline})
    assert reads.hits > 0
    pd.testing.assert_frame_equal(inside.ranking, alone.ranking, check_exact=True)
    pd.testing.assert_frame_equal(inside.card.results, alone.card.results, check_exact=True)
    pd.testing.assert_frame_equal(rv.criteria, rv_alone.criteria, check_exact=True)
    pd.testing.assert_frame_equal(rv.summary, rv_alone.summary, check_exact=True)


def test_page_text_gains_what_nbconvert_parsed_the_page_again_for():
    bs4 = pytest.importorskip("bs4")
    from windoweval.report.pages import _accessible

    page = ('<div class="jp-Cell jp-Notebook"><div class="jp-Cell-inputWrapper">x</div>'
            '<div class="jp-RenderedHTMLCommon jp-OutputArea-output" data-mime-type="text/html"><img src="a.png">'
            '<img alt="kept" src="b.png"/></div><div class="jp-OutputArea-output">y</div></div>')
    soup = bs4.BeautifulSoup(page, features="html.parser")   # what nbconvert's HTMLExporter does to a page
    for e in soup.select("img:not([alt])"):
        e.attrs["alt"] = "No description has been provided for this image"
    for e in soup.select(".jp-Notebook div.jp-Cell-inputWrapper") + soup.select(".jp-Notebook div.jp-OutputArea-output"):
        e.attrs["tabindex"] = "0"
    assert str(bs4.BeautifulSoup(_accessible(page), features="html.parser")) == str(soup)
