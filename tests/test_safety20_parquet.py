"""safety20: the same privacy gate on every output format.  A column whose name says it holds personal data (联系人,
customer_name, 投诉人) is masked whole in the CSV for people; the Parquet listings beside it (missed, missing
evidence, exempt), the prepared pieces the engine puts aside and the sections kept for the report held the bare
names (张三 carries no cue the masking of free text could find)."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from windoweval.cells import MASKED
from windoweval.exports import (_masked_arrow, prepare_missed, write_exempted, write_missed,
                                write_missing_evidence)

NAMES = ["张三", "李四", "欧阳娜娜"]


def _frame():
    return pd.DataFrame({"order_id": ["WO1", "WO2", "WO3"], "联系人": NAMES, "customer_name": NAMES,
                         "投诉人": pd.Series(NAMES, dtype="string"), "n": [1, 2, 3],
                         "measure": "m", "message": "缺少证据 / evidence missing"})


def _no_names(df: pd.DataFrame):
    for c in ("联系人", "customer_name", "投诉人"):
        assert df[c].tolist() == [MASKED] * 3, (c, df[c].tolist())
    assert df["order_id"].tolist() == ["WO1", "WO2", "WO3"]     # ids stay


@pytest.mark.parametrize("writer", [write_missing_evidence, write_exempted])
def test_listings_mask_a_name_column_in_parquet_as_in_csv(tmp_path, writer):
    pq_, csv_ = writer(_frame(), tmp_path, "power_window")
    _no_names(pd.read_parquet(pq_))
    _no_names(pd.read_csv(csv_, encoding="utf-8-sig"))


def test_missed_parquet_masks_a_name_column(tmp_path):
    pq_, csv_ = write_missed([_frame()], tmp_path, "power_window")
    _no_names(pd.read_parquet(pq_))
    _no_names(pd.read_csv(csv_, encoding="utf-8-sig"))


def test_prepared_pieces_mask_a_name_column():
    _no_names(prepare_missed(_frame()))
    _no_names(prepare_missed([_frame(), _frame()])[1])
    got = _masked_arrow(pa.array(NAMES + [None], type=pa.large_string()), "联系人").to_pylist()
    assert got == [MASKED] * 3 + [None]
    assert _masked_arrow(pa.array(["WO1"]), "order_id").to_pylist() == ["WO1"]


def test_sections_kept_mask_a_name_column(tmp_path):
    from windoweval.sections import Section, keep, parameters_key

    d = keep({"complaints": Section("complaints", {"open": _frame()})}, tmp_path / "kept", parameters_key(2025))
    _no_names(pd.read_parquet(d / "complaints" / "open.parquet"))


def test_mask_frame_is_the_one_gate():
    from windoweval.privacy import mask_frame

    _no_names(mask_frame(_frame()))
    blank = mask_frame(pd.DataFrame({"联系人": ["", None, "王五"]}))["联系人"].tolist()
    assert blank[0] == "" and pd.isna(blank[1]) and blank[2] == MASKED


def test_a_things_name_is_no_persons_and_the_console_keeps_window_names(capsys):
    """The one gate must not mask a window's name because a label reads "Window name" (the English heading of
    ``window_name`` in the console and the English pages)."""
    from windoweval.console import print_table
    from windoweval.privacy import mask_frame, personal_column

    assert not any(personal_column(c) for c in ("Window name", "File name", "Measure name", "窗口名称 Window name"))
    assert all(personal_column(c) for c in ("name", "Name", "customer name", "Customer_Name", "姓名"))
    df = pd.DataFrame({"Window name": ["城东营业厅 客户=张三"]})
    assert mask_frame(df)["Window name"].tolist() == ["城东营业厅 客户=某某"]
    print_table(pd.DataFrame({"window_id": ["PW01"], "window_name": ["城东营业厅"], "联系人": ["张三"]}), labels={})
    out = capsys.readouterr().out
    assert "城东营业厅" in out and "张三" not in out and MASKED in out
