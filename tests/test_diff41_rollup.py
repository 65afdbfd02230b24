"""The diff41 differential test of the scorecard's roll-up: a window's score, evidence, rank and cells by verdict, a
standard's cells by verdict and share met, and the organisation's headlines, as tests/diff41_reference.rollup reads
them from the window × measure verdicts, through the Python API (``windoweval.evaluate``) and the command line
(``windoweval score --out``: ``all_results.csv`` and ``all_windows.csv``).

The workspace: the seeded complaints of tests/test_diff41_complaints.py (fails and cells of insufficient evidence), a
hall whose every case is in time and called back (passes), a hall whose only case is open at the year's end (an open
cell), halls with no record at all (no data, no score), a hospital window, and one measure weighted 3.  The cells'
verdicts themselves are what tests/test_diff3*_* and test_diff40_* check against their references; the complaint
measures' cells are checked here against diff41_reference's complaint evaluation too (the complaints page and the
scorecard count the same cases)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest

import diff41_reference as ref
from _workspace import run_cli, write_workspace
from test_diff41_complaints import CUT, HOSPITAL, YEAR, _close, all_cases, judged, write_complaints

WINDOWS = (("CC95598", "95598客服中心", "call_centre"), ("PW01", "城东营业厅", "power_hall"),
           ("PW02", "城西营业厅", "power_hall"), ("PW03", "城南营业厅", "power_hall"),
           ("PW04", "城北营业厅", "power_hall"), ("PW05", "高新区营业厅", "power_hall"),
           ("PW06", "开发区营业厅", "power_hall"), (HOSPITAL, "挂号收费处", "hospital_billing"))
WEIGHTED = "power_window.13.5#callback_rate"


def clean_and_open() -> list[dict]:
    """PW05: every complaint, report and repair in time and called back; PW06: one complaint open at the cut-off."""
    out = []
    t0 = datetime(2025, 3, 3, 9, 0)
    for i, kind in enumerate(["complaint"] * 6 + ["report"] * 3 + ["fault_repair"] * 4):
        rec = t0 + timedelta(days=7 * i)
        done = rec + timedelta(hours=20)
        out.append({"case_id": f"P5{i:02d}", "channel": "counter", "kind": kind, "window_id": "PW05",
                    "category": "电费电价", "received_at": rec,
                    "replied_at": None if kind == "fault_repair" else done, "resolved_at": done,
                    "case_status": "closed", "callback_at": done + timedelta(days=1), "callback_result": "satisfied",
                    "customer_key": None, "description": None})
    out.append({"case_id": "P600", "channel": "95598", "kind": "complaint", "window_id": "PW06", "category": None,
                "received_at": datetime(2025, 12, 30, 9, 0), "replied_at": None, "resolved_at": None,
                "case_status": None, "callback_at": None, "callback_result": None, "customer_key": None,
                "description": None})
    return out


@pytest.fixture(scope="module")
def evaluated(small_ws):
    import windoweval as we

    return we.evaluate(YEAR, data=small_ws[1])


@pytest.fixture(scope="module")
def small_ws(tmp_path_factory):
    root = tmp_path_factory.mktemp("diff41_rollup")
    data = write_workspace(root / "data", WINDOWS)
    toml = (data / "windoweval.toml").read_text(encoding="utf-8")
    (data / "windoweval.toml").write_text(toml + f'[weights]\n"{WEIGHTED}" = 3\n', encoding="utf-8")
    cases = all_cases() + clean_and_open()
    write_complaints(data, cases)
    return root, data, cases


def _cells(results: pd.DataFrame) -> list[dict]:
    return [{"window_id": str(r["window_id"]), "standard": r["standard"], "measure": r["measure"],
             "verdict": r["verdict"], "weight": float(r["weight"])} for r in results.to_dict("records")]


def window_disagreements(want: dict, got: pd.DataFrame) -> list:
    got = got.set_index("window_id")
    bad = []
    if set(want["windows"]) != set(got.index.astype(str)):
        bad.append(("windows", sorted(set(want["windows"]) ^ set(got.index.astype(str)))))
    for w, f in want["windows"].items():
        if w not in got.index:
            continue
        g = got.loc[w]
        pairs = {"measures": "measures", "pass": "passed", "fail": "failed", "insufficient": "insufficient",
                 "open": "open", "no_data": "no_data"}
        for a, b in pairs.items():
            if b in g.index and int(g[b]) != f[a]:   # the year's ranking has no count of measures
                bad.append((w, a, f[a], int(g[b])))
        for a in ("score", "evidence"):
            gv = None if pd.isna(g[a]) else float(g[a])
            if not _close(f[a], gv):
                bad.append((w, a, f[a], gv))
        gr = None if pd.isna(g["rank"]) else int(g["rank"])
        if gr != f["rank"]:
            bad.append((w, "rank", f["rank"], gr))
    return bad


def complaint_cells_disagree(cases: list[dict], results: pd.DataFrame) -> list:
    """The scorecard's cells of 第十三条(五) (n, met, open, missing evidence, verdict) against the complaint evaluation's
    reading: the page and the scorecard count the same cases."""
    mine = judged(cases)
    t, cb = ref.timeliness(mine, YEAR, CUT), ref.callbacks(mine, YEAR, CUT)
    res = results.set_index(["measure", "window_id"])
    bad = []
    for w in ("CC95598", "PW01", "PW02", "PW03", "PW05", "PW06"):
        for kind in ("complaint", "report"):
            f = t.get((w, kind))
            r = res.loc[(f"power_window.13.5#{kind}_reply", w)]
            want = (0, 0, 0, 0, "no_data") if f is None else (
                f["assessed"], f[ref.IN_TIME], f[ref.NOT_DUE], f[ref.NO_EVIDENCE],
                "open" if f["verdict"] == "no_data" and f[ref.NOT_DUE] else f["verdict"])
            got = (int(r["n"]), int(r["met"]), int(r["open"]), int(r["missing_evidence"]), r["verdict"])
            if want != got:
                bad.append((kind, w, want, got))
        f = cb.get(w)
        r = res.loc[(WEIGHTED, w)]
        want = (0, 0, "no_data") if f is None else (f["due"] - f["missing"], f["called_back"], f["verdict"])
        got = (int(r["n"]), int(r["met"]), r["verdict"])
        if want != got:
            bad.append(("callback_rate", w, want, got))
    return bad


def test_the_python_api_rolls_up_as_the_reference(small_ws, evaluated):
    _, data, cases = small_ws
    ev = evaluated
    res = ev.card.results
    assert complaint_cells_disagree(cases, res) == []
    want = ref.rollup(_cells(res))
    # the edges are there: a hall that passes, an open cell, windows with no data at all, the weighted measure
    verdicts = set(res["verdict"])
    assert {"pass", "fail", "open", "insufficient", "no_data"} <= verdicts, verdicts
    assert want["windows"]["PW04"]["score"] is None and want["windows"]["PW05"]["pass"] > 0
    assert window_disagreements(want, ev.card.windows) == []
    # the year's ranking (the windows the report ranks)
    assert window_disagreements(want, ev.ranking) == []
    by = ev.by_standard.set_index("standard")
    for s, f in want["standards"].items():
        g = by.loc[s]
        assert [int(g[v]) for v in ("pass", "fail", "insufficient", "open", "no_data")] == [
            f[v] for v in ("pass", "fail", "insufficient", "open", "no_data")], s
        assert _close(f["met_share"], None if pd.isna(g["met_share"]) else float(g["met_share"])), s
    h, o = ev.headlines, want["organisation"]
    assert (h["windows"], h["failed"], h["no_data"]) == (o["windows"], o["failed"], o["no_data"])
    assert _close(h["met_share"], None if o["met_share"] is None else ref._half_up(o["met_share"], 3))
    assert _close(h["mean_score"], None if o["mean_score"] is None else ref._half_up(o["mean_score"], 1))


def test_the_score_command_rolls_up_as_the_reference(small_ws):
    root, data, cases = small_ws
    out = root / "out"
    p = run_cli("score", "--year", str(YEAR), "--data", str(data), "--out", str(out), cwd=root)
    assert p.returncode == 0, p.stderr[-3000:]
    res = pd.concat(pd.read_csv(f, dtype={"window_id": str}) for f in out.glob("*_results.csv"))
    wins = pd.concat(pd.read_csv(f, dtype={"window_id": str}) for f in out.glob("*_windows.csv"))
    assert complaint_cells_disagree(cases, res) == []
    assert window_disagreements(ref.rollup(_cells(res)), wins) == []


def test_a_flipped_roll_up_is_caught(evaluated):
    """Sensitivity: the reference with an insufficient cell read as met (a pass on missing evidence) no longer agrees."""
    card = evaluated.card
    cells = _cells(card.results)
    assert any(c["verdict"] == "insufficient" for c in cells)
    flipped = ref.rollup([{**c, "verdict": "pass" if c["verdict"] == "insufficient" else c["verdict"]} for c in cells])
    bad = window_disagreements(flipped, card.windows)
    assert any(b[1] in ("score", "pass", "insufficient") for b in bad), bad
