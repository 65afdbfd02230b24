"""Differential test of the forbidden phrases (标准2 附件2 服务禁忌用语, 标准5 六4 不当用语) against the independent
reading of tests/diff40_reference.py: each transcript's verdict (no phrase: met; a phrase as quoted: missed; a
fragment the clause lists as undecidable alone: to review, not assessed) through ``windoweval.score``'s drill-down.

Seeded with each quoted phrase with its own marks, with other marks or none, with 您 for 你; each in the customer's
turn only; the polite contexts (我不知道您是否了解, 别急, 不是不可能的); 不可能的 closing a sentence and inside a longer
one (不可能的事情); the review fragments alone (不是告诉你了吗, 我要下班了); XX filled (到财务部门去); clean turns."""
from __future__ import annotations

import functools
import random
from collections import Counter
from datetime import datetime, timedelta

import pandas as pd
import pytest

import diff40_reference as ref
from test_diff40_phrases import _rows, compared, engine_verdicts
from test_diff40_reference import measures

YEAR = 2025
WINDOWS = (("PW01", "城东营业厅", "power_hall"), ("SH01", "政务服务大厅", "service_hall"))
FORBIDDEN = measures("phrases_forbidden")
SAID = ["急什么!", "你烦不烦!", "您烦不烦?", "不可能的。", "这不可能的!", "你不要再讲了。", "您不要再讲了", "不要啰唆。",
        "不要啰嗦!", "这事情不属于我们管。", "不是告诉你了吗,怎么还问!", "不是告诉您了吗怎么还问", "我不知道。", "我不清楚。",
        "投诉是你的权利。", "你去投诉好了!", "我这里是没办法为你判定的,你可以到财务部门去。", "我不知道,你去问别人。",
        "有牌子、自己看。", "快点我要下班了!", "已经告诉你一遍了,还不懂?", "没看我正忙着吗!",
        # polite or not the phrase
        "我不知道您是否了解这项政策。", "别急,慢慢说。", "不着急,我帮您查。", "不是不可能的。", "这是不可能的事情吗?我帮您问问。",
        "我不清楚您是否带了身份证。", "您好,请稍等。", "请您检查好随身物品,请慢走。", "谢谢您提出的宝贵建议。",
        # fragments alone: to review
        "不是告诉你了吗?", "我要下班了,明天再来吧。", "已经告诉你一遍了。", "有牌子。"]


def transcripts(rng, n=300):
    rows = []
    for i in range(n):
        s, c, colon = rng.choice(ref.STAFF), rng.choice(ref.CUSTOMER), rng.choice([":", "："])
        lines = [f"{s}{colon}您好,请问办理什么业务?"]
        for _ in range(rng.choice([1, 1, 2])):
            who = s if rng.random() < 0.8 else c
            lines += [f"{c}{colon}交电费。", f"{who}{colon}{rng.choice(SAID)}"]
        lines.append(f"{s}{colon}请慢走。")
        at = rng.choice([datetime(YEAR, 12, 31, 23, 59, 59), datetime(YEAR + 1, 1, 1), datetime(YEAR, 6, 3, 10)])
        rows.append({"transcript_id": f"F{i:04d}", "window_id": rng.choice(["PW01", "SH01"]), "channel": "counter",
                     "recorded_at": at, "text": "\n".join(lines)})
    return pd.DataFrame(rows)


def reference(frame) -> dict:
    out = {}
    for m, (p, _, _) in FORBIDDEN.items():
        for r in _rows(frame):
            v = ref.phrases_forbidden(r, p["phrases"], YEAR)
            if v != ref.OUT:
                out[(m, r["transcript_id"])] = v
    return out


@functools.lru_cache(maxsize=None)
def engine(seed: int = 40) -> tuple:
    frame = transcripts(random.Random(seed))
    return frame, engine_verdicts(frame, FORBIDDEN, WINDOWS)


def disagreements(seed: int = 40) -> list:
    frame, got = engine(seed)
    return compared(frame, got, reference(frame))


def test_every_transcript_as_the_reference_reads_it():
    bad = disagreements()
    assert not bad, f"{len(bad)} disagreements, the first: " + "\n".join(map(str, bad[:12]))


def test_the_seeds_reach_every_verdict():
    frame, _ = engine()
    seen = Counter((m, v) for (m, _), v in reference(frame).items())
    assert all(seen[(m, v)] for m in FORBIDDEN for v in (ref.PASS, ref.FAIL, ref.NOT_ASSESSED)), seen
    assert len(FORBIDDEN) == 2


_FLIPS = {
    # a polite context read as the phrase (我不知道您是否了解 a violation)
    "polite": ("phrases_forbidden", lambda f: lambda r, phrases, y: f(
        r, [{k: v for k, v in p.items() if k != "polite"} if isinstance(p, dict) else p for p in phrases], y)),
    # 不可能的 matched inside a longer sentence (不可能的事情)
    "ends": ("phrases_forbidden", lambda f: lambda r, phrases, y: f(
        r, [{k: v for k, v in p.items() if k != "ends"} if isinstance(p, dict) else p for p in phrases], y)),
    # the customer's words read as the staff's
    "speaker": ("STAFF", ref.STAFF + ref.CUSTOMER),
}


@pytest.mark.parametrize("flip", sorted(_FLIPS))
def test_a_flipped_boundary_in_the_reference_is_caught(monkeypatch, flip):
    name, new = _FLIPS[flip]
    monkeypatch.setattr(ref, name, new(getattr(ref, name)) if callable(new) else new)
    assert disagreements(), flip
