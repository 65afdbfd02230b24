"""Session 35 (csv35): a long dialogue column's known labels (``speakers.known_label_rows``, a regular expression
over every dialogue) looked for in two halves on the two validation threads (``validate._halves``), where one thread
ran it with the other idle (the demo x100's 300,000 transcripts: the speaker checks 0.083 s -> 0.051 s).  The same
problems, rows and labels."""
from __future__ import annotations

import importlib
import threading

import numpy as np
import pandas as pd
import pytest

S = importlib.import_module("windoweval.records.speakers")
V = importlib.import_module("windoweval.records.validate")

TEXTS = ["A:你好 B:您好", "员工：您好", "您好。温馨提示：带好证件", "通知：停电", None, "", "甲：你好 乙：办什么",
         "客户：快点 柜台A：急什么！", "客户：你好 1001：您好", "A:只有一轮", "张三：你好 李四：您好", "时间：明天 地址：人民路",
         "10:01 A:你好 10:02 B:您好", "【坐席】您好 B:请讲", "客服1001：您好 C：嗯", "您好!对不起,请您稍等。", "1001：您好 1002：好"]


def _texts(n: int, seed: int = 35) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series([TEXTS[i] for i in rng.integers(0, len(TEXTS), n)], index=np.arange(n) * 2 + 5, dtype="string")


def test_known_labels_on_two_threads(monkeypatch):
    """A long column's known labels are looked for on a validation thread too.  Fails before: the caller's alone."""
    seen = []
    real = S.known_label_rows
    monkeypatch.setattr(S, "known_label_rows", lambda s: seen.append((threading.current_thread().name, len(s)))
                        or real(s))
    monkeypatch.setattr(V, "PARALLEL_ROWS", 10)
    s = _texts(101)
    V._speaker_problems(s, "text", "transcripts", V.FileLabels.of("t.csv", len(s)), np.arange(2, len(s) + 2))
    assert sorted(n for _t, n in seen) == [50, 51]
    assert any(t.startswith(V._WORKER) for t, _n in seen) and any(not t.startswith(V._WORKER) for t, _n in seen)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 57, 400])
def test_halves_as_whole(monkeypatch, n):
    """The rows' answers in order, as over the whole column (any length, an index not from 0)."""
    monkeypatch.setattr(V, "PARALLEL_ROWS", 1)
    s = _texts(n, seed=n)
    got = V._halves(S.known_label_rows, s)
    assert got.dtype == bool and got.tolist() == S.known_label_rows(s).tolist()


def test_same_problems_on_two_threads_or_one(monkeypatch):
    """Dialogues no label of which is known, and known labels mixed with an unknown one: the same problems (rows,
    labels, messages) found on two threads as on one."""
    s = _texts(300, seed=7)
    rows, files = np.arange(2, len(s) + 2), V.FileLabels.of("t.csv", len(s))
    monkeypatch.setattr(V, "PARALLEL_ROWS", 10 ** 9)
    one = V.Problems.concat(V._speaker_problems(s, "text", "transcripts", files, rows))
    monkeypatch.setattr(V, "PARALLEL_ROWS", 1)
    two = V.Problems.concat(V._speaker_problems(s, "text", "transcripts", files, rows))
    assert len(one) > 10
    pd.testing.assert_frame_equal(one, two)
