"""reading43 (an export no test had tried): numbers grouped by spaces, as French, Russian or German-locale Excel
writes thousands (9 111,8; 1 234 567,5 -- a space, a no-break or a narrow no-break space) in a semicolon CSV.  A
survey firm's weights so written were refused as "not a number" on every row (every respondent lost, with no fix
named); a space is never a decimal mark, so the reading is the writer's: read, as records' numbers are too.  A space
inside anything else (12 34) is still no number."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.demo import survey as demo
from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"])
def test_a_delivery_with_weights_grouped_by_spaces_is_read(tmp_path, space):
    b = demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=6, seed=3, careless_share=0).astype(str)
    w = pd.to_numeric(b.weight)
    b["weight"] = [f"{x:,.1f}".replace(",", space).replace(".", ",") for x in w]
    assert any(space in x for x in b.weight)
    p = tmp_path / "d.csv"
    p.write_text("\n".join([";".join(b.columns)] + [";".join(r) for r in b.values.tolist()]) + "\n", encoding="utf-8")
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(b)                 # before: non_numeric on every row
    assert chk.valid.weight.tolist() == pytest.approx(w.round(1).tolist())


def test_records_numbers_grouped_by_spaces_are_read_and_others_refused(tmp_path):
    f = tmp_path / "queue_snapshots.csv"
    f.write_text("window_id,observed_at,queue_length\nPW01,2025-03-05 09:00,1 204\nPW01,2025-03-05 09:05,7\n",
                 encoding="utf-8")
    assert load_files("queue_snapshots", [f]).frame["queue_length"].tolist() == [1204, 7]
    f.write_text("window_id,observed_at,queue_length\nPW01,2025-03-05 09:00,12 04\n", encoding="utf-8")
    with pytest.raises(RecordsError):
        load_files("queue_snapshots", [f])
