"""reading43: leading zeros a spreadsheet dropped (a window code 0101 saved as 101, Excel taking the column for
numbers) cannot be seen in one file, and were read in silence: the complaints of window 101 matched none of the work
orders of window 0101, nor the workspace's window.  ``records check`` now compares each id column across the kinds of
a workspace (and the windows of windoweval.toml) and says which ids appear with and without leading zeros, both
forms, and the fix (export the column as text); a person's ids are counted, never listed."""
from __future__ import annotations

from windoweval.cli import main
from windoweval.records.check import leading_zero_pairs

TOML = ('name = "x"\nmapping_file = "mapping.yaml"\n'
        '[[windows]]\nid = "0101"\nname = "城东营业厅"\nkind = "power_hall"\n'
        '[[windows]]\nid = "0102"\nname = "城西营业厅"\nkind = "power_hall"\n')
MAPPING = """complaints:
  columns: {工单编号: case_id, 受理渠道: channel, 诉求类型: kind, 窗口编号: window_id, 受理时间: received_at}
work_orders:
  columns: {工单号: order_id, 窗口: window_id, 业务类型: order_type, 受理时间: received_at, 完成时间: completed_at,
            户号: customer_id}
"""


def _ws(tmp_path, complaint_windows):
    (tmp_path / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "complaints.csv").write_text(
        "工单编号,受理渠道,诉求类型,窗口编号,受理时间\n" + "".join(
            f"TS{i},95598,complaint,{w},2025-03-0{i + 1} 09:00\n" for i, w in enumerate(complaint_windows)),
        encoding="utf-8")
    (tmp_path / "work_orders.csv").write_text(
        "工单号,窗口,业务类型,受理时间,完成时间,户号\n"
        "GD1,0101,fault_repair,2025-03-05 09:00,2025-03-05 10:00,0033\n"
        "GD2,0102,fault_repair,2025-03-05 09:00,2025-03-05 10:00,0034\n", encoding="utf-8")


def test_records_check_names_an_id_with_and_without_its_leading_zeros(tmp_path, capsys):
    _ws(tmp_path, ["101", "0102", "101"])
    main(["records", "check", "--data", str(tmp_path)])
    out = capsys.readouterr().out
    assert "the same id with leading zeros in one kind of records and without them in another" in out   # before: none
    assert "window_id: 0101 (windoweval.toml, work_orders) / 101 (complaints)" in out
    assert "0102 (" not in out                                           # written alike everywhere
    assert "export the id column as text" in out


def test_the_same_forms_everywhere_say_nothing(tmp_path, capsys):
    _ws(tmp_path, ["0101", "0102"])
    main(["records", "check", "--data", str(tmp_path)])
    assert "leading zeros" not in capsys.readouterr().out


def test_a_persons_id_is_counted_not_listed():
    got = leading_zero_pairs({("work_orders", "customer_id"): ["0033"], ("outages", "customer_id"): ["33"]})
    assert got[["padded", "bare"]].values.tolist() == [["0033", "33"]]
    from windoweval.records.check import _leading_zero_lines
    text = "\n".join(_leading_zero_lines({("work_orders", "customer_id"): ["0033"],
                                          ("outages", "customer_id"): ["33"]}))
    assert "customer_id: 1 个 / ids" in text and "0033" not in text


def test_many_ids_in_one_pass():
    import numpy as np
    a = np.char.zfill(np.arange(1, 20001).astype(str), 6)
    b = np.arange(1, 20001).astype(str)
    got = leading_zero_pairs({("work_orders", "order_id"): a, ("complaints", "order_id"): b})
    assert len(got) == 20000 and got.iloc[0].tolist() == ["order_id", "000001", "1", "work_orders", "complaints"]
