"""Every reader of a store or a delivery checks the Parquet footer (twenty-second audit).

A footer that lies (it says fewer rows, or fewer bytes, than its pages hold: tests/test_audit19_inputs.py) was
refused by the local engine and by :func:`windoweval.records.store.store_files`; three readers read Parquet without
the check: the Dask reader of a Parquet delivery in the data folder (``dd.read_parquet``: 200,000 rows read as 10
without a word), ``records import``'s look at the stored keys a delivery would drop, and a survey store's responses
(:func:`windoweval.survey.store.load_responses`).  Each is now refused with the file and the fix (exit 3), and the
readers already covered (the Dask store reader, the by-value scorer, a read of the store) are pinned beside them.
"""
from __future__ import annotations

import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from test_audit19_inputs import _lie, _lying_rows
from windoweval.cli import main
from windoweval.errors import InputError
from windoweval.records import store as store_mod


@pytest.fixture(autouse=True)
def _fresh_check(monkeypatch):
    monkeypatch.setattr(store_mod, "_SOUND", set())   # each file looked at again (a file lied into after a read)


def _csv(path, n, start=0):
    path.write_text("order_id,window_id,order_type,received_at,arrived_at\n" + "".join(
        f"WO{i:04d},PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20\n" for i in range(start, start + n)),
        encoding="utf-8")
    return path


def _lying_store(tmp_path):
    """A store of 300 work orders, its biggest file's footer saying 1 row."""
    store = tmp_path / "store"
    assert main(["records", "import", "work_orders", str(_csv(tmp_path / "work_orders.csv", 300)),
                 "--data", str(store)]) == 0
    f = max(sorted((store / "work_orders").rglob("*.parquet")), key=lambda p: pq.read_metadata(p).num_rows)
    rows = pq.read_metadata(f).num_rows
    assert rows > 1 and _lie(f, rows, 1) >= 2
    return store, f


def test_dask_reader_of_a_parquet_delivery_refuses_a_lying_footer(tmp_path):
    from windoweval.engine.dask import read_dask
    from windoweval.records.io import ExportError

    from windoweval.demo import tiny_data_dir
    d = tmp_path / "data"
    shutil.copytree(tiny_data_dir(), d)
    (d / "work_orders.csv").unlink()
    f = d / "work_orders.parquet"
    pd.read_csv(_csv(tmp_path / "wo.csv", 3), dtype=str).to_parquet(f)
    assert len(read_dask("work_orders", data=d, year=2025).compute()) == 3      # a sound delivery is read
    n = 200_000
    pq.write_table(pa.table({"order_id": [f"WO{i}" for i in range(n)], "window_id": ["PW01"] * n,
                             "order_type": ["fault_repair"] * n, "received_at": ["2025-06-01 18:00"] * n,
                             "arrived_at": ["2025-06-01 18:20"] * n}), f)
    assert _lie(f, n, 10) >= 2
    with pytest.raises(ExportError) as e:
        read_dask("work_orders", data=d, year=2025)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "work_orders.parquet" in msg and "while the footer says 10 rows" in msg


def test_dask_reader_of_a_store_refuses_a_lying_footer(tmp_path):
    from windoweval.engine.dask import read_dask

    store, f = _lying_store(tmp_path)
    with pytest.raises(InputError) as e:
        read_dask("work_orders", data=store, year=2025)
    assert e.value.exit_code == 3 and f.name in str(e.value)


def test_by_value_scorer_refuses_a_lying_footer(tmp_path):
    from windoweval.engine.byvalue import score_by_value
    from windoweval.engine.local import _store_dataset
    from windoweval.engine.plan import Item, read_columns
    from windoweval.kernels import KERNELS
    from windoweval.records.contract import contracts

    store, f = _lying_store(tmp_path)
    it = Item({"measure": "m", "records": "work_orders", "where": {"order_type": "fault_repair"}}, ["PW01"],
              KERNELS["time_limit"], {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes"})
    plan = read_columns([it], list(contracts()["work_orders"].columns))
    with pytest.raises(InputError) as e:
        score_by_value("work_orders", _store_dataset("work_orders", store), 2025, [it], plan, files=[str(f)])
    assert e.value.exit_code == 3 and f.name in str(e.value)


def test_records_import_looking_at_the_stored_keys_refuses_a_lying_footer(tmp_path, capsys):
    """The stored keys a delivery would drop were read with the footer's row count: 299 of 300 rows unseen."""
    store, f = _lying_store(tmp_path)
    capsys.readouterr()
    code = main(["records", "import", "work_orders", str(_csv(tmp_path / "again.csv", 5)), "--data", str(store)])
    text = "".join(capsys.readouterr())
    assert code == 3, text[-2000:]
    assert f.name in text and "Traceback" not in text and "records import" in text


def test_survey_store_responses_refuse_a_lying_footer(tmp_path):
    from windoweval.demo import survey as demo
    from windoweval.survey import store as S

    df = demo.generate_delivery("power_hall", 2024, ["PW01", "PW02"], n_per_window=150)
    with demo.delivery_file(df, "a.csv") as p:
        S.import_delivery(p, "power_hall", 2024, store_dir=tmp_path)
    n = len(S.load_responses("power_hall_2024", store_dir=tmp_path))
    f = next(S.store_root(tmp_path).rglob("responses.parquet"))
    assert n > 200 and _lie(f, n, 1) >= 2 and pq.read_table(f).num_rows == 1     # 1 of n read without a word
    with pytest.raises(InputError) as e:
        S.load_responses("power_hall_2024", store_dir=tmp_path)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "responses.parquet" in msg and "survey import" in msg
