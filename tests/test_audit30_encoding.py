"""A CSV that mapping.yaml declares GB18030 but that is valid UTF-8 throughout (an export system changed) was decoded
as GB18030 into mojibake without a word (客户 as 瀹㈡埛): refused naming the file, the row and the fix (audit30)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _corpus import WO_HEAD, wo_rows, wo_workspace  # noqa: E402
from _workspace import run_cli  # noqa: E402

from windoweval.records.io import ExportError, decode  # noqa: E402


def _csv(rows) -> str:
    return "\n".join(",".join(r) for r in [WO_HEAD] + rows) + "\n"


@pytest.mark.parametrize("enc", ["gb18030", "gbk", "GB2312"])
def test_declared_gb18030_but_utf8_throughout_is_refused(enc):
    b = _csv(wo_rows("WO", 3, "03-05")).encode()
    with pytest.raises(ExportError) as e:
        decode(b, "work_orders.csv", enc)
    msg = str(e.value)
    assert e.value.row == 1 and "work_orders.csv" in msg
    assert "整个文件都是有效的 UTF-8" in msg and "encoding 改为 utf-8" in msg
    assert "whole file is valid UTF-8" in msg and "encoding: utf-8" in msg


@pytest.mark.parametrize("text", ["工单号,窗口\nWO1,城东营业厅\n", "票号,窗口\nA1,PW01\n", "女士,窗口\nA1,营业厅\n"])
def test_a_gbk_file_declared_gb18030_is_still_read(text):
    """GBK that is valid UTF-8 by chance (票号, 女士: 2-byte characters only) is no evidence."""
    assert decode(text.encode("gbk"), "x.csv", "gb18030") == text


def test_an_ascii_file_declared_gb18030_is_read():
    assert decode(b"order_id,window_id\nA1,PW01\n", "x.csv", "gb18030") == "order_id,window_id\nA1,PW01\n"


def test_records_check_exits_3_naming_file_row_and_fix(tmp_path):
    wo_workspace(tmp_path, "  encoding: gb18030\n")
    (tmp_path / "work_orders.csv").write_text(_csv(wo_rows("WO", 3, "03-05")), encoding="utf-8")
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 3, out
    assert "work_orders.csv" in out and "UTF-8" in out and "encoding: utf-8" in out and "Traceback" not in out
    (tmp_path / "work_orders.csv").write_text(_csv(wo_rows("WO", 3, "03-05")), encoding="gb18030")
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
