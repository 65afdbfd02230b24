"""survey42: ``survey estimate`` printed the weights-as-delivered note (the firm's final weights used as they are, their
calibration not redone) on every weighted run, a stored survey's too: a scheduler's log and an analyst's notebook
read it again on every estimate of a delivery they had imported once.  Now it is said once per delivery, by its import,
and kept in the delivery's record (``weights_note`` in the manifest and meta.json); an estimate from the store does not
repeat it; an estimate from a file, which no import read, still says it (test_user41_survey_halls_r pins that)."""
import json
from pathlib import Path

import pandas as pd

from windoweval.cli import main
from windoweval.survey.store import WEIGHTS_AS_DELIVERED, list_deliveries, store_root

HERE = Path(__file__).parent / "golden"


def _delivery(tmp_path, weights=True):
    d = pd.read_csv(HERE / "survey40_data.csv", dtype=str, keep_default_na=False)
    a = d[d["set"] == "A"].drop(columns=["set", "N_psu"]).reset_index(drop=True)
    if not weights:
        a["weight"] = "1"
    p = tmp_path / ("weighted.csv" if weights else "unweighted.csv")
    a.to_csv(p, index=False)
    return p


def _run(capsys, *args):
    rc = main([*map(str, args)])
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def test_the_note_is_said_at_import_kept_in_the_record_and_not_on_each_estimate(tmp_path, capsys):
    store = tmp_path / "store"
    p = _delivery(tmp_path)
    rc, msg = _run(capsys, "survey", "import", p, "--instrument", "power_hall", "--year", "2025", "--store", store)
    assert rc == 0 and msg.count("未重新校准") == 1 and msg.count("no calibration is redone") == 1
    rec = list_deliveries("power_hall_2025", store_dir=store).iloc[0]
    # in the delivery's record; survey43 added the weights' scale after it (expansion or normalised to n)
    assert rec["weights_note"].startswith(WEIGHTS_AS_DELIVERED) and "扩展权重" in rec["weights_note"]
    meta = json.loads((store_root(store) / rec["dir"] / "meta.json").read_text(encoding="utf-8"))
    assert meta["weights_note"] == rec["weights_note"]
    rc, msg = _run(capsys, "survey", "import", p, "--instrument", "power_hall", "--year", "2025", "--store", store)
    assert rc == 0 and "未重新校准" not in msg                                   # the same file again: said before
    for stat in ("index", "rate"):                                              # before: on every estimate
        rc, msg = _run(capsys, "survey", "estimate", "power_hall_2025", "--store", store, "--stat", stat)
        assert rc == 0 and "未重新校准" not in msg and "no calibration is redone" not in msg


def test_an_unweighted_delivery_has_no_note(tmp_path, capsys):
    store = tmp_path / "store"
    rc, msg = _run(capsys, "survey", "import", _delivery(tmp_path, weights=False), "--instrument", "power_hall",
                   "--year", "2025", "--store", store)
    assert rc == 0 and "未重新校准" not in msg
    assert pd.isna(list_deliveries("power_hall_2025", store_dir=store).iloc[0]["weights_note"])


def test_a_delivery_imported_before_the_note_was_kept_still_says_it(tmp_path, capsys):
    """A store written before session 42 has no ``weights_note`` in its records: its import never said the note, so
    an estimate from it says it (review42: the note was lost for such stores); one imported since does not."""
    store = tmp_path / "store"
    rc, _ = _run(capsys, "survey", "import", _delivery(tmp_path), "--instrument", "power_hall", "--year", "2025",
                 "--store", store)
    assert rc == 0
    man = store_root(store) / "manifest.json"
    doc = json.loads(man.read_text(encoding="utf-8"))
    for rec in doc["surveys"]["power_hall_2025"]["deliveries"]:
        rec.pop("weights_note")                                   # as an older import wrote it
    man.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    rc, msg = _run(capsys, "survey", "estimate", "power_hall_2025", "--store", store, "--stat", "index")
    assert rc == 0 and msg.count("未重新校准") == 1 and msg.count("no calibration is redone") == 1
