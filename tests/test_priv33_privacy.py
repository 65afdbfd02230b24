"""priv33: names the last session left shown in real-looking text.

1. A name given after the surname said first (本人姓王名小明, 我姓王，名叫小明, 我姓王叫小明): the given name is masked, the
   姓/名/叫 words kept; the surname said alone stays as written (我姓王: session 31's rule, a surname alone names nobody).
2. Unpunctuated speech-to-text (我是王小明我想问一下, 我叫李四我的电话是): a name ends where the speaker says 我 again,
   and a given name holds no pronoun (我叫李四我的电话是 had become 我叫某某的电话是, its 我 masked with the name);
   ordinary words stay (我是来办事的, 我是想问一下, 我是本地人我想问).
3. A name and a title asked to call back (请王经理回电) is written as a name before a title is everywhere (王先生 ->
   某先生, 王师傅 -> 某师傅): 请某经理回电, the title kept (it had become 请某某回电)."""
from __future__ import annotations

import pathlib

import pandas as pd
import pytest

from windoweval.privacy import mask_message, mask_text

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _masked(text: str, profile: str = "records") -> str:
    column = mask_text(pd.Series([text, text], dtype="string"), profile=profile).tolist()
    assert column[0] == column[1]
    return column[0]


#: (text, as masked): 1. the given name after the surname said first; 2. a name in unpunctuated speech; 3. a name and
#: a title asked to call back
MASKED = [
    ("本人姓王名小明", "本人姓王名某某"), ("我姓王，名小明", "我姓王，名某某"), ("我姓王，名叫小明", "我姓王，名叫某某"),
    ("我姓王叫小明", "我姓王叫某某"), ("我姓王，叫小明，想问电费", "我姓王，叫某某，想问电费"),
    ("客户：我姓欧阳，名娜娜", "客户：我姓欧阳，名某某"), ("本人姓王名小明来电反映停电", "本人姓王名某某来电反映停电"),
    ("我姓王，叫王小明", "我姓王，叫某某"), ("我叫王小明", "我叫某某"),     # as before (session 31)
    ("我是王小明我想问一下", "我是某某我想问一下"), ("我叫李四我的电话是", "我叫某某我的电话是"),
    ("客户：我是张三我家停电了", "客户：我是某某我家停电了"), ("客户：我叫王芳我想问电费", "客户：我叫某某我想问电费"),
    ("喂你好我是李明我这边停电了", "喂你好我是某某我这边停电了"), ("本人张三我要投诉", "本人某某我要投诉"),
    ("请王经理回电", "请某经理回电"), ("请王经理尽快回电", "请某经理尽快回电"), ("客户：请李医生回电", "客户：请某医生回电"),
    ("请王师傅回电", "请某师傅回电"), ("请张女士回电", "请某女士回电"), ("请王主任尽快回复", "请某主任尽快回复"),
    ("请王小明经理回电", "请某经理回电"), ("请张三回电", "请某某回电"),    # no title: the name as before
]
#: Texts left as written: no given name after the surname; ordinary words before 我; a title alone asked to call back
KEPT = ["我姓王", "我姓王，叫我小王就行", "本人姓名：", "他姓什么", "我姓王，名下没有房产", "我姓王，叫人来修一下",
        "我是来办事的", "我是想问一下", "我是本地人我想问", "我是和我爱人一起来的", "我是向我们经理反映过", "我叫我儿子来办",
        "我是说我家的电表", "我是江西我想问", "我是车主我想问", "我是周末我想来办",
        "请经理回电", "请主任尽快回复", "请师傅回电", "请马上联系客户"]


@pytest.mark.parametrize("text,expected", MASKED + [(t, t) for t in KEPT])
def test_masked_as_said(text, expected):
    assert _masked(text) == expected
    assert mask_message(text) == expected


def test_the_five_standards_text_is_left_as_written():
    files = sorted((ROOT.parent / "shared" / "standards").glob("*.txt"))
    if not files:
        pytest.skip("the shared standards are not beside the project")
    lines = pd.Series([line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()],
                      dtype="string")
    for profile in ("records", "survey"):
        assert mask_text(lines, profile=profile).tolist() == lines.tolist()


@pytest.mark.parametrize("text", ["客户张三我已联系", "客户张三他说电费高", "请张三你回电"])
def test_a_name_before_a_pronoun_after_a_label_stays_masked(text):
    # the pronoun ends only a name a speaker gives (我叫…, 我是…): a label's name before one is masked as before
    assert "张三" not in _masked(text)
