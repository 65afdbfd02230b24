"""rev23d: a card-shaped order id after 工单号码 / 订单号码 / 单据号 in a card sentence was masked as a card; read_tables
on a dangling link raised FileNotFoundError instead of the library's ExportError."""
from __future__ import annotations

import pytest

from windoweval.privacy import mask_message
from windoweval.records.io import ExportError, read_tables


@pytest.mark.parametrize("text", ["退款至银行卡，工单号码：4111111111111111", "银行卡问题，订单号码4111111111111111",
                                  "退款到银行卡，单据号4111111111111111"])
def test_order_id_after_its_label_kept(text):
    assert mask_message(text) == text


def test_card_still_masked():
    assert "4111111111111111" not in mask_message("银行卡号（尾号见下），请核对：4111111111111111")


def test_dangling_link_is_export_error(tmp_path):
    (tmp_path / "a.parquet").symlink_to(tmp_path / "gone.parquet")
    with pytest.raises(ExportError) as e:
        read_tables(tmp_path / "a.parquet")
    assert e.value.exit_code == 3 and "找不到文件" in str(e.value)
