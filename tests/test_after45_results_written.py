"""The ``score`` command (issue 14, item 1; after45): the scorecard's CSV (``<name>_results.csv``) sends the columns
whose text is the program's own (:data:`windoweval.scoring.RESULTS_WRITTEN`: the catalog's ids and labels, what the
counts count, the verdict) through no masking rule, as the missed records' deadlines are (score44): 0.04 s of the
command's 0.07 s of masking its 12,400 rows at 10 M work orders.  The same bytes: no masking rule changes any text
those columns can hold, in any standard; the window's id and name (the workspace's) are still scanned."""
from __future__ import annotations

import pandas as pd
import pytest

from _workspace import score_in_process


def _every_written_text() -> pd.DataFrame:
    """A results-like frame holding every text the written columns can hold: each measure of every standard, each
    unit word, each verdict."""
    from windoweval.catalog import load_catalog
    from windoweval.engine.account import unit_label
    from windoweval.scoring import VERDICT_LABELS

    ms = list(load_catalog().measures())
    verdicts = list(VERDICT_LABELS)
    rows = [{"standard": m["standard"], "clause_id": m["clause_id"], "measure": m["measure"],
             "label_zh": m.get("label_zh", ""), "label_en": m.get("label_en", ""), "record_kind": m["records"],
             "window_id": "PW01", "window_name": "城东营业厅 张先生 13812345678",
             "unit": unit_label(m["kernel"]), "verdict": verdicts[i % len(verdicts)]} for i, m in enumerate(ms)]
    return pd.DataFrame(rows).astype({c: "str" for c in rows[0]})


def test_no_masking_rule_changes_the_programs_own_columns():
    """Every measure's ids and labels, every unit word and verdict: the frame made safe with those columns unscanned
    equals the one with them scanned (the window's name, from the workspace, masked in both)."""
    from windoweval.exports import safe_frame
    from windoweval.scoring import RESULTS_WRITTEN, RESULT_COLUMNS

    assert set(RESULTS_WRITTEN) <= set(RESULT_COLUMNS) and not {"window_id", "window_name"} & set(RESULTS_WRITTEN)
    df = _every_written_text()
    assert len(df) > 200 and df["standard"].nunique() >= 5   # every standard's measures
    scanned, unscanned = safe_frame(df), safe_frame(df, written=RESULTS_WRITTEN)
    pd.testing.assert_frame_equal(unscanned, scanned)
    assert (scanned["window_name"] == "城东营业厅 某先生 [手机号]").all()


def test_the_score_command_writes_the_results_with_those_columns_unscanned(work_orders_store, tmp_path, monkeypatch):
    """The command writes its results CSV with ``written=RESULTS_WRITTEN``, and its bytes are those of the results
    written with every text column scanned."""
    import windoweval.exports as ex
    from windoweval.scoring import RESULTS_WRITTEN

    seen = {}
    real = ex.write_csv

    def spy(df, path, *a, **k):
        if str(path).endswith("_results.csv"):
            seen["frame"], seen["written"] = df, k.get("written")
        return real(df, path, *a, **k)

    monkeypatch.setattr(ex, "write_csv", spy)
    out = tmp_path / "out"
    code, text = score_in_process(work_orders_store, out)
    assert code == 0, text
    assert tuple(seen["written"] or ()) == RESULTS_WRITTEN
    real(seen["frame"], tmp_path / "scanned.csv")
    assert (out / "power_window_results.csv").read_bytes() == (tmp_path / "scanned.csv").read_bytes()
