"""Personal data in written forms the masking missed (third audit of issue 11): each form, masked in a message,
in a column (the pre-filtered path of 256 texts and more) and in the ``score`` command's missed-records Parquet."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from windoweval.privacy import _FOLD, mask_message, mask_text

#: (text, needle that must not survive): labels run on to the number, a name before a number or 的, more name labels,
#: the 0086 prefix, spaced dashes, ID numbers written in groups.
FORMS = [
    ("Tel13812345678", "13812345678"),
    ("phone13912345678", "13912345678"),
    ("MOBILE:13712345678 / mobile13712345679", "1371234567"),
    ("ID110101199003071234", "110101199003071234"),
    ("身份证 110101 19900307 123X", "19900307"),
    ("证件号110101 1990 0307 123X", "11010119900307"),
    ("旧证 330106 85 0612 203", "33010685"),
    ("0086 13812345678", "13812345678"),
    ("008613612345678", "13612345678"),
    ("手机 138 - 1234 - 5678", "13812345678"),
    ("客户张三丰13812345678反映停电", "张三丰"),
    ("客户李四光的电表走得快", "李四光"),
    ("户名：王小明", "王小明"),
    ("户名王大明", "王大明"),
    ("户主:赵小宝", "赵小宝"),
    ("业主：钱多多", "钱多多"),
    ("报修人：孙悟空", "孙悟空"),
    ("用户：周星星", "周星星"),
    ("代理人:吴用之", "吴用之"),
]

#: What must stay as written: order, account and window ids, times, amounts, service numbers.
#: (WO13812345678, letters run into a mobile's shape, is masked in text since leaks45: kept in an id column,
#: tests/test_leaks45_privacy.py)
KEPT = ["WO1381234567", "订单WO110101199003071234", "A0012", "PW01", "C13169",
        "2025-03-04 09:05:00", "金额1381.23元", "请拨95598", "12345", "客户服务态度好"]


def _norm(text: str) -> str:
    return re.sub(r"[\s\-()（）.+:：]", "", text.translate(_FOLD))


@pytest.mark.parametrize("text,needle", FORMS)
def test_each_form_is_masked_in_a_message(text, needle):
    assert needle not in _norm(mask_message(text)), mask_message(text)


def test_each_form_is_masked_in_a_column_as_in_a_message():
    texts = [t for t, _ in FORMS] * 30          # ≥ 256 texts: the pre-filtered path
    got = mask_text(pd.Series(texts, dtype="string")).tolist()
    for (text, needle), masked in zip(FORMS, got):
        assert needle not in _norm(masked), masked
        assert masked == mask_message(text)


@pytest.mark.parametrize("text", KEPT)
def test_ids_times_and_amounts_stay(text):
    assert mask_message(text) == text


def test_score_missed_records_parquet_carries_no_form(tmp_path):
    from windoweval.cli import main
    from windoweval.demo import generate

    data = generate(tmp_path / "data", year=2025)
    f = data / "inspections.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    df["note"] = [f"{v} {FORMS[i % len(FORMS)][0]}" for i, v in enumerate(df["note"])]
    df.to_csv(f, index=False)
    assert main(["score", "--standard", "power_window", "--year", "2025", "--data", str(data),
                 "--out", str(tmp_path / "out")]) == 0
    texts = {p.name: (pd.read_parquet(p).astype(str).to_csv() if p.suffix == ".parquet"
                      else p.read_text(encoding="utf-8-sig")) for p in (tmp_path / "out").iterdir()}
    assert any("inspection" in t or "检查" in t for t in texts.values())
    for name, t in texts.items():
        n = _norm(t)
        leaked = [needle for _, needle in FORMS if needle in n]
        assert not leaked, (name, leaked)
