"""leftovers49: 第六条(一)3 当客户用电功率达不到《供电营业规则》规定要求时,其受电端的电压偏差不受上述限制.

power_window.yaml's notes said a reading or a monitor's row with ``power_factor_ok`` false is "exempt", while the
encoding (``power_factor_ok: {ne: false}`` in each voltage measure's ``where``) puts it outside the population: never
in ``card.exempted()`` (a record in the population its clause excuses), counted in ``card.unscored`` under
power_factor_ok False.  不受上述限制 says the limits do not bind such a supply at all: no verdict, the encoding's
reading; the notes now say the same as the unscored table.
"""
import pandas as pd

from test_verdicts48b import _empty
import windoweval
import yaml
from pathlib import Path
from windoweval.records import contracts, validate
from windoweval.records.workspace import Workspace
from windoweval.scoring import score


def _doc():
    return yaml.safe_load((Path(windoweval.__file__).parent / "standards" / "power_window.yaml").read_text(encoding="utf-8"))


def test_the_notes_say_outside_the_population_and_the_unscored_table_never_exempt():
    ms = [m for c in _doc()["clauses"] for m in (c.get("measures") or []) if "power_factor_ok" in (m.get("where") or {})]
    assert len(ms) == 8
    for m in ms:
        note = m.get("note") or ""
        assert "unscored table under power_factor_ok False" in note, m["id"]   # before: "… is exempt"
        assert "false is exempt" not in note and "false are exempt" not in note, m["id"]
    c613 = next(c for c in _doc()["clauses"] if c["id"] == "power_window.6.1.3")
    assert "never exempt" in c613["note"] and "unscored table" in c613["note"] and "An exemption" not in c613["note"]


def test_a_row_with_power_factor_false_is_unscored_not_exempted():
    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"}]})
    ex = contracts()["voltage_statistics"].example
    vs = pd.DataFrame([{**ex, "point_id": "V1", "over_min": 30, "power_factor_ok": False},
                       {**ex, "point_id": "V2", "over_min": 0, "power_factor_ok": True}])
    card = score("power_window", 2025, workspace=ws, records={
        **_empty(), "voltage_statistics": validate(vs.astype(object), "voltage_statistics", file="v.csv")})
    u = card.unscored[card.unscored["record_kind"] == "voltage_statistics"]
    assert u[["reason", "column", "value", "records"]].values.tolist() == [["value", "power_factor_ok", "False", 1]]
    ex_rows = card.exempted()
    assert not len(ex_rows) or "V1" not in set(ex_rows.get("point_id", pd.Series(dtype=str)).astype(str))
