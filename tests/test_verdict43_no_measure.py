"""verdict43: the records of a window no measure reads them for are said ``no_measure`` in a mixed workspace too, and
by the catalog that scores them (a user's own, adding or dropping a measure), not by the bundled one."""
from __future__ import annotations

import copy
import io
from contextlib import redirect_stderr, redirect_stdout

import windoweval as we
from windoweval.catalog import Catalog, load_catalog
from windoweval.cli import main

ROWS = ("ticket_id,window_id,business_type,ticket_at,called_at,started_at,ended_at\n"
        "B1,SH01,general_affairs,2025-03-03 09:00,2025-03-03 09:05,2025-03-03 09:06,2025-03-03 09:20\n"
        "B2,SH01,general_affairs,2025-03-04 09:00,2025-03-04 09:05,2025-03-04 09:06,2025-03-04 09:20\n"
        "P1,PW01,general_affairs,2025-03-04 09:00,2025-03-04 09:05,2025-03-04 09:06,2025-03-04 09:20\n")
SH = '[[windows]]\nid = "SH01"\nname = "政务服务大厅"\nkind = "service_hall"\n'
PW = '[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'


def _data(d, *windows):
    (d / "windoweval.toml").write_text('name = "x"\n' + "".join(windows), encoding="utf-8")
    (d / "counter_transactions.csv").write_text(ROWS, encoding="utf-8")
    return d


def _ct(card, wid):
    u = card.unscored
    return u[(u["record_kind"] == "counter_transactions") & (u["value"] == wid)][["reason", "records"]].values.tolist()


def _catalog(edit) -> Catalog:
    """The bundled catalog with each counter_transactions measure passed through ``edit`` (None: dropped)."""
    cat = load_catalog()
    clauses = {}
    for cid, c in cat.clauses.items():
        ms = []
        for m in c.get("measures") or []:
            if m.get("records") == "counter_transactions":
                m = edit(copy.deepcopy(m))
            if m is not None:
                ms.append(m)
        clauses[cid] = {**c, "measures": ms}
    return Catalog(standards=cat.standards, clauses=clauses, aliases=cat.aliases, checklist_items=cat.checklist_items)


def test_a_service_halls_rows_beside_a_power_hall_are_in_no_measure(tmp_path):
    d = _data(tmp_path, SH, PW)
    card = we.score("power_window", 2025, data=d)
    assert _ct(card, "SH01") == [["no_measure", 2]], card.unscored
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        rc = main(["score", "--standard", "power_window", "--year", "2025", "--data", str(d),
                   "--out", str(tmp_path / "out")])
    assert rc == 0
    assert "没有适用于政务服务大厅(service_hall)的测量项 no measure for service_hall" in out.getvalue(), out.getvalue()


def test_a_user_catalog_that_drops_the_measures_says_the_rows_in_no_measure(tmp_path):
    d = _data(tmp_path, SH, PW)
    card = we.score(None, 2025, data=d, catalog=_catalog(lambda m: None))
    assert _ct(card, "SH01") == [["no_measure", 2]], card.unscored
    assert _ct(card, "PW01") == [["no_measure", 1]], card.unscored


def _for_halls_too(m):
    m["window_kinds"] = ["power_hall", "service_hall"]   # a measure may widen its clause's kinds
    return m


def test_a_user_catalog_that_adds_a_measure_is_the_one_that_says(tmp_path):
    # the user's catalog measures a service hall's counter_transactions (in power_window): scoring etiquette alone
    # leaves them to that standard's scorecard, not "no measure for service_hall"
    d = _data(tmp_path, SH)
    card = we.score("etiquette", 2025, data=d, catalog=_catalog(_for_halls_too))
    assert _ct(card, "SH01") == [], card.unscored
    # the bundled catalog has none: said so
    assert _ct(we.score("etiquette", 2025, data=d), "SH01") == [["no_measure", 2]]
