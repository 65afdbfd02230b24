"""records24 #6: column names as organisations' exports write them: a trailing space, a line break typed in the cell
(Alt+Enter), full-width parentheses or an ideographic space.

Pinned as they are: each is matched to the mapping's and the contract's name as the same name; two columns that are
then the same name are refused naming both columns (exit 3).  Fixed here (failing before): the Chinese half of that
refusal wrote the header's line break as it is, breaking the message's line in two (``列 E “完成`` / ``时间”``) and an
ideographic space unseen; the header is now shown escaped in both halves (``完成\\n时间``, ``完成时间\\u3000``).
"""
import pytest

from windoweval.cli import main
from windoweval.errors import InputError
from windoweval.records.files import load

from _corpus import WO_HEAD, rows_workbook, wo_rows, wo_workspace


def test_spaces_line_breaks_and_full_width_parentheses_match_the_mapping(tmp_path):
    wo_workspace(tmp_path)
    m = tmp_path / "mapping.yaml"
    m.write_text(m.read_text(encoding="utf-8").replace("受理时间: received_at", "受理时间(系统): received_at"),
                 encoding="utf-8")
    head = ["工单号 ", "窗口\n", "业务\r\n类型", "受理时间（系统）", "\u3000完成时间"]
    rows_workbook(tmp_path / "work_orders.xlsx", {"s": [head] + wo_rows("GD", 2, "03-05")})
    got = load("work_orders", tmp_path).frame
    assert got["order_id"].tolist() == ["GD1", "GD2"] and got["window_id"].tolist() == ["PW01", "PW01"]
    assert got["order_type"].tolist() == ["fault_repair"] * 2
    assert got["received_at"].notna().all() and got["completed_at"].notna().all()


@pytest.mark.parametrize("a,b,shown_a,shown_b", [
    ("完成\r\n时间", "完成时间", "完成\\n时间", "完成时间"),   # XML keeps \n of \r\n
    ("完成时间", "完成时间\u3000", "完成时间", "完成时间\\u3000"),
    ("受理时间（系统）", "受理时间(系统)", "受理时间（系统）", "受理时间(系统)"),
])
def test_names_the_same_once_cleaned_are_refused_naming_both_columns(tmp_path, capsys, a, b, shown_a, shown_b):
    wo_workspace(tmp_path)
    rows = [r + [r[-1]] for r in wo_rows("GD", 1, "03-05")]
    rows_workbook(tmp_path / "work_orders.xlsx", {"s": [WO_HEAD[:4] + [a, b]] + rows})
    with pytest.raises(InputError) as e:
        load("work_orders", tmp_path)
    text = str(e.value)
    assert "\n" not in text   # one line, 中文 / English (readings47): a header's line break is shown, not written
    zh, en = text.split("。 / ", 1)
    assert f"列 E “{shown_a}” 与列 F “{shown_b}”" in zh and "column E" in en and "column F" in en
    assert main(["records", "check", "--data", str(tmp_path)]) == 3
    assert "Traceback" not in "".join(capsys.readouterr())
