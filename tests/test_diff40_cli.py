"""The diff40 differential test through the command line, as a scheduler runs it: ``windoweval score`` on a CSV folder
(the inspections, activities and service offerings with the contract's Chinese headers) against the independent
reading of tests/diff40_reference.py: per register measure and window the unit met, missed or missing evidence of
``*_results.csv`` and the windows listed in ``*_missing_evidence.parquet``; per checklist measure and window the rows
assessed, met and not assessed, and every missed row in ``*_missed.parquet``."""
from __future__ import annotations

from collections import Counter

import pandas as pd

import diff40_reference as ref
from _workspace import write_workspace
from test_diff38_cli import _score_csvs
from test_diff40_reference import WINDOWS, all_records, checklist_verdicts, register_verdicts

YEAR = 2025


def test_score_command_on_a_csv_folder(tmp_path):
    frames = all_records(YEAR)
    data = write_workspace(tmp_path / "data", WINDOWS)
    out = tmp_path / "out"
    _score_csvs(tmp_path, data, out, frames)
    res = pd.concat(pd.read_csv(f, dtype={"window_id": str}) for f in out.glob("*_results.csv"))
    res = res.set_index(["measure", "window_id"])
    lack = pd.concat(pd.read_parquet(f) for f in out.glob("*_missing_evidence.parquet"))
    missed = pd.concat(pd.read_parquet(f) for f in out.glob("*_missed.parquet"))
    checked = 0
    for (m, w), v in register_verdicts(frames, YEAR).items():
        r = res.loc[(m, w)]
        assert (int(r["n"]), int(r["met"]), int(r["missing_evidence"])) == (
            int(v in (ref.PASS, ref.FAIL)), int(v == ref.PASS), int(v == ref.MISSING)), (m, w, v)
        assert (v == ref.MISSING) == bool(((lack["measure"] == m) & (lack["window_id"] == w)).any()), (m, w, v)
        checked += 1
    want = checklist_verdicts(frames, YEAR)
    kind = {r["visit_id"]: r["window_id"] for r in frames["inspections"].to_dict("records")}
    per = Counter((m, kind[vid], v) for (m, vid, _), v in want.items())
    for m, w in {(m, kind[vid]) for (m, vid, _) in want}:
        r = res.loc[(m, w)]
        assert (int(r["n"]), int(r["met"]), int(r["not_assessed"])) == (
            per[(m, w, ref.PASS)] + per[(m, w, ref.FAIL)], per[(m, w, ref.PASS)], per[(m, w, ref.NOT_ASSESSED)]), (m, w)
        checked += 1
    got = set(zip(missed["measure"], missed["visit_id"], missed["item"])) if "visit_id" in missed else set()
    got = {k for k in got if k[0] in {m for (m, _, _) in want}}
    assert got == {k for k, v in want.items() if v == ref.FAIL}
    assert checked > 500


def test_voltage_statistics_and_transcripts_from_the_command_line(tmp_path):
    """The monitors' statistics (第六条(一)) and the transcripts' required phrases through ``windoweval score`` on a
    CSV folder (a dialogue's turns on lines of one quoted cell): per measure and window the rows assessed, met and
    missing evidence and the window's verdict, as diff40_reference reads them."""
    import random

    import test_diff40_phrases as ph
    import test_diff40_voltage as vo

    volts, talks = vo.statistics(random.Random(40)), ph.transcripts(random.Random(40))
    windows = tuple({w: (w, n, k) for w, n, k in vo.WINDOWS + ph.WINDOWS}.values())
    data = write_workspace(tmp_path / "data", windows)
    out = tmp_path / "out"
    _score_csvs(tmp_path, data, out, {"voltage_statistics": volts, "transcripts": talks})
    res = pd.concat(pd.read_csv(f, dtype={"window_id": str}) for f in out.glob("*_results.csv"))
    res = res.set_index(["measure", "window_id"])
    rows, cells = vo.reference(volts)
    win = dict(zip(volts["point_id"], volts["window_id"]))
    talk = ph.reference(talks)
    twin = dict(zip(talks["transcript_id"], talks["window_id"]))
    want = Counter((m, win[p], v) for (m, p), v in rows.items()) + Counter((m, twin[t], v) for (m, t), v in talk.items())
    checked = 0
    for m, w in sorted({(m, w) for (m, w, _) in want}):
        assert (m, w) in res.index, (m, w, Counter(v for (mm, ww, v) in want.elements() if (mm, ww) == (m, w)))
        r = res.loc[(m, w)]
        judged = want[(m, w, ref.PASS)] + want[(m, w, ref.FAIL)]
        lacking = want[(m, w, ref.MISSING)] + want[(m, w, ref.LOST)]
        assert (int(r["n"]), int(r["met"]), int(r["missing_evidence"])) == (judged, want[(m, w, ref.PASS)], lacking), (m, w)
        if (m, w) in cells:
            assert r["verdict"] == cells[(m, w)], (m, w, r["verdict"], cells[(m, w)])
        checked += 1
    assert checked >= 20
