"""The messages of ``records check`` as a careless clerk's export makes them (twenty-fifth audit).

Failing on the code before: ``records check`` masked its refusals only; every other line printed the data's own
words as written:

* the example of an id read half-width echoed a phone number written as an order id
  (``１３８ １２３４ ５６７８ → 138 1234 5678``); the example is now the first id no masking rule could touch, or none;
* an unknown window id holding a phone number (``张三13712345678``) was listed as written, and so were the names
  of files; every line of ``records check`` is now masked as every other output.
"""
from __future__ import annotations

import io

from _workspace import write_workspace
from windoweval.records.check import check_records

HEAD = "工单号,窗口编号,工单类型,受理时间,到达时间\n"


def _check(tmp_path, rows: str, name: str = "work_orders.csv") -> str:
    d = write_workspace(tmp_path / "ws")
    (d / name).write_text(HEAD + rows, encoding="utf-8")
    out = io.StringIO()
    check_records(d, out=out)
    return out.getvalue()


def test_a_phone_number_written_full_width_as_an_id_is_not_the_example(tmp_path):
    text = _check(tmp_path, "１３８ １２３４ ５６７８,PW01,fault_repair,2025-06-01 18:00,2025-06-01 19:20\n"
                            "ＷＯ００２,PW01,fault_repair,2025-06-02 18:00,2025-06-02 18:20\n")
    assert "全角编号" in text and "2 格 / cells" in text
    assert "ＷＯ００２ → WO002" in text                      # an id no rule touches is the example
    assert "5678" not in text and "５６７８" not in text


def test_only_a_phone_number_full_width_gives_no_example(tmp_path):
    text = _check(tmp_path, "１３８ １２３４ ５６７８,PW01,fault_repair,2025-06-01 18:00,2025-06-01 19:20\n")
    assert "全角编号" in text and "1 格 / cells" in text and "5678" not in text and "５６７８" not in text


def test_an_unknown_window_id_holding_a_phone_number_is_masked(tmp_path):
    text = _check(tmp_path, "WO1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 19:20\n"
                            "WO2,13712345678,fault_repair,2025-06-02 18:00,2025-06-02 18:20\n")
    assert "工作区中没有的窗口编号" in text and "[手机号]: 1 条 / records" in text and "13712345678" not in text


def test_a_file_name_holding_a_phone_number_is_masked(tmp_path):
    d = write_workspace(tmp_path / "ws", mapping_file="mapping.yaml")
    (d / "mapping.yaml").write_text("work_orders:\n  file: 工单*.csv\n", encoding="utf-8")
    (d / "工单_13712345678.csv").write_text(HEAD + "WO1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 19:20\n",
                                          encoding="utf-8")
    out = io.StringIO()
    check_records(d, out=out)
    text = out.getvalue()
    assert "✓ work_orders: 1 行" in text and "工单_[手机号].csv" in text and "13712345678" not in text
