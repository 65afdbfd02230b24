"""The planted run (tests/_planted.py) covers survey deliveries and bidi controls (eighth privacy audit).

A survey delivery of the power halls, every comment carrying a payload, a personal-data form and a bidi control,
its file name a phone number and a name, is checked and imported into the data's survey store, so the report's
survey page is the store's survey; every planted text of the records and the workspace carries a bidi override or
isolate too.  No bidi control reaches any output (pages, their plotly JSON, XLSX, CSV, JSON in the build folder,
what every command printed); the personal data is checked by tests/test_planted_pii.py over the same outputs.
"""
from __future__ import annotations

import pytest

from _planted import BIDI, planted


@pytest.fixture(scope="module")
def built():
    p = planted()
    assert p.code == 0, p.stdout[-3000:] + p.stderr[-3000:]
    return p


def test_the_survey_was_planted_imported_and_shown(built):
    assert built.planted_survey > 100 and built.planted_bidi > 1000
    said = {k: v for k, v in built.outputs.items() if k.startswith("survey import")}
    assert said and all("(exit 0)" in k for k in said), said
    text = (built.report / "satisfaction_survey.html").read_text(encoding="utf-8")
    assert "缺少证据:数据仓中没有" not in text and "holds no 2025 responses" not in text   # the store's survey shown
    printed = "".join(t for k, t in built.outputs.items() if k.startswith("survey "))
    assert "13812345678" not in printed and "张三" not in printed      # the delivery's file name, masked


def test_no_bidi_control_reaches_any_output(built):
    leaks = {name: sorted({f"U+{ord(c):04X}" for c in text if c in BIDI})
             for name, text in built.outputs.items() if not name.endswith(".pdf")}
    leaks = {k: v for k, v in leaks.items() if v}
    assert not leaks, leaks
    kinds = {n.rsplit(".", 1)[-1] for n in built.outputs if "." in n}
    assert {"html", "xlsx", "csv", "json"} <= kinds, kinds
