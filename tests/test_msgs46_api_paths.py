"""msgs46: a refusal raised through the Python API (``we.read_records``, ``we.score`` …) named the file by its
absolute path (``/home/张三/data/work_orders.csv``), where the command line names it relative to the data folder.
README: a message names a file relative to the data folder, else by its name, never by the folders above it (a folder
can carry a person's name).  The public entry points now do as the command line does (``datadir.named_within``):
the message, a records refusal's ``file`` and its problems' ``file``."""
from __future__ import annotations

import pickle

import pytest

import windoweval as we

from _workspace import write_workspace

BAD = "order_id,window_id,order_type,received_at\na,PW01,fault_repair,2025-13-45 10:00\n"


def _data(tmp_path, **settings):
    return write_workspace(tmp_path / "张三" / "data", **settings)


@pytest.mark.parametrize("call", [lambda d: we.read_records("work_orders", d),
                                  lambda d: we.score("power_window", 2025, data=d),
                                  lambda d: we.years_covered(d)])
def test_a_records_refusal_names_the_file_within_the_data_folder(tmp_path, call):
    d = _data(tmp_path)
    (d / "work_orders.csv").write_text(BAD, encoding="utf-8")
    with pytest.raises(we.RecordsError) as got:
        call(d)
    e = got.value
    assert "张三" not in str(e) and str(e).startswith("work_orders.csv: "), str(e)[:200]
    assert e.file == "work_orders.csv" and set(e.problems["file"]) == {"work_orders.csv"}
    assert "张三" not in str(pickle.loads(pickle.dumps(e)))      # as a Dask worker hands it back


def test_a_workspace_refusal_too(tmp_path):
    d = _data(tmp_path, mapping_file="exports/nope.yaml")
    with pytest.raises(we.WorkspaceError) as got:
        we.score("power_window", 2025, data=d)
    assert "张三" not in str(got.value) and "exports/nope.yaml" in str(got.value), str(got.value)
