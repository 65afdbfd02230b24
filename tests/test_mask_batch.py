"""The missed records' masking made cheaper (issue 14), never weaker: the pre-filter scan by RE2 directly finds
what ``str.contains`` found, and the text of several frames masked at once is what masking each frame column by
column gives (:func:`windoweval.privacy.mask_frame`)."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from windoweval.exports import _masked_by_value, _masked_frames, prepare_missed
from windoweval.privacy import candidate_pattern, candidates, mask_frame

from test_privacy_prefilter import PIECES, texts


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(texts, st.none()), min_size=1, max_size=40), st.sampled_from(["records", "survey"]))
def test_candidates_by_re2_are_those_of_str_contains(values, profile):
    for dtype in ("string[pyarrow]", "str", "string[python]", object):
        s = pd.Series(values, dtype=dtype)
        want = pd.Series(values, dtype="string[python]").str.contains(candidate_pattern(profile), regex=True)
        assert candidates(s, profile).tolist() == want.fillna(False).astype(bool).tolist(), dtype


def _frame(rng_values, n: int) -> pd.DataFrame:
    vals = [rng_values[i % len(rng_values)] for i in range(n)]
    return pd.DataFrame({"order_id": [f"WO{i}" for i in range(n)],          # many distinct values
                         "note": pd.array(vals, dtype="string"),             # text that names people
                         "measure": "power_window.10.2.5",                     # few distinct values
                         "message": pd.array(["超过 45 分钟 / over 45 min", "客户：张三 13812345678"] * (n // 2)
                                             + ["x"] * (n % 2), dtype="str"),
                         "mixed": pd.Series([1, "王先生", None, 2.5] * (n // 4) + [None] * (n % 4), dtype=object),
                         "n": range(n)})


@pytest.mark.parametrize("n", [3, 300, 5000])
def test_frames_masked_at_once_are_each_masked_column_by_column(n):
    frames = [_frame(PIECES + ["张先生 13812345678", "０１０ 6111 0007", None], n),
              _frame(["客户：李四", "a.b@example.com"], n + 7).drop(columns="mixed"),
              pd.DataFrame({"only": pd.Series([None] * n, dtype=object)})]
    together = _masked_frames(frames)
    for f, got in zip(frames, together):
        want = mask_frame(f)
        assert list(got.columns) == list(want.columns)
        for c in f.columns:   # the values mask_frame gives, column by column
            assert got[c].astype(object).where(got[c].notna(), None).tolist() == \
                want[c].astype(object).where(want[c].notna(), None).tolist(), c
        pd.testing.assert_frame_equal(got, _masked_by_value(f))
    again = prepare_missed([f.assign(text="x") for f in frames])           # the batch the engine gives
    for a, b in zip(again, together):
        pd.testing.assert_frame_equal(a, b)
    assert "13812345678" not in "".join(map(str, together[0]["message"].tolist()))


def test_masked_few_survives_the_memo_being_full(monkeypatch):
    """The memo of few-valued texts is cleared when full: a text seen before must still be masked in the same call
    (before: the clear dropped it between the look-up and the answer, a KeyError, a traceback in ``score``)."""
    import numpy as np

    from windoweval import exports
    from windoweval.privacy import mask_text

    memo = {str(i): str(i) for i in range(100_001)}
    memo["王先生"] = "某先生"
    monkeypatch.setattr(exports, "_FEW_MASKED", memo)
    got = exports._masked_few(np.array(["王先生", "李女士", "王先生"], dtype=object), mask_text)
    assert got == ["某先生", "某女士", "某先生"]
    assert len(exports._FEW_MASKED) <= 100_001
