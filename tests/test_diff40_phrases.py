"""Differential test of the required phrases (标准2 附件1 首问语 “您好”, 结束语 “请您检查好随身物品”, “请慢走”; 标准5
四(二) 电话 “您好”, (三) “您好…” 或 “请您到XX窗口办理”, (五) “请慢走”、“再见” …) against the independent reading of
tests/diff40_reference.py: each transcript's verdict of each measure through ``windoweval.score``'s drill-down and
:meth:`Scorecard.missing_evidence`.

Seeded: the phrase in the staff's first turn, only in their second, only in a customer's turn, in the last staff turn
and one before it; 您好像 (you seem) where 您好 is looked for; the staff labels 员工/坐席/柜员/工作人员 and the customers'
客户/用户/患者 with half- and full-width colons; a dialogue whose staff say nothing; counter and phone; recordings on 31
December and 1 January."""
from __future__ import annotations

import functools
import random
import tempfile
from collections import Counter
from datetime import datetime, timedelta

import pandas as pd
import pytest

import windoweval as we

import diff40_reference as ref
from _workspace import workspace
from test_diff37_reference import _plain, validated
from test_diff40_reference import measures

YEAR = 2025
WINDOWS = (("PW01", "城东营业厅", "power_hall"), ("CC1", "95598一组", "call_centre"), ("SH01", "政务服务大厅", "service_hall"))
REQUIRED = {m: v for m, v in measures("phrases_required").items()}
OPENERS = ["您好!请问办理什么业务?", "您好,请讲。", "你好", "您好像没带身份证?", "请您到3号窗口办理。", "请稍等。", "嗯。"]
MIDDLE = ["请您检查好随身物品。", "好的,马上办。", "请您检查好随身物品,请慢走。", "这个需要您签字。"]
CLOSERS = ["请慢走。", "再见!", "好的。", "请补全手续再来办理。", "请慢走,再见。", "不客气。"]


def transcripts(rng, n=400):
    rows = []
    for i in range(n):
        s, c = rng.choice(ref.STAFF), rng.choice(ref.CUSTOMER)
        colon = rng.choice([":", "："])
        lines = []
        if rng.random() < 0.2:   # the customer speaks first, with a greeting of their own
            lines.append(f"{c}{colon}您好,我来交电费。")
        shape = rng.random()
        if shape < 0.05:         # the staff say nothing
            lines.append(f"{c}{colon}有人吗?")
        else:
            lines.append(f"{s}{colon}{rng.choice(OPENERS)}")
            if rng.random() < 0.3:   # the greeting only in the staff's second turn
                lines += [f"{c}{colon}交电费。", f"{s}{colon}您好,请出示户号。"]
            lines.append(f"{c}{colon}好的。")
            lines.append(f"{s}{colon}{rng.choice(MIDDLE)}")
            if rng.random() < 0.8:
                lines.append(f"{s}{colon}{rng.choice(CLOSERS)}")
            if rng.random() < 0.25:  # the customer has the last word; or the staff one more line after the closing
                lines.append(f"{c}{colon}谢谢,再见。" if rng.random() < 0.5 else f"{s}{colon}下一位。")
        at = rng.choice([datetime(YEAR, 12, 31, 23, 59, 59), datetime(YEAR + 1, 1, 1), datetime(YEAR, 1, 1),
                         datetime(YEAR, 10, 1, 9), datetime(YEAR, 5, 6, 16, 30)] + [None] * 0)
        rows.append({"transcript_id": f"T{i:04d}", "window_id": rng.choice(["PW01", "CC1", "SH01"]),
                     "channel": rng.choice(["counter", "phone"]), "recorded_at": at - timedelta(seconds=rng.choice([0, 1])),
                     "text": "\n".join(lines)})
    return pd.DataFrame(rows)


def _rows(df):
    return [{k: _plain(v) for k, v in r.items()} for r in df.astype(object).where(df.notna(), None).to_dict("records")]


def reference(frame) -> dict:
    out = {}
    for m, (p, where, _) in REQUIRED.items():
        for r in _rows(frame):
            v = ref.phrases_required(r, tuple(p["phrases"]), p["position"], where.get("channel"), YEAR)
            if v != ref.OUT:
                out[(m, r["transcript_id"])] = v
    return out


def engine_verdicts(frame, measured, windows) -> dict:
    """Each transcript's verdict of each measure of ``measured`` as ``windoweval.score`` gives it (drill-down and
    missing evidence), for the windows ``windows``: ``{(measure, transcript_id): verdict}`` (test_diff40_forbidden too)."""
    card = we.score(["etiquette", "window_staff"], YEAR, data=tempfile.mkdtemp(), workspace=workspace(windows),
                    records=validated({"transcripts": frame}))
    out = {}
    for m in measured:
        dd = card.drilldown(m, include_passed=True)
        lack = set(card.missing_evidence([m]).get("transcript_id", pd.Series(dtype=object)))
        for t, passed in zip(dd["transcript_id"], dd["passed"]):
            out[(m, t)] = (ref.PASS if passed else ref.FAIL) if not pd.isna(passed) else (
                ref.MISSING if t in lack else ref.NOT_ASSESSED)
        for t in lack - {tt for (mm, tt) in out if mm == m}:
            out[(m, t)] = ref.MISSING
    return out


def compared(frame, got: dict, want: dict) -> list:
    """The transcripts whose verdicts ``got`` (the engine's) and ``want`` (the reference's) differ, with their text."""
    text = dict(zip(frame["transcript_id"], frame["text"]))
    return [(k, "engine", got.get(k, ref.OUT), "reference", want.get(k, ref.OUT), text[k[1]])
            for k in sorted(set(want) | set(got)) if want.get(k, ref.OUT) != got.get(k, ref.OUT)]


@functools.lru_cache(maxsize=None)
def engine(seed: int = 40) -> tuple:
    frame = transcripts(random.Random(seed))
    return frame, engine_verdicts(frame, REQUIRED, WINDOWS)


def disagreements(seed: int = 40) -> list:
    frame, got = engine(seed)
    return compared(frame, got, reference(frame))


def test_every_transcript_as_the_reference_reads_it():
    bad = disagreements()
    assert not bad, f"{len(bad)} disagreements, the first: " + "\n".join(map(str, bad[:12]))


def test_the_seeds_reach_every_verdict():
    frame, _ = engine()
    seen = Counter((m, v) for (m, _), v in reference(frame).items())
    assert all(seen[(m, ref.PASS)] and seen[(m, ref.FAIL)] for m in REQUIRED), seen
    assert len(REQUIRED) == 6


_FLIPS = {
    # the greeting looked for in any staff turn, not the first
    "start": ("phrases_required", lambda f: lambda r, ph, pos, ch, y: f(r, ph, "any" if pos == "start" else pos, ch, y)),
    # 您好像 read as a greeting
    "word": ("_said", lambda f: lambda t, p: p in t),
    # the customer's words read as the staff's
    "speaker": ("STAFF", ref.STAFF + ref.CUSTOMER),
    # a recording of the year's last second read as the next year's
    "year": ("phrases_required", lambda f: lambda r, ph, pos, ch, y: f(
        {**r, "recorded_at": r["recorded_at"] + timedelta(seconds=1)}, ph, pos, ch, y)),
}


@pytest.mark.parametrize("flip", sorted(_FLIPS))
def test_a_flipped_boundary_in_the_reference_is_caught(monkeypatch, flip):
    name, new = _FLIPS[flip]
    monkeypatch.setattr(ref, name, new(getattr(ref, name)) if callable(new) else new)
    assert disagreements(), flip


@pytest.mark.parametrize("said, greeted", [("您好像没带身份证?", False), ("你好像走错窗口了。", False), ("祝您好运!", False),
                                           ("您好,像您这种情况要先预约。", True), ("您好!请问办什么业务?", True),
                                           ("您 好像 没带证件", False)])
def test_hello_that_begins_another_word_is_no_greeting(said, greeted):
    """首问语 “您好”: 您好像 (you seem), 祝您好运 (good luck) are no greeting; 您好，像… is (diff40: read as 您好)."""
    from windoweval.kernels.text import phrases_required

    df = pd.DataFrame({"text": [f"员工:{said}\n客户:好的。"]})
    assert phrases_required(df, ["您好"], position="start").tolist() == [greeted]
