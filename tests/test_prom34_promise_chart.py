"""prom34: the promise page's chart never draws a 100 % bar for a promise the records could not judge.

The page (read by the public) drew each promise's ``rate`` as a bar: a repair promise kept in the 2 occurrences whose
arrival was recorded, with a third closed without it, has rate 1.0 and verdict insufficient; the table beside the
chart said 证据不足, the chart a full bar reaching the 100 % line.  The chart is now the package's
(:func:`windoweval.present.promise_bars`, the notebook calls it): a bar only for a promise judged (pass or fail), the
verdict written for the rest (insufficient evidence, not yet due, no data), in its colour.
"""
import json

import pandas as pd

from windoweval import paths, present

PER = pd.DataFrame({"promise_id": ["a", "b", "c", "d"],
                    "public_zh": ["交费5分钟", "抢修45分钟", "投诉5天答复", "按时抄表"],
                    "en": ["Payments", "Repairs", "Complaints", "Meters"],
                    "rate": [0.98, 1.0, float("nan"), float("nan")],
                    "verdict": ["fail", "insufficient", "open", "no_data"]})


def test_an_insufficient_promise_has_no_bar_and_says_why():
    present.setup("zh")
    fig = present.promise_bars(PER)
    bars, said = fig.data
    drawn = dict(zip(bars.y, bars.x))
    assert drawn["交费5分钟"] == 0.98
    assert all(pd.isna(drawn[k]) for k in ("抢修45分钟", "投诉5天答复", "按时抄表")), drawn   # never a 100 % bar
    assert dict(zip(said.y, said.text)) == {"抢修45分钟": "证据不足", "投诉5天答复": "未结(未到期)", "按时抄表": "无数据"}
    assert list(said.textfont.color) == [present.COLORS["insufficient"], present.COLORS["open"],
                                         present.COLORS["no_data"]]
    present.setup("en")
    try:
        said = present.promise_bars(PER).data[1]
        assert dict(zip(said.y, said.text))["Repairs"] == "insufficient evidence"
    finally:
        present.setup("zh")


def test_nothing_judged_still_draws_an_axis():
    fig = present.promise_bars(PER.iloc[1:])
    assert tuple(fig.layout.xaxis.range) == (0.0, 1.005)


def test_the_promise_page_draws_with_the_package():
    nb = json.loads((paths.NOTEBOOKS_DIR / "promise_fulfilment.ipynb").read_text(encoding="utf-8"))
    code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "wp.promise_bars(per_promise)" in code and "px.bar" not in code
