"""Which columns are personal: the record contract declares it (safety21, left defects 1 and 6).

* A service offering's ``name`` (柜台缴费) read ``[已遮蔽 masked]`` in every output: ``personal_column("name")`` is
  true by the column's name alone.  The contract now declares such a column ``personal: false``
  (``records/contracts.yaml``); the outputs of records read through their contract (the missed, missing-evidence
  and exempt files, Parquet and CSV, the kept sections) pass the declared set to the gate.  Every other column named
  like a person's field stays masked (the safe default: a survey's ``name``, a table the caller does not say is
  records), and a mapping cannot put a person's header under a column declared not personal.
* The drill-down path of the missed rows (``engine.missed_pass._drill_arrow``) scanned every text column but the
  free-text ones under the name None: the whole-column check of the masking hook never fired there, so a personal
  column of the records reached the kept sections and the missed Parquet file as written.
"""
from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa
import pytest

from windoweval import privacy
from windoweval.cells import MASKED, people_frame
from windoweval.exports import prepare_missed, write_missed
from windoweval.privacy import mask_frame, personal_column, whole_personal_columns
from windoweval.records.contract import contracts, not_personal_columns
from windoweval.records.mapping import MappingError, parse_mapping

OFFERS = pd.DataFrame({"window_id": ["PW01", "PW02"], "year": [2025, 2025], "kind": ["payment_channel"] * 2,
                       "name": ["柜台缴费", "自助缴费终端"], "measure": "power_window.9.4", "passed": False})


def test_the_contract_declares_the_offering_name_not_personal():
    assert contracts()["service_offerings"].columns["name"].get("personal") is False
    assert not_personal_columns() == frozenset({"name"})
    # every other contract column that is named like a person's field is declared so too (none today): a new one
    # must say which it is, or it is masked whole
    for c in contracts().values():
        for col, spec in c.columns.items():
            if personal_column(col):
                assert spec.get("personal") is False, (c.kind, col)


@pytest.mark.parametrize("fn", [lambda df, np_: whole_personal_columns(df, np_),
                                lambda df, np_: mask_frame(df, not_personal=np_),
                                lambda df, np_: people_frame(df, np_)])
def test_the_gate_keeps_a_declared_column_and_masks_it_by_default(fn):
    got = fn(OFFERS, not_personal_columns())
    assert got["name"].tolist() == ["柜台缴费", "自助缴费终端"]
    assert fn(OFFERS, ())["name"].tolist() == [MASKED, MASKED]           # undeclared: the safe default
    people = OFFERS.rename(columns={"name": "联系人"})
    assert fn(people, not_personal_columns())["联系人"].tolist() == [MASKED, MASKED]


def test_the_missed_files_show_the_service_name_and_mask_a_persons_column(tmp_path):
    pq_, csv_ = write_missed([OFFERS], tmp_path, "x")
    assert pd.read_parquet(pq_)["name"].tolist() == ["柜台缴费", "自助缴费终端"]
    assert pd.read_csv(csv_)["name"].tolist() == ["柜台缴费", "自助缴费终端"]
    people = OFFERS.assign(customer_name=["张三", "李四"])
    pq_, csv_ = write_missed([people], tmp_path / "p", "x")
    assert pd.read_parquet(pq_)["customer_name"].tolist() == [MASKED, MASKED]
    assert pd.read_csv(csv_)["customer_name"].tolist() == [MASKED, MASKED]
    arr = pa.array(["柜台缴费", None, "张三"], type=pa.large_string())
    assert prepare_missed.arrow(arr, "name").to_pylist() == ["柜台缴费", None, "张三"]
    assert prepare_missed.arrow(arr, "联系人").to_pylist() == [MASKED, None, MASKED]


@pytest.mark.parametrize("section", [
    {"columns": {"客户姓名": "name"}},
    {"columns": {"customer_name": "name"}},
    {"columns": {"联系人": "name"}},
    {"pick": {"name": {"by": "类型", "cases": {"1": "名称", "2": "联系人姓名"}}}},
])
def test_a_mapping_cannot_unmask_a_persons_column_by_renaming_it(section):
    with pytest.raises(MappingError) as e:
        parse_mapping({"service_offerings": section}, "mapping.yaml")
    msg = str(e.value)
    assert e.value.exit_code == 3
    assert "不能对应到列 'name'" in msg and "cannot be mapped onto 'name'" in msg
    assert msg.index("不能对应") < msg.index("cannot be mapped")     # Chinese first


def test_a_mapping_of_the_service_name_is_taken():
    m = parse_mapping({"service_offerings": {"columns": {"服务名称": "name", "项目": "name"}}}, "mapping.yaml")
    assert m["service_offerings"].columns == {"服务名称": "name", "项目": "name"}


def test_the_drill_down_path_masks_a_personal_column_whole(work_orders_store, monkeypatch):
    """A records column the gate takes for personal (here window_id, by a widened pattern: the contracts hold no
    undeclared personal column today) is masked whole in the kept rows of the Arrow path, as the CSV's gate does.
    Before: the engine scanned it under None with every other text column, and it was kept as written."""
    import windoweval.scoring as scoring
    from windoweval.engine import missed_pass

    monkeypatch.setattr(privacy, "_PERSONAL_COLUMN", re.compile(privacy._PERSONAL_COLUMN.pattern + r"|^window_id$"))
    used = []
    real = missed_pass._drill_arrow

    def spy(*a, **k):
        got = real(*a, **k)
        used.append(bool(got))
        return got
    monkeypatch.setattr(missed_pass, "_drill_arrow", spy)
    monkeypatch.setattr("windoweval.engine.run.PIECE_ROWS", 1_000_000)
    card = scoring.score("power_window", 2025, data=work_orders_store, keep_missed=prepare_missed)
    kept = next(p.kept for p, _, _ in card._masks.values() if getattr(p, "kept", None) is not None)
    try:
        assert any(used), "the Arrow path was not taken"
        seen = 0
        for m in kept.items:
            if kept.items[m].kernel.level != "record":
                continue
            for f in kept.frames(m):
                if "window_id" in f and len(f):
                    vals = set(f["window_id"].dropna().astype(str))
                    assert vals <= {MASKED}, (m, sorted(vals)[:3])
                    seen += len(f)
        assert seen
    finally:
        kept.cleanup()
