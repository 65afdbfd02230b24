"""A table's HTML written directly is, byte for byte, what pandas' Styler wrote for it (the pages and the notebooks'
stored outputs must not change), and the Styler is no longer run for a plain table."""
from __future__ import annotations

import functools
import html

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from windoweval import numbers, present


def styler_html(shown, header, uuid, caption, kinds, text_cols, verdicts):
    """What ``present._table_html`` wrote through pandas' Styler before (the reference)."""
    head = shown
    styler = (head.rename(columns=header).style.hide(axis="index").set_uuid(uuid)
              .format(na_rep=numbers.MISSING, precision=1, thousands=None, escape="html")
              .format_index(escape="html", axis=1)
              .set_caption(html.escape(caption))
              .set_table_styles([{"selector": "caption", "props": "caption-side: top; font-weight: bold; text-align: left;"},
                                 {"selector": "th", "props": "text-align: left;"}]))
    if kinds:
        shown_kinds = {header.get(c, c): functools.partial(numbers.display, kind=k) for c, k in kinds.items()}
        styler = styler.format(shown_kinds, subset=list(shown_kinds), na_rep=numbers.MISSING)
    if text_cols:
        styler = styler.set_properties(subset=[header[c] for c in text_cols], **{"text-align": "left"})
    if verdicts:
        fail = present.text("verdict.fail")
        styler = styler.map(lambda v: f"color: {present.COLORS['fail']}; font-weight: bold;" if v == fail else "",
                            subset=[header["verdict"]])
    return styler.to_html()


def both(df, caption="标题 <b>&", uuid="t", percent=None):
    present.setup("zh")
    kinds = present._column_kinds(df, percent)
    text_cols = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c].dtype)]
    header = present.labels(*[c for c in df.columns if isinstance(c, str)])
    verdicts = "verdict" in df.columns
    return (present._styled(df, header, uuid, caption, kinds, text_cols, verdicts),
            styler_html(df, header, uuid, caption, kinds, text_cols, verdicts))


FAIL = "未达标"


def test_the_notebooks_kinds_of_table():
    df = pd.DataFrame({
        "window_id": ["PW01", "PW02", None, "P'W\"04"],
        "verdict": [FAIL, "达标", FAIL, None],
        "rate": [0.98456, np.nan, 1.0, 0.5],
        "n": [10, 20, 30, 40],
        "score": [91.25, 78.5, np.nan, 0.0],
        "mixed": [0.25, "不可估计", None, 3],
        "when": pd.to_datetime(["2025-03-23 00:00", None, "2025-01-01 08:00", "2025-12-31 00:00"]).astype(object),
        "note": ["<script>alert(1)</script>", "a & b", "", "x"],
    })
    new, old = both(df)
    assert new == old
    assert 'font-weight: bold' in new and "&lt;script&gt;" in new


def test_numbers_only_empty_caption_and_a_category_column():
    df = pd.DataFrame({"a": [1.5, 2.25], "b": [np.nan, 3]})
    assert both(df, caption="")[0] == both(df, caption="")[1]
    cat = pd.DataFrame({"verdict": pd.Categorical([FAIL, "达标"]), "x": ["1", "2"]})
    assert both(cat)[0] == both(cat)[1]


def test_not_plain_goes_through_the_styler(monkeypatch):
    df = pd.DataFrame({"a": ["x"], 2025: [1.0]})           # a header that is not text: the Styler writes it
    assert both(df)[0] == both(df)[1]
    with pd.option_context("styler.render.max_rows", 1):    # a pandas option the direct HTML does not follow
        df = pd.DataFrame({"a": ["x", "y"], "n": [1, 2]})
        assert both(df)[0] == both(df)[1]


def test_a_plain_table_does_not_run_the_styler(monkeypatch):
    """The Styler rendered each table once per language (a fifth of the kernels' presenting): not any more."""
    def no_styler(self):
        raise AssertionError("Styler used")

    monkeypatch.setattr(pd.DataFrame, "style", property(no_styler))
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: None)
    present.setup("zh+en")
    try:
        present.table(pd.DataFrame({"window_id": ["PW01"], "verdict": ["fail"], "rate": [0.5]}), "t",
                      "annual.table.ranking")
    finally:
        present.setup("zh")


texts = st.one_of(st.none(), st.just(np.nan), st.just(FAIL), st.text(alphabet="ab<>&'\"未达标 \u2028", max_size=6),
                  st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**12, 10**12), st.booleans())


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(texts, texts, st.floats(allow_nan=True, allow_infinity=False, width=32),
                               st.one_of(st.none(), st.integers(0, 10**6))), min_size=1, max_size=12))
def test_any_frame(rows):
    df = pd.DataFrame(rows, columns=["verdict", "name", "rate", "n"])
    new, old = both(df)
    assert new == old
