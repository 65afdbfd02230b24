"""Masking a few texts without pandas' column machinery, and many texts without pandas' per-pattern replace: the
same results as before (dtype, index, name, missing values, full-width forms), at a fraction of the cost."""
import random

import numpy as np
import pandas as pd
import pytest
from pandas.core.strings.accessor import StringMethods
from pandas.testing import assert_series_equal

from windoweval import privacy
from windoweval.privacy import _PREFILTER_FROM, _mask_all, mask_frame, mask_text

PIECES = ["张三", "李女士", "13912345678", "０５７１－８８８８６６６６", "路12号楼3单元", "客户:王五", "PW01", "达标",
          "邮箱 a.b@example.com", "身份证 110101199003074578", "=1+1", "王师傅", "95598", "１３９１２３４５６７８",
          "户号 1234567890", "向师傅态度很好", "abc", "  "]


def _texts(rng, k):
    out = []
    for _ in range(k):
        r = rng.random()
        out.append(None if r < 0.08 else np.nan if r < 0.12 else pd.NA if r < 0.15 else
                   "".join(rng.choice(PIECES) + rng.choice(["", ",", " ", "。"]) for _ in range(rng.randint(1, 4))))
    return out


def _by_rules(s: pd.Series, profile: str) -> pd.Series:
    """What the rules give, text by text (the reference: each pattern through Python's ``re``, as pandas does)."""
    out = pd.Series(s, copy=True).astype("string")
    rules = [(privacy._compiled(p), r) for _n, p, r in privacy._rules(profile)]
    done = [t if not isinstance(t, str) else privacy._mask_one(t, rules) for t in out.tolist()]
    return pd.Series(pd.array(done, dtype=out.dtype), index=out.index, name=out.name)


@pytest.mark.parametrize("profile", ["records", "survey"])
@pytest.mark.parametrize("dtype", [object, "string"])
def test_few_texts_as_the_rules_give_them(profile, dtype):
    rng = random.Random(7)
    for k in (0, 1, 3, 40, _PREFILTER_FROM - 1):
        s = pd.Series(_texts(rng, k), dtype=dtype, name="note", index=pd.RangeIndex(10, 10 + k))
        got = mask_text(s, profile=profile)
        assert_series_equal(got, _by_rules(s, profile), check_exact=True)
        assert got.dtype == pd.Series(s).astype("string").dtype


def test_few_values_that_are_not_text_written_as_astype_writes_them():
    s = pd.Series([3, "张三 13912345678", None, 1.5, True])
    assert_series_equal(mask_text(s), _by_rules(s, "records"), check_exact=True)
    assert mask_text(s).tolist()[::2] == ["3", pd.NA, "True"]
    assert mask_text(["请拨95598", None]).tolist() == ["请拨95598", pd.NA]       # a list, not a Series
    long = "张三 " + "x" * privacy.MAX_TEXT
    assert privacy.CUT_MARK in mask_text(pd.Series([long])).iloc[0][-60:]       # cut, as before
    cats = pd.Series(["客户:王五", None], dtype="category")
    assert mask_text(cats).tolist() == ["客户:某某", pd.NA]


def test_a_few_texts_do_not_go_through_pandas_string_methods(monkeypatch):
    """Before: ``astype("string")``, ``str.len`` and a Series of flags for every call (~8 ms for ten texts; a report
    masks a few texts some 400 times in the command and its kernels)."""
    def refuse(*a, **k):
        raise AssertionError("pandas' string methods for a few texts")

    monkeypatch.setattr(StringMethods, "__init__", refuse)
    assert mask_text(pd.Series(["客户:王五", None, "PW01"], name="x")).tolist() == ["客户:某某", pd.NA, "PW01"]
    df = pd.DataFrame({"id": ["C1", "C2"], "note": ["张先生 13812345678", None], "n": [1, 2]})
    assert mask_frame(df)["note"].tolist() == ["某先生 [手机号]", pd.NA]


@pytest.mark.parametrize("profile", ["records", "survey"])
def test_many_texts_each_rule_once_per_text_not_per_pattern_in_pandas(profile, monkeypatch):
    """Before: ``str.replace`` once a pattern (~30), pandas parsing each pattern again on every call (~40 ms)."""
    rng = random.Random(11)
    s = pd.Series(_texts(rng, 600), dtype="string", index=pd.RangeIndex(5, 605), name="t")
    want = _by_rules(s, profile)
    whole = mask_text(s, profile=profile)                   # the column path: candidates first, then the rules
    assert_series_equal(whole, want, check_exact=True)

    def refuse(*a, **k):
        raise AssertionError("pandas' str.replace per pattern")

    monkeypatch.setattr(StringMethods, "replace", refuse)
    assert_series_equal(_mask_all(s, profile), want, check_exact=True)
