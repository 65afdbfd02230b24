"""The missed rows put aside in Arrow (issue 14, the score command, session 32): a text column of few values in every
key's rows (the window, the measure, its message) is put aside as codes into its masked values (an Arrow dictionary),
not written out row by row; the rows given back are the same drill-downs, masked, and no phone number reaches a file
the command writes, whichever text column of a missed row holds it."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from _corpus import assert_kept_are_drilldowns
from windoweval.engine import missed_pass
from windoweval.exports import prepare_missed

PHONES = ("13912345678", "1381234", "1371234567")


def _kept(card):
    return next(p.kept for p, _, _ in card._masks.values() if getattr(p, "kept", None) is not None)


def _piece_schemas(kept) -> list:
    """The schemas of the Arrow files the pass put aside (each piece's table of every key's rows)."""
    got = [p[0] if isinstance(p, tuple) else p for ps in kept.files.values() for p in ps]   # a repeat: its template
    paths = {p for p in got if isinstance(p, str)}
    out = []
    for path in sorted(p for p in paths if p.endswith(".arrow")):
        with pa.memory_map(path) as src:
            out.append(pa.ipc.open_file(src).schema)
    return out


def test_few_valued_columns_put_aside_as_codes(work_orders_store):
    import windoweval.scoring as scoring

    card = scoring.score("power_window", 2025, data=work_orders_store, keep_missed=prepare_missed)
    kept = _kept(card)
    schemas = _piece_schemas(kept)
    assert schemas
    for s in schemas:   # before: each written out row by row (large_string), ~110 bytes a row for the two
        for c in ("measure", "message", "window_id"):
            assert pa.types.is_dictionary(s.field(c).type), (c, s.field(c).type)
    # given back as the key's own types, the same rows as the drill-down made and masked frame by frame
    for m in kept.items:
        for t in kept.tables(m):
            if isinstance(t, pa.Table):
                assert not any(pa.types.is_dictionary(f.type) for f in t.schema), m
    assert_kept_are_drilldowns(card, kept, arrow=True)
    kept.cleanup()


def test_coded_is_the_column_taken_row_by_row():
    import numpy as np

    whole = pa.array(["某先生 [手机号]", "PW01", "PW02", "未兑现 / not kept", None], type=pa.large_string())
    bounds = np.array([0, 1, 3, 4, 5])
    parts = [(1, pa.array([1, None, 0], type=pa.int64())), (None, 2), (2, pa.array([0, 0], type=pa.int64())),
             (1, pa.array([0], type=pa.int32())), (0, pa.array([0, 0])), (3, pa.array([0]))]
    got = missed_pass._coded(parts, whole, bounds)
    want = []
    for where_, ix in parts:
        if where_ is None:
            want += [None] * ix
            continue
        m_ = whole.slice(int(bounds[where_]), int(bounds[where_ + 1] - bounds[where_]))
        want += m_.take(ix).to_pylist()
    assert got.dictionary_decode().to_pylist() == want
    assert got.dictionary_decode().type == pa.large_string()


@pytest.fixture(scope="module")
def personal_store(tmp_path_factory):
    """A store whose every text column of a missed work order holds a phone number: the window's id (the workspace
    names it so), the order's id, the customer's key; 120 late fault repairs (more than a few: coded columns)."""
    d = tmp_path_factory.mktemp("personal")
    (d / "windoweval.toml").write_text('name = "示例"\n[[windows]]\nid = "13912345678"\nname = "城东营业厅"\n'
                                       'kind = "power_hall"\n', encoding="utf-8")
    rows = [{"order_id": f"1381234{i:04d}", "window_id": "13912345678", "customer_id": f"1371234567{i % 2}",
             "order_type": "fault_repair", "received_at": "2025-06-02 09:00", "arrived_at": "2025-06-02 11:00",
             "order_status": "closed"} for i in range(120)]
    src = d / "orders.csv"
    pd.DataFrame(rows).to_csv(src, index=False)
    code, said = _quiet(["records", "import", "work_orders", str(src), "--data", str(d)])
    assert code == 0, said
    src.unlink()
    return d


def _quiet(args: list) -> tuple[int, str]:
    """The program run in this process on ``args``: its exit code and what it printed."""
    from windoweval.cli import main

    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(args)
    return code, so.getvalue()


def _no_phone(text: str, where: str) -> None:
    for p in PHONES:
        assert p not in text, (where, p)


def test_personal_data_in_every_text_column_is_masked_when_put_aside(personal_store):
    import windoweval.scoring as scoring

    card = scoring.score("power_window", 2025, data=personal_store, keep_missed=prepare_missed)
    kept = _kept(card)
    assert any(pa.types.is_dictionary(s.field("window_id").type) for s in _piece_schemas(kept))
    late = "power_window.10.2.5"   # the 45-minute fault repair: every order missed it
    got = pa.concat_tables([t for t in kept.tables(late) if isinstance(t, pa.Table)])
    assert got.num_rows == 120
    for c in ("window_id", "order_id", "customer_id"):
        _no_phone(repr(got.column(c).to_pylist()), c)
    assert_kept_are_drilldowns(card, kept, arrow=True)
    kept.cleanup()


def test_no_phone_number_in_any_file_the_command_writes(personal_store, tmp_path):
    code, said = _quiet(["score", "--standard", "power_window", "--year", "2025", "--data", str(personal_store),
                         "--out", str(tmp_path / "out")])
    assert code == 0, said
    files = sorted(Path(tmp_path / "out").iterdir())
    assert any(f.name == "power_window_missed.parquet" for f in files)
    for f in files:
        if f.suffix == ".parquet":
            text = repr(pq.read_table(f).to_pylist())
        else:
            text = f.read_text(encoding="utf-8-sig")
        _no_phone(text, f.name)
