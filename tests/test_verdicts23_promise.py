"""verdicts23: 第五条(二) 供电服务承诺兑现率100% counts the 95598 promise (第十条(二)6 铃响4声(12秒)内接听).

第十一条(六) promises 服务质量、服务标准、服务时限 to society; 第十条(二)6 is one of the 服务时限, so the promise rate of
第五条(二) holds its occurrences (one per 95598 call).  The catalog had no 5.2 measure of calls (session 22: the
call centre's promise was scored by 10.2.6 and reported by windoweval.promises alone), so the scorecard's 5.2 rows
left out every 95598 call while the register's rate counted them.  power_window.5.2#calls_95598 (a new id; no id
changed) carries them, charged to the call centre's windows."""
from __future__ import annotations

from windoweval import promises as P
from windoweval.catalog import load_catalog
from windoweval.demo import DEMO_YEAR
from windoweval.scoring import score


def test_clause_5_2_counts_the_95598_promise_at_the_call_centre(ws):
    """Fails on the code before: no 5.2 measure reads calls_95598 (the call centre has no 5.2 row)."""
    ms = {m["measure"]: m for m in load_catalog().measures("power_window") if m["clause_id"] == "power_window.5.2"}
    assert "power_window.5.2#calls_95598" in ms
    assert ms["power_window.5.2#calls_95598"]["window_kinds"] == ["call_centre"]
    assert {m["records"] for m in ms.values()} >= {"calls_95598"}
    card = score("power_window", year=DEMO_YEAR, workspace=ws, catalog=P._sub_catalog(set(ms)))
    res = card.results
    centre = ws.windows.loc[ws.windows["kind"] == "call_centre", "window_id"].tolist()
    assert centre
    rows = res[res["measure"] == "power_window.5.2#calls_95598"].set_index("window_id")
    occ = P.occurrences(DEMO_YEAR, workspace=ws, standard="power_window")
    f = P.fulfilment(by=["window_id"], occ=occ[occ["promise_id"] == "pw_95598_12s"]).set_index("window_id")
    assert rows.loc[centre, "n"].tolist() == f.loc[centre, "occurrences"].tolist()
    assert rows.loc[centre, "met"].tolist() == f.loc[centre, "met"].tolist()
    # the same calls, judged as 10.2.6 judges them
    plain = score("power_window", year=DEMO_YEAR, workspace=ws,
                  catalog=P._sub_catalog({"power_window.10.2.6"})).results.set_index("window_id")
    assert rows.loc[centre, ["n", "met"]].values.tolist() == plain.loc[centre, ["n", "met"]].values.tolist()
