"""The survey store's refused rows and problems are files a clerk opens in a spreadsheet: no cell of them is a
formula and no phone number or ID number is in them (found by the audit of session 5: they were written with a
plain ``to_csv``)."""
from __future__ import annotations

import pandas as pd

from windoweval.demo import survey as demo
from windoweval.survey.store import import_delivery, load_rejects, store_root


def test_refused_rows_are_neither_formulas_nor_personal_data(tmp_path):
    df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=6, seed=3)
    df.loc[1, "weight"] = 0                       # no weight: the row is refused (an answer off the scale no longer
                                                  # refuses it, audit30)
    df.loc[1, "customer_type"] = '=HYPERLINK("http://evil.example","点我")'
    df.loc[1, "comment"] = "张先生 13812345678 110101199003071234"
    with demo.delivery_file(df, "a.csv") as p:
        rec = import_delivery(p, "power_hall", 2025, store_dir=p.parent)
        rej = load_rejects("power_hall_2025", store_dir=p.parent)
        files = [store_root(p.parent) / rec.loc[0, "dir"] / f for f in ("rejects.csv", "problems.csv")]
        written = {f.name: f.read_text(encoding="utf-8-sig") for f in files}
    assert rej["row"].tolist() == [3]
    cells = [str(v) for v in rej.drop(columns="row").to_numpy().ravel()]
    assert not [c for c in cells if c and c[0] in "=+-@\t\r"], cells
    assert "'=HYPERLINK" in written["rejects.csv"]
    for name, body in written.items():
        assert "13812345678" not in body and "110101199003071234" not in body, name
        assert "张先生" not in body, name
