"""A console table's heads (the scorecard's grid: a window id per column, 200 of them at 10 M work orders) are masked
in one call, each as :func:`windoweval.privacy.mask_message` masks it alone (drill39: 215 calls of ``mask_text``,
each a Series and a candidate scan, for one grid)."""
from __future__ import annotations

import contextlib
import io

import pandas as pd

from windoweval import console, privacy

HEADS = ["PW0001", "13812345678", "城东营业厅 张先生", "/home/张三/工单.csv", "PW01\u202eRED", "0571-8111-0008", "",
         "王女士 来电", "E12345678", "measure", "柜员小王:", "ＰＷ０１ １３８１２３４５６７８"]


def test_each_head_as_mask_message_gives_it():
    assert privacy.mask_messages(HEADS) == [privacy.mask_message(h) for h in HEADS]
    assert privacy.mask_messages(HEADS, terminal=True) == [privacy.mask_message(h, terminal=True) for h in HEADS]
    assert privacy.mask_messages([]) == []


def test_a_grid_masks_its_heads_in_one_call(monkeypatch):
    calls = []
    real = privacy.mask_text

    def counting(series, *a, **k):
        calls.append(len(series))
        return real(series, *a, **k)

    monkeypatch.setattr(privacy, "mask_text", counting)
    grid = pd.DataFrame({"measure": ["m1", "m2"]} | {f"PW{i:04d}": ["98.5", "70.0✗"] for i in range(200)}
                        | {"13912345678": ["1", "2"]})
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        console.print_table(grid)
    text = out.getvalue()
    assert "13912345678" not in text and "[手机号]" in text and "PW0199" in text
    assert calls.count(202) == 1 and sum(1 for n in calls if n == 1) == 0
