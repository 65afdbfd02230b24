"""Personal data in the keys of the kept JSON (hostile42).

Failing on the code before: :func:`windoweval.privacy.mask_json` masked every string *value* and no dict *key*; but the
survey section keeps the respondents of windows the workspace does not know as ``{window id: count}``
(``meta["unknown_windows"]``), keyed by what the firm's delivery held in its window column: a phone number typed
there reached ``kept/survey/meta.json`` as written.  Now every key is masked as a value is, and two keys masked alike
both stay (numbered), so no count is dropped.
"""
from __future__ import annotations

import json

import pandas as pd

from windoweval import sections
from windoweval.privacy import mask_json

PHONES = ["13812345678", "139-1234-5678", "＋86 137 1234 5678", "110101199003071234", "客户张三来电"]


def test_a_window_id_keyed_meta_is_kept_masked(tmp_path):
    unknown = {p: i + 1 for i, p in enumerate(PHONES)} | {"PW99": 7}
    s = sections.Section("survey", {"t": pd.DataFrame({"n": [1]})}, {"unknown_windows": unknown})
    d = sections.keep({"survey": s}, tmp_path / "kept", sections.parameters_key(2025))
    text = (d / "survey" / "meta.json").read_text(encoding="utf-8")
    for p in ("13812345678", "1234-5678", "137 1234 5678", "110101199003071234", "张三"):
        assert p not in text, p
    kept = json.loads(text)["meta"]["unknown_windows"]
    assert kept["PW99"] == 7
    assert sorted(kept.values()) == sorted(unknown.values())        # every count kept, none dropped by a collision


def test_the_keys_of_a_figure_and_a_notebook_output_stay():
    import plotly.express as px

    fig = json.loads(px.bar(pd.DataFrame({"window_id": ["PW01"], "score": [1.0]}), x="window_id", y="score").to_json())
    assert mask_json(fig) == fig
    out = [{"output_type": "display_data", "metadata": {"windoweval": {"figure": "x"}},
            "data": {"text/plain": "客户：张三", "application/vnd.plotly.v1+json": fig}}]
    got = mask_json(out)
    assert got[0]["data"]["text/plain"] == "客户：某某"
    assert [list(o) for o in got] == [list(o) for o in out] and list(got[0]["data"]) == list(out[0]["data"])
